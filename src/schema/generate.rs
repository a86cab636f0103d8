//! Generation of the schemas from the Rust types, and the post-processing that makes them
//! portable.
//!
//! The schemas of 1.0 are frozen as released. From the next version on ([`generate_for`]
//! with a version after 1.0), the post-processing also makes them portable without
//! look-around and gives readable first errors:
//!
//! - no pattern ends in the `(?!\n)` look-ahead (which `boon` refuses and which makes the
//!   backtracking regex engines slow); every schema with a pattern instead carries
//!   `"not": {"pattern": "\n"}`, so that a trailing line feed, which Python's `$` lets
//!   through, is still refused everywhere (no pattern accepts a line feed elsewhere);
//! - every definition and every value schema with a form gets a `title` that names the
//!   allowed values or the form (`a date YYYY, YYYY-MM or YYYY-MM-DD...`), nullable fields
//!   (`anyOf` of a definition and `null`) get the title of the definition with ", or null",
//!   and the tag of a tagged `oneOf` names every tag, so that the best error of Python
//!   `jsonschema` (`best_match`, `error.schema["title"]`) and the first error of ajv
//!   (`verbose: true`, `error.parentSchema.title`) say what is expected without quoting a
//!   long pattern or list (see `schemas/README.md`).

use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

use super::{DIALECT, SchemaKind, schema_id};
use crate::case::Case;
use crate::indicator::IndicatorSet;
use crate::referral::Referral;
use crate::tip::Tip;
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
/// let alternatives = s["$defs"]["CellValue"]["oneOf"].as_array().unwrap();
/// let count = alternatives.iter().find_map(|a| a["properties"].get("count")).unwrap();
/// assert_eq!(count["minimum"], 0);
/// assert_eq!(count["maximum"], u64::MAX);
/// assert!(count.get("format").is_none());
/// ```
pub fn generate(kind: SchemaKind) -> Value {
    generate_for(kind, SchemaVersion::CURRENT)
}

/// Generates the schema of `kind` from today's Rust types as version `version` publishes it:
/// the `$id` and title of that version, and the shape of that version (1.0 as frozen; later
/// versions portable and readable: no look-around, titles naming each form). Used to preview and
/// test the next version before it is released.
///
/// ```
/// use ctip_exchange::schema::{generate_for, SchemaKind};
/// use ctip_exchange::types::SchemaVersion;
/// let next = generate_for(SchemaKind::Case, SchemaVersion { major: 1, minor: 1 });
/// let date = &next["$defs"]["PartialDate"];
/// assert!(!date["pattern"].as_str().unwrap().contains("(?!"));
/// assert_eq!(date["not"]["pattern"], "\\n");
/// assert!(date["title"].as_str().unwrap().contains("YYYY-MM-DD"));
/// ```
pub fn generate_for(kind: SchemaKind, version: SchemaVersion) -> Value {
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
        SchemaKind::Tip => (
            format!("CTIP exchange {version}: tip"),
            "One report of suspected trafficking received from the public (hotline, web form, messaging app...), with its routing and outcome; never the reporter's identity. Added in version 1.1.",
            to_value(generator().into_root_schema_for::<Tip>()),
        ),
        SchemaKind::Record if SchemaKind::Tip.exists_in(version) => (
            format!("CTIP exchange {version}: any record"),
            "Any record of the standard: a case, a referral, an indicator_set or a tip, chosen by record_type.",
            any_record(version),
        ),
        SchemaKind::Record => (
            format!("CTIP exchange {version}: any record"),
            "Any record of the standard: a case, a referral or an indicator_set, chosen by record_type.",
            any_record(version),
        ),
    };
    finish(body, kind, version, &title, description)
}

fn to_value(schema: schemars::Schema) -> Value {
    schema.to_value()
}

