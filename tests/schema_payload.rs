//! The raw-payload validation API: limits, schema of the declared version, typed parsing
//! and semantic rules in one report, with rule codes and JSON Pointers, and no value of the
//! document in any message.
#![cfg(feature = "schema-validation")]

mod strategies;

use std::path::Path;

use ctip_exchange::schema::validate_payload;
use ctip_exchange::validate::{RuleCode, ValidationOptions, validate_slice};
use proptest::prelude::*;
use serde_json::{Value, json};

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.0/examples")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn issues(doc: &Value) -> Vec<(RuleCode, String)> {
    let (_, report) = validate_payload(&serde_json::to_vec(doc).unwrap(), &options());
    report
        .issues
        .iter()
        .map(|i| (i.code, i.pointer.clone()))
        .collect()
}

#[test]
fn schema_keywords_map_to_structure_codes_with_pointers() {
    let mut doc = example("valid/case-tt-domestic-work.json");
    doc.as_object_mut().unwrap().remove("producer"); // required
    doc["subject"]["first_name"] = json!("SECRET"); // additionalProperties
    doc["subject"]["age_at_identification"] = json!("26"); // type
    doc["subject"]["gender"] = json!("female"); // enum
    doc["id"] = json!("has space"); // pattern
    doc["criminal_justice"]["persons_investigated"] = json!(-1); // minimum
    doc["perpetrators"][0]["roles"] = json!([]); // minItems
    doc["subject"]["languages"] = json!(["es", "es"]); // uniqueItems
    doc["extensions"]["NoNamespace"] = json!(1); // propertyNames
    doc["subject"]["citizenships"][0] = json!("XX"); // enum inside anyOf
    let found = issues(&doc);
    let expected = [
        (RuleCode::StructureMissingField, ""),
        (RuleCode::StructureUnknownField, "/subject"),
        (
            RuleCode::StructureWrongType,
            "/subject/age_at_identification",
        ),
        (RuleCode::StructureUnknownCode, "/subject/gender"),
        (RuleCode::StructureInvalidValue, "/id"),
        (
            RuleCode::StructureInvalidValue,
            "/criminal_justice/persons_investigated",
        ),
        (RuleCode::StructureInvalidValue, "/perpetrators/0/roles"),
        (RuleCode::StructureInvalidValue, "/subject/languages"),
        (RuleCode::StructureInvalidValue, "/extensions"),
        // a country is a form, not a vocabulary: the rule table's invalid_value, as typed
        (RuleCode::StructureInvalidValue, "/subject/citizenships/0"),
    ];
    for (code, pointer) in expected {
        assert!(
            found.contains(&(code, pointer.to_owned())),
            "{code} at {pointer} missing from {found:?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:?}");
}

#[test]
fn one_report_has_every_schema_issue_where_typed_parsing_stops_at_the_first() {
    let mut doc = example("valid/referral-tt-shelter-completed.json");
    doc["urgency"] = json!("tomorrow");
    doc["history"][1]["at"] = json!("2024-02-30T10:00:00Z");
    let bytes = serde_json::to_vec(&doc).unwrap();
    let (record, report) = validate_payload(&bytes, &options());
    assert!(record.is_none());
    assert_eq!(report.errors().count(), 2, "{report}");
    let (_, typed) = validate_slice(&bytes, &options());
    assert_eq!(typed.errors().count(), 1, "{typed}");
    // the first problem is the same on both paths
    assert_eq!(typed.issues[0].pointer, report.issues[0].pointer);
}

#[test]
fn schema_valid_documents_get_the_semantic_rules() {
    let mut doc = example("valid/case-tt-domestic-work.json");
    doc["subject"]["age_band"] = json!("18-20");
    doc["assistance"][1]["start"] = json!("2026-05");
    let (record, report) = validate_payload(&serde_json::to_vec(&doc).unwrap(), &options());
    assert!(record.is_some());
    assert!(report.has(RuleCode::AgeInconsistent), "{report}");
    assert!(report.has(RuleCode::DateFuture), "{report}");
    assert!(!report.is_valid());
}

#[test]
fn structure_examples_get_the_same_code_and_pointer_on_both_paths() {
    for name in [
        "structure.missing_field",
        "structure.wrong_type",
        "structure.unknown_code",
        "structure.invalid_value",
        "structure.record_type",
        "structure.schema_version",
    ] {
        let bytes = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schemas/1.0/examples/invalid")
                .join(format!("{name}.json")),
        )
        .unwrap();
        let (_, schema) = validate_payload(&bytes, &options());
        let (_, typed) = validate_slice(&bytes, &options());
        assert_eq!(schema.issues.len(), 1, "{name}: {schema}");
        assert_eq!(schema.issues[0].code, typed.issues[0].code, "{name}");
        assert_eq!(schema.issues[0].pointer, typed.issues[0].pointer, "{name}");
    }
}

