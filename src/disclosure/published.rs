//! The audit of a published indicator: the table it publishes, rebuilt from its cells and
//! disclosure metadata, audited as [`audit`](super::audit) audits any table.

use std::collections::HashMap;

use super::DisclosureError;
use super::audit::{AuditReport, CELL_COST, Work, audit_with};
use super::linked::{linked_groups, victims};
use super::table::{
    Cell, MAX_CELLS, MAX_DIMENSIONS, PublishedRule, Rounding, Suppressed, SuppressionReason, TOTAL,
    Table, TableDimension,
};
use crate::indicator::{CellValue, Disclosure, Indicator};
use crate::vocab::DisclosureMethod;

/// A placeholder category for a dimension whose cells are all margins: nothing is published
/// for it, so it is a cell the attacker knows nothing about.
const NOTHING: &str = "-";

/// Audits the table an indicator publishes, as an attacker who reads the indicator and its
/// set's disclosure metadata would: for every suppressed cell, the interval of values it can
/// still take. The protection width is the metadata's `protection_width`, else its
/// `threshold`.
///
/// The table is rebuilt from the indicator:
///
/// - one dimension per [`DimensionSpec`](crate::indicator::DimensionSpec) (multi-select when
///   it says so), with the category codes the cells use other than `total`, in the order
///   they first appear (a category with no cell at all is not in the table: the published
///   categories are taken to be all of them, the stronger attacker); in a multi-select
///   dimension the category `unknown` excludes the
///   others (see [`TableDimension`]);
/// - exact, suppressed and not-available cells as published; a combination of categories and
///   margins with no cell is not published (known to the attacker only as a non-negative
///   count, like a not-available cell);
/// - the rounding the metadata declares (`random_rounding`, else `rounding`, with its
///   `rounding_base`), and, when a threshold is declared, the published rule "an exact count
///   is 0 or at least the threshold" (zeros hidden when `zeros_sensitive`).
///
/// A suppressed cell is known to be non-negative, and at least 1 when a threshold is declared
/// and zeros are not sensitive (the policy publishes zeros, so it never hides one); when the
/// cells contradict that (a hidden zero), the attacker drops the assumption and the audit is
/// run again without it. The attacker is not assumed to know whether a suppression is
/// primary or secondary. The protection width checked is the declared one but never below
/// the threshold.
///
/// Fails (without panicking) when the indicator cannot be read as a table: a dimension listed
/// twice, a cell whose coordinates do not name exactly the indicator's dimensions, two cells
/// with the same coordinates, rounding without a base of 2 or more, no protection width nor
/// threshold, or published counts that contradict each other.
///
/// ```
/// use ctip_exchange::disclosure::audit_indicator;
/// use ctip_exchange::indicator::{Disclosure, Indicator};
/// let ind: Indicator = serde_json::from_value(serde_json::json!({
///     "id": "by-sex", "kind": "victims_identified", "unit": "persons",
///     "dimensions": [{"dimension": "sex"}],
///     "cells": [
///         {"coordinates": {"sex": "female"}, "value": {"status": "exact", "count": 40}},
///         {"coordinates": {"sex": "male"}, "value": {"status": "suppressed"}},
///         {"coordinates": {"sex": "unknown"}, "value": {"status": "exact", "count": 0}},
///         {"coordinates": {"sex": "total"}, "value": {"status": "exact", "count": 43}}
///     ]
/// }))?;
/// let d: Disclosure = serde_json::from_value(serde_json::json!({
///     "methods": ["threshold_suppression"], "threshold": 5
/// }))?;
/// let report = audit_indicator(&ind, &d)?;
/// let male = report.interval(&["male"]).unwrap();
/// assert!(male.is_exact()); // 43 - 40 - 0
/// assert!(!report.passed());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn audit_indicator(
    indicator: &Indicator,
    disclosure: &Disclosure,
) -> Result<AuditReport, DisclosureError> {
    audit_indicator_with(indicator, disclosure, &mut Work::unlimited())
}

/// [`audit_indicator`] within a budget of work (see [`audit_within`](super::audit_within)
/// for the unit): fails with [`DisclosureError::OverBudget`] when the table the indicator
/// implies, or its audit, needs more. The size of the implied table (every combination of
/// the categories the cells name) is checked before anything is allocated for it, so a small
/// document that names many categories costs no more than the budget.
pub fn audit_indicator_within(
    indicator: &Indicator,
    disclosure: &Disclosure,
    budget: u64,
) -> Result<AuditReport, DisclosureError> {
    audit_indicator_with(indicator, disclosure, &mut Work::new(budget))
}

