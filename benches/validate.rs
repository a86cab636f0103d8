//! Full validation against a plain typed serde parse of the same record, in the same run.
//!
//! The goal (DESIGN.md, Validation): full validation (input limits, typed parsing, semantic
//! rules) at about the speed of a plain `serde_json::from_str` into the model. Compare the
//! `validate_slice` and `Record::from_slice` lines with `typed_serde_parse`; `value_parse`
//! shows what an intermediate `serde_json::Value` would cost.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ctip_exchange::validate::{ValidationOptions, validate, validate_slice};
use ctip_exchange::{Case, Limits, Record};

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/1.1/examples/valid/case-tt-domestic-work.json"
    );
    let text = std::fs::read_to_string(path).expect("example case");
    let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().expect("timestamp"));
    let limits = Limits::default();
    let record = Record::from_slice(text.as_bytes(), &limits).expect("valid example");

    let mut group = c.benchmark_group("case");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("typed_serde_parse", |b| {
        b.iter(|| serde_json::from_str::<Case>(black_box(&text)).expect("parses"))
    });
    group.bench_function("value_parse", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).expect("parses"))
    });
    group.bench_function("record_from_slice", |b| {
        b.iter(|| Record::from_slice(black_box(text.as_bytes()), &limits).expect("parses"))
    });
    group.bench_function("semantic_rules", |b| {
        b.iter(|| validate(black_box(&record), &options))
    });
    group.bench_function("validate_slice", |b| {
        b.iter(|| validate_slice(black_box(text.as_bytes()), &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
