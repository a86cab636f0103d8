//! The explicit, lossy export of a record to an older version, for partners who have not
//! upgraded.
//!
//! Reading goes forward only ([`migrate`](super::migrate): an older document is upgraded, and
//! nothing is lost). Writing for a reader of an older version goes back, and can lose data:
//! version 1.0 has no place for the proceedings, needs or tips of 1.1. So the export is its
//! own, explicit step, and it never drops anything silently: it removes every use of an
//! addition newer than the target version ([`ADDED`]) and returns,
//! with the document, one [`Dropped`] per removed member, list item or value, by its JSON
//! Pointer in the record as written by this build. A record type the target version does not
//! have at all (a `tip` for 1.0) is refused, not emptied.
//!
//! The result is checked before it is returned: written as the current version, it must
//! parse into the typed model again (so a drop never leaves out a required field or empties
//! a list that must have items), and the tests validate every export against the frozen
//! schema of its target version with independent validators.
//!
//! ```
//! use ctip_exchange::record::export::to_version;
//! use ctip_exchange::types::SchemaVersion;
//! use ctip_exchange::{Limits, Record};
//!
//! let bytes = std::fs::read("schemas/1.1/examples/valid/case-tt-domestic-work.json").unwrap();
//! let record = Record::from_slice(&bytes, &Limits::default()).unwrap();
//! let export = to_version(&record, SchemaVersion::V1_0).unwrap();
//! assert_eq!(export.document["schema_version"], "1.0");
//! for d in &export.dropped {
//!     eprintln!("dropped {}: {}", d.pointer, d.added.what); // never silently
//! }
//! ```

use serde_json::Value;

use super::additions::{ADDED, Added, Addition, find_with};
use super::{Record, RecordType, parse_typed};
use crate::read::Limits;
use crate::types::SchemaVersion;

/// One thing the export removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Where it was, in the record as this build writes it (a JSON Pointer; as in every
    /// pointer the crate reports, a key of a map that the document chose ends it there).
    pub pointer: String,
    /// The exact pointer, for the removal.
    path: String,
    /// The addition it is a use of (what it is, and which version added it).
    pub added: Added,
}

/// A record written as an older version.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The document, declaring the target version.
    pub document: Value,
    /// Everything removed, in document order; empty when nothing was lost.
    pub dropped: Vec<Dropped>,
}

/// Why a record could not be exported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The target version does not have this record type.
    #[error(
        "record type `{}` does not exist in version {version} (added in {since}): it cannot be exported to {version}",
        record_type.as_str()
    )]
    RecordTypeNotInVersion {
        /// The record type.
        record_type: RecordType,
        /// The target version.
        version: SchemaVersion,
        /// The version that added it.
        since: SchemaVersion,
    },
    /// The target is not a version this build can write: newer than the current one, of
    /// another major version, or not supported.
    #[error(
        "this build exports to the versions it reads up to its own ({supported}), not to {version}"
    )]
    UnsupportedTarget {
        /// The target version.
        version: SchemaVersion,
        /// The versions it exports to.
        supported: String,
    },
    /// Removing the additions would leave a document that is not valid (a required field or
    /// a list that must have items, made only of newer values).
    #[error(
        "the record cannot be written as {version} without {pointer}, whose content only a later version can hold"
    )]
    Unrepresentable {
        /// The target version.
        version: SchemaVersion,
        /// Where the document breaks after the removals.
        pointer: String,
    },
}

/// Exports a record to `target`, an older (or the current) supported version. See the
/// [module documentation](self).
pub fn to_version(record: &Record, target: SchemaVersion) -> Result<Export, ExportError> {
    let document: Value =
        serde_json::to_value(record).expect("records always serialize: maps have string keys");
    export_with(ADDED, record.record_type(), document, target)
}