pub(crate) fn audit_indicator_with(
    indicator: &Indicator,
    disclosure: &Disclosure,
    work: &mut Work,
) -> Result<AuditReport, DisclosureError> {
    let width = effective_width(disclosure)?;
    let table = published_table_within(indicator, disclosure, true, work)?;
    match audit_with(&table, width, false, work) {
        // The cells contradict "a suppressed cell is at least 1" (a zero was hidden although
        // zeros are published): the attacker then drops that assumption, and so does the audit.
        Err(DisclosureError::Inconsistent(_)) if hides_no_zero(disclosure) => {
            let table = published_table_within(indicator, disclosure, false, work)?;
            audit_with(&table, width, false, work)
        }
        other => other,
    }
}

/// True when the policy says a suppressed cell is never 0 (zeros are published).
fn hides_no_zero(d: &Disclosure) -> bool {
    d.threshold.is_some_and(|t| t > 1) && !d.zeros_sensitive
}

/// The protection width the audit checks: the declared one, but never less than the
/// threshold (an interval narrower than the threshold can prove a count small, which is what
/// suppression hides).
pub(crate) fn effective_width(disclosure: &Disclosure) -> Result<u64, DisclosureError> {
    match (disclosure.protection_width, disclosure.threshold) {
        (None, None) => Err(DisclosureError::InvalidPolicy(
            "neither a protection width nor a threshold is declared".into(),
        )),
        (w, t) => Ok(w.unwrap_or(0).max(t.unwrap_or(0))),
    }
}

/// The table an indicator publishes (see [`audit_indicator`]), within the budget.
fn published_table_within(
    indicator: &Indicator,
    disclosure: &Disclosure,
    nonzero: bool,
    work: &mut Work,
) -> Result<Table, DisclosureError> {
    let specs = &indicator.dimensions;
    if specs.is_empty() {
        // A single total: one dimension with nothing published beside its margin.
        let mut t = Table::zeros(vec![TableDimension::additive("total", [NOTHING])?])?;
        t.set(&[NOTHING], Cell::NotAvailable)?;
        let mut seen = false;
        for cell in &indicator.cells {
            if !cell.coordinates.is_empty() || std::mem::replace(&mut seen, true) {
                return Err(DisclosureError::InvalidTable(
                    "the cells do not match the indicator's dimensions".into(),
                ));
            }
            t.set(
                &[TOTAL],
                cell_of(cell.value, nonzero && hides_no_zero(disclosure)),
            )?;
        }
        return finish(t, disclosure);
    }
    // Categories per dimension, in order of first appearance.
    let mut categories: Vec<Vec<&str>> = vec![Vec::new(); specs.len()];
    for cell in &indicator.cells {
        if cell.coordinates.len() != specs.len() {
            return Err(DisclosureError::InvalidTable(
                "a cell's coordinates do not name the indicator's dimensions".into(),
            ));
        }
        for (k, spec) in specs.iter().enumerate() {
            let code = cell
                .coordinates
                .get(&spec.dimension)
                .ok_or_else(|| {
                    DisclosureError::InvalidTable(format!(
                        "a cell has no coordinate for dimension {}",
                        spec.dimension
                    ))
                })?
                .as_str();
            if code != TOTAL && !categories[k].contains(&code) {
                categories[k].push(code);
            }
        }
    }
    if specs.len() > MAX_DIMENSIONS {
        return Err(DisclosureError::InvalidTable(format!(
            "a table has at most {MAX_DIMENSIONS} dimensions"
        )));
    }
    // The size of the implied table, before allocating it.
    let size = categories
        .iter()
        .try_fold(1u64, |acc, c| acc.checked_mul(c.len().max(1) as u64 + 1))
        .filter(|n| *n <= MAX_CELLS as u64)
        .ok_or_else(|| {
            DisclosureError::InvalidTable(format!(
                "a table has at most {MAX_CELLS} cells, margins included"
            ))
        })?;
    if work.left() < size.saturating_mul(CELL_COST) {
        return Err(DisclosureError::OverBudget);
    }
    let mut dims = Vec::with_capacity(specs.len());
    for (k, spec) in specs.iter().enumerate() {
        let cats: Vec<&str> = if categories[k].is_empty() {
            vec![NOTHING]
        } else {
            categories[k].clone()
        };
        let name = spec.dimension.as_str();
        dims.push(if spec.multi_select {
            TableDimension::multi_select(name, cats)?
        } else {
            TableDimension::additive(name, cats)?
        });
    }
    let mut t = Table::zeros(dims)?;
    for c in t.raw_cells_mut() {
        *c = Cell::NotAvailable;
    }
    let mut seen: HashMap<Vec<&str>, ()> = HashMap::with_capacity(indicator.cells.len());
    for cell in &indicator.cells {
        let codes: Vec<&str> = specs
            .iter()
            .map(|s| cell.coordinates[&s.dimension].as_str())
            .collect();
        t.set(
            &codes,
            cell_of(cell.value, nonzero && hides_no_zero(disclosure)),
        )?;
        if seen.insert(codes, ()).is_some() {
            return Err(DisclosureError::InvalidTable(
                "two cells have the same coordinates".into(),
            ));
        }
    }
    finish(t, disclosure)
}

