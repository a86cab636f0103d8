//! Normalization, version 1 (`ps1`): the exact rules are in `schemas/PSEUDONYMS.md`, section
//! "Normalization". Every function here implements one numbered rule of that section; a change
//! to any of them is a new scheme version, never a silent change.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::PseudonymError;
use super::unicode14;

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

/// Refuses a text holding a code point that Unicode 14.0 leaves unassigned (section 5): the
/// normalization forms and general categories of such code points differ between Unicode
/// versions, so implementations on different versions would silently disagree.
pub(crate) fn check_assigned(s: &str, field: &'static str) -> Result<(), PseudonymError> {
    // every code point below U+0250 is assigned (tested)
    if s.is_ascii()
        || s.chars()
            .all(|c| (c as u32) < LATIN_END || unicode14::is_assigned(c))
    {
        Ok(())
    } else {
        Err(invalid(field, "only characters assigned in Unicode 14.0"))
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
        | '\u{0640}'             // Arabic tatweel
        | '\u{0591}'..='\u{05BD}' // Hebrew cantillation marks and points (niqqud)
        | '\u{05BF}'              // Hebrew point rafe
        | '\u{05C1}'..='\u{05C2}' // Hebrew shin and sin dots
        | '\u{05C4}'..='\u{05C5}' // Hebrew upper and lower dots
        | '\u{05C7}' // Hebrew point qamats qatan
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

/// The acute accent U+00B4 and the canonically equivalent Greek oxia U+1FFD, deleted before NFKC
/// like an apostrophe (rule N1 step 0): NFKC would make them a space and a combining acute.
fn is_spacing_acute(c: char) -> bool {
    matches!(c, '\u{00B4}' | '\u{1FFD}')
}

/// Steps 0 to 6 of rule N1 on a text (the separators still as they come, step 7 not done).
fn mapped(input: &str) -> impl Iterator<Item = char> + '_ {
    // One pass through lazy iterators, without intermediate strings:
    // 0. spacing acute deleted, 1. NFKC, 2. lowercase per code point, 3. NFD and removal of
    // diacritics, 4. transliteration, 5. deletion and separators, 6. NFC.
    input
        .chars()
        .filter(|c| !is_spacing_acute(*c))
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
        .nfc()
}

/// The end of the Latin blocks whose characters take the table path of [`name_part`]
/// (Basic Latin, Latin-1 Supplement, Latin Extended-A and -B).
const LATIN_END: u32 = 0x250;

/// The mapping of one character of U+0080 to U+024F by steps 0 to 6, when it is ASCII of at
/// most 4 bytes (`len` 255: not in the table, the full path is taken).
#[derive(Clone, Copy)]
struct LatinMapping {
    bytes: [u8; 4],
    len: u8,
}

/// Steps 0 to 6 of rule N1 for each character of U+0080 to U+024F, computed once by the full
/// path. Those characters are starters that compose with no neighbour, and whose mappings
/// begin with a starter, so that a text made of them (and ASCII) maps character by character;
/// a mapping kept here is ASCII, so their concatenation is already in NFC.
fn latin_table() -> &'static [LatinMapping] {
    static TABLE: std::sync::OnceLock<Vec<LatinMapping>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..LATIN_END)
            .map(|u| {
                let c = char::from_u32(u).expect("U+0080 to U+024F are characters");
                let m: String = mapped(c.encode_utf8(&mut [0; 4])).collect();
                let mut bytes = [0u8; 4];
                if m.is_ascii() && m.len() <= 4 {
                    bytes[..m.len()].copy_from_slice(m.as_bytes());
                    LatinMapping {
                        bytes,
                        len: m.len() as u8,
                    }
                } else {
                    LatinMapping { bytes, len: 255 }
                }
            })
            .collect()
    })
}

/// Steps 0 to 6 of rule N1 for one ASCII byte.
fn ascii_mapping(b: u8) -> Option<u8> {
    match b {
        b'\'' | b'`' => None,
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => Some(b.to_ascii_lowercase()),
        _ => Some(b' '),
    }
}

/// Appends mapped characters to `out` with step 7 (single spaces between words, none at the
/// ends); `pending_space` says whether a word before (already in `out`) waits for a space.
struct Words<'a> {
    out: &'a mut String,
    pending_space: bool,
}

impl Words<'_> {
    fn push(&mut self, c: char) {
        if c == ' ' {
            self.pending_space = self.pending_space || !self.out.is_empty();
        } else {
            if self.pending_space {
                self.out.push(' ');
                self.pending_space = false;
            }
            self.out.push(c);
        }
    }
}

