//! Generation of the schemas from the Rust types, and the post-processing that makes them
//! portable.

use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

use super::{DIALECT, SchemaKind, schema_id};
use crate::case::Case;
use crate::indicator::IndicatorSet;
use crate::referral::Referral;
use crate::types::SchemaVersion;

const ATTRIBUTION: &str = "Vocabularies that name an HTCDS field come from the Human Trafficking Case Data Standard (HTCDS) 2.0 by IOM, licensed under CC BY 4.0 (http://creativecommons.org/licenses/by/4.0/), with values in snake_case; this standard is not endorsed by IOM.";

/// The settings every schema is generated with: draft 2020-12, deserialize contract (the
/// schema describes what the typed parser accepts).
fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
}

/// Generates the schema of the current version ([`SchemaVersion::CURRENT`]) from the Rust
/// types: `$schema`, `$id`, title and description first, shared definitions once in
/// `$defs` (sorted by name), no non-standard `format` values (integer widths become
/// `minimum` / `maximum`).
///
/// ```
/// use ctip_exchange::schema::{generate, SchemaKind};
/// let s = generate(SchemaKind::IndicatorSet);
/// let count = &s["$defs"]["CellValue"]["oneOf"][0]["properties"]["count"];
/// assert_eq!(count["minimum"], 0);
/// assert_eq!(count["maximum"], u64::MAX);
/// assert!(count.get("format").is_none());
/// ```
pub fn generate(kind: SchemaKind) -> Value {
    let version = SchemaVersion::CURRENT;
    let (title, description, body) = match kind {
        SchemaKind::Case => (
            format!("CTIP exchange {version}: case"),
            "One person's trafficking case, without direct identifiers: profile, trafficking facts, identification, perpetrators, case management, assistance, criminal justice and consent.",
            to_value(generator().into_root_schema_for::<Case>()),
        ),
        SchemaKind::Referral => (
            format!("CTIP exchange {version}: referral"),
            "One organization asking another to provide services to a survivor, with its status history and the consent (or reasoned override) it rests on.",
            to_value(generator().into_root_schema_for::<Referral>()),
        ),
        SchemaKind::IndicatorSet => (
            format!("CTIP exchange {version}: indicator_set"),
            "Published aggregate statistics for a period and a geography, with disclosure-control metadata. A cell value is an exact count, suppressed, or not available.",
            to_value(generator().into_root_schema_for::<IndicatorSet>()),
        ),
        SchemaKind::Record => (
            format!("CTIP exchange {version}: any record"),
            "Any record of the standard: a case, a referral or an indicator_set, chosen by record_type.",
            any_record(),
        ),
    };
    finish(body, kind, version, &title, description)
}

fn to_value(schema: schemars::Schema) -> Value {
    schema.to_value()
}

/// The "any record" schema: `record_type` selects one of the three record schemas, kept in
/// `$defs` with every shared definition.
fn any_record() -> Value {
    let mut generator = generator();
    let mut branches = Vec::new();
    for (code, schema) in [
        ("case", generator.subschema_for::<Case>()),
        ("referral", generator.subschema_for::<Referral>()),
        ("indicator_set", generator.subschema_for::<IndicatorSet>()),
    ] {
        branches.push(json!({
            "if": {
                "properties": {"record_type": {"const": code}},
                "required": ["record_type"],
            },
            "then": schema.to_value(),
        }));
    }
    let defs = generator.take_definitions(true);
    json!({
        "$schema": DIALECT,
        "type": "object",
        "properties": {
            "record_type": {
                "description": "The record type; it selects the schema the rest of the document must follow.",
                "enum": ["case", "referral", "indicator_set"],
            },
        },
        "required": ["record_type"],
        "allOf": branches,
        "$defs": Value::Object(defs),
    })
}

