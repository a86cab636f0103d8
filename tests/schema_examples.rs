//! Every published example against the published schemas, and the raw-payload validation
//! API on them. `scripts/validate_examples.py` checks the same expectations with Python's
//! `jsonschema`:
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

use std::fs;
use std::path::{Path, PathBuf};

use ctip_exchange::Limits;
use ctip_exchange::schema::{self, SchemaKind, validate_payload};
use ctip_exchange::validate::{RuleCode, ValidationOptions};
use serde_json::Value;

/// An independent validator of the generated schema (the `jsonschema` crate, draft 2020-12,
/// formats validated), built once per kind.
fn independent(kind: SchemaKind) -> &'static jsonschema::Validator {
    static CELLS: [std::sync::OnceLock<jsonschema::Validator>; 4] =
        [const { std::sync::OnceLock::new() }; 4];
    let i = SchemaKind::ALL.iter().position(|k| *k == kind).unwrap();
    CELLS[i].get_or_init(|| {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema::generate(kind))
            .unwrap()
    })
}

fn examples(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.0/examples")
        .join(kind);
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

fn valid_under(kind: SchemaKind, doc: &Value) -> bool {
    independent(kind).is_valid(doc)
}

fn own_kind(doc: &Value) -> Option<SchemaKind> {
    match doc.get("record_type")?.as_str()? {
        "case" => Some(SchemaKind::Case),
        "referral" => Some(SchemaKind::Referral),
        "indicator_set" => Some(SchemaKind::IndicatorSet),
        _ => None,
    }
}

/// What the schemas say about one file: `None` when it is not JSON, else whether it passes
/// `record.schema.json` (checked to agree with the schema of its own type).
fn schema_verdict(bytes: &[u8]) -> Option<bool> {
    let doc: Value = serde_json::from_slice(bytes).ok()?;
    let any = valid_under(SchemaKind::Record, &doc);
    if let Some(kind) = own_kind(&doc) {
        assert_eq!(
            valid_under(kind, &doc),
            any,
            "{kind} and record.schema.json disagree"
        );
    }
    Some(any)
}

#[test]
fn valid_examples_pass_the_schemas_and_the_payload_check() {
    let files = examples("valid");
    assert!(files.len() >= 9);
    for file in files {
        let bytes = fs::read(&file).unwrap();
        assert_eq!(schema_verdict(&bytes), Some(true), "{}", file.display());
        let (record, report) = validate_payload(&bytes, &options(""));
        assert!(record.is_some(), "{}", file.display());
        assert!(report.issues.is_empty(), "{}:\n{report}", file.display());
    }
}

#[test]
fn invalid_examples_have_the_expected_schema_outcome() {
    let files = examples("invalid");
    assert!(files.len() >= 30);
    for file in files {
        let name = file.file_stem().unwrap().to_str().unwrap();
        let code = name.split("--").next().unwrap();
        let bytes = fs::read(&file).unwrap();
        let verdict = schema_verdict(&bytes);
        let expected = match code {
            "json.syntax" | "json.trailing_data" | "json.invalid_utf8" => None,
            "json.duplicate_key" | "json.too_deep" | "json.too_large" => Some(true),
            c if c.starts_with("structure.") => Some(false),
            _ => Some(true),
        };
        assert_eq!(verdict, expected, "{name}: schema outcome");
    }
}

#[test]
fn the_payload_check_raises_the_rule_of_each_invalid_example_and_no_other_error() {
    for file in examples("invalid") {
        let name = file.file_stem().unwrap().to_str().unwrap();
        let code_text = name.split("--").next().unwrap();
        let code = RuleCode::from_code(code_text).unwrap();
        let bytes = fs::read(&file).unwrap();
        let (_, report) = validate_payload(&bytes, &options(code_text));
        assert!(report.has(code), "{name}: expected {code}, got:\n{report}");
        let others: Vec<_> = report.errors().filter(|i| i.code != code).collect();
        assert!(others.is_empty(), "{name}: unexpected errors {others:?}");
    }
}
