//! What each minor version added, and the gate that keeps older documents honest.
//!
//! A minor version only adds: optional fields, values of code lists, record types. A document
//! of an older version is upgraded on reading ([`migrate`](super::migrate)), and the types it
//! is then parsed into accept everything the current version defines. Without a check, a
//! document that *declares* 1.0 but carries a field of 1.1 would be read as if it were valid
//! 1.0, although no 1.0 reader accepts it: the producer believes it is sending 1.0, and every
//! partner that really reads 1.0 refuses the file. So before the upgrade, the document is
//! checked against [`ADDED`], one table of every addition with the version that added it,
//! and a use of anything newer than the declared version is refused
//! (`structure.newer_than_declared`) with its pointer.
//!
//! The table is data, not code, and it is checked against the schemas themselves: a test of
//! the schema layer (`schema::compat::additions`) computes the additions from the difference
//! between the frozen schemas of the older version and the generated schemas of the newer
//! one, and fails when an addition is missing here, or listed here and not in the schemas.
//! This check needs no JSON Schema validator at run time: it works in the core build.
//!
//! # Locations
//!
//! An addition is located by a pattern of a JSON Pointer, as `schema::compat` reports them:
//! the names of the members, `*` for any item of an array, `{key}` for any key of a map.
//! `/criminal_justice/proceedings` is a member of the `criminal_justice` object;
//! `/perpetrators/*/defendant` a member of every perpetrator; a value's location is where
//! the value stands, `/assistance/*/service` for the service of every assistance item, or
//! `/trafficking/exploitation_types/*` for each item of that list.
//!
//! ```
//! use ctip_exchange::record::additions::{find_with, Added, Addition};
//! use ctip_exchange::record::RecordType;
//! use ctip_exchange::types::SchemaVersion;
//! use serde_json::json;
//!
//! // A table as a version 1.1 could have it.
//! let table = [
//!     Added { since: SchemaVersion::V1_1, what: Addition::Field { record_type: RecordType::Case, at: "/criminal_justice/proceedings" } },
//!     Added { since: SchemaVersion::V1_1, what: Addition::Value { record_type: RecordType::Case, at: "/assistance/*/service", value: "peer_support" } },
//! ];
//! let doc = json!({"record_type": "case", "schema_version": "1.0",
//!     "criminal_justice": {"proceedings": []},
//!     "assistance": [{"service": "shelter"}, {"service": "peer_support"}]});
//! let found = find_with(&table, RecordType::Case, SchemaVersion::V1_0, &doc, 10);
//! let pointers: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
//! assert_eq!(pointers, ["/criminal_justice/proceedings", "/assistance/1/service"]);
//! // declared 1.1, the same document uses nothing newer than it says
//! assert!(find_with(&table, RecordType::Case, SchemaVersion::V1_1, &doc, 10).is_empty());
//! ```

use std::fmt;

use serde_json::Value;

use crate::error::Error;
use crate::read::RecordType;
use crate::report::RuleCode;
use crate::types::SchemaVersion;

/// One thing a version added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Addition {
    /// A record type.
    RecordType(RecordType),
    /// An optional field (a member of an object) of a record type, at a location pattern
    /// (see the [module documentation](self)): the pointer of the member itself.
    Field {
        /// The record type.
        record_type: RecordType,
        /// Where the member is, e.g. `/criminal_justice/proceedings`.
        at: &'static str,
    },
    /// A value of a code list (or a `const` tag of an alternative) of a record type.
    Value {
        /// The record type.
        record_type: RecordType,
        /// Where the value stands, e.g. `/assistance/*/service`.
        at: &'static str,
        /// The code added.
        value: &'static str,
    },
}

impl Addition {
    /// The record type the addition belongs to.
    pub fn record_type(&self) -> RecordType {
        match *self {
            Addition::RecordType(t) => t,
            Addition::Field { record_type, .. } | Addition::Value { record_type, .. } => {
                record_type
            }
        }
    }
}

impl fmt::Display for Addition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Addition::RecordType(t) => write!(f, "record type `{}`", t.as_str()),
            Addition::Field { record_type, at } => {
                write!(f, "field {at} of `{}`", record_type.as_str())
            }
            Addition::Value {
                record_type,
                at,
                value,
            } => write!(f, "value `{value}` at {at} of `{}`", record_type.as_str()),
        }
    }
}

