//! Tabulation of the criminal-justice proceedings and timely support of cases (version 1.1):
//! persons in the criminal-justice system counted as **distinct defendants**, offences, and
//! the time from identification to the first service.
//!
//! # Distinct defendants
//!
//! A defendant is known by its reference ([`DefendantRef`]) in the proceedings: a `ps1`
//! pseudonym stands for the same person in every case it appears in, so a person prosecuted
//! for the exploitation of two victims (two cases) is counted once; a case-local label (`D1`)
//! is a person of its case only. The events of a case that name no defendant (other than
//! `investigation_opened` and `case_closed`) are about one unnamed defendant of that case.
//!
//! | kind | a defendant is counted when one of their events is |
//! |---|---|
//! | `persons_investigated` | any event naming them |
//! | `persons_in_formal_contact` | any event but `investigation_opened` and `case_closed` (suspected, arrested, charged, in court: UN-CTS "brought into formal contact") |
//! | `persons_prosecuted` | a charge, the file to the prosecutor, a prosecution decision, a court stage, a verdict, a sentence or an appeal ([`ProceedingEventKind::is_prosecution`]) |
//! | `persons_convicted` | a `verdict` or `appeal_decided` with a charge `convicted` |
//! | `persons_sentenced` | a `sentence` |
//! | `offences_recorded` | (offences, not persons) each charge of a defendant's first `charge_laid` event (else their first `indictment`) counts its `offences` (1 when not given) |
//!
//! The first such event (earliest date) places the defendant in the period (and the `year`
//! dimension); the case it is in places them in the geography, by the case's country of
//! identification. A defendant whose cases all refused statistics consent is left out.
//! Their sex, adult/juvenile status and citizenship come from the perpetrator of the case
//! that carries their reference (`perpetrators[].defendant`), the first known value in the
//! order of the cases; the unnamed defendant's are unknown.
//!
//! The dimensions are those of UN-CTS: `sex`, `age_status`, `citizenship` and `year`; and
//! `iccs` for offences. [`Tabulation::counted`] is the number of defendants (or offences)
//! counted, and [`Tabulation::excluded`] counts defendants (or offences) left out, by
//! reason; [`Tabulation::linked_cases`] counts the cases that share a `ps1` defendant with
//! another counted case (such a person is counted once).

use std::collections::HashMap;

use super::DisclosureError;
use super::table::{Table, TableDimension, UNKNOWN};
use super::tabulate::{Exclusions, Tabulation, TabulationSpec};
use crate::case::{Case, ProceedingEvent};
use crate::types::{Country, DefendantRef, PartialDate};
use crate::vocab::{
    AgeStatus, AssistanceStatus, ConsentPurpose, ConsentStatus, Dimension, IccsCode, IndicatorKind,
    ProceedingEventKind, ServiceDelayBand, Sex, Vocabulary,
};

/// True for the indicators this module tabulates.
pub(super) fn handles(kind: IndicatorKind) -> bool {
    matches!(
        kind,
        IndicatorKind::PersonsInvestigated
            | IndicatorKind::PersonsInFormalContact
            | IndicatorKind::PersonsProsecuted
            | IndicatorKind::PersonsConvicted
            | IndicatorKind::PersonsSentenced
            | IndicatorKind::OffencesRecorded
    )
}

/// Who a defendant is, across cases.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    /// A ps1 pseudonym: the same person in every case.
    Person(&'a str),
    /// A case-local label, or `None` for the case's unnamed defendant.
    Local(usize, Option<&'a str>),
}

fn key<'a>(case: usize, d: Option<&'a DefendantRef>) -> Key<'a> {
    match d {
        Some(d) if !d.is_case_local() => Key::Person(d.as_str()),
        Some(d) => Key::Local(case, Some(d.as_str())),
        None => Key::Local(case, None),
    }
}

fn qualifies(kind: IndicatorKind, e: &ProceedingEvent) -> bool {
    match kind {
        IndicatorKind::PersonsInvestigated => true,
        IndicatorKind::PersonsInFormalContact => !matches!(
            e.kind,
            ProceedingEventKind::InvestigationOpened | ProceedingEventKind::CaseClosed
        ),
        IndicatorKind::PersonsProsecuted => e.kind.is_prosecution(),
        IndicatorKind::PersonsConvicted => e.convicts(),
        IndicatorKind::PersonsSentenced => e.kind == ProceedingEventKind::Sentence,
        _ => false,
    }
}

/// An event about a defendant (the unnamed one included)?
fn about_a_defendant(e: &ProceedingEvent) -> bool {
    e.defendant.is_some()
        || !matches!(
            e.kind,
            ProceedingEventKind::InvestigationOpened | ProceedingEventKind::CaseClosed
        )
}