/// Header, sorted definitions, portable integer constraints.
fn finish(
    body: Value,
    kind: SchemaKind,
    version: SchemaVersion,
    title: &str,
    description: &str,
) -> Value {
    let Value::Object(mut body) = body else {
        unreachable!("a root schema is an object")
    };
    body.remove("$schema");
    body.remove("title");
    body.remove("description");
    let defs = body.remove("$defs");
    let mut out = Map::new();
    out.insert("$schema".into(), DIALECT.into());
    out.insert("$id".into(), schema_id(kind, version).into());
    out.insert("title".into(), title.into());
    out.insert(
        "description".into(),
        format!("{description} Standard version {version}. {ATTRIBUTION}").into(),
    );
    out.extend(body);
    if let Some(Value::Object(defs)) = defs {
        let mut sorted: Vec<(String, Value)> = defs.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        out.insert("$defs".into(), Value::Object(sorted.into_iter().collect()));
    }
    let mut out = Value::Object(out);
    portable_integers(&mut out);
    anchor_patterns(&mut out);
    canonical_order(&mut out);
    out
}

/// Appends `(?!\n)` to every `pattern` that ends with `$`. In ECMA-262 (the regular
/// expressions of JSON Schema), `$` matches only at the end of the string; in Python's `re`
/// (used by Python `jsonschema`) and some other engines it also matches before a final
/// line feed, so `^[a-z]+$` would accept `"abc\n"`. The lookahead makes every engine agree
/// with the typed parser, which refuses the line feed.
fn anchor_patterns(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(p)) = map.get_mut("pattern")
                && p.ends_with('$')
                && !p.ends_with(STRICT_END)
            {
                p.push_str(&STRICT_END[1..]);
            }
            map.values_mut().for_each(anchor_patterns);
        }
        Value::Array(items) => items.iter_mut().for_each(anchor_patterns),
        _ => {}
    }
}

const STRICT_END: &str = "$(?!\\n)";

/// The order of keywords in every published schema object; others follow alphabetically.
/// A fixed order keeps the files byte-for-byte identical whatever order schemars (or the
/// JSON map it is built with) emits them in.
const KEYWORD_ORDER: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "anyOf",
    "oneOf",
    "allOf",
    "if",
    "then",
    "else",
    "$defs",
];

/// Keywords whose value is a map from names to schemas (the names keep their order).
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "$defs",
    "patternProperties",
    "dependentSchemas",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["anyOf", "oneOf", "allOf", "prefixItems"];
/// Keywords whose value is one schema.
const SCHEMA_VALUES: &[&str] = &[
    "items",
    "additionalProperties",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
];

fn canonical_order(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    let rank = |k: &str| {
        KEYWORD_ORDER
            .iter()
            .position(|o| *o == k)
            .unwrap_or(usize::MAX)
    };
    entries.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    for (key, value) in &mut entries {
        let key = key.as_str();
        if SCHEMA_MAPS.contains(&key) {
            if let Value::Object(m) = value {
                m.values_mut().for_each(canonical_order);
            }
        } else if SCHEMA_LISTS.contains(&key) {
            if let Value::Array(a) = value {
                a.iter_mut().for_each(canonical_order);
            }
        } else if SCHEMA_VALUES.contains(&key) {
            canonical_order(value);
        }
    }
    *map = entries.into_iter().collect();
}

/// The range of each integer `format` schemars emits for Rust integer types. These formats
/// are not defined by JSON Schema: validators ignore them (or, in strict modes, refuse the
/// schema), so the range is stated with `minimum` / `maximum` instead.
fn integer_range(format: &str) -> Option<(Value, Value)> {
    Some(match format {
        "uint8" => (0.into(), u8::MAX.into()),
        "uint16" => (0.into(), u16::MAX.into()),
        "uint32" => (0.into(), u32::MAX.into()),
        "uint64" | "uint" => (0.into(), u64::MAX.into()),
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "int64" | "int" => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    })
}

/// Formats schemars may emit that JSON Schema 2020-12 does not define.
const NON_STANDARD_FORMATS: &[&str] = &["float", "double", "uint128", "int128"];

