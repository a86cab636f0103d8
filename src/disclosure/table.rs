//! Tables of counts with every margin: dimensions, cells and their states.

// The crate-internal accessors serve the audit, which needs the `disclosure` feature.
#![cfg_attr(not(feature = "disclosure"), allow(dead_code))]

use super::DisclosureError;
use std::fmt;

/// The code of the margin (the total over a dimension) in a cell's coordinates (the same as
/// the indicator model's).
pub const TOTAL: &str = crate::indicator::TOTAL;

/// The code of the category that holds unknown values, when a dimension has one (the same as
/// the indicator model's).
pub const UNKNOWN: &str = crate::indicator::UNKNOWN;

/// Most dimensions a table may have (the number of cells grows as a product).
pub const MAX_DIMENSIONS: usize = 6;

/// Most cells (interior and margins together) a table may have.
pub const MAX_CELLS: usize = 1_000_000;

/// One dimension of a table: a name, its ordered category codes, and whether it is additive.
///
/// A dimension is **additive** when every person counted is in exactly one of its categories
/// (sex, age group): the margin over it is then the sum of its categories. A **multi-select**
/// dimension (form of exploitation, citizenship) is not additive: a person can be in several
/// categories, the margin over it counts *distinct persons*, and it can be smaller than the
/// sum of the categories. For such a dimension the audit does not use "margin = sum of the
/// parts"; what an attacker can still use, and the audit does, is that each category count is
/// at most the margin, and that the margin is at most the sum of the categories (every person
/// is in at least one category, the `unknown` category included).
///
/// **The `unknown` category of a multi-select dimension is exclusive.** By convention (and as
/// [`tabulate`](super::tabulate) counts), a person is in the category named [`UNKNOWN`] of a
/// multi-select dimension exactly when *no other* category of that dimension is recorded for
/// them; [`Table::add_person`] refuses `unknown` together with another category there. So the
/// margin is `unknown + U`, where `U` (the persons with a known category) lies between the
/// largest known category and the sum of the known categories, and the audit uses exactly
/// that: with 17 persons in forced labour, none in other forms and a published total of 20,
/// the `unknown` cell is 3, whatever is suppressed around it. No flag is needed: the category
/// code says it, so a table rebuilt from a published indicator is audited the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDimension {
    name: String,
    categories: Vec<String>,
    additive: bool,
}

impl TableDimension {
    /// An additive dimension (each person in exactly one category).
    ///
    /// Category codes must be non-empty, distinct, and not [`TOTAL`]; at least one is needed.
    ///
    /// ```
    /// use ctip_exchange::disclosure::TableDimension;
    /// let sex = TableDimension::additive("sex", ["female", "male", "unknown"]).unwrap();
    /// assert_eq!(sex.categories().len(), 3);
    /// assert!(sex.is_additive());
    /// ```
    pub fn additive<I, S>(name: &str, categories: I) -> Result<Self, DisclosureError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(name, categories, true)
    }

    /// A multi-select dimension: a person may be in several categories, the margin counts
    /// distinct persons, and the dimension is not additive.
    pub fn multi_select<I, S>(name: &str, categories: I) -> Result<Self, DisclosureError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(name, categories, false)
    }

    fn new<I, S>(name: &str, categories: I, additive: bool) -> Result<Self, DisclosureError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        if name.is_empty() {
            return Err(DisclosureError::InvalidTable(
                "a dimension name must not be empty".into(),
            ));
        }
        let categories: Vec<String> = categories.into_iter().map(Into::into).collect();
        if categories.is_empty() {
            return Err(DisclosureError::InvalidTable(format!(
                "dimension {name} has no category"
            )));
        }
        for (i, c) in categories.iter().enumerate() {
            if c.is_empty() || c == TOTAL {
                return Err(DisclosureError::InvalidTable(format!(
                    "dimension {name}: a category code must be non-empty and not `{TOTAL}`"
                )));
            }
            if categories[..i].contains(c) {
                return Err(DisclosureError::InvalidTable(format!(
                    "dimension {name}: category {c} appears twice"
                )));
            }
        }
        Ok(Self {
            name: name.to_owned(),
            categories,
            additive,
        })
    }

    /// The dimension's name (e.g. `sex`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The category codes, in order (the margin [`TOTAL`] is not one of them).
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// True when the margin over this dimension is the sum of its categories.
    pub fn is_additive(&self) -> bool {
        self.additive
    }

    /// The index of a category code; [`TOTAL`] gives `None` inside `Some` (the margin).
    fn position(&self, code: &str) -> Option<Option<usize>> {
        if code == TOTAL {
            return Some(None);
        }
        self.categories.iter().position(|c| c == code).map(Some)
    }
}

