//! The reading layer: limits on untrusted input, the streaming scan, JSON Pointers and the
//! mapping of parser errors to rule codes.
//!
//! It sits below the record models' users (layer 2 of DESIGN.md §3): it knows the rule codes
//! and the crate's [`Error`], but no record type, no validation rule and no schema. Reading
//! goes in three steps; this module does the first two, [`crate::record`] the third:
//!
//! 1. **Limits** ([`Limits`]): the size, valid UTF-8, well-formed JSON with nothing after it,
//!    nesting depth, and no object with a repeated key anywhere. One streaming pass, which
//!    also picks up `record_type` and `schema_version`.
//! 2. **Dispatch** on `record_type` and `schema_version`.
//! 3. **Typed parsing** straight into the model ([`crate::record::Record::from_slice`]).

mod classify;
mod names;
#[cfg(test)]
pub(crate) use names::MEMBER_NAMES;
mod pointer;

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::Error;
use crate::types::SchemaVersion;

pub(crate) use classify::{bare_message, classify, structure_error, syntax_error};
pub(crate) use pointer::safe_pointer;
pub(crate) use pointer::{Token, pointer_of_tokens};

/// The default nesting limit of [`Limits`].
pub const DEFAULT_MAX_DEPTH: usize = crate::types::guarded::DEFAULT_MAX_DEPTH;

/// Limits on untrusted input. The defaults suit single records; raise them for large
/// indicator sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest document accepted, in bytes (default 4 MiB).
    pub max_bytes: usize,
    /// The deepest nesting of objects and arrays accepted (default 64). The JSON parser itself
    /// stops at 127 levels, so larger values act as 127.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 4 << 20,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// The record types of the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    /// `case`
    Case,
    /// `referral`
    Referral,
    /// `indicator_set`
    IndicatorSet,
    /// `tip` (from version 1.1)
    Tip,
}

impl RecordType {
    /// Every record type.
    pub const ALL: [RecordType; 4] = [
        RecordType::Case,
        RecordType::Referral,
        RecordType::IndicatorSet,
        RecordType::Tip,
    ];

    /// The `record_type` code.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Case => "case",
            RecordType::Referral => "referral",
            RecordType::IndicatorSet => "indicator_set",
            RecordType::Tip => "tip",
        }
    }

    /// The first version of the standard that has this record type: 1.0, or 1.1 for `tip`.
    /// A document declaring an earlier version is refused.
    pub fn since(self) -> SchemaVersion {
        match self {
            RecordType::Tip => SchemaVersion { major: 1, minor: 1 },
            _ => SchemaVersion { major: 1, minor: 0 },
        }
    }

    /// The record type with this code.
    pub fn from_code(code: &str) -> Option<RecordType> {
        RecordType::ALL.into_iter().find(|t| t.as_str() == code)
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The message for a document that starts with a byte order mark.
const BOM: &str = "the document starts with a UTF-8 byte order mark (U+FEFF), which JSON exchanged between systems must not have (RFC 8259, section 8.1): remove it";
/// The message for an empty document.
const EMPTY: &str = "the document is empty (or only whitespace): expected a JSON object";

/// Checks size and UTF-8, and refuses an empty document and a byte order mark.
pub(crate) fn check_limits<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, Error> {
    if bytes.len() > limits.max_bytes {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    if text.starts_with('\u{feff}') {
        return Err(Error::Syntax {
            line: 1,
            column: 1,
            problem: BOM.to_owned(),
        });
    }
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err(Error::Syntax {
            line: 1,
            column: 1,
            problem: EMPTY.to_owned(),
        });
    }
    Ok(text)
}

/// What the scan found at the top level.
#[derive(Debug, Default)]
pub(crate) struct Envelope {
    pub(crate) record_type: Option<String>,
    pub(crate) schema_version: Option<String>,
    /// The document is a JSON object (else it has no envelope at all).
    pub(crate) is_object: bool,
}

impl Envelope {
    pub(crate) fn record_type(&self) -> Result<RecordType, Error> {
        if !self.is_object {
            return Err(Error::NotAnObject);
        }
        self.record_type
            .as_deref()
            .and_then(RecordType::from_code)
            .ok_or(Error::UnknownRecordType)
    }

    pub(crate) fn version(&self) -> Result<SchemaVersion, Error> {
        let version: SchemaVersion = self
            .schema_version
            .as_deref()
            .and_then(|v| v.parse().ok())
            .ok_or(Error::MissingVersion)?;
        if version.is_supported() {
            Ok(version)
        } else {
            Err(Error::UnsupportedVersion {
                found: version,
                supported: SchemaVersion::supported_list(),
            })
        }
    }
}

/// One pass over the document: well-formed JSON, nothing after it, depth within the limit,
/// no repeated keys; picks up the top-level `record_type` and `schema_version`.
pub(crate) fn scan(text: &str, limits: &Limits) -> Result<Envelope, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut state = ScanState {
        limits: *limits,
        path: Vec::new(),
        failure: None,
        envelope: Envelope::default(),
    };
    let result = Node {
        state: &mut state,
        depth: 0,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Some(failure) = state.failure.take() {
        return Err(failure);
    }
    result.map_err(|e| syntax_error(&e, &state.path, limits))?;
    Ok(state.envelope)
}

struct ScanState<'de> {
    limits: Limits,
    /// The path to the value being scanned (no allocation for keys without escapes).
    path: Vec<Token<'de>>,
    /// A limit failure, reported in place of the parser's error.
    failure: Option<Error>,
    envelope: Envelope,
}

