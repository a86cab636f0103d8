//! The audit's single-cell programs on HiGHS (feature `highs`).
//!
//! The audit solves two linear programs per suppressed cell, all over the same constraints
//! of one connected component of the attacker's model; only the objective changes (one cell,
//! up or down). [`microlp`] builds and solves each from scratch. Here one HiGHS model per
//! component stays resident: the next cell's objective replaces the last one's and the dual
//! simplex starts from the previous optimal basis, which is usually a few pivots away.
//!
//! When the relaxation's optimum is fractional, [`Resident::integer_optimum`] looks for a
//! whole-count point at the rounded optimum by a short depth-first search on the same
//! resident model (each node a change of bounds and a warm-started solve), before the
//! caller falls back to microlp's branch and bound.
//!
//! The optimum of each program is the same as `microlp`'s (both are exact optima of the same
//! program, up to the tolerance [`super::audit`] rounds with), so the audit's intervals do
//! not depend on the backend. The solution reached (which vertex of an optimal face) can
//! differ, and so can the witnesses `protect` keeps while choosing secondary suppressions:
//! a release is reproducible for one table and one build, and passes the same exact audit in
//! every build.

use std::collections::HashMap;

use highs::{Col, HighsModelStatus, Model as Highs, RowProblem, Sense};
use microlp::{ComparisonOp, OptimizationDirection};

use super::audit::{EPS, inward, reaches};

/// HiGHS's `simplex_strategy` values.
const DUAL: i32 = 1;
const PRIMAL: i32 = 4;

/// Most nodes of one search for a whole-count optimum (beyond it, the caller's branch and
/// bound decides).
const NODE_LIMIT: usize = 256;

/// One component's resident model: its columns (one per model variable of the component)
/// and the variable whose objective coefficient is currently 1.
pub(super) struct Resident {
    model: Option<Highs>,
    cols: Vec<Col>,
    /// Column of each model variable of the component.
    local: HashMap<usize, usize>,
    members: Vec<usize>,
    /// Each column's own bounds, and the lower end of its union `{0} ∪ [gap, hi]` (0 for
    /// none).
    own: Vec<(f64, f64, f64)>,
    /// Each column's bounds in the model now (narrowed during a search).
    now: Vec<(f64, f64)>,
    target: Option<usize>,
}

/// What a resident solve found.
pub(super) enum Outcome {
    /// The optimum and each member's value at the solution.
    Optimal(f64, Vec<(usize, f64)>),
    Unbounded,
    Infeasible,
    /// HiGHS stopped without a verdict (a numerical failure, or a search over its limit):
    /// the caller solves with microlp instead.
    Unknown,
}

impl Resident {
    /// A resident model of a component: its variables with their bounds and the gap of
    /// each (see [`Resident::own`]), and its constraints (`terms op rhs` over model
    /// variables).
    pub(super) fn new<'a>(
        members: &[usize],
        bounds: impl Fn(usize) -> (f64, f64, f64),
        constraints: impl Iterator<Item = (&'a [(usize, f64)], ComparisonOp, f64)>,
    ) -> Option<Self> {
        let mut problem = RowProblem::default();
        let mut local = HashMap::with_capacity(members.len());
        let mut cols = Vec::with_capacity(members.len());
        let mut own = Vec::with_capacity(members.len());
        for &m in members {
            let (lo, hi, gap) = bounds(m);
            local.insert(m, cols.len());
            cols.push(problem.add_column(0.0, lo..=hi));
            own.push((lo, hi, gap));
        }
        for (terms, op, rhs) in constraints {
            let row: Vec<(Col, f64)> = terms
                .iter()
                .filter_map(|&(v, k)| local.get(&v).map(|&c| (cols[c], k)))
                .collect();
            match op {
                ComparisonOp::Eq => problem.add_row(rhs..=rhs, row),
                ComparisonOp::Le => problem.add_row(f64::NEG_INFINITY..=rhs, row),
                ComparisonOp::Ge => problem.add_row(rhs..=f64::INFINITY, row),
            }
        }
        let mut model = Highs::try_new(problem).ok()?;
        // Presolve would rebuild the program on every solve and lose the warm start.
        model.try_set_option("presolve", "off").ok()?;
        Some(Resident {
            model: Some(model),
            cols,
            local,
            members: members.to_vec(),
            now: own.iter().map(|&(lo, hi, _)| (lo, hi)).collect(),
            own,
            target: None,
        })
    }

