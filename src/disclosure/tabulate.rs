//! Tabulation of case records into tables of persons, with all margins.
//!
//! Each case is one person: when one person has several cases (records from several agencies,
//! linked by their pseudonyms), keep one of them before tabulating, or the person is counted
//! twice; [`Tabulation::linked_cases`] counts the counted cases that share a pseudonym. A case is counted for an indicator when it meets the indicator's
//! condition (see [`TabulationSpec`]), its identification date lies within the period, and
//! its country of identification is one of the geography's countries. Cases left out are
//! never dropped silently: [`Tabulation::excluded`] says how many were left out and why.
//!
//! Within the table, a value that is not known becomes the dimension's `unknown` category.
//! Multi-select dimensions (forms of exploitation, citizenships, countries of exploitation)
//! count a person once in each of their categories, and their margin counts distinct
//! persons: such a dimension is marked not additive, and so is the published indicator.

use super::DisclosureError;
use super::table::{Table, TableDimension, UNKNOWN};
use crate::case::Case;
use crate::indicator::Period;
use crate::types::{Country, CountryCode};
use crate::vocab::{
    AgeBand, AgeGroup, AssistanceStatus, ConsentPurpose, ConsentStatus, Dimension, EventType,
    ExploitationType, IccsCode, IdentificationChannel, IndicatorKind, InvestigationStatus,
    MajorityStatus, ProsecutionStatus, Sex, TraffickingStatus, Vocabulary,
};

/// What to tabulate: an indicator, over a period and a geography, by some dimensions.
///
/// The indicators a case supports, and the condition for a case to count:
///
/// | kind | counted when |
/// |---|---|
/// | `victims_identified` | the trafficking status is not `not_a_victim_of_trafficking` (presumed and formally identified victims, and cases whose status is not recorded) |
/// | `victims_assisted` | as above, and at least one assistance is `ongoing` or `completed` |
/// | `victims_in_investigations` | as above, and an investigation is `ongoing`, `charges_filed` or `closed_without_charges` |
/// | `victims_in_prosecutions` | as above, and a prosecution is `ongoing`, `convicted`, `acquitted` or `dismissed` |
/// | `victims_in_convictions` | as above, and the prosecution ended in `convicted` |
///
/// The period selects cases by their identification date; the geography by their country of
/// identification. Counts of perpetrators (`persons_*`) and of referrals are not tabulated
/// from cases: a case holds numbers of perpetrators that cannot be deduplicated across cases.
/// Tips (`tips_*`, version 1.1) are tabulated from tip records with
/// [`tabulate_tips`](super::tabulate_tips).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabulationSpec {
    /// What is counted.
    pub kind: IndicatorKind,
    /// The period, both ends included, applied to the identification date.
    pub period: Period,
    /// The countries of identification covered.
    pub countries: Vec<CountryCode>,
    /// The dimensions, in order: at least one.
    pub dimensions: Vec<Dimension>,
    /// When true (the default), cases whose person refused or withdrew consent to the use of
    /// their record in anonymized statistics are left out (and counted in the exclusions).
    pub respect_statistics_consent: bool,
}

impl TabulationSpec {
    /// A specification with statistics consent respected.
    pub fn new(
        kind: IndicatorKind,
        period: Period,
        countries: Vec<CountryCode>,
        dimensions: Vec<Dimension>,
    ) -> Self {
        Self {
            kind,
            period,
            countries,
            dimensions,
            respect_statistics_consent: true,
        }
    }
}

/// How many cases were left out of a tabulation, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exclusions {
    /// The case does not meet the indicator's condition (e.g. no prosecution).
    pub not_counted_by_indicator: usize,
    /// The identification date is not recorded: the case cannot be placed in a period.
    pub date_unknown: usize,
    /// The identification date is too coarse to tell (a year that straddles the period's end).
    pub date_straddles_period: usize,
    /// The identification date is outside the period.
    pub outside_period: usize,
    /// The country of identification is not recorded or unknown.
    pub country_unknown: usize,
    /// The country of identification is not in the geography.
    pub outside_geography: usize,
    /// The person refused or withdrew consent to use in statistics.
    pub no_statistics_consent: usize,
}

impl Exclusions {
    /// The number of cases left out, for any reason.
    pub fn total(&self) -> usize {
        self.not_counted_by_indicator
            + self.date_unknown
            + self.date_straddles_period
            + self.outside_period
            + self.country_unknown
            + self.outside_geography
            + self.no_statistics_consent
    }
}

