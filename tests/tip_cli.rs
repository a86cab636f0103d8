//! The `ctip` tool with tip records (version 1.1): `validate` reads and checks them and
//! names their record type; a tip declaring 1.0 is invalid; `schema` knows that 1.0 has no
//! tip schema.
#![cfg(feature = "cli")]

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const AT: &str = "2026-01-15T12:00:00Z";
const VALID: &str = "schemas/1.1/examples/valid/tip-tt-hotline-case-opened.json";

fn ctip() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ctip"));
    c.env_remove("CLICOLOR_FORCE").env("NO_COLOR", "1");
    c
}

#[test]
fn validate_reads_tips() {
    let out = ctip()
        .args(["validate", "--at", AT, "--format", "json", VALID])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\"record_type\":\"tip\""), "{text}");
    let invalid = "schemas/1.1/examples/invalid/tip.online_identifier.json";
    ctip()
        .args(["validate", "--at", AT, invalid])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("tip.online_identifier"))
        .stdout(predicate::str::contains("t.me").not());
}

#[test]
fn a_tip_declaring_1_0_is_invalid() {
    let mut doc: Value = serde_json::from_slice(&std::fs::read(VALID).unwrap()).unwrap();
    doc["schema_version"] = "1.0".into();
    ctip()
        .args(["validate", "--at", AT, "-"])
        .write_stdin(doc.to_string())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("/schema_version"));
}

#[test]
fn version_1_0_has_no_tip_schema() {
    ctip()
        .args(["schema", "--version", "1.0", "tip"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no tip.schema.json"));
    let dir = tempfile::tempdir().unwrap();
    ctip()
        .args(["schema", "--version", "1.0", "--out"])
        .arg(dir.path())
        .assert()
        .code(0);
    assert!(!dir.path().join("1.0/tip.schema.json").exists());
    assert!(dir.path().join("1.0/record.schema.json").exists());
}
