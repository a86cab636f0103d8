//! The record layer's table of what each version added (`record::additions::ADDED`, which
//! the gate `structure.newer_than_declared` and the export to an older version use) against
//! the real difference between the frozen schemas of the older version and the generated
//! schemas of the newer one (`schema::compat`): a field, code or record type added to the
//! types and forgotten in the table fails here, and so does an entry the schemas do not have.
//!
//! A 1.1 document read by a 1.0-only reader: the frozen 1.0 schemas refuse it at
//! `/schema_version` (the "unsupported version" error a 1.0 reader gives), checked with the
//! `jsonschema` crate here and with Python `jsonschema` in `scripts/validate_examples.py`.

mod schema_support;

use std::collections::BTreeSet;

use ctip_exchange::record::additions::{ADDED, Added};
use ctip_exchange::schema::{self, SchemaKind, compat, frozen};
use ctip_exchange::types::SchemaVersion;
use serde_json::{Value, json};

/// The schema of each kind that has a record type, and that type's code.
const KINDS: [(SchemaKind, &str); 3] = [
    (SchemaKind::Case, "case"),
    (SchemaKind::Referral, "referral"),
    (SchemaKind::IndicatorSet, "indicator_set"),
];

/// The additions from frozen `old` to the schemas `new_of` gives, as `compat::additions`
/// computes them, or the changes the table cannot express.
fn computed(
    old: SchemaVersion,
    new: SchemaVersion,
    new_of: impl Fn(SchemaKind) -> Value,
) -> Result<BTreeSet<String>, Vec<String>> {
    let mut found = BTreeSet::new();
    let mut problems = Vec::new();
    let kinds = KINDS
        .iter()
        .map(|(k, t)| (*k, Some(*t)))
        .chain([(SchemaKind::Record, None)]);
    for (kind, record_type) in kinds {
        let Some(frozen) = frozen::get(kind, old) else {
            continue;
        };
        let report = match compat::gate(old, &frozen.value(), new, &new_of(kind)) {
            Ok(report) => report,
            Err(e) => {
                problems.push(format!("{kind}: {e}"));
                continue;
            }
        };
        match compat::additions(&report, record_type) {
            Ok(list) => found.extend(list),
            Err(changes) => problems.extend(changes.iter().map(|c| {
                format!("{kind}: {c}: not an addition the table can express (add a kind of entry to record::additions)")
            })),
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

fn listed(table: &[Added], old: SchemaVersion, new: SchemaVersion) -> BTreeSet<String> {
    table
        .iter()
        .filter(|a| a.since > old && a.since <= new)
        .map(|a| a.what.to_string())
        .collect()
}

/// What the table lacks and what it lists in vain; empty when they agree.
fn disagreement(listed: &BTreeSet<String>, computed: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = computed
        .difference(listed)
        .map(|a| format!("missing from record::additions::ADDED: {a}"))
        .collect();
    out.extend(
        listed
            .difference(computed)
            .map(|a| format!("listed in record::additions::ADDED, not in the schemas: {a}")),
    );
    out
}

#[test]
fn the_table_lists_exactly_what_the_schemas_added() {
    let versions = SchemaVersion::SUPPORTED;
    for pair in versions.windows(2) {
        let (old, new) = (pair[0], pair[1]);
        assert!(frozen::is_released(old), "{old}");
        let found = computed(old, new, |kind| schema::generate_for(kind, new))
            .unwrap_or_else(|p| panic!("{old} -> {new}:\n{}", p.join("\n")));
        let problems = disagreement(&listed(ADDED, old, new), &found);
        assert!(
            problems.is_empty(),
            "{old} -> {new}:\n{}",
            problems.join("\n")
        );
    }
}

/// The same check catches a field added to the types and forgotten in the table, a new code,
/// a new tagged alternative and a new record type, and an entry left in the table after its
/// field was removed again.
#[test]
fn a_forgotten_entry_fails_the_check() {
    let (old, new) = (SchemaVersion::V1_0, SchemaVersion::V1_1);
    let edited = |kind: SchemaKind| {
        let mut s = schema::generate_for(kind, new);
        if kind == SchemaKind::Case || kind == SchemaKind::Record {
            if s["$defs"].get("Subject").is_some() {
                let mut subject = s["$defs"]["Subject"].clone();
                subject["properties"]["favourite_colour"] = json!({"type": "string"});
                s["$defs"]["Subject"] = subject;
            }
            if let Some(gender) = s["$defs"].get_mut("Gender").and_then(|g| g.get_mut("enum")) {
                gender.as_array_mut().unwrap().push(json!("ungendered"));
            }
        }
        if let Some(alts) = s["$defs"]
            .get_mut("CellValue")
            .and_then(|c| c.get_mut("oneOf"))
            .and_then(Value::as_array_mut)
        {
            alts.push(json!({"type": "object",
                "properties": {"status": {"type": "string", "const": "estimated"}},
                "required": ["status"], "additionalProperties": false}));
        }
        if kind == SchemaKind::Record {
            s["properties"]["record_type"]["enum"]
                .as_array_mut()
                .unwrap()
                .push(json!("inquiry"));
        }
        s
    };
    let found = computed(old, new, edited).unwrap_or_else(|p| panic!("{}", p.join("\n")));
    let problems = disagreement(&listed(ADDED, old, new), &found);
    let text = problems.join("\n");
    for expected in [
        "missing from record::additions::ADDED: field /subject/favourite_colour of `case`",
        "missing from record::additions::ADDED: value `ungendered` at /subject/gender of `case`",
        "missing from record::additions::ADDED: value `estimated` at /indicators/*/cells/*/value/status of `indicator_set`",
        "missing from record::additions::ADDED: record type `inquiry`",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "{expected}\nin:\n{text}"
        );
    }
    // and an entry that the schemas do not have
    let stale: BTreeSet<String> = [String::from("field /subject/nickname of `case`")].into();
    let problems = disagreement(&stale, &BTreeSet::new());
    assert_eq!(
        problems,
        [
            "listed in record::additions::ADDED, not in the schemas: field /subject/nickname of `case`"
        ]
    );
}

/// A relaxation the table cannot express (a type now accepted, a field that became
/// nullable) is reported, not ignored: a 1.0 document could use it unnoticed.
#[test]
fn a_change_the_table_cannot_express_is_reported() {
    let (old, new) = (SchemaVersion::V1_0, SchemaVersion::V1_1);
    let edited = |kind: SchemaKind| {
        let mut s = schema::generate_for(kind, new);
        if let Some(alts) = s["$defs"]["Subject"]["properties"]["age_at_identification"]
            .get_mut("anyOf")
            .and_then(Value::as_array_mut)
        {
            alts.push(json!({"type": "string"}));
        }
        s
    };
    let problems = computed(old, new, edited).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("/subject/age_at_identification")),
        "{problems:?}"
    );
}

