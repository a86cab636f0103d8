//! Parser errors mapped to rule codes, failing closed: a message this module does not
//! recognise becomes a generic message for its rule, never the parser's text (which may
//! quote the document).

use std::borrow::Cow;

use super::Limits;
use super::pointer::{Token, escape_token, pointer_of_tokens};
use crate::error::Error;
use crate::report::RuleCode;

/// The syntax messages of serde_json (its `ErrorCode`s), none of which quotes the document.
/// Any other message is replaced by [`GENERIC_SYNTAX`].
const SYNTAX_MESSAGES: &[&str] = &[
    "EOF while parsing a list",
    "EOF while parsing an object",
    "EOF while parsing a string",
    "EOF while parsing a value",
    "expected `:`",
    "expected `,` or `]`",
    "expected `,` or `}`",
    "expected ident",
    "expected value",
    "expected `\"`",
    "invalid escape",
    "invalid number",
    "number out of range",
    "invalid unicode code point",
    "control character (\\u0000-\\u001F) found while parsing a string",
    "key must be a string",
    "lone leading surrogate in hex escape",
    "trailing comma",
    "unexpected end of hex escape",
];

/// The message for a syntax error the parser describes in words this module does not know.
pub(crate) const GENERIC_SYNTAX: &str = "the document is not well-formed JSON";