fn refused_statistics(case: &Case) -> bool {
    case.consents.iter().any(|c| {
        c.purpose == ConsentPurpose::Statistics
            && matches!(c.status, ConsentStatus::Refused | ConsentStatus::Withdrawn)
    })
}

/// What is known of one defendant.
#[derive(Default)]
struct Defendant {
    /// The first qualifying event: (earliest day, its date, the case index).
    first: Option<(chrono::NaiveDate, PartialDate, usize)>,
    /// Only in cases that refused statistics consent.
    only_refused: bool,
    sex: Option<Sex>,
    age_status: Option<AgeStatus>,
    citizenship: Option<Country>,
    cases: Vec<usize>,
}

/// Why a defendant or an offence is left out, if it is.
enum Place {
    In,
    Out(fn(&mut Exclusions)),
}

fn place(spec: &TabulationSpec, date: PartialDate, case: &Case) -> Place {
    let (p_start, p_end) = (spec.period.start.earliest(), spec.period.end.latest());
    if date.latest() < p_start || date.earliest() > p_end {
        return Place::Out(|x| x.outside_period += 1);
    }
    if date.earliest() < p_start || date.latest() > p_end {
        return Place::Out(|x| x.date_straddles_period += 1);
    }
    match case
        .identification
        .as_ref()
        .and_then(|i| i.country)
        .and_then(Country::code)
    {
        None => Place::Out(|x| x.country_unknown += 1),
        Some(c) if !spec.countries.contains(&c) => Place::Out(|x| x.outside_geography += 1),
        Some(_) => Place::In,
    }
}

fn codes<V: Vocabulary>() -> Vec<String> {
    V::ALL.iter().map(|v| v.code().to_owned()).collect()
}

fn check_dimensions(spec: &TabulationSpec) -> Result<(), DisclosureError> {
    if spec.dimensions.is_empty() {
        return Err(DisclosureError::InvalidTable(
            "a tabulation needs at least one dimension".into(),
        ));
    }
    if spec.period.start.earliest() > spec.period.end.latest() {
        return Err(DisclosureError::InvalidTable(
            "the period ends before it starts".into(),
        ));
    }
    for d in &spec.dimensions {
        let ok = match d {
            Dimension::Sex | Dimension::AgeStatus | Dimension::Citizenship | Dimension::Year => {
                true
            }
            Dimension::Iccs => spec.kind == IndicatorKind::OffencesRecorded,
            _ => false,
        };
        if !ok {
            return Err(DisclosureError::InvalidTable(format!(
                "dimension {} is not available for indicator {} (use sex, age_status, citizenship, year{})",
                d.as_str(),
                spec.kind.as_str(),
                if spec.kind == IndicatorKind::OffencesRecorded {
                    ", iccs"
                } else {
                    ""
                }
            )));
        }
    }
    Ok(())
}