/// Why a cell is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuppressionReason {
    /// Primary suppression: the count (or its rounded value) is below the threshold, or a
    /// sensitive zero.
    Primary,
    /// Secondary (complementary) suppression: suppressed so that another suppressed cell
    /// cannot be recomputed or narrowed from the published cells and margins.
    Secondary,
    /// Suppressed in a table produced elsewhere, for a reason the table does not say.
    Unspecified,
}

impl SuppressionReason {
    /// A short code: `primary`, `secondary` or `unspecified`.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionReason::Primary => "primary",
            SuppressionReason::Secondary => "secondary",
            SuppressionReason::Unspecified => "unspecified",
        }
    }
}

/// A suppressed cell: why, and what the publication still reveals about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suppressed {
    /// Why the cell is suppressed. Not something a publication should reveal: an attacker who
    /// knows a cell is a *primary* suppression knows it lies between 1 and the threshold.
    pub reason: SuppressionReason,
    /// Bounds the publication reveals, if any: a UNODC-style `"<5"` cell is published with
    /// bounds `(1, Some(4))` (or `(0, Some(4))` when zeros are also hidden). `None` means the
    /// publication reveals nothing beyond non-negativity.
    pub bounds: Option<(u64, Option<u64>)>,
}

impl Suppressed {
    /// A suppressed cell for which the publication reveals nothing.
    pub fn new(reason: SuppressionReason) -> Self {
        Self {
            reason,
            bounds: None,
        }
    }

    /// A cell published as `"<n"` in a table produced elsewhere (`n >= 1`): the publication
    /// reveals `1 <= value <= n - 1` (zeros being published as 0).
    ///
    /// ```
    /// use ctip_exchange::disclosure::Suppressed;
    /// assert_eq!(Suppressed::below(5).bounds, Some((1, Some(4))));
    /// ```
    pub fn below(n: u64) -> Self {
        Self {
            reason: SuppressionReason::Unspecified,
            bounds: Some((1.min(n.saturating_sub(1)), Some(n.saturating_sub(1)))),
        }
    }
}

/// The state of one cell of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A count. In a table whose [`Table::rounding`] is set, the published (rounded) count.
    Count(u64),
    /// A suppressed count.
    Suppressed(Suppressed),
    /// Not available: the producer does not know the count. Not zero, and not suppressed.
    NotAvailable,
}

impl Cell {
    /// The count, when the cell holds one.
    pub fn count(&self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// True for a suppressed cell.
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Cell::Suppressed(_))
    }
}

/// How the published counts of a table were rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Each count rounded to the nearest multiple of the base, halves up: a published `r`
    /// stands for a count in `[r - floor(b/2), r + b - 1 - floor(b/2)]`.
    Deterministic {
        /// The rounding base (at least 2).
        base: u64,
    },
    /// Unbiased random rounding (Stats NZ style): a published `r` stands for a count in
    /// `[r - (b - 1), r + (b - 1)]`.
    Random {
        /// The rounding base (at least 2; Stats NZ uses 3).
        base: u64,
    },
}

impl Rounding {
    /// The rounding base.
    pub fn base(self) -> u64 {
        match self {
            Rounding::Deterministic { base } | Rounding::Random { base } => base,
        }
    }

    /// The counts a published value `r` can stand for, as the attacker knows them.
    pub fn preimage(self, r: u64) -> (u64, u64) {
        match self {
            Rounding::Deterministic { base } => {
                let half = base / 2;
                (r.saturating_sub(half), r.saturating_add(base - 1 - half))
            }
            Rounding::Random { base } => (
                r.saturating_sub(base - 1),
                r.saturating_add(base.saturating_sub(1)),
            ),
        }
    }
}

/// What a disclosure policy tells anyone about the published counts of a table: each stands
/// for a true count that is at least `threshold`, or 0 (when zeros are not hidden). It
/// matters for rounded counts, which the attacker knows only to within the rounding error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedRule {
    /// Counts from 1 to `threshold - 1` are never published.
    pub threshold: u64,
    /// True when zeros are hidden too (suppressed), so a published count is never a true 0.
    pub zeros_hidden: bool,
}

impl PublishedRule {
    /// The true counts a published count can stand for, given the counts `(lo, hi)` its
    /// rounding leaves possible, as a closed interval (the convex hull when the set has a gap:
    /// `{0} ∪ [threshold, hi]` becomes `[0, hi]`). `None` when no count is possible.
    pub fn narrow(self, lo: u64, hi: u64) -> Option<(u64, u64)> {
        let t = self.threshold.max(1);
        if self.zeros_hidden || lo >= 1 {
            let lo = lo.max(t);
            (lo <= hi).then_some((lo, hi))
        } else if t > hi {
            Some((0, 0))
        } else {
            Some((0, hi))
        }
    }
}