fn portable_integers(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let range = map
                .get("format")
                .and_then(Value::as_str)
                .and_then(integer_range);
            if let Some((min, max)) = range {
                map.remove("format");
                tighten(map, "minimum", min, |new, old| new > old);
                tighten(map, "maximum", max, |new, old| new < old);
            } else if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| NON_STANDARD_FORMATS.contains(&f))
            {
                map.remove("format");
            }
            for (_, child) in map.iter_mut() {
                portable_integers(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(portable_integers),
        _ => {}
    }
}

/// Sets `key` to `bound` unless the schema already has a stricter bound.
fn tighten(map: &mut Map<String, Value>, key: &str, bound: Value, stricter: fn(f64, f64) -> bool) {
    let keep_existing = match (map.get(key).and_then(Value::as_f64), bound.as_f64()) {
        (Some(existing), Some(new)) => !stricter(new, existing),
        _ => false,
    };
    if !keep_existing {
        map.insert(key.to_owned(), bound);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Map<String, Value>>) {
        match v {
            Value::Object(m) => {
                out.push(m);
                m.values().for_each(|c| walk(c, out));
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }

    #[test]
    fn only_standard_formats_remain() {
        for kind in SchemaKind::ALL {
            let schema = generate(kind);
            let mut nodes = Vec::new();
            walk(&schema, &mut nodes);
            for node in nodes {
                if let Some(f) = node.get("format").and_then(Value::as_str) {
                    assert_eq!(f, "date-time", "{kind}: non-standard format {f}");
                }
                if node.get("type").is_some_and(|t| {
                    t == "integer" || t.as_array().is_some_and(|a| a.contains(&json!("integer")))
                }) {
                    assert!(node.contains_key("minimum"), "{kind}: {node:?}");
                    assert!(node.contains_key("maximum"), "{kind}: {node:?}");
                }
            }
        }
    }

    #[test]
    fn existing_bounds_stay_when_stricter() {
        let mut v = json!({"type": "integer", "format": "uint8", "minimum": 0, "maximum": 120});
        portable_integers(&mut v);
        assert_eq!(v, json!({"type": "integer", "minimum": 0, "maximum": 120}));
        let mut v = json!({"type": "integer", "format": "uint32", "minimum": 0});
        portable_integers(&mut v);
        assert_eq!(
            v,
            json!({"type": "integer", "minimum": 0, "maximum": 4294967295u32})
        );
    }

    #[test]
    #[cfg(feature = "preserve-order")] // the canonical key order needs serde_json's preserve_order
    fn header_and_sorted_defs() {
        let s = generate(SchemaKind::Case);
        let keys: Vec<&String> = s.as_object().unwrap().keys().take(4).collect();
        assert_eq!(keys, ["$schema", "$id", "title", "description"]);
        assert!(s["description"].as_str().unwrap().contains("CC BY 4.0"));
        let defs: Vec<&String> = s["$defs"].as_object().unwrap().keys().collect();
        let mut sorted = defs.clone();
        sorted.sort();
        assert_eq!(defs, sorted);
    }

    #[test]
    fn patterns_end_strictly() {
        let mut v =
            json!({"pattern": "^a$", "items": {"pattern": "^b$(?!\\n)"}, "x": {"pattern": "c"}});
        anchor_patterns(&mut v);
        assert_eq!(
            v,
            json!({"pattern": "^a$(?!\\n)", "items": {"pattern": "^b$(?!\\n)"}, "x": {"pattern": "c"}})
        );
    }

    #[test]
    #[cfg(feature = "preserve-order")] // the canonical key order needs serde_json's preserve_order
    fn keywords_in_canonical_order() {
        let mut v = json!({"required": ["a"], "zz": 1, "properties": {"b": {"type": "string", "description": "d"}, "a": {}}, "type": "object"});
        canonical_order(&mut v);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"type":"object","properties":{"b":{"description":"d","type":"string"},"a":{}},"required":["a"],"zz":1}"#
        );
    }

    #[test]
    fn generation_is_deterministic() {
        for kind in SchemaKind::ALL {
            assert_eq!(generate(kind), generate(kind), "{kind}");
        }
    }
}
