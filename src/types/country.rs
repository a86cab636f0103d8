//! ISO 3166-1 alpha-2 country codes, and countries that may be explicitly unknown.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::codes::ISO_3166_1;
use super::{InvalidValue, deserialize_from_str, serialize_display};

/// An officially assigned ISO 3166-1 alpha-2 country code (249 codes), in upper case.
///
/// `00`, `XX`, `ZZ` and withdrawn codes (`AN`, `ZR`, `YU`, `CS`) are not country codes: a
/// country that is not known is written [`Country::Unknown`], and a legacy converter maps
/// withdrawn codes with its own crosswalk.
///
/// ```
/// use ctip_exchange::types::CountryCode;
/// let tt: CountryCode = "TT".parse().unwrap();
/// assert_eq!(tt.name(), "Trinidad and Tobago");
/// assert!("tt".parse::<CountryCode>().is_err());
/// assert!("00".parse::<CountryCode>().is_err());
/// assert!("AN".parse::<CountryCode>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode(u8);

const EXPECTED: &str = "expected an officially assigned ISO 3166-1 alpha-2 code in upper case";

impl CountryCode {
    /// Every officially assigned code, in alphabetical order.
    pub fn all() -> impl ExactSizeIterator<Item = CountryCode> {
        (0..ISO_3166_1.len()).map(|i| CountryCode(i as u8))
    }

    /// The two-letter code.
    pub fn as_str(self) -> &'static str {
        ISO_3166_1[self.0 as usize].0
    }

    /// The code's place in alphabetical order (as in [`CountryCode::all`]).
    pub(crate) fn index(self) -> u8 {
        self.0
    }

    /// The English short name from ISO 3166-1.
    pub fn name(self) -> &'static str {
        ISO_3166_1[self.0 as usize].1
    }
}

/// No code at this place of [`BY_LETTERS`].
const NONE: u8 = u8::MAX;

/// The index of every code in [`ISO_3166_1`], by its two letters (`A`..`Z` each): one
/// table look-up instead of a binary search with string comparisons.
static BY_LETTERS: [u8; 26 * 26] = {
    let mut table = [NONE; 26 * 26];
    let mut i = 0;
    while i < ISO_3166_1.len() {
        let b = ISO_3166_1[i].0.as_bytes();
        assert!(b.len() == 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase());
        assert!(i < NONE as usize);
        table[(b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize] = i as u8;
        i += 1;
    }
    table
};

impl FromStr for CountryCode {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        match *s.as_bytes() {
            [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                match BY_LETTERS[(a - b'A') as usize * 26 + (b - b'A') as usize] {
                    NONE => None,
                    i => Some(CountryCode(i)),
                }
            }
            _ => None,
        }
        .ok_or(InvalidValue::new("country code", EXPECTED))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

serialize_display!(CountryCode);
deserialize_from_str!(CountryCode, "an ISO 3166-1 alpha-2 country code");

impl JsonSchema for CountryCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("CountryCode")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = ISO_3166_1.iter().map(|(c, _)| *c).collect();
        json_schema!({
            "type": "string",
            "description": "An officially assigned ISO 3166-1 alpha-2 country code, upper case.",
            "enum": codes,
        })
    }
}

/// A country that may be explicitly unknown: an ISO 3166-1 alpha-2 code, or `"unknown"`.
///
/// Absence of the field means "not recorded"; `"unknown"` means the question was asked and
/// the answer is not known (CTDC's `00`).
///
/// ```
/// use ctip_exchange::types::Country;
/// let c: Country = serde_json::from_str("\"unknown\"").unwrap();
/// assert_eq!(c, Country::Unknown);
/// let c: Country = serde_json::from_str("\"JM\"").unwrap();
/// assert_eq!(c.code().unwrap().as_str(), "JM");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Country {
    /// A known country.
    Known(CountryCode),
    /// Asked, but not known.
    Unknown,
}

impl Country {
    /// The code, when the country is known.
    pub fn code(self) -> Option<CountryCode> {
        match self {
            Country::Known(c) => Some(c),
            Country::Unknown => None,
        }
    }
}

impl From<CountryCode> for Country {
    fn from(c: CountryCode) -> Self {
        Country::Known(c)
    }
}

impl FromStr for Country {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        if s == "unknown" {
            return Ok(Country::Unknown);
        }
        s.parse().map(Country::Known).map_err(|_| {
            InvalidValue::new(
                "country",
                "expected an ISO 3166-1 alpha-2 code in upper case or \"unknown\"",
            )
        })
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Country::Known(c) => f.write_str(c.as_str()),
            Country::Unknown => f.write_str("unknown"),
        }
    }
}

serialize_display!(Country);
deserialize_from_str!(Country, "an ISO 3166-1 alpha-2 country code or \"unknown\"");

impl JsonSchema for Country {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Country")
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let code = generator.subschema_for::<CountryCode>();
        json_schema!({
            "description": "An ISO 3166-1 alpha-2 country code, or \"unknown\" when the country was asked for and is not known.",
            "anyOf": [code, {"const": "unknown"}],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_official_list() {
        assert_eq!(CountryCode::all().len(), 249);
        for code in [
            "BQ", "CW", "SX", "BL", "MF", "TT", "JM", "HT", "DO", "GY", "SR", "BZ",
        ] {
            assert!(code.parse::<CountryCode>().is_ok(), "{code}");
        }
        for bad in [
            "00", "XK", "AN", "ZR", "YU", "CS", "tt", "T", "TTO", "", " TT",
        ] {
            assert!(bad.parse::<CountryCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn round_trips_every_code() {
        for c in CountryCode::all() {
            assert_eq!(c.as_str().parse::<CountryCode>().unwrap(), c);
        }
    }

    /// The table agrees with the list on every pair of bytes a code could be made of.
    #[test]
    fn table_agrees_with_the_list_on_every_two_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b];
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    continue;
                };
                let listed = ISO_3166_1.iter().position(|(c, _)| *c == text);
                let parsed = text.parse::<CountryCode>().ok().map(|c| c.0 as usize);
                assert_eq!(parsed, listed, "{a} {b}");
            }
        }
    }

    #[test]
    fn every_current_ctdc_code_is_known() {
        let lookups = include_str!("../../tests/data/ctdc-countries.txt");
        for code in lookups.lines().filter(|l| !l.is_empty()) {
            assert!(code.parse::<CountryCode>().is_ok(), "{code}");
        }
    }
}
