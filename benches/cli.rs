//! `ctip validate` end to end (the real binary, spawned) on an NDJSON stream, against a plain
//! `serde_json::from_str` typed parse of the same lines in this process (and the library's
//! `validate_slice` in this process, to tell the tool's own cost from the library's), and on
//! one core against two. Criterion reports records per second for each, in the same run.
//!
//! `cargo bench --features cli --bench cli`

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ctip_exchange::case::Case;

const RECORDS: usize = 20_000;

fn lines() -> Vec<String> {
    let mut bases = Vec::new();
    for name in [
        "case-gy-mining.json",
        "case-jm-sexual-exploitation.json",
        "case-tt-domestic-work.json",
    ] {
        let path = format!(
            "{}/schemas/1.1/examples/valid/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        bases.push(v);
    }
    (0..RECORDS)
        .map(|i| {
            let mut v = bases[i % bases.len()].clone();
            v["id"] = serde_json::Value::String(format!("bench-{i}"));
            serde_json::to_string(&v).unwrap()
        })
        .collect()
}

fn ctip_validate(path: &std::path::Path, jobs: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_ctip"))
        .args([
            "validate",
            "--quiet",
            "--at",
            "2026-01-15T12:00:00Z",
            "--jobs",
            jobs,
        ])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn bench(c: &mut Criterion) {
    let lines = lines();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.ndjson");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for l in &lines {
        writeln!(f, "{l}").unwrap();
    }
    f.flush().unwrap();
    drop(f);

    let mut g = c.benchmark_group("ndjson_cases");
    g.throughput(Throughput::Elements(RECORDS as u64));
    g.sample_size(10);
    g.bench_function("serde_json_from_str_typed_parse", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(serde_json::from_str::<Case>(l).unwrap());
            }
        })
    });
    let options =
        ctip_exchange::validate::ValidationOptions::at("2026-01-15T12:00:00Z".parse().unwrap());
    g.bench_function("validate_slice_in_process", |b| {
        b.iter(|| {
            for l in &lines {
                let (_, report) = ctip_exchange::validate::validate_slice(l.as_bytes(), &options);
                assert!(report.is_valid());
            }
        })
    });
    g.bench_function("ctip_validate_jobs_1", |b| {
        b.iter(|| ctip_validate(&path, "1"))
    });
    g.bench_function("ctip_validate_jobs_2", |b| {
        b.iter(|| ctip_validate(&path, "2"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