#[test]
fn unknown_versions_are_reported_clearly() {
    let mut doc = example("valid/case-tt-domestic-work.json");
    doc["schema_version"] = json!("2.0");
    let (record, report) = validate_payload(&serde_json::to_vec(&doc).unwrap(), &options());
    assert!(record.is_none());
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].code, RuleCode::StructureSchemaVersion);
    assert_eq!(report.issues[0].pointer, "/schema_version");
    assert_eq!(
        report.issues[0].message,
        "schema_version 2.0 is not supported by this build; supported versions: 1.0, 1.1"
    );
}

#[test]
fn input_limits_come_first() {
    let mut doc = example("valid/case-tt-domestic-work.json");
    let text = serde_json::to_string(&doc).unwrap();
    let dup = text.replacen("\"gender\":", "\"gender\":\"x\",\"gender\":", 1);
    let (_, report) = validate_payload(dup.as_bytes(), &options());
    assert!(report.has(RuleCode::JsonDuplicateKey), "{report}");
    assert_eq!(report.issues.len(), 1);
    let mut nested = json!(1);
    for _ in 0..70 {
        nested = json!([nested]);
    }
    doc["extensions"]["org.example.deep"] = nested;
    let (_, report) = validate_payload(&serde_json::to_vec(&doc).unwrap(), &options());
    assert!(report.has(RuleCode::JsonTooDeep), "{report}");
    let (_, report) = validate_payload(b"{\"a\":1} x", &options());
    assert!(report.has(RuleCode::JsonTrailingData), "{report}");
}

fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// A marker put anywhere (replacing a value, as an unknown key, as an unknown code)
    /// never reaches a message of the payload check.
    #[test]
    fn messages_never_contain_document_values(
        record in strategies::record(),
        marker in "[A-Za-z]{6}",
        pick in any::<prop::sample::Index>(),
        mode in 0u8..4,
    ) {
        let marker = format!("QZX{marker}");
        let mut doc = serde_json::to_value(&record).unwrap();
        let mut all = Vec::new();
        leaves(&doc, String::new(), &mut all);
        let path = pick.get(&all).clone();
        let target = doc.pointer_mut(&path).unwrap();
        match mode {
            0 => *target = Value::String(marker.clone()),
            1 => *target = json!({ marker.clone(): marker.clone() }),
            2 => *target = json!([marker.clone(), marker.clone()]),
            _ => {
                doc.as_object_mut().unwrap().insert(marker.clone(), Value::String(marker.clone()));
            }
        }
        let (_, report) = validate_payload(&serde_json::to_vec(&doc).unwrap(), &options());
        for issue in &report.issues {
            prop_assert!(!issue.message.contains("QZX"), "{path}: {issue}");
        }
    }
}

#[test]
fn alternatives_are_reported_from_the_branch_the_value_meant() {
    let value = "/indicators/0/cells/1/value";
    let mut doc = example("valid/indicators-tt-2024-victims.json");
    doc["indicators"][0]["cells"][1]["value"] = json!({"status": "suppressed", "count": 3});
    assert_eq!(
        issues(&doc),
        [(RuleCode::StructureUnknownField, value.to_owned())]
    );
    doc["indicators"][0]["cells"][1]["value"] = json!({"status": "exact"});
    assert_eq!(
        issues(&doc),
        [(RuleCode::StructureMissingField, value.to_owned())]
    );
    doc["indicators"][0]["cells"][1]["value"] = json!({"status": "rounded"});
    assert_eq!(
        issues(&doc),
        [(RuleCode::StructureUnknownCode, format!("{value}/status"))]
    );
    doc["indicators"][0]["cells"][1]["value"] = json!("suppressed");
    assert_eq!(
        issues(&doc),
        [(RuleCode::StructureWrongType, value.to_owned())]
    );

    let mut doc = example("valid/referral-tt-shelter-completed.json");
    doc["consent"]["consent"]["status"] = json!("maybe");
    doc["consent"]["consent"]["decided_on"] = json!("2024-02-30");
    doc["consent"]["consent"]["organizations"] = json!(["iom.tt", "iom.tt"]);
    assert_eq!(
        issues(&doc),
        [
            (
                RuleCode::StructureUnknownCode,
                "/consent/consent/status".to_owned()
            ),
            (
                RuleCode::StructureInvalidValue,
                "/consent/consent/decided_on".to_owned()
            ),
            (
                RuleCode::StructureInvalidValue,
                "/consent/consent/organizations".to_owned()
            ),
        ]
    );
}