/// The coordinates of a cell, by code: one code per dimension, [`TOTAL`] for a margin.
/// Displayed as `sex=female, age_group=total`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CellName(pub Vec<(String, String)>);

impl fmt::Display for CellName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (dim, code)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{dim}={code}")?;
        }
        Ok(())
    }
}

/// A table of counts with all its margins.
///
/// Every combination of categories and margins is a cell: for dimensions with `n1, n2, ...`
/// categories the table holds `(n1 + 1) * (n2 + 1) * ...` cells, the interior cells, every
/// subtotal over any subset of dimensions, and the grand total (all coordinates [`TOTAL`]).
///
/// Build a table of true counts with [`Table::from_interior`] (additive dimensions) or
/// [`Table::add_person`] (any dimensions, multi-select included), protect it with
/// [`protect`](super::protect); or build a published table by hand with [`Table::set`] and
/// [`audit`](super::audit) it.
///
/// ```
/// use ctip_exchange::disclosure::{Cell, Table, TableDimension};
/// let sex = TableDimension::additive("sex", ["female", "male"])?;
/// let age = TableDimension::additive("age_group", ["0-17", "18+"])?;
/// let t = Table::from_interior(vec![sex, age], &[3, 12, 20, 1])?;
/// assert_eq!(t.get(&["female", "total"])?, Cell::Count(15));
/// assert_eq!(t.get(&["total", "total"])?, Cell::Count(36));
/// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    dims: Vec<TableDimension>,
    /// Extent of each dimension including the margin (categories + 1).
    extents: Vec<usize>,
    strides: Vec<usize>,
    cells: Vec<Cell>,
    rounding: Option<Rounding>,
    published_rule: Option<PublishedRule>,
}

impl Table {
    /// A table whose every cell (margins included) is [`Cell::Count`]`(0)`.
    pub fn zeros(dims: Vec<TableDimension>) -> Result<Self, DisclosureError> {
        let total = Self::cells_of(&dims)?;
        let extents: Vec<usize> = dims.iter().map(|d| d.categories.len() + 1).collect();
        let mut strides = vec![1; extents.len()];
        for d in (0..extents.len().saturating_sub(1)).rev() {
            strides[d] = strides[d + 1] * extents[d + 1];
        }
        Ok(Self {
            dims,
            extents,
            strides,
            cells: vec![Cell::Count(0); total],
            rounding: None,
            published_rule: None,
        })
    }

    /// The number of cells (margins included) of a table over `dims`, when such a table
    /// can be built: at least one and at most [`MAX_DIMENSIONS`] dimensions, each once, at
    /// most [`MAX_CELLS`] cells. Checked before anything of that size is allocated.
    pub(super) fn cells_of(dims: &[TableDimension]) -> Result<usize, DisclosureError> {
        if dims.is_empty() {
            return Err(DisclosureError::InvalidTable(
                "a table needs at least one dimension".into(),
            ));
        }
        if dims.len() > MAX_DIMENSIONS {
            return Err(DisclosureError::InvalidTable(format!(
                "a table has at most {MAX_DIMENSIONS} dimensions"
            )));
        }
        for (i, d) in dims.iter().enumerate() {
            if dims[..i].iter().any(|o| o.name == d.name) {
                return Err(DisclosureError::InvalidTable(format!(
                    "dimension {} appears twice",
                    d.name
                )));
            }
        }
        let extents: Vec<usize> = dims.iter().map(|d| d.categories.len() + 1).collect();
        let mut total: usize = 1;
        for e in &extents {
            total = total
                .checked_mul(*e)
                .filter(|t| *t <= MAX_CELLS)
                .ok_or_else(|| {
                    DisclosureError::InvalidTable(format!(
                        "a table has at most {MAX_CELLS} cells, margins included"
                    ))
                })?;
        }
        Ok(total)
    }

