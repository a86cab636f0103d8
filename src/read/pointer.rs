//! JSON Pointers (RFC 6901) that hold no text chosen by the document's author.

use std::borrow::Cow;

/// Escapes one reference token of a JSON Pointer (RFC 6901).
pub(crate) fn escape_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
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
        if !(is_index || extension_key || super::names::is_member_name(&token)) {
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
pub(crate) enum Token<'de> {
    Key(Cow<'de, str>),
    Index(usize),
}

pub(crate) fn pointer_of_tokens(path: &[Token<'_>]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
