//! Primary and secondary suppression, rounding, and the release that bundles them with
//! their audit.
//!
//! # Secondary suppression
//!
//! A heuristic, checked by the exact audit:
//!
//! 1. Primary suppression: every cell (margins included) with `0 < n < threshold`, and zeros
//!    when they are sensitive; with rounding, also every cell whose *rounded* value would be
//!    such a count (so that every published count reads as 0 or at least the threshold).
//! 2. Without rounding, a cheap first pass: while some additive relation (a margin and its
//!    parts along one dimension) has exactly one suppressed member, that member can be
//!    recomputed by difference; suppress a partner in that relation.
//! 3. The attacker's linear program ([`audit`](super::audit)): for every suppressed cell whose
//!    interval is narrower than the protection width, suppress a partner cell in one of the
//!    relations it belongs to. Repeat until no cell is too narrow.
//!
//! When zeros are published (not sensitive), every hidden cell is known to be at least 1:
//! the release records that bound on each suppressed cell, the audit uses it, and a zero is
//! never chosen as a partner.
//!
//! Finally, each secondary suppression is tried back in the release, largest first, and stays
//! published when the audit still passes without it (backward elimination).
//!
//! A partner is chosen among the published cells of the relations the exposed cell is in
//! (the relations where it is the only suppressed member first): the smallest cell at least
//! as large as the missing width, or, when none is, the largest; interior cells before
//! margins at the same value; the grand total only when nothing else is left. Each round
//! suppresses at least one more cell, and a table with every cell suppressed passes, so the
//! loop ends. The final audit is exact and independent of the heuristic.

use super::DisclosureError;
use super::audit::{AuditReport, Witnesses, audit, narrow_cells};
use super::policy::{DisclosurePolicy, RoundingPolicy};
use super::round::{round_deterministic, round_random};
use super::table::{
    Cell, CellName, PublishedRule, Relation, Rounding, Suppressed, SuppressionReason, Table,
};

/// A suppressed cell of a release, with the reason (for the data officer's report; the
/// reason is not something to publish).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressedCell {
    /// The cell's coordinates.
    pub cell: CellName,
    /// Why it is suppressed.
    pub reason: SuppressionReason,
}

/// A protected table, ready to publish, with the policy applied and the audit that proves it.
#[derive(Debug, Clone)]
pub struct Release {
    /// The published table: counts (rounded when the policy rounds), suppressed cells, and
    /// not-available cells.
    pub table: Table,
    /// The policy applied.
    pub policy: DisclosurePolicy,
    /// The attacker's audit of the published table; it passed.
    pub audit: AuditReport,
    /// Every suppressed cell and why.
    pub suppressed: Vec<SuppressedCell>,
    /// Which call of [`protect`] made the release: [`Release::project`] keeps it, so that
    /// [`indicator_set`](super::indicator_set) can tell breakdowns cut from one protected
    /// table from breakdowns protected separately.
    origin: u64,
}

