//! Disclosure control of published indicators: tables of counts with all their margins,
//! primary and secondary suppression, rounding, and the attacker's audit.
//!
//! A cell of 2 in a small country can identify a person, and a cell hidden by simple
//! suppression can often be recomputed from the row total and the other cells. This module
//! protects a table and proves it:
//!
//! 1. [`Table`]: a table of counts by one or more dimensions, with every margin (each subtotal
//!    over any subset of dimensions, and the grand total). Multi-select dimensions (a person
//!    exploited in several forms) are not additive: their margins count distinct persons.
//! 2. [`DisclosurePolicy`]: threshold (default 11), secondary suppression, protection width,
//!    optional rounding (deterministic, or unbiased random rounding to base 3 with a secret
//!    seed drawn from the operating system, one per release).
//! 3. [`protect`]: primary suppression of small counts, secondary suppression until the audit
//!    passes, rounding; returns a [`Release`] with the published table and its audit.
//! 4. [`audit`]: the attacker's integer program over everything published; usable on any
//!    table, for instance one published elsewhere with `"<5"` cells.
//! 5. [`tabulate`] builds the table of persons from case records, [`tabulate_tips`] the table
//!    of tips from tip records (version 1.1); [`Release::to_indicator`]
//!    and [`indicator_set`] turn protected tables into an `indicator_set` record whose
//!    disclosure metadata records the policy.
//! 6. [`audit_indicator`] audits a published indicator (from anyone) against its set's
//!    disclosure metadata; validation uses it (rule `indicator.suppressed_recoverable`).
//!
//! # Feature `disclosure`
//!
//! The solver and everything that needs it ([`audit`], [`protect`], [`audit_indicator`],
//! [`indicator_set`], ...) are behind the default feature `disclosure`. Without it the
//! tables, policies and [`tabulate`] remain, and validation reports every indicator whose
//! suppression it could not audit under `indicator.audit_incomplete`.
//!
//! # Feature `highs`: the solver
//!
//! By default every linear program is solved by `microlp` (pure Rust), built and solved
//! from scratch. With the feature `highs`, the single-cell programs of an audit run on
//! HiGHS: one model per connected component of the attacker's model stays loaded, and each
//! cell's program starts from the last optimal basis (the primal simplex after the objective
//! changes, the dual after bounds change); a fractional optimum is settled by a short
//! depth-first search for a whole-count point on the same model before microlp's branch and
//! bound. The intervals are the same in both builds (exact optima, checked by the same
//! integer-attacker property tests in CI); the suppression pattern [`protect`] chooses can
//! differ between builds (another optimal vertex gives other witnesses), and each build
//! passes the same exact audit. Measured on 2 shared cores (`benches/disclosure.rs`,
//! `CTIP_BENCH_LARGE=1`): a four-dimension release of 2,240 cells, protect 19 s with
//! microlp, 0.6 s with HiGHS; a 10 x 10 x 10 table, 52 s and 3.9 s. HiGHS builds from source with cmake, a C++ compiler and
//! libclang.
//!
//! # Which attacker the audit models
//!
//! The audit is the **integer** attacker who reads every published value of one table (for a
//! release, of all its tables: [`protect_release`]) and the public policy, and knows:
//!
//! - each published count, exact, or (rounded) within its rounding preimage narrowed by the
//!   policy ("an exact count is 0 or at least the threshold"): a rounded 0 whose preimage
//!   reaches the threshold is the union `{0} ∪ [threshold, hi]`, kept as a union (a binary
//!   variable), not widened to its hull; a suppressed cell published with bounds (`"<5"`)
//!   within them; every count a whole, non-negative number; a suppressed cell at least 1 when
//!   zeros are published (the policy never hides a zero then; validation's audit assumes it
//!   too, and drops it only when the cells contradict it);
//! - along each additive dimension, margin = sum of its parts;
//! - along one multi-select dimension, `part <= margin <= sum of parts`, and with an
//!   exclusive `unknown`: `margin = unknown + U`, `max(known parts) <= U <= sum(known parts)`.
//!   With one multi-select dimension these relations are complete: the persons of one
//!   combination of the additive categories can be any multiset of non-empty category sets,
//!   and counts satisfy the relations exactly when some such population gives them;
//! - with two or more multi-select dimensions, the persons themselves: a variable per
//!   pattern of categories (one category per additive dimension; per multi-select dimension a
//!   non-empty set of its known categories, or `unknown` alone), a whole non-negative count
//!   of persons, and every cell, interior or margin, the sum of the patterns it counts. The
//!   relations between cells are then implied, among them those no list of cell relations
//!   closes, e.g. `N(f,T) <= N(f,c) + N(T,T) - N(T,c)` (a person in `f` is in `c` or not).
//!   This model is the population the attacker searches, so it is complete; its size is the
//!   number of patterns, at most [`MAX_PATTERNS`] (`4,096`).
//!
//! Each bound is first solved as a linear program; when the optimal vertex is integral (and
//! within the unions) it is the integer optimum, which is always the case for one and two
//! additive dimensions (totally unimodular). Otherwise the integer program is solved by
//! branch and bound. So the intervals are the integer attacker's: a property test
//! (`tests/disclosure_integer_attacker.rs`) compares them, on random tables of 1 to 3
//! dimensions, additive and multi-select, rounded or not, zeros published or sensitive,
//! with an independent attacker that enumerates every population of persons consistent with
//! the published table, and requires equality. A cell passes when its interval is at least
//! the protection width wide, and the protection width is never below the threshold (so the
//! interval reaches the threshold: [`DisclosurePolicy::validate`]).
//!
//! What the audit does **not** model, and therefore refuses (an error
//! [`DisclosureError::Unsupported`] from [`audit`] and [`protect`]; `indicator.audit_incomplete`
//! in validation) rather than pass unproven: a table with two or more multi-select
//! dimensions and more than [`MAX_PATTERNS`] patterns of categories (two multi-select
//! dimensions of 7 known categories each make `127 x 127`). Tabulate one of them as
//! additive, or with fewer categories, or publish their breakdowns separately as slices of a
//! release. Validation does not audit an indicator with two or more multi-select dimensions
//! at all (`indicator.audit_incomplete`, as the released conformance kits pin it);
//! [`audit_indicator`] does.
//!
//! # Releases
//!
//! Tables of one release that share cells (victims by sex and by age group, from the same
//! cases), nested ones (victims assisted within victims identified) and a release against an
//! earlier one (a year after its first half) are linked: protect them together with
//! [`protect_release`], as [`Slice`]s of one table of all their dimensions (with a dimension
//! such as `assisted` or `half` for nesting and periods), passing the earlier tables, which
//! stay as they were. A cell shared by several tables is one cell: one suppression, one
//! rounded value. [`indicator_set`] refuses linked indicators protected separately.
//!
//! ```
//! # #[cfg(feature = "disclosure")] {
//! use ctip_exchange::disclosure::{audit, protect, Cell, DisclosurePolicy, Table, TableDimension};
//! let sex = TableDimension::additive("sex", ["female", "male", "unknown"])?;
//! let counts = Table::from_interior(vec![sex], &[3, 12, 20])?;
//! let release = protect(&counts, &DisclosurePolicy::new(5))?;
//! assert!(release.table.get(&["female"])?.is_suppressed());
//! assert!(release.table.get(&["male"])?.is_suppressed()); // so the 3 cannot be recomputed
//! assert_eq!(release.table.get(&["total"])?, Cell::Count(35));
//! assert!(audit(&release.table, 5)?.passed());
//! # }
//! # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
//! ```
//!
//! Error messages name cells by their coordinates (dimension and category codes) and never
//! contain a count.

