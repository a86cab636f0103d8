//! The rules of a case's criminal-justice proceedings (version 1.1).
//!
//! Every rule here costs time linear in the number of events (n log n at worst): events are
//! grouped by defendant in a map, never compared pairwise.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::common::{P, not_future};
use super::{Report, RuleCode, ValidationOptions};
use crate::case::{Case, CriminalJustice, ProceedingEvent};
use crate::types::DefendantRef;
use crate::vocab::{InvestigationStatus, ProceedingEventKind, ProsecutionStatus};

/// What the proceedings show about one defendant (or the case's unnamed defendant).
#[derive(Default)]
struct Defendant {
    /// The earliest possible day of the first charge.
    first_charge: Option<NaiveDate>,
    /// The earliest possible day of the first conviction.
    first_conviction: Option<NaiveDate>,
    prosecuted: bool,
    convicted: bool,
}

fn earliest(slot: &mut Option<NaiveDate>, day: NaiveDate) {
    *slot = Some(slot.map_or(day, |d| d.min(day)));
}

pub(super) fn check(c: &Case, o: &ValidationOptions, r: &mut Report) {
    check_perpetrators(c, r);
    let Some(cj) = &c.criminal_justice else {
        return;
    };
    let events = &cj.proceedings;
    let base = "/criminal_justice/proceedings";
    for (i, e) in events.iter().enumerate() {
        let p = P::at(base, i, "");
        not_future(Some(e.date), p.field("/date"), "event date", o, r);
        if i > 0 && e.date.is_surely_before(events[i - 1].date) {
            r.push(
                RuleCode::ProceedingsEventOrder,
                p.field("/date"),
                "the event is dated before the event listed before it; list the proceedings in date order",
            );
        }
        for (j, charge) in e.charges.iter().enumerate() {
            let Some(s) = &charge.statute else { continue };
            for (field, text) in [
                ("act", Some(s.act.as_str())),
                ("section", s.section.as_deref()),
            ] {
                if text.is_some_and(crate::pseudonym::contains_direct_identifiers) {
                    r.push(
                        RuleCode::FreeTextContactDetails,
                        format!("{base}/{i}/charges/{j}/statute/{field}"),
                        "the statute seems to contain an email address, a phone number or a document number; it must name the law only",
                    );
                }
            }
        }
    }

    // Group by defendant: one pass to collect, one to check.
    let mut by: HashMap<Option<&DefendantRef>, Defendant> = HashMap::new();
    for e in events {
        let d = by.entry(e.defendant.as_ref()).or_default();
        if e.kind.lays_charges() {
            earliest(&mut d.first_charge, e.date.earliest());
        }
        if e.kind.is_prosecution() {
            d.prosecuted = true;
        }
        if e.convicts() {
            earliest(&mut d.first_conviction, e.date.earliest());
            d.convicted = true;
        }
    }
    // Charges laid without a defendant reference are taken to be against every defendant.
    let (unnamed_charge, unnamed_conviction) = by
        .get(&None)
        .map_or((None, None), |d| (d.first_charge, d.first_conviction));
    let before = |first: Option<NaiveDate>, unnamed: Option<NaiveDate>, e: &ProceedingEvent| {
        [first, unnamed]
            .into_iter()
            .flatten()
            .any(|day| day <= e.date.latest())
    };
    for (i, e) in events.iter().enumerate() {
        let d = &by[&e.defendant.as_ref()];
        match e.kind {
            ProceedingEventKind::Verdict if !before(d.first_charge, unnamed_charge, e) => r.push(
                RuleCode::ProceedingsVerdictWithoutCharge,
                P::at(base, i, "/kind"),
                "a verdict for a defendant with no charge_laid or indictment event for that defendant on or before its date",
            ),
            ProceedingEventKind::Sentence
                if !before(d.first_conviction, unnamed_conviction, e) =>
            {
                r.push(
                    RuleCode::ProceedingsSentenceWithoutConviction,
                    P::at(base, i, "/kind"),
                    "a sentence for a defendant with no verdict convicting that defendant on or before its date",
                )
            }
            _ => {}
        }
        if !e.sentence.is_empty() && e.kind != ProceedingEventKind::Sentence {
            r.push(
                RuleCode::ProceedingsSentenceWithoutConviction,
                P::at(base, i, "/sentence"),
                "a sentence is given on an event that is not of kind sentence",
            );
        }
    }
    if !events.is_empty() {
        check_summary(cj, &by, r);
    }
}

