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