struct Node<'s, 'de> {
    state: &'s mut ScanState<'de>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Node<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// Fails the scan with a limit error, stopping the parser.
fn fail<E: serde::de::Error>(state: &mut ScanState<'_>, error: Error) -> E {
    state.failure = Some(error);
    E::custom("input limit")
}

impl Node<'_, '_> {
    /// The depth of the members of a container opened here, or the depth failure.
    fn enter<E: serde::de::Error>(&mut self) -> Result<usize, E> {
        let depth = self.depth + 1;
        if depth > self.state.limits.max_depth {
            let pointer = pointer_of_tokens(&self.state.path);
            let limit = self.state.limits.max_depth;
            return Err(fail(self.state, Error::TooDeep { limit, pointer }));
        }
        Ok(depth)
    }
}

impl<'de> Visitor<'de> for Node<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.enter()?;
        let mut index = 0usize;
        loop {
            self.state.path.push(Token::Index(index));
            let next = seq.next_element_seed(Node {
                state: &mut *self.state,
                depth,
            })?;
            self.state.path.pop();
            if next.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let depth = self.enter()?;
        let top = self.depth == 0;
        if top {
            self.state.envelope.is_object = true;
        }
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        let mut set: Option<std::collections::HashSet<Cow<'de, str>>> = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.0;
            let repeated = match &mut set {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let repeated = keys.contains(&key);
                    keys.push(key.clone());
                    if keys.len() > 16 {
                        set = Some(keys.drain(..).collect());
                    }
                    repeated
                }
            };
            if repeated {
                self.state.path.push(Token::Key(key));
                let pointer = pointer_of_tokens(&self.state.path);
                return Err(fail(self.state, Error::DuplicateKey { pointer }));
            }
            if top && (key == "record_type" || key == "schema_version") {
                // a container here is scanned like any other value (depth, repeated keys)
                self.state.path.push(Token::Key(key.clone()));
                let value = map.next_value_seed(TopScan(Node {
                    state: &mut *self.state,
                    depth,
                }))?;
                self.state.path.pop();
                if key == "record_type" {
                    self.state.envelope.record_type = value;
                } else {
                    self.state.envelope.schema_version = value;
                }
                continue;
            }
            self.state.path.push(Token::Key(key));
            map.next_value_seed(Node {
                state: &mut *self.state,
                depth,
            })?;
            self.state.path.pop();
        }
        Ok(())
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A top-level `record_type` / `schema_version` value: kept when it is a short string;
/// anything else is scanned (for limits) and dropped, and typed parsing reports it.
struct TopString(Option<String>);

