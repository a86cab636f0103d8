//! End-to-end tests of the `ctip` binary: every command, every report format, every exit
//! status, standard input, directories, and what a terminal sees (tests/cli_tty.rs).
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ctip_exchange::Record;
use ctip_exchange::validate::{RuleCode, ValidationOptions, validate};
use predicates::prelude::*;
use serde_json::Value;

const VALID: &str = "schemas/1.0/examples/valid";
const INVALID: &str = "schemas/1.0/examples/invalid";
const AT: &str = "2026-01-15T12:00:00Z";

fn ctip() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ctip"));
    c.env_remove("CLICOLOR_FORCE").env("NO_COLOR", "1");
    c
}

fn example(name: &str) -> PathBuf {
    Path::new(VALID).join(name)
}

/// Every example document of a folder, compacted to one line each.
fn ndjson_of(dir: &str) -> Vec<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let v: Value = serde_json::from_slice(&fs::read(p).unwrap()).unwrap();
            serde_json::to_string(&v).unwrap()
        })
        .collect()
}

fn json_files(dir: &str) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count()
}

fn stdout_of(c: &mut Command) -> String {
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

// ---------------------------------------------------------------------------- validate

#[test]
fn validate_the_bundled_valid_examples_exits_0() {
    ctip()
        .args(["validate", "--at", AT, VALID])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "9 document(s): 9 valid, 0 invalid; 0 error(s)",
        ))
        .stderr("");
}

#[test]
fn every_invalid_example_reports_the_rule_it_is_named_after() {
    let out = ctip()
        .args(["validate", "--at", AT, "--format", "ndjson", INVALID])
        .output()
        .unwrap();
    // Some invalid examples hold only a warning: the run is 1 because the others fail.
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let files = json_files(INVALID);
    assert_eq!(lines.len(), files, "one verdict per document");
    for doc in &lines {
        let file = doc["file"].as_str().unwrap();
        let code = Path::new(file).file_stem().unwrap().to_str().unwrap();
        if code == "json.too_large" {
            // A valid case, too large only under a limit of 1024 bytes.
            assert_eq!(doc["valid"], true);
            ctip()
                .args(["validate", "--at", AT, "--max-bytes", "1024", file])
                .assert()
                .code(1)
                .stdout(predicate::str::contains("error json.too_large"));
            continue;
        }
        let rule = RuleCode::from_code(code).expect("invalid examples are named after a rule");
        let codes: Vec<&str> = doc["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&code), "{file}: {codes:?}");
        assert_eq!(
            doc["valid"],
            rule.severity() == ctip_exchange::Severity::Warning,
            "{file}"
        );
    }
}

#[test]
fn text_names_file_line_rule_pointer_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = ndjson_of(VALID);
    lines.insert(
        1,
        r#"{"record_type":"case","schema_version":"1.0","id":"c"}"#.into(),
    );
    let path = dir.path().join("cases.ndjson");
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = stdout_of(ctip().args(["validate", "--at", AT]).arg(&path));
    let expected = format!(
        "{}:2: error structure.missing_field at (document): ",
        path.display()
    );
    assert!(out.contains(&expected), "{out}");
    assert!(out.contains("10 document(s): 9 valid, 1 invalid"), "{out}");
}