/// A new [`Release::origin`], unique in the process.
fn next_origin() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Release {
    /// A release of the same protection with another table (a slice of this one's).
    /// The release of `table`, a part of this release's table: the audit intervals and the
    /// suppressed cells of the cells `rename` maps into it, under their names there.
    pub(crate) fn sub_release(
        &self,
        table: Table,
        rename: impl Fn(&CellName) -> Option<CellName>,
    ) -> Release {
        let intervals = self
            .audit
            .intervals
            .iter()
            .filter_map(|i| {
                rename(&i.cell).map(|cell| super::intervals::CellInterval {
                    cell,
                    lower: i.lower,
                    upper: i.upper,
                })
            })
            .collect();
        let suppressed = self
            .suppressed
            .iter()
            .filter_map(|s| {
                rename(&s.cell).map(|cell| SuppressedCell {
                    cell,
                    reason: s.reason,
                })
            })
            .collect();
        Release {
            table,
            policy: self.policy,
            audit: AuditReport {
                protection_width: self.audit.protection_width,
                intervals,
            },
            suppressed,
            origin: self.origin,
        }
    }

    /// How many cells of the table are published as exact counts.
    pub fn published_count(&self) -> usize {
        self.table
            .cells()
            .filter(|(_, c)| matches!(c, Cell::Count(_)))
            .count()
    }

    /// True when both releases come from one call of [`protect`] (one is a
    /// [`project`](Release::project)ion of the other, or both of a third).
    pub fn same_protection(&self, other: &Release) -> bool {
        self.origin == other.origin
    }

    /// The release cut down to some of its dimensions: the cells of the protected table whose
    /// other coordinates are all `total`, with their audit intervals (computed on the whole
    /// table). Publish several breakdowns of one population (by sex; by age group; by sex and
    /// age group) as sub-tables of one release of the table with all their dimensions: two
    /// tables protected separately share margins, and an attacker can combine them.
    ///
    /// ```
    /// use ctip_exchange::disclosure::{protect, DisclosurePolicy, Table, TableDimension};
    /// let sex = TableDimension::additive("sex", ["female", "male"])?;
    /// let age = TableDimension::additive("age_group", ["0-17", "18+"])?;
    /// let counts = Table::from_interior(vec![sex, age], &[2, 30, 25, 40])?;
    /// let release = protect(&counts, &DisclosurePolicy::new(5))?;
    /// let by_sex = release.project(&["sex"])?;
    /// assert_eq!(by_sex.table.len(), 3);
    /// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
    /// ```
    pub fn project(&self, keep: &[&str]) -> Result<Release, DisclosureError> {
        let table = self.table.project(keep)?;
        let names: Vec<CellName> = table.cells().map(|(n, _)| n).collect();
        // The cell of the whole table that a cell of the sub-table is.
        let full = |n: &CellName| -> CellName {
            CellName(
                self.table
                    .dimensions()
                    .iter()
                    .map(|d| {
                        let code =
                            n.0.iter()
                                .find(|(name, _)| name == d.name())
                                .map_or(super::table::TOTAL.to_owned(), |(_, c)| c.clone());
                        (d.name().to_owned(), code)
                    })
                    .collect(),
            )
        };
        let wanted: std::collections::HashMap<CellName, CellName> =
            names.iter().map(|n| (full(n), n.clone())).collect();
        Ok(self.sub_release(table, |c| wanted.get(c).cloned()))
    }
}

/// Protects a table of true counts under a policy: primary suppression, secondary suppression
/// until the attacker's audit passes, then rounding of the published counts. Fails with
/// [`DisclosureError::AuditFailed`] when the result does not pass the audit (only possible when
/// secondary suppression is off).
///
/// The input table holds true counts ([`Cell::Count`], or [`Cell::NotAvailable`]) whose
/// margins are consistent with their parts.
///
/// ```
/// use ctip_exchange::disclosure::{protect, DisclosurePolicy, SuppressionReason, Table, TableDimension};
/// let sex = TableDimension::additive("sex", ["female", "male"])?;
/// let age = TableDimension::additive("age_group", ["0-17", "18+"])?;
/// let counts = Table::from_interior(vec![sex, age], &[2, 30, 25, 40])?;
/// let release = protect(&counts, &DisclosurePolicy::new(5))?;
/// assert!(release.audit.passed());
/// let primary: Vec<String> = release.suppressed.iter()
///     .filter(|s| s.reason == SuppressionReason::Primary)
///     .map(|s| s.cell.to_string()).collect();
/// assert_eq!(primary, ["sex=female, age_group=0-17"]);
/// assert_eq!(release.suppressed.len(), 4); // a 2x2 block: the 2 cannot be recomputed
/// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
/// ```
pub fn protect(counts: &Table, policy: &DisclosurePolicy) -> Result<Release, DisclosureError> {
    protect_cells(counts, policy, None)
}

/// What one cell of the table of all dimensions is in a joint release
/// ([`protect_release`](super::protect_release)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Published by this release: suppressed, rounded or published as the policy says.
    Publish,
    /// Not published by any table of the release: the attacker knows only that it is a
    /// count (it is linked to the published cells by the table's relations).
    Unpublished,
    /// Published before, by an earlier release, as this cell: it stays as it was.
    Frozen(Cell),
}