/// `proceedings.summary_mismatch`: the 1.0 summary fields agree with the proceedings. The
/// proceedings may be partial, so a person count is only too small, never too large.
fn check_summary(
    cj: &CriminalJustice,
    by: &HashMap<Option<&DefendantRef>, Defendant>,
    r: &mut Report,
) {
    let named = || by.iter().filter(|(k, _)| k.is_some()).map(|(_, d)| d);
    let investigated = named().count();
    let prosecuted = named().filter(|d| d.prosecuted).count();
    let convicted = named().filter(|d| d.convicted).count();
    let any_prosecuted = by.values().any(|d| d.prosecuted);
    let any_charge = by.values().any(|d| d.first_charge.is_some());
    let any_conviction = by.values().any(|d| d.convicted);
    let any_verdict = cj
        .proceedings
        .iter()
        .any(|e| e.kind == ProceedingEventKind::Verdict);
    let counts = [
        (
            cj.persons_investigated,
            investigated,
            "/criminal_justice/persons_investigated",
            "persons_investigated is smaller than the number of distinct defendants in the proceedings",
        ),
        (
            cj.persons_prosecuted,
            prosecuted,
            "/criminal_justice/persons_prosecuted",
            "persons_prosecuted is smaller than the number of distinct defendants the proceedings show prosecuted",
        ),
        (
            cj.persons_convicted,
            convicted,
            "/criminal_justice/persons_convicted",
            "persons_convicted is smaller than the number of distinct defendants the proceedings show convicted",
        ),
    ];
    for (given, shown, pointer, message) in counts {
        if let Some(n) = given
            && (n as usize) < shown
        {
            r.push(RuleCode::ProceedingsSummaryMismatch, pointer, message);
        }
    }
    let p = "/criminal_justice/prosecution";
    match cj.prosecution {
        Some(s) if any_conviction && s != ProsecutionStatus::Convicted => r.push(
            RuleCode::ProceedingsSummaryMismatch,
            p,
            "the proceedings record a conviction but prosecution is not convicted",
        ),
        Some(ProsecutionStatus::NotStarted) if any_prosecuted => r.push(
            RuleCode::ProceedingsSummaryMismatch,
            p,
            "prosecution is not_started but the proceedings record charges or court events",
        ),
        Some(ProsecutionStatus::Convicted) if any_verdict && !any_conviction => r.push(
            RuleCode::ProceedingsSummaryMismatch,
            p,
            "prosecution is convicted but no verdict of the proceedings convicts on a charge",
        ),
        _ => {}
    }
    let p = "/criminal_justice/investigation";
    match cj.investigation {
        Some(InvestigationStatus::NotOpened) => r.push(
            RuleCode::ProceedingsSummaryMismatch,
            p,
            "investigation is not_opened but the case has proceedings",
        ),
        Some(InvestigationStatus::ClosedWithoutCharges) if any_charge => r.push(
            RuleCode::ProceedingsSummaryMismatch,
            p,
            "investigation is closed_without_charges but the proceedings record charges",
        ),
        _ => {}
    }
}

/// `proceedings.defendant_repeated`: a defendant reference names one perpetrator.
fn check_perpetrators(c: &Case, r: &mut Report) {
    let mut seen: HashSet<&DefendantRef> = HashSet::new();
    for (i, p) in c.perpetrators.iter().enumerate() {
        if let Some(d) = &p.defendant
            && !seen.insert(d)
        {
            r.push(
                RuleCode::ProceedingsDefendantRepeated,
                P::at("/perpetrators", i, "/defendant"),
                "two perpetrators have the same defendant reference; a reference names one person",
            );
        }
    }
}
