//! Conversion throughput against baselines in the same run (feature `convert`).
//!
//! On the same generated CTDC 2018 CSV: `csv_read` is the csv crate reading every record
//! (the floor any CSV converter pays), `validate_records` is the crate's strict reading and
//! validation of the records the conversion produces (what the conversion must pay per
//! record), and `convert` is the whole conversion to NDJSON. Throughput is in rows.
//! Peak memory on 1,000,000 rows is measured by `examples/convert_memory.rs` (see
//! notes/convert.md), not here.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ctip_exchange::convert::{ConvertOptions, Converter, Input, Profile};
use ctip_exchange::validate::{ValidationOptions, validate_slice};

#[path = "../tests/convert_support/mod.rs"]
mod convert_support;

const ROWS: usize = 20_000;

fn bench(c: &mut Criterion) {
    let csv = convert_support::ctdc_2018_csv(ROWS, 7);
    let options = || {
        ConvertOptions::new(
            "org.example.bench".parse().expect("org id"),
            "2026-01-01T00:00:00Z".parse().expect("timestamp"),
        )
    };
    let converter = Converter::new(Profile::builtin("ctdc-2018").expect("profile"), options());
    let mut records = Vec::new();
    let report = converter
        .run(
            Input::Csv(Cursor::new(&csv)),
            &mut records,
            &mut std::io::sink(),
        )
        .expect("converts");
    assert_eq!(report.records_written as usize, ROWS);
    let lines: Vec<&[u8]> = records
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let validation = ValidationOptions::at("2026-01-01T00:00:00Z".parse().expect("timestamp"));

    let mut group = c.benchmark_group("convert_ctdc_2018");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("csv_read", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_reader(black_box(&csv[..]));
            let mut record = csv::ByteRecord::new();
            let mut n = 0;
            while reader.read_byte_record(&mut record).expect("reads") {
                n += record.len();
            }
            n
        })
    });
    group.bench_function("validate_records", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(validate_slice(black_box(line), &validation));
            }
        })
    });
    group.bench_function("convert", |b| {
        b.iter(|| {
            converter
                .run(
                    Input::Csv(Cursor::new(black_box(&csv))),
                    &mut std::io::sink(),
                    &mut std::io::sink(),
                )
                .expect("converts")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
