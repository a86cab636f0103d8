//! Best-effort scanning of free text for direct identifiers: email addresses, phone numbers,
//! and document numbers written near a word such as "passport", "pasaporte", "passeport",
//! "paspoort", "ID" or "cédula".
//!
//! This is a safety net, not a guarantee: it misses identifiers written in unusual ways (a
//! phone number spelled out in words, a document number far from any keyword, a name), and it
//! flags some harmless numbers. Free text in exchange records is kept to a minimum for that
//! reason; the validation rules report what the scanner finds as warnings.
//!
//! The scanner is hand-written and allocation-light. Its cost is O(n log n) in the length of
//! the text at worst: each candidate is checked against the spans already found in an ordered
//! map (one lookup), never against every earlier finding.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// What kind of identifier a [`Finding`] looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// An email address.
    Email,
    /// A phone number (7 to 15 digits with separators or a `+`, or 9 to 15 digits in a row).
    Phone,
    /// A number of 5 or more letters and digits, at least 3 of them digits, within a few words
    /// after a document keyword.
    DocumentNumber,
}

impl FindingKind {
    /// The placeholder [`redact`] writes for this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            FindingKind::Email => "[email]",
            FindingKind::Phone => "[phone]",
            FindingKind::DocumentNumber => "[document]",
        }
    }
}

/// A possible identifier in a text: its kind and its byte range. It does not hold the text
/// (so printing a finding never prints the identifier).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// What it looks like.
    pub kind: FindingKind,
    /// Its byte range in the scanned text (always on character boundaries).
    pub span: Range<usize>,
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Finding({:?} at {}..{})",
            self.kind, self.span.start, self.span.end
        )
    }
}

/// Finds email addresses, phone numbers and document numbers near document keywords, in order
/// of position, without overlaps.
///
/// Best effort: it misses identifiers written in unusual ways (a phone number in words, a
/// document number far from any keyword, a name) and flags some harmless numbers. Report its
/// findings as warnings, and keep free text to a minimum.
///
/// ```
/// use ctip_exchange::pseudonym::{scan, FindingKind};
/// let text = "Contact: maria.test@example.org, tel +1 868 555 0100, pasaporte N° RD123456.";
/// let kinds: Vec<FindingKind> = scan(text).into_iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, [FindingKind::Email, FindingKind::Phone, FindingKind::DocumentNumber]);
/// assert!(scan("Identified in 2021 at the port, aged 16, 3 siblings.").is_empty());
/// ```
pub fn scan(text: &str) -> Vec<Finding> {
    scan_with::<Findings>(text)
}

/// The scan, with the set of findings that decides overlaps as a parameter (the tests compare
/// the ordered map with the plain pairwise check it replaced).
fn scan_with<F: FoundSpans>(text: &str) -> Vec<Finding> {
    let b = text.as_bytes();
    if !may_hold_identifiers(b) {
        return Vec::new();
    }
    every_scan::<F>(text)
}

/// The three scans, without the pre-check.
fn every_scan<F: FoundSpans>(text: &str) -> Vec<Finding> {
    let b = text.as_bytes();
    let mut found = F::default();
    scan_emails(b, &mut found);
    scan_documents(text, &mut found);
    scan_phones(b, &mut found);
    let mut found = found.into_vec();
    found.sort_by_key(|f| f.span.start);
    found
}

/// False when the text cannot hold a finding of any kind: an email needs an `@`, a document
/// number at least 3 ASCII digits and a phone number at least 7. Most free text has neither
/// (one pass over the bytes instead of the three scans).
fn may_hold_identifiers(b: &[u8]) -> bool {
    let mut digits = 0usize;
    for &c in b {
        if c == b'@' {
            return true;
        }
        digits += usize::from(c.is_ascii_digit());
        if digits >= 3 {
            return true;
        }
    }
    false
}

/// True when [`scan`] finds anything: the check of the validation rule for free-text fields.
pub fn contains_direct_identifiers(text: &str) -> bool {
    !scan(text).is_empty()
}

