//! The lossy export to an older version (`record::export`), checked against the frozen schema
//! of its target with validators independent of the crate (the `jsonschema` crate here; the
//! exports are also written to `target/exports-1.0/records.ndjson` for Python `jsonschema`,
//! `scripts/validate_examples.py --exports`):
//!
//! - every valid 1.1 example and 300 generated records, exported to 1.0, are valid under the
//!   frozen 1.0 schemas, and the export is the record minus exactly what it reports as dropped;
//! - a document with members 1.0 does not have, exported with a table that lists them, loses
//!   exactly those members, each reported by pointer, and becomes valid 1.0.

mod schema_support;
mod strategies;

use std::fs;
use std::path::Path;

use ctip_exchange::record::RecordType;
use ctip_exchange::record::additions::{ADDED, Added, Addition};
use ctip_exchange::record::export::{Export, export_with, to_version};
use ctip_exchange::schema::SchemaKind;
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::{Limits, Record};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

fn valid_under_1_0(doc: &Value) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    for kind in [SchemaKind::Record]
        .into_iter()
        .chain(schema_support::own_kind(doc))
    {
        let v = schema_support::published(kind, SchemaVersion::V1_0);
        errors.extend(
            v.iter_errors(doc)
                .map(|e| format!("{kind}: {} at {}", e, e.instance_path())),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The record as written, minus every dropped pointer, declaring `target`: what the export
/// must be, exactly (nothing else removed, nothing changed).
fn expected_export(written: &Value, export: &Export, target: SchemaVersion) -> Value {
    let mut doc = written.clone();
    for d in export.dropped.iter().rev() {
        let (parent, last) = d.pointer.rsplit_once('/').unwrap();
        let last = last.replace("~1", "/").replace("~0", "~");
        match doc.pointer_mut(parent).unwrap() {
            Value::Object(m) => {
                assert!(m.remove(&last).is_some(), "{}: not there", d.pointer);
            }
            Value::Array(a) => {
                a.remove(last.parse::<usize>().unwrap());
            }
            _ => panic!("{}: not in an object or array", d.pointer),
        }
    }
    doc["schema_version"] = json!(target.to_string());
    doc
}

fn check(record: &Record, exports: &mut String) -> usize {
    let written: Value = serde_json::from_str(&record.to_json()).unwrap();
    let export = match to_version(record, SchemaVersion::V1_0) {
        Ok(e) => e,
        Err(e) => {
            // only a record type 1.0 does not have is refused
            assert!(
                ADDED.iter().any(|a| a.since > SchemaVersion::V1_0
                    && a.what == Addition::RecordType(record.record_type())),
                "{}: {e}",
                record.id()
            );
            return 0;
        }
    };
    if let Err(errors) = valid_under_1_0(&export.document) {
        panic!(
            "{}: the export is not valid 1.0:\n{}",
            record.id(),
            errors.join("\n")
        );
    }
    for d in &export.dropped {
        assert!(d.added.since > SchemaVersion::V1_0, "{d:?}");
    }
    assert_eq!(
        export.document,
        expected_export(&written, &export, SchemaVersion::V1_0),
        "{}: the export changed more than it reports",
        record.id()
    );
    // and a 1.0 reader (this build, reading 1.0) takes it
    let again = Record::from_slice(export.document.to_string().as_bytes(), &Limits::default());
    assert!(again.is_ok(), "{}: {again:?}", record.id());
    exports.push_str(&export.document.to_string());
    exports.push('\n');
    export.dropped.len()
}

#[test]
fn exports_to_1_0_are_valid_1_0_and_report_every_drop() {
    let mut exports = String::new();
    let mut records = Vec::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.1/examples/valid");
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let bytes = fs::read(&path).unwrap();
        records.push(Record::from_slice(&bytes, &Limits::default()).unwrap());
    }
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = strategies::record();
    for _ in 0..300 {
        records.push(strategy.new_tree(&mut runner).unwrap().current());
    }
    let mut dropped = 0;
    for r in &records {
        dropped += check(r, &mut exports);
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/exports-1.0");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("records.ndjson"), exports).unwrap();
    // (before the 1.1 fields are merged nothing is dropped; `ADDED` says whether any exist)
    if ADDED
        .iter()
        .any(|a| matches!(a.what, Addition::Field { .. }))
    {
        assert!(dropped > 0, "no generated record uses a field of 1.1");
    }
}

/// Members 1.0 does not have, listed in a table of additions: the export drops exactly those,
/// reports each by pointer, and the result is valid under the frozen 1.0 schemas (which
/// refused the document before).
#[test]
fn members_1_0_does_not_have_are_dropped_and_reported() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.1/examples/valid/case-tt-domestic-work.json");
    let mut doc: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    doc["criminal_justice"]["proceedings"] =
        json!([{"event": "charge_laid", "date": "2024-09", "defendant": "D1"}]);
    doc["perpetrators"][0]["defendant"] = json!("D1");
    doc["assistance"][1]["requested_on"] = json!("2024-08-01");
    doc["assistance"][2]["requested_on"] = json!("2024-08-01");
    let v = SchemaVersion::V1_1;
    let field = |at| Added {
        since: v,
        what: Addition::Field {
            record_type: RecordType::Case,
            at,
        },
    };
    let table = [
        field("/criminal_justice/proceedings"),
        field("/perpetrators/*/defendant"),
        field("/assistance/*/requested_on"),
    ];
    let mut as_1_0 = doc.clone();
    as_1_0["schema_version"] = json!("1.0");
    assert!(valid_under_1_0(&as_1_0).is_err());
    let export = match export_with(&table, RecordType::Case, doc.clone(), SchemaVersion::V1_0) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let pointers: Vec<&str> = export.dropped.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/assistance/1/requested_on",
            "/assistance/2/requested_on",
            "/criminal_justice/proceedings",
            "/perpetrators/0/defendant",
        ]
    );
    valid_under_1_0(&export.document).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert_eq!(
        export.document,
        expected_export(&doc, &export, SchemaVersion::V1_0)
    );
}