/// Tabulates the defendants (or offences) of `cases`: see the module documentation.
pub(super) fn tabulate(
    cases: &[&Case],
    spec: &TabulationSpec,
) -> Result<Tabulation, DisclosureError> {
    check_dimensions(spec)?;
    // Every defendant, with their first qualifying event and their attributes.
    let mut defendants: HashMap<Key<'_>, Defendant> = HashMap::new();
    let mut order: Vec<Key<'_>> = Vec::new();
    for (ci, case) in cases.iter().enumerate() {
        let refused = spec.respect_statistics_consent && refused_statistics(case);
        let Some(cj) = &case.criminal_justice else {
            continue;
        };
        for e in cj.proceedings.iter().filter(|e| about_a_defendant(e)) {
            let k = key(ci, e.defendant.as_ref());
            let d = defendants.entry(k).or_insert_with(|| {
                order.push(k);
                Defendant {
                    only_refused: true,
                    ..Defendant::default()
                }
            });
            if d.cases.last() != Some(&ci) {
                d.cases.push(ci);
            }
            if refused {
                continue;
            }
            d.only_refused = false;
            if qualifies(spec.kind, e) {
                let day = e.date.earliest();
                if d.first.is_none_or(|(first, ..)| day < first) {
                    d.first = Some((day, e.date, ci));
                }
            }
        }
        if refused {
            continue;
        }
        for p in &case.perpetrators {
            let Some(r) = &p.defendant else { continue };
            if let Some(d) = defendants.get_mut(&key(ci, Some(r))) {
                d.sex = d.sex.or(p.sex);
                d.age_status = d.age_status.or(p.age_status);
                d.citizenship = d.citizenship.or(p.citizenship);
            }
        }
    }
    if spec.kind == IndicatorKind::OffencesRecorded {
        return offences(cases, spec, &defendants);
    }

    let mut excluded = Exclusions::default();
    let mut counted: Vec<&Defendant> = Vec::new();
    for k in &order {
        let d = &defendants[k];
        if d.only_refused {
            excluded.no_statistics_consent += 1;
            continue;
        }
        let Some((_, date, ci)) = d.first else {
            excluded.not_counted_by_indicator += 1;
            continue;
        };
        match place(spec, date, cases[ci]) {
            Place::In => counted.push(d),
            Place::Out(reason) => reason(&mut excluded),
        }
    }

    let values = |d: &Defendant, dim: Dimension| -> String {
        match dim {
            Dimension::Sex => d.sex.map_or(UNKNOWN, Sex::as_str).to_owned(),
            Dimension::AgeStatus => d.age_status.map_or(UNKNOWN, AgeStatus::as_str).to_owned(),
            Dimension::Citizenship => d
                .citizenship
                .and_then(Country::code)
                .map_or(UNKNOWN, |c| c.as_str())
                .to_owned(),
            Dimension::Year => d.first.map_or(UNKNOWN.to_owned(), |(_, date, _)| {
                format!("{:04}", date.year_value())
            }),
            _ => UNKNOWN.to_owned(),
        }
    };
    let dims = table_dimensions(spec, |dim| counted.iter().map(|d| values(d, dim)).collect())?;
    let table = super::tabulate::fill(dims, &spec.dimensions, &counted, |dim, d| {
        vec![values(d, dim)]
    })?;
    // Cases sharing a counted ps1 defendant with another case.
    let mut linked = vec![false; cases.len()];
    for d in &counted {
        if d.cases.len() > 1 {
            d.cases.iter().for_each(|&c| linked[c] = true);
        }
    }
    Ok(Tabulation {
        table,
        dimensions: spec.dimensions.clone(),
        counted: counted.len(),
        excluded,
        linked_cases: linked.iter().filter(|&&l| l).count(),
    })
}

/// The additive dimensions of a defendant table: fixed code lists, or the values met
/// (countries, sorted), and `unknown`.
fn table_dimensions(
    spec: &TabulationSpec,
    met: impl Fn(Dimension) -> Vec<String>,
) -> Result<Vec<TableDimension>, DisclosureError> {
    let mut dims = Vec::with_capacity(spec.dimensions.len());
    for &d in &spec.dimensions {
        let mut cats = match d {
            Dimension::Sex => codes::<Sex>(),
            Dimension::AgeStatus => codes::<AgeStatus>(),
            Dimension::Iccs => codes::<IccsCode>(),
            Dimension::Year => (spec.period.start.year_value()..=spec.period.end.year_value())
                .map(|y| format!("{y:04}"))
                .collect(),
            _ => {
                let mut seen: Vec<String> = met(d).into_iter().filter(|v| v != UNKNOWN).collect();
                seen.sort();
                seen.dedup();
                seen
            }
        };
        cats.push(UNKNOWN.to_owned());
        dims.push(TableDimension::additive(d.as_str(), cats)?);
    }
    Ok(dims)
}

