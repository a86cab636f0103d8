//! Identifiers: record ids, organization ids and opaque pseudonym references.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{InvalidValue, deserialize_from_str, serialize_display};

/// Checks the identifier grammar shared by [`RecordId`] and [`OrgId`]: 1 to 128 characters,
/// ASCII letters, digits and `.` `_` `:` `-`, starting with a letter or digit.
fn is_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b':' | b'-'))
}

/// The JSON Schema pattern equivalent to [`is_identifier`].
pub(crate) const IDENTIFIER_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";

macro_rules! identifier {
    ($(#[$meta:meta])* $name:ident, $what:literal, $schema_name:literal, $description:literal, $check:path, $pattern:expr, $expected:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, InvalidValue> {
                if $check(s) {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(InvalidValue::new($what, $expected))
                }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidValue;
            fn try_from(s: &str) -> Result<Self, InvalidValue> {
                s.parse()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        serialize_display!($name);
        deserialize_from_str!($name, $expected);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($schema_name)
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $description,
                })
            }
        }
    };
}

identifier!(
    /// The identifier of a record, unique within its producer: 1 to 128 ASCII letters, digits
    /// and `.` `_` `:` `-`, starting with a letter or digit (a UUID fits).
    ///
    /// A record id MUST NOT be derived from personal data (a name, a document number).
    ///
    /// ```
    /// use ctip_exchange::types::RecordId;
    /// let id: RecordId = "case-2024-0001".parse().unwrap();
    /// assert_eq!(id.as_str(), "case-2024-0001");
    /// assert!("".parse::<RecordId>().is_err());
    /// assert!("has space".parse::<RecordId>().is_err());
    /// ```
    RecordId,
    "record id",
    "RecordId",
    "Identifier of a record, unique within its producer. MUST NOT be derived from personal data.",
    is_identifier,
    IDENTIFIER_PATTERN,
    "expected 1 to 128 ASCII letters, digits, '.', '_', ':' or '-', starting with a letter or digit"
);

identifier!(
    /// The identifier of an organization (an agency, an NGO, a ministry), agreed among the
    /// exchange partners, e.g. `tt.gov.ctu` or `iom.tt`. Same grammar as [`RecordId`].
    ///
    /// ```
    /// use ctip_exchange::types::OrgId;
    /// let org: OrgId = "tt.gov.ctu".parse().unwrap();
    /// assert_eq!(org.to_string(), "tt.gov.ctu");
    /// ```
    OrgId,
    "organization id",
    "OrgId",
    "Identifier of an organization agreed among the exchange partners, e.g. `tt.gov.ctu`.",
    is_identifier,
    IDENTIFIER_PATTERN,
    "expected 1 to 128 ASCII letters, digits, '.', '_', ':' or '-', starting with a letter or digit"
);

/// Checks a pseudonym reference: 1 to 256 printable ASCII characters without spaces.
fn is_pseudonym_ref(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && s.bytes().all(|c| c.is_ascii_graphic())
}

identifier!(
    /// A pseudonym that stands for a survivor's identity, as produced by the agency's
    /// pseudonymizer (e.g. `ps1:k2024:MFRGG...`). Opaque to the exchange: it is compared for
    /// equality, never interpreted. 1 to 256 printable ASCII characters without spaces.
    ///
    /// A pseudonym reference MUST be a keyed pseudonym, never a name, a document number or an
    /// unkeyed hash of one.
    PseudonymRef,
    "pseudonym reference",
    "PseudonymRef",
    "A keyed pseudonym standing for a survivor's identity; opaque, compared for equality only. MUST NOT be a name, a document number or an unkeyed hash of one.",
    is_pseudonym_ref,
    "^[!-~]{1,256}$",
    "expected 1 to 256 printable ASCII characters without spaces"
);

impl PseudonymRef {
    /// The reference of a pseudonym's `ps1` text (which is always a valid reference), without
    /// checking it again.
    pub(crate) fn from_pseudonym_text(text: String) -> PseudonymRef {
        debug_assert!(is_pseudonym_ref(&text));
        PseudonymRef(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_accept_the_grammar_and_reject_the_rest() {
        for ok in [
            "a",
            "case-1",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "tt.gov:ctu_1",
        ] {
            assert!(ok.parse::<RecordId>().is_ok(), "{ok}");
            assert!(ok.parse::<OrgId>().is_ok(), "{ok}");
        }
        let long = "a".repeat(129);
        for bad in ["", "-a", ".a", "a b", "é", "a/b", long.as_str()] {
            assert!(bad.parse::<RecordId>().is_err(), "{bad}");
        }
        assert!("a".repeat(128).parse::<RecordId>().is_ok());
    }

    #[test]
    fn errors_do_not_echo_the_value() {
        let err = serde_json::from_str::<RecordId>("\"SECRET VALUE\"").unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
    }

    #[test]
    fn pseudonym_refs() {
        assert!("ps1:k1:ABC".parse::<PseudonymRef>().is_ok());
        assert!("has space".parse::<PseudonymRef>().is_err());
        assert!("".parse::<PseudonymRef>().is_err());
    }
}