    /// A table from its interior counts, in row-major order (the last dimension varies
    /// fastest), with every margin computed as a sum. Every dimension must be additive:
    /// the margins of a multi-select dimension count distinct persons, which interior counts
    /// cannot give (use [`Table::add_person`]).
    pub fn from_interior(
        dims: Vec<TableDimension>,
        counts: &[u64],
    ) -> Result<Self, DisclosureError> {
        if let Some(d) = dims.iter().find(|d| !d.additive) {
            return Err(DisclosureError::InvalidTable(format!(
                "dimension {} is multi-select: its margins cannot be summed from the interior",
                d.name
            )));
        }
        let mut t = Self::zeros(dims)?;
        let interior: usize = t.dims.iter().map(|d| d.categories.len()).product();
        if counts.len() != interior {
            return Err(DisclosureError::InvalidTable(format!(
                "expected {interior} interior counts, got {}",
                counts.len()
            )));
        }
        let mut sums = vec![0u64; t.cells.len()];
        let mut coord = vec![0usize; t.dims.len()];
        for &c in counts {
            // Add to every cell whose coordinates are, per dimension, the category or the margin.
            for mask in 0..(1usize << t.dims.len()) {
                let mut idx = 0;
                for (d, &k) in coord.iter().enumerate() {
                    let pos = if mask & (1 << d) != 0 {
                        t.extents[d] - 1
                    } else {
                        k
                    };
                    idx += pos * t.strides[d];
                }
                sums[idx] = sums[idx].checked_add(c).ok_or_else(|| {
                    DisclosureError::InvalidTable("a margin overflows a 64-bit count".into())
                })?;
            }
            // Next interior coordinate.
            for d in (0..coord.len()).rev() {
                coord[d] += 1;
                if coord[d] < t.extents[d] - 1 {
                    break;
                }
                coord[d] = 0;
            }
        }
        t.cells = sums.into_iter().map(Cell::Count).collect();
        Ok(t)
    }

    /// Counts one person (or one case) in the table: `categories[d]` lists the person's
    /// category codes in dimension `d` — exactly one for an additive dimension, one or more
    /// (distinct) for a multi-select one. The person is added once to every cell whose
    /// coordinates are, per dimension, one of their categories or the margin; so the margin
    /// over a multi-select dimension counts distinct persons.
    ///
    /// ```
    /// use ctip_exchange::disclosure::{Cell, Table, TableDimension};
    /// let form = TableDimension::multi_select("exploitation_type", ["sexual", "labour"])?;
    /// let mut t = Table::zeros(vec![form])?;
    /// t.add_person(&[&["sexual", "labour"]])?;
    /// t.add_person(&[&["labour"]])?;
    /// assert_eq!(t.get(&["labour"])?, Cell::Count(2));
    /// assert_eq!(t.get(&["total"])?, Cell::Count(2)); // two persons, not three
    /// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
    /// ```
    pub fn add_person(&mut self, categories: &[&[&str]]) -> Result<(), DisclosureError> {
        if categories.len() != self.dims.len() {
            return Err(DisclosureError::InvalidTable(format!(
                "expected categories for {} dimensions, got {}",
                self.dims.len(),
                categories.len()
            )));
        }
        let mut per_dim: Vec<Vec<usize>> = Vec::with_capacity(self.dims.len());
        for (d, codes) in categories.iter().enumerate() {
            let dim = &self.dims[d];
            if codes.is_empty() || (dim.additive && codes.len() != 1) {
                return Err(DisclosureError::InvalidTable(format!(
                    "dimension {}: a person needs {} category",
                    dim.name,
                    if dim.additive {
                        "exactly one"
                    } else {
                        "at least one"
                    }
                )));
            }
            if !dim.additive && codes.len() > 1 && codes.contains(&UNKNOWN) {
                return Err(DisclosureError::InvalidTable(format!(
                    "dimension {}: `{UNKNOWN}` excludes every other category of a \
                     multi-select dimension",
                    dim.name
                )));
            }
            let mut idx: Vec<usize> = Vec::with_capacity(codes.len() + 1);
            for code in *codes {
                match dim.position(code) {
                    Some(Some(k)) => {
                        if !idx.contains(&k) {
                            idx.push(k);
                        }
                    }
                    _ => {
                        return Err(DisclosureError::UnknownCategory {
                            dimension: dim.name.clone(),
                            code: (*code).to_owned(),
                        });
                    }
                }
            }
            idx.push(self.extents[d] - 1);
            per_dim.push(idx);
        }
        let mut choice = vec![0usize; per_dim.len()];
        loop {
            let idx: usize = choice
                .iter()
                .enumerate()
                .map(|(d, &c)| per_dim[d][c] * self.strides[d])
                .sum();
            match &mut self.cells[idx] {
                Cell::Count(n) => {
                    *n = n.checked_add(1).ok_or_else(|| {
                        DisclosureError::InvalidTable("a count overflows 64 bits".into())
                    })?;
                }
                _ => {
                    return Err(DisclosureError::InvalidTable(
                        "persons can be added only to a table of counts".into(),
                    ));
                }
            }
            let mut d = per_dim.len();
            loop {
                if d == 0 {
                    return Ok(());
                }
                d -= 1;
                choice[d] += 1;
                if choice[d] < per_dim[d].len() {
                    break;
                }
                choice[d] = 0;
            }
        }
    }

