//! The audit against an independent integer attacker.
//!
//! The attacker here is written from the published table alone, without the audit's code:
//! it reads the published cells through the public API, knows the public policy (rounding,
//! "a published count is 0 or at least the threshold", "a suppressed cell is at least 1 when
//! zeros are published"), and enumerates every population of persons that is consistent with
//! what is published: a person is a pattern (one category per additive dimension, a non-empty
//! set of categories per multi-select dimension, `unknown` alone), and a population is a count
//! of persons per pattern. The interval of a suppressed cell is the smallest and the largest
//! value it takes over all those populations: the exact integer attacker, by exhaustive search
//! (depth-first over the patterns, pruned by the published counts).
//!
//! On random small tables of every kind (1 to 3 dimensions, additive and multi-select ones,
//! rounded or not, zeros published or sensitive, protected by `protect` or only by primary
//! suppression) the audit's intervals must be exactly the attacker's. The audit refuses only
//! tables with more patterns than `MAX_PATTERNS` (two or more multi-select dimensions), which
//! the generated tables (at most 12 patterns) never reach.

#![cfg(feature = "disclosure")]

use ctip_exchange::disclosure::{
    Cell, DisclosureError, DisclosurePolicy, PublishedRule, Rounding, RoundingPolicy, Suppressed,
    SuppressionReason, TOTAL, Table, TableDimension, audit, protect,
};
use proptest::prelude::*;

const UNKNOWN: &str = "unknown";

/// One dimension of a generated table.
#[derive(Debug, Clone)]
struct Dim {
    cats: Vec<&'static str>,
    multi: bool,
}

/// A person's categories in each dimension.
type Pattern = Vec<Vec<&'static str>>;

/// Every pattern a person can have in these dimensions.
fn patterns(dims: &[Dim]) -> Vec<Pattern> {
    let mut out: Vec<Pattern> = vec![Vec::new()];
    for d in dims {
        let choices: Vec<Vec<&'static str>> = if d.multi {
            let known: Vec<&'static str> =
                d.cats.iter().copied().filter(|c| *c != UNKNOWN).collect();
            let mut v: Vec<Vec<&'static str>> = (1..(1usize << known.len()))
                .map(|mask| {
                    (0..known.len())
                        .filter(|k| mask & (1 << k) != 0)
                        .map(|k| known[k])
                        .collect()
                })
                .collect();
            if d.cats.contains(&UNKNOWN) {
                v.push(vec![UNKNOWN]);
            }
            v
        } else {
            d.cats.iter().map(|c| vec![*c]).collect()
        };
        out = out
            .into_iter()
            .flat_map(|p| {
                choices.iter().map(move |c| {
                    let mut q = p.clone();
                    q.push(c.clone());
                    q
                })
            })
            .collect();
    }
    out
}

/// True when a person with this pattern is counted in the cell with these codes.
fn counted_in(p: &Pattern, codes: &[String]) -> bool {
    p.iter()
        .zip(codes)
        .all(|(cats, code)| code == TOTAL || cats.iter().any(|c| c == code))
}

/// Rounding as the policy describes it, written again here: the published value of a count.
fn rounds_to(r: Rounding, x: u64, published: u64) -> bool {
    match r {
        // nearest multiple, halves up
        Rounding::Deterministic { base } => {
            let down = x / base * base;
            let up = down + base;
            let nearest = if x - down >= base - base / 2 {
                up
            } else {
                down
            };
            nearest == published
        }
        // to either neighbouring multiple (the draw is secret)
        Rounding::Random { base } => {
            let down = x / base * base;
            published == down || (!x.is_multiple_of(base) && published == down + base)
        }
    }
}

/// What the attacker knows about one cell: the set of values it can hold, as a predicate,
/// and the largest value the predicate allows (for pruning).
struct Known {
    allowed: Box<dyn Fn(u64) -> bool>,
    max: u64,
}

