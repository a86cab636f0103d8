//! The rules of the `indicator_set` record.

use std::collections::{HashMap, HashSet};

use super::common::{P, free_text, in_order, not_future, record_times};
use super::{Report, RuleCode, Severity, ValidationOptions};
use crate::indicator::{CellValue, DimensionSpec, Indicator, IndicatorSet, TOTAL_ID};
use crate::vocab::{Dimension, DisclosureMethod};

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
    // the groups of indicators an attacker combines (same or nested persons)
    let groups = crate::disclosure::linked_groups(&s.indicators);
    let mut linked = vec![false; s.indicators.len()];
    for members in groups.iter().filter(|m| m.len() > 1) {
        for &i in members {
            if let Some(l) = linked.get_mut(i) {
                *l = true;
            }
        }
    }
    let mut audit = AuditState {
        #[cfg(feature = "disclosure")]
        work: crate::disclosure::Work::new(o.disclosure_budget),
        strict: o.strict_disclosure,
        readable: vec![false; s.indicators.len()],
        invalid: vec![false; s.indicators.len()],
        reported: HashSet::new(),
        incomplete: vec![false; s.indicators.len()],
        linked,
    };
    for (i, ind) in s.indicators.iter().enumerate() {
        // one hash per indicator (a pairwise comparison is quadratic in the set's length)
        if !ids.insert(&ind.id) {
            r.push(
                RuleCode::IndicatorDuplicateId,
                format!("/indicators/{i}/id"),
                "another indicator of the set has this id",
            );
        }
        check_indicator(ind, i, s, rounded, &mut audit, r);
    }
    check_linked(s, &groups, &mut audit, r);
}

/// What the disclosure audits of one record may still do, and whether an audit that did not
/// finish is an error.
struct AuditState {
    #[cfg(feature = "disclosure")]
    work: crate::disclosure::Work,
    strict: bool,
    /// Per indicator: well-formed enough to be audited (see [`well_formed`]).
    readable: Vec<bool>,
    /// Per indicator: an error was already reported for it.
    #[cfg_attr(not(feature = "disclosure"), allow(dead_code))]
    invalid: Vec<bool>,
    /// The cells (indicator, cell) already reported under `indicator.suppressed_recoverable`.
    reported: HashSet<(usize, usize)>,
    /// Per indicator: its own audit did not finish (`indicator.audit_incomplete` reported).
    incomplete: Vec<bool>,
    /// Per indicator: another indicator of the set counts the same or nested persons.
    linked: Vec<bool>,
}

