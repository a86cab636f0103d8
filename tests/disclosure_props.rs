//! Property tests: after protection, every table passes the attacker's audit, and every
//! published exact count is 0 or at least the threshold.

#![cfg(feature = "disclosure")]

use ctip_exchange::disclosure::{
    Cell, DisclosurePolicy, RoundingPolicy, Table, TableDimension, audit, protect,
};
use proptest::prelude::*;

fn dims(shape: &[usize]) -> Vec<TableDimension> {
    shape
        .iter()
        .enumerate()
        .map(|(d, &n)| {
            TableDimension::additive(
                &format!("d{d}"),
                (0..n).map(|k| format!("c{k}")).collect::<Vec<_>>(),
            )
            .unwrap()
        })
        .collect()
}

/// Shapes of 1 to 3 dimensions, 1 to 4 categories each, with their interior counts: many
/// small counts (0 to 4), some larger.
fn table_strategy() -> impl Strategy<Value = (Vec<usize>, Vec<u64>)> {
    prop::collection::vec(1usize..=4, 1..=3).prop_flat_map(|shape| {
        let n: usize = shape.iter().product();
        let counts =
            prop::collection::vec(prop_oneof![3 => 0u64..5, 2 => 0u64..40, 1 => 40u64..200], n);
        (Just(shape), counts)
    })
}

fn check(release_table: &Table, truth: &Table, threshold: u64, width: u64) {
    let report = audit(release_table, width).unwrap();
    assert!(
        report.passed(),
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    for ((name, cell), (_, true_cell)) in release_table.cells().zip(truth.cells()) {
        if let Cell::Count(n) = cell {
            // Rounded or not, no published count reads as a small count.
            assert!(
                n == 0 || n >= threshold,
                "{name} published below the threshold"
            );
            if release_table.rounding().is_none() {
                assert_eq!(Some(n), true_cell.count());
            }
        }
    }
    // The true value of every suppressed cell lies in its interval.
    for i in &report.intervals {
        let codes: Vec<&str> = i.cell.0.iter().map(|(_, c)| c.as_str()).collect();
        let v = truth.get(&codes).unwrap().count().unwrap();
        assert!(
            i.lower <= v && i.upper.is_none_or(|u| v <= u),
            "{i:?} misses {v}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn protected_tables_pass_the_audit(
        (shape, counts) in table_strategy(),
        threshold in prop_oneof![Just(3u64), Just(5), Just(11)],
    ) {
        let truth = Table::from_interior(dims(&shape), &counts).unwrap();
        let policy = DisclosurePolicy::new(threshold);
        let release = protect(&truth, &policy).unwrap();
        check(&release.table, &truth, threshold, threshold);
    }
}

proptest! {
    // Multi-select tables are the costliest to audit (non-additive constraints): fewer cases.
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    #[test]
    fn protected_tables_with_multi_select_pass_the_audit(
        persons in prop::collection::vec((0usize..3, 0u8..8, 0usize..3), 0..60),
        threshold in prop_oneof![Just(3u64), Just(5)],
        minimize in any::<bool>(),
    ) {
        let sex = TableDimension::additive("sex", ["f", "m", "unknown"]).unwrap();
        // `unknown` excludes the other forms (a person with no form recorded).
        let form = TableDimension::multi_select("form", ["s", "l", "o", "unknown"]).unwrap();
        let year = TableDimension::additive("year", ["2024", "2025", "2026"]).unwrap();
        let mut truth = Table::zeros(vec![sex, form, year]).unwrap();
        let sexes = ["f", "m", "unknown"];
        let forms = ["s", "l", "o"];
        let years = ["2024", "2025", "2026"];
        for (s, mask, y) in persons {
            let mut f: Vec<&str> =
                (0..3).filter(|k| mask & (1 << k) != 0).map(|k| forms[k]).collect();
            if f.is_empty() {
                f.push("unknown");
            }
            truth.add_person(&[&[sexes[s]], &f, &[years[y]]]).unwrap();
        }
        let policy = DisclosurePolicy::new(threshold).with_minimize_secondary(minimize);
        let release = protect(&truth, &policy).unwrap();
        check(&release.table, &truth, threshold, threshold);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn rounded_tables_pass_the_audit(
        (shape, counts) in table_strategy(),
        seed in any::<u64>(),
        random in any::<bool>(),
    ) {
        let truth = Table::from_interior(dims(&shape), &counts).unwrap();
        let rounding = if random {
            RoundingPolicy::random_base3(seed)
        } else {
            RoundingPolicy::Deterministic { base: 5 }
        };
        let policy = DisclosurePolicy::new(5).with_rounding(Some(rounding));
        let release = protect(&truth, &policy).unwrap();
        check(&release.table, &truth, 5, 5);
        // Suppression decisions are made on true counts: every true count of a published
        // cell is 0 or at least the threshold.
        for ((_, cell), (_, t)) in release.table.cells().zip(truth.cells()) {
            if let (Cell::Count(n), Some(v)) = (cell, t.count()) {
                prop_assert!(v == 0 || v >= 5);
                prop_assert_eq!(n % rounding.base(), 0);
            }
        }
    }
}