fn knowledge(table: &Table, cap: u64) -> Vec<Option<Known>> {
    let rule = table.published_rule();
    let rounding = table.rounding();
    table
        .cells()
        .map(|(_, cell)| match cell {
            Cell::Count(n) => {
                let ok = move |x: u64| {
                    let by_rounding = match rounding {
                        None => x == n,
                        Some(r) => rounds_to(r, x, n),
                    };
                    let by_rule = match rule {
                        None => true,
                        Some(PublishedRule {
                            threshold,
                            zeros_hidden,
                        }) => {
                            if x == 0 {
                                !zeros_hidden
                            } else {
                                x >= threshold
                            }
                        }
                    };
                    by_rounding && by_rule
                };
                let max = (0..=cap).rev().find(|&x| ok(x)).unwrap_or(0);
                Some(Known {
                    allowed: Box::new(ok),
                    max,
                })
            }
            Cell::Suppressed(s) => {
                let (lo, hi) = match s.bounds {
                    Some((a, b)) => (a, b.unwrap_or(u64::MAX)),
                    None => (0, u64::MAX),
                };
                Some(Known {
                    allowed: Box::new(move |x| lo <= x && x <= hi),
                    max: hi.min(cap),
                })
            }
            Cell::NotAvailable => None,
        })
        .collect()
}

/// The exact integer attacker: the interval of every suppressed cell over every population of
/// at most `cap` persons consistent with the published table. `None` for a cell when no
/// population is (the table contradicts itself).
fn integer_attacker(table: &Table, dims: &[Dim], cap: u64) -> Vec<Option<(u64, u64)>> {
    let names: Vec<Vec<String>> = table
        .cells()
        .map(|(n, _)| n.0.into_iter().map(|(_, c)| c).collect())
        .collect();
    let pats = patterns(dims);
    let known = knowledge(table, cap);
    // cells each pattern is counted in
    let members: Vec<Vec<usize>> = pats
        .iter()
        .map(|p| {
            (0..names.len())
                .filter(|&c| counted_in(p, &names[c]))
                .collect()
        })
        .collect();
    // the last pattern counted in each cell: the cell's value is final after it
    let mut last = vec![None; names.len()];
    for (k, m) in members.iter().enumerate() {
        for &c in m {
            last[c] = Some(k);
        }
    }
    let mut closes: Vec<Vec<usize>> = vec![Vec::new(); pats.len()];
    for (c, l) in last.iter().enumerate() {
        if let Some(k) = l {
            closes[*k].push(c);
        }
    }
    let targets: Vec<usize> = table
        .cells()
        .enumerate()
        .filter(|(_, (_, c))| c.is_suppressed())
        .map(|(i, _)| i)
        .collect();
    let mut bounds: Vec<Option<(u64, u64)>> = vec![None; targets.len()];
    let mut value = vec![0u64; names.len()];
    // cells with no pattern at all (cannot happen: the grand total counts everyone)
    struct Search<'a> {
        members: &'a [Vec<usize>],
        closes: &'a [Vec<usize>],
        known: &'a [Option<Known>],
        targets: &'a [usize],
    }
    fn dfs(
        s: &Search<'_>,
        k: usize,
        left: u64,
        value: &mut [u64],
        bounds: &mut [Option<(u64, u64)>],
    ) {
        if k == s.members.len() {
            for (b, &t) in bounds.iter_mut().zip(s.targets) {
                let v = value[t];
                *b = Some(match *b {
                    None => (v, v),
                    Some((lo, hi)) => (lo.min(v), hi.max(v)),
                });
            }
            return;
        }
        for y in 0..=left {
            let mut ok = true;
            for &c in &s.members[k] {
                value[c] += y;
                if let Some(kn) = &s.known[c]
                    && value[c] > kn.max
                {
                    ok = false;
                }
            }
            if ok {
                let closed_ok = s.closes[k]
                    .iter()
                    .all(|&c| s.known[c].as_ref().is_none_or(|kn| (kn.allowed)(value[c])));
                if closed_ok {
                    dfs(s, k + 1, left - y, value, bounds);
                }
            }
            for &c in &s.members[k] {
                value[c] -= y;
            }
            if !ok {
                break;
            }
        }
    }
    let search = Search {
        members: &members,
        closes: &closes,
        known: &known,
        targets: &targets,
    };
    dfs(&search, 0, cap, &mut value, &mut bounds);
    bounds
}

