//! The rules of the `case` record.

use chrono::{Datelike, NaiveDate};

use super::common::{P, free_text, in_order, not_future, record_times};
use super::{Report, RuleCode, ValidationOptions};
use crate::case::{Case, Consent, Subject};
use crate::types::PartialDate;
use crate::vocab::{ConsentStatus, ExploitationType, MajorityStatus};

pub(super) fn check(c: &Case, o: &ValidationOptions, r: &mut Report) {
    record_times(c.created_at, c.updated_at, o, r);
    let birth = c.subject.birth_date;
    let identified = c.identification.as_ref().and_then(|i| i.date);
    not_future(birth, P::new("/subject/birth_date"), "birth_date", o, r);
    not_future(
        identified,
        P::new("/identification/date"),
        "identification date",
        o,
        r,
    );
    in_order(
        birth,
        identified,
        P::new("/identification/date"),
        "identification date is before the birth date",
        r,
    );
    check_age(&c.subject, identified, o, r);

    if let Some(t) = &c.trafficking {
        not_future(
            t.status_decided_on,
            P::new("/trafficking/status_decided_on"),
            "status_decided_on",
            o,
            r,
        );
        in_order(
            birth,
            t.status_decided_on,
            P::new("/trafficking/status_decided_on"),
            "status_decided_on is before the birth date",
            r,
        );
        for (i, e) in t.events.iter().enumerate() {
            let p = P::at("/trafficking/events", i, "");
            not_future(e.start, p.field("/start"), "event start", o, r);
            not_future(e.end, p.field("/end"), "event end", o, r);
            in_order(
                e.start,
                e.end,
                p.field("/end"),
                "event end is before its start",
                r,
            );
            in_order(
                birth,
                e.start.or(e.end),
                p.field("/start"),
                "event is before the birth date",
                r,
            );
        }
        let has = |x: ExploitationType| t.exploitation_types.contains(&x);
        if !t.sexual_exploitation_types.is_empty() && !has(ExploitationType::SexualExploitation) {
            r.push(
                RuleCode::TraffickingInconsistent,
                P::new("/trafficking/sexual_exploitation_types"),
                "sexual_exploitation_types are given but exploitation_types does not include sexual_exploitation",
            );
        }
        let labour = [
            ExploitationType::ForcedLabour,
            ExploitationType::ChildLabour,
            ExploitationType::Servitude,
            ExploitationType::ForcedBegging,
            ExploitationType::ForcedCriminality,
        ];
        if !t.labour_industries.is_empty() && !labour.into_iter().any(has) {
            r.push(
                RuleCode::TraffickingInconsistent,
                P::new("/trafficking/labour_industries"),
                "labour_industries are given but exploitation_types includes no form of forced or child labour",
            );
        }
    }

    if let Some(m) = &c.case_management {
        not_future(
            m.opened_on,
            P::new("/case_management/opened_on"),
            "opened_on",
            o,
            r,
        );
        not_future(
            m.closed_on,
            P::new("/case_management/closed_on"),
            "closed_on",
            o,
            r,
        );
        in_order(
            m.opened_on,
            m.closed_on,
            P::new("/case_management/closed_on"),
            "closed_on is before opened_on",
            r,
        );
        in_order(
            identified,
            m.closed_on,
            P::new("/case_management/closed_on"),
            "closed_on is before the identification date",
            r,
        );
        in_order(
            birth,
            m.opened_on,
            P::new("/case_management/opened_on"),
            "opened_on is before the birth date",
            r,
        );
        if m.status.is_closed() {
            if m.closed_on.is_none() || m.closure_reason.is_none() {
                r.push(
                    RuleCode::CaseClosureInconsistent,
                    P::new("/case_management"),
                    "a closed case should give closed_on and closure_reason",
                );
            }
        } else if m.closed_on.is_some() || m.closure_reason.is_some() {
            r.push(
                RuleCode::CaseClosureInconsistent,
                P::new("/case_management/status"),
                "closed_on or closure_reason is given but the status is not closed",
            );
        }
    }

    for (i, a) in c.assistance.iter().enumerate() {
        let p = P::at("/assistance", i, "");
        not_future(a.start, p.field("/start"), "assistance start", o, r);
        not_future(a.end, p.field("/end"), "assistance end", o, r);
        in_order(
            a.start,
            a.end,
            p.field("/end"),
            "assistance end is before its start",
            r,
        );
        in_order(
            birth,
            a.start,
            p.field("/start"),
            "assistance start is before the birth date",
            r,
        );
        free_text(a.note.as_deref(), p.field("/note"), "note", r);
    }

    for (i, consent) in c.consents.iter().enumerate() {
        check_consent(consent, P::at("/consents", i, ""), o, r);
    }
    super::proceedings::check(c, o, r);
    super::support::check(c, o, r);
}

