//! Defendant references: who, among the persons in a case's proceedings, an event is about.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{InvalidValue, deserialize_from_str, serialize_display};

/// A reference to a defendant (a suspect, an accused, a convicted person) in a case's
/// criminal-justice proceedings: a keyed `ps1` pseudonym of the person, which links the same
/// person across cases and agencies, or a case-local label `D1`, `D2`... (`D` and 1 to 6
/// digits, no leading zero), which means "the same person" only within one case.
///
/// A defendant reference is NEVER a name: neither form can hold one. The `ps1` form is
/// checked exactly as the pseudonymizer writes it: `ps1:<key id>:<32 lower-case base32
/// characters>`.
///
/// ```
/// use ctip_exchange::types::DefendantRef;
/// let d1: DefendantRef = "D1".parse().unwrap();
/// assert!(d1.is_case_local());
/// let p: DefendantRef = "ps1:k2024:abcdefghijklmnopqrstuvwxyz234567".parse().unwrap();
/// assert!(!p.is_case_local());
/// assert!("John Smith".parse::<DefendantRef>().is_err());
/// assert!("D01".parse::<DefendantRef>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DefendantRef(String);

/// The JSON Schema pattern equivalent to [`is_defendant_ref`].
pub(crate) const DEFENDANT_REF_PATTERN: &str =
    "^(ps1:[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[a-z2-7]{32}|D[1-9][0-9]{0,5})$";

fn is_key_id(b: &[u8]) -> bool {
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

fn is_defendant_ref(s: &str) -> bool {
    if let Some(rest) = s.strip_prefix("ps1:") {
        let Some((key, body)) = rest.split_once(':') else {
            return false;
        };
        is_key_id(key.as_bytes())
            && body.len() == 32
            && body
                .bytes()
                .all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c))
    } else if let Some(digits) = s.strip_prefix('D') {
        let b = digits.as_bytes();
        (1..=6).contains(&b.len()) && b[0] != b'0' && b.iter().all(u8::is_ascii_digit)
    } else {
        false
    }
}

impl DefendantRef {
    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for a case-local label (`D1`): it identifies a person within its case only.
    pub fn is_case_local(&self) -> bool {
        !self.0.starts_with("ps1:")
    }
}

impl FromStr for DefendantRef {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        if is_defendant_ref(s) {
            Ok(DefendantRef(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "defendant reference",
                "expected a ps1 pseudonym (ps1:<key id>:<32 lower-case base32 characters>) or a case-local label D1, D2... (never a name)",
            ))
        }
    }
}

impl fmt::Display for DefendantRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DefendantRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DefendantRef({:?})", self.0)
    }
}

serialize_display!(DefendantRef);
deserialize_from_str!(
    DefendantRef,
    "a defendant reference: a ps1 pseudonym or a case-local label D1, D2..."
);

impl JsonSchema for DefendantRef {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("DefendantRef")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DEFENDANT_REF_PATTERN,
            "description": "A defendant: a keyed ps1 pseudonym of the person (links cases) or a case-local label D1, D2... (within this case only). MUST NOT be a name.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_forms_and_nothing_else() {
        let body = "abcdefghijklmnopqrstuvwxyz234567";
        for ok in [
            "D1".to_owned(),
            "D999999".to_owned(),
            format!("ps1:k1:{body}"),
            format!("ps1:tt.gov-ctu_2024:{body}"),
        ] {
            assert!(ok.parse::<DefendantRef>().is_ok(), "{ok}");
        }
        for bad in [
            "".to_owned(),
            "D".to_owned(),
            "D0".to_owned(),
            "D1234567".to_owned(),
            "d1".to_owned(),
            "Defendant".to_owned(),
            "John Smith".to_owned(),
            format!("ps1:k1:{}", &body[1..]),
            format!("ps1:k1:{body}a"),
            format!("ps1:k1:{}", body.to_uppercase()),
            format!("ps1::{body}"),
            format!("ps1:-k:{body}"),
            format!("ps1:k:1{}", &body[1..]),
        ] {
            assert!(bad.parse::<DefendantRef>().is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_do_not_echo_the_value() {
        let err = serde_json::from_str::<DefendantRef>("\"SECRET NAME\"").unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
    }
}