/// [`protect`] with a role for every cell (`None`: every cell is published).
pub(crate) fn protect_cells(
    counts: &Table,
    policy: &DisclosurePolicy,
    roles: Option<&[Role]>,
) -> Result<Release, DisclosureError> {
    policy.validate()?;
    if counts.rounding().is_some() {
        return Err(DisclosureError::InvalidTable(
            "the table to protect must hold true counts, not rounded ones".into(),
        ));
    }
    let truth: Vec<Option<u64>> = counts
        .raw_cells()
        .iter()
        .map(|c| match c {
            Cell::Count(n) => Ok(Some(*n)),
            Cell::NotAvailable => Ok(None),
            Cell::Suppressed(_) => Err(DisclosureError::InvalidTable(
                "the table to protect must hold true counts, not suppressed cells".into(),
            )),
        })
        .collect::<Result<_, _>>()?;
    let relations = counts.relations();
    check_consistent(counts, &truth, &relations)?;
    let role = |i: usize| roles.map_or(Role::Publish, |r| r[i]);
    let frozen: Vec<bool> = (0..truth.len()).map(|i| role(i) != Role::Publish).collect();

    let mut table = counts.clone();
    // The policy is public: published counts are 0 or at least the threshold.
    table.set_published_rule(Some(PublishedRule {
        threshold: policy.threshold,
        zeros_hidden: policy.zeros_sensitive,
    }));
    // Primary suppression.
    for (cell, value) in table.raw_cells_mut().iter_mut().zip(&truth) {
        if let Some(v) = value
            && policy.is_sensitive(*v)
        {
            *cell = hidden(SuppressionReason::Primary, policy);
        }
    }
    // Rounding of what is published (decided on the true counts, cell by cell).
    if let Some(r) = policy.rounding {
        for (i, (cell, value)) in table.raw_cells_mut().iter_mut().zip(&truth).enumerate() {
            if frozen[i] {
                continue;
            }
            if let (Cell::Count(_), Some(v)) = (&cell, value) {
                let rounded = match r {
                    RoundingPolicy::Deterministic { base } => round_deterministic(*v, base),
                    RoundingPolicy::Random { base, seed } => round_random(*v, base, seed, i as u64),
                };
                // A count at or above the threshold can round below it (11 to 9 in base 3):
                // such a value would read as a small count, so it is suppressed too.
                *cell = if policy.is_sensitive(rounded) {
                    hidden(SuppressionReason::Primary, policy)
                } else {
                    Cell::Count(rounded)
                };
            }
        }
        table.set_rounding(Some(match r {
            RoundingPolicy::Deterministic { base } => Rounding::Deterministic { base },
            RoundingPolicy::Random { base, .. } => Rounding::Random { base },
        }))?;
    }

    // Cells this release does not publish, and cells an earlier release published.
    for (i, cell) in table.raw_cells_mut().iter_mut().enumerate() {
        match role(i) {
            Role::Publish => {}
            Role::Unpublished => *cell = Cell::NotAvailable,
            Role::Frozen(earlier) => {
                if let (Cell::Count(n), None, Some(v)) = (earlier, policy.rounding, truth[i])
                    && n != v
                {
                    return Err(DisclosureError::Inconsistent(format!(
                        "the earlier release publishes cell {} with another count than the \
                         cases give: tabulate both releases from the same cases",
                        counts.name_of(i)
                    )));
                }
                *cell = earlier;
            }
        }
    }

    if policy.secondary_suppression {
        let published = table.raw_cells().to_vec();
        secondary(&mut table, &truth, &relations, policy, &frozen)?;
        if policy.minimize_secondary {
            release_unneeded(&mut table, &published, &truth, &relations, policy, &frozen)?;
        }
    }

    // The exact (integer) audit decides. The search above proves cells with linear
    // solutions, which an integer attacker can sometimes beat: the cells it still narrows
    // get partners, and the search runs again.
    let mut report = audit(&table, policy.protection_width)?;
    if policy.secondary_suppression {
        let mut rels_of: Vec<Vec<usize>> = vec![Vec::new(); truth.len()];
        for (ri, rel) in relations.iter().enumerate() {
            for m in rel.members() {
                rels_of[m].push(ri);
            }
        }
        let sup = hidden(SuppressionReason::Secondary, policy);
        for _ in 0..truth.len() {
            if report.passed() {
                break;
            }
            let mut chosen = Vec::new();
            for f in report.failures() {
                let codes: Vec<&str> = f.cell.0.iter().map(|(_, c)| c.as_str()).collect();
                let idx = table.index_of(&codes)?;
                let deficit = policy
                    .protection_width
                    .saturating_sub(f.width().unwrap_or(0));
                if let Some(p) = choose_partner(
                    &table,
                    &truth,
                    &relations,
                    &rels_of,
                    idx,
                    deficit,
                    policy.zeros_sensitive,
                    &frozen,
                ) {
                    chosen.push(p);
                }
            }
            if chosen.is_empty() {
                break;
            }
            for p in chosen {
                table.raw_cells_mut()[p] = sup;
            }
            secondary(&mut table, &truth, &relations, policy, &frozen)?;
            report = audit(&table, policy.protection_width)?;
        }
    }
    let report = report.into_result()?;
    let suppressed = table
        .raw_cells()
        .iter()
        .enumerate()
        .filter(|(i, _)| !frozen[*i])
        .filter_map(|(i, c)| match c {
            Cell::Suppressed(s) => Some(SuppressedCell {
                cell: table.name_of(i),
                reason: s.reason,
            }),
            _ => None,
        })
        .collect();
    Ok(Release {
        table,
        policy: *policy,
        audit: report,
        suppressed,
        origin: next_origin(),
    })
}