    /// Optimises one variable of the component, from the basis of the last solve.
    pub(super) fn optimise(&mut self, var: usize, direction: OptimizationDirection) -> Outcome {
        let Some(&col) = self.local.get(&var) else {
            return Outcome::Unknown;
        };
        let Some(model) = self.model.as_mut() else {
            return Outcome::Unknown;
        };
        if let Some(previous) = self.target.replace(col) {
            model.change_column_cost(self.cols[previous], 0.0);
        }
        model.change_column_cost(self.cols[col], 1.0);
        model.set_sense(match direction {
            OptimizationDirection::Maximize => Sense::Maximise,
            OptimizationDirection::Minimize => Sense::Minimise,
        });
        // After a change of objective the last basis stays primal feasible: the primal
        // simplex goes on from it (measured: a few pivots per cell, against tens for the
        // dual simplex, which starts from an infeasible dual).
        self.run_with(PRIMAL)
    }

    /// The integer optimum of `var` (whose relaxed optimum is `relaxed`, just found by
    /// [`Resident::optimise`] in the same direction), with a whole-count point attaining it;
    /// `witnessed` is its best value at whole-count points seen before. Bound after bound
    /// from the relaxation, a depth-first search looks for a whole-count point there; an
    /// exhausted search lowers the bound (the relaxation with the variable kept below it).
    /// Unknown when the searches need more than [`NODE_LIMIT`] nodes in all.
    pub(super) fn integer_optimum(
        &mut self,
        var: usize,
        direction: OptimizationDirection,
        relaxed: f64,
        witnessed: f64,
    ) -> Outcome {
        let Some(&col) = self.local.get(&var) else {
            return Outcome::Unknown;
        };
        let mut nodes = 0;
        let mut bound = inward(relaxed, direction);
        loop {
            if reaches(witnessed, bound, direction) {
                break Outcome::Optimal(bound, Vec::new());
            }
            let (lo, hi) = self.now[col];
            self.set_bounds(col, bound, bound);
            let found = self.search(&mut nodes);
            self.set_bounds(col, lo, hi);
            match found {
                Search::Found(at) => break Outcome::Optimal(bound, at),
                Search::GaveUp => break Outcome::Unknown,
                Search::None => {}
            }
            // No whole-count point at the bound: the optimum lies beyond it, inwards.
            match direction {
                OptimizationDirection::Maximize => self.set_bounds(col, lo, bound - 1.0),
                OptimizationDirection::Minimize => self.set_bounds(col, bound + 1.0, hi),
            }
            nodes += 1;
            let next = if nodes > NODE_LIMIT {
                Outcome::Unknown
            } else {
                self.run()
            };
            self.set_bounds(col, lo, hi);
            match next {
                Outcome::Optimal(v, _) => bound = inward(v, direction),
                // The true table is a whole-count point: an infeasible remainder means a
                // numerical failure, never a proof.
                _ => break Outcome::Unknown,
            }
        }
    }

    /// Depth-first search for a whole-count point within the current bounds.
    fn search(&mut self, nodes: &mut usize) -> Search {
        *nodes += 1;
        if *nodes > NODE_LIMIT {
            return Search::GaveUp;
        }
        let at = match self.run() {
            Outcome::Optimal(_, at) => at,
            Outcome::Infeasible => return Search::None,
            _ => return Search::GaveUp,
        };
        // The first value that is not a whole count (or lies in the gap of its union).
        let split = at.iter().enumerate().find_map(|(c, &(_, x))| {
            let gap = self.own[c].2;
            if (x - x.round()).abs() > EPS {
                Some((c, x.floor(), x.ceil()))
            } else if gap > 0.0 && x > EPS && x < gap - EPS {
                Some((c, 0.0, gap))
            } else {
                None
            }
        });
        let Some((c, below, above)) = split else {
            return Search::Found(at);
        };
        let x = at[c].1;
        let (lo, hi) = self.now[c];
        // The nearer side first.
        let sides = if x - below <= above - x {
            [(lo, below), (above, hi)]
        } else {
            [(above, hi), (lo, below)]
        };
        for (a, b) in sides {
            if a > b + EPS {
                continue;
            }
            self.set_bounds(c, a, b);
            let r = self.search(nodes);
            self.set_bounds(c, lo, hi);
            match r {
                Search::None => {}
                found_or_gave_up => return found_or_gave_up,
            }
        }
        Search::None
    }

    fn set_bounds(&mut self, col: usize, lo: f64, hi: f64) {
        self.now[col] = (lo, hi);
        if let Some(model) = self.model.as_mut() {
            model.change_column_bounds(self.cols[col], lo..=hi);
        }
    }

    /// Solves the resident model as it stands by the dual simplex (after a change of
    /// bounds the last basis stays dual feasible), keeping it and its basis for the next
    /// call.
    fn run(&mut self) -> Outcome {
        self.run_with(DUAL)
    }

