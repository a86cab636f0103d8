//! The published JSON Schemas of the standard: generation, frozen versions, compatibility,
//! migrations, and validation of raw payloads against the schema of their declared version.
//!
//! # The schemas
//!
//! One JSON Schema (draft 2020-12) per record type, and one for any record, generated from
//! the Rust types with schemars under the *deserialize* contract (the schema describes what
//! the typed parser accepts):
//!
//! | [`SchemaKind`] | file | `$id` |
//! |---|---|---|
//! | `Case` | `schemas/<version>/case.schema.json` | `https://ctip-exchange.org/schemas/<version>/case.schema.json` |
//! | `Referral` | `schemas/<version>/referral.schema.json` | `https://ctip-exchange.org/schemas/<version>/referral.schema.json` |
//! | `IndicatorSet` | `schemas/<version>/indicator_set.schema.json` | `https://ctip-exchange.org/schemas/<version>/indicator_set.schema.json` |
//! | `Tip` (from 1.1) | `schemas/<version>/tip.schema.json` | `https://ctip-exchange.org/schemas/<version>/tip.schema.json` |
//! | `Record` | `schemas/<version>/record.schema.json` | `https://ctip-exchange.org/schemas/<version>/record.schema.json` |
//!
//! Every file is self-contained (shared definitions in its own `$defs`, no remote `$ref`),
//! so a consumer validates with nothing but the file. The `$id` base [`BASE_URI`] is an
//! identifier, stable across releases; validators never need to fetch it.
//!
//! ```
//! use ctip_exchange::schema::{self, SchemaKind};
//! use ctip_exchange::types::SchemaVersion;
//! let case = schema::generate(SchemaKind::Case);
//! assert_eq!(case["$id"], "https://ctip-exchange.org/schemas/1.1/case.schema.json");
//! assert_eq!(case["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(schema::schema_id(SchemaKind::Record, SchemaVersion::CURRENT),
//!     "https://ctip-exchange.org/schemas/1.1/record.schema.json");
//! ```
//!
//! # Versions
//!
//! Released versions are frozen ([`frozen`]): their files never change, and
//! `schemas/FROZEN` lists their SHA-256 hashes. [`compat`] classifies the differences between
//! two schemas as compatible or breaking; the tests compare the schemas generated from
//! today's types with the newest frozen ones and fail on a breaking change without a major
//! version bump. Documents of an older supported version are upgraded at the JSON level
//! ([`migrate`]) before typed parsing.
//!
//! # Raw payloads
//!
//! [`validate_payload`] takes bytes and returns one [`Report`](crate::validate::Report):
//! input limits, the schema of the declared version, typed parsing, then the semantic rules.
//!
//! # Agreement with the typed parser
//!
//! The tests check that the schema accepts a document exactly when typed parsing
//! ([`Record::from_slice`](crate::Record::from_slice)) does, over generated records and
//! random mutations of them. What JSON Schema cannot see is out of that agreement:
//!
//! - the reading rules (duplicate keys, nesting depth, size, UTF-8, trailing data), which
//!   readers apply before the schema;
//! - integers beyond 2^64 - 1, which the schema takes and no Rust integer holds.
//!
//! Both sides read an integer written with a fraction or an exponent (`26.0`, `2.6e1`) as
//! the integer, and both refuse a struct written as a JSON array of its fields in order
//! (`"from": ["tt.gov.ctu", "ngo"]`), which serde's derived `Deserialize` alone would take:
//! [`Record::from_slice`](crate::Record::from_slice) reads structs from objects only.

pub mod compat;
pub mod frozen;
mod generate;
/// Migration of older versions: lives in the record layer (typed reading applies it), and is
/// re-exported here where the schemas of each version are.
pub use crate::record::migrate;
#[cfg(feature = "schema-validation")]
mod payload;

use std::fmt;

pub use generate::{generate, generate_for};
#[cfg(feature = "schema-validation")]
pub use payload::{schema_issues, validate_payload};

use crate::record::RecordType;
use crate::types::SchemaVersion;

/// The base of every schema `$id`: `<BASE_URI>/<MAJOR.MINOR>/<file>`.
pub const BASE_URI: &str = "https://ctip-exchange.org/schemas";

/// The JSON Schema dialect of every published schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Which published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SchemaKind {
    /// A `case` record.
    Case,
    /// A `referral` record.
    Referral,
    /// An `indicator_set` record.
    IndicatorSet,
    /// A `tip` record (from version 1.1; 1.0 has no tip schema).
    Tip,
    /// Any record: dispatches on `record_type` to one of the others.
    Record,
}

impl SchemaKind {
    /// Every schema, in file order.
    pub const ALL: [SchemaKind; 5] = [
        SchemaKind::Case,
        SchemaKind::Referral,
        SchemaKind::IndicatorSet,
        SchemaKind::Tip,
        SchemaKind::Record,
    ];

    /// The file name, e.g. `case.schema.json`.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Case => "case.schema.json",
            SchemaKind::Referral => "referral.schema.json",
            SchemaKind::IndicatorSet => "indicator_set.schema.json",
            SchemaKind::Tip => "tip.schema.json",
            SchemaKind::Record => "record.schema.json",
        }
    }

    /// True when version `version` of the standard publishes this schema (`tip` only from
    /// 1.1 on).
    pub fn exists_in(self, version: SchemaVersion) -> bool {
        match self {
            SchemaKind::Tip => version >= RecordType::Tip.since(),
            _ => true,
        }
    }

    /// The schemas version `version` publishes, in file order.
    pub fn all_in(version: SchemaVersion) -> Vec<SchemaKind> {
        SchemaKind::ALL
            .into_iter()
            .filter(|k| k.exists_in(version))
            .collect()
    }

    /// The schema with this file name.
    pub fn from_file_name(name: &str) -> Option<SchemaKind> {
        SchemaKind::ALL.into_iter().find(|k| k.file_name() == name)
    }

    #[cfg(feature = "schema-validation")]
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl From<RecordType> for SchemaKind {
    fn from(t: RecordType) -> Self {
        match t {
            RecordType::Case => SchemaKind::Case,
            RecordType::Referral => SchemaKind::Referral,
            RecordType::IndicatorSet => SchemaKind::IndicatorSet,
            RecordType::Tip => SchemaKind::Tip,
        }
    }
}

impl fmt::Display for SchemaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

/// The `$id` of a schema of a version.
pub fn schema_id(kind: SchemaKind, version: SchemaVersion) -> String {
    format!("{BASE_URI}/{version}/{}", kind.file_name())
}

/// The schema text as published: pretty-printed with two-space indentation and a final
/// newline, so that regenerating the files is byte-for-byte deterministic.
pub fn to_published_text(schema: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a JSON value always serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pointer sanitizer of the reading layer keeps the member names of the standard from
    /// a list in `read/names.rs` (the reading layer does not run schema generation). This test
    /// derives the list from the types again and fails, printing the new list, when they drift.
    #[test]
    fn read_names_match_the_generated_schema() {
        fn collect(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                        out.extend(props.keys().cloned());
                    }
                    m.values().for_each(|x| collect(x, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
                _ => {}
            }
        }
        let mut names = std::collections::BTreeSet::new();
        collect(&generate(SchemaKind::Record), &mut names);
        let listed: Vec<&str> = crate::read::MEMBER_NAMES.to_vec();
        let generated: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            listed,
            generated,
            "src/read/names.rs is out of date; MEMBER_NAMES should be:\n{}",
            generated
                .iter()
                .map(|n| format!("    \"{n}\",\n"))
                .collect::<String>()
        );
    }
}
