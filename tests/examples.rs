//! The conformance manifest `schemas/1.0/conformance.json` drives the example tests: it lists
//! every published example with the outcome a conforming reader must reach (JSON or not, the
//! reading rules, the schema verdict, valid or not, and every issue with its rule code,
//! severity and JSON Pointer) at the manifest's reference time. `scripts/validate_examples.py`
//! checks the same manifest with Python's `jsonschema`, `tests/schema_examples.rs` with the
//! crate's schema validator, so the three cannot drift apart.
//!
//! After an intended change, rewrite the manifest with
//! `CTIP_WRITE_CONFORMANCE=1 cargo test --test examples` and review the diff.
//!
//! The manifest describes a full reader. A build without the `disclosure` feature has no
//! solver for the attacker's audit and adds an `indicator.audit_incomplete` warning to every
//! suppressed indicator, as it must (tested in `tests/disclosure_budget.rs`), so these tests
//! run with the feature only.
#![cfg(feature = "disclosure")]

mod schema_support;
use schema_support::own_kind;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use ctip_exchange::schema::{self, SchemaKind};
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::validate::{RuleCode, Severity, ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record};
use serde_json::{Value, json};

const VERSION: &str = "1.0";
const REFERENCE_TIME: &str = "2026-01-01T00:00:00Z";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(VERSION)
}

/// Every example file, as a path relative to the version folder (`examples/valid/x.json`).
fn example_files() -> Vec<String> {
    let mut files = Vec::new();
    for folder in ["valid", "invalid"] {
        let dir = root().join("examples").join(folder);
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("examples/{folder}/{n}")));
    }
    files
}

/// The rule an invalid example is named after: `<rule code>.json` or `<rule code>--<variant>.json`.
fn named_rule(file: &str) -> Option<RuleCode> {
    let stem = file
        .strip_prefix("examples/invalid/")?
        .strip_suffix(".json")?;
    let code = stem.split("--").next().unwrap();
    Some(RuleCode::from_code(code).unwrap_or_else(|| panic!("{file}: not a rule code")))
}

/// What the invalid examples' README says about each file.
fn descriptions() -> BTreeMap<String, String> {
    let readme = fs::read_to_string(root().join("examples/invalid/README.md")).unwrap();
    readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let file = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((
                format!("examples/invalid/{file}"),
                cells.get(2)?.to_string(),
            ))
        })
        .collect()
}

fn limits(test: &Value) -> Limits {
    let mut limits = Limits::default();
    if let Some(max) = test.pointer("/limits/max_bytes").and_then(Value::as_u64) {
        limits.max_bytes = max as usize;
    }
    limits
}

