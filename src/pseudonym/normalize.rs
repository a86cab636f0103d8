//! Normalization, version 1 (`ps1`): the exact rules are in `schemas/PSEUDONYMS.md`, section
//! "Normalization". Every function here implements one numbered rule of that section; a change
//! to any of them is a new scheme version, never a silent change.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::PseudonymError;

/// Longest normalized value accepted for any field, in bytes (rule N0).
pub(crate) const MAX_FIELD_BYTES: usize = 1024;

/// NFKC, without allocating for ASCII text (which every normalization form leaves as is).
fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// NFC, without allocating for ASCII text.
fn nfc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Trims the characters U+0009 to U+000D and U+0020 from both ends (rule N0).
pub(crate) fn trim_ascii_space(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, '\u{9}'..='\u{d}' | ' '))
}

/// Combining marks removed as "diacritics" after canonical decomposition (rule N1 step 3).
fn is_removed_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'   // Combining Diacritical Marks
        | '\u{1AB0}'..='\u{1AFF}' // Combining Diacritical Marks Extended
        | '\u{1DC0}'..='\u{1DFF}' // Combining Diacritical Marks Supplement
        | '\u{20D0}'..='\u{20FF}' // Combining Diacritical Marks for Symbols
        | '\u{FE20}'..='\u{FE2F}' // Combining Half Marks
        | '\u{064B}'..='\u{065F}' // Arabic harakat, hamza above/below, madda
        | '\u{0670}'              // Arabic superscript alef
        | '\u{0640}' // Arabic tatweel
    )
}

/// Transliteration of letters that have no decomposition (rule N1 step 4).
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŋ' => "n",
        'ς' => "σ",
        'ى' => "ي",
        _ => return None,
    })
}

/// Characters deleted without leaving a separator (rule N1 step 5): apostrophes and
/// invisible formatting characters.
fn is_deleted(c: char) -> bool {
    matches!(
        c,
        '\''
            | '`'
            | '\u{00B4}'
            | '\u{02B9}'..='\u{02BC}'
            | '\u{2018}'..='\u{201B}'
            | '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
    )
}

/// True for general categories L (letters), M (marks) and N (numbers) (rule N1 step 5).
///
/// Rust's `is_alphabetic` is the Alphabetic property, which also holds for a few symbols
/// (enclosed letters of category So); NFKC has already replaced the enclosed letters that have a
/// decomposition, and the two blocks without one are excluded here.
fn is_letter_mark_or_number(c: char) -> bool {
    if matches!(c, '\u{1F150}'..='\u{1F169}' | '\u{1F170}'..='\u{1F189}') {
        return false;
    }
    c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
}

/// Normalizes one name part (rule N1). The result may be empty.
///
/// ```text
/// "  José-María  O'Brien " -> "jose maria obrien"
/// ```
pub(crate) fn name_part(input: &str) -> String {
    if input.is_ascii() {
        return ascii_name_part(input);
    }
    // One pass through lazy iterators, without intermediate strings:
    // 1. NFKC, 2. lowercase per code point, 3. NFD and removal of diacritics,
    // 4. transliteration, 5. deletion and separators, 6. NFC.
    let mapped = input
        .nfkc()
        .flat_map(char::to_lowercase)
        .nfd()
        .filter(|c| !is_removed_diacritic(*c))
        .filter(|c| !is_deleted(*c))
        .flat_map(|c| {
            let (one, more) = match transliterate(c) {
                Some(t) => (None, Some(t.chars())),
                None if is_letter_mark_or_number(c) => (Some(c), None),
                None => (Some(' '), None),
            };
            one.into_iter().chain(more.into_iter().flatten())
        })
        .nfc();
    // 7. single spaces between words
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in mapped {
        if c == ' ' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// [`name_part`] for ASCII text, where steps 1, 3, 4 and 6 change nothing: letters are
/// lowercased, `'` and `` ` `` deleted, letters and digits kept, anything else separates words.
fn ascii_name_part(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for b in input.bytes() {
        match b {
            b'\'' | b'`' => {}
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
            _ => pending_space = !out.is_empty(),
        }
    }
    out
}

/// Normalizes a name whose parts are not labelled (rule N2): the words of [`name_part`] in
/// ascending order of their UTF-8 bytes, joined by single spaces.
pub(crate) fn unlabelled_name(input: &str) -> String {
    let normalized = name_part(input);
    let mut words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// Normalizes a document number (rule N4): NFKC, trim, separators removed, ASCII upper case;
/// only ASCII letters and digits may remain.
pub(crate) fn document_number(input: &str) -> Result<String, PseudonymError> {
    let nfkc = nfkc(input);
    let mut out = String::with_capacity(nfkc.len());
    for c in nfkc.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c.to_ascii_uppercase()),
            ' ' | '\t' | '-' | '.' | '/' | '_' | '\u{2010}'..='\u{2015}' => {}
            _ => {
                return Err(invalid(
                    "document number",
                    "ASCII letters and digits, with optional spaces, '-', '.', '/' or '_' separators",
                ));
            }
        }
    }
    if out.is_empty() || out.len() > 64 {
        return Err(invalid(
            "document number",
            "1 to 64 letters and digits once separators are removed",
        ));
    }
    Ok(out)
}

