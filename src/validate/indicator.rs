//! The rules of the `indicator_set` record.

use std::collections::{HashMap, HashSet};

use super::common::{P, free_text, in_order, not_future, record_times};
use super::{Report, RuleCode, ValidationOptions};
use crate::indicator::{CellValue, Indicator, IndicatorSet, TOTAL};
use crate::vocab::DisclosureMethod;

pub(super) fn check(s: &IndicatorSet, o: &ValidationOptions, r: &mut Report) {
    record_times(s.created_at, s.updated_at, o, r);
    not_future(
        Some(s.period.start),
        P::new("/period/start"),
        "period start",
        o,
        r,
    );
    in_order(
        Some(s.period.start),
        Some(s.period.end),
        P::new("/period/end"),
        "the period ends before it starts",
        r,
    );
    free_text(s.title.as_deref(), P::new("/title"), "title", r);

    let d = &s.disclosure;
    let has = |m: DisclosureMethod| d.methods.contains(&m);
    if has(DisclosureMethod::ThresholdSuppression) && d.threshold.is_none() {
        r.push(
            RuleCode::IndicatorDisclosureInconsistent,
            P::new("/disclosure/threshold"),
            "threshold_suppression is declared without a threshold",
        );
    }
    let rounded = has(DisclosureMethod::Rounding) || has(DisclosureMethod::RandomRounding);
    if rounded && d.rounding_base.is_none_or(|b| b < 2) {
        r.push(
            RuleCode::IndicatorDisclosureInconsistent,
            P::new("/disclosure/rounding_base"),
            "rounding is declared without a rounding base of 2 or more",
        );
    }
    if d.rounding_base.is_some() && !rounded {
        r.push(
            RuleCode::IndicatorDisclosureInconsistent,
            P::new("/disclosure/methods"),
            "a rounding base is given but no rounding method is declared",
        );
    }

    if s.indicators.is_empty() {
        r.push(
            RuleCode::IndicatorEmpty,
            P::new("/indicators"),
            "an indicator set needs at least one indicator",
        );
    }
    let mut ids = HashSet::with_capacity(s.indicators.len());
    for (i, ind) in s.indicators.iter().enumerate() {
        // one hash per indicator (a pairwise comparison is quadratic in the set's length)
        if !ids.insert(&ind.id) {
            r.push(
                RuleCode::IndicatorDuplicateId,
                format!("/indicators/{i}/id"),
                "another indicator of the set has this id",
            );
        }
        check_indicator(ind, P::at("/indicators", i, ""), s, rounded, r);
    }
}

fn check_indicator(ind: &Indicator, p: P, s: &IndicatorSet, rounded: bool, r: &mut Report) {
    free_text(ind.title.as_deref(), p.field("/title"), "title", r);
    if ind.cells.is_empty() {
        r.push(
            RuleCode::IndicatorEmpty,
            p.field("/cells"),
            "an indicator needs at least one cell",
        );
    }
    // The dimensions, each once (a repeated one is reported and then ignored).
    let mut specs = Vec::with_capacity(ind.dimensions.len());
    for (k, spec) in ind.dimensions.iter().enumerate() {
        if specs
            .iter()
            .any(|s: &&crate::indicator::DimensionSpec| s.dimension == spec.dimension)
        {
            r.push(
                RuleCode::IndicatorDimensionRepeated,
                format!("{p}/dimensions/{k}"),
                "this dimension is listed twice",
            );
        } else {
            specs.push(spec);
        }
    }
    let dims: Vec<_> = specs.iter().map(|d| d.dimension).collect();

    let threshold = s.disclosure.threshold.unwrap_or(0);
    let base = s.disclosure.rounding_base.filter(|b| *b >= 2 && rounded);
    // Coordinates in dimension order, for the cells whose coordinates are well-formed.
    let mut cells: HashMap<Vec<&str>, usize> = HashMap::with_capacity(ind.cells.len());
    for (j, cell) in ind.cells.iter().enumerate() {
        // the cell's pointer, rendered only for an issue
        let cp = CellPointer(p, j);
        if let Some(n) = cell.value.count() {
            if (n > 0 && n < threshold) || (n == 0 && s.disclosure.zeros_sensitive && threshold > 0)
            {
                r.push(
                    RuleCode::IndicatorBelowThreshold,
                    format!("{cp}/value/count"),
                    format!("an exact count below the threshold of {threshold} is published"),
                );
            }
            if let Some(b) = base
                && n % b != 0
            {
                r.push(
                    RuleCode::IndicatorNotRounded,
                    format!("{cp}/value/count"),
                    format!("the count is not a multiple of the rounding base {b}"),
                );
            }
        }
        let mut ok = cell.coordinates.len() == dims.len();
        for (dim, code) in &cell.coordinates {
            if !dims.contains(dim) {
                ok = false;
                r.push(
                    RuleCode::IndicatorCoordinate,
                    format!("{cp}/coordinates/{dim}"),
                    "this dimension is not a dimension of the indicator",
                );
            } else if !dim.accepts(code) {
                ok = false;
                r.push(
                    RuleCode::IndicatorCoordinate,
                    format!("{cp}/coordinates/{dim}"),
                    format!("not a code of the {dim} dimension, unknown or total"),
                );
            }
        }
        if !ok {
            if cell.coordinates.len() < dims.len() {
                r.push(
                    RuleCode::IndicatorCoordinate,
                    format!("{cp}/coordinates"),
                    "a coordinate is missing for a dimension",
                );
            }
            continue;
        }
        let key: Vec<&str> = dims.iter().map(|d| cell.coordinates[d].as_str()).collect();
        if cells.insert(key, j).is_some() {
            r.push(
                RuleCode::IndicatorDuplicateCell,
                format!("{cp}/coordinates"),
                "another cell has the same coordinates",
            );
        }
    }

    // Totals against their parts: for each dimension, group the exact non-total cells by
    // their coordinates with that dimension set to total.
    for (k, spec) in specs.iter().enumerate() {
        let mut parts: HashMap<Vec<&str>, (u64, u64)> = HashMap::new();
        for (key, &j) in &cells {
            if key[k] == TOTAL {
                continue;
            }
            if let Some(n) = ind.cells[j].value.count() {
                let mut total_key = key.clone();
                total_key[k] = TOTAL;
                let entry = parts.entry(total_key).or_default();
                entry.0 = entry.0.saturating_add(n);
                entry.1 = entry.1.max(n);
            }
        }
        for (total_key, (sum, max)) in parts {
            let Some(&j) = cells.get(&total_key) else {
                continue;
            };
            let Some(total) = ind.cells[j].value.count() else {
                continue;
            };
            let exceeded = if spec.multi_select {
                max > total
            } else {
                sum > total
            };
            if exceeded && base.is_none() {
                let how = if spec.multi_select {
                    "one of its parts"
                } else {
                    "the sum of its exact parts"
                };
                r.push(
                    RuleCode::IndicatorTotalLessThanParts,
                    format!("{p}/cells/{j}/value/count"),
                    format!("the total over {} is smaller than {how}", spec.dimension),
                );
            }
        }
    }
    check_recoverable(ind, p, s, r);
}