#[cfg(feature = "disclosure")]
mod audit;
mod intervals;
mod linked;
#[cfg(feature = "highs")]
mod lp_highs;
mod policy;
#[cfg(feature = "disclosure")]
mod publish;
#[cfg(feature = "disclosure")]
mod published;
#[cfg(feature = "disclosure")]
mod release;
#[cfg(feature = "disclosure")]
mod round;
#[cfg(feature = "disclosure")]
mod suppress;
mod table;
mod tabulate;
mod tabulate_justice;
mod tabulate_tips;

#[cfg(feature = "disclosure")]
pub(crate) use audit::Work;
#[cfg(feature = "disclosure")]
pub use audit::{CELL_COST, MAX_PATTERNS, audit, audit_within};
pub use intervals::{AuditReport, CellInterval};
pub(crate) use linked::linked_groups;
pub use policy::{DEFAULT_THRESHOLD, DisclosurePolicy, RoundingPolicy};
#[cfg(feature = "disclosure")]
pub use publish::{IndicatorSetHeader, disclosure_metadata, indicator_set};
#[cfg(feature = "disclosure")]
pub use published::{
    LinkedFailure, audit_indicator, audit_indicator_within, audit_linked_indicators,
};
#[cfg(feature = "disclosure")]
pub(crate) use published::{audit_indicator_with, audit_linked_group};
#[cfg(feature = "disclosure")]
pub use release::{Slice, protect_release};
#[cfg(feature = "disclosure")]
pub use suppress::{Release, SuppressedCell, protect};
pub use table::{
    Cell, CellName, MAX_CELLS, MAX_DIMENSIONS, PublishedRule, Rounding, Suppressed,
    SuppressionReason, TOTAL, Table, TableDimension, UNKNOWN,
};
pub use tabulate::{Exclusions, Tabulation, TabulationSpec, is_multi_select, tabulate};
pub use tabulate_tips::{
    TipExclusions, TipTabulation, TipTabulationSpec, is_tip_dimension, is_tip_indicator,
    tabulate_tips,
};

