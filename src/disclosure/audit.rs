//! The attacker's audit: for every suppressed cell, the smallest and largest value it can
//! still take given everything a table publishes, by linear programming.
//!
//! # The attacker's model
//!
//! - **Variables**: every suppressed or not-available cell (interior cells and margins); and,
//!   when the table's counts are rounded, every published cell too. In a table with two or
//!   more multi-select dimensions, also the number of persons of each **pattern**: one
//!   category per additive dimension and, per multi-select dimension, a non-empty set of its
//!   known categories or its `unknown` alone (at most [`MAX_PATTERNS`] patterns).
//! - **Known values**: a published count is known exactly; a rounded one only to within the
//!   rounding error ([`Rounding::preimage`]); a suppressed cell published with bounds (a
//!   UNODC-style `"<5"`) is known to lie within them; every count is non-negative.
//! - **Relations**: along every additive dimension, each margin equals the sum of its parts.
//!   Along a multi-select dimension (not additive) the margin counts distinct persons, and the
//!   attacker can still use `part <= margin <= sum of parts`; with an exclusive `unknown`,
//!   `margin = unknown + U` with `max(known parts) <= U <= sum(known parts)`. With one
//!   multi-select dimension these relations are complete. With two or more they are not
//!   (e.g. `N(f,T) <= N(f,c) + N(T,T) - N(T,c)`: a person in `f` is in `c` or not), and the
//!   model is the persons' instead: every cell, interior or margin, equals the sum of the
//!   patterns it counts (those whose categories include the cell's in every dimension where
//!   it is not the margin), pattern counts are whole and non-negative, and the bounds above
//!   (published, rounded, suppressed) apply to those sums. This is complete by construction:
//!   a set of cell values is reachable exactly when some population of persons gives it,
//!   which is the attacker's search; the relations between cells follow and are not added.
//!
//! For each suppressed cell the audit minimises and maximises it subject to all of this,
//! in whole counts: the linear relaxation first (with [`microlp`], a pure-Rust simplex
//! solver), and, when its optimal vertex is fractional or falls in the gap of a rounded 0
//! (`{0} ∪ [threshold, hi]`), the integer program by branch and bound. A cell whose interval
//! is narrower than the protection width fails the audit. Solutions found on the way are
//! whole-count points of the feasible set: a cell seen at its own bound there needs no solve.
//! See the module documentation for the relations and what is refused.

use super::DisclosureError;
pub use super::intervals::{AuditReport, CellInterval};
use super::table::{Cell, CellName, Table, UNKNOWN};
use microlp::{ComparisonOp, OptimizationDirection, Problem};

/// Tolerance when turning the solver's floating-point optimum into whole counts.
pub(super) const EPS: f64 = 1e-6;

/// Audits a published table as an attacker would: for every suppressed cell, the interval of
/// values it can still take given the published counts, the margins, the rounding and
/// non-negativity. The report lists every interval; [`AuditReport::passed`] tells whether all
/// are at least `protection_width` wide.
///
/// The table may come from anywhere: build it by hand from a published table.
///
/// ```
/// use ctip_exchange::disclosure::{audit, Cell, Suppressed, SuppressionReason, Table, TableDimension};
/// // A row {3, 12, 20} with total 35, where only the 3 is suppressed.
/// let dim = TableDimension::additive("sex", ["female", "male", "unknown"])?;
/// let mut t = Table::from_interior(vec![dim], &[3, 12, 20])?;
/// t.set(&["female"], Cell::Suppressed(Suppressed::new(SuppressionReason::Primary)))?;
/// let report = audit(&t, 5)?;
/// let i = report.interval(&["female"]).unwrap();
/// assert_eq!((i.lower, i.upper), (3, Some(3))); // recovered exactly: 35 - 12 - 20
/// assert!(!report.passed());
/// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
/// ```
pub fn audit(table: &Table, protection_width: u64) -> Result<AuditReport, DisclosureError> {
    audit_with(table, protection_width, false, &mut Work::unlimited())
}

/// [`audit`] within a budget of work: fails with [`DisclosureError::OverBudget`] (and no
/// report) as soon as the audit would need more than `budget` units.
///
/// The unit is a measure of problem size, not of time, so that the same table gets the same
/// answer on every machine: building the attacker's model costs [`CELL_COST`] units per cell
/// of the table (margins included) and, for a table with two or more multi-select
/// dimensions, per pattern of categories too (see [`MAX_PATTERNS`]), and each linear program
/// solved costs
/// `(variables + 1) x (constraints + 1)` of the connected part of the model it is solved
/// over (the size of its simplex tableau). Cells already seen at both ends of their interval
/// in earlier solutions cost nothing. Validation uses this with
/// `ValidationOptions::disclosure_budget`.
///
/// ```
/// use ctip_exchange::disclosure::{audit_within, Cell, DisclosureError, Suppressed, SuppressionReason, Table, TableDimension};
/// let dim = TableDimension::additive("sex", ["female", "male", "unknown"])?;
/// let mut t = Table::from_interior(vec![dim], &[3, 12, 20])?;
/// t.set(&["female"], Cell::Suppressed(Suppressed::new(SuppressionReason::Primary)))?;
/// t.set(&["male"], Cell::Suppressed(Suppressed::new(SuppressionReason::Secondary)))?;
/// assert!(audit_within(&t, 5, 1_000)?.passed());
/// assert!(matches!(audit_within(&t, 5, 10), Err(DisclosureError::OverBudget)));
/// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
/// ```
pub fn audit_within(
    table: &Table,
    protection_width: u64,
    budget: u64,
) -> Result<AuditReport, DisclosureError> {
    audit_with(table, protection_width, false, &mut Work::new(budget))
}

/// Units of [`audit_within`]'s budget charged per cell of the table, margins included, for
/// building the attacker's model (its memory and the relations' terms).
pub const CELL_COST: u64 = 16;

/// The work an audit may still do (see [`audit_within`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Work {
    left: u64,
}

impl Work {
    pub(crate) fn new(budget: u64) -> Self {
        Work { left: budget }
    }

    pub(crate) fn unlimited() -> Self {
        Work { left: u64::MAX }
    }

    /// Spends `units`, or fails when fewer are left.
    pub(crate) fn charge(&mut self, units: u64) -> Result<(), DisclosureError> {
        if units > self.left {
            self.left = 0;
            return Err(DisclosureError::OverBudget);
        }
        self.left -= units;
        Ok(())
    }

    /// The units left.
    pub(crate) fn left(&self) -> u64 {
        self.left
    }
}