/// Normalizes one name part (rule N1). The result may be empty. The caller has checked that
/// every code point is assigned in Unicode 14.0 ([`check_assigned`]).
///
/// ```text
/// "  José-María  O'Brien " -> "jose maria obrien"
/// ```
pub(crate) fn name_part(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    append_name_part(input, &mut out);
    out
}

/// Appends the normalized name part (rule N1) to `out`, after a space when `out` already
/// holds a word and the part has one: the same as joining the non-empty results of
/// [`name_part`] with single spaces.
pub(crate) fn append_name_part(input: &str, out: &mut String) {
    append_name_part_after(input, out, 0);
}

/// [`append_name_part`] for a part that begins at byte `start` of `out` (the bytes before
/// belong to another field): the space goes before this part's word only when the part
/// already holds one.
pub(crate) fn append_name_part_after(input: &str, out: &mut String, start: usize) {
    // room for the usual result (a few transliterations grow it), so that the part is not
    // copied around by reallocations
    out.reserve(input.len() + 1);
    if input.is_ascii() {
        append_ascii_words(input, out, start);
        return;
    }
    let mut words = Words {
        pending_space: out.len() > start,
        out,
    };
    let table = latin_table();
    let latin = |c: char| -> Option<&LatinMapping> {
        let u = c as u32;
        (0x80..LATIN_END)
            .contains(&u)
            .then(|| &table[(u - 0x80) as usize])
            .filter(|m| m.len != 255)
    };
    if input.chars().all(|c| c.is_ascii() || latin(c).is_some()) {
        for c in input.chars() {
            if c.is_ascii() {
                if let Some(m) = ascii_mapping(c as u8) {
                    words.push(char::from(m));
                }
            } else if let Some(m) = latin(c) {
                for &b in &m.bytes[..m.len as usize] {
                    words.push(char::from(b));
                }
            }
        }
        return;
    }
    for c in mapped(input) {
        words.push(c);
    }
}