    /// The sub-table over some of the dimensions (named, in the order wanted): the cells of
    /// this table whose other coordinates are all [`TOTAL`]. The sub-table of a protected
    /// table publishes nothing the table does not, so several breakdowns cut from one
    /// protected table are protected together.
    ///
    /// ```
    /// use ctip_exchange::disclosure::{Cell, Table, TableDimension};
    /// let sex = TableDimension::additive("sex", ["female", "male"])?;
    /// let age = TableDimension::additive("age_group", ["0-17", "18+"])?;
    /// let t = Table::from_interior(vec![sex, age], &[3, 12, 20, 1])?;
    /// let by_age = t.project(&["age_group"])?;
    /// assert_eq!(by_age.get(&["18+"])?, Cell::Count(13));
    /// assert_eq!(by_age.get(&["total"])?, Cell::Count(36));
    /// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
    /// ```
    pub fn project(&self, keep: &[&str]) -> Result<Table, DisclosureError> {
        let mut order = Vec::with_capacity(keep.len());
        for name in keep {
            let d = self
                .dims
                .iter()
                .position(|d| d.name == *name)
                .ok_or_else(|| {
                    DisclosureError::InvalidTable(format!("the table has no dimension {name}"))
                })?;
            order.push(d);
        }
        let mut out = Table::zeros(order.iter().map(|&d| self.dims[d].clone()).collect())?;
        out.rounding = self.rounding;
        out.published_rule = self.published_rule;
        for i in 0..out.cells.len() {
            let mut idx = 0;
            for (d, dim_strides) in self.strides.iter().enumerate() {
                let pos = match order.iter().position(|&o| o == d) {
                    Some(k) => out.pos(i, k),
                    None => self.extents[d] - 1,
                };
                idx += pos * dim_strides;
            }
            out.cells[i] = self.cells[idx];
        }
        Ok(out)
    }

    /// The flat indices, in this table, of the cells of a slice: the cells whose coordinates
    /// are free in the dimensions `keep` (in that order) and fixed elsewhere, at the code
    /// `fixed` gives or at [`TOTAL`]. The dimensions of the slice follow `keep`.
    pub(crate) fn slice_indices(
        &self,
        keep: &[&str],
        fixed: &[(&str, &str)],
    ) -> Result<(Vec<TableDimension>, Vec<usize>), DisclosureError> {
        let mut order = Vec::with_capacity(keep.len());
        for name in keep {
            let d = self
                .dims
                .iter()
                .position(|d| d.name == *name)
                .ok_or_else(|| {
                    DisclosureError::InvalidTable(format!("the table has no dimension {name}"))
                })?;
            if order.contains(&d) {
                return Err(DisclosureError::InvalidTable(format!(
                    "dimension {name} is kept twice"
                )));
            }
            order.push(d);
        }
        // the position of every dimension that is not kept
        let mut at: Vec<usize> = self.extents.iter().map(|e| e - 1).collect();
        for (name, code) in fixed {
            let d = self
                .dims
                .iter()
                .position(|d| d.name == *name)
                .ok_or_else(|| {
                    DisclosureError::InvalidTable(format!("the table has no dimension {name}"))
                })?;
            if order.contains(&d) {
                return Err(DisclosureError::InvalidTable(format!(
                    "dimension {name} is both kept and fixed"
                )));
            }
            at[d] = match self.dims[d].position(code) {
                Some(Some(k)) => k,
                Some(None) => self.extents[d] - 1,
                None => {
                    return Err(DisclosureError::UnknownCategory {
                        dimension: self.dims[d].name.clone(),
                        code: (*code).to_owned(),
                    });
                }
            };
        }
        let dims: Vec<TableDimension> = order.iter().map(|&d| self.dims[d].clone()).collect();
        let out = Table::zeros(dims.clone())?;
        let mut indices = Vec::with_capacity(out.cells.len());
        for i in 0..out.cells.len() {
            let mut idx = 0;
            for (d, stride) in self.strides.iter().enumerate() {
                let pos = match order.iter().position(|&o| o == d) {
                    Some(k) => out.pos(i, k),
                    None => at[d],
                };
                idx += pos * stride;
            }
            indices.push(idx);
        }
        Ok((dims, indices))
    }

