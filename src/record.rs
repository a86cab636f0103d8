//! [`Record`]: one of the three record types, read from untrusted bytes.
//!
//! Reading goes in three steps:
//!
//! 1. **Limits** ([`Limits`]): the size, valid UTF-8, well-formed JSON with nothing after it,
//!    nesting depth, and no object with a repeated key anywhere. One streaming pass, which
//!    also picks up `record_type` and `schema_version`.
//! 2. **Dispatch** on `record_type` and `schema_version`: a version this build does not read
//!    is refused with the list of versions it does read.
//! 3. **Typed parsing** straight into the model, whose types check themselves; the first
//!    structural problem is reported with its JSON Pointer.
//!
//! ```
//! use ctip_exchange::{Limits, Record};
//! let json = br#"{"record_type":"indicator_set","schema_version":"1.0","id":"is-1",
//!   "producer":"tt.gov.mns","created_at":"2025-01-15T12:00:00Z",
//!   "period":{"start":"2024","end":"2024"},"geography":{"countries":["TT"]},
//!   "indicators":[{"id":"victims","kind":"victims_identified","unit":"persons",
//!     "cells":[{"value":{"status":"exact","count":14}}]}],
//!   "disclosure":{"methods":["threshold_suppression"],"threshold":11}}"#;
//! let record = Record::from_slice(json, &Limits::default()).unwrap();
//! assert!(matches!(record, Record::IndicatorSet(_)));
//!
//! let err = Record::from_slice(br#"{"record_type":"case","schema_version":"7.0"}"#, &Limits::default())
//!     .unwrap_err();
//! assert_eq!(err.to_string(), "schema_version 7.0 is not supported by this build; supported versions: 1.0");
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::error::Error;
use crate::indicator::IndicatorSet;
use crate::referral::Referral;
use crate::types::strict::Strict;
use crate::types::{OrgId, RecordId, SchemaVersion, Timestamp};
use crate::validate::RuleCode;

/// The default nesting limit of [`Limits`].
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// Below this depth limit, the typed fast path could be deeper than allowed outside the
/// extensions, so reading runs the full scan first.
const SHALLOWEST_FAST_PATH_LIMIT: usize = 16;

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

/// The three record types of the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    /// `case`
    Case,
    /// `referral`
    Referral,
    /// `indicator_set`
    IndicatorSet,
}

impl RecordType {
    /// Every record type.
    pub const ALL: [RecordType; 3] = [
        RecordType::Case,
        RecordType::Referral,
        RecordType::IndicatorSet,
    ];

    /// The `record_type` code.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Case => "case",
            RecordType::Referral => "referral",
            RecordType::IndicatorSet => "indicator_set",
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

/// One record of the standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Record {
    /// A case.
    Case(Box<Case>),
    /// A referral.
    Referral(Box<Referral>),
    /// An indicator set.
    IndicatorSet(Box<IndicatorSet>),
}

impl Record {
    /// Reads a record from untrusted bytes: limits, dispatch on `record_type` and
    /// `schema_version`, then typed parsing. See the [module documentation](self).
    pub fn from_slice(bytes: &[u8], limits: &Limits) -> Result<Record, Error> {
        let text = check_limits(bytes, limits)?;
        if limits.max_depth < SHALLOWEST_FAST_PATH_LIMIT {
            let envelope = scan(text, limits)?;
            let record_type = envelope.record_type()?;
            envelope.version()?;
            return parse_typed(text, record_type, limits);
        }
        // The fast path: peek at record_type and schema_version (usually the first two keys),
        // then parse straight into the model, whose types refuse repeated keys and, in
        // extensions, nesting beyond the limit; the typed structure itself is shallow.
        let envelope = peek(text, limits)?;
        let record_type = envelope.record_type()?;
        envelope.version()?;
        parse_typed(text, record_type, limits)
    }

    /// The record type.
    pub fn record_type(&self) -> RecordType {
        match self {
            Record::Case(_) => RecordType::Case,
            Record::Referral(_) => RecordType::Referral,
            Record::IndicatorSet(_) => RecordType::IndicatorSet,
        }
    }

    /// The record id.
    pub fn id(&self) -> &RecordId {
        match self {
            Record::Case(r) => &r.id,
            Record::Referral(r) => &r.id,
            Record::IndicatorSet(r) => &r.id,
        }
    }

    /// The producer.
    pub fn producer(&self) -> &OrgId {
        match self {
            Record::Case(r) => &r.producer,
            Record::Referral(r) => &r.producer,
            Record::IndicatorSet(r) => &r.producer,
        }
    }