fn check_indicator(
    ind: &Indicator,
    i: usize,
    s: &IndicatorSet,
    rounded: bool,
    audit: &mut AuditState,
    r: &mut Report,
) {
    let p = P::at("/indicators", i, "");
    let first_issue = r.issues.len();
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
    // The cells' coordinates as numbers in dimension order, for the cells whose coordinates
    // are well-formed (issues are reported in cell order below, once duplicates are known).
    let mut key = [TOTAL_ID; MAX_DIMS];
    let mut rows = Vec::with_capacity(ind.cells.len() * dims.len());
    let mut row_cells = Vec::with_capacity(ind.cells.len());
    let mut well = vec![false; ind.cells.len()];
    for (j, cell) in ind.cells.iter().enumerate() {
        if let Some(key) = coordinate_ids(cell, &dims, &mut key) {
            rows.extend_from_slice(key);
            row_cells.push(j);
            well[j] = true;
        }
    }
    let cells = CellTable::new(dims.len(), rows, row_cells);
    let repeated = cells.repeated(ind.cells.len());
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
        if !well[j] {
            for (dim, code) in &cell.coordinates {
                if !dims.contains(dim) {
                    r.push(
                        RuleCode::IndicatorCoordinate,
                        format!("{cp}/coordinates/{dim}"),
                        "this dimension is not a dimension of the indicator",
                    );
                } else if !dim.accepts(code) {
                    r.push(
                        RuleCode::IndicatorCoordinate,
                        format!("{cp}/coordinates/{dim}"),
                        format!("not a code of the {dim} dimension, unknown or total"),
                    );
                }
            }
            if cell.coordinates.len() < dims.len() {
                r.push(
                    RuleCode::IndicatorCoordinate,
                    format!("{cp}/coordinates"),
                    "a coordinate is missing for a dimension",
                );
            }
            continue;
        }
        if repeated[j] {
            r.push(
                RuleCode::IndicatorDuplicateCell,
                format!("{cp}/coordinates"),
                "another cell has the same coordinates",
            );
        }
    }

    // Totals against their parts: for each dimension, the exact non-total cells summed into
    // the cell with that dimension set to total (the sum and the largest part, by the
    // total's row).
    let mut parts: Vec<(u64, u64, bool)> = vec![(0, 0, false); cells.len()];
    for (k, spec) in specs.iter().enumerate() {
        parts.fill((0, 0, false));
        for (row, j) in cells.iter() {
            if row[k] == TOTAL_ID {
                continue;
            }
            if let Some(n) = ind.cells[j].value.count()
                && let Some(t) = cells.find_row(row, k, TOTAL_ID)
            {
                let entry = &mut parts[t];
                entry.0 = entry.0.saturating_add(n);
                entry.1 = entry.1.max(n);
                entry.2 = true;
            }
        }
        // in the order of the total cells
        let mut totals: Vec<(usize, u64, u64)> = parts
            .iter()
            .enumerate()
            .filter(|(_, e)| e.2)
            .map(|(t, e)| (cells.cell_of(t), e.0, e.1))
            .collect();
        totals.sort_unstable_by_key(|t| t.0);
        for (j, sum, max) in totals {
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
    let invalid = r.issues[first_issue..]
        .iter()
        .any(|i| i.severity == Severity::Error);
    let read = ReadTable {
        specs: &specs,
        cells: &cells,
        invalid,
    };
    if let (Some(readable), Some(inv)) = (audit.readable.get_mut(i), audit.invalid.get_mut(i)) {
        *readable = well_formed(ind, &read);
        *inv = invalid;
    }
    check_recoverable(ind, i, s, &read, audit, r);
}

/// The most dimensions an indicator has (each once).
const MAX_DIMS: usize = <Dimension as crate::vocab::Vocabulary>::ALL.len();

/// The codes of a cell's coordinates ([`Dimension::code_id`]) in the order of `dims`, when
/// they are well-formed: one valid code for each dimension and no other.
fn coordinate_ids<'k>(
    cell: &crate::indicator::Cell,
    dims: &[Dimension],
    key: &'k mut [u32; MAX_DIMS],
) -> Option<&'k [u32]> {
    if cell.coordinates.len() != dims.len() || dims.len() > MAX_DIMS {
        return None;
    }
    for (dim, code) in &cell.coordinates {
        let k = dims.iter().position(|d| d == dim)?;
        key[k] = dim.code_id(code)?;
    }
    // the coordinates are a map: as many as the dimensions, each one of them, so every
    // place of the key was written
    Some(&key[..dims.len()])
}

/// The well-formed cells of an indicator by their coordinates: each cell's codes as numbers
/// ([`Dimension::code_id`]) in dimension order, the rows sorted, so that a cell is found by a
/// binary search over numbers (no text is hashed: this is the hot part of validating an
/// indicator set). Cells at the same coordinates count once, as the last of them.
struct CellTable {
    /// Numbers per row.
    d: usize,
    /// The rows' numbers, `d` each, in cell order.
    ids: Vec<u32>,
    /// The cell (index in the indicator's cells) of each row.
    cell: Vec<usize>,
    /// The distinct rows in the order of their numbers (the last row of equal ones).
    sorted: Vec<usize>,
    /// The rows whose numbers an earlier row already has.
    repeats: Vec<usize>,
}

impl CellTable {
    fn new(d: usize, ids: Vec<u32>, cell: Vec<usize>) -> CellTable {
        let mut order: Vec<usize> = (0..cell.len()).collect();
        let row = |r: usize| &ids[r * d..(r + 1) * d];
        // stable: equal rows stay in cell order
        order.sort_by(|&a, &b| row(a).cmp(row(b)));
        let mut sorted: Vec<usize> = Vec::with_capacity(order.len());
        let mut repeats = Vec::new();
        for r in order {
            match sorted.last_mut() {
                // the sort is stable: a later row of a run of equal ones repeats an earlier
                Some(last) if row(*last) == row(r) => {
                    repeats.push(r);
                    *last = r;
                }
                _ => sorted.push(r),
            }
        }
        CellTable {
            d,
            ids,
            cell,
            sorted,
            repeats,
        }
    }