pub(crate) fn audit_with(
    table: &Table,
    protection_width: u64,
    integer: bool,
    work: &mut Work,
) -> Result<AuditReport, DisclosureError> {
    work.charge((table.len() as u64).saturating_mul(CELL_COST))?;
    if let Some(patterns) = pattern_count(table)? {
        work.charge(patterns.saturating_mul(CELL_COST))?;
    }
    let mut model = Model::build(table)?;
    model.integer = integer;
    let targets: Vec<(usize, usize)> = table
        .raw_cells()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_suppressed())
        .filter_map(|(idx, _)| model.var_of[idx].map(|v| (idx, v)))
        .collect();
    // Every solution found is a point the attacker cannot exclude: a cell seen at its own
    // lower bound there has that bound as its minimum, without solving for it.
    let n = model.vars.len();
    let mut seen_min = vec![f64::INFINITY; n];
    let mut seen_max = vec![f64::NEG_INFINITY; n];
    let see = |sol: &[(usize, f64)], seen_min: &mut [f64], seen_max: &mut [f64]| {
        for &(v, x) in sol {
            seen_min[v] = seen_min[v].min(x);
            seen_max[v] = seen_max[v].max(x);
        }
    };
    let mut uppers = Vec::with_capacity(targets.len());
    for &(_, var) in &targets {
        let hi = model.vars[var].hi;
        if hi.is_finite() && seen_max[var] >= hi - EPS {
            uppers.push(Some(hi));
            continue;
        }
        let r = model.optimum(var, OptimizationDirection::Maximize, seen_max[var], work)?;
        if let Some((_, sol)) = &r {
            see(sol, &mut seen_min, &mut seen_max);
        }
        uppers.push(r.map(|(v, _)| v));
    }
    let mut intervals = Vec::with_capacity(targets.len());
    for (&(idx, var), upper) in targets.iter().zip(uppers) {
        let lo = model.vars[var].lo;
        let lower = if seen_min[var] <= lo + EPS {
            lo
        } else {
            let r = model.optimum(var, OptimizationDirection::Minimize, seen_min[var], work)?;
            if let Some((_, sol)) = &r {
                see(sol, &mut seen_min, &mut seen_max);
            }
            r.map_or(lo, |(v, _)| v)
        };
        let lower = to_lower(lower);
        intervals.push(CellInterval {
            cell: table.name_of(idx),
            lower,
            upper: upper.map(|u| to_upper(u).max(lower)),
        });
    }
    Ok(AuditReport {
        protection_width,
        intervals,
    })
}

/// Smallest component solved on a resident HiGHS model: below it, building and solving with
/// microlp from scratch is as fast (measured: a 10 x 10 table, 47 suppressed cells).
#[cfg(feature = "highs")]
const RESIDENT_MIN_VARS: usize = 16;

/// A linear optimum rounded to the whole count that bounds the integer optimum.
pub(super) fn inward(v: f64, direction: OptimizationDirection) -> f64 {
    match direction {
        OptimizationDirection::Maximize => (v + EPS).floor(),
        OptimizationDirection::Minimize => (v - EPS).ceil(),
    }
}

/// Whether a value seen at a whole-count point reaches a bound of the integer optimum.
pub(super) fn reaches(seen: f64, bound: f64, direction: OptimizationDirection) -> bool {
    match direction {
        OptimizationDirection::Maximize => seen >= bound - EPS,
        OptimizationDirection::Minimize => seen <= bound + EPS,
    }
}

fn to_lower(v: f64) -> u64 {
    let c = (v - EPS).ceil();
    if c <= 0.0 { 0 } else { c as u64 }
}

fn to_upper(v: f64) -> u64 {
    let f = (v + EPS).floor();
    if f <= 0.0 { 0 } else { f as u64 }
}

/// A suppressed cell the fast check could not prove protected.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Narrow {
    /// Flat index of the cell.
    pub idx: usize,
    /// Its interval width (whole counts).
    pub width: u64,
}

/// Integral points of the attacker's feasible set found so far, as values of every cell of
/// the table (the true table first, then solutions found on the way). A point stays a
/// witness after the table changes as long as it still matches every published cell, which
/// [`narrow_cells`] checks before using it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Witnesses {
    points: Vec<Vec<f64>>,
}

/// Most unproven cells [`narrow_cells`] solves for one by one.
const PER_CELL_LIMIT: usize = 48;

/// Most points kept (the oldest after the true table are dropped first).
const MAX_WITNESSES: usize = 24;

impl Witnesses {
    /// The pool holding the true table (`None` when some true counts are unknown: no pool).
    pub(crate) fn of_truth(truth: &[Option<u64>]) -> Option<Self> {
        let t: Option<Vec<f64>> = truth.iter().map(|v| v.map(|x| x as f64)).collect();
        t.map(|t| Witnesses { points: vec![t] })
    }

    fn add(&mut self, p: Vec<f64>) {
        if self.points.len() >= MAX_WITNESSES {
            self.points.remove(1);
        }
        self.points.push(p);
    }
}

/// Random signs for the batch objectives (deterministic: the same table gives the same
/// release).
fn sign(round: u64, v: usize) -> f64 {
    if super::round::splitmix64(round.wrapping_mul(0x9E37) ^ v as u64) & 1 == 0 {
        1.0
    } else {
        -1.0
    }
}

/// The fast check used while choosing secondary suppressions: proves cells protected with
/// witnesses (whole-count points of the attacker's feasible set: the true table, and the
/// integral solutions found on the way, kept in `pool` across calls), first with a few
/// linear programs over many cells at once (random directions, each cell boxed within the
/// protection width of its true value), then with the exact integer optimum of each cell
/// not yet proven. Returns the cells that are not protected.
pub(crate) fn narrow_cells(
    table: &Table,
    protection_width: u64,
    mut pool: Option<&mut Witnesses>,
) -> Result<Vec<Narrow>, DisclosureError> {
    let model = Model::build(table)?;
    let mut work = Work::unlimited();
    let n = model.vars.len();
    let mut lo = vec![f64::INFINITY; n];
    let mut hi = vec![f64::NEG_INFINITY; n];
    let mut unbounded = vec![false; n];
    let mut base: Option<Vec<f64>> = None;
    if let Some(pool) = pool.as_deref() {
        for p in &pool.points {
            let Some(x) = model.point_of(p) else {
                continue;
            };
            if base.is_none() {
                base = Some(p.clone());
            }
            for v in 0..n {
                lo[v] = lo[v].min(x[v]);
                hi[v] = hi[v].max(x[v]);
            }
        }
    }
    let pw = protection_width as f64;
    // Widths in whole counts: the witnesses span at least [ceil(lo), floor(hi)] (linear
    // solutions can be fractional; the final, exact audit of `protect` checks the result).
    let proven = |v: usize, lo: &[f64], hi: &[f64], unb: &[bool]| {
        unb[v]
            || (hi[v].is_finite()
                && lo[v].is_finite()
                && to_upper(hi[v]).saturating_sub(to_lower(lo[v])) >= protection_width)
    };
    let targets: Vec<(usize, usize)> = table
        .raw_cells()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_suppressed())
        .filter_map(|(idx, _)| model.var_of[idx].map(|v| (idx, v)))
        .collect();
    // A whole-count solution of one component, as a point of every cell (the base point
    // elsewhere), and its values seen.
    let record = |sol: &[(usize, f64)],
                  lo: &mut [f64],
                  hi: &mut [f64],
                  pool: &mut Option<&mut Witnesses>| {
        for &(v, x) in sol {
            lo[v] = lo[v].min(x);
            hi[v] = hi[v].max(x);
        }
        if let (Some(pool), Some(base)) = (pool.as_deref_mut(), base.as_ref()) {
            let mut p = base.clone();
            for &(v, x) in sol {
                if matches!(model.vars[v].kind, VarKind::Cell) {
                    p[model.vars[v].idx] = x;
                }
            }
            pool.add(p);
        }
    };
    // Batch directions: each cell of a component pushed up or down (within the protection
    // width around its true value, so that every push counts), many cells per solve.
    if base.is_some() {
        for round in 0..4u64 {
            let mut by_comp: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
            for &(_, v) in &targets {
                if !proven(v, &lo, &hi, &unbounded) {
                    by_comp.entry(model.comp[v]).or_default().push(v);
                }
            }
            if by_comp.is_empty() {
                break;
            }
            for (c, vars) in by_comp {
                if vars.len() < 4 || model.comp_constraints[c].is_empty() {
                    continue;
                }
                let objective: Vec<(usize, f64)> =
                    vars.iter().map(|&v| (v, sign(round, v))).collect();
                let boxes: Vec<(usize, f64, f64)> = vars
                    .iter()
                    .map(|&v| {
                        let t = if lo[v].is_finite() {
                            (lo[v] + hi[v]) / 2.0
                        } else {
                            0.0
                        };
                        (
                            v,
                            (t - pw).max(model.vars[v].lo),
                            (t + pw).min(model.vars[v].hi),
                        )
                    })
                    .collect();
                if let Some((_, sol)) = model.solve_lp(
                    c,
                    &objective,
                    &boxes,
                    OptimizationDirection::Maximize,
                    false,
                    &mut work,
                )? {
                    record(&sol, &mut lo, &mut hi, &mut pool);
                }
            }
        }
    }
    let mut out = Vec::new();
    // Many cells left unproven (the first rounds of secondary suppression, where most are
    // narrow): their witnessed width stands for their width, without a solve per cell.
    let left = targets
        .iter()
        .filter(|&&(_, v)| !proven(v, &lo, &hi, &unbounded))
        .count();
    if base.is_some() && left > PER_CELL_LIMIT {
        for &(idx, var) in &targets {
            if !proven(var, &lo, &hi, &unbounded) {
                out.push(Narrow {
                    idx,
                    width: to_upper(hi[var]).saturating_sub(to_lower(lo[var])),
                });
            }
        }
        return Ok(out);
    }
    for &(idx, var) in &targets {
        if proven(var, &lo, &hi, &unbounded) {
            continue;
        }
        let max = model.solve(var, OptimizationDirection::Maximize, false, &mut work)?;
        let upper = match max {
            None => {
                unbounded[var] = true;
                continue;
            }
            Some((v, sol)) => {
                record(&sol, &mut lo, &mut hi, &mut pool);
                v
            }
        };
        if proven(var, &lo, &hi, &unbounded) {
            continue;
        }
        let lower = match model.solve(var, OptimizationDirection::Minimize, false, &mut work)? {
            Some((v, sol)) => {
                record(&sol, &mut lo, &mut hi, &mut pool);
                v
            }
            None => 0.0,
        };
        if proven(var, &lo, &hi, &unbounded) {
            continue;
        }
        out.push(Narrow {
            idx,
            width: to_upper(upper).saturating_sub(to_lower(lower)),
        });
    }
    Ok(out)
}

