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

/// The place of a code of two or three lower-case letters in [`BY_LETTERS`]: two-letter
/// codes first (26 x 26 places), then three-letter codes (26 x 26 x 26).
const fn slot(b: &[u8]) -> Option<usize> {
    const fn l(c: u8) -> usize {
        (c - b'a') as usize
    }
    match *b {
        [a @ b'a'..=b'z', b @ b'a'..=b'z'] => Some(l(a) * 26 + l(b)),
        [a @ b'a'..=b'z', b @ b'a'..=b'z', c @ b'a'..=b'z'] => {
            Some(26 * 26 + (l(a) * 26 + l(b)) * 26 + l(c))
        }
        _ => None,
    }
}

/// Every code's index in [`ISO_639`] plus one (0: no code), by its letters: a packed direct
/// table (36 KB) instead of a binary search over 7,088 strings.
static BY_LETTERS: [u16; 26 * 26 + 26 * 26 * 26] = {
    let mut table = [0u16; 26 * 26 + 26 * 26 * 26];
    let mut i = 0;
    while i < ISO_639.len() {
        let Some(at) = slot(ISO_639[i].as_bytes()) else {
            panic!("ISO 639 codes are two or three lower-case letters");
        };
        assert!(i + 1 < u16::MAX as usize);
        table[at] = (i + 1) as u16;
        i += 1;
    }
    table
};

impl FromStr for LanguageCode {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        match slot(s.as_bytes()).map(|at| BY_LETTERS[at]) {
            Some(n) if n != 0 => Ok(LanguageCode(n - 1)),
            _ => Err(InvalidValue::new("language code", EXPECTED)),
        }
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

    /// The table agrees with the list on every code and on every string of two or three
    /// letters.
    #[test]
    fn table_agrees_with_the_list() {
        for (i, code) in ISO_639.iter().enumerate() {
            assert_eq!(code.parse::<LanguageCode>().unwrap().0 as usize, i);
        }
        let letters: Vec<char> = ('a'..='z').chain('A'..='C').chain(['-', '1']).collect();
        let mut words: Vec<String> = Vec::new();
        for a in &letters {
            for b in &letters {
                words.push(format!("{a}{b}"));
                for c in &letters {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        for w in words {
            let listed = ISO_639.binary_search(&w.as_str()).ok();
            let parsed = w.parse::<LanguageCode>().ok().map(|c| c.0 as usize);
            assert_eq!(parsed, listed, "{w}");
        }
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