/// The export of a document of the current version (as [`Record`] writes it) with any table of
/// additions, to test it with additions a version does not have yet.
pub fn export_with(
    table: &[Added],
    record_type: RecordType,
    document: Value,
    target: SchemaVersion,
) -> Result<Export, ExportError> {
    if !target.is_supported() || target > SchemaVersion::CURRENT {
        return Err(ExportError::UnsupportedTarget {
            version: target,
            supported: SchemaVersion::supported_list(),
        });
    }
    if let Some(added) = table
        .iter()
        .find(|a| a.since > target && matches!(a.what, Addition::RecordType(t) if t == record_type))
    {
        return Err(ExportError::RecordTypeNotInVersion {
            record_type,
            version: target,
            since: added.since,
        });
    }
    let found = find_with(table, record_type, target, &document, usize::MAX);
    // A code of a later version in a member is removed with the member. When that member is
    // required (the typed parse of the result fails inside its object), every use of that
    // addition takes the array item it is in with it instead (an assistance item without its
    // service would say something false): one more round per addition at most.
    let mut whole_item: Vec<Added> = Vec::new();
    loop {
        let dropped = removals(&found, &whole_item);
        let mut out = document.clone();
        // remove from the last to the first, so that removing an array item never shifts
        // the index of one still to be removed
        for d in dropped.iter().rev() {
            remove(&mut out, &d.path);
        }
        if let Value::Object(map) = &mut out {
            map.insert(
                "schema_version".into(),
                Value::String(SchemaVersion::CURRENT.to_string()),
            );
        }
        match parse_typed(&out.to_string(), record_type, &Limits::default()) {
            Ok(_) => {
                if let Value::Object(map) = &mut out {
                    map.insert("schema_version".into(), Value::String(target.to_string()));
                }
                return Ok(Export {
                    document: out,
                    dropped,
                });
            }
            Err(e) => {
                let broken = e.pointer();
                let culprit = found.iter().find(|f| {
                    matches!(f.added.what, Addition::Value { at, .. } if !at.ends_with("/*"))
                        && !whole_item.contains(&f.added)
                        && item_of(&f.path)
                            .is_some_and(|item| broken == item || is_within(broken, item))
                });
                match culprit {
                    Some(f) => whole_item.push(f.added),
                    None => {
                        return Err(ExportError::Unrepresentable {
                            version: target,
                            pointer: broken.to_owned(),
                        });
                    }
                }
            }
        }
    }
}

/// What to remove: each use (or, for the additions in `whole_item`, the array item it is
/// in), in document order, without a removal inside another.
fn removals(found: &[super::additions::NewerUse], whole_item: &[Added]) -> Vec<Dropped> {
    let mut all: Vec<Dropped> = found
        .iter()
        .map(|f| {
            let (path, pointer) = if whole_item.contains(&f.added) {
                let path = item_of(&f.path).unwrap_or(&f.path).to_owned();
                let pointer = item_of(&f.pointer).unwrap_or(&f.pointer).to_owned();
                (path, pointer)
            } else {
                (f.path.clone(), f.pointer.clone())
            };
            // An indicator is one table: without a dimension, a coordinate, its kind or its
            // unit its cells would say something else (a total where there were parts), so
            // any use of a later version inside an indicator drops the whole indicator.
            let in_set = f.added.what.record_type() == RecordType::IndicatorSet;
            let (path, pointer) = match (indicator_of(&path), indicator_of(&pointer)) {
                (Some(p), Some(q)) if in_set => (p.to_owned(), q.to_owned()),
                _ => (path, pointer),
            };
            Dropped {
                pointer,
                path,
                added: f.added,
            }
        })
        .collect();
    all.sort_by(|a, b| cmp_pointers(&a.path, &b.path));
    all.dedup_by(|b, a| a.path == b.path);
    let mut out: Vec<Dropped> = Vec::new();
    for d in all {
        if out.last().is_some_and(|o| is_within(&d.path, &o.path)) {
            continue;
        }
        out.push(d);
    }
    out
}

/// The indicator (`/indicators/<n>`) that holds `pointer`, if it is inside one.
fn indicator_of(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix("/indicators/")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && rest.as_bytes().get(digits) == Some(&b'/'))
        .then(|| &pointer[.."/indicators/".len() + digits])
}