/// What can go wrong while tabulating, protecting or auditing a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisclosureError {
    /// The table is malformed (no dimension, duplicate codes, wrong number of counts...).
    #[error("invalid table: {0}")]
    InvalidTable(String),
    /// A coordinate names a category the dimension does not have.
    #[error("dimension {dimension} has no category {code}")]
    UnknownCategory {
        /// The dimension's name.
        dimension: String,
        /// The code that was not found.
        code: String,
    },
    /// The policy is malformed.
    #[error("invalid disclosure policy: {0}")]
    InvalidPolicy(String),
    /// The published values contradict the table's relations (margins that do not add up,
    /// bounds that cannot all hold).
    #[error("inconsistent table: {0}")]
    Inconsistent(String),
    /// Some suppressed cells can be narrowed below the protection width. Lists them with the
    /// interval an attacker can compute.
    #[error("audit failed: {} cell(s) can be narrowed below width {protection_width}: {}",
        cells.len(), cells.iter().map(|c| c.cell.to_string()).collect::<Vec<_>>().join("; "))]
    AuditFailed {
        /// The protection width required.
        protection_width: u64,
        /// The cells that are not protected.
        cells: Vec<CellInterval>,
    },
    /// The indicator cannot be tabulated from case records.
    #[error("indicator {0} cannot be tabulated from cases")]
    UnsupportedIndicator(String),
    /// The audit would need more work than its budget allows (see
    /// [`audit_within`]); nothing is known about the table's protection.
    #[error("the audit needs more work than its budget allows")]
    OverBudget,
    /// The table is of a kind the audit does not model exactly (see [`audit`]), so its result
    /// would not be a proof of protection.
    #[error("the audit does not model this table: {0}")]
    Unsupported(String),
    /// The linear-programming solver failed.
    #[error("linear-programming solver failed: {0}")]
    Solver(String),
}