    fn row(&self, r: usize) -> &[u32] {
        &self.ids[r * self.d..(r + 1) * self.d]
    }

    /// The number of distinct coordinates.
    fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Per cell of the indicator: true when an earlier cell has the same coordinates.
    fn repeated(&self, cells: usize) -> Vec<bool> {
        let mut out = vec![false; cells];
        for &r in &self.repeats {
            out[self.cell[r]] = true;
        }
        out
    }

    /// The distinct coordinates (in their numbers' order) and their cell.
    fn iter(&self) -> impl Iterator<Item = (&[u32], usize)> {
        self.sorted.iter().map(|&r| (self.row(r), self.cell[r]))
    }

    /// The place in [`CellTable::iter`] of the coordinates `key`.
    fn position(&self, key: &[u32]) -> Option<usize> {
        self.sorted.binary_search_by(|&r| self.row(r).cmp(key)).ok()
    }

    /// The cell at the coordinates `key`.
    #[cfg_attr(not(feature = "disclosure"), allow(dead_code))]
    fn get(&self, key: &[u32]) -> Option<usize> {
        self.position(key).map(|i| self.cell_of(i))
    }

    /// The place in [`CellTable::iter`] of the coordinates `row` with place `k` set to `id`.
    fn find_row(&self, row: &[u32], k: usize, id: u32) -> Option<usize> {
        let mut key = [TOTAL_ID; MAX_DIMS];
        key[..row.len()].copy_from_slice(row);
        key[k] = id;
        self.position(&key[..row.len()])
    }

    /// The cell of the `i`-th distinct coordinates.
    fn cell_of(&self, i: usize) -> usize {
        self.cell[self.sorted[i]]
    }
}

/// An indicator as the rules read it.
struct ReadTable<'a, 'b> {
    /// Its dimensions, each once.
    specs: &'a [&'b DimensionSpec],
    /// The well-formed cells by their coordinates (in `specs` order).
    cells: &'a CellTable,
    /// True when an error was already reported for the indicator.
    invalid: bool,
}

