//! Disclosure control: tabulation of synthetic cases, and suppression plus audit of tables of
//! growing size, to show how the audit's time grows with the table.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group};
use ctip_exchange::case::Case;
use ctip_exchange::disclosure::{
    DisclosurePolicy, Table, TableDimension, TabulationSpec, audit, protect, tabulate,
};
use ctip_exchange::indicator::Period;
use ctip_exchange::types::{Country, PartialDate};
use ctip_exchange::vocab::{
    Dimension, ExploitationType, Gender, IndicatorKind, MajorityStatus, Vocabulary,
};

/// A small deterministic generator (SplitMix64) for reproducible synthetic data.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A table of the given shape whose interior counts are mostly small (a third below 5).
fn table(shape: &[usize], seed: u64) -> Table {
    let mut g = Gen(seed);
    let dims = shape
        .iter()
        .enumerate()
        .map(|(d, &n)| {
            TableDimension::additive(&format!("d{d}"), (0..n).map(|k| format!("c{k}")))
                .expect("valid dimension")
        })
        .collect();
    let n: usize = shape.iter().product();
    let counts: Vec<u64> = (0..n)
        .map(|_| match g.below(3) {
            0 => g.below(5),
            1 => g.below(40),
            _ => 20 + g.below(200),
        })
        .collect();
    Table::from_interior(dims, &counts).expect("valid table")
}

fn synthetic_cases(n: usize) -> Vec<Case> {
    let template: Case = serde_json::from_value(serde_json::json!({
        "record_type": "case", "schema_version": "1.1", "id": "bench-0",
        "producer": "tt.gov.ctu", "created_at": "2025-01-15T10:00:00Z",
        "subject": {},
        "trafficking": {},
        "identification": {"date": "2024-01-01", "country": "TT"}
    }))
    .expect("valid template");
    let mut g = Gen(2024);
    let genders = Gender::ALL;
    let forms = ExploitationType::ALL;
    (0..n)
        .map(|_| {
            let mut c = template.clone();
            c.subject.gender = match g.below(genders.len() as u64 + 1) as usize {
                i if i < genders.len() => Some(genders[i]),
                _ => None,
            };
            c.subject.majority = match g.below(3) {
                0 => Some(MajorityStatus::Minor),
                1 => Some(MajorityStatus::Adult),
                _ => None,
            };
            let mut types = Vec::new();
            for _ in 0..=g.below(2) {
                let f = forms[g.below(forms.len() as u64) as usize];
                if !types.contains(&f) {
                    types.push(f);
                }
            }
            if let Some(t) = c.trafficking.as_mut() {
                t.exploitation_types =
                    serde_json::from_value(serde_json::json!(types)).expect("distinct forms");
            }
            if let Some(i) = c.identification.as_mut() {
                i.date = PartialDate::month(2020 + g.below(5) as u16, 1 + g.below(12) as u8).ok();
                i.country = Some(Country::Known("TT".parse().expect("country")));
            }
            c
        })
        .collect()
}

fn bench_tabulate(c: &mut Criterion) {
    let cases = synthetic_cases(100_000);
    let spec = TabulationSpec::new(
        IndicatorKind::VictimsIdentified,
        Period::new(
            PartialDate::year(2020).expect("year"),
            PartialDate::year(2024).expect("year"),
        ),
        vec!["TT".parse().expect("country")],
        vec![
            Dimension::Sex,
            Dimension::AgeGroup,
            Dimension::ExploitationType,
        ],
    );
    c.bench_function("tabulate 100k cases by sex x age group x form", |b| {
        b.iter(|| tabulate(black_box(&cases), &spec).expect("tabulation"))
    });
    let t = tabulate(&cases, &spec).expect("tabulation");
    let policy = DisclosurePolicy::default();
    c.bench_function("protect the 100k-case table (threshold 11)", |b| {
        b.iter(|| protect(black_box(&t.table), &policy).expect("release"))
    });
}