/// The value of `record_type` or `schema_version` in the full scan: the string when it is a
/// short one, and a container scanned by [`Node`] like every other value.
struct TopScan<'s, 'de>(Node<'s, 'de>);

impl<'de> DeserializeSeed<'de> for TopScan<'_, 'de> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopScan<'_, 'de> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, v: &str) -> Result<Option<String>, E> {
        Ok((v.len() <= 32).then(|| v.to_owned()))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<String>, A::Error> {
        self.0.visit_seq(seq).map(|()| None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<String>, A::Error> {
        self.0.visit_map(map).map(|()| None)
    }
}

impl<'de> Deserialize<'de> for TopString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TopString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, v: &str) -> Result<TopString, E> {
                Ok(TopString((v.len() <= 32).then(|| v.to_owned())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<TopString, E> {
                Ok(TopString(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<TopString, E> {
                Ok(TopString(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<TopString, E> {
                Ok(TopString(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<TopString, E> {
                Ok(TopString(None))
            }
            fn visit_unit<E>(self) -> Result<TopString, E> {
                Ok(TopString(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopString, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(TopString(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopString, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(TopString(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// The usual envelope, read by hand: the document opens with `record_type` and
/// `schema_version` (in either order) whose values are strings of at most 32 bytes without
/// escapes or control characters. `None` for anything else, which [`peek`] reads with serde
/// (same result: it too keeps the first two values it meets and stops).
fn peek_plain(text: &str) -> Option<Envelope> {
    let b = text.as_bytes();
    let mut at = 0;
    let skip_ws = |at: &mut usize| {
        while b
            .get(*at)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            *at += 1;
        }
    };
    // white space, then the byte `c`, stepped over
    let eat = |at: &mut usize, c: u8| -> Option<()> {
        skip_ws(at);
        (b.get(*at) == Some(&c)).then(|| *at += 1)
    };
    // a string without escapes or control characters (either would need serde's reading)
    let string = |at: &mut usize| -> Option<&str> {
        eat(at, b'"')?;
        let start = *at;
        let len = b[start..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        // the closing quote straight after (a control character, even white space, or an
        // escape ends the fast path)
        if b[start + len] != b'"' {
            return None;
        }
        *at = start + len + 1;
        // the quotes are ASCII, so they fall on character boundaries
        text.get(start..start + len)
    };
    let mut envelope = Envelope {
        is_object: true,
        ..Envelope::default()
    };
    eat(&mut at, b'{')?;
    for member in 0..2 {
        if member == 1 {
            eat(&mut at, b',')?;
        }
        let key = string(&mut at)?;
        eat(&mut at, b':')?;
        let value = string(&mut at)?;
        if value.len() > 32 {
            return None;
        }
        let slot = match key {
            "record_type" => &mut envelope.record_type,
            "schema_version" => &mut envelope.schema_version,
            _ => return None,
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(value.to_owned());
    }
    Some(envelope)
}

/// Reads `record_type` and `schema_version` from the top-level object, stopping as soon as
/// both are found.
pub(crate) fn peek(text: &str, limits: &Limits) -> Result<Envelope, Error> {
    match peek_plain(text) {
        Some(envelope) => Ok(envelope),
        None => peek_by_serde(text, limits),
    }
}

/// [`peek`] for any document, with serde.
fn peek_by_serde(text: &str, limits: &Limits) -> Result<Envelope, Error> {
    /// The visitor stops the parser with an error once both values are read; `done` says
    /// that error is this stop (no message is formatted to recognise it).
    struct Peek<'a> {
        envelope: &'a mut Envelope,
        done: &'a mut bool,
    }
    impl<'de> Visitor<'de> for Peek<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let envelope = self.envelope;
            envelope.is_object = true;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.0.as_ref() {
                    "record_type" => envelope.record_type = map.next_value::<TopString>()?.0,
                    "schema_version" => envelope.schema_version = map.next_value::<TopString>()?.0,
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                if envelope.record_type.is_some() && envelope.schema_version.is_some() {
                    *self.done = true;
                    return Err(serde::de::Error::custom(""));
                }
            }
            Ok(())
        }
    }
    let mut envelope = Envelope::default();
    let mut done = false;
    let mut de = serde_json::Deserializer::from_str(text);
    let peeked = de.deserialize_map(Peek {
        envelope: &mut envelope,
        done: &mut done,
    });
    match peeked {
        Ok(()) => Ok(envelope),
        Err(_) if done => Ok(envelope),
        Err(e) if e.is_syntax() || e.is_eof() => Err(syntax_error(&e, &[], limits)),
        // not an object, or a top-level value of the wrong type: no envelope
        Err(_) => Ok(envelope),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents near the usual envelope: its two members in either order or repeated, other
    /// keys, escapes, long values, control characters, white space, and what follows.
    fn envelopes() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop_oneof![
            8 => Just("\"record_type\"".to_owned()),
            8 => Just("\"schema_version\"".to_owned()),
            1 => Just("\"record\\u005ftype\"".to_owned()),
            1 => Just("\"id\"".to_owned()),
            1 => Just("record_type".to_owned()),
        ];
        let value = prop_oneof![
            12 => "\"[a-z0-9._-]{0,6}\"",
            1 => "\"[a-z]{30,34}\"",
            1 => "\"[a\\\\\t\n\u{1}é]{0,3}\"",
            1 => Just("1".to_owned()),
            1 => Just("[\"case\"]".to_owned()),
            1 => Just("\"case".to_owned()),
        ];
        let ws = "[ \t\r\n]{0,2}";
        let member =
            (ws, key, ws, ws, value).prop_map(|(a, k, b, c, v)| format!("{a}{k}{b}:{c}{v}"));
        let tail = prop_oneof![
            Just("}".to_owned()),
            Just(",\"id\":\"x\"}".to_owned()),
            Just(",\"record_type\":\"tip\"}".to_owned()),
            Just("".to_owned()),
            Just(",}".to_owned()),
        ];
        (ws, proptest::collection::vec(member, 0..4), tail)
            .prop_map(|(w, members, tail)| format!("{w}{{{}{tail}", members.join(",")))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// The hand-read envelope is what serde reads, whenever it gives one.
        #[test]
        fn the_plain_envelope_is_the_serde_envelope(text in envelopes()) {
            if let Some(plain) = peek_plain(&text) {
                let by_serde = peek_by_serde(&text, &Limits::default()).unwrap();
                proptest::prop_assert_eq!(&plain.record_type, &by_serde.record_type);
                proptest::prop_assert_eq!(&plain.schema_version, &by_serde.schema_version);
                proptest::prop_assert_eq!(plain.is_object, by_serde.is_object);
            }
        }
    }

    /// The documents of the property above reach the hand-read path often enough to test it.
    #[test]
    fn the_envelope_documents_reach_the_plain_path() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = envelopes();
        let plain = (0..1000)
            .filter(|_| peek_plain(&strategy.new_tree(&mut runner).unwrap().current()).is_some())
            .count();
        assert!(plain >= 80, "{plain} of 1000 documents read by hand");
    }

    #[test]
    fn the_usual_envelope_is_read_by_hand() {
        for text in [
            r#"{"record_type":"tip","schema_version":"1.1","id":"x"}"#,
            "{\n  \"schema_version\" : \"1.0\",\n  \"record_type\": \"case\"}",
        ] {
            let plain = peek_plain(text).expect("read by hand");
            let by_serde = peek_by_serde(text, &Limits::default()).unwrap();
            assert_eq!(plain.record_type, by_serde.record_type);
            assert_eq!(plain.schema_version, by_serde.schema_version);
        }
        // each of these needs serde's reading (or is refused there)
        for text in [
            r#"{"record_type":"tip","record_type":"case","schema_version":"1.1"}"#,
            r#"{"record_type":"t\u0069p","schema_version":"1.1"}"#,
            "{\"record_type\":\"ti\tp\",\"schema_version\":\"1.1\"}",
            r#"{"id":"x","record_type":"tip","schema_version":"1.1"}"#,
            r#"{"record_type":"tip","schema_version":1.1}"#,
            r#"["record_type","tip"]"#,
        ] {
            assert!(peek_plain(text).is_none(), "{text}");
        }
    }

    fn scan_err(text: &str) -> Error {
        scan(text, &Limits::default()).unwrap_err()
    }

    #[test]
    fn duplicate_keys_are_found_anywhere() {
        let e = scan_err(r#"{"subject":{"gender":1,"gender":2}}"#);
        assert!(
            matches!(&e, Error::DuplicateKey { pointer } if pointer == "/subject/gender"),
            "{e}"
        );
        // inside an extension value, the pointer stops at the extension key: the keys below
        // it are the author's and may be personal data
        let e = scan_err(r#"{"extensions":{"org.a.b":[{"b":1},{"Maria":1,"Maria":2}]}}"#);
        assert!(
            matches!(&e, Error::DuplicateKey { pointer } if pointer == "/extensions/org.a.b"),
            "{e}"
        );
        // escaped and raw spellings of the same key are the same key
        let e = scan_err(r#"{"ab":1,"a\u0062":2}"#);
        assert!(matches!(e, Error::DuplicateKey { .. }));
        // large objects switch to a hash set
        let mut obj: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        obj.push("\"k3\":0".into());
        let e = scan_err(&format!("{{\"subject\":{{{}}}}}", obj.join(",")));
        assert!(
            matches!(&e, Error::DuplicateKey { pointer } if pointer == "/subject"),
            "{e}"
        );
        assert!(matches!(
            scan_err(r#"{"record_type":"case","record_type":"case"}"#),
            Error::DuplicateKey { .. }
        ));
    }

    #[test]
    fn depth_limit() {
        let limits = Limits {
            max_bytes: 1 << 20,
            max_depth: 5,
        };
        let ok = "[[[[[1]]]]]";
        assert!(scan(ok, &limits).is_ok());
        let deep = "[[[[[[1]]]]]]";
        let e = scan(deep, &limits).unwrap_err();
        assert!(
            matches!(&e, Error::TooDeep { limit: 5, pointer } if pointer == "/0/0/0/0/0"),
            "{e}"
        );
        let very_deep = "[".repeat(500) + &"]".repeat(500);
        let e = scan(
            &very_deep,
            &Limits {
                max_bytes: 1 << 20,
                max_depth: 1000,
            },
        )
        .unwrap_err();
        assert!(matches!(e, Error::TooDeep { .. }), "{e}");
    }

    #[test]
    fn trailing_data_and_syntax() {
        assert!(matches!(
            scan_err("{} {}"),
            Error::TrailingData { line: 1, column: 4 }
        ));
        assert!(matches!(scan_err("{\"a\":}"), Error::Syntax { .. }));
        assert!(matches!(scan_err(""), Error::Syntax { .. }));
        assert!(scan("{}\n  ", &Limits::default()).is_ok());
    }

    #[test]
    fn size_and_utf8() {
        let limits = Limits {
            max_bytes: 4,
            max_depth: 8,
        };
        assert!(matches!(
            check_limits(b"12345", &limits),
            Err(Error::TooLarge { size: 5, limit: 4 })
        ));
        assert!(matches!(
            check_limits(b"\"\xff\"", &Limits::default()),
            Err(Error::InvalidUtf8 { offset: 1 })
        ));
    }

    #[test]
    fn envelope() {
        let env = scan(
            r#"{"schema_version":"1.0","x":{"record_type":"no"},"record_type":"referral"}"#,
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(env.record_type().unwrap(), RecordType::Referral);
        assert_eq!(env.version().unwrap(), SchemaVersion::V1_0);
        let env = scan(r#"{"record_type":["case"]}"#, &Limits::default()).unwrap();
        assert!(matches!(env.record_type(), Err(Error::UnknownRecordType)));
        assert!(matches!(env.version(), Err(Error::MissingVersion)));
    }
}
