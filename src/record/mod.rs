//! [`Record`]: one of the record types, read from untrusted bytes.
//!
//! Reading goes in three steps:
//!
//! 1. **Limits** ([`Limits`]): the size, valid UTF-8, well-formed JSON with nothing after it,
//!    nesting depth, and no object with a repeated key anywhere. One streaming pass, which
//!    also picks up `record_type` and `schema_version`.
//! 2. **Dispatch** on `record_type` and `schema_version`: a version this build does not read
//!    is refused with the list of versions it does read. A document of an older version
//!    (1.0) that uses nothing newer than it declares ([`additions`]) is upgraded at the JSON
//!    level ([`migrate`]); the model always describes the current version (1.1), which is
//!    also the version every record is written as ([`export`] writes an older one, lossily
//!    and saying so).
//! 3. **Typed parsing** straight into the model, whose types check themselves; the first
//!    structural problem is reported with its JSON Pointer.
//!
//! ```
//! use ctip_exchange::{Limits, Record};
//! let json = br#"{"record_type":"indicator_set","schema_version":"1.0","id":"is-1",
//!   "producer":"tt.gov.mns","created_at":"2025-01-15T12:00:00Z",
//!   "period":{"start":"2024","end":"2024"},"geography":{"countries":["TT"]},
//!   "indicators":[{"id":"victims","kind":"victims_identified","unit":"persons",
//!     "cells":[{"value":{"status":"exact","count":14}}]}],
//!   "disclosure":{"methods":["threshold_suppression"],"threshold":11}}"#;
//! let record = Record::from_slice(json, &Limits::default()).unwrap();
//! assert!(matches!(record, Record::IndicatorSet(_)));
//!
//! let err = Record::from_slice(br#"{"record_type":"case","schema_version":"7.0"}"#, &Limits::default())
//!     .unwrap_err();
//! assert_eq!(err.to_string(), "schema_version 7.0 is not supported by this build; supported versions: 1.0, 1.1");
//! ```

use serde::Serialize;

use crate::case::Case;
use crate::error::Error;
use crate::indicator::IndicatorSet;
use crate::read::{
    bare_message, check_limits, classify, peek, scan, structure_error, syntax_error,
};
use crate::referral::Referral;
use crate::tip::Tip;
use crate::types::strict::Strict;
use crate::types::{OrgId, RecordId, SchemaVersion, Timestamp};

pub use crate::read::{DEFAULT_MAX_DEPTH, Limits, RecordType};

pub mod additions;
pub mod export;
pub mod migrate;

/// Below this depth limit, the typed fast path could be deeper than allowed outside the
/// extensions, so reading runs the full scan first.
const SHALLOWEST_FAST_PATH_LIMIT: usize = 16;

/// One record of the standard.
///
/// `Record` is `Serialize` but not `Deserialize`: read one with [`Record::from_slice`] (or
/// [`validate_slice`](crate::validate_slice)), which applies the [`Limits`] and dispatches on
/// `record_type` and `schema_version`. (A derived, untagged `Deserialize` tried each record
/// type in turn on a buffered copy of the input, without any limit, and ignored
/// `record_type`.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Record {
    /// A case.
    Case(Box<Case>),
    /// A referral.
    Referral(Box<Referral>),
    /// An indicator set.
    IndicatorSet(Box<IndicatorSet>),
    /// A tip (from version 1.1).
    Tip(Box<Tip>),
}

impl Record {
    /// Reads a record from untrusted bytes: limits, dispatch on `record_type` and
    /// `schema_version`, migration of an older supported version to the current one (at the
    /// JSON level, [`migrate`]), then typed parsing. See the [module documentation](self).
    ///
    /// Problems are classified as the full scan classifies them, whichever path finds them:
    /// a limit or syntax problem (`json.*`) anywhere in the document is reported before any
    /// structural one (`structure.*`).
    pub fn from_slice(bytes: &[u8], limits: &Limits) -> Result<Record, Error> {
        let text = check_limits(bytes, limits)?;
        let scanned = limits.max_depth < SHALLOWEST_FAST_PATH_LIMIT;
        // The fast path: peek at record_type and schema_version (usually the first two keys),
        // then parse straight into the model, whose types refuse repeated keys and, in
        // extensions, nesting beyond the limit; the typed structure itself is shallow.
        let envelope = if scanned {
            scan(text, limits)?
        } else {
            peek(text, limits)?
        };
        let (record_type, version) = match (envelope.record_type(), envelope.version()) {
            (Ok(t), Ok(v)) => (t, v),
            (t, v) if scanned => (t?, v?),
            _ => {
                // the envelope is unusable: the full scan says whether the document is
                // malformed, too deep or repeats a key before the envelope is blamed
                let full = scan(text, limits)?;
                (full.record_type()?, full.version()?)
            }
        };
        if version < record_type.since() {
            return Err(record_type_too_new(record_type, version));
        }
        if version != SchemaVersion::CURRENT {
            return read_older(text, record_type, version, limits);
        }
        parse_typed(text, record_type, limits).map_err(|e| {
            if scanned {
                return e;
            }
            // The typed parse stops at the first problem it meets; a limit problem elsewhere
            // (nesting inside a typed field, a repeated key) is what the full scan reports
            // first, so the fast path gives the same classification.
            match scan(text, limits) {
                Err(limit) => limit,
                Ok(_) => e,
            }
        })
    }