/// Normalizes a phone number written in international form (rule N5): `+` or `00`, then the
/// country calling code and number; spaces, `-`, `.`, `(`, `)` and `/` are separators.
/// The result is the digits only (E.164 without `+`), 8 to 15 digits.
pub(crate) fn international_phone(input: &str) -> Result<String, PseudonymError> {
    let nfkc = nfkc(input);
    let s = trim_ascii_space(&nfkc);
    let rest = if let Some(rest) = s.strip_prefix('+') {
        rest
    } else if let Some(rest) = s.strip_prefix("00") {
        rest
    } else {
        return Err(invalid(
            "phone number",
            "an international number starting with '+' or '00'",
        ));
    };
    let digits = phone_digits(rest)?;
    check_phone_length(&digits)?;
    if digits.starts_with('0') {
        return Err(invalid(
            "phone number",
            "a country calling code, which never starts with 0",
        ));
    }
    Ok(digits)
}

/// Normalizes a phone number written in national form with the country calling code given
/// apart (rule N5): leading zeros (the trunk prefix) are removed from the national number.
pub(crate) fn national_phone(input: &str, calling_code: u16) -> Result<String, PseudonymError> {
    if !(1..=999).contains(&calling_code) {
        return Err(invalid("country calling code", "1 to 999"));
    }
    let nfkc = nfkc(input);
    let digits = phone_digits(trim_ascii_space(&nfkc))?;
    let national = digits.trim_start_matches('0');
    if national.is_empty() {
        return Err(invalid(
            "phone number",
            "a national number with digits other than 0",
        ));
    }
    let full = format!("{calling_code}{national}");
    check_phone_length(&full)?;
    Ok(full)
}

fn phone_digits(s: &str) -> Result<String, PseudonymError> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            _ => {
                return Err(invalid(
                    "phone number",
                    "digits with optional spaces, '-', '.', '(', ')' or '/'",
                ));
            }
        }
    }
    Ok(out)
}

fn check_phone_length(digits: &str) -> Result<(), PseudonymError> {
    if (8..=15).contains(&digits.len()) {
        Ok(())
    } else {
        Err(invalid(
            "phone number",
            "8 to 15 digits including the country calling code",
        ))
    }
}

/// Normalizes an email address (rule N6): trim, NFC, ASCII letters lowercased; exactly one `@`
/// with a non-empty local part and domain, and no space or control character.
pub(crate) fn email(input: &str) -> Result<String, PseudonymError> {
    let out = nfc(trim_ascii_space(input)).to_ascii_lowercase();
    let err = || invalid("email address", "local-part@domain without spaces");
    let (local, domain) = out.split_once('@').ok_or_else(err)?;
    if local.is_empty() || domain.is_empty() || domain.contains('@') {
        return Err(err());
    }
    if out.chars().any(|c| c.is_whitespace() || c.is_control()) || out.len() > 320 {
        return Err(err());
    }
    Ok(out)
}

/// Normalizes a free identifier value (rule N7): trim and NFC; otherwise exact (case kept).
pub(crate) fn identifier_value(input: &str) -> Result<String, PseudonymError> {
    let out = nfc(trim_ascii_space(input)).into_owned();
    if out.is_empty() || out.len() > MAX_FIELD_BYTES {
        return Err(invalid("identifier", "1 to 1024 bytes once trimmed"));
    }
    Ok(out)
}

