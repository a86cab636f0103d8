//! One classification of bad input on both entry points (issue 8 item 3): every invalid
//! example and a set of mutations of valid documents give the same set of (rule code,
//! JSON Pointer) from [`validate_slice`] (the typed path) and from
//! [`schema::validate_payload`] (the schema path).
//!
//! Deliberate differences are listed in [`DIFFERENCES`] with their reason; any other
//! difference fails the test.
#![cfg(feature = "schema-validation")]

use std::collections::BTreeSet;
use std::path::Path;

use ctip_exchange::schema;
use ctip_exchange::validate::{RuleCode, ValidationOptions, validate_slice};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The reference time the invalid examples' README names.
fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

fn examples_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.0/examples")
}

fn valid(name: &str) -> Value {
    let bytes = std::fs::read(examples_dir().join("valid").join(name)).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

type Issues = BTreeSet<(String, String)>;

fn issues_of(report: ctip_exchange::validate::Report) -> Issues {
    report
        .issues
        .iter()
        .map(|i| (i.code.as_str().to_owned(), i.pointer.clone()))
        .collect()
}

fn slice_issues(bytes: &[u8]) -> Issues {
    issues_of(validate_slice(bytes, &options()).1)
}

fn payload_issues(bytes: &[u8]) -> Issues {
    issues_of(schema::validate_payload(bytes, &options()).1)
}

/// Cases where the two paths deliberately differ, and why: (case name, reason).
const DIFFERENCES: &[(&str, &str)] = &[
    (
        "wrong type: number for a code",
        "the schema reports every keyword the value fails (`type` and `enum`) at the same \
         pointer; the typed parser stops at the JSON type. The first code agrees.",
    ),
    (
        "consent basis: unknown member",
        "the typed parser reads an unknown member of a choice as an unknown alternative \
         (`structure.unknown_code`); the schema's `oneOf` sees an object that lacks the \
         member of each alternative and has one none allows. Same pointer.",
    ),
    (
        "consent basis: a string",
        "serde reads a string as the name of an alternative and then misses its content, one \
         level down (`/consent/consent`); the schema blames the value itself. Same code.",
    ),
];

fn compare(name: &str, bytes: &[u8], failures: &mut Vec<String>) {
    let mut options = options();
    if name == "json.too_large.json" {
        // the README: a valid case, read with a size limit of 1024 bytes
        options.limits.max_bytes = 1024;
    }
    let typed = issues_of(validate_slice(bytes, &options).1);
    let schema = issues_of(schema::validate_payload(bytes, &options).1);
    assert!(
        !typed.is_empty() && !schema.is_empty(),
        "{name}: bad input passed (typed {typed:?}, schema {schema:?})"
    );
    let documented = DIFFERENCES.iter().any(|(n, _)| *n == name);
    if typed != schema && !documented {
        failures.push(format!("{name}: typed {typed:?} schema {schema:?}"));
    }
    if typed == schema && documented {
        failures.push(format!("{name}: documented as different but agrees"));
    }
}

#[test]
fn every_invalid_example_is_classified_alike() {
    let mut failures = Vec::new();
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(examples_dir().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        compare(&name, &bytes, &mut failures);
        seen += 1;
    }
    assert!(seen >= 30, "only {seen} invalid examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A mutation: a name, the valid example it starts from and what it changes.
type Mutation = (&'static str, &'static str, fn(&mut Value));

const CASE: &str = "case-tt-domestic-work.json";
const REFERRAL: &str = "referral-tt-shelter-completed.json";
const INDICATORS: &str = "indicators-tt-2024-victims.json";

fn mutations() -> Vec<Mutation> {
    vec![
        ("wrong type: age as string", CASE, |d| {
            d["subject"]["age_at_identification"] = json!("26")
        }),
        ("wrong type: list as object", CASE, |d| {
            d["subject"]["languages"] = json!({})
        }),
        ("wrong type: number for a code", CASE, |d| {
            d["subject"]["gender"] = json!(3)
        }),
        ("unknown code: gender", CASE, |d| {
            d["subject"]["gender"] = json!("not_a_gender")
        }),
        ("unknown code: exploitation type", CASE, |d| {
            d["trafficking"]["exploitation_types"] = json!(["nope"])
        }),
        ("bad country: identification", CASE, |d| {
            d["identification"]["country"] = json!("XX")
        }),
        ("bad country: lower case", CASE, |d| {
            d["trafficking"]["events"][0]["country"] = json!("ve")
        }),
        ("bad country: citizenship", CASE, |d| {
            d["subject"]["citizenships"] = json!(["ZZ"])
        }),
        ("bad language", CASE, |d| {
            d["subject"]["languages"] = json!(["xx-not"])
        }),
        ("bad date: February 30", CASE, |d| {
            d["identification"]["date"] = json!("2024-02-30")
        }),
        ("bad date: not a date", CASE, |d| {
            d["subject"]["birth_date"] = json!("the nineties")
        }),
        ("bad timestamp", CASE, |d| {
            d["created_at"] = json!("2024-08-02")
        }),
        ("missing field: producer", CASE, |d| {
            d.as_object_mut().unwrap().remove("producer");
        }),
        ("missing field: referral status", REFERRAL, |d| {
            d.as_object_mut().unwrap().remove("status");
        }),
        ("unknown field: top level", CASE, |d| {
            d["nick_name"] = json!("x")
        }),
        ("unknown field: subject", CASE, |d| {
            d["subject"]["first_name"] = json!("SECRET")
        }),
        ("unknown field: indicator set", INDICATORS, |d| {
            d["surprise"] = json!(1)
        }),
        ("consent basis: empty object", REFERRAL, |d| {
            d["consent"] = json!({})
        }),
        ("consent basis: consent and override", REFERRAL, |d| {
            d["consent"]["override"] = json!({
                "reason": "child_best_interest", "authorized_by": "tt.gov.ctu",
                "decided_on": "2024-08-02"
            })
        }),
        ("consent basis: unknown member", REFERRAL, |d| {
            d["consent"] = json!({"permission": {}})
        }),
        ("consent basis: a string", REFERRAL, |d| {
            d["consent"] = json!("consent")
        }),
    ]
}

#[test]
fn mutations_are_classified_alike() {
    let mut failures = Vec::new();
    for (name, base, mutate) in mutations() {
        let mut doc = valid(base);
        mutate(&mut doc);
        compare(name, &serde_json::to_vec(&doc).unwrap(), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The JSON text of a valid referral with its consent basis replaced by `basis` (raw JSON,
/// so that repeated keys survive).
fn referral_with_basis(basis: &str) -> Vec<u8> {
    let mut doc = valid(REFERRAL);
    doc["consent"] = json!("BASIS");
    serde_json::to_string(&doc)
        .unwrap()
        .replace("\"BASIS\"", basis)
        .into_bytes()
}

#[test]
fn a_wrong_consent_basis_is_a_structure_problem_with_a_pointer() {
    let consent = r#"{"purpose":"referral","status":"granted","decided_on":"2024-08-02","organizations":["tt.ngo.safe-haven"]}"#;
    let over = r#"{"reason":"child_best_interest","authorized_by":"tt.gov.ctu","decided_on":"2024-08-02"}"#;
    for (basis, code) in [
        ("{}".to_owned(), "structure.missing_field"),
        (
            format!(r#"{{"consent":{consent},"override":{over}}}"#),
            "structure.unknown_field",
        ),
    ] {
        let bytes = referral_with_basis(&basis);
        for issues in [slice_issues(&bytes), payload_issues(&bytes)] {
            assert_eq!(
                issues,
                BTreeSet::from([(code.to_owned(), "/consent".to_owned())]),
                "{basis}"
            );
        }
    }
    let repeated = referral_with_basis(&format!(r#"{{"consent":{consent},"consent":{consent}}}"#));
    for issues in [slice_issues(&repeated), payload_issues(&repeated)] {
        let codes: BTreeSet<_> = issues.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, BTreeSet::from(["json.duplicate_key"]), "{issues:?}");
        assert!(
            issues.iter().all(|(_, p)| p.starts_with("/consent")),
            "{issues:?}"
        );
    }
}

/// Deep nesting in typed fields: `json.too_deep` on both paths, never `structure.*`.
#[test]
fn deep_nesting_in_typed_fields_is_too_deep_on_both_paths() {
    for (base, field) in [
        (CASE, "/subject/languages"),
        (CASE, "/trafficking/events"),
        (CASE, "/subject/gender"),
        (REFERRAL, "/consent"),
        (INDICATORS, "/id"),
    ] {
        let bytes = nest_at(&valid(base), field, 100_000);
        let typed = slice_issues(&bytes);
        let schema = payload_issues(&bytes);
        assert_eq!(typed, schema, "{base} {field}");
        assert!(
            typed.iter().all(|(c, _)| c == "json.too_deep") && !typed.is_empty(),
            "{base} {field}: {typed:?}"
        );
    }
}

/// The document with the value at `pointer` replaced by `depth` nested arrays.
fn nest_at(doc: &Value, pointer: &str, depth: usize) -> Vec<u8> {
    let mut doc = doc.clone();
    *doc.pointer_mut(pointer).unwrap() = json!("NEST");
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    serde_json::to_string(&doc)
        .unwrap()
        .replacen("\"NEST\"", &deep, 1)
        .into_bytes()
}

/// Every pointer to a value of the document (the root excluded).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

const ALL_VALID: &[&str] = &[
    "case-gy-mining.json",
    "case-jm-sexual-exploitation.json",
    "case-tt-domestic-work.json",
    "indicators-caribbean-2023-age-sex.json",
    "indicators-jm-2023-criminal-justice.json",
    "indicators-tt-2024-victims.json",
    "referral-gy-repatriation-requested.json",
    "referral-jm-child-override.json",
    "referral-tt-shelter-completed.json",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Nesting beyond the limit at any position of a valid document, typed field or not,
    /// gives `json.too_deep` on the fast path (default limits), on the full scan (a limit
    /// below the fast-path threshold forces it) and on the schema path.
    #[test]
    fn deep_nesting_anywhere_is_too_deep(
        example in proptest::sample::select(ALL_VALID),
        position in any::<proptest::sample::Index>(),
        extra in 1usize..200,
    ) {
        let doc = valid(example);
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let pointer = position.get(&all).clone();
        for limits_depth in [None, Some(8usize)] {
            let mut options = options();
            if let Some(d) = limits_depth {
                options.limits.max_depth = d;
            }
            let depth = options.limits.max_depth.max(128) + extra;
            let bytes = nest_at(&doc, &pointer, depth);
            let (_, typed) = validate_slice(&bytes, &options);
            let (_, schema) = schema::validate_payload(&bytes, &options);
            for report in [&typed, &schema] {
                prop_assert!(
                    !report.issues.is_empty()
                        && report.issues.iter().all(|i| i.code == RuleCode::JsonTooDeep),
                    "{} at {}: {:?}", example, pointer,
                    report.issues.iter().map(|i| (i.code, i.pointer.clone())).collect::<Vec<_>>()
                );
            }
        }
    }
}