/// Steps 0 to 7 of rule N1 on an ASCII text, in one pass over its bytes: letters and digits
/// kept in lower case, apostrophes deleted (they join what they separate), every other byte a
/// separator, one space between words and none at the ends. The same as [`ascii_mapping`]
/// through [`Words`], inlined (tested against the full path on every pair of characters and
/// on generated texts).
pub(crate) fn append_ascii_words(input: &str, out: &mut String, start: usize) {
    debug_assert!(input.is_ascii());
    let mut pending_space = out.len() > start;
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' && b != b'`' {
            pending_space = out.len() > start;
        }
    }
}

/// The full path of [`name_part`] (no table, no ASCII shortcut), for tests.
#[cfg(test)]
pub(crate) fn name_part_full(input: &str) -> String {
    let mut out = String::new();
    let mut words = Words {
        pending_space: false,
        out: &mut out,
    };
    for c in mapped(input) {
        words.push(c);
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

/// Longest normalized document number, in bytes (rule N4).
pub(crate) const MAX_DOCUMENT_NUMBER: usize = 64;

/// A normalized document number (rule N4): 1 to 64 ASCII upper-case letters and digits, held
/// inline (no allocation). Only the bytes in use are ever written, and they are zeroized on
/// drop.
#[derive(Clone)]
pub(crate) struct DocumentNumber {
    bytes: [u8; MAX_DOCUMENT_NUMBER],
    len: u8,
}

impl DocumentNumber {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

#[cfg(test)]
impl DocumentNumber {
    pub(crate) fn text(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("ASCII")
    }
}

impl PartialEq for DocumentNumber {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for DocumentNumber {}

impl zeroize::Zeroize for DocumentNumber {
    fn zeroize(&mut self) {
        // the bytes past `len` were never written (see `document_number`)
        let len = usize::from(self.len);
        self.bytes[..len].zeroize();
        self.len = 0;
    }
}

impl Drop for DocumentNumber {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(self);
    }
}

/// Rule N4 on one ASCII byte: 0 for a separator (removed), 0xFF for a byte refused, else
/// the byte kept (letters in upper case).
const DOCUMENT_BYTES: [u8; 128] = {
    let mut t = [0xFFu8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => c.to_ascii_uppercase(),
            b' ' | b'\t' | b'-' | b'.' | b'/' | b'_' => 0,
            _ => 0xFF,
        };
        b += 1;
    }
    t
};

/// Normalizes a document number (rule N4): NFKC, trim, separators removed, ASCII upper case;
/// only ASCII letters and digits may remain.
pub(crate) fn document_number(input: &str) -> Result<DocumentNumber, PseudonymError> {
    fn bad_character() -> PseudonymError {
        invalid(
            "document number",
            "ASCII letters and digits, with optional spaces, '-', '.', '/' or '_' separators",
        )
    }
    let mut out = DocumentNumber {
        bytes: [0; MAX_DOCUMENT_NUMBER],
        len: 0,
    };
    // the letters and digits kept, counted past the 64 that fit (a longer number is refused
    // after every character has been checked, as a bad character is the first error)
    let mut kept = 0usize;
    if input.is_ascii() {
        // ASCII (nearly every number) is assigned and left as is by NFKC: one pass over
        // bytes, by table (0: a separator, removed; 0xFF: refused; else the byte kept)
        let mut refused = false;
        for &b in input.as_bytes() {
            let m = DOCUMENT_BYTES[usize::from(b)];
            refused |= m == 0xFF;
            if m != 0 {
                // a refused or surplus byte lands on the last place: the number is refused
                out.bytes[kept.min(MAX_DOCUMENT_NUMBER - 1)] = m;
                kept += 1;
            }
        }
        if refused {
            zeroize::Zeroize::zeroize(&mut out.bytes);
            return Err(bad_character());
        }
    } else {
        check_assigned(input, "document number")?;
        for c in nfkc(input).chars() {
            match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' => {
                    if kept < MAX_DOCUMENT_NUMBER {
                        out.bytes[kept] = (c as u8).to_ascii_uppercase();
                    }
                    kept += 1;
                }
                ' ' | '\t' | '-' | '.' | '/' | '_' | '\u{2010}'..='\u{2015}' => {}
                _ => {
                    zeroize::Zeroize::zeroize(&mut out.bytes);
                    return Err(bad_character());
                }
            }
        }
    }
    out.len = kept.min(MAX_DOCUMENT_NUMBER) as u8;
    if kept == 0 || kept > MAX_DOCUMENT_NUMBER {
        return Err(invalid(
            "document number",
            "1 to 64 letters and digits once separators are removed",
        ));
    }
    Ok(out)
}

/// Normalizes a phone number written in international form (rule N5): `+` or `00`, then the
/// country calling code and number; spaces, `-`, `.`, `(`, `)` and `/` are separators.
/// The result is the digits only (E.164 without `+`), 7 to 15 digits.
pub(crate) fn international_phone(input: &str) -> Result<String, PseudonymError> {
    check_assigned(input, "phone number")?;
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
    check_assigned(input, "phone number")?;
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
    if (7..=15).contains(&digits.len()) {
        Ok(())
    } else {
        Err(invalid(
            "phone number",
            "7 to 15 digits including the country calling code",
        ))
    }
}

/// Normalizes an email address (rule N6): trim, NFC, ASCII letters lowercased; exactly one `@`
/// with a non-empty local part and domain, and no space, control or format character (but
/// the joiners U+200C and U+200D, which internationalized domain names may need).
pub(crate) fn email(input: &str) -> Result<String, PseudonymError> {
    check_assigned(input, "email address")?;
    let out = nfc(trim_ascii_space(input)).to_ascii_lowercase();
    let err = || invalid("email address", "local-part@domain without spaces");
    let (local, domain) = out.split_once('@').ok_or_else(err)?;
    if local.is_empty() || domain.is_empty() || domain.contains('@') {
        return Err(err());
    }
    // White_Space is Z* plus U+0009-U+000D, U+0085 (Cc); with Cc this is exactly Z* and Cc.
    let refused = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || (unicode14::is_format(c) && !matches!(c, '\u{200C}' | '\u{200D}'))
    };
    if out.chars().any(refused) || out.len() > 320 {
        return Err(err());
    }
    Ok(out)
}

/// Normalizes a free identifier value (rule N7): trim and NFC; otherwise exact (case kept).
pub(crate) fn identifier_value(input: &str) -> Result<String, PseudonymError> {
    check_assigned(input, "identifier")?;
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
            ("O\u{B4}Brien", "obrien"),
            ("O\u{1FFD}Brien", "obrien"),
            ("O \u{B4}", "o"),
            ("מֹשֶׁה", "משה"),
            ("שָׁלוֹם", "שלום"),
            ("Андрей", "андреи"),
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
        // Every pair of ASCII characters, through the full path and the fast path.
        for a in 0u8..128 {
            for b in 0u8..128 {
                let text = format!("x{}{}y", char::from(a), char::from(b));
                assert_eq!(name_part(&text), name_part_full(&text), "{text:?}");
            }
        }
    }

    /// The table path agrees with the full path on every pair of characters below U+0250
    /// (each pair between letters, so that separators and deletions show), and on longer
    /// texts mixing them with ASCII.
    #[test]
    fn the_latin_table_agrees_with_the_rules() {
        let latin: Vec<char> = (0x80..LATIN_END).filter_map(char::from_u32).collect();
        let firsts: Vec<char> = [' ', 'a', '\'', '-', '1']
            .into_iter()
            .chain(latin.iter().copied())
            .collect();
        for &a in &firsts {
            for &b in &latin {
                let text = format!("x{a}{b}y");
                assert_eq!(name_part(&text), name_part_full(&text), "{text:?}");
            }
        }
        for text in [
            "Marie-Thérèse",
            "Désir Saint-Fleur",
            "José Ángel Peña Muñoz",
            "Ñúñez Ibáñez ´ ¨ ¸ ",
            "ǅemal Ǆ ǈ ŉ ſ Ŀ ĳ ß Æ Ø Ł Đ Þ",
            "Françoise Lefèvre-Aubé",
            "½ ¼ ª º ² µ",
        ] {
            assert_eq!(name_part(text), name_part_full(text), "{text:?}");
        }
        // the table takes most of Latin-1 and Latin Extended-A
        let taken = latin_table().iter().filter(|m| m.len != 255).count();
        assert!(taken > 300, "{taken}");
    }

    #[test]
    fn every_code_point_below_the_latin_end_is_assigned() {
        assert!(
            (0..LATIN_END)
                .filter_map(char::from_u32)
                .all(unicode14::is_assigned)
        );
    }

    #[test]
    fn appending_parts_joins_them_with_one_space() {
        for (a, b) in [
            ("Jean", "Paul"),
            ("  ", "Paul"),
            ("Jean", " - "),
            ("Zoë ", " Ñ"),
        ] {
            let mut joined = String::new();
            append_name_part(a, &mut joined);
            append_name_part(b, &mut joined);
            let parts: Vec<String> = [name_part(a), name_part(b)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            assert_eq!(joined, parts.join(" "), "{a:?} {b:?}");
        }
    }

    #[test]
    fn documents() {
        assert_eq!(
            document_number(" ab-123 456/7 ").unwrap().as_bytes(),
            b"AB1234567"
        );
        assert_eq!(document_number("ＡＢ１２３").unwrap().as_bytes(), b"AB123");
        assert_eq!(
            document_number(&"1".repeat(64)).unwrap().as_bytes(),
            "1".repeat(64).as_bytes()
        );
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
        assert_eq!(international_phone("+683 4002").unwrap(), "6834002");
        assert!(international_phone("+683 400").is_err());
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
        assert!(email("a\u{200C}b@example.org").is_ok());
        for bad in [
            "",
            "no-at",
            "@x",
            "x@",
            "a@b@c",
            "a b@c.d",
            "a\u{200B}@c.d",
            "a@c.d\u{FEFF}",
            "a\u{A0}@c.d",
            "a\u{1E4D0}@c.d",
        ] {
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
                let normalized = document_number(&with.to_lowercase()).unwrap();
                prop_assert_eq!(normalized.text(), number);
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
                    let twice = document_number(once.text()).unwrap();
                    prop_assert_eq!(twice.text(), once.text());
                }
            }

            /// The word-at-a-time ASCII path gives what the rule's full path gives, alone and
            /// appended after the bytes of another field.
            #[test]
            fn the_ascii_word_path_agrees_with_the_rules(
                text in "[\\x00-\\x7f]{0,40}",
                before in "[a-z ]{0,6}",
            ) {
                let full = name_part_full(&text);
                prop_assert_eq!(name_part(&text), full.clone());
                let mut out = before.clone();
                append_name_part_after(&text, &mut out, before.len());
                prop_assert_eq!(&out[..before.len()], before.as_str());
                prop_assert_eq!(&out[before.len()..], full.as_str());
            }

            /// The inline, byte-wise normalization gives what the rule's plain form gives
            /// (the form before it was made inline), errors included.
            #[test]
            fn document_numbers_agree_with_the_plain_rule(
                text in prop_oneof!["\\PC{0,80}", "[a-zA-Z0-9 ./_#-]{0,80}", "[a-z0-9]{60,68}"]
            ) {
                let inline = document_number(&text);
                let plain = document_number_plain(&text);
                prop_assert_eq!(inline.as_ref().map(DocumentNumber::text), plain.as_deref());
                // and the inline form zeroizes what it holds
                if let Ok(mut n) = inline {
                    zeroize::Zeroize::zeroize(&mut n);
                    prop_assert!(n.as_bytes().is_empty() && n.bytes.iter().all(|&b| b == 0));
                }
            }
        }

        /// Rule N4 written plainly: NFKC, keep letters and digits in upper case, drop the
        /// separators, refuse anything else, then check the length.
        fn document_number_plain(input: &str) -> Result<String, PseudonymError> {
            check_assigned(input, "document number")?;
            let mut out = String::new();
            for c in input.nfkc() {
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
    }
}