#[test]
fn a_directory_with_a_broken_file_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(example("case-gy-mining.json"), dir.path().join("a.json")).unwrap();
    fs::write(dir.path().join("b.json"), b"{\"record_type\": \"case\", ").unwrap();
    fs::copy(
        example("referral-tt-shelter-completed.json"),
        dir.path().join("c.json"),
    )
    .unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::copy(
        example("case-tt-domestic-work.json"),
        dir.path().join("sub/d.json"),
    )
    .unwrap();
    fs::write(dir.path().join("notes.txt"), b"not a document").unwrap();
    fs::write(dir.path().join(".hidden.json"), b"{").unwrap();
    let out = ctip()
        .args(["validate", "--at", AT, "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let verdicts: Vec<(String, bool)> = docs
        .iter()
        .map(|d| {
            let f = d["file"].as_str().unwrap();
            let rel = Path::new(f).strip_prefix(dir.path()).unwrap();
            (rel.display().to_string(), d["valid"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(
        verdicts,
        vec![
            ("a.json".into(), true),
            ("b.json".into(), false),
            ("c.json".into(), true),
            ("sub/d.json".into(), true)
        ]
    );
    assert_eq!(docs[1]["issues"][0]["code"], "json.syntax");
    assert_eq!(docs[2]["record_type"], "referral");
}

#[test]
fn an_unreadable_input_is_exit_2_even_with_invalid_documents_and_the_rest_is_reported() {
    let out = ctip()
        .args([
            "validate",
            "--at",
            AT,
            "--format",
            "json",
            "no/such/file.json",
        ])
        .arg(Path::new(INVALID).join("date.order.json"))
        .arg(example("case-gy-mining.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("no/such/file.json: cannot read: no such file or directory; check the path"),
        "{stderr}"
    );
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.len(), 3);
    assert!(
        docs[0]["error"]
            .as_str()
            .unwrap()
            .contains("no/such/file.json")
    );
    assert_eq!(docs[1]["valid"], false);
    assert_eq!(docs[2]["valid"], true);
}

#[test]
fn usage_errors_are_exit_2() {
    ctip()
        .args(["validate", "--no-such-flag", VALID])
        .assert()
        .code(2);
    ctip().args(["validate"]).assert().code(2);
    ctip()
        .args(["validate", "--at", "yesterday", VALID])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--at: expected an RFC 3339"));
    ctip()
        .args(["validate", "--jobs", "0", VALID])
        .assert()
        .code(2);
    ctip().args(["frobnicate"]).assert().code(2);
    let empty = tempfile::tempdir().unwrap();
    ctip()
        .arg("validate")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no document to validate"));
}

#[test]
fn help_lists_every_command_and_the_exit_status_precedence() {
    let out = stdout_of(ctip().arg("help"));
    for cmd in [
        "validate",
        "schema",
        "convert",
        "keygen",
        "pseudonymize",
        "publish",
        "audit",
        "migrate",
    ] {
        assert!(out.contains(cmd), "{cmd} missing from help");
        ctip()
            .args([cmd, "--help"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Example"));
    }
    ctip()
        .args(["validate", "--help"])
        .assert()
        .stdout(predicate::str::contains("2 wins over 1"));
}

#[test]
fn stdin_is_read_with_a_dash_and_ndjson_is_detected() {
    let mut lines = ndjson_of(VALID);
    lines.push("{\"record_type\":\"case\"".into());
    lines.push(String::new());
    lines.push(lines[0].clone());
    let input = lines.join("\n") + "\n";
    let out = ctip()
        .args(["validate", "--at", AT, "--format", "ndjson", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 11);
    assert_eq!(docs[9]["file"], "<stdin>");
    assert_eq!(docs[9]["line"], 10);
    assert_eq!(docs[9]["valid"], false);
    assert_eq!(
        docs[10]["line"], 12,
        "the blank line is counted, not validated"
    );
    // A single pretty-printed document on stdin is one document.
    ctip()
        .args(["validate", "--at", AT, "-"])
        .write_stdin(fs::read(example("case-gy-mining.json")).unwrap())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 document(s): 1 valid"));
}

#[test]
fn ndjson_flag_reads_every_line_as_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.json");
    // The first line is broken: without --ndjson the file is one broken document.
    let lines = ndjson_of(VALID);
    fs::write(&path, format!("{{\"a\":\n{}\n{}\n", lines[0], lines[1])).unwrap();
    let docs = |extra: &[&str]| -> usize {
        let out = ctip()
            .args(["validate", "--at", AT, "--format", "ndjson"])
            .args(extra)
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap().lines().count()
    };
    assert_eq!(docs(&[]), 1);
    assert_eq!(docs(&["--ndjson"]), 3);
}

#[test]
fn strict_makes_warnings_fail() {
    let warning_only = Path::new(INVALID).join("trafficking.inconsistent.json");
    ctip()
        .args(["validate", "--at", AT])
        .arg(&warning_only)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning trafficking.inconsistent"));
    ctip()
        .args(["validate", "--at", AT, "--strict"])
        .arg(&warning_only)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 failed"));
}

#[test]
fn at_sets_the_reference_time_and_limits_are_options() {
    ctip()
        .args(["validate", "--at", "2020-01-01T00:00:00Z"])
        .arg(example("case-tt-domestic-work.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("date.future"));
    ctip()
        .args(["validate", "--at", AT, "--max-bytes", "100"])
        .arg(example("case-tt-domestic-work.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("json.too_large"));
    ctip()
        .args(["validate", "--at", AT, "--max-depth", "2"])
        .arg(example("case-tt-domestic-work.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("json.too_deep"));
}

#[test]
fn no_value_of_a_record_appears_in_any_format() {
    let marker = "Zqxmarker";
    let mut v: Value =
        serde_json::from_slice(&fs::read(example("case-gy-mining.json")).unwrap()).unwrap();
    v["subject"]["gender"] = Value::String(marker.into());
    v[format!("{marker}_field")] = Value::String(marker.into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.json");
    fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    for format in ["text", "json", "ndjson", "sarif", "junit"] {
        let out = ctip()
            .args(["validate", "--at", AT, "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let all = [out.stdout, out.stderr].concat();
        assert!(
            !String::from_utf8_lossy(&all).contains(marker),
            "{format} leaks a value"
        );
    }
}

#[test]
fn parallel_output_is_in_input_order_and_the_same_for_any_job_count() {
    let dir = tempfile::tempdir().unwrap();
    let lines = ndjson_of(VALID);
    let mut text = String::new();
    let n = 6000;
    for i in 0..n {
        if i % 97 == 13 {
            text.push_str("{\"record_type\":\"case\",\"schema_version\":\"1.0\"}\n");
        } else {
            text.push_str(&lines[i % lines.len()]);
            text.push('\n');
        }
    }
    let path = dir.path().join("many.ndjson");
    fs::write(&path, &text).unwrap();
    let run = |jobs: &str| {
        let out = ctip()
            .args(["validate", "--at", AT, "--format", "ndjson", "--jobs", jobs])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let docs: Vec<Value> = String::from_utf8(one)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), n);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d["line"], i as u64 + 1);
        assert_eq!(d["valid"], i % 97 != 13, "line {}", i + 1);
    }
}

#[test]
fn output_files_are_written_whole_and_leave_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    ctip()
        .args(["validate", "--at", AT, "--format", "json", "--output"])
        .arg(&report)
        .arg(VALID)
        .assert()
        .code(0)
        .stdout("");
    let docs: Vec<Value> = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(docs.len(), 9);
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["report.json".to_string()]);
}

// ------------------------------------------------------------------------------ formats

fn sarif_of(args: &[&str]) -> Value {
    let out = ctip()
        .args(["validate", "--at", AT, "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    // The SARIF 2.1.0 schema (rtm.5, as shipped in the npm package @microsoft/jest-sarif).
    let mut schema: Value =
        serde_json::from_slice(&fs::read("tests/data/cli/sarif-2.1.0-rtm.5.json").unwrap())
            .unwrap();
    // The one pattern of that file that is not a valid regular expression (a stray `]`), for
    // the `language` properties, which ctip does not write: corrected so that the schema
    // compiles with format checks on.
    for def in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = Value::String("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
    }
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let nd = dir.path().join("with space #1.ndjson");
    let lines = ndjson_of(VALID);
    fs::write(&nd, format!("{}\n{{\n", lines[0])).unwrap();
    let nd = nd.display().to_string();
    for args in [
        vec![VALID],
        vec![INVALID],
        vec![nd.as_str(), "no-such-file.json"],
    ] {
        let log = sarif_of(&args);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert_eq!(log["version"], "2.1.0");
    }
    let log = sarif_of(&[INVALID]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), RuleCode::ALL.len());
    assert!(
        results.len() >= json_files(INVALID) - 1,
        "one result per issue"
    );
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let log = sarif_of(&[nd.as_str(), "no-such-file.json"]);
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let loc = &run["results"][0]["locations"][0]["physicalLocation"];
    assert!(
        loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("with%20space%20%231.ndjson")
    );
    assert_eq!(loc["region"]["startLine"], 2);
}

#[test]
fn junit_output_is_well_formed_xml_with_one_case_per_document() {
    let out = ctip()
        .args(["validate", "--at", AT, "--format", "junit", VALID, INVALID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let invalid = json_files(INVALID);
    assert_eq!(suites.len(), 9 + invalid, "one suite per file");
    let mut failures = 0;
    for s in &suites {
        let cases: Vec<_> = s
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(s.attribute("tests").unwrap(), cases.len().to_string());
        let failed = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count();
        assert_eq!(s.attribute("failures").unwrap(), failed.to_string());
        failures += failed;
    }
    // Every invalid example fails except those holding a warning only, and json.too_large
    // (too large under a limit of 1024 bytes only).
    let warnings_only = fs::read_dir(INVALID)
        .unwrap()
        .filter(|e| {
            let name = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            RuleCode::from_code(name.trim_end_matches(".json"))
                .is_some_and(|c| c.severity() == ctip_exchange::Severity::Warning)
        })
        .count();
    assert_eq!(failures, invalid - warnings_only - 1);
}

#[test]
fn json_output_is_one_array_with_every_issue() {
    let out = ctip()
        .args(["validate", "--at", AT, "--format", "json", INVALID])
        .output()
        .unwrap();
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let issues: usize = docs
        .iter()
        .map(|d| d["issues"].as_array().unwrap().len())
        .sum();
    let errors: u64 = docs.iter().map(|d| d["errors"].as_u64().unwrap()).sum();
    let warnings: u64 = docs.iter().map(|d| d["warnings"].as_u64().unwrap()).sum();
    assert_eq!(issues as u64, errors + warnings);
    let text = stdout_of(ctip().args(["validate", "--at", AT, INVALID]));
    assert!(
        text.contains(&format!("{errors} error(s), {warnings} warning(s)")),
        "{text}"
    );
}

// ------------------------------------------------------------------------------- schema

#[test]
fn schema_prints_and_writes_the_published_files() {
    // without --version: the newest released version (1.1)
    let case = stdout_of(ctip().args(["schema", "case"]));
    assert_eq!(
        case,
        fs::read_to_string("schemas/1.1/case.schema.json").unwrap()
    );
    let record = stdout_of(ctip().args(["schema", "--version", "1.0"]));
    assert_eq!(
        record,
        fs::read_to_string("schemas/1.0/record.schema.json").unwrap()
    );
    // 1.0 has no tip schema: a usage error, not a panic
    ctip()
        .args(["schema", "--version", "1.0", "tip"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    for (version, names) in [
        ("1.0", &["case", "referral", "indicator_set", "record"][..]),
        (
            "1.1",
            &["case", "referral", "indicator_set", "record", "tip"][..],
        ),
    ] {
        ctip()
            .args(["schema", "--version", version, "--out"])
            .arg(dir.path())
            .assert()
            .code(0)
            .stdout("");
        let mut written: Vec<String> = fs::read_dir(dir.path().join(version))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        written.sort();
        let mut expected: Vec<String> = names.iter().map(|n| format!("{n}.schema.json")).collect();
        expected.sort();
        assert_eq!(written, expected, "{version}");
        for name in expected {
            assert_eq!(
                fs::read(dir.path().join(version).join(&name)).unwrap(),
                fs::read(Path::new("schemas").join(version).join(&name)).unwrap(),
                "{version}/{name}"
            );
        }
    }
    ctip().args(["schema", "--version", "9.9"]).assert().code(2);
    ctip().args(["schema", "person"]).assert().code(2);
}

// ------------------------------------------------------------------------------- keygen

#[test]
fn keygen_writes_an_owner_only_key_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.key");
    ctip()
        .args(["keygen", "--id", "tt-ctu-2026", "--out"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout("");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let key = ctip_exchange::pseudonym::SecretKey::load(&path).unwrap();
    assert_eq!(key.id().as_str(), "tt-ctu-2026");
    let before = fs::read(&path).unwrap();
    ctip()
        .args(["keygen", "--id", "other", "--out"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(fs::read(&path).unwrap(), before);
    ctip()
        .args(["keygen", "--id", "bad id!", "--out"])
        .arg(dir.path().join("x.key"))
        .assert()
        .code(2);
}

// ------------------------------------------------------------------------- pseudonymize

#[test]
fn pseudonymize_writes_the_pseudonyms_and_nothing_of_the_identities() {
    use ctip_exchange::pseudonym::*;
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("k.key");
    ctip()
        .args(["keygen", "-q", "--id", "demo", "--out"])
        .arg(&key_path)
        .assert()
        .code(0);
    let csv = "case;first;last;dob;passport;country;phone;email\n\
               17;Wislande;Jean-Baptiste;2006;HT123456;HT;+509 3700 0000;w.jb@example.org\n\
               18;Marc;Étienne;;;;;\n\
               19;Rose;Pierre;1999-02-30;X1;HT;12;nope\n";
    let input = dir.path().join("people.csv");
    fs::write(&input, csv).unwrap();
    let out_path = dir.path().join("out.csv");
    let out = ctip()
        .args(["pseudonymize", "--key"])
        .arg(&key_path)
        .args([
            "--delimiter",
            ";",
            "--given",
            "first",
            "--family",
            "last",
            "--birth-date",
            "dob",
            "--document-number",
            "passport",
            "--document-type",
            "passport",
            "--document-country",
            "country",
            "--phone",
            "phone",
            "--email",
            "email",
            "--out",
        ])
        .arg(&out_path)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "row 3 has bad values");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("row 3 (line 4), column dob"), "{stderr}");
    assert!(stderr.contains("row 3 (line 4), column phone"), "{stderr}");
    assert!(stderr.contains("row 3 (line 4), column email"), "{stderr}");
    let written = fs::read_to_string(&out_path).unwrap();
    for value in [
        "Wislande",
        "Jean",
        "2006",
        "HT123456",
        "3700",
        "example.org",
        "Rose",
        "1999",
        "nope",
        "17",
    ] {
        assert!(!written.contains(value), "{value} copied to the output");
        assert!(!stderr.contains(value), "{value} in a message");
    }
    // The same pseudonyms as the library's.
    let keys = KeySet::new(SecretKey::load(&key_path).unwrap());
    let pz = Pseudonymizer::new(&keys, "subject-linkage".parse().unwrap());
    let name = pz.name_and_birth_date(
        &PersonName::labelled("Wislande", "Jean-Baptiste").unwrap(),
        "2006".parse().unwrap(),
    );
    let doc = pz.document(
        &IdentityDocument::new(DocumentType::Passport, "HT".parse().unwrap(), "HT123456").unwrap(),
    );
    let phone = pz.phone(&PhoneNumber::international("+509 3700 0000").unwrap());
    let email = pz.email(&EmailAddress::new("w.jb@example.org").unwrap());
    let rows: Vec<&str> = written.lines().collect();
    assert_eq!(
        rows[0],
        "row,pseudonym_name,pseudonym_document,pseudonym_phone,pseudonym_email"
    );
    assert_eq!(rows[1], format!("1,{name},{doc},{phone},{email}"));
    assert_eq!(rows[2], "2,,,,", "no birth date: no name pseudonym");
    assert!(rows[3].starts_with("3,,ps1:demo:"), "{}", rows[3]);
    assert_eq!(rows.len(), 4);
}

#[test]
fn pseudonymize_refuses_unsafe_setups() {
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("k.key");
    ctip()
        .args(["keygen", "-q", "--id", "demo", "--out"])
        .arg(&key_path)
        .assert()
        .code(0);
    let input = dir.path().join("p.csv");
    fs::write(&input, "first,last\nA,B\n").unwrap();
    // A name without a birth date, a missing column, an insecure key.
    ctip()
        .args(["pseudonymize", "--given", "first", "--key"])
        .arg(&key_path)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--birth-date"));
    ctip()
        .args(["pseudonymize", "--email", "mail", "--key"])
        .arg(&key_path)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--email: the CSV has no column"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key_path, fs::Permissions::from_mode(0o644)).unwrap();
        ctip()
            .args(["pseudonymize", "--email", "first", "--key"])
            .arg(&key_path)
            .arg(&input)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("chmod 600"));
    }
}

// ------------------------------------------------------------------------ publish, audit

/// `n` synthetic cases: copies of the bundled ones with new ids and no pseudonyms.
fn synthetic_cases(n: usize) -> String {
    let mut bases: Vec<Value> = Vec::new();
    for name in [
        "case-gy-mining.json",
        "case-jm-sexual-exploitation.json",
        "case-tt-domestic-work.json",
    ] {
        let mut v: Value = serde_json::from_slice(&fs::read(example(name)).unwrap()).unwrap();
        v["subject"].as_object_mut().unwrap().remove("pseudonyms");
        bases.push(v);
    }
    let mut out = String::new();
    for i in 0..n {
        let mut v = bases[i % bases.len()].clone();
        v["id"] = Value::String(format!("synthetic-{i}"));
        out.push_str(&serde_json::to_string(&v).unwrap());
        out.push('\n');
    }
    out
}

#[test]
fn publish_writes_a_protected_set_that_validates_and_passes_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.ndjson");
    fs::write(&cases, synthetic_cases(90)).unwrap();
    let set_path = dir.path().join("set.json");
    let table_path = dir.path().join("suppressed.txt");
    ctip()
        .args([
            "publish",
            "--at",
            AT,
            "--by",
            "sex,age_group",
            "--country",
            "GY,JM,TT",
            "--period",
            "2023/2025",
            "--threshold",
            "11",
            "--id",
            "synthetic-2025",
            "--producer",
            "example.org.statistics",
            "--out",
        ])
        .arg(&set_path)
        .arg("--table")
        .arg(&table_path)
        .arg(&cases)
        .assert()
        .code(0)
        .stdout("");
    let bytes = fs::read(&set_path).unwrap();
    let record = Record::from_slice(&bytes, &Default::default()).unwrap();
    let report = validate(&record, &ValidationOptions::at(AT.parse().unwrap()));
    assert!(report.is_valid(), "{report}");
    let Record::IndicatorSet(set) = &record else {
        panic!("not an indicator set")
    };
    assert_eq!(set.indicators.len(), 1);
    let table = fs::read_to_string(&table_path).unwrap();
    assert!(
        table.contains("cell") && table.contains("reason"),
        "{table}"
    );
    assert!(table.contains("audit passed"), "{table}");
    ctip()
        .arg("audit")
        .arg(&set_path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "every suppressed cell is protected",
        ));
    ctip()
        .args(["audit", "--format", "json"])
        .arg(&set_path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"passed\":true"));
}

#[test]
fn publish_lists_suppressed_cells_with_reasons_on_stderr() {
    ctip()
        .args([
            "publish",
            "--at",
            AT,
            "--by",
            "sex",
            "--country",
            "GY,JM,TT",
            "--period",
            "2023/2025",
            "--threshold",
            "5",
            "--round",
            "5",
        ])
        .arg(example("case-gy-mining.json"))
        .arg(example("case-tt-domestic-work.json"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"indicator_set\""))
        .stderr(predicate::str::contains("primary").and(predicate::str::contains("sex=")));
}

#[test]
fn publish_refuses_invalid_inputs_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.ndjson");
    fs::write(&cases, synthetic_cases(5) + "{\"record_type\":\"case\"}\n").unwrap();
    let set_path = dir.path().join("set.json");
    ctip()
        .args([
            "publish",
            "--at",
            AT,
            "--by",
            "sex",
            "--country",
            "TT",
            "--period",
            "2024/2025",
            "--out",
        ])
        .arg(&set_path)
        .arg(&cases)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cases.ndjson:6:"));
    assert!(!set_path.exists());
    ctip()
        .args([
            "publish",
            "--by",
            "colour",
            "--country",
            "TT",
            "--period",
            "2024/2025",
        ])
        .arg(&cases)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--by"));
}

#[test]
fn audit_finds_a_recoverable_cell_in_a_set_published_elsewhere() {
    let mut v: Value =
        serde_json::from_slice(&fs::read(example("indicators-tt-2024-victims.json")).unwrap())
            .unwrap();
    // Publishing the unknown count lets anyone compute the male count: 43 - 31 - 0 - 0.
    v["indicators"][0]["cells"][3]["value"] = serde_json::json!({"status": "exact", "count": 0});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("set.json");
    fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    ctip()
        .arg("audit")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("sex=male").and(predicate::str::contains("RECOVERABLE")));
    ctip()
        .arg("audit")
        .arg(example("indicators-tt-2024-victims.json"))
        .assert()
        .code(0);
    ctip()
        .arg("audit")
        .arg(example("case-gy-mining.json"))
        .assert()
        .code(1);
    ctip().arg("audit").arg("no-such.json").assert().code(2);
}

// ------------------------------------------------------------------------------ migrate

#[test]
fn migrate_writes_documents_as_the_target_version() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.json");
    ctip()
        .args(["migrate", "-q", "--to", "1.1", "--out"])
        .arg(&out_path)
        .arg(example("case-tt-domestic-work.json"))
        .assert()
        .code(0);
    // a 1.0 document upgraded: the version changes, nothing else
    let a: Value = serde_json::from_slice(&fs::read(&out_path).unwrap()).unwrap();
    let mut b: Value =
        serde_json::from_slice(&fs::read(example("case-tt-domestic-work.json")).unwrap()).unwrap();
    assert_eq!(b["schema_version"], "1.0");
    b["schema_version"] = "1.1".into();
    assert_eq!(a, b);
    // NDJSON in, NDJSON out; a broken document is reported and is exit 1.
    let input = ndjson_of(VALID).join("\n") + "\n{\"schema_version\":\"0.1\"}\n";
    let out = ctip()
        .args(["migrate", "--to", "1.1", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 9);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("<stdin>:10:")
    );
    ctip()
        .args(["migrate", "--to", "7.3"])
        .arg(example("case-tt-domestic-work.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("this build writes version 1.1"));
}

/// The signal that interrupts a child run: SIGINT (Ctrl-C), unless this process ignores it,
/// as a background job of a shell without job control does. A child inherits an ignored
/// SIGINT and would run to the end, so it is stopped by SIGTERM then, fatal in the same way.
/// (`ctip` handles neither signal.) Without `/proc` (not Linux) it is always SIGINT.
#[cfg(unix)]
fn interrupt_signal() -> &'static str {
    let ignored = fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|l| {
                l.strip_prefix("SigIgn:")
                    .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            })
        })
        .unwrap_or(0);
    // bit n-1 of the mask is signal n; SIGINT is 2
    if ignored & (1 << 1) != 0 {
        "-TERM"
    } else {
        "-INT"
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let line = &ndjson_of(VALID)[0];
    let mut text = String::new();
    for _ in 0..40_000 {
        text.push_str(line);
        text.push('\n');
    }
    let input = dir.path().join("big.ndjson");
    fs::write(&input, text).unwrap();
    let report = dir.path().join("report.sarif");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ctip"))
        .args([
            "validate", "--at", AT, "--jobs", "1", "--format", "sarif", "--output",
        ])
        .arg(&report)
        .arg(&input)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args([interrupt_signal(), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run ended before it was interrupted");
    assert!(!report.exists(), "a half-written report was left");
}

// ------------------------------------------------------------------------------ convert

#[test]
fn convert_writes_records_and_rejects_and_exits_1_on_a_rejected_row() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ctdc.csv");
    fs::write(
        &csv,
        "yearOfRegistration,Datasource,gender,ageBroad,majorityStatus,citizenship,CountryOfExploitation,isForcedLabour,isSexualExploit\n\
         2016,Case management,Female,18--20,Adult,PH,00,0,1\n\
         2017,Case management,Male,18--20,Adult,PH,00,1,0\n\
         2017,Case management,Robotic,18--20,Adult,PH,00,1,0\n",
    )
    .unwrap();
    let records = dir.path().join("records.ndjson");
    let rejects = dir.path().join("rejects.ndjson");
    let report = dir.path().join("report.json");
    ctip()
        .args(["convert", "--at", AT, "--profile", "ctdc-2018"])
        .arg(&csv)
        .arg("--out")
        .arg(&records)
        .arg("--rejects")
        .arg(&rejects)
        .arg("--report")
        .arg(&report)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("2 record(s) written, 1 rejected"));
    // The records are valid standard records.
    ctip()
        .args(["validate", "--at", AT])
        .arg(&records)
        .assert()
        .code(0);
    let rejected = fs::read_to_string(&rejects).unwrap();
    assert_eq!(rejected.lines().count(), 1);
    assert!(rejected.contains("convert.unknown_value") && rejected.contains("\"row\":4"));
    assert!(!rejected.contains("Robotic"));
    let r: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["records_written"], 2);
    assert_eq!(r["rows_rejected"], 1);
}

#[test]
fn convert_refuses_identifier_columns_without_a_key_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("toolkit.csv");
    let header =
        fs::read_to_string("tests/data/convert/htcds-excel-toolkit-2.0-header.csv").unwrap();
    fs::write(&csv, header.trim_end().to_string() + "\n").unwrap();
    let out = dir.path().join("records.ndjson");
    let rejects = dir.path().join("rejects.ndjson");
    ctip()
        .args(["convert", "--profile", "htcds-2.0-excel"])
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .arg("--rejects")
        .arg(&rejects)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no pseudonym key"));
    assert!(!out.exists() && !rejects.exists());
    ctip()
        .args(["convert", "--profile", "no-such-profile"])
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ctdc-2018"));
}