/// Checks that true counts satisfy the table's relations.
fn check_consistent(
    table: &Table,
    truth: &[Option<u64>],
    relations: &[Relation],
) -> Result<(), DisclosureError> {
    for rel in relations {
        let Some(total) = truth[rel.total] else {
            continue;
        };
        let parts: Option<Vec<u64>> = rel.parts.iter().map(|&p| truth[p]).collect();
        let Some(parts) = parts else {
            continue;
        };
        let sum: u128 = parts.iter().map(|&p| u128::from(p)).sum();
        let ok = if rel.additive {
            sum == u128::from(total)
        } else {
            parts.iter().all(|&p| p <= total) && u128::from(total) <= sum
        };
        if !ok {
            return Err(DisclosureError::Inconsistent(format!(
                "the counts do not add up at the margin {}",
                table.name_of(rel.total)
            )));
        }
    }
    Ok(())
}

/// A suppressed cell, with what the release reveals about it: when zeros are published as 0,
/// a suppressed cell is known not to be 0 (its lower bound is 1), and the audit uses that.
/// So secondary suppression never hides a zero in that case: the attacker would wrongly but
/// usefully exclude it, and the audit's model would not hold.
fn hidden(reason: SuppressionReason, policy: &DisclosurePolicy) -> Cell {
    Cell::Suppressed(Suppressed {
        reason,
        bounds: (!policy.zeros_sensitive).then_some((1, None)),
    })
}

fn is_unknown(cell: &Cell) -> bool {
    !matches!(cell, Cell::Count(_))
}

