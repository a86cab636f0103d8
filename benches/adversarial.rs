//! Crafted inputs that once took time quadratic in their size (issue 8, item 1), each at 1x,
//! 4x and 16x. Criterion reports bytes per second (`Throughput::Bytes`): linear cost shows as
//! the same figure at every size; quadratic cost as a figure that falls 4x per step.
//!
//! - `unique_list`: a case whose `subject.pseudonyms` lists distinct pseudonyms
//!   (`validate_slice`; the `UniqueList` repeat check);
//! - `note_emails`, `note_phones`, `note_documents`: a note full of identifiers (the free-text
//!   scanner's overlap check);
//! - `indicators`: an indicator set with many indicators (the duplicate-id rule);
//! - `schema_issues`: a document with many schema issues (`schema::validate_payload`, its
//!   issue de-duplication and cap).
//!
//! Run: `cargo bench --bench adversarial` (the inputs are in `tests/adversarial_inputs/`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use ctip_exchange::validate::{ValidationOptions, validate_slice};

#[path = "../tests/adversarial_inputs/mod.rs"]
mod inputs;

use inputs::NoteKind;

const SIZES: [(&str, usize); 3] = [("1x", 1), ("4x", 4), ("16x", 16)];

fn run(
    c: &mut Criterion,
    name: &str,
    base: usize,
    make: impl Fn(usize) -> Vec<u8>,
    check: impl Fn(&[u8]) -> usize,
) {
    let mut group = c.benchmark_group(format!("adversarial/{name}"));
    // The slow inputs took seconds per run before the fixes: few samples, one run each.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for (label, factor) in SIZES {
        let doc = make(base * factor);
        group.throughput(Throughput::Bytes(doc.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &doc, |b, doc| {
            b.iter(|| check(black_box(doc)))
        });
    }
    group.finish();
}

fn bench(c: &mut Criterion) {
    let options = ValidationOptions::at(inputs::REFERENCE_TIME.parse().expect("timestamp"));
    let validate = |doc: &[u8]| validate_slice(doc, &options).1.issues.len();

    run(
        c,
        "unique_list",
        2_000,
        |n| inputs::case_with_pseudonyms(n, false),
        validate,
    );
    for (name, kind) in [
        ("note_emails", NoteKind::Email),
        ("note_phones", NoteKind::Phone),
        ("note_documents", NoteKind::Document),
    ] {
        run(
            c,
            name,
            1_000,
            |n| inputs::case_with_note(kind, n),
            validate,
        );
    }
    run(
        c,
        "indicators",
        1_000,
        |n| inputs::indicator_set(n, false),
        validate,
    );
    run(
        c,
        "schema_issues",
        2_000,
        inputs::case_with_schema_issues,
        |doc| {
            ctip_exchange::schema::validate_payload(doc, &options)
                .1
                .issues
                .len()
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