/// The pointer of the innermost array item that holds `pointer` (an index token before its
/// last token), if any.
fn item_of(pointer: &str) -> Option<&str> {
    let parent = &pointer[..pointer.rfind('/')?];
    let mut end = parent.len();
    let mut rest = parent;
    while let Some(i) = rest.rfind('/') {
        let token = &rest[i + 1..];
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            return Some(&pointer[..end]);
        }
        end = i;
        rest = &rest[..i];
    }
    None
}

fn tokens(pointer: &str) -> impl Iterator<Item = &str> {
    pointer.split('/').skip(1)
}

/// Document order of pointers: member names as text, array indices as numbers.
fn cmp_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |t: &str| (t.parse::<u64>().ok(), t.to_owned());
    tokens(a).map(key).cmp(tokens(b).map(key))
}

fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Removes the member or array item at `pointer`.
fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CASE: &str = include_str!("../../schemas/1.1/examples/valid/case-tt-domestic-work.json");

    /// A table of additions made up on fields and codes of 1.0 (which this build has), to
    /// exercise the export without 1.1 fields.
    fn table() -> Vec<Added> {
        let v = SchemaVersion::V1_1;
        let case = RecordType::Case;
        vec![
            Added {
                since: v,
                what: Addition::Field {
                    record_type: case,
                    at: "/criminal_justice/persons_prosecuted",
                },
            },
            Added {
                since: v,
                what: Addition::Value {
                    record_type: case,
                    at: "/trafficking/means_of_control/*",
                    value: "debt_bondage",
                },
            },
            Added {
                since: v,
                what: Addition::Field {
                    record_type: case,
                    at: "/assistance/*/note",
                },
            },
            Added {
                since: v,
                what: Addition::RecordType(RecordType::Referral),
            },
        ]
    }

    fn case() -> Value {
        serde_json::from_str(CASE).unwrap()
    }

    #[test]
    fn drops_every_use_and_reports_each_by_pointer() {
        let export = export_with(&table(), RecordType::Case, case(), SchemaVersion::V1_0).unwrap();
        let pointers: Vec<&str> = export.dropped.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/assistance/2/note",
                "/criminal_justice/persons_prosecuted",
                "/trafficking/means_of_control/1",
            ]
        );
        let doc = &export.document;
        assert_eq!(doc["schema_version"], "1.0");
        assert!(doc["assistance"][2].get("note").is_none());
        assert!(doc["criminal_justice"].get("persons_prosecuted").is_none());
        assert_eq!(
            doc["trafficking"]["means_of_control"],
            json!([
                "withholds_documents",
                "restricts_movement",
                "excessive_working_hours"
            ])
        );
        // the original without the dropped parts is the export, nothing else changed
        let mut expected = case();
        expected["schema_version"] = json!("1.0");
        for p in pointers.iter().rev() {
            remove(&mut expected, p);
        }
        assert_eq!(&expected, doc);
    }

    #[test]
    fn several_items_of_one_list_are_all_dropped() {
        let mut doc = case();
        doc["trafficking"]["means_of_control"] = json!([
            "debt_bondage",
            "withholds_documents",
            "debt_bondage",
            "debt_bondage"
        ]);
        let export = export_with(&table(), RecordType::Case, doc, SchemaVersion::V1_0).unwrap();
        assert_eq!(
            export.document["trafficking"]["means_of_control"],
            json!(["withholds_documents"])
        );
        let dropped: Vec<&str> = export
            .dropped
            .iter()
            .filter(|d| d.pointer.starts_with("/trafficking"))
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(
            dropped,
            [
                "/trafficking/means_of_control/0",
                "/trafficking/means_of_control/2",
                "/trafficking/means_of_control/3"
            ]
        );
    }

    #[test]
    fn a_record_type_the_target_lacks_is_refused() {
        let err = export_with(
            &table(),
            RecordType::Referral,
            json!({}),
            SchemaVersion::V1_0,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "record type `referral` does not exist in version 1.0 (added in 1.1): it cannot be exported to 1.0"
        );
    }

    #[test]
    fn a_newer_code_in_a_required_member_takes_its_item_with_it() {
        // `kind` is required: an event without it is not an event
        let t = [Added {
            since: SchemaVersion::V1_1,
            what: Addition::Value {
                record_type: RecordType::Case,
                at: "/trafficking/events/*/kind",
                value: "transit",
            },
        }];
        let export = export_with(&t, RecordType::Case, case(), SchemaVersion::V1_0).unwrap();
        let pointers: Vec<&str> = export.dropped.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/trafficking/events/1"]);
        let kinds: Vec<&Value> = export.document["trafficking"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["kind"])
            .collect();
        assert_eq!(kinds, [&json!("recruitment"), &json!("exploitation")]);
        // an optional member goes alone
        let t = [Added {
            since: SchemaVersion::V1_1,
            what: Addition::Value {
                record_type: RecordType::Case,
                at: "/assistance/*/provider",
                value: "iom.tt",
            },
        }];
        let export = export_with(&t, RecordType::Case, case(), SchemaVersion::V1_0).unwrap();
        let pointers: Vec<&str> = export.dropped.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/assistance/2/provider"]);
    }

    #[test]
    fn a_removal_that_breaks_a_required_member_outside_a_list_is_refused() {
        let t = [Added {
            since: SchemaVersion::V1_1,
            what: Addition::Value {
                record_type: RecordType::Case,
                at: "/trafficking/status",
                value: "actual_victim_of_trafficking",
            },
        }];
        match export_with(&t, RecordType::Case, case(), SchemaVersion::V1_0) {
            // `status` may be optional in the model; then it goes alone
            Ok(export) => assert_eq!(export.dropped[0].pointer, "/trafficking/status"),
            Err(err) => assert!(
                matches!(&err, ExportError::Unrepresentable { pointer, .. } if pointer.starts_with("/trafficking")),
                "{err:?}"
            ),
        }
        let t = [Added {
            since: SchemaVersion::V1_1,
            what: Addition::Value {
                record_type: RecordType::Case,
                at: "/producer",
                value: "tt.gov.ctu",
            },
        }];
        let err = export_with(&t, RecordType::Case, case(), SchemaVersion::V1_0).unwrap_err();
        assert!(
            matches!(err, ExportError::Unrepresentable { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn targets() {
        let record = Record::from_slice(CASE.as_bytes(), &Limits::default()).unwrap();
        let same = to_version(&record, SchemaVersion::CURRENT).unwrap();
        assert!(same.dropped.is_empty());
        assert_eq!(same.document, case());
        for bad in [
            SchemaVersion { major: 1, minor: 9 },
            SchemaVersion { major: 0, minor: 9 },
            SchemaVersion { major: 2, minor: 0 },
        ] {
            assert!(matches!(
                to_version(&record, bad),
                Err(ExportError::UnsupportedTarget { .. })
            ));
        }
    }

    #[test]
    fn pointer_order_is_document_order() {
        let mut v = vec!["/a/10", "/a/9", "/b", "/a/9/x", "/a"];
        v.sort_by(|a, b| cmp_pointers(a, b));
        assert_eq!(v, ["/a", "/a/9", "/a/9/x", "/a/10", "/b"]);
        assert!(is_within("/a/9/x", "/a/9"));
        assert_eq!(item_of("/a/9/x"), Some("/a/9"));
        assert_eq!(item_of("/a/9/x/y"), Some("/a/9"));
        assert_eq!(item_of("/a/9"), None);
        assert_eq!(item_of("/a/b"), None);
        assert!(!is_within("/a/90", "/a/9"));
    }

    #[test]
    fn a_later_dimension_drops_its_whole_indicator() {
        assert_eq!(
            indicator_of("/indicators/3/dimensions/0/dimension"),
            Some("/indicators/3")
        );
        assert_eq!(
            indicator_of("/indicators/12/cells/4/coordinates/x"),
            Some("/indicators/12")
        );
        assert_eq!(indicator_of("/indicators/x/kind"), None);
        assert_eq!(indicator_of("/indicators_observed/0"), None);
        assert_eq!(indicator_of("/indicators"), None);
    }
}