/// `indicator.suppressed_recoverable`: when suppression is declared, the attacker's audit of
/// the published table ([`audit_indicator`](crate::disclosure::audit_indicator)); one issue
/// per suppressed cell whose interval is narrower than the protection width. An indicator
/// that cannot be read as a table (reported by the other rules) is not audited.
fn check_recoverable(ind: &Indicator, p: P, s: &IndicatorSet, r: &mut Report) {
    let d = &s.disclosure;
    if !d.methods.contains(&DisclosureMethod::ThresholdSuppression)
        && !d.methods.contains(&DisclosureMethod::SecondarySuppression)
    {
        return;
    }
    if !ind.cells.iter().any(|c| c.value == CellValue::Suppressed) {
        return;
    }
    // Only a well-formed indicator is audited (the other rules report the rest), so that
    // messages name codes of the standard only.
    let well_formed = ind.cells.iter().all(|c| {
        c.coordinates.len() == ind.dimensions.len()
            && c.coordinates.iter().all(|(dim, code)| {
                ind.dimensions.iter().any(|s| s.dimension == *dim) && dim.accepts(code)
            })
    });
    if !well_formed {
        return;
    }
    let Ok(report) = crate::disclosure::audit_indicator(ind, d) else {
        return;
    };
    // A cell recovered as exactly 0 reveals nothing when zeros are published anyway.
    let harmless = |i: &crate::disclosure::CellInterval| !d.zeros_sensitive && i.upper == Some(0);
    for failure in report.failures().filter(|i| !harmless(i)) {
        let j = if ind.dimensions.is_empty() {
            ind.cells.iter().position(|c| c.coordinates.is_empty())
        } else {
            ind.cells.iter().position(|c| {
                ind.dimensions
                    .iter()
                    .zip(&failure.cell.0)
                    .all(|(spec, (_, code))| c.coordinates.get(&spec.dimension) == Some(code))
            })
        };
        let Some(j) = j else {
            continue;
        };
        let name = if ind.dimensions.is_empty() {
            TOTAL.to_owned()
        } else {
            failure.cell.to_string()
        };
        r.push(
            RuleCode::IndicatorSuppressedRecoverable,
            format!("{}", CellPointer(p, j)),
            format!(
                "the suppressed cell {name} can be recovered or narrowed below the protection \
                 width from the published cells (interval width {})",
                failure.width().unwrap_or(0)
            ),
        );
    }
}

/// `/indicators/i/cells/j`, rendered only when an issue is reported.
struct CellPointer(P, usize);

impl std::fmt::Display for CellPointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/cells/{}", self.0, self.1)
    }
}