/// A 1.1 document read by a 1.0-only reader: the frozen 1.0 schemas refuse every valid 1.1
/// example, each with an error at `/schema_version` (a `const` of 1.0), and the crate's
/// raw-payload check of 1.0 says so in its own words.
#[test]
fn a_1_1_document_is_refused_by_the_frozen_1_0_schemas_at_schema_version() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.1/examples/valid");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(doc["schema_version"], "1.1", "{}", path.display());
        // a record type 1.0 does not have (tip) is refused by the 1.0 record schema at
        // `/record_type`, and has no 1.0 schema of its own
        let is_tip = doc.get("record_type") == Some(&json!("tip"));
        for kind in [SchemaKind::Record]
            .into_iter()
            .chain(schema_support::own_kind(&doc))
            .filter(|k| k.exists_in(SchemaVersion::V1_0))
        {
            let old = schema_support::published(kind, SchemaVersion::V1_0);
            let errors: Vec<(String, String)> = old
                .iter_errors(&doc)
                .map(|e| (e.instance_path().to_string(), e.to_string()))
                .collect();
            let (pointer, word) = if is_tip {
                ("/record_type", "\"case\"")
            } else {
                ("/schema_version", "\"1.0\"")
            };
            assert!(
                errors
                    .iter()
                    .any(|(at, message)| at == pointer && message.contains(word)),
                "{} against 1.0 {kind}: {errors:?}",
                path.display()
            );
            // today's 1.1 examples carry nothing but 1.0 content: the version is the only error
            if doc.get("record_type") != Some(&json!("tip")) {
                let new = schema_support::published(kind, SchemaVersion::V1_1);
                assert!(new.is_valid(&doc), "{}", path.display());
            }
        }
        checked += 1;
    }
    assert!(checked >= 9, "{checked}");
}

/// The gate of `tests/schema_files.rs` for the pair this release is about, 1.0 -> 1.1, by name
/// (the CI step `compatibility gate 1.0 -> 1.1` runs it): green for the generated 1.1
/// schemas, red for each kind of breaking edit.
#[test]
fn compatibility_gate_1_0_to_1_1() {
    let (old, new) = (SchemaVersion::V1_0, SchemaVersion::V1_1);
    // the kinds both versions have (tip is new in 1.1: nothing to be compatible with)
    for kind in SchemaKind::all_in(old) {
        let before = frozen::get(kind, old).unwrap().value();
        let after = schema::generate_for(kind, new);
        let report =
            compat::gate(old, &before, new, &after).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert!(report.is_compatible(), "{kind}: {report}");
    }
    let before = frozen::get(SchemaKind::Case, old).unwrap().value();
    type Edit = fn(&mut Value);
    let breaking: [(&str, Edit); 4] = [
        ("a removed enum value", |s| {
            s["$defs"]["Gender"]["enum"]
                .as_array_mut()
                .unwrap()
                .retain(|v| v != "non_conforming")
        }),
        ("a new required field", |s| {
            s["required"]
                .as_array_mut()
                .unwrap()
                .push("trafficking".into())
        }),
        ("a removed field", |s| {
            s["$defs"]["Subject"]["properties"]
                .as_object_mut()
                .unwrap()
                .remove("education");
        }),
        ("a tighter bound", |s| {
            s["$defs"]["Age"]["maximum"] = json!(99)
        }),
    ];
    for (what, edit) in breaking {
        let mut after = schema::generate_for(SchemaKind::Case, new);
        edit(&mut after);
        let err = compat::gate(old, &before, new, &after);
        assert!(
            matches!(err, Err(compat::GateError::Breaking { .. })),
            "{what}: {err:?}"
        );
    }
}