/// A published cell as the attacker reads it. When a threshold is declared and zeros are
/// published (not sensitive), a zero is never hidden, so a suppressed cell is at least 1, as
/// [`protect`](super::protect) records for its own releases.
fn cell_of(v: CellValue, nonzero: bool) -> Cell {
    match v {
        CellValue::Exact { count } => Cell::Count(count),
        CellValue::Suppressed => {
            let mut s = Suppressed::new(SuppressionReason::Unspecified);
            if nonzero {
                s.bounds = Some((1, None));
            }
            Cell::Suppressed(s)
        }
        CellValue::NotAvailable => Cell::NotAvailable,
    }
}

fn finish(mut t: Table, d: &Disclosure) -> Result<Table, DisclosureError> {
    let has = |m: DisclosureMethod| d.methods.contains(&m);
    let rounding = if has(DisclosureMethod::RandomRounding) {
        Some(true)
    } else if has(DisclosureMethod::Rounding) {
        Some(false)
    } else {
        None
    };
    if let Some(random) = rounding {
        let base = d.rounding_base.filter(|b| *b >= 2).ok_or_else(|| {
            DisclosureError::InvalidPolicy(
                "rounding is declared without a base of 2 or more".into(),
            )
        })?;
        t.set_rounding(Some(if random {
            Rounding::Random { base }
        } else {
            Rounding::Deterministic { base }
        }))?;
    }
    if let Some(threshold) = d.threshold {
        t.set_published_rule(Some(PublishedRule {
            threshold,
            zeros_hidden: d.zeros_sensitive,
        }));
    }
    Ok(t)
}

/// A suppressed cell that the attacker narrows below the protection width by combining the
/// indicators of one set ([`audit_linked_indicators`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedFailure {
    /// The index of the indicator in the set.
    pub indicator: usize,
    /// The index of the cell in the indicator's `cells`.
    pub cell: usize,
    /// The attacker's interval for it.
    pub interval: super::intervals::CellInterval,
}

/// The audit of a whole indicator set: the attacker combines every indicator of one
/// population. Indicators of the same kind are breakdowns of the same persons (the set has
/// one period and one geography), and the victims kinds are nested in victims identified;
/// each such group becomes one table of all its dimensions (plus, for each nested kind, a
/// dimension `yes` / `no`), in which every indicator publishes a slice and the other cells are
/// unknown counts, audited as one table. Groups of one indicator are left to
/// [`audit_indicator`]. Returns the cells narrowed below the protection width, and the cells
/// suppressed in one indicator but published as a count (exact, or rounded) in another of
/// the group, which hides nothing (protect linked tables together, with
/// [`protect_release`](super::protect_release), so that a shared cell gets one suppression);
/// a cell found to be 0 is not returned unless zeros are sensitive. Fails when a
/// group cannot be read as one table (a dimension multi-select in one indicator and not in
/// another, too many dimensions, cells that contradict each other), or over the budget.
///
/// ```
/// use ctip_exchange::disclosure::audit_linked_indicators;
/// use ctip_exchange::indicator::IndicatorSet;
/// let cell = |sex: &str, v: serde_json::Value| serde_json::json!({"coordinates": {"sex": sex}, "value": v});
/// let exact = |n: u64| serde_json::json!({"status": "exact", "count": n});
/// let hidden = serde_json::json!({"status": "suppressed"});
/// // victims by sex: female and male hidden, total 43; victims by sex and age group: the
/// // male margin published (40): together, female = 3
/// let set: IndicatorSet = serde_json::from_value(serde_json::json!({
///     "record_type": "indicator_set", "schema_version": "1.1", "id": "s",
///     "producer": "tt.gov.mns", "created_at": "2025-03-31T12:00:00Z",
///     "period": {"start": "2024", "end": "2024"}, "geography": {"countries": ["TT"]},
///     "disclosure": {"methods": ["threshold_suppression"], "threshold": 5},
///     "indicators": [
///         {"id": "by-sex", "kind": "victims_identified", "unit": "persons",
///          "dimensions": [{"dimension": "sex"}],
///          "cells": [cell("female", hidden.clone()), cell("male", hidden.clone()), cell("total", exact(43))]},
///         {"id": "male-total", "kind": "victims_identified", "unit": "persons",
///          "dimensions": [{"dimension": "sex"}, {"dimension": "age_group"}],
///          "cells": [
///             {"coordinates": {"sex": "male", "age_group": "total"}, "value": exact(40)},
///             {"coordinates": {"sex": "female", "age_group": "total"}, "value": hidden.clone()}]}
///     ]
/// }))?;
/// let failures = audit_linked_indicators(&set.indicators, &set.disclosure)?;
/// assert!(failures.iter().any(|f| f.indicator == 0 && f.cell == 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn audit_linked_indicators(
    indicators: &[Indicator],
    disclosure: &Disclosure,
) -> Result<Vec<LinkedFailure>, DisclosureError> {
    audit_linked_with(indicators, disclosure, &mut Work::unlimited())
}

