//! Joint protection of a release: several tables cut from the same cases (breakdowns,
//! nested indicators, a period within a longer one), and tables published before.

use super::DisclosureError;
use super::policy::DisclosurePolicy;
use super::suppress::{Release, Role, protect_cells};
use super::table::{CellName, Table};

/// One table of a release, as a slice of the table of all dimensions: the dimensions it is
/// broken down by (`keep`, in order), and the category every other dimension is fixed at
/// (`fixed`; a dimension named in neither is at its margin, `total`).
///
/// - victims by sex, and victims by age group: `Slice::new(&["sex"])`,
///   `Slice::new(&["age_group"])` of a table by sex x age group;
/// - victims identified, and victims assisted (a subset), by sex: `Slice::new(&["sex"])` and
///   `Slice::new(&["sex"]).fixed(&[("assisted", "yes")])` of a table by sex x `assisted`
///   (`yes`, `no`);
/// - the year, and its first half published before: `Slice::new(&["sex"])` and (earlier)
///   `Slice::new(&["sex"]).fixed(&[("half", "h1")])` of a table by sex x `half` (`h1`, `h2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice<'a> {
    /// The dimensions the table is broken down by, in its order.
    pub keep: &'a [&'a str],
    /// The category each other dimension is fixed at (the others are at `total`).
    pub fixed: &'a [(&'a str, &'a str)],
}

impl<'a> Slice<'a> {
    /// The breakdown by these dimensions, every other one at its margin.
    pub fn new(keep: &'a [&'a str]) -> Self {
        Self { keep, fixed: &[] }
    }

    /// The same slice with these dimensions fixed at these categories.
    pub fn fixed(self, fixed: &'a [(&'a str, &'a str)]) -> Self {
        Self { fixed, ..self }
    }
}

/// Protects several tables of one release together: every table is a [`Slice`] of `counts`,
/// the table of true counts by all their dimensions, and `earlier` lists tables already
/// published (each the slice of `counts` it was cut from, as published: exact, rounded with
/// the same rounding, or suppressed), which stay as they are.
///
/// The attacker is given every cell of every table, the earlier ones included, and the
/// relations of `counts` that link them; the cells of `counts` that no table publishes are
/// unknown to it (counts, nothing more). Suppression and rounding act on the published cells
/// only, and a cell shared by two tables (the grand total of two breakdowns, a margin of
/// victims by sex in victims by sex and age group) is one cell: it gets one rounded value and
/// one suppression. Returns one [`Release`] per table of `publish`, in order, each with the
/// intervals of the joint audit for its cells; they come from one protection, so
/// [`indicator_set`](super::indicator_set) accepts them together.
///
/// ```
/// use ctip_exchange::disclosure::*;
/// // victims by sex, and the victims assisted among them (nested)
/// let sex = TableDimension::additive("sex", ["female", "male"])?;
/// let assisted = TableDimension::additive("assisted", ["yes", "no"])?;
/// let counts = Table::from_interior(vec![sex, assisted], &[12, 3, 20, 9])?;
/// let releases = protect_release(
///     &counts,
///     &[Slice::new(&["sex"]), Slice::new(&["sex"]).fixed(&[("assisted", "yes")])],
///     &[],
///     &DisclosurePolicy::new(5),
/// )?;
/// assert_eq!(releases.len(), 2);
/// assert!(releases[0].same_protection(&releases[1]));
/// assert_eq!(releases[1].table.get(&["male"])?, Cell::Count(20));
/// # Ok::<(), DisclosureError>(())
/// ```
pub fn protect_release(
    counts: &Table,
    publish: &[Slice<'_>],
    earlier: &[(Slice<'_>, &Table)],
    policy: &DisclosurePolicy,
) -> Result<Vec<Release>, DisclosureError> {
    if publish.is_empty() {
        return Err(DisclosureError::InvalidTable(
            "a release needs at least one table".into(),
        ));
    }
    let mut roles = vec![Role::Unpublished; counts.len()];
    for (slice, table) in earlier {
        let (dims, indices) = counts.slice_indices(slice.keep, slice.fixed)?;
        if table.dimensions() != dims.as_slice() {
            return Err(DisclosureError::InvalidTable(
                "an earlier table does not have the dimensions and categories of its slice".into(),
            ));
        }
        if table.rounding() != counts_rounding(policy) {
            return Err(DisclosureError::InvalidPolicy(
                "an earlier table must be rounded as this release is (or neither rounded)".into(),
            ));
        }
        for (&idx, cell) in indices.iter().zip(table.raw_cells()) {
            if let Role::Frozen(other) = roles[idx]
                && other != *cell
            {
                return Err(DisclosureError::Inconsistent(format!(
                    "two earlier tables publish cell {} differently",
                    counts.name_of(idx)
                )));
            }
            roles[idx] = Role::Frozen(*cell);
        }
    }
    let mut slices = Vec::with_capacity(publish.len());
    for slice in publish {
        let (dims, indices) = counts.slice_indices(slice.keep, slice.fixed)?;
        for &idx in &indices {
            match roles[idx] {
                Role::Frozen(_) => {
                    return Err(DisclosureError::InvalidTable(format!(
                        "cell {} is in an earlier table and in a table of this release: \
                         publish it once",
                        counts.name_of(idx)
                    )));
                }
                _ => roles[idx] = Role::Publish,
            }
        }
        slices.push((slice, dims, indices));
    }
    let full = protect_cells(counts, policy, Some(&roles))?;
    let mut out = Vec::with_capacity(slices.len());
    for (slice, _, indices) in slices {
        let table = full.table.slice(slice.keep, slice.fixed)?;
        // the cell of the full table each cell of the slice is, by name
        let by_full: std::collections::HashMap<CellName, CellName> = indices
            .iter()
            .map(|&i| full.table.name_of(i))
            .zip(table.cells().map(|(n, _)| n))
            .collect();
        out.push(full.sub_release(table, |c| by_full.get(c).cloned()));
    }
    Ok(out)
}

fn counts_rounding(policy: &DisclosurePolicy) -> Option<super::table::Rounding> {
    use super::policy::RoundingPolicy;
    use super::table::Rounding;
    policy.rounding.map(|r| match r {
        RoundingPolicy::Deterministic { base } => Rounding::Deterministic { base },
        RoundingPolicy::Random { base, .. } => Rounding::Random { base },
    })
}
