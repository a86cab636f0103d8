//! The conformance manifests `schemas/<version>/conformance.json` (1.0, released, and 1.1,
//! current) drive the example tests: each lists every published example of its version with
//! the outcome a conforming reader must reach (JSON or not, the reading rules, the schema
//! verdict, valid or not, and every issue with its rule code, severity and JSON Pointer) at
//! the manifest's reference time. `scripts/validate_examples.py` checks the same manifests
//! with Python's `jsonschema`, `tests/schema_examples.rs` with the `jsonschema` crate, so the
//! three cannot drift apart.
//!
//! This build reads both versions: the 1.0 examples are read (and upgraded) by it too, and
//! reach the outcome of the 1.0 manifest; every 1.0 example also reaches the same outcome
//! after migration to 1.1, both as the 1.1 kit carries it (the same bytes declaring 1.1) and
//! as [`migrate`](ctip_exchange::record::migrate) writes it.
//!
//! After an intended change, rewrite the manifest of the current version with
//! `CTIP_WRITE_CONFORMANCE=1 cargo test --all-features --test examples` and review the diff.
//! The manifest of a released version is never rewritten: it is part of the release.
//!
//! The manifest describes a full reader. A build without the `disclosure` feature has no
//! solver for the attacker's audit and adds an `indicator.audit_incomplete` warning to every
//! suppressed indicator, as it must (tested in `tests/disclosure_budget.rs`), so these tests
//! run with the feature only.
#![cfg(feature = "disclosure")]

mod schema_support;
use schema_support::{own_kind, published};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use ctip_exchange::record::migrate;
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::validate::{RuleCode, Severity, ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record};
use serde_json::{Value, json};

/// The versions with a conformance kit, oldest first.
const VERSIONS: [SchemaVersion; 2] = [SchemaVersion::V1_0, SchemaVersion::V1_1];
const REFERENCE_TIME: &str = "2026-01-01T00:00:00Z";

fn root(version: SchemaVersion) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(version.to_string())
}