    /// [`Resident::run`] with a given simplex strategy.
    fn run_with(&mut self, strategy: i32) -> Outcome {
        let Some(mut model) = self.model.take() else {
            return Outcome::Unknown;
        };
        if model.try_set_option("simplex_strategy", strategy).is_err() {
            self.model = Some(model);
            return Outcome::Unknown;
        }
        let Ok(solved) = model.try_solve() else {
            // The model is gone with the failed run: every later call answers Unknown and
            // the caller solves this component with microlp.
            return Outcome::Unknown;
        };
        let outcome = match solved.status() {
            HighsModelStatus::Optimal => {
                let values = solved.get_solution().columns().to_vec();
                let at = self
                    .members
                    .iter()
                    .zip(&values)
                    .map(|(&m, &x)| (m, x))
                    .collect();
                Outcome::Optimal(solved.objective_value(), at)
            }
            HighsModelStatus::Unbounded => Outcome::Unbounded,
            HighsModelStatus::Infeasible => Outcome::Infeasible,
            _ => Outcome::Unknown,
        };
        self.model = Some(solved.into());
        outcome
    }
}

/// What a search for a whole-count point found.
enum Search {
    Found(Vec<(usize, f64)>),
    /// Proven: none within the bounds.
    None,
    GaveUp,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five cells around a cycle, neighbours summing to at most 1, and their total `w`:
    /// the relaxation's best total is 2.5 (every cell at 0.5), the best whole one 2.
    fn cycle() -> Resident {
        type Row = (Vec<(usize, f64)>, ComparisonOp, f64);
        let mut rows: Vec<Row> = (0..5)
            .map(|i| (vec![(i, 1.0), ((i + 1) % 5, 1.0)], ComparisonOp::Le, 1.0))
            .collect();
        let mut total: Vec<(usize, f64)> = (0..5).map(|i| (i, 1.0)).collect();
        total.push((5, -1.0));
        rows.push((total, ComparisonOp::Eq, 0.0));
        Resident::new(
            &[0, 1, 2, 3, 4, 5],
            |_| (0.0, f64::INFINITY, 0.0),
            rows.iter().map(|(t, op, rhs)| (t.as_slice(), *op, *rhs)),
        )
        .expect("model")
    }

    #[test]
    fn warm_solves_give_each_optimum() {
        let mut r = cycle();
        let Outcome::Optimal(v, _) = r.optimise(5, OptimizationDirection::Maximize) else {
            panic!("no optimum");
        };
        assert!((v - 2.5).abs() < 1e-9);
        let Outcome::Optimal(v, _) = r.optimise(0, OptimizationDirection::Maximize) else {
            panic!("no optimum");
        };
        assert!((v - 1.0).abs() < 1e-9);
        let Outcome::Optimal(v, _) = r.optimise(5, OptimizationDirection::Minimize) else {
            panic!("no optimum");
        };
        assert!(v.abs() < 1e-9);
    }

    #[test]
    fn the_search_finds_the_whole_count_optimum_below_a_fractional_one() {
        let mut r = cycle();
        let Outcome::Optimal(v, _) = r.optimise(5, OptimizationDirection::Maximize) else {
            panic!("no optimum");
        };
        let Outcome::Optimal(best, at) =
            r.integer_optimum(5, OptimizationDirection::Maximize, v, f64::NEG_INFINITY)
        else {
            panic!("no integer optimum");
        };
        assert_eq!(best, 2.0);
        assert!(at.iter().all(|&(_, x)| (x - x.round()).abs() < 1e-9));
        assert_eq!(at[5].1, 2.0);
        // The bounds are restored: the relaxation is 2.5 again.
        let Outcome::Optimal(v, _) = r.optimise(5, OptimizationDirection::Maximize) else {
            panic!("no optimum");
        };
        assert!((v - 2.5).abs() < 1e-9);
        // A point seen before at the bound settles it without a search.
        let Outcome::Optimal(best, at) =
            r.integer_optimum(5, OptimizationDirection::Maximize, v, 2.0)
        else {
            panic!("no integer optimum");
        };
        assert_eq!((best, at.len()), (2.0, 0));
    }

    #[test]
    fn a_gap_is_a_union() {
        // x + y = 5 with x in {0} ∪ [4, 5] (a rounded zero under threshold 4).
        let rows = [(vec![(0, 1.0), (1, 1.0)], ComparisonOp::Eq, 5.0)];
        let mut r = Resident::new(
            &[0, 1],
            |m| {
                if m == 0 {
                    (0.0, 5.0, 4.0)
                } else {
                    (0.0, 5.0, 0.0)
                }
            },
            rows.iter().map(|(t, op, rhs)| (t.as_slice(), *op, *rhs)),
        )
        .expect("model");
        // x fixed at 2 (inside the gap) has no whole point; at 4 it does.
        r.set_bounds(0, 2.0, 2.0);
        assert!(matches!(r.search(&mut 0), Search::None));
        r.set_bounds(0, 4.0, 4.0);
        assert!(matches!(r.search(&mut 0), Search::Found(_)));
    }
}
