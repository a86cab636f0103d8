//! Partner-specific data under namespaced keys, carried untouched.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use serde_json::{Map, Value};

use super::{InvalidValue, deserialize_from_str, serialize_display};

/// A namespaced extension key: at least three dot-separated segments, a reverse domain or
/// agreed namespace followed by a name (`org.example.intake_unit`, `tt.gov.ctu.file_class`).
/// Segments are lower-case ASCII letters, digits, `_` and `-`, starting with a letter; 255
/// characters at most.
///
/// ```
/// use ctip_exchange::types::ExtensionKey;
/// assert!("org.example.intake_unit".parse::<ExtensionKey>().is_ok());
/// assert!("intake_unit".parse::<ExtensionKey>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExtensionKey(String);

/// The JSON Schema pattern for [`ExtensionKey`].
pub(crate) const EXTENSION_KEY_PATTERN: &str = "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*){2,}$";

fn is_extension_key(s: &str) -> bool {
    if s.is_empty() || s.len() > 255 {
        return false;
    }
    // one pass over the bytes (it runs on every extension of every record): a segment starts
    // with a lower-case letter and goes on with lower-case letters, digits, '_' or '-'
    let mut segments = 1;
    let mut at_start = true;
    for &c in s.as_bytes() {
        if at_start {
            if !c.is_ascii_lowercase() {
                return false;
            }
            at_start = false;
        } else if c == b'.' {
            segments += 1;
            at_start = true;
        } else if !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-') {
            return false;
        }
    }
    !at_start && segments >= 3
}

impl ExtensionKey {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ExtensionKey {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        if is_extension_key(s) {
            Ok(ExtensionKey(s.to_owned()))
        } else {
            Err(InvalidValue::new(
                "extension key",
                "expected a namespaced key of at least three dot-separated lower-case segments, e.g. org.example.name",
            ))
        }
    }
}

impl fmt::Display for ExtensionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ExtensionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExtensionKey({:?})", self.0)
    }
}

serialize_display!(ExtensionKey);
deserialize_from_str!(ExtensionKey, "a namespaced extension key");

/// Partner-specific data: a map from [`ExtensionKey`] to any JSON value. Receivers MUST keep
/// extensions they do not understand and write them back untouched (same keys, same order,
/// same values).
///
/// Free text in extensions is still subject to the rule that exchange records carry no
/// direct identifiers.
///
/// ```
/// use ctip_exchange::types::Extensions;
/// let json = r#"{"org.example.unit":{"b":1,"a":[true,null]},"org.example.flag":"x"}"#;
/// let ext: Extensions = serde_json::from_str(json).unwrap();
/// let back = serde_json::to_string(&ext).unwrap();
/// // Same keys and values always; the same order too with the `preserve-order` feature
/// // (on by default), without which members come back in key order.
/// let value = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
/// assert_eq!(value(&back), value(json));
/// #[cfg(feature = "preserve-order")]
/// assert_eq!(back, json);
/// ```
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(into = "Map<String, Value>")]
pub struct Extensions(Map<String, Value>);

impl<'de> Deserialize<'de> for Extensions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Extensions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of namespaced extensions")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Extensions, A::Error> {
                // The extensions object is a member of the record (depth 1): its values are
                // at depth 2.
                super::guarded::guarded_map(map, 2, |k| {
                    k.parse::<ExtensionKey>()
                        .map(drop)
                        .map_err(|e| e.to_string())
                })
                .map(Extensions)
            }
        }
        d.deserialize_map(V)
    }
}

impl Extensions {
    /// No extensions.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Sets `key` to `value`, returning the previous value.
    pub fn insert(&mut self, key: ExtensionKey, value: Value) -> Option<Value> {
        self.0.insert(key.0, value)
    }

    /// The entries, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl fmt::Debug for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may hold free text: show the keys only.
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl TryFrom<Map<String, Value>> for Extensions {
    type Error = InvalidValue;
    fn try_from(map: Map<String, Value>) -> Result<Self, InvalidValue> {
        for key in map.keys() {
            key.parse::<ExtensionKey>()?;
        }
        Ok(Extensions(map))
    }
}

impl From<Extensions> for Map<String, Value> {
    fn from(e: Extensions) -> Self {
        e.0
    }
}

impl JsonSchema for Extensions {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Extensions")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "Partner-specific data under namespaced keys (at least three dot-separated segments, e.g. org.example.name). Receivers MUST keep extensions they do not understand and write them back untouched.",
            "propertyNames": {"pattern": EXTENSION_KEY_PATTERN, "maxLength": 255},
            "additionalProperties": true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar read the plain way: split on '.', check each segment.
    fn is_extension_key_by_segments(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 255
            && s.split('.').count() >= 3
            && s.split('.').all(|seg| {
                let b = seg.as_bytes();
                !b.is_empty()
                    && b[0].is_ascii_lowercase()
                    && b.iter().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-')
                    })
            })
    }

    /// Keys made of 0 to 5 segments of letters (some upper case or not ASCII), digits, '_'
    /// and '-', empty segments included, or long runs near the 255-byte limit.
    fn keys_near_the_grammar() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            proptest::collection::vec("[a-c0-9_Aé-]{0,3}", 0..6).prop_map(|v| v.join(".")),
            "[a-z]{1,3}\\.[a-z]{1,3}\\.[a-z]{240,255}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_key_check_is_the_segment_check(s in keys_near_the_grammar()) {
            proptest::prop_assert_eq!(is_extension_key(&s), is_extension_key_by_segments(&s));
        }
    }

    #[test]
    fn the_key_check_on_its_edges() {
        for (key, ok) in [
            ("org.example.name", true),
            ("org.example", false),
            ("org..name", false),
            ("org.example.", false),
            (".org.example.name", false),
            ("org.ex-ample.n_1", true),
            ("org.1example.name", false),
            ("org.Example.name", false),
        ] {
            assert_eq!(is_extension_key(key), ok, "{key}");
            assert_eq!(is_extension_key_by_segments(key), ok, "{key}");
        }
    }

    #[test]
    fn keys() {
        for ok in ["org.example.x", "tt.gov.ctu.file-class", "a.b.c_1"] {
            assert!(ok.parse::<ExtensionKey>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a.b",
            "Org.example.x",
            "org..x",
            "org.example.",
            "1org.a.b",
            "org.ex ample.x",
        ] {
            assert!(bad.parse::<ExtensionKey>().is_err(), "{bad}");
        }
        let re = regex::Regex::new(EXTENSION_KEY_PATTERN).unwrap();
        for s in ["org.example.x", "a.b", "org..x", "A.b.c", "a.b.c.d"] {
            assert_eq!(re.is_match(s), s.parse::<ExtensionKey>().is_ok(), "{s}");
        }
    }

    #[test]
    fn bad_key_is_rejected_in_json() {
        assert!(serde_json::from_str::<Extensions>(r#"{"nonamespace":1}"#).is_err());
    }

    #[test]
    fn debug_hides_values() {
        let ext: Extensions = serde_json::from_str(r#"{"org.example.note":"SECRET"}"#).unwrap();
        assert!(!format!("{ext:?}").contains("SECRET"));
    }
}