/// `ctip migrate --to 1.0`: the lossy export from the command line. Every document comes out
/// valid under the frozen 1.0 schemas; every drop is on stderr, also with `--quiet`.
#[cfg(feature = "cli")]
#[test]
fn ctip_migrate_to_1_0_exports_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("for-partner.ndjson");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_ctip"))
        .env("NO_COLOR", "1")
        .args(["migrate", "-q", "--to", "1.0", "--out"])
        .arg(&out)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.1/examples/valid"))
        .output()
        .unwrap();
    // the tips cannot be exported (1.0 has no tip): each is refused by name, the others are
    // written, and the exit status says that something was refused
    let tips =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.1/examples/valid"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("tip-")
            })
            .count();
    assert!(tips >= 1);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let refused = String::from_utf8_lossy(&run.stderr)
        .lines()
        .filter(|l| l.contains("record type `tip` does not exist in version 1.0"))
        .count();
    assert_eq!(refused, tips);
    let text = fs::read_to_string(&out).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        assert_eq!(doc["schema_version"], "1.0");
        valid_under_1_0(&doc).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        n += 1;
    }
    assert!(n >= 9, "{n}");
    let stderr = String::from_utf8(run.stderr).unwrap();
    let notes = stderr.lines().filter(|l| l.contains(": dropped /")).count();
    let expected: usize =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.1/examples/valid"))
            .unwrap()
            .map(|e| {
                let r =
                    Record::from_slice(&fs::read(e.unwrap().path()).unwrap(), &Limits::default())
                        .unwrap();
                to_version(&r, SchemaVersion::V1_0).map_or(0, |x| x.dropped.len())
            })
            .sum();
    assert_eq!(notes, expected, "{stderr}");
    // an unknown target is a usage error
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_ctip"))
        .args(["migrate", "--to", "0.9", "-"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8(run.stderr)
            .unwrap()
            .contains("exports to 1.0 (lossy)")
    );
}
