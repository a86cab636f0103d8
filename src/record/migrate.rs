//! Upgrading documents of an older version, at the JSON level, before typed parsing.
//!
//! The Rust types describe only the current version. A document of an older supported
//! version is checked against the frozen schema of *its* version, then upgraded one step at
//! a time (`1.0 → 1.1 → 1.2 ...`) by [`STEPS`], each step rewriting the JSON value and
//! setting `schema_version` to its target, and only then parsed into the types. The next
//! minor version therefore adds one [`MigrationStep`] here, adds the old version to
//! [`SchemaVersion::SUPPORTED`], and nothing else changes.
//!
//! One step today: 1.0 → 1.1 changes `schema_version` and nothing else. Version 1.1 only
//! adds optional fields, values and a record type, so every 1.0 document is a 1.1 document
//! once it says so; the step invents nothing (no proceedings, no needs, no dates). The
//! reverse, lossy direction (a 1.1 document for a partner who reads 1.0 only) is not a step:
//! it is the explicit export of `crate::record::export`.
//!
//! ```
//! use ctip_exchange::record::migrate::{migrate, migrate_with, MigrationStep};
//! use ctip_exchange::types::SchemaVersion;
//! use serde_json::json;
//!
//! let mut doc = json!({"schema_version": "1.0", "record_type": "case", "id": "c-1"});
//! migrate(&mut doc, SchemaVersion::V1_0).unwrap();
//! assert_eq!(doc, json!({"schema_version": "1.1", "record_type": "case", "id": "c-1"}));
//!
//! // A step that rewrites: 0.9 called the field `org`, 1.0 `producer`.
//! fn rename_org(doc: &mut serde_json::Map<String, serde_json::Value>) -> Result<(), &'static str> {
//!     let org = doc.remove("org").ok_or("org is missing")?;
//!     doc.insert("producer".into(), org);
//!     Ok(())
//! }
//! let v0_9 = SchemaVersion { major: 0, minor: 9 };
//! let steps = [MigrationStep { from: v0_9, to: SchemaVersion::V1_0, apply: rename_org }];
//! let mut doc = json!({"schema_version": "0.9", "org": "tt.gov.ctu"});
//! migrate_with(&steps, &mut doc, v0_9, SchemaVersion::V1_0).unwrap();
//! assert_eq!(doc, json!({"schema_version": "1.0", "producer": "tt.gov.ctu"}));
//! ```

use serde_json::{Map, Value};

use crate::types::SchemaVersion;

/// One upgrade step between two consecutive versions.
#[derive(Debug, Clone, Copy)]
pub struct MigrationStep {
    /// The version it reads.
    pub from: SchemaVersion,
    /// The version it writes.
    pub to: SchemaVersion,
    /// Rewrites the document (a JSON object). `schema_version` is set to `to` afterwards.
    /// The error names what is wrong and never contains a value from the document.
    pub apply: fn(&mut Map<String, Value>) -> Result<(), &'static str>,
}

/// The steps of this build, oldest first.
pub const STEPS: &[MigrationStep] = &[MigrationStep {
    from: SchemaVersion::V1_0,
    to: SchemaVersion::V1_1,
    apply: version_only,
}];

/// The 1.0 → 1.1 step: 1.1 only adds (optional fields, values, the `tip` record type), so a
/// 1.0 document needs nothing but its new `schema_version`, which [`migrate_with`] sets.
/// A 1.0 document that already carries a 1.1 addition is refused before this step runs
/// (`structure.newer_than_declared`), so nothing is accepted that 1.0 did not allow.
fn version_only(_: &mut Map<String, Value>) -> Result<(), &'static str> {
    Ok(())
}