/// `indicator.suppressed_recoverable`: when suppression is declared, the suppressed cells an
/// attacker can recover or narrow below the protection width, in two steps:
///
/// 1. exact checks that need no solver and always run (cost linear in the cells): along each
///    single-select dimension, a relation "margin = sum of its parts" with one unknown member
///    gives that member, and a member found so makes the next relation solvable (peeling);
/// 2. the attacker's audit of the whole table
///    ([`audit_indicator`](crate::disclosure::audit_indicator)), within what is left of
///    [`ValidationOptions::disclosure_budget`] for the record.
///
/// An indicator whose audit did not run or did not finish is reported under
/// `indicator.audit_incomplete` (a warning, an error when `strict_disclosure`), with the
/// reason: never silence.
fn check_recoverable(
    ind: &Indicator,
    i: usize,
    s: &IndicatorSet,
    read: &ReadTable<'_, '_>,
    audit: &mut AuditState,
    r: &mut Report,
) {
    let p = P::at("/indicators", i, "");
    let (specs, cells, invalid) = (read.specs, read.cells, read.invalid);
    let d = &s.disclosure;
    if !suppression_declared(s) {
        return;
    }
    if !ind.cells.iter().any(|c| c.value == CellValue::Suppressed) {
        return;
    }
    let rounded = d.methods.contains(&DisclosureMethod::Rounding)
        || d.methods.contains(&DisclosureMethod::RandomRounding);
    let mut reported = vec![false; ind.cells.len()];
    if !rounded {
        for (j, exact_zero) in recovered_by_peeling(ind, specs, cells) {
            // A cell recovered as exactly 0 reveals nothing when zeros are published anyway.
            if exact_zero && !d.zeros_sensitive {
                continue;
            }
            reported[j] = true;
            audit.reported.insert((i, j));
            r.push(
                RuleCode::IndicatorSuppressedRecoverable,
                format!("{}", CellPointer(p, j)),
                "the suppressed cell can be recovered exactly by adding or subtracting \
                 published cells (a margin and its other parts)",
            );
        }
    }
    let strict = audit.strict;
    let linked = if audit.linked.get(i).copied().unwrap_or(false) {
        ", nor, combined with this one, those of the indicators of the set that count the \
         same or nested persons"
    } else {
        ""
    };
    let incomplete = |why: &str, r: &mut Report| {
        let message = format!(
            "the disclosure audit of this indicator did not run to the end ({why}); its \
             suppressed cells are not proven protected{linked}"
        );
        push_incomplete(strict, format!("{p}"), message, r);
    };
    // Only a well-formed indicator is audited (the other rules report the rest), so that
    // messages name codes of the standard only.
    if !well_formed(ind, read) {
        // Not audited; the other rules report it as an error, so the record is not valid
        // anyway (never a silent pass).
        return;
    }
    #[cfg(not(feature = "disclosure"))]
    {
        let _ = (reported, invalid);
        if let Some(flag) = audit.incomplete.get_mut(i) {
            *flag = true;
        }
        incomplete(
            "this build has no disclosure feature, so no solver for the audit",
            r,
        );
    }
    #[cfg(feature = "disclosure")]
    {
        use crate::disclosure::DisclosureError as E;
        // The released conformance kits (1.0 and 1.1, schemas/FROZEN) pin this outcome for
        // an indicator with two or more multi-select dimensions, from when the audit refused
        // such tables. The audit models them now (over the persons' patterns of categories),
        // but a released outcome does not change: validation keeps reporting them as not
        // audited (never a silent pass), and `disclosure::audit_indicator` audits them.
        if ind.dimensions.iter().filter(|s| s.multi_select).count() >= 2 {
            if let Some(flag) = audit.incomplete.get_mut(i) {
                *flag = true;
            }
            incomplete(
                "validation does not audit an indicator with two or more multi-select \
                 dimensions (disclosure::audit_indicator does)",
                r,
            );
            return;
        }
        let report = match crate::disclosure::audit_indicator_with(ind, d, &mut audit.work) {
            Ok(report) => report,
            // Contradictory cells already reported as an error by the totals rule: the
            // record is invalid anyway.
            Err(E::Inconsistent(_)) if invalid => return,
            Err(e) => {
                if let Some(flag) = audit.incomplete.get_mut(i) {
                    *flag = true;
                }
                incomplete(why_incomplete(&e), r);
                return;
            }
        };
        // A cell recovered as exactly 0 reveals nothing when zeros are published anyway.
        let harmless =
            |i: &crate::disclosure::CellInterval| !d.zeros_sensitive && i.upper == Some(0);
        for failure in report.failures().filter(|i| !harmless(i)) {
            let j = if ind.dimensions.is_empty() {
                ind.cells.iter().position(|c| c.coordinates.is_empty())
            } else {
                // the cell's name gives (dimension, code) pairs
                let mut key = vec![TOTAL_ID; specs.len()];
                let named = failure.cell.0.len() == specs.len()
                    && failure.cell.0.iter().all(|(dim, code)| {
                        let Some(k) = specs.iter().position(|s| s.dimension.as_str() == dim) else {
                            return false;
                        };
                        specs[k]
                            .dimension
                            .code_id(code)
                            .map(|id| key[k] = id)
                            .is_some()
                    });
                if named { cells.get(&key) } else { None }
            };
            let Some(j) = j else {
                continue;
            };
            if std::mem::replace(&mut reported[j], true) {
                continue;
            }
            audit.reported.insert((i, j));
            let name = if ind.dimensions.is_empty() {
                crate::indicator::TOTAL.to_owned()
            } else {
                failure.cell.to_string()
            };
            r.push(
                RuleCode::IndicatorSuppressedRecoverable,
                format!("{}", CellPointer(p, j)),
                format!(
                    "the suppressed cell {name} can be recovered or narrowed below the \
                     protection width from the published cells (interval width {})",
                    failure.width().unwrap_or(0)
                ),
            );
        }
    }
}

