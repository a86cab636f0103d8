//! Helpers shared by the tests that check documents against the schemas with the `jsonschema`
//! crate, independently of the crate's own raw-payload path.

#![allow(dead_code)] // each test file uses its own part

use ctip_exchange::schema::{self, SchemaKind};
use serde_json::Value;

/// An independent validator of the generated schema (the `jsonschema` crate, draft 2020-12,
/// formats validated), built once per kind.
pub fn independent(kind: SchemaKind) -> &'static jsonschema::Validator {
    static CELLS: [std::sync::OnceLock<jsonschema::Validator>; SchemaKind::ALL.len()] =
        [const { std::sync::OnceLock::new() }; SchemaKind::ALL.len()];
    let i = SchemaKind::ALL.iter().position(|k| *k == kind).unwrap();
    CELLS[i].get_or_init(|| {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema::generate(kind))
            .unwrap()
    })
}

/// The schema of the record type a document names, if it names one.
pub fn own_kind(doc: &Value) -> Option<SchemaKind> {
    match doc.get("record_type")?.as_str()? {
        "case" => Some(SchemaKind::Case),
        "referral" => Some(SchemaKind::Referral),
        "indicator_set" => Some(SchemaKind::IndicatorSet),
        "tip" => Some(SchemaKind::Tip),
        _ => None,
    }
}

/// An independent validator (the `jsonschema` crate, draft 2020-12, formats validated) of a
/// published schema file, `schemas/<version>/<kind>.schema.json` as it is on disk (the frozen
/// files of a released version, the provisional files of the current one), built once per
/// version and kind.
pub fn published(
    kind: SchemaKind,
    version: ctip_exchange::types::SchemaVersion,
) -> &'static jsonschema::Validator {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<(String, SchemaKind), &'static jsonschema::Validator>>> =
        OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    let key = (version.to_string(), kind);
    if let Some(v) = cache.get(&key).copied() {
        return v;
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(version.to_string())
        .join(kind.file_name());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap();
    let v: &'static jsonschema::Validator = Box::leak(Box::new(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    ));
    cache.insert(key, v);
    v
}