/// A JSON syntax error of the scan or the peek, as an [`Error`].
pub(crate) fn syntax_error(e: &serde_json::Error, path: &[Token<'_>], limits: &Limits) -> Error {
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
        let problem = if SYNTAX_MESSAGES.contains(&message.as_str()) {
            message
        } else {
            GENERIC_SYNTAX.to_owned()
        };
        Error::Syntax {
            line: e.line(),
            column: e.column(),
            problem,
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

/// Turns a typed-parsing error into a [`Error::Structure`] with a JSON Pointer and a message
/// that names the expected form without quoting the document.
///
/// `text` is the document. A syntax error of the typed parse is taken for a problem of
/// shape: every caller scans the document for well-formedness (before the typed parse, or
/// after it fails, reporting the scan's error in place of this one), so the only syntax
/// errors left are those serde_json raises for an externally tagged choice (`consent` or
/// `override`) that is an object with no member or with more than one.
pub(crate) fn structure_error(
    e: serde_path_to_error::Error<serde_json::Error>,
    text: &str,
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
    if inner.is_syntax() || inner.is_eof() {
        if message == "recursion limit exceeded" {
            return Error::TooDeep {
                limit: limits.max_depth.min(128),
                pointer,
            };
        }
        return choice_error(text, pointer);
    }
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

/// The structure error for a well-formed value that serde_json could not read as a choice
/// of one member (an externally tagged enum): a missing member when the object is empty,
/// an unknown one when it has several, as the schema's `oneOf` says. The members are
/// counted, never quoted.
fn choice_error(text: &str, pointer: String) -> Error {
    let doc = serde_json::from_str::<serde_json::Value>(text).ok();
    let members = match doc.as_ref().and_then(|doc| doc.pointer(&pointer)) {
        Some(serde_json::Value::Object(m)) => Some(m.len()),
        Some(_) => {
            return Error::Structure {
                code: RuleCode::StructureWrongType,
                pointer,
                message: "wrong JSON type; expected an object with one member, naming one of \
                          its alternatives"
                    .to_owned(),
            };
        }
        None => None,
    };
    let (code, message) = match members {
        Some(0) => (
            RuleCode::StructureMissingField,
            "required field missing: this object must have exactly one member, naming one of \
             its alternatives"
                .to_owned(),
        ),
        Some(n) if n > 1 => (
            RuleCode::StructureUnknownField,
            format!(
                "unknown field: this object must have exactly one member, naming one of its \
                 alternatives; it has {n}"
            ),
        ),
        _ => (
            RuleCode::StructureInvalidValue,
            "the value matches none of the forms this field allows".to_owned(),
        ),
    };
    Error::Structure {
        code,
        pointer,
        message,
    }
}

/// What serde says was expected, after the last ", expected ": that part comes from the
/// types (`Visitor::expecting`), never from the document, which serde quotes before it.
fn expected(message: &str) -> Option<&str> {
    message.rfind(", expected ").map(|i| &message[i + 2..])
}

/// A member name worth repeating in a message: short lower-case ASCII, the form of every
/// name of the standard. Anything else may be personal data typed as a key.
fn field_name_to_show(name: &str) -> Option<&str> {
    let ok = (1..=40).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    ok.then_some(name)
}

/// True for a message of this crate's value types: `what: expected ...`, where `what` is a
/// field or type name (`age`, `Gender`); the types never quote the value they refuse.
fn is_own_message(message: &str) -> bool {
    match message.split_once(": expected ") {
        Some((what, _)) => {
            !what.is_empty()
                && what.len() <= 40
                && what
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'_' || b == b'-')
        }
        None => false,
    }
}

/// Classifies a serde message and rewrites it without the offending value. It fails closed:
/// a message of a form it does not know gets a generic message for its rule, never the text.
pub(crate) fn classify(message: &str) -> (RuleCode, String) {
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some(name) = rest.strip_suffix('`')
    {
        // the name comes from the types (a required field), not from the document
        return (
            RuleCode::StructureMissingField,
            format!("required field `{name}` is missing"),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, hint) = match rest.rfind("`, expected ") {
            Some(i) => (&rest[..i], rest[i + 3..].to_owned()),
            None => match rest.strip_suffix("`, there are no fields") {
                Some(name) => (name, "no fields are allowed here".to_owned()),
                None => ("", "the member is not defined by the standard".to_owned()),
            },
        };
        let message = match field_name_to_show(name) {
            Some(name) => format!("unknown field `{name}`; {hint}"),
            None => format!("unknown field; {hint}"),
        };
        return (RuleCode::StructureUnknownField, message);
    }
    if message.starts_with("unknown variant ") {
        let hint = expected(message).unwrap_or("a code of this field's vocabulary");
        return (
            RuleCode::StructureUnknownCode,
            format!("value is not a code of this field; {hint}"),
        );
    }
    if message.starts_with("invalid type: ") {
        let hint = expected(message).unwrap_or("another JSON type");
        return (
            RuleCode::StructureWrongType,
            format!("wrong JSON type; {hint}"),
        );
    }
    if message.starts_with("invalid value: ") || message.starts_with("invalid length ") {
        let hint = expected(message).unwrap_or("another value");
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
    if message.starts_with("data did not match any variant of untagged enum ") {
        return (
            RuleCode::StructureInvalidValue,
            "the value matches none of the forms this field allows".to_owned(),
        );
    }
    // Custom messages come from this crate's value types (`what: expected form`) and never
    // quote the value. Vocabulary types say which codes they accept.
    if is_own_message(message) {
        if message.contains(": expected one of: ") {
            return (RuleCode::StructureUnknownCode, message.to_owned());
        }
        return (RuleCode::StructureInvalidValue, message.to_owned());
    }
    // Fail closed: an unrecognised message may quote the document.
    (
        RuleCode::StructureInvalidValue,
        "invalid value (the parser's description is withheld: it may quote the document)"
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_messages_fail_closed() {
        let secret = "Maria Perez, passport RD123456";
        for message in [
            secret.to_owned(),
            format!("something odd: {secret}"),
            format!("Expected: {secret}"),
            format!("{secret}: expected nothing"),
            format!("a, b: expected {secret}"),
        ] {
            let (code, text) = classify(&message);
            assert_eq!(code, RuleCode::StructureInvalidValue);
            assert!(
                !text.contains("Maria") && !text.contains("RD123456"),
                "{text}"
            );
        }
    }

    #[test]
    fn serde_messages_lose_the_value() {
        let (code, text) = classify("invalid type: string \"Maria\", expected a number");
        assert_eq!(code, RuleCode::StructureWrongType);
        assert_eq!(text, "wrong JSON type; expected a number");
        let (code, text) = classify("unknown variant `Maria`, expected `a` or `b`");
        assert_eq!(code, RuleCode::StructureUnknownCode);
        assert!(!text.contains("Maria"));
        let (code, text) = classify("missing field `id`");
        assert_eq!(code, RuleCode::StructureMissingField);
        assert_eq!(text, "required field `id` is missing");
        let (code, text) = classify("age: expected a whole number of years from 0 to 120");
        assert_eq!(code, RuleCode::StructureInvalidValue);
        assert_eq!(text, "age: expected a whole number of years from 0 to 120");
    }

    #[test]
    fn unknown_fields_are_named_only_when_they_look_like_field_names() {
        let (code, text) = classify("unknown field `nick_name`, expected one of `id`, `gender`");
        assert_eq!(code, RuleCode::StructureUnknownField);
        assert_eq!(
            text,
            "unknown field `nick_name`; expected one of `id`, `gender`"
        );
        for key in [
            "Maria Perez",
            "maria.perez@example.org",
            "RD123456",
            &"a".repeat(41),
        ] {
            let (code, text) = classify(&format!("unknown field `{key}`, expected one of `id`"));
            assert_eq!(code, RuleCode::StructureUnknownField);
            assert!(!text.contains(key), "{text}");
        }
        let (_, text) = classify("unknown field `x`, there are no fields");
        assert_eq!(text, "unknown field `x`; no fields are allowed here");
    }

    #[test]
    fn syntax_messages_are_known_or_generic() {
        let e = serde_json::from_str::<serde_json::Value>("[1,").unwrap_err();
        let Error::Syntax { problem, .. } = syntax_error(&e, &[], &Limits::default()) else {
            panic!("not a syntax error")
        };
        assert_eq!(problem, "EOF while parsing a value");
        let e = serde_json::from_str::<serde_json::Value>("[1 2]").unwrap_err();
        let Error::Syntax { problem, .. } = syntax_error(&e, &[], &Limits::default()) else {
            panic!("not a syntax error")
        };
        assert!(SYNTAX_MESSAGES.contains(&problem.as_str()), "{problem}");
    }
}