fn options(manifest: &Value, test: &Value) -> ValidationOptions {
    let mut o = ValidationOptions::at(
        manifest["reference_time"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap(),
    );
    o.limits = limits(test);
    o
}

/// The schema verdict on a leniently parsed document: `record.schema.json`, checked to agree
/// with the schema of its own record type.
fn schema_valid(doc: &Value) -> bool {
    // The published (frozen) schema, compiled by the jsonschema crate itself: the crate's
    // internal validator is not public API.
    let v = |kind| {
        let schema = schema::frozen::get(kind, SchemaVersion::CURRENT)
            .expect("the current version is frozen")
            .value();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the published schema compiles")
            .is_valid(doc)
    };
    let any = v(SchemaKind::Record);
    if let Some(kind) = own_kind(doc) {
        assert_eq!(v(kind), any, "{kind} and record.schema.json disagree");
    }
    any
}

fn issues_of(report: &ctip_exchange::validate::Report) -> Value {
    Value::Array(
        report
            .issues
            .iter()
            .map(|i| json!({"code": i.code.as_str(), "severity": i.severity.to_string(), "pointer": i.pointer}))
            .collect(),
    )
}

/// The manifest entry the crate computes for one file.
fn entry(file: &str, description: &str, max_bytes: Option<u64>) -> Value {
    let bytes = fs::read(root().join(file)).unwrap();
    let mut test = json!({"description": description, "file": file});
    if let Some(max) = max_bytes {
        test["limits"] = json!({ "max_bytes": max });
    }
    let mut opts = ValidationOptions::at(REFERENCE_TIME.parse().unwrap());
    opts.limits = limits(&test);
    let (_, report) = validate_slice(&bytes, &opts);
    let lenient: Option<Value> = serde_json::from_slice(&bytes).ok();
    let reading = report
        .issues
        .iter()
        .find(|i| i.code.as_str().starts_with("json."))
        .map_or("accepted", |i| i.code.as_str());
    test["json"] = lenient.is_some().into();
    test["reading"] = reading.into();
    test["schema_valid"] = lenient.as_ref().map(schema_valid).into();
    test["valid"] = report.is_valid().into();
    test["issues"] = issues_of(&report);
    test
}

fn computed_manifest() -> Value {
    let described = descriptions();
    let tests: Vec<Value> = example_files()
        .iter()
        .map(|file| {
            let description = match described.get(file) {
                Some(d) => d.clone(),
                None if file.starts_with("examples/valid/") => {
                    let doc: Value =
                        serde_json::from_slice(&fs::read(root().join(file)).unwrap()).unwrap();
                    format!("a valid {} record", doc["record_type"].as_str().unwrap())
                }
                None => panic!("{file}: not described in examples/invalid/README.md"),
            };
            let max = file.ends_with("/json.too_large.json").then_some(1024);
            entry(file, &description, max)
        })
        .collect();
    json!({
        "$schema": "../conformance.schema.json",
        "description": "Every example document of the standard with the outcome a conforming reader must reach. Read each file as bytes; apply the reading rules (with the limits of the test, else those below), then the schema, then the semantic rules at reference_time. A conforming validator reports every listed issue (code and pointer) and no other error; the reference implementation reports exactly these issues.",
        "schema_version": VERSION,
        "reference_time": REFERENCE_TIME,
        "limits": {"max_bytes": Limits::default().max_bytes, "max_depth": Limits::default().max_depth},
        "schema": "record.schema.json",
        "tests": tests,
    })
}

fn manifest() -> Value {
    let path = root().join("conformance.json");
    if std::env::var_os("CTIP_WRITE_CONFORMANCE").is_some() {
        let text = serde_json::to_string_pretty(&computed_manifest()).unwrap() + "\n";
        fs::write(&path, text).unwrap();
    }
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn the_manifest_lists_every_example_once() {
    let m = manifest();
    let listed: Vec<&str> = m["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["file"].as_str().unwrap())
        .collect();
    assert_eq!(listed, example_files());
    assert_eq!(m["schema_version"], SchemaVersion::CURRENT.to_string());
    assert_eq!(m["reference_time"], REFERENCE_TIME);
    // the manifest follows its published schema
    let meta: Value = serde_json::from_str(
        &fs::read_to_string(root().join("../conformance.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&meta).unwrap();
    let errors: Vec<String> = validator.iter_errors(&m).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut broken = m.clone();
    broken["tests"][0]["reading"] = json!("Accepted");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn the_crate_reaches_every_outcome_of_the_manifest() {
    let m = manifest();
    let computed = computed_manifest();
    let mut failures = Vec::new();
    for (want, got) in m["tests"]
        .as_array()
        .unwrap()
        .iter()
        .zip(computed["tests"].as_array().unwrap())
    {
        for key in [
            "json",
            "reading",
            "schema_valid",
            "valid",
            "issues",
            "limits",
        ] {
            if want.get(key) != got.get(key) {
                failures.push(format!(
                    "{}: {key} is {:?}, the manifest says {:?}",
                    want["file"],
                    got.get(key),
                    want.get(key)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(after an intended change: CTIP_WRITE_CONFORMANCE=1 cargo test --test examples)",
        failures.join("\n")
    );
}

#[test]
fn each_invalid_example_raises_its_rule_and_no_other_error() {
    let m = manifest();
    let mut covered = std::collections::BTreeSet::new();
    for test in m["tests"].as_array().unwrap() {
        let file = test["file"].as_str().unwrap();
        let Some(code) = named_rule(file) else {
            continue;
        };
        let issues = test["issues"].as_array().unwrap();
        assert!(
            issues.iter().any(|i| i["code"] == code.as_str()),
            "{file}: the manifest does not list {code}"
        );
        let others: Vec<_> = issues
            .iter()
            .filter(|i| i["severity"] == "error" && i["code"] != code.as_str())
            .collect();
        assert!(others.is_empty(), "{file}: other errors {others:?}");
        assert_eq!(
            test["valid"],
            code.severity() != Severity::Error,
            "{file}: validity"
        );
        // and the crate agrees, read with the manifest's limits and reference time
        let (_, report) = validate_slice(&fs::read(root().join(file)).unwrap(), &options(&m, test));
        assert!(report.has(code), "{file}: expected {code}, got:\n{report}");
        covered.insert(code);
    }
    let missing: Vec<_> = RuleCode::ALL
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without an invalid example: {missing:?}"
    );
}

#[test]
fn valid_examples_parse_round_trip_and_validate_clean() {
    let m = manifest();
    let mut per_kind = BTreeMap::new();
    for test in m["tests"].as_array().unwrap() {
        let file = test["file"].as_str().unwrap();
        if !file.starts_with("examples/valid/") {
            continue;
        }
        assert_eq!(test["valid"], true, "{file}");
        assert_eq!(test["issues"], json!([]), "{file}");
        let bytes = fs::read(root().join(file)).unwrap();
        let (record, report) = validate_slice(&bytes, &options(&m, test));
        assert!(report.issues.is_empty(), "{file}:\n{report}");
        let record = record.unwrap();
        // serialize, parse, equal
        let json = record.to_json();
        let again = Record::from_slice(json.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(record, again, "{file}");
        // nothing lost or added: the same JSON value as the file (extensions included)
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let written: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(original, written, "{file}");
        *per_kind
            .entry(original["record_type"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    for kind in ["case", "referral", "indicator_set"] {
        let n = per_kind.get(kind).copied().unwrap_or(0);
        assert!(n >= 3, "at least three valid {kind} examples, found {n}");
    }
}