struct VarInfo {
    /// The flat cell index (for an auxiliary variable, the margin's; for a pattern, the
    /// grand total's).
    idx: usize,
    /// What the variable counts.
    kind: VarKind,
    name: CellName,
    lo: f64,
    hi: f64,
    /// When not 0: the value is 0 or at least this (a rounded 0 that stands for `{0}` or
    /// `[threshold, hi]`), a union the integer model represents with a binary variable.
    gap: f64,
}

/// Most patterns of categories (the kinds of person a table can count) the audit models for
/// a table with two or more multi-select dimensions: one variable each. A pattern is one
/// category per additive dimension and, per multi-select dimension, a non-empty set of its
/// known categories or its `unknown` alone; two multi-select dimensions of 5 known
/// categories and an additive one of 4 make `31 x 31 x 4 = 3,844` patterns. Beyond the limit
/// the audit refuses the table ([`DisclosureError::Unsupported`]).
pub const MAX_PATTERNS: u64 = 4_096;

/// The number of patterns of categories of a table with two or more multi-select dimensions
/// (`None` for other tables, which are modelled by their cells' relations); an error beyond
/// [`MAX_PATTERNS`].
pub(crate) fn pattern_count(table: &Table) -> Result<Option<u64>, DisclosureError> {
    let dims = table.dimensions();
    if dims.iter().filter(|d| !d.is_additive()).count() < 2 {
        return Ok(None);
    }
    let too_many = || {
        DisclosureError::Unsupported(format!(
            "a table with two or more multi-select dimensions is audited over the patterns of \
             categories a person can have, and this one has more than {MAX_PATTERNS}"
        ))
    };
    let mut n: u64 = 1;
    for d in dims {
        let choices = if d.is_additive() {
            Some(d.categories().len() as u64)
        } else {
            let known = d.categories().iter().filter(|c| *c != UNKNOWN).count();
            let unknown = u64::from(known != d.categories().len());
            u32::try_from(known)
                .ok()
                .and_then(|k| 1u64.checked_shl(k))
                .filter(|_| known < 64)
                .map(|m| m - 1 + unknown)
        };
        n = choices
            .and_then(|c| n.checked_mul(c))
            .filter(|&n| n <= MAX_PATTERNS)
            .ok_or_else(too_many)?;
    }
    Ok(Some(n))
}

/// Every pattern of categories of the table (see [`MAX_PATTERNS`]; call after
/// [`pattern_count`] has bounded their number), each as the flat indices of the cells that
/// count it (the cells whose coordinate in every dimension is one of its categories or the
/// margin) and a name made of its categories (`+` between those of one dimension).
fn patterns_of(table: &Table) -> Vec<(Vec<usize>, CellName)> {
    let dims = table.dimensions();
    // Row-major flat indices, as in the table: the last dimension varies fastest.
    let extents: Vec<usize> = dims.iter().map(|d| d.categories().len() + 1).collect();
    let mut strides = vec![1usize; dims.len()];
    for d in (0..dims.len().saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * extents[d + 1];
    }
    // The category sets a person can have in each dimension, as positions.
    let choices: Vec<Vec<Vec<usize>>> = dims
        .iter()
        .map(|d| {
            let cats = d.categories();
            if d.is_additive() {
                return (0..cats.len()).map(|k| vec![k]).collect();
            }
            let known: Vec<usize> = (0..cats.len()).filter(|&k| cats[k] != UNKNOWN).collect();
            let mut sets: Vec<Vec<usize>> = (1..(1usize << known.len()))
                .map(|mask| {
                    (0..known.len())
                        .filter(|b| mask & (1 << b) != 0)
                        .map(|b| known[b])
                        .collect()
                })
                .collect();
            if known.len() != cats.len() {
                sets.extend(
                    (0..cats.len())
                        .filter(|&k| cats[k] == UNKNOWN)
                        .map(|k| vec![k]),
                );
            }
            sets
        })
        .collect();
    let mut out = Vec::new();
    odometer(&choices.iter().map(Vec::len).collect::<Vec<_>>(), |pick| {
        let sets: Vec<&Vec<usize>> = pick
            .iter()
            .enumerate()
            .map(|(d, &c)| &choices[d][c])
            .collect();
        // In each dimension: one of the pattern's categories, or the margin.
        let options: Vec<Vec<usize>> = sets
            .iter()
            .enumerate()
            .map(|(d, s)| s.iter().copied().chain([extents[d] - 1]).collect())
            .collect();
        let mut cells = Vec::new();
        odometer(&options.iter().map(Vec::len).collect::<Vec<_>>(), |at| {
            cells.push(
                at.iter()
                    .enumerate()
                    .map(|(d, &k)| options[d][k] * strides[d])
                    .sum(),
            );
        });
        let name = CellName(
            dims.iter()
                .zip(&sets)
                .map(|(dim, s)| {
                    let codes: Vec<&str> =
                        s.iter().map(|&k| dim.categories()[k].as_str()).collect();
                    (dim.name().to_owned(), codes.join("+"))
                })
                .collect(),
        );
        out.push((cells, name));
    });
    out
}

/// Calls `f` with every tuple of indices below `lens` (the last varying fastest).
fn odometer(lens: &[usize], mut f: impl FnMut(&[usize])) {
    if lens.contains(&0) {
        return;
    }
    let mut at = vec![0usize; lens.len()];
    loop {
        f(&at);
        let mut d = lens.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            at[d] += 1;
            if at[d] < lens[d] {
                break;
            }
            at[d] = 0;
        }
    }
}

