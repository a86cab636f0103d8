//! ISO 3166-2 country subdivision codes (`TT-POS`, `JM-01`, `GY-DE`), added in version 1.1
//! for the location of a `tip`.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::codes::ISO_3166_1;
use super::{CountryCode, InvalidValue, deserialize_from_str, serialize_display};

/// An ISO 3166-2 subdivision code: an officially assigned ISO 3166-1 alpha-2 country code,
/// a hyphen, and 1 to 3 upper-case ASCII letters or digits (`TT-POS`, `JM-01`, `US-CA`).
///
/// The type checks the form and that the prefix is an assigned country; it does not hold
/// the ISO 3166-2 list of each country (which changes often and is not freely published), so
/// `TT-ZZZ` is accepted. Where a record also names the country, validation checks that the
/// prefix is that country (rule `tip.subdivision_country` for a tip's location).
///
/// ```
/// use ctip_exchange::types::SubdivisionCode;
/// let pos: SubdivisionCode = "TT-POS".parse().unwrap();
/// assert_eq!(pos.country().as_str(), "TT");
/// assert_eq!(pos.to_string(), "TT-POS");
/// for bad in ["tt-POS", "TT-pos", "TT", "TT-", "TT-ABCD", "XX-01", "TTPOS", "TT-P S"] {
///     assert!(bad.parse::<SubdivisionCode>().is_err(), "{bad}");
/// }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubdivisionCode {
    country: CountryCode,
    /// The part after the hyphen, ASCII, 1 to 3 bytes, padded with zero bytes.
    local: [u8; 3],
}

const EXPECTED: &str = "expected an ISO 3166-2 code: an assigned ISO 3166-1 alpha-2 country code in upper case, a hyphen and 1 to 3 upper-case letters or digits";

impl SubdivisionCode {
    /// The country the subdivision belongs to (the code's prefix).
    pub fn country(self) -> CountryCode {
        self.country
    }

    /// The part after the hyphen (`POS` in `TT-POS`).
    pub fn local_part(&self) -> &str {
        let len = self.local.iter().position(|&b| b == 0).unwrap_or(3);
        std::str::from_utf8(&self.local[..len]).expect("ASCII by construction")
    }
}

impl FromStr for SubdivisionCode {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        let err = || InvalidValue::new("subdivision code", EXPECTED);
        let (country, local) = s.split_once('-').ok_or_else(err)?;
        let country: CountryCode = country.parse().map_err(|_| err())?;
        let lb = local.as_bytes();
        if lb.is_empty()
            || lb.len() > 3
            || !lb
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(err());
        }
        let mut bytes = [0u8; 3];
        bytes[..lb.len()].copy_from_slice(lb);
        Ok(SubdivisionCode {
            country,
            local: bytes,
        })
    }
}

impl fmt::Display for SubdivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.country.as_str(), self.local_part())
    }
}

impl fmt::Debug for SubdivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SubdivisionCode({self})")
    }
}

serialize_display!(SubdivisionCode);
deserialize_from_str!(SubdivisionCode, "an ISO 3166-2 subdivision code");

/// The JSON Schema pattern equivalent to [`SubdivisionCode::from_str`]: an alternation of
/// every assigned country code, a hyphen, 1 to 3 upper-case letters or digits. Plain
/// alternation and classes only (no look-around), so every regex engine reads it alike.
pub(crate) fn pattern() -> &'static str {
    static PATTERN: OnceLock<String> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let codes: Vec<&str> = ISO_3166_1.iter().map(|(c, _)| *c).collect();
        format!("^({})-[A-Z0-9]{{1,3}}$", codes.join("|"))
    })
}

impl JsonSchema for SubdivisionCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("SubdivisionCode")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "An ISO 3166-2 subdivision code: the ISO 3166-1 alpha-2 code of its country, a hyphen, and 1 to 3 upper-case letters or digits (TT-POS, JM-01).",
            "pattern": pattern(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_and_country() {
        for (code, country, local) in [
            ("TT-POS", "TT", "POS"),
            ("JM-01", "JM", "01"),
            ("GY-DE", "GY", "DE"),
            ("US-CA", "US", "CA"),
            ("FR-2A", "FR", "2A"),
            ("GB-X", "GB", "X"),
        ] {
            let s: SubdivisionCode = code.parse().unwrap();
            assert_eq!(s.country().as_str(), country);
            assert_eq!(s.local_part(), local);
            assert_eq!(s.to_string(), code);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{code}\""));
        }
        for bad in [
            "", "-", "TT", "TT-", "-POS", "tt-POS", "TT-pos", "TT-ABCD", "XX-01", "00-01",
            "UK-ENG", "TT_POS", "TT-P-S", "TT-P S", " TT-POS", "TT-POS\n", "TT-É", "TTT-PO",
        ] {
            assert!(bad.parse::<SubdivisionCode>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn errors_never_repeat_the_value() {
        let err = serde_json::from_str::<SubdivisionCode>("\"Maria-Perez\"").unwrap_err();
        assert!(!err.to_string().contains("Maria"), "{err}");
    }

    /// The schema pattern accepts exactly what the type accepts, checked with an independent
    /// regex engine over every country prefix and a spread of local parts.
    #[test]
    fn pattern_agrees_with_the_type() {
        let re = regex::Regex::new(pattern()).unwrap();
        assert!(
            !pattern().contains("(?"),
            "no look-around or groups with flags"
        );
        let locals = ["A", "01", "POS", "2A", "", "ABCD", "a", "É", " A", "A-"];
        for prefix in ISO_3166_1
            .iter()
            .map(|(c, _)| *c)
            .chain(["XX", "UK", "tt", "T"])
        {
            for local in locals {
                let text = format!("{prefix}-{local}");
                assert_eq!(
                    re.is_match(&text),
                    text.parse::<SubdivisionCode>().is_ok(),
                    "{text:?}"
                );
            }
        }
    }
}
