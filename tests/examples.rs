//! The published example documents: valid ones parse, round-trip and validate clean;
//! invalid ones raise exactly the rule they are named after.

use std::fs;
use std::path::{Path, PathBuf};

use ctip_exchange::validate::{RuleCode, Severity, ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record};

fn examples(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.0/examples")
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

#[test]
fn valid_examples_parse_round_trip_and_validate_clean() {
    let files = examples("valid");
    for kind in ["case-", "referral-", "indicators-"] {
        let n = files
            .iter()
            .filter(|f| f.file_name().unwrap().to_str().unwrap().starts_with(kind))
            .count();
        assert!(n >= 3, "at least three valid {kind} examples, found {n}");
    }
    for file in files {
        let bytes = fs::read(&file).unwrap();
        let (record, report) = validate_slice(&bytes, &options());
        assert!(report.issues.is_empty(), "{}:\n{report}", file.display());
        let record = record.unwrap();
        // serialize, parse, equal
        let json = record.to_json();
        let again = Record::from_slice(json.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(record, again, "{}", file.display());
        // nothing lost or added: the same JSON value as the file (extensions included)
        let original: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let written: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(original, written, "{}", file.display());
    }
}

/// The limits an invalid example is read with: `json.too_large` is shown on a small limit
/// rather than with a 4 MiB file.
fn limits_for(code: &str) -> Limits {
    match code {
        "json.too_large" => Limits {
            max_bytes: 1024,
            ..Limits::default()
        },
        _ => Limits::default(),
    }
}

#[test]
fn every_rule_has_an_invalid_example_that_raises_it() {
    let files = examples("invalid");
    let mut covered = std::collections::BTreeSet::new();
    for file in &files {
        let name = file.file_stem().unwrap().to_str().unwrap();
        // `<rule code>.json` or `<rule code>--<variant>.json`
        let code_text = name.split("--").next().unwrap();
        let code =
            RuleCode::from_code(code_text).unwrap_or_else(|| panic!("{name}: not a rule code"));
        let bytes = fs::read(file).unwrap();
        let mut opts = options();
        opts.limits = limits_for(code_text);
        let (_, report) = validate_slice(&bytes, &opts);
        assert!(report.has(code), "{name}: expected {code}, got:\n{report}");
        // the example shows one problem: no error under another code
        let others: Vec<_> = report.errors().filter(|i| i.code != code).collect();
        assert!(others.is_empty(), "{name}: unexpected errors {others:?}");
        if code.severity() == Severity::Error {
            assert!(!report.is_valid(), "{name}");
        }
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