/// True when the set declares suppression (threshold or secondary), the condition of
/// `indicator.suppressed_recoverable`.
fn suppression_declared(s: &IndicatorSet) -> bool {
    let m = &s.disclosure.methods;
    m.contains(&DisclosureMethod::ThresholdSuppression)
        || m.contains(&DisclosureMethod::SecondarySuppression)
}

/// True when the indicator can be read as a table by the audit: every dimension once, every
/// cell with one valid code per dimension and no two cells at the same coordinates. The
/// other rules report an error for any indicator that is not.
fn well_formed(ind: &Indicator, read: &ReadTable<'_, '_>) -> bool {
    read.specs.len() == ind.dimensions.len()
        && read.cells.len() == ind.cells.len()
        && ind.cells.iter().all(|c| {
            c.coordinates.len() == ind.dimensions.len()
                && c.coordinates.iter().all(|(dim, code)| {
                    ind.dimensions.iter().any(|s| s.dimension == *dim) && dim.accepts(code)
                })
        })
}

/// Reports `indicator.audit_incomplete` at `pointer`: a warning, or an error when `strict`.
fn push_incomplete(strict: bool, pointer: String, message: String, r: &mut Report) {
    if strict {
        // An error, kept even in a full report: the last kept issue then moves to the
        // omitted count (nothing is hidden), so that `is_valid` sees this error.
        if r.issues.len() >= Report::MAX_ISSUES
            && let Some(last) = r.issues.pop()
        {
            r.omitted += 1;
            r.omitted_codes.insert(last.code);
        }
        let before = r.issues.len();
        r.push(RuleCode::IndicatorAuditIncomplete, pointer, message);
        if r.issues.len() > before
            && let Some(last) = r.issues.last_mut()
        {
            last.severity = Severity::Error;
        }
    } else {
        r.push(RuleCode::IndicatorAuditIncomplete, pointer, message);
    }
}

/// Why an audit did not finish, in words that name no value of the record.
#[cfg(feature = "disclosure")]
fn why_incomplete(e: &crate::disclosure::DisclosureError) -> &'static str {
    use crate::disclosure::DisclosureError as E;
    match e {
        E::OverBudget => "it needs more work than the validation budget for the record allows",
        E::InvalidTable(_) => "the table is larger or has more dimensions than the audit supports",
        E::Unsupported(_) => "the table has more patterns of categories than the audit models",
        E::Inconsistent(_) => {
            "the published cells contradict each other or the declared policy (a suppressed \
             cell is at least 1 when zeros are published)"
        }
        E::InvalidPolicy(_) => "the disclosure metadata cannot be used for the audit",
        _ => "the solver failed",
    }
}