    /// A slice of the table: the cells free in the dimensions `keep` (in that order) and
    /// fixed elsewhere, at the code `fixed` gives or at [`TOTAL`]. With nothing fixed it is
    /// [`Table::project`]. A slice such as "victims assisted by sex" of a table of victims by
    /// sex and `assisted` (`yes`, `no`) is `slice(&["sex"], &[("assisted", "yes")])`.
    ///
    /// ```
    /// use ctip_exchange::disclosure::{Cell, Table, TableDimension};
    /// let sex = TableDimension::additive("sex", ["female", "male"])?;
    /// let assisted = TableDimension::additive("assisted", ["yes", "no"])?;
    /// let t = Table::from_interior(vec![sex, assisted], &[12, 3, 20, 1])?;
    /// let by_sex = t.slice(&["sex"], &[("assisted", "yes")])?;
    /// assert_eq!(by_sex.get(&["male"])?, Cell::Count(20));
    /// assert_eq!(by_sex.get(&["total"])?, Cell::Count(32));
    /// # Ok::<(), ctip_exchange::disclosure::DisclosureError>(())
    /// ```
    pub fn slice(&self, keep: &[&str], fixed: &[(&str, &str)]) -> Result<Table, DisclosureError> {
        let (dims, indices) = self.slice_indices(keep, fixed)?;
        let mut out = Table::zeros(dims)?;
        out.rounding = self.rounding;
        out.published_rule = self.published_rule;
        for (cell, idx) in out.cells.iter_mut().zip(indices) {
            *cell = self.cells[idx];
        }
        Ok(out)
    }

    /// The dimensions.
    pub fn dimensions(&self) -> &[TableDimension] {
        &self.dims
    }

    /// How the published counts were rounded, if they were.
    pub fn rounding(&self) -> Option<Rounding> {
        self.rounding
    }

    /// What the publication's policy tells about its published counts, if declared.
    pub fn published_rule(&self) -> Option<PublishedRule> {
        self.published_rule
    }

    /// Declares what the publication's policy tells about its published counts: with rounding,
    /// the audit then narrows what a rounded count can stand for (a published 12 in base 3
    /// under threshold 11 stands for 11 to 14, not 10 to 14).
    pub fn set_published_rule(&mut self, rule: Option<PublishedRule>) {
        self.published_rule = rule;
    }

    /// Declares how the counts of this (published) table were rounded; the audit then knows
    /// each published count only to within the rounding error.
    pub fn set_rounding(&mut self, rounding: Option<Rounding>) -> Result<(), DisclosureError> {
        if let Some(r) = rounding
            && r.base() < 2
        {
            return Err(DisclosureError::InvalidPolicy(
                "a rounding base must be at least 2".into(),
            ));
        }
        self.rounding = rounding;
        Ok(())
    }

    /// The number of cells, margins included.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Always false: a table has at least one dimension, so at least two cells.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The cell at these coordinates (one code per dimension, [`TOTAL`] for a margin).
    pub fn get(&self, codes: &[&str]) -> Result<Cell, DisclosureError> {
        Ok(self.cells[self.index_of(codes)?])
    }

    /// Sets the cell at these coordinates.
    pub fn set(&mut self, codes: &[&str], cell: Cell) -> Result<(), DisclosureError> {
        let idx = self.index_of(codes)?;
        self.cells[idx] = cell;
        Ok(())
    }