pub(crate) fn audit_linked_with(
    indicators: &[Indicator],
    disclosure: &Disclosure,
    work: &mut Work,
) -> Result<Vec<LinkedFailure>, DisclosureError> {
    let mut out = Vec::new();
    for members in linked_groups(indicators) {
        out.extend(audit_linked_group(indicators, &members, disclosure, work)?);
    }
    Ok(out)
}

/// The whole-set audit of one group of [`linked_groups`] (the indices of its indicators in
/// `indicators`): nothing to do for a group of one indicator or with no suppressed cell.
pub(crate) fn audit_linked_group(
    indicators: &[Indicator],
    members: &[usize],
    disclosure: &Disclosure,
    work: &mut Work,
) -> Result<Vec<LinkedFailure>, DisclosureError> {
    if members.len() < 2 {
        return Ok(Vec::new());
    }
    let mut group: Vec<(usize, &Indicator)> = Vec::with_capacity(members.len());
    for &i in members {
        let ind = indicators.get(i).ok_or_else(|| {
            DisclosureError::InvalidTable("a group names an indicator the set does not have".into())
        })?;
        group.push((i, ind));
    }
    if !group
        .iter()
        .any(|(_, ind)| ind.cells.iter().any(|c| c.value == CellValue::Suppressed))
    {
        return Ok(Vec::new());
    }
    match audit_group(&group, disclosure, true, work) {
        Err(DisclosureError::Inconsistent(_)) if hides_no_zero(disclosure) => {
            audit_group(&group, disclosure, false, work)
        }
        other => other,
    }
}