/// The text with every finding of [`scan`] replaced by its placeholder (`[email]`, `[phone]`,
/// `[document]`).
///
/// ```
/// use ctip_exchange::pseudonym::redact;
/// assert_eq!(
///     redact("Call +509 3456 7890 or write to ti.jan@example.ht"),
///     "Call [phone] or write to [email]"
/// );
/// ```
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in scan(text) {
        out.push_str(&text[at..f.span.start]);
        out.push_str(f.kind.placeholder());
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The findings of a scan so far, which never overlap: a new candidate is kept only when it
/// overlaps none of them.
trait FoundSpans: Default {
    /// Keeps the finding unless its span overlaps a kept one; says whether it was kept.
    fn add(&mut self, kind: FindingKind, span: Range<usize>) -> bool;
    /// The kept findings, in any order.
    fn into_vec(self) -> Vec<Finding>;
}

/// The findings with their spans in an ordered map from start to end. The kept spans are
/// non-empty and disjoint, so their ends increase with their starts: of the spans starting
/// before a candidate's end, only the last can reach past the candidate's start. One lookup,
/// O(log n), per candidate.
#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
    spans: BTreeMap<usize, usize>,
}

impl FoundSpans for Findings {
    fn add(&mut self, kind: FindingKind, span: Range<usize>) -> bool {
        debug_assert!(span.start < span.end);
        let overlaps = self
            .spans
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, &end)| span.start < end);
        if !overlaps {
            self.spans.insert(span.start, span.end);
            self.list.push(Finding { kind, span });
        }
        !overlaps
    }

    fn into_vec(self) -> Vec<Finding> {
        self.list
    }
}

fn is_local_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-')
}

fn scan_emails(b: &[u8], found: &mut impl FoundSpans) {
    for at in memchr_all(b, b'@') {
        let mut start = at;
        while start > 0 && is_local_char(b[start - 1]) {
            start -= 1;
        }
        while start < at && matches!(b[start], b'.' | b'-' | b'+') {
            start += 1;
        }
        let mut end = at + 1;
        while end < b.len() && is_domain_char(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        if start == at || end == at + 1 {
            continue;
        }
        let domain = &b[at + 1..end];
        let Some(dot) = domain.iter().rposition(|c| *c == b'.') else {
            continue;
        };
        let tld = &domain[dot + 1..];
        let labels_ok = domain.split(|c| *c == b'.').all(|l| !l.is_empty());
        if tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic) && labels_ok {
            found.add(FindingKind::Email, start..end);
        }
    }
}

fn memchr_all(b: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    b.iter()
        .enumerate()
        .filter(move |(_, c)| **c == needle)
        .map(|(i, _)| i)
}

/// Keywords after which a document number may follow, folded (ASCII lower case, accents
/// removed). Matched as whole words.
const DOCUMENT_KEYWORDS: &[&str] = &[
    "passport",
    "passports",
    "pasaporte",
    "pasaportes",
    "passeport",
    "passeports",
    "paspoort",
    "paspoorten",
    "paspo",
    "pasport",
    "id",
    "ids",
    "i.d",
    "cedula",
    "identity",
    "identidad",
    "identite",
    "identiteit",
    "identiteitskaart",
    "idkaart",
    "dni",
    "cin",
    "nif",
    "nie",
    "nin",
    "bsn",
    "trn",
    "ssn",
    "curp",
    "rnc",
    "document",
    "documents",
    "documento",
    "documentos",
    "dokiman",
    "permit",
    "permis",
    "licence",
    "license",
    "licencia",
    "visa",
    "carnet",
];

/// How far after a keyword (in bytes) a document number is looked for.
const DOCUMENT_WINDOW: usize = 48;

/// Folds a character for keyword matching: ASCII letters to lower case, common accented Latin
/// letters to their base letter; `None` for anything else that is not a letter, digit or `.`.
fn fold(c: char) -> Option<u8> {
    let base = match c {
        'a'..='z' | '0'..='9' | '.' => c,
        'A'..='Z' => c.to_ascii_lowercase(),
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        _ => return None,
    };
    Some(base as u8)
}