/// Every example file, as a path relative to the version folder (`examples/valid/x.json`).
fn example_files(version: SchemaVersion) -> Vec<String> {
    let mut files = Vec::new();
    for folder in ["valid", "invalid"] {
        let dir = root(version).join("examples").join(folder);
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
fn descriptions(version: SchemaVersion) -> BTreeMap<String, String> {
    let readme = fs::read_to_string(root(version).join("examples/invalid/README.md")).unwrap();
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

/// The schema verdict on a leniently parsed document: `record.schema.json` of the version,
/// checked to agree with the schema of its own record type.
fn schema_valid(version: SchemaVersion, doc: &Value) -> bool {
    // The published schema files, compiled by the jsonschema crate itself: the crate's
    // internal validator is not public API.
    let v = |kind| published(kind, version).is_valid(doc);
    let any = v(ctip_exchange::schema::SchemaKind::Record);
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
fn entry(version: SchemaVersion, file: &str, description: &str, max_bytes: Option<u64>) -> Value {
    let bytes = fs::read(root(version).join(file)).unwrap();
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
    test["schema_valid"] = lenient.as_ref().map(|d| schema_valid(version, d)).into();
    test["valid"] = report.is_valid().into();
    test["issues"] = issues_of(&report);
    test
}

fn computed_manifest(version: SchemaVersion) -> Value {
    let described = descriptions(version);
    let tests: Vec<Value> = example_files(version)
        .iter()
        .map(|file| {
            let description = match described.get(file) {
                Some(d) => d.clone(),
                None if file.starts_with("examples/valid/") => {
                    let doc: Value =
                        serde_json::from_slice(&fs::read(root(version).join(file)).unwrap())
                            .unwrap();
                    format!("a valid {} record", doc["record_type"].as_str().unwrap())
                }
                None => panic!("{file}: not described in examples/invalid/README.md"),
            };
            let max = file.ends_with("/json.too_large.json").then_some(1024);
            entry(version, file, &description, max)
        })
        .collect();
    json!({
        "$schema": "../conformance.schema.json",
        "description": "Every example document of the standard with the outcome a conforming reader must reach. Read each file as bytes; apply the reading rules (with the limits of the test, else those below), then the schema, then the semantic rules at reference_time. A conforming validator reports every listed issue (code and pointer) and no other error; the reference implementation reports exactly these issues.",
        "schema_version": version.to_string(),
        "reference_time": REFERENCE_TIME,
        "limits": {"max_bytes": Limits::default().max_bytes, "max_depth": Limits::default().max_depth},
        "schema": "record.schema.json",
        "tests": tests,
    })
}

/// The manifest of a version; with `CTIP_WRITE_CONFORMANCE` set, the manifest of the current
/// version is first rewritten from what the crate computes (a released one never is).
fn manifest(version: SchemaVersion) -> Value {
    let path = root(version).join("conformance.json");
    if version == SchemaVersion::CURRENT && std::env::var_os("CTIP_WRITE_CONFORMANCE").is_some() {
        let text = serde_json::to_string_pretty(&computed_manifest(version)).unwrap() + "\n";
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).unwrap();
        }
    }
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn the_manifest_lists_every_example_once() {
    let meta: Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/conformance.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&meta).unwrap();
    for version in VERSIONS {
        let m = manifest(version);
        let listed: Vec<&str> = m["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["file"].as_str().unwrap())
            .collect();
        assert_eq!(listed, example_files(version), "{version}");
        assert_eq!(m["schema_version"], version.to_string());
        assert_eq!(m["reference_time"], REFERENCE_TIME);
        // the manifest follows its published schema
        let errors: Vec<String> = validator.iter_errors(&m).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{version}: {errors:?}");
        let mut broken = m.clone();
        broken["tests"][0]["reading"] = json!("Accepted");
        assert!(!validator.is_valid(&broken));
    }
}

#[test]
fn the_crate_reaches_every_outcome_of_the_manifest() {
    let mut failures = Vec::new();
    for version in VERSIONS {
        let m = manifest(version);
        let computed = computed_manifest(version);
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
                        "{version}/{}: {key} is {:?}, the manifest says {:?}",
                        want["file"],
                        got.get(key),
                        want.get(key)
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(after an intended change: CTIP_WRITE_CONFORMANCE=1 cargo test --all-features --test examples)",
        failures.join("\n")
    );
}

#[test]
fn each_invalid_example_raises_its_rule_and_no_other_error() {
    let mut covered = std::collections::BTreeSet::new();
    for version in VERSIONS {
        let m = manifest(version);
        for test in m["tests"].as_array().unwrap() {
            let file = test["file"].as_str().unwrap();
            let Some(code) = named_rule(file) else {
                continue;
            };
            let issues = test["issues"].as_array().unwrap();
            assert!(
                issues.iter().any(|i| i["code"] == code.as_str()),
                "{version}/{file}: the manifest does not list {code}"
            );
            let others: Vec<_> = issues
                .iter()
                .filter(|i| i["severity"] == "error" && i["code"] != code.as_str())
                .collect();
            assert!(
                others.is_empty(),
                "{version}/{file}: other errors {others:?}"
            );
            assert_eq!(
                test["valid"],
                code.severity() != Severity::Error,
                "{version}/{file}: validity"
            );
            // and the crate agrees, read with the manifest's limits and reference time
            let (_, report) = validate_slice(
                &fs::read(root(version).join(file)).unwrap(),
                &options(&m, test),
            );
            assert!(
                report.has(code),
                "{version}/{file}: expected {code}, got:\n{report}"
            );
            if version == SchemaVersion::CURRENT {
                covered.insert(code);
            }
        }
    }
    let missing: Vec<_> = RuleCode::ALL
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without an invalid example in the kit of the current version: {missing:?}"
    );
}

#[test]
fn valid_examples_parse_round_trip_and_validate_clean() {
    for version in VERSIONS {
        let m = manifest(version);
        let mut per_kind = BTreeMap::new();
        for test in m["tests"].as_array().unwrap() {
            let file = test["file"].as_str().unwrap();
            if !file.starts_with("examples/valid/") {
                continue;
            }
            assert_eq!(test["valid"], true, "{version}/{file}");
            assert_eq!(test["issues"], json!([]), "{version}/{file}");
            let bytes = fs::read(root(version).join(file)).unwrap();
            let (record, report) = validate_slice(&bytes, &options(&m, test));
            assert!(report.issues.is_empty(), "{version}/{file}:\n{report}");
            let record = record.unwrap();
            // serialize, parse, equal
            let json = record.to_json();
            let again = Record::from_slice(json.as_bytes(), &Limits::default()).unwrap();
            assert_eq!(record, again, "{version}/{file}");
            // nothing lost or added: the same JSON value as the file (extensions included),
            // written as the current version
            let original: Value = serde_json::from_slice(&bytes).unwrap();
            let written: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(
                written["schema_version"],
                SchemaVersion::CURRENT.to_string()
            );
            let mut upgraded = original.clone();
            migrate::migrate(&mut upgraded, version).unwrap();
            assert_eq!(upgraded, written, "{version}/{file}");
            *per_kind
                .entry(original["record_type"].as_str().unwrap().to_owned())
                .or_insert(0) += 1;
        }
        for kind in ["case", "referral", "indicator_set"] {
            let n = per_kind.get(kind).copied().unwrap_or(0);
            assert!(
                n >= 3,
                "{version}: at least three valid {kind} examples, found {n}"
            );
        }
    }
}

/// The 1.0 declaration of a document, as the bytes of every 1.0 example carry it.
const DECLARES_1_0: &[u8] = br#""schema_version": "1.0""#;
const DECLARES_1_1: &[u8] = br#""schema_version": "1.1""#;

fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Option<Vec<u8>> {
    let at = bytes.windows(from.len()).position(|w| w == from)?;
    let again = bytes[at + 1..].windows(from.len()).any(|w| w == from);
    assert!(!again, "the declaration appears twice");
    Some([&bytes[..at], to, &bytes[at + from.len()..]].concat())
}

/// The 1.1 kit carries every 1.0 example, declaring 1.1 and otherwise byte for byte the same
/// (the invalid bytes, repeated keys and nesting of the reading-rule examples included), and
/// its manifest gives each the outcome the 1.0 manifest gives the original: 1.1 changes
/// nothing a 1.0 document can hold.
#[test]
fn every_1_0_example_is_in_the_1_1_kit_with_the_same_outcome() {
    let old = manifest(SchemaVersion::V1_0);
    let new = manifest(SchemaVersion::V1_1);
    let outcome = |m: &Value, file: &str| -> Value {
        let test = m["tests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["file"] == file)
            .unwrap_or_else(|| panic!("{file}: not in the manifest"))
            .clone();
        json!({
            "json": test["json"], "reading": test["reading"], "schema_valid": test["schema_valid"],
            "valid": test["valid"], "issues": test["issues"], "limits": test.get("limits"),
        })
    };
    let mut carried = 0;
    for file in example_files(SchemaVersion::V1_0) {
        let bytes = fs::read(root(SchemaVersion::V1_0).join(&file)).unwrap();
        let in_kit = fs::read(root(SchemaVersion::V1_1).join(&file))
            .unwrap_or_else(|e| panic!("{file}: not in the 1.1 kit: {e}"));
        let expected = replace_once(&bytes, DECLARES_1_0, DECLARES_1_1).unwrap_or(bytes);
        assert!(
            in_kit == expected,
            "{file}: the 1.1 copy differs beyond schema_version"
        );
        assert_eq!(outcome(&new, &file), outcome(&old, &file), "{file}");
        carried += 1;
    }
    assert!(carried >= 40, "{carried}");
}

/// Every 1.0 example that is JSON, upgraded at the JSON level by the library's migration and
/// written out, reaches the outcome the 1.0 manifest gives the original (same issues, same
/// pointers) when a 1.1 reader reads it.
#[test]
fn every_1_0_example_reads_the_same_after_migration() {
    let m = manifest(SchemaVersion::V1_0);
    let mut checked = 0;
    for test in m["tests"].as_array().unwrap() {
        let file = test["file"].as_str().unwrap();
        let bytes = fs::read(root(SchemaVersion::V1_0).join(file)).unwrap();
        // the reading rules are about bytes (repeated keys, depth, size, UTF-8): a parsed
        // value no longer holds what they refuse
        if test["reading"] != "accepted" {
            continue;
        }
        let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        if doc["schema_version"] != "1.0" {
            continue; // the example of an unsupported version
        }
        migrate::migrate(&mut doc, SchemaVersion::V1_0).unwrap();
        assert_eq!(doc["schema_version"], "1.1");
        let (_, report) = validate_slice(
            serde_json::to_string_pretty(&doc).unwrap().as_bytes(),
            &options(&m, test),
        );
        assert_eq!(issues_of(&report), test["issues"], "{file}");
        assert_eq!(report.is_valid(), test["valid"] == true, "{file}");
        assert_eq!(
            schema_valid(SchemaVersion::V1_1, &doc),
            test["schema_valid"] == true,
            "{file}"
        );
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}