/// Why a document could not be upgraded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrationError {
    /// No chain of steps leads from the document's version to the target.
    #[error("no migration path from schema_version {from} to {to}")]
    NoPath {
        /// The document's version.
        from: SchemaVersion,
        /// The target version.
        to: SchemaVersion,
    },
    /// The document is not a JSON object.
    #[error("the document is not a JSON object")]
    NotAnObject,
    /// A step does not advance the version (its target is not after its source): applying
    /// it again and again would never end, so the chain of steps is refused.
    #[error("migration step from {from} to {to} does not advance the version")]
    NoProgress {
        /// The step's source version.
        from: SchemaVersion,
        /// The step's target version.
        to: SchemaVersion,
    },
    /// A step refused the document.
    #[error("migration from {from} to {to} failed: {reason}")]
    Step {
        /// The step's source version.
        from: SchemaVersion,
        /// The step's target version.
        to: SchemaVersion,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Upgrades a document of version `from` to [`SchemaVersion::CURRENT`] with [`STEPS`].
pub fn migrate(doc: &mut Value, from: SchemaVersion) -> Result<(), MigrationError> {
    migrate_with(STEPS, doc, from, SchemaVersion::CURRENT)
}

/// Upgrades a document from `from` to `to` with the given steps, one version at a time.
pub fn migrate_with(
    steps: &[MigrationStep],
    doc: &mut Value,
    from: SchemaVersion,
    to: SchemaVersion,
) -> Result<(), MigrationError> {
    let map = doc.as_object_mut().ok_or(MigrationError::NotAnObject)?;
    let mut at = from;
    while at != to {
        let step = steps
            .iter()
            .find(|s| s.from == at && s.to <= to)
            .ok_or(MigrationError::NoPath { from, to })?;
        if step.to <= step.from {
            return Err(MigrationError::NoProgress {
                from: step.from,
                to: step.to,
            });
        }
        (step.apply)(map).map_err(|reason| MigrationError::Step {
            from: step.from,
            to: step.to,
            reason,
        })?;
        map.insert("schema_version".into(), Value::String(step.to.to_string()));
        at = step.to;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const V0_8: SchemaVersion = SchemaVersion { major: 0, minor: 8 };
    const V0_9: SchemaVersion = SchemaVersion { major: 0, minor: 9 };

    fn add_flag(doc: &mut Map<String, Value>) -> Result<(), &'static str> {
        doc.insert("flag".into(), json!(true));
        Ok(())
    }
    fn rename_org(doc: &mut Map<String, Value>) -> Result<(), &'static str> {
        let org = doc.remove("org").ok_or("org is missing")?;
        doc.insert("producer".into(), org);
        Ok(())
    }

    const DEMO: &[MigrationStep] = &[
        MigrationStep {
            from: V0_8,
            to: V0_9,
            apply: add_flag,
        },
        MigrationStep {
            from: V0_9,
            to: SchemaVersion::V1_0,
            apply: rename_org,
        },
    ];

    #[test]
    fn steps_chain_one_version_at_a_time() {
        let mut doc = json!({"schema_version": "0.8", "org": "x"});
        migrate_with(DEMO, &mut doc, V0_8, SchemaVersion::V1_0).unwrap();
        assert_eq!(
            doc,
            json!({"schema_version": "1.0", "producer": "x", "flag": true})
        );
    }

    #[test]
    fn failures_are_reported() {
        let mut doc = json!({"schema_version": "0.9"});
        assert_eq!(
            migrate_with(DEMO, &mut doc, V0_9, SchemaVersion::V1_0),
            Err(MigrationError::Step {
                from: V0_9,
                to: SchemaVersion::V1_0,
                reason: "org is missing"
            })
        );
        let mut doc = json!({});
        let v0_1 = SchemaVersion { major: 0, minor: 1 };
        assert!(matches!(
            migrate(&mut doc, v0_1),
            Err(MigrationError::NoPath { .. })
        ));
        assert_eq!(
            migrate(&mut json!([]), v0_1),
            Err(MigrationError::NotAnObject)
        );
    }

    fn nothing(_: &mut Map<String, Value>) -> Result<(), &'static str> {
        Ok(())
    }

    #[test]
    fn a_step_that_does_not_advance_is_an_error_not_a_loop() {
        let stuck = [MigrationStep {
            from: V0_9,
            to: V0_9,
            apply: nothing,
        }];
        let mut doc = json!({"schema_version": "0.9"});
        assert_eq!(
            migrate_with(&stuck, &mut doc, V0_9, SchemaVersion::CURRENT),
            Err(MigrationError::NoProgress {
                from: V0_9,
                to: V0_9
            })
        );
        let backwards = [
            MigrationStep {
                from: V0_9,
                to: V0_8,
                apply: nothing,
            },
            MigrationStep {
                from: V0_8,
                to: V0_9,
                apply: nothing,
            },
        ];
        assert_eq!(
            migrate_with(&backwards, &mut doc, V0_9, SchemaVersion::CURRENT),
            Err(MigrationError::NoProgress {
                from: V0_9,
                to: V0_8
            })
        );
    }

    #[test]
    fn current_needs_no_step_and_every_supported_version_has_a_path() {
        for &v in SchemaVersion::SUPPORTED {
            let mut doc = json!({"schema_version": v.to_string()});
            migrate(&mut doc, v).unwrap_or_else(|e| panic!("{v}: {e}"));
            assert_eq!(doc["schema_version"], SchemaVersion::CURRENT.to_string());
        }
        for step in STEPS {
            assert!(step.from < step.to, "a step goes forward");
        }
    }

    /// 1.0 → 1.1 sets the version and changes nothing else, whatever the document holds
    /// (it invents no proceedings, needs or dates, and keeps unknown members and extensions
    /// exactly as they were).
    #[test]
    fn one_zero_to_one_one_changes_the_version_only() {
        let original = json!({
            "record_type": "case", "schema_version": "1.0", "id": "c-1",
            "producer": "tt.gov.ctu", "created_at": "2025-01-15T12:00:00Z",
            "criminal_justice": {"prosecution": "convicted", "persons_investigated": 2},
            "assistance": [{"service": "shelter", "start": "2024-03"}],
            "extensions": {"org.example.x": {"b": [1, 2], "a": null}},
            "not_a_field": true
        });
        let mut doc = original.clone();
        migrate(&mut doc, SchemaVersion::V1_0).unwrap();
        let mut expected = original;
        expected["schema_version"] = json!("1.1");
        assert_eq!(doc, expected);
        assert_eq!(
            serde_json::to_string(&doc).unwrap().len(),
            serde_json::to_string(&expected).unwrap().len()
        );
    }
}