fn scan_documents(text: &str, found: &mut impl FoundSpans) {
    let mut word = String::new();
    let (mut word_start, mut word_end) = (0, 0);
    let mut in_word = false;
    // A word with a letter that does not fold to ASCII is never a keyword.
    let mut foldable = true;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphanumeric() || (c == '.' && in_word) {
            if !in_word {
                in_word = true;
                word_start = i;
                word.clear();
                foldable = true;
            }
            match fold(c) {
                Some(f) => word.push(char::from(f)),
                None => foldable = false,
            }
            word_end = i + c.len_utf8();
        } else if in_word {
            in_word = false;
            let w = word.trim_end_matches('.');
            if foldable && DOCUMENT_KEYWORDS.contains(&w) {
                // trailing dots are one byte each in the text too
                let keyword_end = word_end - (word.len() - w.len());
                debug_assert!(keyword_end > word_start);
                find_number_after(text, keyword_end, found);
            }
        }
    }
}

/// Looks for the first qualifying token after a keyword, within the window.
fn find_number_after(text: &str, from: usize, found: &mut impl FoundSpans) {
    let b = text.as_bytes();
    let limit = (from + DOCUMENT_WINDOW).min(b.len());
    let mut i = from;
    while i < limit {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // A token: ASCII letters, digits and inner '-' or '/'; groups of digits separated by
        // one space or '.' are joined ("123 456 789"). Tokens are ASCII, so `start` and `end`
        // are character boundaries.
        let start = i;
        let mut end = i;
        loop {
            while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'-' | b'/'))
            {
                end += 1;
            }
            while end > start && matches!(b[end - 1], b'-' | b'/') {
                end -= 1;
            }
            // a short letter prefix ("RD 0045123") also joins the digits that follow
            let prefix = end - start <= 3
                && b[start..end].iter().all(u8::is_ascii_uppercase)
                && !matches!(&b[start..end], b"N" | b"NO" | b"NR" | b"NUM");
            let joins = end + 1 < b.len()
                && matches!(b[end], b' ' | b'.')
                && (b[end - 1].is_ascii_digit() || (prefix && b[end] == b' '))
                && b[end + 1].is_ascii_digit();
            if joins {
                end += 1;
            } else {
                break;
            }
        }
        let glued = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        let token = &b[start..end];
        let digits = token.iter().filter(|c| c.is_ascii_digit()).count();
        let alnum = token.iter().filter(|c| c.is_ascii_alphanumeric()).count();
        if digits >= 3 && alnum >= 5 && !glued && found.add(FindingKind::DocumentNumber, start..end)
        {
            return;
        }
        i = end.max(i + 1);
    }
}

fn is_phone_separator(c: u8) -> bool {
    matches!(c, b' ' | b'-' | b'.' | b'(' | b')' | b'/')
}