/// The result of a tabulation: a table of true counts (not to be published as such: protect
/// it with [`protect`](super::protect)), and what was left out.
#[derive(Debug, Clone)]
pub struct Tabulation {
    /// The table of persons, with every margin. Its dimensions are named by the codes of the
    /// [`Dimension`]s.
    pub table: Table,
    /// The dimensions, in the table's order.
    pub dimensions: Vec<Dimension>,
    /// The number of cases counted (the grand total).
    pub counted: usize,
    /// The cases left out, by reason.
    pub excluded: Exclusions,
    /// Counted cases that share a pseudonym with another counted case: probably the same
    /// person counted more than once. Each case counts as a person; when this is not 0,
    /// keep one case per person and tabulate again.
    pub linked_cases: usize,
}

/// Tabulates cases into a table of persons by the chosen dimensions, with every margin.
///
/// The categories of `citizenship` and `country_of_exploitation` are the countries met in
/// the counted cases: with sensitive zeros this reveals which countries have persons (see
/// [`DisclosurePolicy::zeros_sensitive`](super::DisclosurePolicy::zeros_sensitive)). In a
/// multi-select dimension a person is `unknown` only when nothing else is recorded.
///
/// ```
/// use ctip_exchange::case::Case;
/// use ctip_exchange::disclosure::{tabulate, Cell, TabulationSpec};
/// use ctip_exchange::indicator::Period;
/// use ctip_exchange::vocab::{Dimension, IndicatorKind};
/// let json = std::fs::read("schemas/1.1/examples/valid/case-tt-domestic-work.json").unwrap();
/// let case: Case = serde_json::from_slice(&json).unwrap();
/// let spec = TabulationSpec::new(
///     IndicatorKind::VictimsIdentified,
///     Period::new("2000".parse().unwrap(), "2030".parse().unwrap()),
///     vec!["TT".parse().unwrap()],
///     vec![Dimension::Sex],
/// );
/// let t = tabulate([&case], &spec)?;
/// assert_eq!(t.counted + t.excluded.total(), 1);
/// assert_eq!(t.table.get(&["total"])?, Cell::Count(t.counted as u64));
/// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
/// ```
pub fn tabulate<'a, I>(cases: I, spec: &TabulationSpec) -> Result<Tabulation, DisclosureError>
where
    I: IntoIterator<Item = &'a Case>,
{
    if super::tabulate_justice::handles(spec.kind) {
        let cases: Vec<&Case> = cases.into_iter().collect();
        return super::tabulate_justice::tabulate(&cases, spec);
    }
    condition(spec.kind)?;
    // tip-only dimensions (version 1.1): see `tabulate_tips`
    if let Some(d) = spec
        .dimensions
        .iter()
        .find(|d| matches!(d, Dimension::TipChannel | Dimension::MinorsSuspected))
    {
        return Err(DisclosureError::InvalidTable(format!(
            "dimension {d} is a dimension of tips, not of cases: tabulate tips with tabulate_tips"
        )));
    }
    if spec.dimensions.is_empty() {
        return Err(DisclosureError::InvalidTable(
            "a tabulation needs at least one dimension".into(),
        ));
    }
    let (p_start, p_end) = (spec.period.start.earliest(), spec.period.end.latest());
    if p_start > p_end {
        return Err(DisclosureError::InvalidTable(
            "the period ends before it starts".into(),
        ));
    }
    let cases: Vec<&Case> = cases.into_iter().collect();
    let mut excluded = Exclusions::default();
    let mut included: Vec<&Case> = Vec::new();
    for case in cases.iter().copied() {
        if spec.respect_statistics_consent && refused_statistics(case) {
            excluded.no_statistics_consent += 1;
            continue;
        }
        if !counts_for(case, spec.kind) {
            excluded.not_counted_by_indicator += 1;
            continue;
        }
        let ident = case.identification.as_ref();
        let Some(date) = ident.and_then(|i| i.date) else {
            excluded.date_unknown += 1;
            continue;
        };
        if date.latest() < p_start || date.earliest() > p_end {
            excluded.outside_period += 1;
            continue;
        }
        if date.earliest() < p_start || date.latest() > p_end {
            excluded.date_straddles_period += 1;
            continue;
        }
        match ident.and_then(|i| i.country).and_then(Country::code) {
            None => {
                excluded.country_unknown += 1;
                continue;
            }
            Some(c) if !spec.countries.contains(&c) => {
                excluded.outside_geography += 1;
                continue;
            }
            Some(_) => {}
        }
        included.push(case);
    }

    // Categories of each dimension, then the table.
    let mut dims = Vec::with_capacity(spec.dimensions.len());
    for &d in &spec.dimensions {
        let mut cats = categories(d, spec, &included);
        if !cats.iter().any(|c| c == UNKNOWN) {
            cats.push(UNKNOWN.to_owned());
        }
        dims.push(if is_multi_select(d) {
            TableDimension::multi_select(d.as_str(), cats)?
        } else {
            TableDimension::additive(d.as_str(), cats)?
        });
    }
    let table = fill(dims, &spec.dimensions, included.iter().copied(), values)?;
    Ok(Tabulation {
        table,
        dimensions: spec.dimensions.clone(),
        counted: included.len(),
        excluded,
        linked_cases: linked(&included),
    })
}