/// `indicator.suppressed_recoverable` across indicators: when suppression is declared, the
/// whole-set audit ([`audit_linked_indicators`](crate::disclosure::audit_linked_indicators))
/// of each group of indicators that count the same persons (breakdowns of one kind) or
/// nested ones (the victims kinds within victims identified), when the group has two or more
/// indicators and a suppressed cell, within what the single-indicator audits left of the
/// record's budget. A cell it narrows below the protection width is reported at its pointer,
/// unless the audit of its own indicator already reported it. A group that could not be
/// audited to the end (over budget, not readable as one table, indicators that contradict
/// each other as nested populations, no solver in this build) is reported under
/// `indicator.audit_incomplete` at its first indicator. A group with an indicator the other
/// rules found malformed is not audited (the record is invalid anyway).
fn check_linked(s: &IndicatorSet, groups: &[Vec<usize>], audit: &mut AuditState, r: &mut Report) {
    if !suppression_declared(s) {
        return;
    }
    let hides = |i: &usize| {
        s.indicators[*i]
            .cells
            .iter()
            .any(|c| c.value == CellValue::Suppressed)
    };
    let flag = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);
    for members in groups {
        if members.len() < 2 || !members.iter().any(hides) {
            continue;
        }
        // A malformed member: the other rules report it as an error (the record is invalid
        // anyway). A member whose own audit did not finish: its `indicator.audit_incomplete`
        // already says that the group's cells are not proven protected when combined, and
        // the joint table, which holds its table, would not be audited either.
        if members
            .iter()
            .any(|&i| !flag(&audit.readable, i) || flag(&audit.incomplete, i))
        {
            continue;
        }
        let first = members[0];
        let (strict, n) = (audit.strict, members.len());
        let incomplete = |why: &str, r: &mut Report| {
            let message = format!(
                "the joint disclosure audit of the {} indicators of the set that count the \
                 same or nested persons as this one did not run to the end ({why}); their \
                 suppressed cells are not proven protected when the indicators are combined",
                n
            );
            push_incomplete(strict, format!("/indicators/{first}"), message, r);
        };
        #[cfg(not(feature = "disclosure"))]
        {
            incomplete(
                "this build has no disclosure feature, so no solver for the audit",
                r,
            );
        }
        #[cfg(feature = "disclosure")]
        {
            use crate::disclosure::DisclosureError as E;
            let failures = match crate::disclosure::audit_linked_group(
                &s.indicators,
                members,
                &s.disclosure,
                &mut audit.work,
            ) {
                Ok(failures) => failures,
                // Contradictory cells within an indicator already reported as an error.
                Err(E::Inconsistent(_)) if members.iter().any(|&i| flag(&audit.invalid, i)) => {
                    continue;
                }
                Err(E::Inconsistent(_)) => {
                    incomplete(
                        "the published cells of these indicators contradict each other as \
                         counts of the same or nested persons (a breakdown or a subset larger \
                         than its whole), or the declared policy",
                        r,
                    );
                    continue;
                }
                Err(E::InvalidTable(_)) => {
                    incomplete(
                        "they cannot be read as one table: a dimension multi-select in one \
                         and not in another, or more dimensions or cells than the audit \
                         supports",
                        r,
                    );
                    continue;
                }
                Err(e) => {
                    incomplete(why_incomplete(&e), r);
                    continue;
                }
            };
            for f in failures {
                if !audit.reported.insert((f.indicator, f.cell)) {
                    continue;
                }
                r.push(
                    RuleCode::IndicatorSuppressedRecoverable,
                    format!("/indicators/{}/cells/{}", f.indicator, f.cell),
                    format!(
                        "the suppressed cell can be recovered or narrowed below the \
                         protection width by combining indicators of the set that count the \
                         same or nested persons (interval width {})",
                        f.interval.width().unwrap_or(0)
                    ),
                );
            }
        }
    }
}