/// A generated table: its dimensions and persons.
#[derive(Debug, Clone)]
struct Case {
    dims: Vec<Dim>,
    persons: Vec<Pattern>,
}

fn case_strategy(min_multi: usize, max_multi: usize) -> impl Strategy<Value = Case> {
    let dim = (2usize..=3, any::<bool>(), any::<bool>()).prop_map(|(n, multi, unknown)| {
        let mut cats: Vec<&'static str> = ["a", "b", "c"][..n].to_vec();
        if unknown && n == 2 {
            cats.push(UNKNOWN);
        }
        Dim { cats, multi }
    });
    prop::collection::vec(dim, 1..=3)
        .prop_filter("the search stays small", move |dims| {
            let multi = dims.iter().filter(|d| d.multi).count();
            (min_multi..=max_multi).contains(&multi) && patterns(dims).len() <= 12
        })
        .prop_flat_map(|dims| {
            let pats = patterns(&dims);
            let n = pats.len();
            (Just(dims), prop::collection::vec(0..n, 0..=7), Just(pats))
        })
        .prop_map(|(dims, picks, pats)| Case {
            dims,
            persons: picks.into_iter().map(|i| pats[i].clone()).collect(),
        })
}

fn build(case: &Case) -> Table {
    let dims: Vec<TableDimension> = case
        .dims
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let name = format!("d{i}");
            if d.multi {
                TableDimension::multi_select(&name, d.cats.clone()).unwrap()
            } else {
                TableDimension::additive(&name, d.cats.clone()).unwrap()
            }
        })
        .collect();
    let mut t = Table::zeros(dims).unwrap();
    for p in &case.persons {
        let refs: Vec<&[&str]> = p.iter().map(|c| c.as_slice()).collect();
        t.add_person(&refs).unwrap();
    }
    t
}

/// How the table is published.
#[derive(Debug, Clone, Copy)]
struct Publication {
    threshold: u64,
    zeros_sensitive: bool,
    /// 0: none; otherwise (random?, base)
    rounding: Option<(bool, u64)>,
    /// `protect` (with secondary suppression) or primary suppression only
    protected: bool,
}

fn publication_strategy() -> impl Strategy<Value = Publication> {
    (
        2u64..=3,
        any::<bool>(),
        prop_oneof![
            2 => Just(None),
            1 => (any::<bool>(), 2u64..=5).prop_map(Some)
        ],
        any::<bool>(),
    )
        .prop_map(
            |(threshold, zeros_sensitive, rounding, protected)| Publication {
                threshold,
                zeros_sensitive,
                rounding,
                protected,
            },
        )
}

fn round_det(x: u64, b: u64) -> u64 {
    let down = x / b * b;
    if x - down >= b - b / 2 {
        down + b
    } else {
        down
    }
}

/// The published table, by hand: primary suppression only (small counts, sensitive zeros,
/// rounded values that read as small), deterministic rounding.
fn primary_only(truth: &Table, p: &Publication) -> Table {
    let mut t = truth.clone();
    let base = p.rounding.map(|(_, b)| b);
    let names: Vec<Vec<String>> = truth
        .cells()
        .map(|(n, _)| n.0.into_iter().map(|(_, c)| c).collect())
        .collect();
    for ((_, cell), codes) in truth.cells().zip(&names) {
        let n = cell.count().unwrap();
        let shown = base.map_or(n, |b| round_det(n, b));
        let small = |v: u64| (v > 0 && v < p.threshold) || (v == 0 && p.zeros_sensitive);
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        if small(n) || small(shown) {
            let s = Suppressed {
                reason: SuppressionReason::Primary,
                bounds: (!p.zeros_sensitive).then_some((1, None)),
            };
            t.set(&codes, Cell::Suppressed(s)).unwrap();
        } else {
            t.set(&codes, Cell::Count(shown)).unwrap();
        }
    }
    if let Some(b) = base {
        t.set_rounding(Some(Rounding::Deterministic { base: b }))
            .unwrap();
    }
    t.set_published_rule(Some(PublishedRule {
        threshold: p.threshold,
        zeros_hidden: p.zeros_sensitive,
    }));
    t
}