/// How many of these cases share a pseudonym with another of them.
fn linked(cases: &[&Case]) -> usize {
    let mut owner: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut is_linked = vec![false; cases.len()];
    for (i, case) in cases.iter().enumerate() {
        for p in case.subject.pseudonyms.iter() {
            match owner.get(p.as_str()) {
                Some(&j) if j != i => {
                    is_linked[i] = true;
                    is_linked[j] = true;
                }
                Some(_) => {}
                None => {
                    owner.insert(p.as_str(), i);
                }
            }
        }
    }
    is_linked.iter().filter(|&&l| l).count()
}

/// True for the dimensions where a person can have several values.
pub fn is_multi_select(d: Dimension) -> bool {
    matches!(
        d,
        Dimension::ExploitationType | Dimension::Citizenship | Dimension::CountryOfExploitation
    )
}

fn condition(kind: IndicatorKind) -> Result<(), DisclosureError> {
    match kind {
        IndicatorKind::VictimsIdentified
        | IndicatorKind::VictimsAssisted
        | IndicatorKind::VictimsInInvestigations
        | IndicatorKind::VictimsInProsecutions
        | IndicatorKind::VictimsInConvictions
        | IndicatorKind::VictimsTimeToFirstService => Ok(()),
        other => Err(DisclosureError::UnsupportedIndicator(other.as_str().into())),
    }
}

fn refused_statistics(case: &Case) -> bool {
    case.consents.iter().any(|c| {
        c.purpose == ConsentPurpose::Statistics
            && matches!(c.status, ConsentStatus::Refused | ConsentStatus::Withdrawn)
    })
}

fn counts_for(case: &Case, kind: IndicatorKind) -> bool {
    let victim = case
        .trafficking
        .as_ref()
        .and_then(|t| t.status)
        .is_none_or(|s| s != TraffickingStatus::NotAVictimOfTrafficking);
    if !victim {
        return false;
    }
    let cj = case.criminal_justice.as_ref();
    match kind {
        IndicatorKind::VictimsIdentified => true,
        IndicatorKind::VictimsAssisted => case.assistance.iter().any(|a| {
            matches!(
                a.status,
                AssistanceStatus::Ongoing | AssistanceStatus::Completed
            )
        }),
        IndicatorKind::VictimsInInvestigations => {
            cj.and_then(|c| c.investigation).is_some_and(|s| {
                matches!(
                    s,
                    InvestigationStatus::Ongoing
                        | InvestigationStatus::ChargesFiled
                        | InvestigationStatus::ClosedWithoutCharges
                )
            })
        }
        IndicatorKind::VictimsInProsecutions => cj.and_then(|c| c.prosecution).is_some_and(|s| {
            matches!(
                s,
                ProsecutionStatus::Ongoing
                    | ProsecutionStatus::Convicted
                    | ProsecutionStatus::Acquitted
                    | ProsecutionStatus::Dismissed
            )
        }),
        IndicatorKind::VictimsInConvictions => {
            cj.and_then(|c| c.prosecution) == Some(ProsecutionStatus::Convicted)
        }
        IndicatorKind::VictimsTimeToFirstService => {
            super::tabulate_justice::has_first_service(case)
        }
        _ => false,
    }
}

fn codes<V: Vocabulary>() -> Vec<String> {
    V::ALL.iter().map(|v| v.code().to_owned()).collect()
}

/// The categories of a dimension: its code list; for countries, the countries met in the
/// counted cases (sorted); for years, every year of the period. A country listed therefore
/// has at least one person, which the table says anyway when zeros are published (its margin
/// is a count of at least the threshold, or suppressed, and a suppressed cell is known not to
/// be 0). When zeros are sensitive this reveals presence: see
/// [`DisclosurePolicy::zeros_sensitive`](super::DisclosurePolicy::zeros_sensitive).
fn categories(d: Dimension, spec: &TabulationSpec, cases: &[&Case]) -> Vec<String> {
    match d {
        Dimension::Sex => codes::<Sex>(),
        Dimension::AgeGroup => codes::<AgeGroup>(),
        Dimension::AgeBand => codes::<AgeBand>(),
        Dimension::ExploitationType => codes::<ExploitationType>(),
        Dimension::IdentificationChannel => codes::<IdentificationChannel>(),
        Dimension::Iccs => codes::<IccsCode>(),
        Dimension::AgeStatus => codes::<crate::vocab::AgeStatus>(),
        Dimension::TimeToFirstService => codes::<crate::vocab::ServiceDelayBand>(),
        Dimension::Year => (spec.period.start.year_value()..=spec.period.end.year_value())
            .map(|y| format!("{y:04}"))
            .collect(),
        // refused by `tabulate`: dimensions of tips
        Dimension::TipChannel | Dimension::MinorsSuspected => Vec::new(),
        Dimension::Citizenship | Dimension::CountryOfExploitation => {
            let mut seen: Vec<String> = cases
                .iter()
                .flat_map(|c| values(d, c))
                .filter(|v| v != UNKNOWN)
                .collect();
            seen.sort();
            seen.dedup();
            seen
        }
    }
}