fn secondary(
    table: &mut Table,
    truth: &[Option<u64>],
    relations: &[Relation],
    policy: &DisclosurePolicy,
    frozen: &[bool],
) -> Result<(), DisclosureError> {
    let pw = policy.protection_width;
    let allow_zero = policy.zeros_sensitive;
    let mut rels_of: Vec<Vec<usize>> = vec![Vec::new(); truth.len()];
    for (ri, rel) in relations.iter().enumerate() {
        for m in rel.members() {
            rels_of[m].push(ri);
        }
    }
    // The true table is a point the attacker cannot exclude; it proves most cells protected
    // without solving. Not available when some true counts are unknown.
    let mut pool = Witnesses::of_truth(truth);

    let sup = hidden(SuppressionReason::Secondary, policy);
    for _round in 0..=truth.len() {
        // Cheap pass: a lone suppressed member of an additive relation is recomputed by
        // difference (exactly without rounding, so only then).
        if table.rounding().is_none() {
            loop {
                let mut changed = false;
                for rel in relations.iter().filter(|r| r.additive) {
                    let cells = table.raw_cells();
                    let unknown: Vec<usize> =
                        rel.members().filter(|&m| is_unknown(&cells[m])).collect();
                    if unknown.len() != 1 || !cells[unknown[0]].is_suppressed() {
                        continue;
                    }
                    let c = unknown[0];
                    let deficit = pw.saturating_sub(truth[c].unwrap_or(0));
                    if let Some(p) = choose_partner(
                        table, truth, relations, &rels_of, c, deficit, allow_zero, frozen,
                    ) {
                        table.raw_cells_mut()[p] = sup;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
        let narrow = narrow_cells(table, pw, pool.as_mut())?;
        if narrow.is_empty() {
            return Ok(());
        }
        let mut chosen = Vec::new();
        for n in &narrow {
            let deficit = pw.saturating_sub(n.width);
            if let Some(p) = choose_partner(
                table, truth, relations, &rels_of, n.idx, deficit, allow_zero, frozen,
            ) {
                chosen.push(p);
            }
        }
        if chosen.is_empty() {
            // Nothing left to suppress; the final audit reports the cells.
            return Ok(());
        }
        for p in chosen {
            table.raw_cells_mut()[p] = sup;
        }
    }
    Ok(())
}

/// Backward elimination: the greedy choice can hide more than needed, so each secondary
/// suppression is tried back in the release, largest value first, and kept published when
/// the audit still passes without it.
fn release_unneeded(
    table: &mut Table,
    published: &[Cell],
    truth: &[Option<u64>],
    relations: &[Relation],
    policy: &DisclosurePolicy,
    frozen: &[bool],
) -> Result<(), DisclosureError> {
    let mut rels_of: Vec<Vec<usize>> = vec![Vec::new(); truth.len()];
    for (ri, rel) in relations.iter().enumerate() {
        if rel.additive {
            for m in rel.members() {
                rels_of[m].push(ri);
            }
        }
    }
    let mut pool = Witnesses::of_truth(truth);
    let mut secondaries: Vec<usize> = table
        .raw_cells()
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !frozen[*i]
                && matches!(c, Cell::Suppressed(s) if s.reason == SuppressionReason::Secondary)
        })
        .map(|(i, _)| i)
        .collect();
    secondaries.sort_by_key(|&i| std::cmp::Reverse((truth[i].unwrap_or(0), table.margin_level(i))));
    for idx in secondaries {
        let hidden = table.raw_cells()[idx];
        table.raw_cells_mut()[idx] = published[idx];
        // Without rounding, a relation left with one hidden member gives it away: no need to
        // solve anything to know the cell must stay hidden.
        let exposes = table.rounding().is_none()
            && rels_of[idx].iter().any(|&ri| {
                let cells = table.raw_cells();
                let unknown: Vec<usize> = relations[ri]
                    .members()
                    .filter(|&m| is_unknown(&cells[m]))
                    .collect();
                unknown.len() == 1 && cells[unknown[0]].is_suppressed()
            });
        if exposes || !narrow_cells(table, policy.protection_width, pool.as_mut())?.is_empty() {
            table.raw_cells_mut()[idx] = hidden;
        }
    }
    Ok(())
}

/// The cell to suppress next so that cell `c` gains `deficit` in width.
#[allow(clippy::too_many_arguments)]
fn choose_partner(
    table: &Table,
    truth: &[Option<u64>],
    relations: &[Relation],
    rels_of: &[Vec<usize>],
    c: usize,
    deficit: u64,
    allow_zero: bool,
    frozen: &[bool],
) -> Option<usize> {
    let cells = table.raw_cells();
    let grand = table.grand_total();
    let mine = &rels_of[c];
    // Relations where `c` is the only unknown member: it is recomputed there by difference.
    let urgent: Vec<usize> = mine
        .iter()
        .copied()
        .filter(|&ri| {
            relations[ri].additive
                && relations[ri]
                    .members()
                    .filter(|&m| is_unknown(&cells[m]))
                    .count()
                    == 1
        })
        .collect();
    let pick = |rels: &[usize]| -> Option<usize> {
        let mut cands: Vec<usize> = rels
            .iter()
            .flat_map(|&ri| relations[ri].members())
            .filter(|&m| m != c && !is_unknown(&cells[m]))
            .collect();
        cands.sort_unstable();
        cands.dedup();
        best(table, truth, &cands, grand, deficit, allow_zero, frozen)
    };
    if !urgent.is_empty()
        && let Some(p) = pick(&urgent)
    {
        return Some(p);
    }
    if let Some(p) = pick(mine) {
        return Some(p);
    }
    // Every relation of `c` is fully suppressed: widen elsewhere (smallest published cell).
    let all: Vec<usize> = (0..cells.len())
        .filter(|&m| m != c && !is_unknown(&cells[m]))
        .collect();
    best(table, truth, &all, grand, deficit, allow_zero, frozen)
}

fn best(
    table: &Table,
    truth: &[Option<u64>],
    cands: &[usize],
    grand: usize,
    deficit: u64,
    allow_zero: bool,
    frozen: &[bool],
) -> Option<usize> {
    let value = |m: usize| truth[m].unwrap_or(0);
    let cands: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&m| !frozen[m] && (allow_zero || value(m) > 0))
        .collect();
    let ordinary: Vec<usize> = cands.iter().copied().filter(|&m| m != grand).collect();
    if ordinary.is_empty() {
        return cands.iter().copied().find(|&m| m == grand);
    }
    let covering = ordinary
        .iter()
        .copied()
        .filter(|&m| value(m) >= deficit && (deficit > 0 || value(m) > 0))
        .min_by_key(|&m| (value(m), table.margin_level(m), m));
    covering.or_else(|| {
        ordinary.iter().copied().max_by_key(|&m| {
            (
                value(m),
                std::cmp::Reverse(table.margin_level(m)),
                std::cmp::Reverse(m),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::table::TableDimension;
    use super::*;

    fn published_ok(release: &Release, threshold: u64) {
        for (_, c) in release.table.cells() {
            if let Cell::Count(n) = c {
                assert!(n == 0 || n >= threshold);
            }
        }
        assert!(
            audit(&release.table, release.policy.protection_width)
                .unwrap()
                .passed()
        );
    }

    #[test]
    fn differencing_fixture() {
        let d = TableDimension::additive("d", ["a", "b", "c"]).unwrap();
        let t = Table::from_interior(vec![d], &[3, 12, 20]).unwrap();
        let r = protect(&t, &DisclosurePolicy::new(5)).unwrap();
        published_ok(&r, 5);
        assert_eq!(r.suppressed.len(), 2);
        assert_eq!(r.table.get(&["c"]).unwrap(), Cell::Count(20));
        assert_eq!(r.table.get(&["total"]).unwrap(), Cell::Count(35));
    }

    #[test]
    fn without_secondary_suppression_the_release_fails() {
        let d = TableDimension::additive("d", ["a", "b", "c"]).unwrap();
        let t = Table::from_interior(vec![d], &[3, 12, 20]).unwrap();
        let p = DisclosurePolicy::new(5).with_secondary_suppression(false);
        match protect(&t, &p) {
            Err(DisclosureError::AuditFailed { cells, .. }) => {
                assert_eq!(cells.len(), 1);
                assert_eq!(cells[0].cell.to_string(), "d=a");
            }
            other => panic!("expected an audit failure, got {other:?}"),
        }
    }

    #[test]
    fn tiny_table_suppresses_everything() {
        let d = TableDimension::additive("d", ["a", "b"]).unwrap();
        let t = Table::from_interior(vec![d], &[3, 4]).unwrap();
        // Both suppressed, total 7 published: each in [0, 7], wide enough for width 5.
        let r = protect(&t, &DisclosurePolicy::new(5)).unwrap();
        assert_eq!(r.suppressed.len(), 2);
        published_ok(&r, 5);
        // A width of 8 needs the grand total too: nothing else is left.
        let r = protect(&t, &DisclosurePolicy::new(5).with_protection_width(8)).unwrap();
        assert_eq!(r.suppressed.len(), 3);
        assert!(r.table.get(&["total"]).unwrap().is_suppressed());
        published_ok(&r, 5);
    }

    #[test]
    fn rounding_is_applied_and_reproducible() {
        let a = TableDimension::additive("a", ["x", "y", "z"]).unwrap();
        let b = TableDimension::additive("b", ["p", "q"]).unwrap();
        let t = Table::from_interior(vec![a, b], &[3, 40, 22, 17, 31, 50]).unwrap();
        let p = DisclosurePolicy::new(5).with_rounding(Some(RoundingPolicy::random_base3(9)));
        let r1 = protect(&t, &p).unwrap();
        let r2 = protect(&t, &p).unwrap();
        assert_eq!(r1.table, r2.table);
        assert!(r1.audit.passed());
        for (_, c) in r1.table.cells() {
            if let Cell::Count(n) = c {
                assert_eq!(n % 3, 0);
            }
        }
        let p =
            DisclosurePolicy::new(5).with_rounding(Some(RoundingPolicy::Deterministic { base: 5 }));
        let r = protect(&t, &p).unwrap();
        assert_eq!(r.table.get(&["y", "p"]).unwrap(), Cell::Count(20));
    }

    #[test]
    fn sensitive_zeros() {
        let d = TableDimension::additive("d", ["a", "b", "c"]).unwrap();
        let t = Table::from_interior(vec![d], &[0, 12, 20]).unwrap();
        let r = protect(&t, &DisclosurePolicy::new(5)).unwrap();
        assert!(r.suppressed.is_empty());
        let r = protect(&t, &DisclosurePolicy::new(5).with_zeros_sensitive(true)).unwrap();
        assert!(r.table.get(&["a"]).unwrap().is_suppressed());
        published_ok(&r, 5);
    }

    #[test]
    fn hidden_cells_are_known_not_to_be_zero() {
        // Two 1s hidden side by side: with zeros published as 0 the attacker knows each is at
        // least 1, and 1 + 1 = 2 gives both away.
        let d = TableDimension::additive("d", ["a", "b", "c"]).unwrap();
        let t = Table::from_interior(vec![d], &[1, 1, 40]).unwrap();
        let policy = DisclosurePolicy::new(2);
        let r = protect(&t, &policy).unwrap();
        published_ok(&r, 2);
        assert!(
            r.table.get(&["c"]).unwrap().is_suppressed()
                || r.table.get(&["total"]).unwrap().is_suppressed()
        );
        let Cell::Suppressed(s) = r.table.get(&["a"]).unwrap() else {
            panic!("a must be suppressed")
        };
        assert_eq!(s.bounds, Some((1, None)));
        // With zeros sensitive, a hidden cell may be 0: the two 1s alone span [0, 2].
        let r = protect(&t, &policy.with_zeros_sensitive(true)).unwrap();
        assert_eq!(r.suppressed.len(), 2);
        assert_eq!(r.audit.interval(&["a"]).unwrap().upper, Some(2));
    }

    #[test]
    fn not_available_cells_stay_unknown() {
        let d = TableDimension::additive("d", ["a", "b", "c"]).unwrap();
        let mut t = Table::from_interior(vec![d], &[3, 12, 20]).unwrap();
        t.set(&["c"], Cell::NotAvailable).unwrap();
        let r = protect(&t, &DisclosurePolicy::new(5)).unwrap();
        // The unknown 20 already hides the 3: a + c = 23 with c unknown.
        assert_eq!(r.suppressed.len(), 1);
        assert_eq!(r.table.get(&["c"]).unwrap(), Cell::NotAvailable);
        let i = r.audit.interval(&["a"]).unwrap();
        assert_eq!((i.lower, i.upper), (1, Some(23)));
    }

    #[test]
    fn inconsistent_input_is_rejected() {
        let d = TableDimension::additive("d", ["a", "b"]).unwrap();
        let mut t = Table::from_interior(vec![d], &[30, 40]).unwrap();
        t.set(&["total"], Cell::Count(69)).unwrap();
        assert!(matches!(
            protect(&t, &DisclosurePolicy::new(5)),
            Err(DisclosureError::Inconsistent(_))
        ));
    }
}
