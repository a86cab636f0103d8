//! Versions of the standard.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{InvalidValue, deserialize_from_str, serialize_display};

/// A version of the standard, `MAJOR.MINOR`, as documents declare it in `schema_version`.
/// It can hold any version, known or not, so that a document of a newer version is reported
/// by name rather than rejected as malformed.
///
/// ```
/// use ctip_exchange::types::SchemaVersion;
/// let v: SchemaVersion = "1.1".parse().unwrap();
/// assert_eq!(v, SchemaVersion::CURRENT);
/// assert!(v.is_supported());
/// assert!(SchemaVersion::V1_0.is_supported()); // read, and upgraded on reading
/// assert!(!"2.0".parse::<SchemaVersion>().unwrap().is_supported());
/// assert!("1".parse::<SchemaVersion>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaVersion {
    /// Incremented for a change that breaks a consumer.
    pub major: u16,
    /// Incremented for additions only (new optional fields, new values).
    pub minor: u16,
}

impl SchemaVersion {
    /// Version 1.0, the first release of the standard.
    pub const V1_0: SchemaVersion = SchemaVersion { major: 1, minor: 0 };

    /// Version 1.1: criminal-justice proceedings, timely support, the `tip` record type.
    pub const V1_1: SchemaVersion = SchemaVersion { major: 1, minor: 1 };

    /// The version the Rust types describe, and the version every record is written as.
    pub const CURRENT: SchemaVersion = SchemaVersion::V1_1;

    /// Every version this build reads, oldest first (older ones are upgraded on reading,
    /// [`crate::record::migrate`]).
    pub const SUPPORTED: &'static [SchemaVersion] = &[SchemaVersion::V1_0, SchemaVersion::V1_1];

    /// True when this build reads documents of this version.
    pub fn is_supported(self) -> bool {
        Self::SUPPORTED.contains(&self)
    }

    /// The supported versions as text, for messages: `1.0, 1.1`.
    pub fn supported_list() -> String {
        Self::SUPPORTED
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn number(s: &str) -> Option<u16> {
    if s.is_empty()
        || s.len() > 4
        || !s.bytes().all(|b| b.is_ascii_digit())
        || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

impl FromStr for SchemaVersion {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        s.split_once('.')
            .and_then(|(a, b)| {
                Some(SchemaVersion {
                    major: number(a)?,
                    minor: number(b)?,
                })
            })
            .ok_or(InvalidValue::new(
                "schema version",
                "expected MAJOR.MINOR, e.g. 1.0",
            ))
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl fmt::Debug for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SchemaVersion({self})")
    }
}

serialize_display!(SchemaVersion);
deserialize_from_str!(SchemaVersion, "a version MAJOR.MINOR");

impl JsonSchema for SchemaVersion {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("SchemaVersion")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "pattern": "^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$"})
    }
}

/// The `schema_version` field of a typed record: always [`SchemaVersion::CURRENT`]. Older
/// documents are upgraded before typed parsing; newer ones are refused by
/// [`Record::from_slice`](crate::Record::from_slice) with the list of supported versions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CurrentVersion;

impl Serialize for CurrentVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&SchemaVersion::CURRENT)
    }
}

impl<'de> Deserialize<'de> for CurrentVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = SchemaVersion::deserialize(d)?;
        if v == SchemaVersion::CURRENT {
            Ok(CurrentVersion)
        } else {
            Err(serde::de::Error::custom(format_args!(
                "schema version: expected {} for this record type",
                SchemaVersion::CURRENT
            )))
        }
    }
}

impl JsonSchema for CurrentVersion {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("CurrentVersion")
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "const": SchemaVersion::CURRENT.to_string(),
            "description": "The version of the standard this document follows, MAJOR.MINOR.",
        })
    }
}