/// What a variable of the model counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VarKind {
    /// A cell of the table (`idx`).
    Cell,
    /// The auxiliary `U` of a multi-select dimension with an exclusive `unknown` (the
    /// persons with a known category): the margin minus the `unknown` cell.
    Known { total: usize, unknown: usize },
    /// The persons of one pattern of categories (tables with two or more multi-select
    /// dimensions): no cell value gives it, so a point of cell values is no point of the
    /// model ([`Model::point_of`]).
    Pattern,
}

struct Constraint {
    terms: Vec<(usize, f64)>,
    op: ComparisonOp,
    rhs: f64,
}

/// The attacker's linear model of a table.
struct Model {
    /// Whether every optimum is computed by the integer program (branch and bound) rather
    /// than first by the linear relaxation (used in tests to check the refinement).
    integer: bool,
    /// A bound above every count (the integer program needs finite bounds).
    cap: f64,
    /// The value of each cell that is not a variable (published exactly).
    known: Vec<f64>,
    /// Variable of each flat cell index (None for a cell known exactly).
    var_of: Vec<Option<usize>>,
    vars: Vec<VarInfo>,
    constraints: Vec<Constraint>,
    /// Connected component of each variable.
    comp: Vec<usize>,
    /// Constraints of each component.
    comp_constraints: Vec<Vec<usize>>,
    /// Variables of each component.
    comp_vars: Vec<Vec<usize>>,
    /// Resident HiGHS models, by component (`None` when HiGHS could not take it).
    #[cfg(feature = "highs")]
    resident:
        std::cell::RefCell<std::collections::HashMap<usize, Option<super::lp_highs::Resident>>>,
}

