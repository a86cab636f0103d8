//! ISO 639 language codes.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::codes::ISO_639;
use super::{InvalidValue, deserialize_from_str, serialize_display};

/// An ISO 639 language code in its shortest form, as BCP 47 does: the ISO 639-1 two-letter
/// code where one exists (`en`, `es`, `fr`, `ht`, `nl`), otherwise the ISO 639-3 code of a
/// living language or macrolanguage (`pap` Papiamento, `srn` Sranan Tongo, `jam` Jamaican
/// Creole English).
///
/// ```
/// use ctip_exchange::types::LanguageCode;
/// assert!("ht".parse::<LanguageCode>().is_ok());
/// assert!("pap".parse::<LanguageCode>().is_ok());
/// assert!("fra".parse::<LanguageCode>().is_err()); // French is `fr`
/// assert!("EN".parse::<LanguageCode>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageCode(u16);

const EXPECTED: &str = "expected an ISO 639-1 code, or an ISO 639-3 code where the language has no ISO 639-1 code, in lower case";

impl LanguageCode {
    /// Every code of the table, in alphabetical order.
    pub fn all() -> impl ExactSizeIterator<Item = LanguageCode> {
        (0..ISO_639.len()).map(|i| LanguageCode(i as u16))
    }

    /// The code.
    pub fn as_str(self) -> &'static str {
        ISO_639[self.0 as usize]
    }
}

impl FromStr for LanguageCode {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        ISO_639
            .binary_search(&s)
            .map(|i| LanguageCode(i as u16))
            .map_err(|_| InvalidValue::new("language code", EXPECTED))
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanguageCode({})", self.as_str())
    }
}

serialize_display!(LanguageCode);
deserialize_from_str!(LanguageCode, "an ISO 639 language code");

impl JsonSchema for LanguageCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("LanguageCode")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "An ISO 639 language code in its shortest form: ISO 639-1 where the language has one, otherwise ISO 639-3 (living individual languages and macrolanguages).",
            "enum": ISO_639,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(ISO_639.windows(2).all(|w| w[0] < w[1]));
        assert!(ISO_639.len() < u16::MAX as usize);
    }

    #[test]
    fn caribbean_languages() {
        for ok in [
            "en", "es", "fr", "nl", "ht", "pap", "srn", "jam", "hi", "ar", "zh", "pt",
        ] {
            assert_eq!(ok.parse::<LanguageCode>().unwrap().as_str(), ok);
        }
        for bad in [
            "", "e", "eng", "spa", "und", "mul", "En", "english", "en-US",
        ] {
            assert!(bad.parse::<LanguageCode>().is_err(), "{bad}");
        }
    }
}