/// The categories of a multi-select dimension: `unknown` exactly when no known category is
/// recorded (an unknown entry beside a known one is dropped), so `unknown` excludes every
/// other category, as the audit assumes (see [`TableDimension`](super::TableDimension)).
fn unknown_if_empty(mut v: Vec<String>) -> Vec<String> {
    if v.iter().any(|c| c != UNKNOWN) {
        v.retain(|c| c != UNKNOWN);
    }
    if v.is_empty() {
        v.push(UNKNOWN.to_owned());
    }
    v.sort();
    v.dedup();
    v
}

fn countries(list: impl Iterator<Item = Country>) -> Vec<String> {
    unknown_if_empty(
        list.map(|c| {
            c.code()
                .map_or(UNKNOWN.to_owned(), |k| k.as_str().to_owned())
        })
        .collect(),
    )
}

/// The category codes of a case in a dimension (one for an additive dimension).
/// A table of zeros over `dims` with one person added per item, in the categories `values`
/// gives it on each of `dimensions` (the dimensions of `dims`, in order).
pub(super) fn fill<'a, T: 'a>(
    dims: Vec<TableDimension>,
    dimensions: &[Dimension],
    items: impl IntoIterator<Item = &'a T>,
    values: impl Fn(Dimension, &T) -> Vec<String>,
) -> Result<Table, DisclosureError> {
    let mut table = Table::zeros(dims)?;
    for item in items {
        let values: Vec<Vec<String>> = dimensions.iter().map(|&d| values(d, item)).collect();
        let refs: Vec<Vec<&str>> = values
            .iter()
            .map(|v| v.iter().map(String::as_str).collect())
            .collect();
        let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        table.add_person(&slices)?;
    }
    Ok(table)
}

fn values(d: Dimension, case: &Case) -> Vec<String> {
    let s = &case.subject;
    let one = |code: Option<&str>| vec![code.unwrap_or(UNKNOWN).to_owned()];
    let age_years = s.age_at_identification.map(|a| a.years());
    match d {
        Dimension::Sex => one(s.gender.and_then(Sex::from_gender).map(Sex::as_str)),
        Dimension::AgeGroup => {
            let m = s
                .majority
                .or(age_years.map(MajorityStatus::from_age))
                .or(s.age_band.map(AgeBand::majority));
            one(m.map(|m| AgeGroup::from_majority(m).as_str()))
        }
        Dimension::AgeBand => one(s
            .age_band
            .or(age_years.map(AgeBand::from_age))
            .map(AgeBand::as_str)),
        Dimension::ExploitationType => unknown_if_empty(
            case.trafficking
                .iter()
                .flat_map(|t| t.exploitation_types.iter())
                .map(|e| e.as_str().to_owned())
                .collect(),
        ),
        Dimension::Citizenship => countries(s.citizenships.iter().copied()),
        Dimension::CountryOfExploitation => countries(
            case.trafficking
                .iter()
                .flat_map(|t| t.events.iter())
                .filter(|e| e.kind == EventType::Exploitation)
                .map(|e| e.country),
        ),
        Dimension::IdentificationChannel => one(case
            .identification
            .as_ref()
            .and_then(|i| i.channel)
            .map(IdentificationChannel::as_str)),
        Dimension::Year => vec![
            case.identification
                .as_ref()
                .and_then(|i| i.date)
                .map_or(UNKNOWN.to_owned(), |d| format!("{:04}", d.year_value())),
        ],
        Dimension::Iccs => one(case
            .criminal_justice
            .as_ref()
            .and_then(|c| c.iccs)
            .map(IccsCode::as_str)),
        // a victim has no adult/juvenile status of a defendant
        Dimension::AgeStatus => one(None),
        Dimension::TimeToFirstService => {
            one(super::tabulate_justice::first_service_band(case).map(|b| b.as_str()))
        }
        // refused by `tabulate`: dimensions of tips
        Dimension::TipChannel | Dimension::MinorsSuspected => one(None),
    }
}