    /// Every cell with its coordinates, in row-major order (margins last in each dimension).
    pub fn cells(&self) -> impl Iterator<Item = (CellName, Cell)> + '_ {
        (0..self.cells.len()).map(|i| (self.name_of(i), self.cells[i]))
    }

    /// True when the cell at these coordinates is a margin over at least one dimension.
    pub fn is_margin(codes: &[&str]) -> bool {
        codes.contains(&TOTAL)
    }

    pub(crate) fn index_of(&self, codes: &[&str]) -> Result<usize, DisclosureError> {
        if codes.len() != self.dims.len() {
            return Err(DisclosureError::InvalidTable(format!(
                "expected {} coordinates, got {}",
                self.dims.len(),
                codes.len()
            )));
        }
        let mut idx = 0;
        for (d, code) in codes.iter().enumerate() {
            let pos = match self.dims[d].position(code) {
                Some(Some(k)) => k,
                Some(None) => self.extents[d] - 1,
                None => {
                    return Err(DisclosureError::UnknownCategory {
                        dimension: self.dims[d].name.clone(),
                        code: (*code).to_owned(),
                    });
                }
            };
            idx += pos * self.strides[d];
        }
        Ok(idx)
    }

    // ---- crate-internal flat-index API, used by the audit and suppression ----

    pub(crate) fn raw_cells(&self) -> &[Cell] {
        &self.cells
    }

    pub(crate) fn raw_cells_mut(&mut self) -> &mut [Cell] {
        &mut self.cells
    }

    /// The position of a flat index in dimension `d` (`extents[d] - 1` is the margin).
    pub(crate) fn pos(&self, idx: usize, d: usize) -> usize {
        (idx / self.strides[d]) % self.extents[d]
    }

    /// True when the position in dimension `d` of this flat index is the margin.
    pub(crate) fn is_total_in(&self, idx: usize, d: usize) -> bool {
        self.pos(idx, d) == self.extents[d] - 1
    }

    /// How many coordinates of this flat index are margins (0 for an interior cell).
    pub(crate) fn margin_level(&self, idx: usize) -> usize {
        (0..self.dims.len())
            .filter(|&d| self.is_total_in(idx, d))
            .count()
    }

    /// The flat index of the grand total.
    pub(crate) fn grand_total(&self) -> usize {
        self.cells.len() - 1
    }

    pub(crate) fn name_of(&self, idx: usize) -> CellName {
        CellName(
            self.dims
                .iter()
                .enumerate()
                .map(|(d, dim)| {
                    let p = self.pos(idx, d);
                    let code = if p == self.extents[d] - 1 {
                        TOTAL.to_owned()
                    } else {
                        dim.categories[p].clone()
                    };
                    (dim.name.clone(), code)
                })
                .collect(),
        )
    }

    /// The linear relations the table's cells satisfy, over flat indices.
    pub(crate) fn relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        for (d, dim) in self.dims.iter().enumerate() {
            let n = self.extents[d] - 1;
            for t in 0..self.cells.len() {
                if self.pos(t, d) != n {
                    continue;
                }
                let base = t - n * self.strides[d];
                let parts: Vec<usize> = (0..n).map(|k| base + k * self.strides[d]).collect();
                let exclusive_unknown = if dim.additive {
                    None
                } else {
                    dim.categories
                        .iter()
                        .position(|c| c == UNKNOWN)
                        .map(|k| base + k * self.strides[d])
                };
                out.push(Relation {
                    total: t,
                    parts,
                    additive: dim.additive,
                    exclusive_unknown,
                });
            }
        }
        out
    }
}

/// A relation between a margin and its parts along one dimension: `total = sum(parts)` for an
/// additive dimension; `part <= total <= sum(parts)` for a multi-select one; and for a
/// multi-select one with an `unknown` category (exclusive), `total = unknown + U` with
/// `max(known parts) <= U <= sum(known parts)`.
#[derive(Debug, Clone)]
pub(crate) struct Relation {
    pub total: usize,
    pub parts: Vec<usize>,
    pub additive: bool,
    /// The `unknown` part of a multi-select dimension (one of `parts`), which excludes the
    /// others.
    pub exclusive_unknown: Option<usize>,
}