    /// When the record was produced.
    pub fn created_at(&self) -> Timestamp {
        match self {
            Record::Case(r) => r.created_at,
            Record::Referral(r) => r.created_at,
            Record::IndicatorSet(r) => r.created_at,
        }
    }

    /// The record as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("records always serialize: maps have string keys")
    }
}

impl From<Case> for Record {
    fn from(r: Case) -> Self {
        Record::Case(Box::new(r))
    }
}

impl From<Referral> for Record {
    fn from(r: Referral) -> Self {
        Record::Referral(Box::new(r))
    }
}

impl From<IndicatorSet> for Record {
    fn from(r: IndicatorSet) -> Self {
        Record::IndicatorSet(Box::new(r))
    }
}

/// Checks size and UTF-8.
pub(crate) fn check_limits<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, Error> {
    if bytes.len() > limits.max_bytes {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}

/// What the scan found at the top level.
#[derive(Debug, Default)]
pub(crate) struct Envelope {
    record_type: Option<String>,
    schema_version: Option<String>,
}

impl Envelope {
    pub(crate) fn record_type(&self) -> Result<RecordType, Error> {
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

fn syntax_error(e: &serde_json::Error, path: &[Token<'_>], limits: &Limits) -> Error {
    let message = bare_message(e);
    if message == "trailing characters" {
        Error::TrailingData {
            line: e.line(),
            column: e.column(),
        }
    } else if message == "recursion limit exceeded" {
        Error::TooDeep {
            limit: limits.max_depth.min(128),
            pointer: pointer_of_tokens(path),
        }
    } else {
        Error::Syntax {
            line: e.line(),
            column: e.column(),
            problem: message,
        }
    }
}

/// The message of a serde_json error without its " at line L column C" suffix.
pub(crate) fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => full[..i].to_owned(),
        _ => full,
    }
}

/// Escapes one reference token of a JSON Pointer (RFC 6901).
pub(crate) fn escape_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The names the standard gives to object members (every `properties` key of the record
/// schema, including dimension codes of cell coordinates).
fn known_names() -> &'static std::collections::HashSet<String> {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        fn collect(v: &serde_json::Value, out: &mut std::collections::HashSet<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                        out.extend(props.keys().cloned());
                    }
                    m.values().for_each(|x| collect(x, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
                _ => {}
            }
        }
        let mut out = std::collections::HashSet::new();
        collect(
            &crate::schema::generate(crate::schema::SchemaKind::Record),
            &mut out,
        );
        out
    })
}

/// A JSON Pointer cut so that it holds no text chosen by the document's author: it keeps
/// array indices, member names of the standard, and the namespaced key of an extension, and
/// stops at the first other token (an unknown member, a key inside an extension value), so
/// that a name typed as a key never reaches a report or a log.
///
/// ```text
/// /subject/birth_date           -> /subject/birth_date   (a member of the standard)
/// /subject/first_name           -> /subject              (not a member: an author's key)
/// /extensions/org.a.b/Maria/0   -> /extensions/org.a.b
/// ```
pub(crate) fn safe_pointer(pointer: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<String> = None;
    for raw in pointer.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        let is_index = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
        let extension_key = previous.as_deref() == Some("extensions")
            && token.parse::<crate::types::ExtensionKey>().is_ok();
        if !(is_index || extension_key || known_names().contains(&token)) {
            break;
        }
        out.push('/');
        out.push_str(raw);
        if extension_key {
            break;
        }
        previous = Some(token);
    }
    out
}

/// One step of the path to the value being scanned.
enum Token<'de> {
    Key(Cow<'de, str>),
    Index(usize),
}

fn pointer_of_tokens(path: &[Token<'_>]) -> String {
    let mut out = String::new();
    for token in path {
        out.push('/');
        match token {
            Token::Key(k) => out.push_str(&escape_token(k)),
            Token::Index(i) => out.push_str(&i.to_string()),
        }
    }
    safe_pointer(&out)
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
                let value: Option<String> = map.next_value::<TopString>()?.0;
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

/// Typed parsing of a document whose envelope was read.
pub(crate) fn parse_typed(
    text: &str,
    record_type: RecordType,
    limits: &Limits,
) -> Result<Record, Error> {
    fn parse<T: serde::de::DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, Error> {
        let _depth = crate::types::guarded::DepthLimit::set(limits.max_depth);
        // The fast path is a plain typed parse; only when it fails is the document parsed
        // again, tracking the path, to say where. Both read structs from JSON objects only
        // (`Strict`), as the schema does: serde_json alone also takes an array of the fields.
        crate::types::strict::from_str(text).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                return syntax_error(&e, &[], limits);
            }
            let mut de = serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, T>(Strict(&mut de)) {
                Err(e) => structure_error(e, limits),
                // Unreachable in practice (the two parses see the same text), but never let
                // a message through that was not rewritten.
                Ok(_) => {
                    let (code, message) = classify(&bare_message(&e));
                    Error::Structure {
                        code,
                        pointer: String::new(),
                        message,
                    }
                }
            }
        })
    }
    Ok(match record_type {
        RecordType::Case => Record::Case(Box::new(parse(text, limits)?)),
        RecordType::Referral => Record::Referral(Box::new(parse(text, limits)?)),
        RecordType::IndicatorSet => Record::IndicatorSet(Box::new(parse(text, limits)?)),
    })
}

