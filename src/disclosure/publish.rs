//! Conversion of protected tables into the `indicator_set` record model.

use std::collections::BTreeMap;

use super::DisclosureError;
use super::policy::DisclosurePolicy;
use super::suppress::Release;
use super::table::{Cell, TOTAL};
use crate::indicator::{
    self, CellValue, DimensionSpec, Disclosure, Geography, Indicator, IndicatorSet,
    IndicatorSetType, Period,
};
use crate::types::{
    CountryCode, CurrentVersion, Extensions, NonEmptyList, OrgId, RecordId, Timestamp, UniqueList,
};
use crate::vocab::{Dimension, IndicatorKind, Unit};

/// The disclosure metadata of an indicator set protected under this policy: the methods,
/// threshold, rounding base, protection width and whether zeros were sensitive.
///
/// ```
/// use ctip_exchange::disclosure::{disclosure_metadata, DisclosurePolicy};
/// let d = disclosure_metadata(&DisclosurePolicy::new(5))?;
/// assert_eq!(d.threshold, Some(5));
/// assert_eq!(d.protection_width, Some(5));
/// assert_eq!(d.rounding_base, None);
/// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
/// ```
pub fn disclosure_metadata(policy: &DisclosurePolicy) -> Result<Disclosure, DisclosureError> {
    let methods = UniqueList::new(policy.methods()).ok_or_else(|| {
        DisclosureError::InvalidPolicy("the policy's methods are not distinct".into())
    })?;
    Ok(Disclosure {
        methods,
        threshold: Some(policy.threshold),
        rounding_base: policy.rounding.map(|r| r.base()),
        protection_width: Some(policy.protection_width),
        zeros_sensitive: policy.zeros_sensitive,
    })
}

impl Release {
    /// The published table as an indicator of the record model: one cell per cell of the
    /// table, margins with the coordinate `total`, suppressed and not-available cells as such
    /// (the reason for a suppression is not published). Multi-select dimensions are marked
    /// `multi_select`, so that validation and readers know their totals are not sums.
    ///
    /// The table's dimensions must be named by the codes of `dimensions`, in order (as
    /// [`tabulate`](super::tabulate) names them).
    pub fn to_indicator(
        &self,
        id: RecordId,
        kind: IndicatorKind,
        dimensions: &[Dimension],
    ) -> Result<Indicator, DisclosureError> {
        let dims = self.table.dimensions();
        if dims.len() != dimensions.len()
            || dims
                .iter()
                .zip(dimensions)
                .any(|(t, d)| t.name() != d.as_str())
        {
            return Err(DisclosureError::InvalidTable(
                "the table's dimensions are not the indicator's dimensions".into(),
            ));
        }
        let specs = dims
            .iter()
            .zip(dimensions)
            .map(|(t, &d)| DimensionSpec {
                dimension: d,
                multi_select: !t.is_additive(),
            })
            .collect();
        let mut cells = Vec::with_capacity(self.table.len());
        for (name, cell) in self.table.cells() {
            let coordinates: BTreeMap<Dimension, String> = dimensions
                .iter()
                .zip(name.0)
                .map(|(&d, (_, code))| (d, code))
                .collect();
            debug_assert!(coordinates.values().all(|c| !c.is_empty() || c == TOTAL));
            let value = match cell {
                Cell::Count(count) => CellValue::Exact { count },
                Cell::Suppressed(_) => CellValue::Suppressed,
                Cell::NotAvailable => CellValue::NotAvailable,
            };
            cells.push(indicator::Cell { coordinates, value });
        }
        Ok(Indicator {
            id,
            kind,
            unit: unit_of(kind),
            iccs: None,
            title: None,
            dimensions: specs,
            cells,
        })
    }
}

/// True when two indicator kinds count the same persons or persons nested in each other
/// (victims assisted, in investigations, prosecutions and convictions are victims
/// identified; persons convicted were prosecuted, prosecuted were investigated; a completed
/// referral was made), so that their tables are linked.
fn linked(a: IndicatorKind, b: IndicatorKind) -> bool {
    use IndicatorKind as K;
    let family = |k: IndicatorKind| match k {
        K::VictimsIdentified
        | K::VictimsAssisted
        | K::VictimsInInvestigations
        | K::VictimsInProsecutions
        | K::VictimsInConvictions => 0,
        K::PersonsInvestigated | K::PersonsProsecuted | K::PersonsConvicted => 1,
        K::ReferralsMade | K::ReferralsCompleted => 2,
        K::TipsReceived | K::TipsRouted | K::TipsLeadingToCase => 4,
        // a kind added later: linked to everything until said otherwise
        #[allow(unreachable_patterns)]
        _ => 3,
    };
    a == b || family(a) == family(b) || family(a) == 3 || family(b) == 3
}

fn unit_of(kind: IndicatorKind) -> Unit {
    match kind {
        IndicatorKind::ReferralsMade | IndicatorKind::ReferralsCompleted => Unit::Referrals,
        IndicatorKind::OffencesRecorded => Unit::Offences,
        IndicatorKind::TipsReceived
        | IndicatorKind::TipsRouted
        | IndicatorKind::TipsLeadingToCase => Unit::Tips,
        _ => Unit::Persons,
    }
}

/// Everything an indicator set needs besides its indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSetHeader {
    /// The set's id.
    pub id: RecordId,
    /// The publishing organization.
    pub producer: OrgId,
    /// When the record is produced.
    pub created_at: Timestamp,
    /// A short title (no personal data).
    pub title: Option<String>,
    /// The period covered.
    pub period: Period,
    /// The countries covered.
    pub countries: Vec<CountryCode>,
}