/// Rules of a consent on its own (also used by the referral rules).
pub(super) fn check_consent(c: &Consent, p: P, o: &ValidationOptions, r: &mut Report) {
    not_future(
        Some(c.decided_on),
        p.field("/decided_on"),
        "decided_on",
        o,
        r,
    );
    not_future(
        c.withdrawn_on,
        p.field("/withdrawn_on"),
        "withdrawn_on",
        o,
        r,
    );
    in_order(
        Some(c.decided_on),
        c.withdrawn_on,
        p.field("/withdrawn_on"),
        "withdrawn_on is before decided_on",
        r,
    );
    in_order(
        Some(c.decided_on),
        c.expires_on,
        p.field("/expires_on"),
        "expires_on is before decided_on",
        r,
    );
    match (c.status, c.withdrawn_on) {
        (ConsentStatus::Withdrawn, None) => r.push(
            RuleCode::ConsentInconsistent,
            p.field("/withdrawn_on"),
            "a withdrawn consent must give withdrawn_on",
        ),
        (ConsentStatus::Granted | ConsentStatus::Refused, Some(_)) => r.push(
            RuleCode::ConsentInconsistent,
            p.field("/withdrawn_on"),
            "withdrawn_on is given but the status is not withdrawn",
        ),
        _ => {}
    }
}

/// Completed years from `birth` to `on` (negative when `on` is before `birth`).
fn years_between(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// The ages a person born within `birth` can have had at some day of `on` (inclusive).
pub(crate) fn possible_ages(
    birth: PartialDate,
    on_earliest: NaiveDate,
    on_latest: NaiveDate,
) -> (i32, i32) {
    (
        years_between(birth.latest(), on_earliest).max(0),
        years_between(birth.earliest(), on_latest).max(0),
    )
}

fn check_age(s: &Subject, identified: Option<PartialDate>, o: &ValidationOptions, r: &mut Report) {
    // The range of ages at identification that the birth date allows.
    let from_birth = s.birth_date.map(|b| match identified {
        Some(i) => possible_ages(b, i.earliest(), i.latest()),
        // Identification happened between birth and the reference date.
        None => (0, years_between(b.earliest(), o.reference_date()).max(0)),
    });
    let age = s.age_at_identification.map(|a| i32::from(a.years()));

    if let (Some(age), Some((lo, hi))) = (age, from_birth)
        && !(lo..=hi).contains(&age)
    {
        r.push(
            RuleCode::AgeInconsistent,
            P::new("/subject/age_at_identification"),
            "age_at_identification does not agree with birth_date and the identification date",
        );
    }
    if let Some(band) = s.age_band {
        let (blo, bhi) = band.bounds();
        let (blo, bhi) = (i32::from(blo), bhi.map_or(i32::MAX, i32::from));
        if let Some(age) = age
            && !(blo..=bhi).contains(&age)
        {
            r.push(
                RuleCode::AgeInconsistent,
                P::new("/subject/age_band"),
                "age_band does not contain age_at_identification",
            );
        } else if let Some((lo, hi)) = from_birth
            && (hi < blo || lo > bhi)
        {
            r.push(
                RuleCode::AgeInconsistent,
                P::new("/subject/age_band"),
                "age_band does not agree with birth_date and the identification date",
            );
        }
        if let Some(m) = s.majority
            && band.majority() != m
        {
            r.push(
                RuleCode::AgeInconsistent,
                P::new("/subject/majority"),
                "majority does not agree with age_band",
            );
        }
    }
    if let Some(m) = s.majority {
        let adult_range = match m {
            MajorityStatus::Minor => (0, 17),
            MajorityStatus::Adult => (18, i32::MAX),
        };
        if let Some(age) = age
            && !(adult_range.0..=adult_range.1).contains(&age)
        {
            r.push(
                RuleCode::AgeInconsistent,
                P::new("/subject/majority"),
                "majority does not agree with age_at_identification",
            );
        } else if let Some((lo, hi)) = from_birth
            && (hi < adult_range.0 || lo > adult_range.1)
        {
            r.push(
                RuleCode::AgeInconsistent,
                P::new("/subject/majority"),
                "majority does not agree with birth_date and the identification date",
            );
        }
        if m == MajorityStatus::Minor && s.majority_at_exploitation == Some(MajorityStatus::Adult) {
            r.push(
                RuleCode::AgeInconsistent,
                P::new("/subject/majority_at_exploitation"),
                "an adult at exploitation cannot be a minor at identification",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap().earliest();
        assert_eq!(years_between(d("2000-03-01"), d("2018-02-28")), 17);
        assert_eq!(years_between(d("2000-03-01"), d("2018-03-01")), 18);
        assert_eq!(years_between(d("2000-02-29"), d("2001-02-28")), 0);
        let born: PartialDate = "2000".parse().unwrap();
        let on: PartialDate = "2018-06".parse().unwrap();
        assert_eq!(possible_ages(born, on.earliest(), on.latest()), (17, 18));
    }
}