/// `offences_recorded`: the charges of each defendant's first charging event.
fn offences(
    cases: &[&Case],
    spec: &TabulationSpec,
    defendants: &HashMap<Key<'_>, Defendant>,
) -> Result<Tabulation, DisclosureError> {
    // One row per charge: its coordinates and its number of offences.
    let mut rows: Vec<(Vec<String>, u64)> = Vec::new();
    let mut excluded = Exclusions::default();
    for (ci, case) in cases.iter().enumerate() {
        let Some(cj) = &case.criminal_justice else {
            continue;
        };
        let refused = spec.respect_statistics_consent && refused_statistics(case);
        // The first charge_laid of each defendant of the case, else the first indictment.
        let mut first: HashMap<Key<'_>, &ProceedingEvent> = HashMap::new();
        for e in cj.proceedings.iter().filter(|e| e.kind.lays_charges()) {
            let k = key(ci, e.defendant.as_ref());
            let slot = first.entry(k).or_insert(e);
            let better = (e.kind == ProceedingEventKind::ChargeLaid
                && slot.kind != ProceedingEventKind::ChargeLaid)
                || (e.kind == slot.kind && e.date.earliest() < slot.date.earliest());
            if better {
                *slot = e;
            }
        }
        let mut events: Vec<(Key<'_>, &ProceedingEvent)> = first.into_iter().collect();
        events.sort_by_key(|(_, e)| e.date.earliest());
        for (k, e) in events {
            let n: u64 = e.charges.iter().map(|c| u64::from(c.offence_count())).sum();
            if refused {
                excluded.no_statistics_consent += n as usize;
                continue;
            }
            if let Place::Out(reason) = place(spec, e.date, case) {
                let mut x = Exclusions::default();
                reason(&mut x);
                add_scaled(&mut excluded, &x, n as usize);
                continue;
            }
            let d = defendants.get(&k);
            let year = format!("{:04}", e.date.year_value());
            for charge in &e.charges {
                let coords: Vec<String> = spec
                    .dimensions
                    .iter()
                    .map(|&dim| match dim {
                        Dimension::Sex => d.and_then(|d| d.sex).map_or(UNKNOWN, Sex::as_str),
                        Dimension::AgeStatus => d
                            .and_then(|d| d.age_status)
                            .map_or(UNKNOWN, AgeStatus::as_str),
                        Dimension::Citizenship => d
                            .and_then(|d| d.citizenship)
                            .and_then(Country::code)
                            .map_or(UNKNOWN, |c| c.as_str()),
                        Dimension::Iccs => charge.iccs.map_or(UNKNOWN, IccsCode::as_str),
                        Dimension::Year => year.as_str(),
                        _ => UNKNOWN,
                    })
                    .map(str::to_owned)
                    .collect();
                rows.push((coords, u64::from(charge.offence_count())));
            }
        }
    }
    let dims = table_dimensions(spec, |dim| {
        let i = spec.dimensions.iter().position(|&d| d == dim).unwrap_or(0);
        rows.iter().map(|(c, _)| c[i].clone()).collect()
    })?;
    // The shape is checked (each dimension once, at most MAX_CELLS cells) before the
    // interior is allocated: a year dimension over a long period repeated would overflow.
    Table::cells_of(&dims)?;
    // Interior counts, row-major, then every margin as a sum.
    let mut strides = vec![1usize; dims.len()];
    for i in (0..dims.len().saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * dims[i + 1].categories().len();
    }
    let size: usize = dims.iter().map(|d| d.categories().len()).product();
    let index: Vec<HashMap<&str, usize>> = dims
        .iter()
        .map(|d| {
            d.categories()
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), i))
                .collect()
        })
        .collect();
    let mut interior = vec![0u64; size];
    let mut counted: u64 = 0;
    for (coords, n) in &rows {
        let at: usize = coords
            .iter()
            .enumerate()
            .map(|(d, c)| index[d].get(c.as_str()).copied().unwrap_or(0) * strides[d])
            .sum();
        interior[at] = interior[at].checked_add(*n).ok_or_else(|| {
            DisclosureError::InvalidTable("an offence count overflows a 64-bit count".into())
        })?;
        counted = counted.saturating_add(*n);
    }
    let table = Table::from_interior(dims, &interior)?;
    Ok(Tabulation {
        table,
        dimensions: spec.dimensions.clone(),
        counted: usize::try_from(counted).unwrap_or(usize::MAX),
        excluded,
        linked_cases: 0,
    })
}

fn add_scaled(into: &mut Exclusions, one: &Exclusions, n: usize) {
    into.outside_period += one.outside_period * n;
    into.date_straddles_period += one.date_straddles_period * n;
    into.country_unknown += one.country_unknown * n;
    into.outside_geography += one.outside_geography * n;
}

/// The first service of a victim (version 1.1): true when some assistance has started
/// (a start date, and a status other than planned or declined).
pub(super) fn has_first_service(case: &Case) -> bool {
    first_start(case).is_some()
}

/// The earliest and latest possible day of the first service's start.
fn first_start(case: &Case) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    case.assistance
        .iter()
        .filter(|a| {
            !matches!(
                a.status,
                AssistanceStatus::Planned | AssistanceStatus::Declined
            )
        })
        .filter_map(|a| a.start)
        .map(|s| (s.earliest(), s.latest()))
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1)))
}

/// The band of days from identification to the first service, when the dates tell it (a
/// coarse date that spans two bands gives `None`: the `unknown` category). A service that
/// started before identification is within 7 days.
pub(super) fn first_service_band(case: &Case) -> Option<ServiceDelayBand> {
    let ident = case.identification.as_ref().and_then(|i| i.date)?;
    let (lo, hi) = first_start(case)?;
    let days = |a: chrono::NaiveDate, b: chrono::NaiveDate| {
        u32::try_from((a - b).num_days().max(0)).unwrap_or(u32::MAX)
    };
    let shortest = ServiceDelayBand::from_days(days(lo, ident.latest()));
    let longest = ServiceDelayBand::from_days(days(hi, ident.earliest()));
    (shortest == longest).then_some(shortest)
}