/// An addition and the version that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Added {
    /// The first version that has it.
    pub since: SchemaVersion,
    /// What was added.
    pub what: Addition,
}

/// Every addition of every version after 1.0, in version order. A test compares it with the
/// real difference between the frozen and the generated schemas (so a forgotten entry fails);
/// each new field, code or record type of a minor version gets its line here.
pub const ADDED: &[Added] = &[
    // 1.1, criminal-justice proceedings and timely support (v11-case)
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/needs",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/perpetrators/*/defendant",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/perpetrators/*/sex",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/perpetrators/*/age_status",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/perpetrators/*/legal_person",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/assistance/*/requested",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/assistance/*/need",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/criminal_justice/proceedings",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Case,
            at: "/criminal_justice/protective_measures",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::Referral,
            at: "/need_ref",
        },
    },
    // 1.1, indicators from proceedings and timely support (v11-case)
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/kind",
            value: "persons_in_formal_contact",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/kind",
            value: "persons_sentenced",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/kind",
            value: "offences_recorded",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/kind",
            value: "victims_time_to_first_service",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/unit",
            value: "offences",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/dimensions/*/dimension",
            value: "age_status",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/dimensions/*/dimension",
            value: "time_to_first_service",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/cells/*/coordinates/age_status",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/cells/*/coordinates/time_to_first_service",
        },
    },
    // 1.1, the tip record type and the tip indicators (v11-tip)
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::RecordType(RecordType::Tip),
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/kind",
            value: "tips_received",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/kind",
            value: "tips_routed",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/kind",
            value: "tips_leading_to_case",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/unit",
            value: "tips",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/dimensions/*/dimension",
            value: "tip_channel",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Value {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/dimensions/*/dimension",
            value: "minors_suspected",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/cells/*/coordinates/tip_channel",
        },
    },
    Added {
        since: SchemaVersion::V1_1,
        what: Addition::Field {
            record_type: RecordType::IndicatorSet,
            at: "/indicators/*/cells/*/coordinates/minors_suspected",
        },
    },
];

/// A use, in a document, of an addition newer than the version the document declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewerUse {
    /// Where in the document (a JSON Pointer to the member, value or `record_type`), for
    /// messages: a key of a map that the document chose (not a name of the standard) ends it
    /// there, as in every pointer the crate reports.
    pub pointer: String,
    /// The exact JSON Pointer, to act on the document (the export removes what it points
    /// to); never shown.
    pub(crate) path: String,
    /// The addition.
    pub added: Added,
}

impl NewerUse {
    /// The message of the issue: what was added when, and what to do; never a value of the
    /// document (the names and codes are the standard's own, from the table).
    pub fn message(&self, declared: SchemaVersion) -> String {
        let what = match self.added.what {
            Addition::RecordType(t) => format!("record type `{}`", t.as_str()),
            Addition::Field { at, .. } => {
                format!("field `{}`", at.rsplit('/').next().unwrap_or(at))
            }
            Addition::Value { value, .. } => format!("code `{value}`"),
        };
        format!(
            "{what} was added in version {since}, but the document declares schema_version {declared}, whose readers refuse it: declare {since} or later, or leave it out (an export to {declared} drops it and reports each drop)",
            since = self.added.since,
        )
    }

    /// The error [`Record::from_slice`](crate::Record::from_slice) returns for it.
    pub fn to_error(&self, declared: SchemaVersion) -> Error {
        Error::Structure {
            code: RuleCode::StructureNewerThanDeclared,
            pointer: self.pointer.clone(),
            message: self.message(declared),
        }
    }
}

/// The uses in `doc` (a document of `record_type` declaring `declared`) of any addition of
/// [`ADDED`] newer than `declared`, in table order and document order, at most `limit`.
pub fn find(
    record_type: RecordType,
    declared: SchemaVersion,
    doc: &Value,
    limit: usize,
) -> Vec<NewerUse> {
    find_with(ADDED, record_type, declared, doc, limit)
}

/// [`find`] with any table (to test the gate with additions a version does not have yet).
///
/// Each entry follows only its own location pattern through the document, so the cost is at
/// most the size of the document per entry of the table.
pub fn find_with(
    table: &[Added],
    record_type: RecordType,
    declared: SchemaVersion,
    doc: &Value,
    limit: usize,
) -> Vec<NewerUse> {
    let mut out = Vec::new();
    for added in table {
        if out.len() >= limit {
            break;
        }
        if added.since <= declared || added.what.record_type() != record_type {
            continue;
        }
        let mut hit = |path: String, chosen: bool| {
            if out.len() < limit {
                // the names in the table are the standard's; only a `{key}` the document
                // chose needs the pointer sanitizer of the reading layer
                let pointer = if chosen {
                    crate::read::safe_pointer(&path)
                } else {
                    path.clone()
                };
                out.push(NewerUse {
                    pointer,
                    path,
                    added: *added,
                });
            }
        };
        match added.what {
            Addition::RecordType(_) => hit("/record_type".to_owned(), false),
            Addition::Field { at, .. } => {
                let Some((parent, member)) = at.rsplit_once('/') else {
                    continue;
                };
                let member = unescape(member);
                each_at(
                    doc,
                    parent,
                    String::new(),
                    false,
                    &mut |node, pointer, chosen| {
                        if node.as_object().is_some_and(|m| m.contains_key(&member)) {
                            hit(format!("{pointer}/{}", escape(&member)), chosen);
                        }
                    },
                );
            }
            Addition::Value { at, value, .. } => {
                each_at(
                    doc,
                    at,
                    String::new(),
                    false,
                    &mut |node, pointer, chosen| {
                        if node.as_str() == Some(value) {
                            hit(pointer, chosen);
                        }
                    },
                );
            }
        }
    }
    out
}

/// The first use of a newer addition, as an error, or `Ok`: the check of
/// [`Record::from_slice`](crate::Record::from_slice) on an older document, before migration.
pub fn check(record_type: RecordType, declared: SchemaVersion, doc: &Value) -> Result<(), Error> {
    match find(record_type, declared, doc, 1).first() {
        Some(found) => Err(found.to_error(declared)),
        None => Ok(()),
    }
}

/// Calls `f` on every node of `doc` at the location pattern `pattern` (`*` any array item,
/// `{key}` any key of an object), with its JSON Pointer and whether a key the document chose
/// is in it.
fn each_at(
    doc: &Value,
    pattern: &str,
    pointer: String,
    chosen: bool,
    f: &mut dyn FnMut(&Value, String, bool),
) {
    let Some(rest) = pattern.strip_prefix('/') else {
        if pattern.is_empty() {
            f(doc, pointer, chosen);
        }
        return;
    };
    let (segment, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    match (segment, doc) {
        ("*", Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                each_at(item, tail, format!("{pointer}/{i}"), chosen, f);
            }
        }
        ("{key}", Value::Object(map)) => {
            for (k, v) in map {
                each_at(v, tail, format!("{pointer}/{}", escape(k)), true, f);
            }
        }
        (name, Value::Object(map)) => {
            let name = unescape(name);
            if let Some(v) = map.get(&name) {
                each_at(v, tail, format!("{pointer}/{}", escape(&name)), chosen, f);
            }
        }
        _ => {}
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const V1_2: SchemaVersion = SchemaVersion { major: 1, minor: 2 };

    fn table() -> Vec<Added> {
        vec![
            Added {
                since: SchemaVersion::V1_1,
                what: Addition::Field {
                    record_type: RecordType::Case,
                    at: "/criminal_justice/proceedings",
                },
            },
            Added {
                since: SchemaVersion::V1_1,
                what: Addition::Field {
                    record_type: RecordType::Case,
                    at: "/perpetrators/*/defendant",
                },
            },
            Added {
                since: SchemaVersion::V1_1,
                what: Addition::Value {
                    record_type: RecordType::Case,
                    at: "/assistance/*/service",
                    value: "peer_support",
                },
            },
            Added {
                since: V1_2,
                what: Addition::Value {
                    record_type: RecordType::Case,
                    at: "/extensions/{key}",
                    value: "x",
                },
            },
            Added {
                since: SchemaVersion::V1_1,
                what: Addition::RecordType(RecordType::Referral),
            },
        ]
    }

    #[test]
    fn finds_every_use_with_its_pointer_and_only_newer_ones() {
        let doc = json!({
            "criminal_justice": {"proceedings": null},
            "perpetrators": [{"roles": []}, {"defendant": "D1"}, {"defendant": "D2"}],
            "assistance": [{"service": "peer_support"}, {"service": "shelter"}],
            "extensions": {"org.example.a": "x", "org.example.b": "y"}
        });
        let found = find_with(&table(), RecordType::Case, SchemaVersion::V1_0, &doc, 100);
        let pointers: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/criminal_justice/proceedings",
                "/perpetrators/1/defendant",
                "/perpetrators/2/defendant",
                "/assistance/0/service",
                "/extensions/org.example.a",
            ]
        );
        // declared 1.1: only what 1.2 added
        let found = find_with(&table(), RecordType::Case, SchemaVersion::V1_1, &doc, 100);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].added.since, V1_2);
        // another record type: nothing of the case table applies
        assert!(
            find_with(
                &table(),
                RecordType::IndicatorSet,
                SchemaVersion::V1_0,
                &doc,
                100
            )
            .is_empty()
        );
        // the limit
        assert_eq!(
            find_with(&table(), RecordType::Case, SchemaVersion::V1_0, &doc, 2).len(),
            2
        );
    }

    #[test]
    fn a_record_type_newer_than_declared() {
        let found = find_with(
            &table(),
            RecordType::Referral,
            SchemaVersion::V1_0,
            &json!({}),
            10,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/record_type");
        let message = found[0].message(SchemaVersion::V1_0);
        assert!(
            message.starts_with("record type `referral` was added in version 1.1"),
            "{message}"
        );
    }

    #[test]
    fn a_value_elsewhere_or_of_another_type_is_not_a_use() {
        let doc = json!({
            "criminal_justice": [{"proceedings": 1}],
            "assistance": {"service": "peer_support"},
            "note": "peer_support",
            "perpetrators": {"0": {"defendant": "D1"}}
        });
        assert!(find_with(&table(), RecordType::Case, SchemaVersion::V1_0, &doc, 10).is_empty());
    }

    #[test]
    fn messages_name_the_addition_not_the_document() {
        let doc = json!({"perpetrators": [{"defendant": "SECRET NAME"}]});
        let found = find_with(&table(), RecordType::Case, SchemaVersion::V1_0, &doc, 10);
        let Error::Structure {
            code,
            pointer,
            message,
        } = found[0].to_error(SchemaVersion::V1_0)
        else {
            panic!()
        };
        assert_eq!(code, RuleCode::StructureNewerThanDeclared);
        assert_eq!(pointer, "/perpetrators/0/defendant");
        assert!(
            message.contains("field `defendant` was added in version 1.1"),
            "{message}"
        );
        assert!(message.contains("declares schema_version 1.0"), "{message}");
        assert!(!message.contains("SECRET"));
    }

    #[test]
    fn keys_the_document_chose_are_not_in_pointers() {
        // a `{key}` location names a key of the document: the pointer stops before it unless
        // the standard names it (an extension key of the standard form is kept)
        let t = [Added {
            since: SchemaVersion::V1_1,
            what: Addition::Value {
                record_type: RecordType::Case,
                at: "/subject/{key}",
                value: "x",
            },
        }];
        let doc = json!({"subject": {"Maria Example": "x"}});
        let found = find_with(&t, RecordType::Case, SchemaVersion::V1_0, &doc, 10);
        assert_eq!(found.len(), 1);
        assert!(!found[0].pointer.contains("Maria"), "{}", found[0].pointer);
    }

    #[test]
    fn the_table_is_in_version_order_and_only_after_1_0() {
        for pair in ADDED.windows(2) {
            assert!(pair[0].since <= pair[1].since, "{:?}", pair);
        }
        for a in ADDED {
            assert!(
                a.since > SchemaVersion::V1_0 && a.since <= SchemaVersion::CURRENT,
                "{a:?}"
            );
            if let Addition::Field { at, .. } | Addition::Value { at, .. } = a.what {
                assert!(at.starts_with('/'), "{a:?}");
            }
        }
    }
}