/// An indicator set from protected indicators that share one policy, with that policy as the
/// set's disclosure metadata.
///
/// Fails when the releases were protected under different policies (the set records one),
/// when there is no indicator or no country, and when two indicators count the same or
/// nested persons (two breakdowns of victims identified; victims assisted and victims
/// identified) but come from separate calls of [`protect`](super::protect): their shared
/// margins link them, and tables protected one by one can be combined to recover cells.
/// Protect one table with all the dimensions and publish its
/// [projections](Release::project). Each release's table is audited again before it
/// goes into the set (a [`Release`] has public fields, so it may have been changed since
/// [`protect`](super::protect) made it): the set is not built unless every table passes and
/// publishes no count the policy suppresses. And each indicator must be exactly what its
/// release publishes ([`Release::to_indicator`] with the indicator's id, kind and
/// dimensions; only its `title` and `iccs` are free): an indicator whose dimensions, unit or
/// cells differ from the audited release (an unprotected one, say) is refused, so the
/// published cells can only come from the audited table.
///
/// The whole path from cases to a validated indicator set:
///
/// ```
/// use ctip_exchange::Record;
/// use ctip_exchange::case::Case;
/// use ctip_exchange::disclosure::*;
/// use ctip_exchange::indicator::Period;
/// use ctip_exchange::validate::{validate, ValidationOptions};
/// use ctip_exchange::vocab::{Dimension, IndicatorKind};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let json = std::fs::read("schemas/1.1/examples/valid/case-tt-domestic-work.json")?;
/// let cases: Vec<Case> = vec![serde_json::from_slice(&json)?];
/// let period = Period::new("2024".parse()?, "2024".parse()?);
/// let dims = vec![Dimension::Sex, Dimension::ExploitationType];
/// let spec = TabulationSpec::new(IndicatorKind::VictimsIdentified, period,
///     vec!["TT".parse()?], dims.clone());
/// let release = protect(&tabulate(&cases, &spec)?.table, &DisclosurePolicy::default())?;
/// let indicator = release.to_indicator("victims-by-sex-form".parse()?,
///     IndicatorKind::VictimsIdentified, &dims)?;
/// let set = indicator_set(IndicatorSetHeader {
///     id: "tt-indicators-2024".parse()?,
///     producer: "tt.gov.mns".parse()?,
///     created_at: "2025-03-31T12:00:00Z".parse()?,
///     title: None,
///     period,
///     countries: vec!["TT".parse()?],
/// }, vec![(indicator, &release)])?;
/// let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse()?);
/// assert!(validate(&Record::IndicatorSet(Box::new(set)), &options).is_valid());
/// # Ok(()) }
/// ```
pub fn indicator_set(
    header: IndicatorSetHeader,
    indicators: Vec<(Indicator, &Release)>,
) -> Result<IndicatorSet, DisclosureError> {
    let Some((_, first)) = indicators.first() else {
        return Err(DisclosureError::InvalidTable(
            "an indicator set needs at least one indicator".into(),
        ));
    };
    let policy = first.policy;
    if indicators.iter().any(|(_, r)| r.policy != policy) {
        return Err(DisclosureError::InvalidPolicy(
            "the indicators of one set must be protected under the same policy".into(),
        ));
    }
    // Breakdowns of the same persons share margins: protected separately, they can be
    // combined to recover cells. Only breakdowns cut from one protected table (projections)
    // may go into one set together.
    for (i, (a, ra)) in indicators.iter().enumerate() {
        for (b, rb) in &indicators[..i] {
            if linked(a.kind, b.kind) && !ra.same_protection(rb) {
                return Err(DisclosureError::InvalidTable(format!(
                    "indicators {} and {} count the same or nested persons but were protected \
                     separately, so their shared margins could be combined: protect one table \
                     with all their dimensions and publish its projections (Release::project)",
                    b.id, a.id
                )));
            }
        }
    }
    for (_, release) in &indicators {
        for (name, cell) in release.table.cells() {
            if let Cell::Count(n) = cell
                && policy.is_sensitive(n)
            {
                return Err(DisclosureError::InvalidTable(format!(
                    "cell {name} publishes a count the policy suppresses"
                )));
            }
        }
        super::audit::audit(&release.table, policy.protection_width)?.into_result()?;
    }
    for (indicator, release) in &indicators {
        let dims: Vec<Dimension> = indicator.dimensions.iter().map(|d| d.dimension).collect();
        let expected = release.to_indicator(indicator.id.clone(), indicator.kind, &dims)?;
        if expected.dimensions != indicator.dimensions
            || expected.unit != indicator.unit
            || expected.cells != indicator.cells
        {
            return Err(DisclosureError::InvalidTable(format!(
                "indicator {} does not publish the cells of its audited release",
                indicator.id
            )));
        }
    }
    let countries = NonEmptyList::new(header.countries).ok_or_else(|| {
        DisclosureError::InvalidTable("an indicator set needs at least one distinct country".into())
    })?;
    Ok(IndicatorSet {
        record_type: IndicatorSetType::IndicatorSet,
        schema_version: CurrentVersion,
        id: header.id,
        producer: header.producer,
        created_at: header.created_at,
        updated_at: None,
        title: header.title,
        period: header.period,
        geography: Geography { countries },
        indicators: indicators.into_iter().map(|(i, _)| i).collect(),
        disclosure: disclosure_metadata(&policy)?,
        extensions: Extensions::default(),
    })
}