    /// The record type.
    pub fn record_type(&self) -> RecordType {
        match self {
            Record::Case(_) => RecordType::Case,
            Record::Referral(_) => RecordType::Referral,
            Record::IndicatorSet(_) => RecordType::IndicatorSet,
            Record::Tip(_) => RecordType::Tip,
        }
    }

    /// The record id.
    pub fn id(&self) -> &RecordId {
        match self {
            Record::Case(r) => &r.id,
            Record::Referral(r) => &r.id,
            Record::IndicatorSet(r) => &r.id,
            Record::Tip(r) => &r.id,
        }
    }

    /// The producer.
    pub fn producer(&self) -> &OrgId {
        match self {
            Record::Case(r) => &r.producer,
            Record::Referral(r) => &r.producer,
            Record::IndicatorSet(r) => &r.producer,
            Record::Tip(r) => &r.producer,
        }
    }

    /// When the record was produced.
    pub fn created_at(&self) -> Timestamp {
        match self {
            Record::Case(r) => r.created_at,
            Record::Referral(r) => r.created_at,
            Record::IndicatorSet(r) => r.created_at,
            Record::Tip(r) => r.created_at,
        }
    }

    /// The partner-specific extensions of the record.
    pub fn extensions(&self) -> &crate::types::Extensions {
        match self {
            Record::Case(r) => &r.extensions,
            Record::Referral(r) => &r.extensions,
            Record::IndicatorSet(r) => &r.extensions,
            Record::Tip(r) => &r.extensions,
        }
    }

    /// The record as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("records always serialize: maps have string keys")
    }
}

impl From<Case> for Record {
    fn from(r: Case) -> Self {
        Record::Case(Box::new(r))
    }
}

impl From<Referral> for Record {
    fn from(r: Referral) -> Self {
        Record::Referral(Box::new(r))
    }
}

impl From<IndicatorSet> for Record {
    fn from(r: IndicatorSet) -> Self {
        Record::IndicatorSet(Box::new(r))
    }
}

impl From<Tip> for Record {
    fn from(r: Tip) -> Self {
        Record::Tip(Box::new(r))
    }
}

/// The error for a document that declares a version older than its record type (a `tip`
/// declaring 1.0): the version cannot be migrated into a record type it did not have.
pub(crate) fn record_type_too_new(record_type: RecordType, version: SchemaVersion) -> Error {
    Error::Structure {
        code: crate::report::RuleCode::StructureSchemaVersion,
        pointer: "/schema_version".to_owned(),
        message: format!(
            "record_type {record_type} was added in version {since}: a document declaring schema_version {version} cannot be a {record_type}; declare {since} or later",
            since = record_type.since()
        ),
    }
}

/// A document of an older supported version: the full scan (limits), a `Value`, the check
/// that it uses nothing newer than it declares ([`additions`]), the migration steps to the
/// current version, then typed parsing.
fn read_older(
    text: &str,
    record_type: RecordType,
    version: SchemaVersion,
    limits: &Limits,
) -> Result<Record, Error> {
    scan(text, limits)?;
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| syntax_error(&e, &[], limits))?;
    additions::check(record_type, version, &value)?;
    migrate::migrate(&mut value, version).map_err(|e| Error::Structure {
        code: crate::report::RuleCode::StructureSchemaVersion,
        pointer: "/schema_version".to_owned(),
        message: e.to_string(),
    })?;
    parse_typed(&value.to_string(), record_type, limits)
}