/// The suppressed cells (index, and whether recovered as 0) that the additive relations give
/// exactly, by peeling: a relation "margin = sum of parts" along a single-select dimension
/// whose members are all known but one gives that one, which may leave another relation with
/// one unknown member. Every category of the dimension is a part (the categories are those
/// the cells name); a combination with no cell is unknown and never found (conservative).
/// Cost linear in the cells times the dimensions.
fn recovered_by_peeling(
    ind: &Indicator,
    specs: &[&DimensionSpec],
    cells: &CellTable,
) -> Vec<(usize, bool)> {
    // Categories per dimension (codes other than total the cells name).
    let mut n_categories = vec![0usize; specs.len()];
    {
        let mut seen: Vec<HashSet<u32>> = vec![HashSet::new(); specs.len()];
        for (key, _) in cells.iter() {
            for (k, &code) in key.iter().enumerate() {
                if code != TOTAL_ID && seen[k].insert(code) {
                    n_categories[k] += 1;
                }
            }
        }
    }
    struct Rel {
        /// The dimension summed over.
        dim: usize,
        /// Members present (parts and the margin).
        members: Vec<usize>,
        /// Their signs: +1 for a part, -1 for the margin.
        signs: Vec<i128>,
        complete: bool,
        unknown: usize,
        /// Sum of the known members, signed.
        sum: i128,
    }
    let mut rels: Vec<Rel> = Vec::new();
    let mut rel_of: HashMap<(usize, Vec<u32>), usize> = HashMap::new();
    // the relations of each cell, with the cell's sign in each
    let mut rels_of_cell: Vec<Vec<(usize, i128)>> = vec![Vec::new(); ind.cells.len()];
    let mut value: Vec<Option<i128>> = ind
        .cells
        .iter()
        .map(|c| c.value.count().map(i128::from))
        .collect();
    for (k, spec) in specs.iter().enumerate() {
        if spec.multi_select {
            continue;
        }
        for (key, j) in cells.iter() {
            let (rel_key, sign) = if key[k] == TOTAL_ID {
                (key.to_vec(), -1)
            } else {
                let mut t = key.to_vec();
                t[k] = TOTAL_ID;
                (t, 1)
            };
            let id = *rel_of.entry((k, rel_key)).or_insert_with(|| {
                rels.push(Rel {
                    dim: k,
                    members: Vec::new(),
                    signs: Vec::new(),
                    complete: false,
                    unknown: 0,
                    sum: 0,
                });
                rels.len() - 1
            });
            let rel = &mut rels[id];
            rel.members.push(j);
            rel.signs.push(sign);
            rels_of_cell[j].push((id, sign));
        }
    }
    for rel in &mut rels {
        let parts = rel.signs.iter().filter(|s| **s == 1).count();
        rel.complete = parts == n_categories[rel.dim] && rel.signs.contains(&-1);
        for (&m, &sg) in rel.members.iter().zip(&rel.signs) {
            match value[m] {
                Some(v) => rel.sum += sg * v,
                None => rel.unknown += 1,
            }
        }
    }
    let mut queue: Vec<usize> = (0..rels.len())
        .filter(|&i| rels[i].complete && rels[i].unknown == 1)
        .collect();
    let mut found = Vec::new();
    while let Some(id) = queue.pop() {
        let rel = &rels[id];
        if rel.unknown != 1 {
            continue;
        }
        let Some(pos) = rel.members.iter().position(|&m| value[m].is_none()) else {
            continue;
        };
        let m = rel.members[pos];
        // sum(known signed) + sign * x = 0
        let x = -rel.sum * rel.signs[pos];
        if x < 0 {
            // inconsistent: reported by the totals rule
            continue;
        }
        value[m] = Some(x);
        if ind.cells[m].value == CellValue::Suppressed {
            found.push((m, x == 0));
        }
        for &(other, sg) in &rels_of_cell[m] {
            let o = &mut rels[other];
            o.unknown -= 1;
            o.sum += sg * x;
            if o.complete && o.unknown == 1 {
                queue.push(other);
            }
        }
    }
    found
}

/// `/indicators/i/cells/j`, rendered only when an issue is reported.
struct CellPointer(P, usize);

impl std::fmt::Display for CellPointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/cells/{}", self.0, self.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The table of cells agrees with a map keyed by the coordinates' texts (the reading
        /// it replaced): the same distinct coordinates, each with its last cell, and the same
        /// cells repeating an earlier one.
        #[test]
        fn cell_table_agrees_with_a_map_of_texts(
            d in 1usize..4,
            cells in proptest::collection::vec(proptest::collection::vec(0u32..5, 3), 0..40),
        ) {
            let text = |id: u32| ["total", "unknown", "a", "b", "c"][id as usize];
            let rows: Vec<u32> = cells.iter().flat_map(|c| c[..d].iter().copied()).collect();
            let table = CellTable::new(d, rows, (0..cells.len()).collect());
            let mut map: HashMap<Vec<&str>, usize> = HashMap::new();
            let mut repeated = vec![false; cells.len()];
            for (j, c) in cells.iter().enumerate() {
                let key: Vec<&str> = c[..d].iter().map(|&i| text(i)).collect();
                repeated[j] = map.insert(key, j).is_some();
            }
            prop_assert_eq!(table.len(), map.len());
            prop_assert_eq!(table.repeated(cells.len()), repeated);
            for (key, j) in table.iter() {
                let texts: Vec<&str> = key.iter().map(|&i| text(i)).collect();
                prop_assert_eq!(map.get(&texts), Some(&j));
                prop_assert_eq!(table.get(key), Some(j));
                for k in 0..d {
                    let mut total = texts.clone();
                    total[k] = "total";
                    let found = table.find_row(key, k, TOTAL_ID).map(|i| table.cell_of(i));
                    prop_assert_eq!(found, map.get(&total).copied());
                }
            }
            // absent coordinates are not found
            let absent = vec![7u32; d];
            prop_assert_eq!(table.get(&absent), None);
        }
    }
}