fn scan_phones(b: &[u8], found: &mut impl FoundSpans) {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let plus = c == b'+' && i + 1 < b.len() && (b[i + 1].is_ascii_digit() || b[i + 1] == b'(');
        let opens = c == b'(' && i + 1 < b.len() && b[i + 1].is_ascii_digit();
        if !(c.is_ascii_digit() || plus || opens) || (i > 0 && is_word_byte(b[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + usize::from(plus || opens);
        let mut last_digit_end = end;
        let mut digits = 0usize;
        // (start, length) of each group of digits
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut group = 0usize;
        let mut run_of_separators = 0;
        let mut separators = false;
        let mut dots = false;
        while end < b.len() {
            let d = b[end];
            if d.is_ascii_digit() {
                digits += 1;
                group += 1;
                run_of_separators = 0;
                end += 1;
                last_digit_end = end;
            } else if is_phone_separator(d) && run_of_separators < 2 {
                if group > 0 {
                    groups.push((end - group, group));
                    group = 0;
                }
                separators = true;
                dots |= d == b'.';
                run_of_separators += 1;
                end += 1;
            } else {
                break;
            }
        }
        if group > 0 {
            groups.push((last_digit_end - group, group));
        }
        let mut stop = last_digit_end;
        if stop < b.len() && b[stop] == b')' && b[start] == b'(' {
            stop += 1;
        }
        let glued = last_digit_end < b.len() && is_word_byte(b[last_digit_end]);
        let enough = if plus || separators {
            (7..=15).contains(&digits)
        } else {
            (9..=15).contains(&digits)
        };
        if enough && !glued && !looks_like_date_or_number(b, &groups, dots) {
            found.add(FindingKind::Phone, start..stop);
        }
        i = last_digit_end.max(i + 1);
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Dates (2021-07-15, 15/07/2021), year ranges (1990-2000) and decimal numbers are not phone
/// numbers.
fn looks_like_date_or_number(b: &[u8], groups: &[(usize, usize)], dots: bool) -> bool {
    let is_year =
        |&(start, len): &(usize, usize)| len == 4 && matches!(&b[start..start + 2], b"19" | b"20");
    let lens: Vec<usize> = groups.iter().map(|g| g.1).collect();
    match lens.as_slice() {
        [4, 1 | 2, 1 | 2] => is_year(&groups[0]),
        [1 | 2, 1 | 2, 4] => is_year(&groups[2]),
        [4, 4] => groups.iter().all(is_year),
        [_, _] => dots,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(FindingKind, &str)> {
        scan(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.span]))
            .collect()
    }

    #[test]
    fn emails() {
        assert_eq!(
            kinds("write to a.b-c@mail.example.org."),
            [(FindingKind::Email, "a.b-c@mail.example.org")]
        );
        assert!(kinds("at @ home, x@y, a@b.c1").is_empty());
    }

    #[test]
    fn phones() {
        use FindingKind::Phone;
        assert_eq!(
            kinds("tel: +1 (868) 555-0100."),
            [(Phone, "+1 (868) 555-0100")]
        );
        assert_eq!(kinds("(868) 555 0100"), [(Phone, "(868) 555 0100")]);
        assert_eq!(kinds("call 0031612345678"), [(Phone, "0031612345678")]);
        assert_eq!(kinds("3456-7890 Port-au-Prince"), [(Phone, "3456-7890")]);
        for no in [
            "on 2021-07-15",
            "15/07/2021",
            "1990-2000",
            "3.14159265",
            "aged 16",
            "1234567",
            "case A12345678",
        ] {
            assert!(kinds(no).is_empty(), "{no}");
        }
    }

    #[test]
    fn documents() {
        use FindingKind::DocumentNumber as D;
        assert_eq!(kinds("Passport no. AB123456 seized"), [(D, "AB123456")]);
        assert_eq!(kinds("su pasaporte: 123 456 789"), [(D, "123 456 789")]);
        assert_eq!(kinds("CÉDULA 001-1234567-8"), [(D, "001-1234567-8")]);
        assert_eq!(kinds("paspoort nummer NX4KP7R92"), [(D, "NX4KP7R92")]);
        assert_eq!(kinds("Son paspò se RD0045123"), [(D, "RD0045123")]);
        assert_eq!(kinds("passeport n° 12AB34567"), [(D, "12AB34567")]);
        assert_eq!(kinds("ID: 4567 8901"), [(D, "4567 8901")]);
        assert_eq!(kinds("pasaporte N° RD 004512 3."), [(D, "RD 004512 3")]);
        assert_eq!(kinds("passport no 12345678"), [(D, "12345678")]);
        assert_eq!(kinds("PASSPORT NO 12345678"), [(D, "12345678")]);
        // no keyword, or nothing that looks like a number
        assert!(kinds("code AB123456").is_empty());
        assert!(kinds("She had no passport and no ID card.").is_empty());
        assert!(kinds("Idaho 12345").is_empty());
        assert!(kinds("identified 12345").is_empty());
    }

    #[test]
    fn redaction_and_debug() {
        let text = "pasaporte N° RD123456, +509 3456 7890";
        assert_eq!(redact(text), "pasaporte N° [document], [phone]");
        let shown = format!("{:?}", scan(text));
        assert!(
            !shown.contains("RD123456") && !shown.contains("3456"),
            "{shown}"
        );
    }

    #[test]
    fn findings_never_overlap() {
        // Found by fuzzing: the domain of one address is the local part of the next.
        let text = "Su pasaport 555-0100, anaSu pasaport 555-0100, ana@example.org@example.org";
        let found = scan(text);
        assert!(
            found.windows(2).all(|w| w[0].span.end <= w[1].span.start),
            "{found:?}"
        );
        assert_eq!(redact("a@b.org@c.org"), "[email]@c.org");
    }

    /// The pairwise overlap check the scanner used before the ordered map: every candidate
    /// compared with every kept finding. Quadratic, obviously right.
    #[derive(Default)]
    struct Pairwise(Vec<Finding>);

    impl FoundSpans for Pairwise {
        fn add(&mut self, kind: FindingKind, span: Range<usize>) -> bool {
            let overlaps = self
                .0
                .iter()
                .any(|f| f.span.start < span.end && span.start < f.span.end);
            if !overlaps {
                self.0.push(Finding { kind, span });
            }
            !overlaps
        }
        fn into_vec(self) -> Vec<Finding> {
            self.0
        }
    }

    fn redact_pairwise(text: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for f in scan_with::<Pairwise>(text) {
            out.push_str(&text[at..f.span.start]);
            out.push_str(f.kind.placeholder());
            at = f.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Pieces that make emails, phones and document numbers collide.
    const PIECES: &[&str] = &[
        "a",
        "b.",
        "@",
        "@x.org",
        ".org",
        "x.io",
        "-",
        "+",
        "+1",
        "(",
        ")",
        "/",
        " ",
        "  ",
        ".",
        "0",
        "12",
        "345",
        "6789",
        "2021",
        "19",
        "passport ",
        "ID ",
        "N° ",
        "cédula",
        "RD",
        "AB",
        "é",
        "ñ@",
        "\n",
    ];

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn ordered_map_agrees_with_pairwise_reference(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..48)
        ) {
            let text = pieces.concat();
            let fast = scan(&text);
            proptest::prop_assert_eq!(&fast, &scan_with::<Pairwise>(&text));
            proptest::prop_assert_eq!(redact(&text), redact_pairwise(&text));
            proptest::prop_assert!(fast.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        }

        /// The pre-check never hides a finding: a text it passes over gives none through the
        /// three scans either.
        #[test]
        fn the_pre_check_hides_nothing(
            text in proptest::prop_oneof![
                proptest::collection::vec(proptest::sample::select(PIECES), 0..48)
                    .prop_map(|p: Vec<&str>| p.concat()),
                "[a-zA-Z0-9@+() ./-]{0,40}",
                "\\PC{0,60}",
            ]
        ) {
            if !may_hold_identifiers(text.as_bytes()) {
                proptest::prop_assert!(every_scan::<Findings>(&text).is_empty());
                proptest::prop_assert!(scan(&text).is_empty());
            }
        }
    }

    #[test]
    fn the_pre_check_passes_what_could_be_found() {
        for (text, may) in [
            ("", false),
            ("aged 16, two siblings", false),
            ("aged 16, 2 siblings", true),
            ("a@b", true),
            ("no 123", true),
            ("١٢٣٤٥٦٧٨٩", false),
        ] {
            assert_eq!(may_hold_identifiers(text.as_bytes()), may, "{text:?}");
        }
        // the smallest findings: 3 digits of a document number, 7 of a phone
        assert!(!scan("passport AB123").is_empty());
        assert!(!scan("tel +1 555 0100").is_empty());
        assert!(scan("passport AB12").is_empty());
    }

    #[test]
    fn many_findings_in_one_text() {
        let text: String = (0..2000)
            .map(|i| {
                format!(
                    "ana{i}@example.org tel +1 868 555 {:04} passport AB{i:06} ",
                    i
                )
            })
            .collect();
        let found = scan(&text);
        assert_eq!(found.len(), 6000);
        assert_eq!(found, scan_with::<Pairwise>(&text));
    }

    #[test]
    fn non_ascii_text_is_safe() {
        for text in [
            "ñ@ñ.ñ",
            "پاسپورت ١٢٣٤٥٦٧٨٩",
            "ID ñ12345",
            "+",
            "@",
            "passport",
            "(",
            "é1234567890é",
        ] {
            let _ = redact(text);
        }
    }
}