/// Reads `record_type` and `schema_version` from the top-level object, stopping as soon as
/// both are found.
pub(crate) fn peek(text: &str, limits: &Limits) -> Result<Envelope, Error> {
    struct Peek<'a>(&'a mut Envelope);
    impl<'de> Visitor<'de> for Peek<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.0.as_ref() {
                    "record_type" => self.0.record_type = map.next_value::<TopString>()?.0,
                    "schema_version" => self.0.schema_version = map.next_value::<TopString>()?.0,
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                if self.0.record_type.is_some() && self.0.schema_version.is_some() {
                    return Err(serde::de::Error::custom(PEEK_DONE));
                }
            }
            Ok(())
        }
    }
    const PEEK_DONE: &str = "envelope read";
    let mut envelope = Envelope::default();
    let mut de = serde_json::Deserializer::from_str(text);
    match de.deserialize_map(Peek(&mut envelope)) {
        Ok(()) => Ok(envelope),
        Err(e) if e.is_data() && bare_message(&e) == PEEK_DONE => Ok(envelope),
        Err(e) if e.is_syntax() || e.is_eof() => Err(syntax_error(&e, &[], limits)),
        // not an object, or a top-level value of the wrong type: no envelope
        Err(_) => Ok(envelope),
    }
}

/// Turns a typed-parsing error into a [`Error::Structure`] with a JSON Pointer and a message
/// that names the expected form without quoting the document.
pub(crate) fn structure_error(
    e: serde_path_to_error::Error<serde_json::Error>,
    limits: &Limits,
) -> Error {
    use serde_path_to_error::Segment;
    let tokens: Vec<Token<'_>> = e
        .path()
        .iter()
        .filter_map(|seg| match seg {
            Segment::Seq { index } => Some(Token::Index(*index)),
            Segment::Map { key } => Some(Token::Key(Cow::Borrowed(key.as_str()))),
            Segment::Enum { variant } => Some(Token::Key(Cow::Borrowed(variant.as_str()))),
            Segment::Unknown => None,
        })
        .collect();
    let pointer = pointer_of_tokens(&tokens);
    let inner = e.into_inner();
    let message = bare_message(&inner);
    match message.as_str() {
        crate::types::guarded::DUPLICATE_KEY => return Error::DuplicateKey { pointer },
        crate::types::guarded::TOO_DEEP => {
            return Error::TooDeep {
                limit: limits.max_depth,
                pointer,
            };
        }
        _ => {}
    }
    if let Some(field) = message
        .strip_prefix("duplicate field `")
        .and_then(|f| f.strip_suffix('`'))
    {
        return Error::DuplicateKey {
            pointer: format!("{pointer}/{}", escape_token(field)),
        };
    }
    let (code, message) = classify(&message);
    Error::Structure {
        code,
        pointer,
        message,
    }
}

