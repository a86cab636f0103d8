//! What an audit finds: the interval of each suppressed cell (no solver needed to read it).

use std::fmt;

use super::DisclosureError;
use super::table::CellName;

/// The interval an attacker can compute for one suppressed cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellInterval {
    /// The cell's coordinates.
    pub cell: CellName,
    /// The smallest value the cell can take.
    pub lower: u64,
    /// The largest value the cell can take; `None` when nothing bounds it.
    pub upper: Option<u64>,
}

impl CellInterval {
    /// `upper - lower`, or `None` when the interval is unbounded.
    pub fn width(&self) -> Option<u64> {
        self.upper.map(|u| u.saturating_sub(self.lower))
    }

    /// True when the attacker recovers the cell's value exactly.
    pub fn is_exact(&self) -> bool {
        self.upper == Some(self.lower)
    }

    /// True when the interval is at least `width` wide.
    pub fn is_protected(&self, width: u64) -> bool {
        self.width().is_none_or(|w| w >= width)
    }
}

/// The bounds, as `[lower, upper]` or `[lower, unbounded]` (the cell is not printed).
impl fmt::Display for CellInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.upper {
            Some(u) => write!(f, "[{}, {u}]", self.lower),
            None => write!(f, "[{}, unbounded]", self.lower),
        }
    }
}

/// The result of an audit: the interval of every suppressed cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// The protection width the intervals were checked against.
    pub protection_width: u64,
    /// One interval per suppressed cell, in the table's cell order.
    pub intervals: Vec<CellInterval>,
}

impl AuditReport {
    /// The intervals narrower than the protection width.
    pub fn failures(&self) -> impl Iterator<Item = &CellInterval> {
        self.intervals
            .iter()
            .filter(|i| !i.is_protected(self.protection_width))
    }

    /// True when every suppressed cell is protected.
    pub fn passed(&self) -> bool {
        self.failures().next().is_none()
    }

    /// The interval of this suppressed cell, if the audit has one for it.
    pub fn interval_of(&self, cell: &CellName) -> Option<&CellInterval> {
        self.intervals.iter().find(|i| &i.cell == cell)
    }

    /// The interval of the cell with these coordinates (one code per dimension).
    pub fn interval(&self, codes: &[&str]) -> Option<&CellInterval> {
        self.intervals.iter().find(|i| {
            i.cell.0.len() == codes.len() && i.cell.0.iter().zip(codes).all(|((_, c), k)| c == k)
        })
    }

    /// The report itself when it passed; otherwise [`DisclosureError::AuditFailed`] naming
    /// every cell that is not protected.
    pub fn into_result(self) -> Result<Self, DisclosureError> {
        if self.passed() {
            Ok(self)
        } else {
            Err(DisclosureError::AuditFailed {
                protection_width: self.protection_width,
                cells: self.failures().cloned().collect(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_print_their_bounds_and_are_found_by_cell() {
        let cell = |c: &str| CellName(vec![("sex".into(), c.into())]);
        let bounded = CellInterval {
            cell: cell("female"),
            lower: 1,
            upper: Some(14),
        };
        let open = CellInterval {
            cell: cell("male"),
            lower: 0,
            upper: None,
        };
        assert_eq!(bounded.to_string(), "[1, 14]");
        assert_eq!(open.to_string(), "[0, unbounded]");
        let report = AuditReport {
            protection_width: 5,
            intervals: vec![bounded.clone(), open],
        };
        assert_eq!(report.interval_of(&cell("female")), Some(&bounded));
        assert_eq!(report.interval_of(&cell("other")), None);
    }
}