/// The "any record" schema: `record_type` selects one of the record schemas of `version`
/// (`tip` from 1.1 on), kept in `$defs` with every shared definition.
fn any_record(version: SchemaVersion) -> Value {
    let mut generator = generator();
    let mut branches = Vec::new();
    let mut kinds = vec![
        ("case", generator.subschema_for::<Case>()),
        ("referral", generator.subschema_for::<Referral>()),
        ("indicator_set", generator.subschema_for::<IndicatorSet>()),
    ];
    if SchemaKind::Tip.exists_in(version) {
        kinds.push(("tip", generator.subschema_for::<Tip>()));
    }
    let codes: Vec<&str> = kinds.iter().map(|(code, _)| *code).collect();
    for (code, schema) in kinds {
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
                "enum": codes,
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
    if shaped(version) {
        refuse_line_feeds(&mut out);
        readable(&mut out);
    } else {
        anchor_patterns(&mut out);
    }
    canonical_order(&mut out);
    out
}

/// Whether a version gets the portable, readable shape: every version after 1.0 (1.0 is
/// frozen as released).
fn shaped(version: SchemaVersion) -> bool {
    version > SchemaVersion { major: 1, minor: 0 }
}

/// The pattern of the `not` that refuses a line feed anywhere in a string.
pub(crate) const LINE_FEED: &str = "\\n";

/// Adds `"not": {"pattern": "\n"}` beside every `pattern` that ends with `$`. In ECMA-262
/// `$` matches only at the end of the string; in Python's `re` it also matches before a final
/// line feed, so `^[a-z]+$` alone would accept `"abc\n"` there. No pattern of the standard
/// accepts a line feed anywhere else (they are made of explicit ASCII classes), so refusing
/// every line feed gives exactly the acceptance of the typed parser, without look-around.
fn refuse_line_feeds(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let anchored = map
                .get("pattern")
                .and_then(Value::as_str)
                .is_some_and(|p| p.ends_with('$'));
            if anchored {
                debug_assert!(!map.contains_key("not"), "a pattern beside a `not`");
                map.insert("not".into(), json!({ "pattern": LINE_FEED }));
            }
            for (key, child) in map.iter_mut() {
                if key != "not" {
                    refuse_line_feeds(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(refuse_line_feeds),
        _ => {}
    }
}

/// Titles that name the form of the definitions whose pattern or size says it less well.
const FORMS: &[(&str, &str)] = &[
    (
        "PartialDate",
        "a date YYYY, YYYY-MM or YYYY-MM-DD (ASCII digits, a real calendar day, years 1000 to 9999)",
    ),
    (
        "Timestamp",
        "a UTC time YYYY-MM-DDTHH:MM:SSZ, with an optional fraction of 1 to 9 digits (upper-case T and Z, no offset)",
    ),
    (
        "CountryCode",
        "an officially assigned ISO 3166-1 alpha-2 country code in upper case (TT, GB; not UK, not XK)",
    ),
    (
        "Country",
        "an officially assigned ISO 3166-1 alpha-2 country code in upper case (TT, GB; not UK, not XK), or unknown",
    ),
    (
        "LanguageCode",
        "an ISO 639 language code in lower case: ISO 639-1 where the language has one (es, en), else ISO 639-3 (hat)",
    ),
    (
        "RecordId",
        "an id of 1 to 128 characters from A-Z a-z 0-9 . _ : - starting with a letter or digit",
    ),
    (
        "OrgId",
        "an organization id of 1 to 128 characters from A-Z a-z 0-9 . _ : - starting with a letter or digit",
    ),
    (
        "SubdivisionCode",
        "an ISO 3166-2 subdivision code: the ISO 3166-1 alpha-2 code of its country in upper case, a hyphen and 1 to 3 upper-case letters or digits (TT-POS, JM-01)",
    ),
    (
        "PseudonymRef",
        "a pseudonym (ps1:<key id>:<32 base32 characters>) or another reference of 1 to 256 printable ASCII characters without space",
    ),
];

/// The most values an `enum` title lists; longer lists are named by their definition's form.
const LISTED_VALUES: usize = 30;

/// A title naming the allowed values or form of a value schema, when one can be made.
fn value_title(name: Option<&str>, node: &Map<String, Value>) -> Option<String> {
    if let Some((_, form)) = name.and_then(|n| FORMS.iter().find(|(d, _)| *d == n)) {
        return Some((*form).to_owned());
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        if values.len() > LISTED_VALUES {
            return None;
        }
        let shown: Vec<String> = values
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        return Some(format!("one of: {}", shown.join(", ")));
    }
    let is_integer = node.get("type").and_then(Value::as_str) == Some("integer");
    if is_integer {
        let min = node.get("minimum").and_then(Value::as_i64);
        let max = node.get("maximum").and_then(Value::as_u64);
        return Some(match (min, max) {
            (Some(0), Some(max)) if max >= u64::from(u32::MAX) => {
                "a whole number, 0 or more".to_owned()
            }
            (Some(min), Some(max)) => format!("a whole number from {min} to {max}"),
            _ => "a whole number".to_owned(),
        });
    }
    None
}

/// Gives every definition and value schema a title naming the allowed values or form (see
/// the module documentation), nullable wrappers the title of what they wrap, and the tags of
/// tagged `oneOf`s the list of every tag.
fn readable(schema: &mut Value) {
    let mut titles = Map::new();
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        for (name, def) in defs.iter_mut() {
            let Value::Object(def) = def else { continue };
            if !def.contains_key("title")
                && let Some(title) = value_title(Some(name), def)
            {
                def.insert("title".into(), title.into());
            }
            if let Some(t) = def.get("title") {
                titles.insert(format!("#/$defs/{name}"), t.clone());
            }
        }
    }
    titled_nodes(schema, &titles);
}

fn titled_nodes(v: &mut Value, defs: &Map<String, Value>) {
    match v {
        Value::Object(map) => {
            if !map.contains_key("title")
                && let Some(title) = nullable_title(map, defs).or_else(|| value_title(None, map))
            {
                map.insert("title".into(), title.into());
            }
            tag_titles(map);
            if let Some(Value::Object(names)) = map.get_mut("propertyNames")
                && !names.contains_key("title")
            {
                names.insert(
                    "title".into(),
                    "a namespaced key: three or more dot-separated lower-case labels (org.example.field)".into(),
                );
            }
            map.values_mut().for_each(|c| titled_nodes(c, defs));
        }
        Value::Array(items) => items.iter_mut().for_each(|c| titled_nodes(c, defs)),
        _ => {}
    }
}

/// `anyOf: [{"$ref": D}, {"type": "null"}]`: the title of D, ", or null".
fn nullable_title(map: &Map<String, Value>, defs: &Map<String, Value>) -> Option<String> {
    let alternatives = map.get("anyOf")?.as_array()?;
    let [a, b] = alternatives.as_slice() else {
        return None;
    };
    if b != &json!({"type": "null"}) {
        return None;
    }
    let title = defs.get(a.get("$ref")?.as_str()?)?.as_str()?;
    Some(format!("{title}, or null"))
}

/// In a `oneOf` whose alternatives are objects told apart by the `const` of one property,
/// gives that property in every alternative (and the `oneOf` itself) a title listing every
/// tag, so that the first error about a wrong tag names the allowed ones.
fn tag_titles(map: &mut Map<String, Value>) {
    let Some(Value::Array(alternatives)) = map.get_mut("oneOf") else {
        return;
    };
    let tag_of = |alt: &Value| -> Option<(String, Value)> {
        let props = alt.get("properties")?.as_object()?;
        let required = alt.get("required")?.as_array()?;
        required.iter().filter_map(Value::as_str).find_map(|name| {
            let c = props.get(name)?.get("const")?;
            Some((name.to_owned(), c.clone()))
        })
    };
    let tags: Vec<(String, Value)> = alternatives.iter().filter_map(tag_of).collect();
    if tags.len() != alternatives.len() || tags.iter().any(|(n, _)| *n != tags[0].0) {
        return;
    }
    let name = tags[0].0.clone();
    let shown: Vec<String> = tags
        .iter()
        .map(|(_, c)| c.as_str().map_or_else(|| c.to_string(), str::to_owned))
        .collect();
    let title = format!("{name}: one of {}", shown.join(", "));
    // ajv checks `required` before `properties`: with the alternatives that require only the
    // tag first, its first error on a wrong tag is the tag's (a stable sort keeps the order
    // of alternatives that require as many members).
    let required = |alt: &Value| {
        alt.get("required")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    alternatives.sort_by_key(required);
    for alt in alternatives.iter_mut() {
        if let Some(Value::Object(tag)) = alt.pointer_mut(&format!("/properties/{name}")) {
            tag.insert("title".into(), title.clone().into());
        }
    }
    if !map.contains_key("title") {
        map.insert(
            "title".into(),
            format!("an object whose {name} is one of {}", shown.join(", ")).into(),
        );
    }
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
    "not",
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