fn bench_protect(c: &mut Criterion) {
    let policy = DisclosurePolicy::new(5);
    let mut group = c.benchmark_group("protect (suppression + audit)");
    group.sample_size(10);
    let small: [&[usize]; 4] = [&[5, 5], &[10, 10], &[20, 20], &[5, 5, 5]];
    for shape in small {
        let t = table(shape, 7);
        let name = format!("{shape:?} ({} cells)", t.len());
        group.bench_with_input(BenchmarkId::from_parameter(&name), &t, |b, t| {
            b.iter(|| protect(black_box(t), &policy).expect("release"))
        });
    }
    group.finish();

    // Without the backward elimination of secondary suppressions, which costs one audit pass
    // per secondary cell.
    let greedy = policy.with_minimize_secondary(false);
    let mut group = c.benchmark_group("protect without minimisation");
    group.sample_size(10);
    let shapes: [&[usize]; 5] = [&[5, 5], &[10, 10], &[20, 20], &[5, 5, 5], &[8, 8, 8]];
    for shape in shapes {
        let t = table(shape, 7);
        let name = format!("{shape:?} ({} cells)", t.len());
        group.bench_with_input(BenchmarkId::from_parameter(&name), &t, |b, t| {
            b.iter(|| protect(black_box(t), &greedy).expect("release"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("audit of the protected table");
    group.sample_size(10);
    for shape in shapes {
        let t = table(shape, 7);
        let release = protect(&t, &greedy).expect("release");
        let name = format!(
            "{shape:?} ({} cells, {} suppressed)",
            t.len(),
            release.suppressed.len()
        );
        group.bench_with_input(
            BenchmarkId::from_parameter(&name),
            &release.table,
            |b, t| b.iter(|| audit(black_box(t), 5).expect("audit")),
        );
    }
    group.finish();
}

/// A sparse n x n indicator (year x citizenship), every inner cell suppressed and every
/// margin published, as JSON: the crafted input of issue 8 item 2 at n = 60.
fn sparse_indicator(n: usize) -> Vec<u8> {
    let years: Vec<String> = (0..n).map(|i| format!("{}", 2026 - i)).collect();
    let countries: Vec<String> = ctip_exchange::types::CountryCode::all()
        .take(n)
        .map(|c| c.as_str().to_owned())
        .collect();
    let total = "total".to_owned();
    let mut cells = Vec::new();
    for y in years.iter().chain([&total]) {
        for c in countries.iter().chain([&total]) {
            let value = match (y == "total", c == "total") {
                (false, false) => serde_json::json!({"status": "suppressed"}),
                (true, true) => serde_json::json!({"status": "exact", "count": n * n * 20}),
                _ => serde_json::json!({"status": "exact", "count": n * 20}),
            };
            cells.push(
                serde_json::json!({"coordinates": {"year": y, "citizenship": c}, "value": value}),
            );
        }
    }
    serde_json::to_vec(&serde_json::json!({
        "record_type": "indicator_set", "schema_version": "1.1", "id": "xx-sparse",
        "producer": "tt.gov.mns", "created_at": "2025-03-31T12:00:00Z",
        "period": {"start": "2024-01-01", "end": "2024-12-31"},
        "geography": {"countries": ["TT"]},
        "indicators": [{"id": "sparse", "kind": "victims_identified", "unit": "persons",
            "dimensions": [{"dimension": "year"}, {"dimension": "citizenship"}], "cells": cells}],
        "disclosure": {"methods": ["threshold_suppression", "secondary_suppression"], "threshold": 5},
    }))
    .unwrap()
}

/// Validation of sparse indicators of growing size under the default budget: the time stays
/// bounded (the audit stops at the budget and says so) instead of growing with the square of
/// the suppressed cells. Compare each size with the 15 x 15 baseline of the same run.
fn bench_validate_budget(c: &mut Criterion) {
    use ctip_exchange::validate::{ValidationOptions, validate_slice};
    let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
    let mut g = c.benchmark_group("validate_sparse_indicator");
    g.sample_size(10);
    for n in [15usize, 30, 60] {
        let bytes = sparse_indicator(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
            b.iter(|| validate_slice(black_box(bytes), &options))
        });
    }
    g.finish();
}

/// The release of issue 9: sex x age group x form of exploitation (multi-select) x
/// citizenship, 2,240 cells with margins, 150 persons.
fn four_d_release(persons: usize, seed: u64) -> Table {
    let sexes = ["female", "male", "other", "unknown"];
    let ages = ["0-17", "18+", "unknown"];
    let forms = [
        "forced_labour",
        "sexual_exploitation",
        "child_labour",
        "forced_marriage",
        "servitude",
        "forced_military_by_non_state_actors",
        "organ_removal",
        "forced_begging",
        "forced_adoption",
        "surrogacy",
        "forced_criminality",
        "other",
        "unknown",
    ];
    let cits = ["TT", "VE", "GY", "JM", "CO", "CN", "unknown"];
    let dims = vec![
        TableDimension::additive("sex", sexes).expect("dimension"),
        TableDimension::additive("age_group", ages).expect("dimension"),
        TableDimension::multi_select("exploitation_type", forms).expect("dimension"),
        TableDimension::additive("citizenship", cits).expect("dimension"),
    ];
    let mut t = Table::zeros(dims).expect("table");
    let mut g = Gen(seed);
    let pick = |g: &mut Gen, w: &[u64]| {
        let mut x = g.below(w.iter().sum());
        for (i, &wi) in w.iter().enumerate() {
            if x < wi {
                return i;
            }
            x -= wi;
        }
        w.len() - 1
    };
    let fw = [30u64, 40, 5, 3, 4, 1, 1, 3, 1, 1, 4, 2, 5];
    for _ in 0..persons {
        let s = pick(&mut g, &[60, 30, 3, 7]);
        let a = pick(&mut g, &[30, 60, 10]);
        let f1 = pick(&mut g, &fw);
        let mut f = vec![forms[f1]];
        if forms[f1] != "unknown" && g.below(4) == 0 {
            let f2 = pick(&mut g, &fw[..12]);
            if f2 != f1 {
                f.push(forms[f2]);
            }
        }
        let c = pick(&mut g, &[40, 30, 10, 5, 5, 3, 7]);
        t.add_person(&[&[sexes[s]], &[ages[a]], &f, &[cits[c]]])
            .expect("person");
    }
    t
}

/// Protect and audit times of the large tables of issue 9, one run each (a criterion sample
/// of ten would take many minutes), as ratios to the 5 x 5 table of the same run. Run with
/// `CTIP_BENCH_LARGE=1 cargo bench --bench disclosure -- --warm-up-time 1
/// --measurement-time 3`, with `--features highs` for the HiGHS backend (the default build
/// solves every linear program with microlp).
fn large_tables() {
    use std::time::Instant;
    if std::env::var_os("CTIP_BENCH_LARGE").is_none() {
        return;
    }
    let policy = DisclosurePolicy::new(5).with_minimize_secondary(false);
    let time = |t: &Table| {
        let s = Instant::now();
        let r = protect(t, &policy).expect("release");
        let p = s.elapsed();
        let s = Instant::now();
        audit(&r.table, 5).expect("audit");
        (p, s.elapsed(), r.suppressed.len())
    };
    let (base, _, _) = time(&table(&[5, 5], 7));
    let backend = if cfg!(feature = "highs") {
        "HiGHS"
    } else {
        "microlp"
    };
    println!("large tables, linear programs on {backend}:");
    for (name, t) in [
        ("5x5x5", table(&[5, 5, 5], 7)),
        ("8x8x8", table(&[8, 8, 8], 7)),
        ("10x10x10", table(&[10, 10, 10], 7)),
        (
            "sex x age x form x citizenship, 150 persons",
            four_d_release(150, 1),
        ),
    ] {
        let (p, a, n) = time(&t);
        println!(
            "{name} ({} cells, {n} suppressed): protect {p:.2?} ({:.0}x the 5x5), audit {a:.2?}",
            t.len(),
            p.as_secs_f64() / base.as_secs_f64()
        );
    }
}

criterion_group!(
    benches,
    bench_tabulate,
    bench_protect,
    bench_validate_budget
);

fn main() {
    benches();
    large_tables();
    Criterion::default().configure_from_args().final_summary();
}
