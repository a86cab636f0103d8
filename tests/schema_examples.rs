//! Every published example against the published schemas of its version, and the
//! raw-payload validation API on them, with the outcomes of the conformance manifests
//! `schemas/1.0/conformance.json` and `schemas/1.1/conformance.json` (which
//! `scripts/validate_examples.py` checks with Python's `jsonschema`):
//!
//! - `valid/*`: pass the schema of their type and `record.schema.json`;
//! - `invalid/structure.*`: fail `record.schema.json` (and the schema of their type, when
//!   `record_type` names one);
//! - `invalid/json.syntax`, `json.trailing_data`, `json.invalid_utf8`: not JSON at all;
//! - `invalid/json.duplicate_key`, `json.too_deep`, `json.too_large`: break the reading
//!   rules (no repeated key, depth at most 64, size limit), which JSON Schema cannot
//!   express: read leniently, they pass the schema; readers enforce the rules before it;
//! - every other `invalid/*` breaks a semantic rule and passes the schema.
#![cfg(feature = "schema-validation")]

mod schema_support;
use schema_support::{own_kind, published};
use std::fs;
use std::path::{Path, PathBuf};

use ctip_exchange::Limits;
use ctip_exchange::schema::{SchemaKind, validate_payload};
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::validate::{RuleCode, ValidationOptions};
use serde_json::Value;

const VERSIONS: [SchemaVersion; 2] = [SchemaVersion::V1_0, SchemaVersion::V1_1];

fn version_dir(version: SchemaVersion) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(version.to_string())
}

fn examples(version: SchemaVersion, kind: &str) -> Vec<PathBuf> {
    let dir = version_dir(version).join("examples").join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn options(code: &str) -> ValidationOptions {
    let mut o = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
    if code == "json.too_large" {
        o.limits = Limits {
            max_bytes: 1024,
            ..Limits::default()
        };
    }
    o
}

fn valid_under(version: SchemaVersion, kind: SchemaKind, doc: &Value) -> bool {
    published(kind, version).is_valid(doc)
}

/// What the schemas say about one file: `None` when it is not JSON, else whether it passes
/// `record.schema.json` (checked to agree with the schema of its own type).
fn schema_verdict(version: SchemaVersion, bytes: &[u8]) -> Option<bool> {
    let doc: Value = serde_json::from_slice(bytes).ok()?;
    let any = valid_under(version, SchemaKind::Record, &doc);
    if let Some(kind) = own_kind(&doc) {
        assert_eq!(
            valid_under(version, kind, &doc),
            any,
            "{kind} and record.schema.json disagree"
        );
    }
    Some(any)
}

fn manifest(version: SchemaVersion) -> Value {
    let path = version_dir(version).join("conformance.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn file_of(version: SchemaVersion, test: &Value) -> PathBuf {
    version_dir(version).join(test["file"].as_str().unwrap())
}

/// The schema outcome of every example is the one `schemas/<version>/conformance.json` gives
/// (`json`, `schema_valid`), which `scripts/validate_examples.py` checks with Python.
#[test]
fn every_example_has_the_schema_outcome_of_the_manifest() {
    for version in VERSIONS {
        every_example_has_the_schema_outcome_of_the_manifest_of(version);
    }
}

fn every_example_has_the_schema_outcome_of_the_manifest_of(version: SchemaVersion) {
    let m = manifest(version);
    let tests = m["tests"].as_array().unwrap();
    assert_eq!(
        tests.len(),
        examples(version, "valid").len() + examples(version, "invalid").len()
    );
    for test in tests {
        let name = test["file"].as_str().unwrap();
        let bytes = fs::read(file_of(version, test)).unwrap();
        let verdict = schema_verdict(version, &bytes);
        assert_eq!(
            verdict.is_some(),
            test["json"] == true,
            "{name}: JSON or not"
        );
        assert_eq!(
            verdict,
            test["schema_valid"].as_bool(),
            "{name}: schema outcome"
        );
    }
}

/// The raw-payload API raises the errors of the manifest (the same codes) and, for valid
/// examples, nothing at all.
#[test]
fn the_payload_check_raises_the_errors_of_the_manifest() {
    for version in VERSIONS {
        the_payload_check_raises_the_errors_of_the_manifest_of(version);
    }
}

fn the_payload_check_raises_the_errors_of_the_manifest_of(version: SchemaVersion) {
    let m = manifest(version);
    for test in m["tests"].as_array().unwrap() {
        let name = test["file"].as_str().unwrap();
        let code = name
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".json")
            .split("--")
            .next()
            .unwrap();
        let (record, report) =
            validate_payload(&fs::read(file_of(version, test)).unwrap(), &options(code));
        let want: std::collections::BTreeSet<&str> = test["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["severity"] == "error")
            .map(|i| i["code"].as_str().unwrap())
            .collect();
        let got: std::collections::BTreeSet<&str> =
            report.errors().map(|i| i.code.as_str()).collect();
        assert_eq!(got, want, "{version}/{name}:\n{report}");
        if name.starts_with("examples/valid/") {
            assert!(
                record.is_some() && report.issues.is_empty(),
                "{name}:\n{report}"
            );
        }
        if let Some(rule) = RuleCode::from_code(code) {
            assert!(report.has(rule), "{name}: expected {rule}, got:\n{report}");
        }
    }
}