/// Classifies a serde message and rewrites it without the offending value.
fn classify(message: &str) -> (RuleCode, String) {
    // serde's own messages put the value first and what was expected last, after
    // ", expected "; the expected part comes from the types, never from the document.
    let expected = |m: &str| m.rfind(", expected ").map(|i| m[i + 2..].to_owned());
    if let Some(rest) = message.strip_prefix("missing field ") {
        return (
            RuleCode::StructureMissingField,
            format!("required field {rest} is missing"),
        );
    }
    if message.starts_with("unknown field ") {
        let hint = expected(message).unwrap_or_else(|| "no fields are allowed here".to_owned());
        return (
            RuleCode::StructureUnknownField,
            format!("unknown field; {hint}"),
        );
    }
    if message.starts_with("unknown variant ") {
        let hint = expected(message).unwrap_or_default();
        return (
            RuleCode::StructureUnknownCode,
            format!("value is not a code of this field; {hint}"),
        );
    }
    if message.starts_with("invalid type: ") {
        let hint = expected(message).unwrap_or_default();
        return (
            RuleCode::StructureWrongType,
            format!("wrong JSON type; {hint}"),
        );
    }
    if message.starts_with("invalid value: ") || message.starts_with("invalid length ") {
        let hint = expected(message).unwrap_or_default();
        return (
            RuleCode::StructureInvalidValue,
            format!("invalid value; {hint}"),
        );
    }
    if let Some(rest) = message
        .strip_suffix(" vocabulary")
        .and_then(|m| m.strip_prefix("expected one of: "))
    {
        return (
            RuleCode::StructureUnknownCode,
            format!("value is not a code of this field; expected one of: {rest}"),
        );
    }
    // Custom messages come from this crate's value types (`what: expected form`) and never
    // quote the value. Vocabulary types say which codes they accept.
    if message.contains(": expected one of: ") {
        return (RuleCode::StructureUnknownCode, message.to_owned());
    }
    (RuleCode::StructureInvalidValue, message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn pointers_hold_no_author_text() {
        assert_eq!(safe_pointer("/subject/birth_date"), "/subject/birth_date");
        assert_eq!(safe_pointer("/subject/Maria Perez"), "/subject");
        assert_eq!(
            safe_pointer("/trafficking/events/2/end"),
            "/trafficking/events/2/end"
        );
        assert_eq!(
            safe_pointer("/indicators/0/cells/3/coordinates/sex"),
            "/indicators/0/cells/3/coordinates/sex"
        );
        assert_eq!(
            safe_pointer("/extensions/org.a.b/Maria/0"),
            "/extensions/org.a.b"
        );
        assert_eq!(safe_pointer("/extensions/Not A Key"), "/extensions");
        assert_eq!(
            safe_pointer("/consent/consent/organizations"),
            "/consent/consent/organizations"
        );
        assert_eq!(safe_pointer(""), "");
        // an unknown member of the record with a known name below it
        assert_eq!(safe_pointer("/passport_AB123/subject"), "");
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
        assert_eq!(env.version().unwrap(), SchemaVersion::CURRENT);
        let env = scan(r#"{"record_type":["case"]}"#, &Limits::default()).unwrap();
        assert!(matches!(env.record_type(), Err(Error::UnknownRecordType)));
        assert!(matches!(env.version(), Err(Error::MissingVersion)));
    }

    /// The fast path (typed parsing with guarded extensions) and the full scan agree on
    /// every limit: depth around the limit and repeated keys at any depth of the extensions.
    mod fast_path_agrees_with_scan {
        use super::*;
        use proptest::prelude::*;

        const CASE: &str = include_str!("../schemas/1.0/examples/valid/case-gy-mining.json");

        /// An extension value nested `depth` levels, with a repeated key at level `dup`.
        fn nested(depth: usize, dup: Option<usize>, arrays: &[bool]) -> String {
            let mut out = String::from("0");
            for level in (0..depth).rev() {
                out = if arrays[level % arrays.len()] {
                    format!("[{out}]")
                } else if dup == Some(level) {
                    format!("{{\"k\":{out},\"k\":1}}")
                } else {
                    format!("{{\"k\":{out}}}")
                };
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]
            #[test]
            fn same_verdict(
                limit in 16usize..80,
                extra in 0usize..6,
                below in any::<bool>(),
                dup in prop::option::of(0usize..80),
                arrays in prop::collection::vec(any::<bool>(), 1..5),
            ) {
                // nesting of the value inside the record: root (1) + extensions (2)
                let depth = if below { limit.saturating_sub(2 + extra) } else { limit - 2 + extra };
                let dup = dup.filter(|d| *d < depth);
                let value = nested(depth, dup, &arrays);
                let text = CASE.trim_end().trim_end_matches('}').to_owned()
                    + &format!(",\"extensions\":{{\"org.example.deep\":{value}}}}}");
                let limits = Limits { max_bytes: 1 << 20, max_depth: limit };
                let scanned = scan(&text, &limits).map(|_| ());
                let fast = Record::from_slice(text.as_bytes(), &limits).map(|_| ());
                let kind = |r: &Result<(), Error>| match r {
                    Ok(()) => "ok",
                    Err(Error::TooDeep { .. }) => "deep",
                    Err(Error::DuplicateKey { .. }) => "dup",
                    Err(_) => "other",
                };
                // where both a repeated key and the depth are wrong, either may be found first
                let (a, b) = (kind(&scanned), kind(&fast));
                prop_assert!(a == b || (a != "ok" && b != "ok" && a != "other" && b != "other"), "scan {a}, fast {b}: {scanned:?} {fast:?}");
                prop_assert_ne!(b, "other", "{:?}", fast);
            }
        }
    }
}