impl Relation {
    pub(crate) fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts
            .iter()
            .copied()
            .chain(std::iter::once(self.total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims2() -> Vec<TableDimension> {
        vec![
            TableDimension::additive("sex", ["f", "m"]).unwrap(),
            TableDimension::additive("age", ["child", "adult", "unknown"]).unwrap(),
        ]
    }

    #[test]
    fn interior_margins_are_sums() {
        let t = Table::from_interior(dims2(), &[1, 2, 3, 4, 5, 6]).unwrap();
        assert_eq!(t.len(), 12);
        assert_eq!(t.get(&["f", "total"]).unwrap(), Cell::Count(6));
        assert_eq!(t.get(&["m", "total"]).unwrap(), Cell::Count(15));
        assert_eq!(t.get(&["total", "adult"]).unwrap(), Cell::Count(7));
        assert_eq!(t.get(&["total", "total"]).unwrap(), Cell::Count(21));
        assert_eq!(t.get(&["m", "unknown"]).unwrap(), Cell::Count(6));
    }

    #[test]
    fn add_person_matches_from_interior_for_additive() {
        let mut a = Table::zeros(dims2()).unwrap();
        let counts = [1u64, 0, 3, 2, 0, 1];
        let b = Table::from_interior(dims2(), &counts).unwrap();
        let s = ["f", "m"];
        let g = ["child", "adult", "unknown"];
        for (i, &c) in counts.iter().enumerate() {
            for _ in 0..c {
                a.add_person(&[&[s[i / 3]], &[g[i % 3]]]).unwrap();
            }
        }
        assert_eq!(a, b);
    }

    #[test]
    fn multi_select_margins_count_distinct_persons() {
        let dims = vec![
            TableDimension::additive("sex", ["f", "m"]).unwrap(),
            TableDimension::multi_select("form", ["sex", "labour", "unknown"]).unwrap(),
        ];
        let mut t = Table::zeros(dims).unwrap();
        t.add_person(&[&["f"], &["sex", "labour"]]).unwrap();
        t.add_person(&[&["f"], &["labour", "labour"]]).unwrap();
        t.add_person(&[&["m"], &["unknown"]]).unwrap();
        assert_eq!(t.get(&["f", "labour"]).unwrap(), Cell::Count(2));
        assert_eq!(t.get(&["f", "total"]).unwrap(), Cell::Count(2));
        assert_eq!(t.get(&["total", "labour"]).unwrap(), Cell::Count(2));
        assert_eq!(t.get(&["total", "total"]).unwrap(), Cell::Count(3));
        assert!(t.add_person(&[&["f", "m"], &["sex"]]).is_err());
        assert!(t.add_person(&[&["f"], &[]]).is_err());
        assert!(matches!(
            t.add_person(&[&["x"], &["sex"]]),
            Err(DisclosureError::UnknownCategory { .. })
        ));
    }

    #[test]
    fn invalid_tables_are_rejected() {
        assert!(TableDimension::additive("a", Vec::<String>::new()).is_err());
        assert!(TableDimension::additive("a", ["x", "x"]).is_err());
        assert!(TableDimension::additive("a", ["total"]).is_err());
        assert!(TableDimension::additive("", ["x"]).is_err());
        assert!(Table::zeros(vec![]).is_err());
        let d = TableDimension::additive("a", ["x"]).unwrap();
        assert!(Table::zeros(vec![d.clone(), d.clone()]).is_err());
        assert!(Table::from_interior(vec![d.clone()], &[1, 2]).is_err());
        let big = TableDimension::additive("b", (0..2000).map(|i| i.to_string())).unwrap();
        let big2 = TableDimension::additive("c", (0..2000).map(|i| i.to_string())).unwrap();
        assert!(Table::zeros(vec![big, big2]).is_err());
        let t = Table::zeros(vec![d]).unwrap();
        assert!(t.get(&["x", "x"]).is_err());
    }

    #[test]
    fn relations_cover_every_margin() {
        let t = Table::from_interior(dims2(), &[1, 2, 3, 4, 5, 6]).unwrap();
        let rels = t.relations();
        // Along sex: one per age position (3 + total); along age: one per sex position.
        assert_eq!(rels.len(), 4 + 3);
        let cells = t.raw_cells();
        for r in &rels {
            let sum: u64 = r.parts.iter().map(|&p| cells[p].count().unwrap()).sum();
            assert_eq!(cells[r.total].count(), Some(sum));
        }
    }

    #[test]
    fn cell_names_are_codes() {
        let t = Table::from_interior(dims2(), &[1, 2, 3, 4, 5, 6]).unwrap();
        assert_eq!(
            t.name_of(t.grand_total()).to_string(),
            "sex=total, age=total"
        );
        assert_eq!(t.name_of(0).to_string(), "sex=f, age=child");
    }

    #[test]
    fn projection_keeps_margins_and_order() {
        let t = Table::from_interior(dims2(), &[1, 2, 3, 4, 5, 6]).unwrap();
        let p = t.project(&["age", "sex"]).unwrap();
        assert_eq!(p.dimensions()[0].name(), "age");
        assert_eq!(p.get(&["adult", "m"]).unwrap(), Cell::Count(5));
        assert_eq!(p.get(&["total", "f"]).unwrap(), Cell::Count(6));
        let q = t.project(&["sex"]).unwrap();
        assert_eq!(q.get(&["m"]).unwrap(), Cell::Count(15));
        assert_eq!(q.get(&["total"]).unwrap(), Cell::Count(21));
        assert!(t.project(&["year"]).is_err());
    }

    #[test]
    fn published_rule_narrowing() {
        let open = PublishedRule {
            threshold: 3,
            zeros_hidden: false,
        };
        let hidden = PublishedRule {
            zeros_hidden: true,
            ..open
        };
        assert_eq!(open.narrow(1, 5), Some((3, 5)));
        assert_eq!(open.narrow(1, 2), None);
        assert_eq!(open.narrow(0, 2), Some((0, 0)));
        assert_eq!(open.narrow(0, 5), Some((0, 5)));
        assert_eq!(hidden.narrow(0, 2), None);
        assert_eq!(hidden.narrow(0, 5), Some((3, 5)));
    }

    #[test]
    fn rounding_preimages() {
        assert_eq!(Rounding::Deterministic { base: 5 }.preimage(10), (8, 12));
        assert_eq!(Rounding::Deterministic { base: 10 }.preimage(10), (5, 14));
        assert_eq!(Rounding::Random { base: 3 }.preimage(9), (7, 11));
        assert_eq!(Rounding::Random { base: 3 }.preimage(0), (0, 2));
    }
}