fn audit_group(
    group: &[(usize, &Indicator)],
    disclosure: &Disclosure,
    nonzero: bool,
    work: &mut Work,
) -> Result<Vec<LinkedFailure>, DisclosureError> {
    use crate::vocab::{Dimension, IndicatorKind};
    let width = effective_width(disclosure)?;
    // data dimensions, in order of appearance, with their categories
    let mut dims: Vec<(Dimension, bool, Vec<&str>)> = Vec::new();
    for (_, ind) in group {
        for spec in &ind.dimensions {
            match dims.iter().find(|(d, _, _)| *d == spec.dimension) {
                Some((_, multi, _)) if *multi != spec.multi_select => {
                    return Err(DisclosureError::InvalidTable(format!(
                        "dimension {} is multi-select in one indicator and not in another",
                        spec.dimension
                    )));
                }
                Some(_) => {}
                None => dims.push((spec.dimension, spec.multi_select, Vec::new())),
            }
        }
    }
    for (_, ind) in group {
        for cell in &ind.cells {
            if cell.coordinates.len() != ind.dimensions.len() {
                return Err(DisclosureError::InvalidTable(
                    "a cell's coordinates do not name the indicator's dimensions".into(),
                ));
            }
            for (dim, code) in &cell.coordinates {
                let Some((_, _, cats)) = dims.iter_mut().find(|(d, _, _)| d == dim) else {
                    return Err(DisclosureError::InvalidTable(
                        "a cell names a dimension its indicator does not have".into(),
                    ));
                };
                if code != TOTAL && !cats.contains(&code.as_str()) {
                    cats.push(code.as_str());
                }
            }
        }
    }
    // nested kinds: one dimension each (victims identified is the whole population)
    let mut nested: Vec<IndicatorKind> = Vec::new();
    for (_, ind) in group {
        if victims(ind.kind)
            && ind.kind != IndicatorKind::VictimsIdentified
            && !nested.contains(&ind.kind)
        {
            nested.push(ind.kind);
        }
    }
    let n_dims = dims.len() + nested.len();
    if n_dims == 0 || n_dims > MAX_DIMENSIONS {
        return Err(DisclosureError::InvalidTable(format!(
            "a table has at most {MAX_DIMENSIONS} dimensions"
        )));
    }
    let size = dims
        .iter()
        .map(|(_, _, c)| c.len().max(1) as u64 + 1)
        .chain(nested.iter().map(|_| 3))
        .try_fold(1u64, |acc, e| acc.checked_mul(e))
        .filter(|n| *n <= MAX_CELLS as u64)
        .ok_or_else(|| {
            DisclosureError::InvalidTable(format!(
                "a table has at most {MAX_CELLS} cells, margins included"
            ))
        })?;
    if work.left() < size.saturating_mul(CELL_COST) {
        return Err(DisclosureError::OverBudget);
    }
    let mut table_dims = Vec::with_capacity(n_dims);
    for (d, multi, cats) in &dims {
        let cats: Vec<&str> = if cats.is_empty() {
            vec![NOTHING]
        } else {
            cats.clone()
        };
        table_dims.push(if *multi {
            TableDimension::multi_select(d.as_str(), cats)?
        } else {
            TableDimension::additive(d.as_str(), cats)?
        });
    }
    for k in &nested {
        table_dims.push(TableDimension::additive(k.as_str(), ["yes", "no"])?);
    }
    let mut t = Table::zeros(table_dims)?;
    for c in t.raw_cells_mut() {
        *c = Cell::NotAvailable;
    }
    let rounded = disclosure.methods.contains(&DisclosureMethod::Rounding)
        || disclosure
            .methods
            .contains(&DisclosureMethod::RandomRounding);
    let mut owners: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (i, ind) in group {
        for (j, cell) in ind.cells.iter().enumerate() {
            let mut codes: Vec<&str> = dims
                .iter()
                .map(|(d, _, _)| cell.coordinates.get(d).map_or(TOTAL, |c| c.as_str()))
                .collect();
            for k in &nested {
                codes.push(if *k == ind.kind { "yes" } else { TOTAL });
            }
            let idx = t.index_of(&codes)?;
            let new = cell_of(cell.value, nonzero && hides_no_zero(disclosure));
            let before = t.raw_cells()[idx];
            t.raw_cells_mut()[idx] = match (before, new) {
                (Cell::Count(a), Cell::Count(b)) if a != b => {
                    return Err(DisclosureError::Inconsistent(format!(
                        "two indicators publish cell {} with different counts{}",
                        t.name_of(idx),
                        if rounded {
                            " (one true count, two rounded values)"
                        } else {
                            ""
                        }
                    )));
                }
                (Cell::Count(_), _) => before,
                (_, Cell::NotAvailable) => before,
                _ => new,
            };
            if cell.value == CellValue::Suppressed {
                owners.entry(idx).or_default().push((*i, j));
            }
        }
    }
    let t = finish(t, disclosure)?;
    let report = audit_with(&t, width, false, work)?;
    let harmless =
        |i: &super::intervals::CellInterval| !disclosure.zeros_sensitive && i.upper == Some(0);
    let mut out = Vec::new();
    // A cell suppressed in one indicator and published as a count in another is read from
    // the other (within its rounding): the audit has no interval for it, it is not hidden.
    let slack = disclosure
        .rounding_base
        .filter(|_| rounded)
        .map_or(0, |b| b.saturating_sub(1));
    let mut exposed: Vec<(usize, u64)> = owners
        .keys()
        .filter_map(|&idx| match t.raw_cells().get(idx) {
            Some(Cell::Count(n)) => Some((idx, *n)),
            _ => None,
        })
        .collect();
    exposed.sort_unstable();
    for (idx, n) in exposed {
        let interval = super::intervals::CellInterval {
            cell: t.name_of(idx),
            lower: n.saturating_sub(slack),
            upper: Some(n.saturating_add(slack)),
        };
        if harmless(&interval) {
            continue;
        }
        for &(indicator, cell) in owners.get(&idx).into_iter().flatten() {
            out.push(LinkedFailure {
                indicator,
                cell,
                interval: interval.clone(),
            });
        }
    }
    for failure in report.failures().filter(|i| !harmless(i)) {
        let codes: Vec<&str> = failure.cell.0.iter().map(|(_, c)| c.as_str()).collect();
        let idx = t.index_of(&codes)?;
        for &(indicator, cell) in owners.get(&idx).into_iter().flatten() {
            out.push(LinkedFailure {
                indicator,
                cell,
                interval: failure.clone(),
            });
        }
    }
    Ok(out)
}