/// Typed parsing of a document whose envelope was read.
pub(crate) fn parse_typed(
    text: &str,
    record_type: RecordType,
    limits: &Limits,
) -> Result<Record, Error> {
    fn parse<T: serde::de::DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, Error> {
        let _depth = crate::types::guarded::DepthLimit::set(limits.max_depth);
        // The fast path is a plain typed parse; only when it fails is the document parsed
        // again, tracking the path, to say where. Both read structs from JSON objects only
        // (`Strict`), as the schema does: serde_json alone also takes an array of the fields.
        crate::types::strict::from_str(text).map_err(|e| {
            let mut de = serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, T>(Strict(&mut de)) {
                Err(e) => structure_error(e, text, limits),
                // Unreachable in practice (the two parses see the same text), but never let
                // a message through that was not rewritten.
                Ok(_) => {
                    let (code, message) = classify(&bare_message(&e));
                    Error::Structure {
                        code,
                        pointer: String::new(),
                        message,
                    }
                }
            }
        })
    }
    Ok(match record_type {
        RecordType::Case => Record::Case(Box::new(parse(text, limits)?)),
        RecordType::Referral => Record::Referral(Box::new(parse(text, limits)?)),
        RecordType::IndicatorSet => Record::IndicatorSet(Box::new(parse(text, limits)?)),
        RecordType::Tip => Record::Tip(Box::new(parse(text, limits)?)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::scan;

    /// `serde_json::from_str::<Record>` does not compile: nothing reads a record without the
    /// limits. The probe (an inherent method that applies only to deserializable types,
    /// shadowing a trait method that applies to all) is shown to answer yes for a model type.
    #[test]
    fn record_cannot_be_read_around_the_limits() {
        use std::marker::PhantomData;
        struct Probe<T>(PhantomData<T>);
        trait Anything {
            fn deserializable(&self) -> bool {
                false
            }
        }
        impl<T> Anything for Probe<T> {}
        impl<T: serde::de::DeserializeOwned> Probe<T> {
            fn deserializable(&self) -> bool {
                true
            }
        }
        assert!(!Probe::<Record>(PhantomData).deserializable());
        assert!(Probe::<Case>(PhantomData).deserializable());
        // the way in: the limits apply
        let doc = include_str!("../../schemas/1.0/examples/valid/case-gy-mining.json");
        let tight = Limits {
            max_bytes: 64,
            max_depth: DEFAULT_MAX_DEPTH,
        };
        assert!(matches!(
            Record::from_slice(doc.as_bytes(), &tight),
            Err(Error::TooLarge { .. })
        ));
        assert!(Record::from_slice(doc.as_bytes(), &Limits::default()).is_ok());
    }

    /// The fast path (typed parsing with guarded extensions) and the full scan agree on
    /// every limit: depth around the limit and repeated keys at any depth of the extensions.
    mod fast_path_agrees_with_scan {
        use super::*;
        use proptest::prelude::*;

        const CASE: &str = include_str!("../../schemas/1.0/examples/valid/case-gy-mining.json");

        /// An extension value nested `depth` levels, with a repeated key at level `dup`.
        fn nested(depth: usize, dup: Option<usize>, arrays: &[bool]) -> String {
            let mut out = String::from("0");
            for level in (0..depth).rev() {
                out = if arrays[level % arrays.len()] {
                    format!("[{out}]")
                } else if dup == Some(level) {
                    format!("{{\"k\":{out},\"k\":1}}")
                } else {
                    format!("{{\"k\":{out}}}")
                };
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]
            #[test]
            fn same_verdict(
                limit in 16usize..80,
                extra in 0usize..6,
                below in any::<bool>(),
                dup in prop::option::of(0usize..80),
                arrays in prop::collection::vec(any::<bool>(), 1..5),
            ) {
                // nesting of the value inside the record: root (1) + extensions (2)
                let depth = if below { limit.saturating_sub(2 + extra) } else { limit - 2 + extra };
                let dup = dup.filter(|d| *d < depth);
                let value = nested(depth, dup, &arrays);
                let text = CASE.trim_end().trim_end_matches('}').to_owned()
                    + &format!(",\"extensions\":{{\"org.example.deep\":{value}}}}}");
                let limits = Limits { max_bytes: 1 << 20, max_depth: limit };
                let scanned = scan(&text, &limits).map(|_| ());
                let fast = Record::from_slice(text.as_bytes(), &limits).map(|_| ());
                let kind = |r: &Result<(), Error>| match r {
                    Ok(()) => "ok",
                    Err(Error::TooDeep { .. }) => "deep",
                    Err(Error::DuplicateKey { .. }) => "dup",
                    Err(_) => "other",
                };
                // where both a repeated key and the depth are wrong, either may be found first
                let (a, b) = (kind(&scanned), kind(&fast));
                prop_assert!(a == b || (a != "ok" && b != "ok" && a != "other" && b != "other"), "scan {a}, fast {b}: {scanned:?} {fast:?}");
                prop_assert_ne!(b, "other", "{:?}", fast);
            }
        }
    }
}