fn published(truth: &Table, p: &Publication) -> Option<Table> {
    if !p.protected {
        return Some(primary_only(truth, p));
    }
    let rounding = p.rounding.map(|(random, base)| {
        if random {
            RoundingPolicy::Random { base, seed: 11 }
        } else {
            RoundingPolicy::Deterministic { base }
        }
    });
    let policy = DisclosurePolicy::new(p.threshold)
        .with_zeros_sensitive(p.zeros_sensitive)
        .with_rounding(rounding);
    match protect(truth, &policy) {
        Ok(r) => Some(r.table),
        // a policy `validate` refuses (a rounded 0 reaching the threshold): nothing published
        Err(DisclosureError::InvalidPolicy(_)) => None,
        Err(e) => panic!("protect failed: {e}"),
    }
}

fn compare(case: &Case, p: &Publication) -> Result<(), TestCaseError> {
    let truth = build(case);
    let Some(table) = published(&truth, p) else {
        return Ok(());
    };
    let report = match audit(&table, p.threshold) {
        Ok(r) => r,
        Err(e) => return Err(TestCaseError::fail(format!("audit failed: {e}"))),
    };
    // Every population the attacker considers has at most `cap` persons: the grand total's
    // largest possible value when it is bounded.
    let grand: Vec<&str> = vec![TOTAL; case.dims.len()];
    let cap_known = match table.get(&grand).unwrap() {
        Cell::Count(n) => Some(match table.rounding() {
            None => n,
            Some(r) => (n..n + 2 * r.base())
                .rev()
                .find(|&x| rounds_to(r, x, n))
                .unwrap(),
        }),
        _ => None,
    };
    let cap = cap_known.unwrap_or(case.persons.len() as u64 + 4);
    let ip = integer_attacker(&table, &case.dims, cap);
    for (interval, found) in report.intervals.iter().zip(&ip) {
        let (lo, hi) = found.ok_or_else(|| {
            TestCaseError::fail("no population matches the published table".to_string())
        })?;
        if cap_known.is_some() {
            // every population was searched: the intervals are the attacker's, exactly
            prop_assert_eq!(interval.lower, lo, "lower bound of {}", interval.cell);
            prop_assert_eq!(interval.upper, Some(hi), "upper bound of {}", interval.cell);
        } else {
            // the grand total is hidden: only populations of up to `cap` persons were
            // searched, so the audit's interval must hold every value found
            prop_assert!(interval.lower <= lo, "lower bound of {}", interval.cell);
            prop_assert!(
                interval.upper.is_none_or(|u| u >= hi),
                "upper bound of {}",
                interval.cell
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// Additive dimensions and one multi-select dimension: the audit is the integer attacker.
    #[test]
    fn audit_is_the_integer_attacker(case in case_strategy(0, 1), p in publication_strategy()) {
        compare(&case, &p)?;
    }

    /// Two or three multi-select dimensions (the audit models the persons' patterns): the
    /// audit is the integer attacker, without refusal.
    #[test]
    fn two_multi_select_dimensions(case in case_strategy(2, 3), p in publication_strategy()) {
        compare(&case, &p)?;
    }
}

/// The failure class of a rounding base above the threshold: a published 0 under random
/// rounding to base 10 with threshold 5 stands for 0 or 5 to 9 (a union, not 0 to 9). The
/// audit models it (no refusal) and agrees with the integer attacker on every table of a
/// small family where the published zeros matter.
#[test]
fn rounded_zero_is_a_union() {
    let dims = vec![
        Dim {
            cats: vec!["a", "b"],
            multi: false,
        },
        Dim {
            cats: vec!["x", "y"],
            multi: false,
        },
    ];
    let mut compared = 0;
    for a in 0..4u64 {
        for b in [0u64, 6] {
            let mut persons = Vec::new();
            for (codes, n) in [
                (("a", "x"), a),
                (("a", "y"), b),
                (("b", "x"), 7),
                (("b", "y"), 0),
            ] {
                for _ in 0..n {
                    persons.push(vec![vec![codes.0], vec![codes.1]]);
                }
            }
            let case = Case {
                dims: dims.clone(),
                persons,
            };
            let truth = build(&case);
            let mut t = truth.clone();
            for (name, cell) in truth.cells() {
                let codes: Vec<&str> = name.0.iter().map(|(_, c)| c.as_str()).collect();
                let n = cell.count().unwrap();
                // random rounding to base 10, drawn down; small counts hidden
                let shown = n / 10 * 10;
                let c = if n > 0 && (n < 5 || shown < 5) {
                    Cell::Suppressed(Suppressed {
                        reason: SuppressionReason::Primary,
                        bounds: Some((1, None)),
                    })
                } else {
                    Cell::Count(shown)
                };
                t.set(&codes, c).unwrap();
            }
            t.set_rounding(Some(Rounding::Random { base: 10 })).unwrap();
            t.set_published_rule(Some(PublishedRule {
                threshold: 5,
                zeros_hidden: false,
            }));
            let report = audit(&t, 5).expect("the union preimage is modelled");
            let ip = integer_attacker(&t, &case.dims, 40);
            for (i, found) in report.intervals.iter().zip(&ip) {
                let (lo, hi) = found.unwrap();
                match i.upper {
                    // unbounded: the search meets its cap of 40 persons
                    None => assert!(i.lower <= lo && hi >= 30, "{}", i.cell),
                    Some(u) => {
                        assert_eq!((i.lower, u), (lo, hi), "{}", i.cell);
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 4);
}

/// The bound of the issue between the margins of two multi-select dimensions,
/// `N(f,T) <= N(f,c) + N(T,T) - N(T,c)` (a person in `f` is in `c` or not in `c`): 3 persons
/// in `f` with both `c` and `d`, 10 in `m` with `c` alone, and only N(f,T) hidden. The
/// relations between cells alone (each margin between its largest part and the sum of its
/// parts) leave N(f,T) in [3, 6], which a width of 3 would pass; the integer attacker finds
/// it exactly, and so must the audit. `protect` must protect the table against that attacker.
#[test]
fn bound_between_multi_select_margins() {
    let dims = vec![
        Dim {
            cats: vec!["f", "m"],
            multi: true,
        },
        Dim {
            cats: vec!["c", "d"],
            multi: true,
        },
    ];
    let mut persons = vec![vec![vec!["f"], vec!["c", "d"]]; 3];
    persons.extend(vec![vec![vec!["m"], vec!["c"]]; 10]);
    let case = Case { dims, persons };
    let truth = build(&case);
    let mut t = truth.clone();
    t.set(
        &["f", TOTAL],
        Cell::Suppressed(Suppressed::new(SuppressionReason::Primary)),
    )
    .unwrap();
    assert_eq!(integer_attacker(&t, &case.dims, 13), [Some((3, 3))]);
    let report = audit(&t, 3).unwrap();
    let i = report.interval(&["f", TOTAL]).unwrap();
    assert_eq!((i.lower, i.upper), (3, Some(3)));
    assert!(!report.passed());
    // Protected under thresholds up to 4 (every cell of `f` is then small), zeros published
    // or not: the release passes the audit, and the audit is the integer attacker there.
    let mut protected = 0;
    for threshold in 2..=4 {
        for zeros_sensitive in [false, true] {
            let p = Publication {
                threshold,
                zeros_sensitive,
                rounding: None,
                protected: true,
            };
            let released = published(&truth, &p).expect("the policy is valid");
            assert!(audit(&released, threshold).unwrap().passed());
            if threshold == 4 {
                assert!(released.get(&["f", TOTAL]).unwrap().is_suppressed());
            }
            compare(&case, &p).unwrap();
            protected += 1;
        }
    }
    assert_eq!(protected, 6);
}