pub(crate) fn invalid(field: &'static str, expected: &'static str) -> PseudonymError {
    PseudonymError::InvalidInput { field, expected }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let cases = [
            ("  José-María  O'Brien ", "jose maria obrien"),
            ("JOSÉ", "jose"),
            ("Jose\u{301}", "jose"),
            ("Straße", "strasse"),
            ("Łukasz Ærøe", "lukasz aeroe"),
            ("Jean–Baptiste", "jean baptiste"),
            ("Van der Berg", "van der berg"),
            ("Ｍａｒｉａ", "maria"),
            ("Ti\u{2019}Jean", "tijean"),
            ("أحمد", "احمد"),
            ("مُحَمَّد", "محمد"),
            ("\u{200B}", ""),
            ("İlker", "ilker"),
        ];
        for (input, expected) in cases {
            assert_eq!(name_part(input), expected, "{input:?}");
        }
        // Devanagari keeps its vowel signs
        assert_eq!(name_part("प्रिया शर्मा"), "प्रिया शर्मा");
        assert_eq!(
            unlabelled_name("Pierre, Jean"),
            unlabelled_name("jean PIERRE")
        );
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_rules() {
        // Every pair of ASCII characters, through the general path (made non-ASCII by a
        // trailing letter that normalizes to "e") and the fast path.
        for a in 0u8..128 {
            for b in 0u8..128 {
                let text = format!("x{}{}y", char::from(a), char::from(b));
                let general = name_part(&format!("{text} \u{e9}"));
                let fast = ascii_name_part(&text);
                assert_eq!(general, format!("{fast} e"), "{text:?}");
            }
        }
    }

    #[test]
    fn documents() {
        assert_eq!(document_number(" ab-123 456/7 ").unwrap(), "AB1234567");
        assert_eq!(document_number("ＡＢ１２３").unwrap(), "AB123");
        assert!(document_number("AB#12").is_err());
        assert!(document_number(" - ").is_err());
        assert!(document_number(&"1".repeat(65)).is_err());
    }

    #[test]
    fn phones() {
        assert_eq!(
            international_phone("+1 (868) 555-0100").unwrap(),
            "18685550100"
        );
        assert_eq!(
            international_phone("00509 3456 7890").unwrap(),
            "50934567890"
        );
        assert_eq!(national_phone("06 1234 5678", 31).unwrap(), "31612345678");
        assert!(international_phone("868 555 0100").is_err());
        assert!(international_phone("+0 868 555 0100").is_err());
        assert!(international_phone("+1 555").is_err());
        assert!(international_phone("+1 868 555 0100 ext 3").is_err());
        assert!(national_phone("000", 1).is_err());
        assert!(national_phone("5550100", 0).is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("  Ana.Perez@Example.ORG ").unwrap(),
            "ana.perez@example.org"
        );
        for bad in ["", "no-at", "@x", "x@", "a@b@c", "a b@c.d"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Letters of the languages of the vectors, combining marks, punctuation and spaces.
        fn name_text() -> impl Strategy<Value = String> {
            let alphabet: Vec<char> =
                "aAeEéÉèçÇñÑøØßæÆłŁıİijĳ -'’.,ʼ\u{301}\u{308}\u{327}\u{200B}\u{AD}ａＺ\
                 مُحَمَّدأإآةىی\u{640}प्रियाशर्मक़\u{93C}ΣσςΑ1２"
                    .chars()
                    .collect();
            proptest::collection::vec(proptest::sample::select(alphabet), 0..24)
                .prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #[test]
            fn name_normalization_is_idempotent(text in name_text()) {
                let once = name_part(&text);
                prop_assert_eq!(name_part(&once), once.clone());
                prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
            }

            #[test]
            fn name_normalization_is_idempotent_on_any_text(text in "\\PC{0,24}") {
                let once = name_part(&text);
                prop_assert_eq!(name_part(&once), once);
            }

            #[test]
            fn unlabelled_names_ignore_word_order(words in proptest::collection::vec("[a-zé]{1,6}", 1..5)) {
                let mut reversed = words.clone();
                reversed.reverse();
                prop_assert_eq!(unlabelled_name(&words.join(" ")), unlabelled_name(&reversed.join(", ")));
            }

            #[test]
            fn document_separators_do_not_matter(number in "[A-Z0-9]{1,20}", seps in proptest::collection::vec("[ ./_-]?", 20)) {
                let with: String = number.chars().zip(seps.iter()).flat_map(|(c, s)| std::iter::once(c).chain(s.chars())).collect();
                prop_assert_eq!(document_number(&with.to_lowercase()).unwrap(), number);
            }

            #[test]
            fn other_normalizations_are_idempotent(text in "\\PC{0,30}") {
                if let Ok(once) = email(&text) {
                    prop_assert_eq!(email(&once).unwrap(), once);
                }
                if let Ok(once) = identifier_value(&text) {
                    prop_assert_eq!(identifier_value(&once).unwrap(), once);
                }
                if let Ok(once) = document_number(&text) {
                    prop_assert_eq!(document_number(&once).unwrap(), once);
                }
            }
        }
    }
}