impl Model {
    fn build(table: &Table) -> Result<Self, DisclosureError> {
        let cells = table.raw_cells();
        let rounding = table.rounding();
        // Two multi-select dimensions constrain each other through the persons' patterns
        // (e.g. N(f,T) <= N(f,c) + N(T,T) - N(T,c)), which no closed list of cell-to-cell
        // relations gives: such a table is modelled by its patterns (refused beyond
        // MAX_PATTERNS of them).
        let by_patterns = pattern_count(table)?.is_some();
        let mut var_of = vec![None; cells.len()];
        let mut vars = Vec::new();
        // Exact known value of each cell that is not a variable.
        let mut known = vec![0f64; cells.len()];
        // A bound above every count the table can hold with its published values, for the
        // integer program (which needs finite bounds).
        let mut scale = 0f64;
        for (idx, cell) in cells.iter().enumerate() {
            let mut gap = 0.0;
            let (lo, hi) = match (cell, rounding) {
                (Cell::Count(n), None) => {
                    known[idx] = *n as f64;
                    scale += *n as f64;
                    continue;
                }
                (Cell::Count(n), Some(r)) => {
                    let (a, b) = r.preimage(*n);
                    let (a, b) = match table.published_rule() {
                        Some(rule) => {
                            let (lo, hi) = rule.narrow(a, b).ok_or_else(|| {
                                DisclosureError::Inconsistent(format!(
                                    "cell {} publishes a count the declared policy never publishes",
                                    table.name_of(idx)
                                ))
                            })?;
                            if lo == 0 && hi >= rule.threshold && rule.threshold > 1 {
                                // {0} and [threshold, hi]: a union, which the linear
                                // relaxation widens to its hull and the integer model keeps.
                                gap = rule.threshold as f64;
                            }
                            (lo, hi)
                        }
                        None => (a, b),
                    };
                    (a as f64, b as f64)
                }
                (Cell::Suppressed(s), _) => match s.bounds {
                    Some((a, b)) => (a as f64, b.map_or(f64::INFINITY, |b| b as f64)),
                    None => (0.0, f64::INFINITY),
                },
                (Cell::NotAvailable, _) => (0.0, f64::INFINITY),
            };
            if lo > hi {
                return Err(DisclosureError::Inconsistent(format!(
                    "cell {} has bounds with lower above upper",
                    table.name_of(idx)
                )));
            }
            var_of[idx] = Some(vars.len());
            if hi.is_finite() {
                scale += hi;
            }
            vars.push(VarInfo {
                idx,
                kind: VarKind::Cell,
                name: table.name_of(idx),
                lo,
                hi,
                gap,
            });
        }

        let mut constraints = Vec::new();
        // sum(coef * cell) + sum(coef * auxiliary variable) op rhs, with known cells moved to
        // the right-hand side.
        let mut push = |terms: &[(usize, f64)],
                        aux: &[(usize, f64)],
                        op: ComparisonOp,
                        rhs: f64,
                        at: usize|
         -> Result<(), DisclosureError> {
            let mut t = Vec::with_capacity(terms.len() + aux.len());
            let mut r = rhs;
            for &(idx, c) in terms {
                match var_of[idx] {
                    Some(v) => t.push((v, c)),
                    None => r -= c * known[idx],
                }
            }
            t.extend_from_slice(aux);
            if t.is_empty() {
                let ok = match op {
                    ComparisonOp::Eq => r.abs() < 0.5,
                    ComparisonOp::Le => 0.0 <= r + 0.5,
                    ComparisonOp::Ge => 0.0 >= r - 0.5,
                };
                if !ok {
                    return Err(DisclosureError::Inconsistent(format!(
                        "the published counts do not add up at the margin {}",
                        table.name_of(at)
                    )));
                }
                return Ok(());
            }
            constraints.push(Constraint {
                terms: t,
                op,
                rhs: r,
            });
            Ok(())
        };
        if by_patterns {
            // Every cell is the sum of the patterns it counts; the relations between cells
            // follow from these equalities and are not added.
            let patterns = patterns_of(table);
            let mut counted: Vec<Vec<(usize, f64)>> = vec![Vec::new(); cells.len()];
            for (cells_of, name) in patterns {
                let v = vars.len();
                vars.push(VarInfo {
                    idx: table.grand_total(),
                    kind: VarKind::Pattern,
                    name,
                    lo: 0.0,
                    hi: f64::INFINITY,
                    gap: 0.0,
                });
                for idx in cells_of {
                    counted[idx].push((v, 1.0));
                }
            }
            for (idx, pats) in counted.iter().enumerate() {
                push(&[(idx, -1.0)], pats, ComparisonOp::Eq, 0.0, idx)?;
            }
        }
        for rel in table.relations().into_iter().filter(|_| !by_patterns) {
            if rel.additive {
                let mut terms: Vec<(usize, f64)> = rel.parts.iter().map(|&p| (p, 1.0)).collect();
                terms.push((rel.total, -1.0));
                push(&terms, &[], ComparisonOp::Eq, 0.0, rel.total)?;
            } else if let Some(u) = rel.exclusive_unknown {
                // total = unknown + U, max(known) <= U <= sum(known): a person is `unknown`
                // exactly when no other category is recorded.
                let aux = vars.len();
                vars.push(VarInfo {
                    idx: rel.total,
                    kind: VarKind::Known {
                        total: rel.total,
                        unknown: u,
                    },
                    name: table.name_of(rel.total),
                    lo: 0.0,
                    hi: f64::INFINITY,
                    gap: 0.0,
                });
                push(
                    &[(u, 1.0), (rel.total, -1.0)],
                    &[(aux, 1.0)],
                    ComparisonOp::Eq,
                    0.0,
                    rel.total,
                )?;
                let known_parts: Vec<usize> =
                    rel.parts.iter().copied().filter(|&p| p != u).collect();
                for &p in &known_parts {
                    push(
                        &[(p, 1.0)],
                        &[(aux, -1.0)],
                        ComparisonOp::Le,
                        0.0,
                        rel.total,
                    )?;
                }
                let terms: Vec<(usize, f64)> = known_parts.iter().map(|&p| (p, -1.0)).collect();
                push(&terms, &[(aux, 1.0)], ComparisonOp::Le, 0.0, rel.total)?;
            } else {
                for &p in &rel.parts {
                    push(
                        &[(p, 1.0), (rel.total, -1.0)],
                        &[],
                        ComparisonOp::Le,
                        0.0,
                        rel.total,
                    )?;
                }
                let mut terms: Vec<(usize, f64)> = rel.parts.iter().map(|&p| (p, -1.0)).collect();
                terms.push((rel.total, 1.0));
                push(&terms, &[], ComparisonOp::Le, 0.0, rel.total)?;
            }
        }

        // Connected components (union-find over the constraints).
        let mut parent: Vec<usize> = (0..vars.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for c in &constraints {
            let a = find(&mut parent, c.terms[0].0);
            for &(v, _) in &c.terms[1..] {
                let b = find(&mut parent, v);
                if a != b {
                    parent[b] = a;
                }
            }
        }
        let mut comp_id = vec![usize::MAX; vars.len()];
        let mut comp = vec![0; vars.len()];
        let mut comp_vars: Vec<Vec<usize>> = Vec::new();
        for (v, slot) in comp.iter_mut().enumerate() {
            let r = find(&mut parent, v);
            if comp_id[r] == usize::MAX {
                comp_id[r] = comp_vars.len();
                comp_vars.push(Vec::new());
            }
            *slot = comp_id[r];
            comp_vars[comp_id[r]].push(v);
        }
        let mut comp_constraints = vec![Vec::new(); comp_vars.len()];
        for (i, c) in constraints.iter().enumerate() {
            comp_constraints[comp[c.terms[0].0]].push(i);
        }
        Ok(Self {
            integer: false,
            cap: (4.0 * scale + 1000.0).min(1e9),
            known,
            var_of,
            vars,
            constraints,
            comp,
            comp_constraints,
            comp_vars,
            #[cfg(feature = "highs")]
            resident: Default::default(),
        })
    }

    /// The integer attacker's optimum of one variable, with a solution that attains it (as
    /// model variable, value pairs of its component, all whole counts; empty when a point
    /// seen before attains it); `None` when unbounded. `witnessed` is the best value of the
    /// variable in the whole-count points seen so far (infinite when none).
    ///
    /// The linear relaxation is solved first: when its optimal vertex is integral (and
    /// respects the unions `{0} ∪ [t, hi]`), it is the integer optimum too (always so for
    /// one and two additive dimensions, whose constraint matrix is totally unimodular).
    /// Otherwise the relaxation's optimum rounded inwards bounds the integer one, and a
    /// point seen before that reaches the bound proves it. With HiGHS, a depth-first search
    /// for a whole-count point at the bound (and, when there is none, at the next bound of
    /// the relaxation below it) on the warm-started resident model comes next. Only then is
    /// the integer program solved by microlp's branch and bound, at eight times the cost.
    #[allow(clippy::type_complexity)]
    fn optimum(
        &self,
        var: usize,
        direction: OptimizationDirection,
        witnessed: f64,
        work: &mut Work,
    ) -> Result<Option<(f64, Vec<(usize, f64)>)>, DisclosureError> {
        let c = self.comp[var];
        // The whole-count refinement (the search on HiGHS, then branch and bound) is charged
        // once, at eight times a linear program with the program itself.
        let refine = self.size(c).saturating_mul(7);
        if self.integer {
            work.charge(refine)?;
        } else {
            let Some((v, sol)) = self.solve(var, direction, false, work)? else {
                return Ok(None);
            };
            if self.is_integral(&sol) {
                return Ok(Some((v.round(), sol)));
            }
            let bound = inward(v, direction);
            if reaches(witnessed, bound, direction) {
                return Ok(Some((bound, Vec::new())));
            }
            work.charge(refine)?;
            #[cfg(feature = "highs")]
            if let Some(Some(found)) =
                self.with_resident(c, work, |r| r.integer_optimum(var, direction, v, witnessed))?
            {
                return Ok(Some(found));
            }
        }
        Ok(self
            .solve(var, direction, true, work)?
            .map(|(v, sol)| (v.round(), sol)))
    }

    /// True when a solution is a population of whole persons: integral, and within the
    /// unions of its rounded zeros.
    fn is_integral(&self, sol: &[(usize, f64)]) -> bool {
        sol.iter().all(|&(v, x)| {
            (x - x.round()).abs() <= EPS
                && (self.vars[v].gap == 0.0 || x <= EPS || x >= self.vars[v].gap - EPS)
        })
    }

    /// One linear (or, with `integer`, integer) program over the component of `var`.
    #[allow(clippy::type_complexity)]
    fn solve(
        &self,
        var: usize,
        direction: OptimizationDirection,
        integer: bool,
        work: &mut Work,
    ) -> Result<Option<(f64, Vec<(usize, f64)>)>, DisclosureError> {
        let c = self.comp[var];
        if self.comp_constraints[c].is_empty() {
            work.charge(2)?;
            // Only its own bounds constrain it (a union {0} ∪ [t, hi] has the same ends).
            let info = &self.vars[var];
            let v = match direction {
                OptimizationDirection::Minimize => info.lo,
                OptimizationDirection::Maximize => info.hi,
            };
            return Ok(v.is_finite().then(|| (v, vec![(var, v)])));
        }
        #[cfg(feature = "highs")]
        if !integer {
            let found = self.with_resident(c, work, |r| r.optimise(var, direction))?;
            if let Some(found) = found {
                return Ok(found);
            }
        }
        self.solve_lp(c, &[(var, 1.0)], &[], direction, integer, work)
    }

    /// Runs `job` on component `c`'s resident HiGHS model (built on first use), charged
    /// as [`Model::solve_lp`] is; `None` when HiGHS gave no verdict or the component is
    /// under [`RESIDENT_MIN_VARS`] (the caller solves with microlp instead), else the
    /// optimum and its solution, or `None` inside for unbounded.
    #[cfg(feature = "highs")]
    #[allow(clippy::type_complexity)]
    fn with_resident(
        &self,
        c: usize,
        work: &mut Work,
        job: impl FnOnce(&mut super::lp_highs::Resident) -> super::lp_highs::Outcome,
    ) -> Result<Option<Option<(f64, Vec<(usize, f64)>)>>, DisclosureError> {
        use super::lp_highs::{Outcome, Resident};
        let members = &self.comp_vars[c];
        if members.len() < RESIDENT_MIN_VARS {
            return Ok(None);
        }
        work.charge(self.size(c))?;
        let mut resident = self.resident.borrow_mut();
        let slot = resident.entry(c).or_insert_with(|| {
            Resident::new(
                members,
                |m| (self.vars[m].lo, self.vars[m].hi, self.vars[m].gap),
                self.comp_constraints[c].iter().map(|&ci| {
                    let con = &self.constraints[ci];
                    (con.terms.as_slice(), con.op, con.rhs)
                }),
            )
        });
        let Some(model) = slot.as_mut() else {
            return Ok(None);
        };
        match job(model) {
            Outcome::Optimal(value, at) => Ok(Some(Some((value, at)))),
            Outcome::Unbounded => Ok(Some(None)),
            Outcome::Infeasible => Err(self.inconsistent(c)),
            Outcome::Unknown => Ok(None),
        }
    }

    /// The size of component `c`'s simplex tableau, `(variables + 1) x (constraints + 1)`:
    /// the budget's charge for one program over it.
    fn size(&self, c: usize) -> u64 {
        (self.comp_vars[c].len() as u64 + 1)
            .saturating_mul(self.comp_constraints[c].len() as u64 + 1)
    }

    /// No point of the attacker's feasible set exists around component `c`.
    fn inconsistent(&self, c: usize) -> DisclosureError {
        DisclosureError::Inconsistent(format!(
            "no table of non-negative counts matches what is published around cell {}",
            self.vars[self.comp_vars[c][0]].name
        ))
    }

    /// The values of the model's variables at a point given as values of every cell, when
    /// it is a point of the attacker's feasible set (every published cell matches: the
    /// relations hold for any point made of whole-table solutions).
    fn point_of(&self, cells: &[f64]) -> Option<Vec<f64>> {
        for (idx, v) in self.var_of.iter().enumerate() {
            if v.is_none() && (cells[idx] - self.known[idx]).abs() > EPS {
                return None;
            }
        }
        let mut x = Vec::with_capacity(self.vars.len());
        for vi in &self.vars {
            let value = match vi.kind {
                VarKind::Known { total, unknown } => cells[total] - cells[unknown],
                VarKind::Cell => cells[vi.idx],
                VarKind::Pattern => return None,
            };
            if value < vi.lo - EPS
                || value > vi.hi + EPS
                || (vi.gap > 0.0 && value > EPS && value < vi.gap - EPS)
            {
                return None;
            }
            x.push(value);
        }
        Some(x)
    }

    /// A linear (or integer) program over component `c`: optimise the objective, with some
    /// variables' bounds narrowed (`boxes`, which only restrict: any solution is a point of
    /// the attacker's feasible set).
    #[allow(clippy::type_complexity)]
    fn solve_lp(
        &self,
        c: usize,
        objective: &[(usize, f64)],
        boxes: &[(usize, f64, f64)],
        direction: OptimizationDirection,
        integer: bool,
        work: &mut Work,
    ) -> Result<Option<(f64, Vec<(usize, f64)>)>, DisclosureError> {
        let members = &self.comp_vars[c];
        work.charge(self.size(c))?;
        let mut problem = Problem::new(direction);
        let mut local = std::collections::HashMap::with_capacity(members.len());
        let mut gaps = Vec::new();
        let coefs: std::collections::HashMap<usize, f64> = objective.iter().copied().collect();
        let boxed: std::collections::HashMap<usize, (f64, f64)> =
            boxes.iter().map(|&(v, a, b)| (v, (a, b))).collect();
        for &m in members {
            let vi = &self.vars[m];
            let coef = coefs.get(&m).copied().unwrap_or(0.0);
            let (lo, hi) = boxed.get(&m).copied().unwrap_or((vi.lo, vi.hi));
            let v = if integer {
                let hi = if hi.is_finite() { hi } else { self.cap };
                problem.add_integer_var(coef, (lo.ceil() as i32, hi.min(self.cap).floor() as i32))
            } else {
                problem.add_var(coef, (lo, hi))
            };
            if integer && vi.gap > 0.0 {
                gaps.push((v, vi.gap, vi.hi.min(self.cap)));
            }
            local.insert(m, v);
        }
        for (v, gap, hi) in gaps {
            // x = 0 (z = 0) or gap <= x <= hi (z = 1)
            let z = problem.add_binary_var(0.0);
            problem.add_constraint([(v, 1.0), (z, -gap)], ComparisonOp::Ge, 0.0);
            problem.add_constraint([(v, 1.0), (z, -hi)], ComparisonOp::Le, 0.0);
        }
        for &ci in &self.comp_constraints[c] {
            let con = &self.constraints[ci];
            let expr: Vec<(microlp::Variable, f64)> = con
                .terms
                .iter()
                .filter_map(|&(v, k)| local.get(&v).map(|&lv| (lv, k)))
                .collect();
            problem.add_constraint(expr.as_slice(), con.op, con.rhs);
        }
        let mut options = microlp::SolveOptions::default();
        // Presolve costs more than it saves on these small, dense models.
        options.presolve = false;
        match problem.solve_with(options) {
            Ok(outcome) => match outcome.into_solution() {
                Ok(sol) => {
                    let values = members
                        .iter()
                        .filter_map(|m| local.get(m).map(|&lv| (*m, sol.var_value(lv))))
                        .collect();
                    Ok(Some((sol.objective(), values)))
                }
                Err(_) => Err(DisclosureError::Solver(
                    "the solver stopped before finding a solution".into(),
                )),
            },
            Err(microlp::Error::Unbounded) => Ok(None),
            Err(microlp::Error::Infeasible) if !boxes.is_empty() => Ok(None),
            Err(microlp::Error::Infeasible) => Err(self.inconsistent(c)),
            Err(e) => Err(DisclosureError::Solver(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::{
        PublishedRule, Rounding, Suppressed, SuppressionReason, TableDimension,
    };
    use super::*;

    fn sup() -> Cell {
        Cell::Suppressed(Suppressed::new(SuppressionReason::Primary))
    }

    fn row(values: &[u64]) -> Table {
        let d = TableDimension::additive(
            "d",
            (0..values.len())
                .map(|i| format!("c{i}"))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        Table::from_interior(vec![d], values).unwrap()
    }

    #[test]
    fn lone_suppression_is_recovered() {
        let mut t = row(&[3, 12, 20]);
        t.set(&["c0"], sup()).unwrap();
        let r = audit(&t, 5).unwrap();
        assert_eq!(r.intervals.len(), 1);
        assert!(r.intervals[0].is_exact());
        assert_eq!(r.intervals[0].lower, 3);
        assert!(matches!(
            r.into_result(),
            Err(DisclosureError::AuditFailed { .. })
        ));
    }

    #[test]
    fn pair_in_row_gives_sum_interval() {
        let mut t = row(&[3, 12, 20]);
        t.set(&["c0"], sup()).unwrap();
        t.set(&["c1"], sup()).unwrap();
        let r = audit(&t, 5).unwrap();
        for i in &r.intervals {
            assert_eq!((i.lower, i.upper), (0, Some(15)));
        }
        assert!(r.passed());
    }

    #[test]
    fn suppressed_total_leaves_cells_unbounded() {
        let mut t = row(&[3, 12, 20]);
        t.set(&["c0"], sup()).unwrap();
        t.set(&["total"], sup()).unwrap();
        let r = audit(&t, 5).unwrap();
        assert!(r.intervals.iter().all(|i| i.upper.is_none()));
    }

    #[test]
    fn published_bounds_are_used() {
        // UNODC style: "<5" cells, total published.
        let mut t = row(&[3, 2, 20]);
        t.set(&["c0"], Cell::Suppressed(Suppressed::below(5)))
            .unwrap();
        t.set(&["c1"], Cell::Suppressed(Suppressed::below(5)))
            .unwrap();
        let r = audit(&t, 3).unwrap();
        let i = r.interval(&["c0"]).unwrap();
        assert_eq!((i.lower, i.upper), (1, Some(4)));
        assert!(r.passed());
        assert!(!audit(&t, 4).unwrap().passed());
    }

    #[test]
    fn rounding_widens_intervals() {
        let mut t = row(&[3, 12, 21]);
        t.set(&["c0"], sup()).unwrap();
        t.set_rounding(Some(Rounding::Random { base: 3 })).unwrap();
        // Published 12, 21, 36: c0 in [36-2 - (21+2) - (12+2), ...] => [0, 38-10-19] = [0, 9].
        let r = audit(&t, 5).unwrap();
        let i = r.interval(&["c0"]).unwrap();
        assert_eq!((i.lower, i.upper), (0, Some(9)));
    }

    #[test]
    fn published_rule_narrows_rounded_counts() {
        let mut t = row(&[3, 12, 21]);
        t.set(&["c0"], sup()).unwrap();
        t.set_rounding(Some(Rounding::Random { base: 3 })).unwrap();
        // Under threshold 11, the published 12 stands for 11 to 14 (not 10), 21 for 19 to 23
        // and 36 for 34 to 38: c0 is at most 38 - 11 - 19 = 8.
        t.set_published_rule(Some(PublishedRule {
            threshold: 11,
            zeros_hidden: false,
        }));
        let i = audit(&t, 5).unwrap();
        let i = i.interval(&["c0"]).unwrap();
        assert_eq!((i.lower, i.upper), (0, Some(8)));
        // A published 3 never happens under threshold 11.
        t.set(&["c1"], Cell::Count(3)).unwrap();
        assert!(matches!(
            audit(&t, 5),
            Err(DisclosureError::Inconsistent(_))
        ));
    }

    #[test]
    fn inconsistent_published_counts_are_reported() {
        let mut t = row(&[3, 12, 20]);
        t.set(&["total"], Cell::Count(40)).unwrap();
        let e = audit(&t, 5).unwrap_err();
        assert!(e.to_string().contains("d=total"), "{e}");
        let mut t = row(&[3, 12, 20]);
        t.set(&["c0"], sup()).unwrap();
        t.set(&["total"], Cell::Count(10)).unwrap();
        assert!(matches!(
            audit(&t, 5),
            Err(DisclosureError::Inconsistent(_))
        ));
    }

    #[test]
    fn two_d_cycle_interval() {
        // 2x2 block of suppressions in a 3x3 table: each cell moves by the smallest of the
        // cells it trades with.
        let a = TableDimension::additive("r", ["a", "b", "c"]).unwrap();
        let b = TableDimension::additive("k", ["x", "y", "z"]).unwrap();
        let mut t = Table::from_interior(vec![a, b], &[2, 15, 30, 14, 20, 30, 30, 30, 30]).unwrap();
        for c in [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]] {
            t.set(&c, sup()).unwrap();
        }
        let r = audit(&t, 5).unwrap();
        let i = r.interval(&["a", "x"]).unwrap();
        // a.x can go down by min(a.x, b.y) = 2 and up by min(a.y, b.x) = 14.
        assert_eq!((i.lower, i.upper), (0, Some(16)));
    }

    #[test]
    fn multi_select_uses_inequalities_only() {
        let d = TableDimension::multi_select("form", ["s", "l"]).unwrap();
        let mut t = Table::zeros(vec![d]).unwrap();
        t.set(&["s"], sup()).unwrap();
        t.set(&["l"], Cell::Count(18)).unwrap();
        t.set(&["total"], Cell::Count(20)).unwrap();
        let r = audit(&t, 5).unwrap();
        let i = r.interval(&["s"]).unwrap();
        // s <= 20 and 20 <= s + 18.
        assert_eq!((i.lower, i.upper), (2, Some(20)));
    }

    #[test]
    fn exclusive_unknown_of_multi_select_is_a_difference() {
        let d = TableDimension::multi_select("form", ["s", "l", "unknown"]).unwrap();
        let mut t = Table::zeros(vec![d]).unwrap();
        for _ in 0..17 {
            t.add_person(&[&["l"]]).unwrap();
        }
        for _ in 0..3 {
            t.add_person(&[&["unknown"]]).unwrap();
        }
        assert!(t.add_person(&[&["l", "unknown"]]).is_err());
        t.set(&["unknown"], sup()).unwrap();
        let r = audit(&t, 5).unwrap();
        let i = r.interval(&["unknown"]).unwrap();
        // total = unknown + U, U between max(17, 0) and 17 + 0.
        assert_eq!((i.lower, i.upper), (3, Some(3)));
        // Hiding the 17 too: U in [0, inf) but total 20 bounds both.
        t.set(&["l"], sup()).unwrap();
        let r = audit(&t, 5).unwrap();
        let i = r.interval(&["unknown"]).unwrap();
        assert_eq!((i.lower, i.upper), (0, Some(20)));
        assert!(
            narrow_cells(
                &t,
                5,
                Witnesses::of_truth(&[Some(0), Some(17), Some(3), Some(20)]).as_mut()
            )
            .unwrap()
            .is_empty()
        );
    }

    /// The LP attacker, rounded inwards, against an integer attacker (branch and bound) on
    /// three-dimensional tables with primary suppression only (narrow intervals abound),
    /// half with a multi-select dimension.
    #[test]
    fn lp_intervals_match_integer_intervals() {
        let mut seed = 0x5EEDu64;
        let mut next = |n: u64| {
            seed = super::super::round::splitmix64(seed);
            seed % n
        };
        let mut compared = 0;
        for case in 0..6 {
            let multi = case % 2 == 0;
            let cats = ["a", "b", "c"];
            let mk = |name: &str, ms: bool| {
                if ms {
                    TableDimension::multi_select(name, cats).unwrap()
                } else {
                    TableDimension::additive(name, cats).unwrap()
                }
            };
            let mut t = Table::zeros(vec![mk("x", false), mk("y", multi), mk("z", false)]).unwrap();
            for _ in 0..(10 + next(50)) {
                let y: Vec<&str> = if multi {
                    let mask = 1 + next(7) as usize;
                    (0..3)
                        .filter(|k| mask & (1 << k) != 0)
                        .map(|k| cats[k])
                        .collect()
                } else {
                    vec![cats[next(3) as usize]]
                };
                let x = cats[next(3) as usize];
                let z = cats[next(3) as usize];
                t.add_person(&[&[x], &y, &[z]]).unwrap();
            }
            for c in t.raw_cells_mut() {
                if let Cell::Count(v) = *c
                    && v > 0
                    && v < 4
                {
                    *c = Cell::Suppressed(Suppressed {
                        reason: SuppressionReason::Primary,
                        bounds: Some((1, None)),
                    });
                }
            }
            let lp = audit(&t, 4).unwrap();
            let ip = audit_with(&t, 4, true, &mut Work::unlimited()).unwrap();
            for (a, b) in lp.intervals.iter().zip(&ip.intervals) {
                assert_eq!(a.lower, b.lower, "{}", a.cell);
                // Unbounded cells meet the integer program's cap instead.
                if a.upper.is_some() {
                    assert_eq!(a.upper, b.upper, "{}", a.cell);
                    compared += 1;
                }
            }
        }
        assert!(compared > 20, "only {compared} bounded intervals compared");
    }

    #[test]
    fn fast_check_agrees_with_audit() {
        let mut t = row(&[3, 12, 20]);
        t.set(&["c0"], sup()).unwrap();
        let n = narrow_cells(
            &t,
            5,
            Witnesses::of_truth(&[Some(3), Some(12), Some(20), Some(35)]).as_mut(),
        )
        .unwrap();
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].width, 0);
        t.set(&["c1"], sup()).unwrap();
        assert!(narrow_cells(&t, 5, None).unwrap().is_empty());
    }

    /// The issue's table: 3 persons in `f` and both `c` and `d`, 10 in `m` and `c` only, along
    /// two multi-select dimensions, with only N(f,T) hidden. The cells' relations alone
    /// leave it in [3, 6] (max(N(f,c), N(f,d)) to their sum; N(T,T) <= N(f,T) + N(m,T)), wide
    /// enough for a width of 3; the persons' patterns give N(f,T) <= N(f,c) + N(T,T) -
    /// N(T,c) = 3 + 13 - 13: exactly 3.
    fn issue_table() -> Table {
        let a = TableDimension::multi_select("a", ["f", "m"]).unwrap();
        let b = TableDimension::multi_select("b", ["c", "d"]).unwrap();
        let mut t = Table::zeros(vec![a, b]).unwrap();
        for _ in 0..3 {
            t.add_person(&[&["f"], &["c", "d"]]).unwrap();
        }
        for _ in 0..10 {
            t.add_person(&[&["m"], &["c"]]).unwrap();
        }
        t
    }

    #[test]
    fn patterns_give_the_bounds_between_multi_select_margins() {
        let truth = issue_table();
        let mut t = truth.clone();
        t.set(&["f", "total"], sup()).unwrap();
        let r = audit(&t, 3).unwrap();
        let i = r.interval(&["f", "total"]).unwrap();
        assert_eq!((i.lower, i.upper), (3, Some(3)));
        assert!(!r.passed());
        // The fast check of `protect` agrees (no witness point: pattern counts are not cell
        // values), and so does the integer program.
        let values: Vec<Option<u64>> = truth.raw_cells().iter().map(|c| c.count()).collect();
        let n = narrow_cells(&t, 3, Witnesses::of_truth(&values).as_mut()).unwrap();
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].width, 0);
        let ip = audit_with(&t, 3, true, &mut Work::unlimited()).unwrap();
        assert_eq!(ip, r);
        // Hiding N(T,c) too frees it: N(f,T) = 3 + 13 - N(T,c) with N(T,c) from 10 to 13.
        t.set(&["total", "c"], sup()).unwrap();
        let r = audit(&t, 3).unwrap();
        let i = r.interval(&["f", "total"]).unwrap();
        assert_eq!((i.lower, i.upper), (3, Some(6)));
        let i = r.interval(&["total", "c"]).unwrap();
        assert_eq!((i.lower, i.upper), (10, Some(13)));
    }

    #[test]
    fn patterns_respect_the_exclusive_unknown() {
        // 2 persons of unknown form and citizenship x, 5 in form s and citizenship x: with
        // the unknown row hidden, N(unknown, x) = N(T,x) - persons in x with a known form,
        // and the patterns know `unknown` excludes `s`.
        let a = TableDimension::multi_select("form", ["s", "unknown"]).unwrap();
        let b = TableDimension::multi_select("cit", ["x", "y"]).unwrap();
        let mut t = Table::zeros(vec![a, b]).unwrap();
        for _ in 0..2 {
            t.add_person(&[&["unknown"], &["x"]]).unwrap();
        }
        for _ in 0..5 {
            t.add_person(&[&["s"], &["x"]]).unwrap();
        }
        for c in ["x", "y", "total"] {
            t.set(&["unknown", c], sup()).unwrap();
        }
        let r = audit(&t, 3).unwrap();
        for c in ["x", "total"] {
            let i = r.interval(&["unknown", c]).unwrap();
            assert_eq!((i.lower, i.upper), (2, Some(2)), "{c}");
        }
        let i = r.interval(&["unknown", "y"]).unwrap();
        assert_eq!((i.lower, i.upper), (0, Some(0)));
    }

    #[test]
    fn patterns_are_charged_and_limited() {
        let truth = issue_table();
        // 3 x 3 patterns, 9 cells, nothing to solve: exactly the cost of building the model.
        assert_eq!(pattern_count(&truth).unwrap(), Some(9));
        let cost = (9 + 9) * CELL_COST;
        assert!(audit_within(&truth, 3, cost).is_ok());
        assert_eq!(
            audit_within(&truth, 3, cost - 1),
            Err(DisclosureError::OverBudget)
        );
        // One multi-select dimension: modelled by its cells, no patterns.
        assert_eq!(pattern_count(&row(&[1, 2])).unwrap(), None);
        // 127 x 127 patterns: refused, naming the limit.
        let cats = ["p", "q", "r", "s", "t", "u", "v"];
        let a = TableDimension::multi_select("a", cats).unwrap();
        let b = TableDimension::multi_select("b", cats).unwrap();
        let mut t = Table::zeros(vec![a, b]).unwrap();
        t.add_person(&[&["p"], &["q", "r"]]).unwrap();
        t.set(&["p", "q"], sup()).unwrap();
        match audit(&t, 5) {
            Err(DisclosureError::Unsupported(m)) => assert!(m.contains("4096"), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        // With 6 known categories and `unknown` each: 64 x 64 = 4,096, at the limit.
        let cats = ["p", "q", "r", "s", "t", "u", "unknown"];
        let a = TableDimension::multi_select("a", cats).unwrap();
        let b = TableDimension::multi_select("b", cats).unwrap();
        let t = Table::zeros(vec![a, b]).unwrap();
        assert_eq!(pattern_count(&t).unwrap(), Some(MAX_PATTERNS));
        let p = patterns_of(&t);
        assert_eq!(p.len() as u64, MAX_PATTERNS);
        // a person in p and q of `a`, unknown in `b`: 3 x 2 cells
        let (cells, _) = p
            .iter()
            .find(|(_, n)| n.0[0].1 == "p+q" && n.0[1].1 == "unknown")
            .unwrap();
        let mut names: Vec<String> = cells.iter().map(|&i| t.name_of(i).to_string()).collect();
        names.sort();
        let mut want: Vec<String> = [
            ["p", "unknown"],
            ["p", "total"],
            ["q", "unknown"],
            ["q", "total"],
            ["total", "unknown"],
            ["total", "total"],
        ]
        .iter()
        .map(|c| t.name_of(t.index_of(c).unwrap()).to_string())
        .collect();
        want.sort();
        assert_eq!(names, want);
    }

    #[test]
    fn rounded_zero_is_modelled_as_a_union() {
        // a rounded 0 that stands for {0} or [5, 9] is modelled as that union: c0 = 0 or
        // 5..9; the total 30 (21..39) minus c2 (11..29) leaves c1 in [1, 28] with c0 = 0,
        // and not below 1 (c1 >= 1 when zeros are published)
        let mut t = row(&[0, 10, 20]);
        t.set_rounding(Some(Rounding::Random { base: 10 })).unwrap();
        t.set_published_rule(Some(PublishedRule {
            threshold: 5,
            zeros_hidden: false,
        }));
        t.set(
            &["c1"],
            Cell::Suppressed(Suppressed {
                reason: SuppressionReason::Primary,
                bounds: Some((1, None)),
            }),
        )
        .unwrap();
        let r = audit(&t, 5).unwrap();
        let i = r.interval(&["c1"]).unwrap();
        assert_eq!((i.lower, i.upper), (1, Some(28)));
    }

    #[test]
    fn the_budget_bounds_the_work() {
        let mut t = row(&[3, 12, 20, 7]);
        t.set(&["c0"], sup()).unwrap();
        t.set(&["c1"], sup()).unwrap();
        let full = audit(&t, 5).unwrap();
        assert_eq!(audit_within(&t, 5, u64::MAX).unwrap(), full);
        assert_eq!(audit_within(&t, 5, 0), Err(DisclosureError::OverBudget));
        // building the model alone: 5 cells
        assert_eq!(
            audit_within(&t, 5, 5 * CELL_COST),
            Err(DisclosureError::OverBudget)
        );
        assert!(audit_within(&t, 5, 5 * CELL_COST + 100).is_ok());
    }
}
