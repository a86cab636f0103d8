//! Compatibility between two versions of a schema.
//!
//! [`compare`] walks an old and a new schema side by side (following `$ref` into `$defs`,
//! matching the alternatives of `anyOf` / `oneOf`) and lists every difference that changes
//! which documents are valid, with the location in the document it concerns (a JSON Pointer
//! where `*` stands for any array item and `{key}` for any key of a map):
//!
//! | change | class |
//! |---|---|
//! | new optional property | compatible |
//! | new required property, property became required | **breaking** |
//! | property removed (or renamed: removed + added) | **breaking** |
//! | property became optional | compatible |
//! | enum / const value added | compatible |
//! | enum / const value removed | **breaking** |
//! | JSON type no longer accepted | **breaking** |
//! | JSON type added | compatible |
//! | alternative of `anyOf` / `oneOf` added (e.g. a field became nullable) | compatible |
//! | alternative removed | **breaking** |
//! | constraint relaxed (lower `minimum` / `minItems` / `minLength`, higher maximum, `pattern`, `format`, `uniqueItems`, `enum` or `additionalProperties: false` removed) | compatible |
//! | constraint tightened (the reverse, or added) | **breaking** |
//! | `pattern` or `format` changed | **breaking** (a checker cannot prove that one regular expression accepts more than another, so any change is treated as a tightening) |
//! | `P$(?!\n)` rewritten as `P$` beside `"not": {"pattern": "\n"}`, where `P` cannot match a line feed | none: the same strings (the portable form of the versions after 1.0) |
//! | `not` added or changed / removed | **breaking** / compatible |
//!
//! Descriptions, titles and `$id` are documentation and are ignored. The classification is
//! from the point of view of a document that was valid under the old schema: a compatible
//! change keeps every such document valid.
//!
//! [`gate`] applies the versioning policy: a breaking change needs a major version bump, and
//! a released version does not change at all.
//!
//! ```
//! use ctip_exchange::schema::compat::{compare, ChangeKind};
//! use serde_json::json;
//! let old = json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false});
//! let new = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
//!                  "required": ["b"], "additionalProperties": false});
//! let report = compare(&old, &new);
//! assert_eq!(report.changes.len(), 1);
//! assert_eq!(report.changes[0].kind, ChangeKind::RequiredPropertyAdded);
//! assert_eq!(report.changes[0].location, "/b");
//! assert!(!report.is_compatible());
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Map, Value};

use crate::types::SchemaVersion;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A new optional property.
    PropertyAdded,
    /// A new property that is required.
    RequiredPropertyAdded,
    /// A property was removed (or renamed).
    PropertyRemoved,
    /// An existing property became required.
    BecameRequired,
    /// A required property became optional.
    BecameOptional,
    /// An `enum` or `const` accepts a new value.
    ValueAdded,
    /// An `enum` or `const` no longer accepts a value.
    ValueRemoved,
    /// A JSON type is no longer accepted.
    TypeChanged,
    /// A JSON type is newly accepted.
    TypeAdded,
    /// An alternative of `anyOf` / `oneOf` was added.
    AlternativeAdded,
    /// An alternative of `anyOf` / `oneOf` was removed.
    AlternativeRemoved,
    /// A constraint accepts fewer values.
    ConstraintTightened,
    /// A constraint accepts more values.
    ConstraintRelaxed,
}

impl ChangeKind {
    /// True when a document valid under the old schema may be invalid under the new one.
    pub fn is_breaking(self) -> bool {
        matches!(
            self,
            ChangeKind::RequiredPropertyAdded
                | ChangeKind::PropertyRemoved
                | ChangeKind::BecameRequired
                | ChangeKind::ValueRemoved
                | ChangeKind::TypeChanged
                | ChangeKind::AlternativeRemoved
                | ChangeKind::ConstraintTightened
        )
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where in a document: a JSON Pointer, `*` for any array item, `{key}` for any map key.
    pub location: String,
    /// What changed.
    pub kind: ChangeKind,
    /// A description naming the property, value or keyword.
    pub detail: String,
}

impl Change {
    /// True for a breaking change.
    pub fn is_breaking(&self) -> bool {
        self.kind.is_breaking()
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = if self.is_breaking() {
            "breaking"
        } else {
            "compatible"
        };
        let at = if self.location.is_empty() {
            "(document)"
        } else {
            &self.location
        };
        write!(f, "{class}: {at}: {}", self.detail)
    }
}

/// Every difference between two schemas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompatReport {
    /// The differences, in the order found.
    pub changes: Vec<Change>,
}

impl CompatReport {
    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.is_breaking())
    }

    /// True when no change is breaking.
    pub fn is_compatible(&self) -> bool {
        self.breaking().next().is_none()
    }
}

impl fmt::Display for CompatReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return f.write_str("no change");
        }
        for c in &self.changes {
            writeln!(f, "{c}")?;
        }
        Ok(())
    }
}

/// Why [`gate`] refused a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GateError {
    /// Breaking changes without a major version bump.
    #[error("breaking changes from {old} to {new} need a new major version:\n{report}")]
    Breaking {
        /// The old version.
        old: SchemaVersion,
        /// The new version.
        new: SchemaVersion,
        /// Every change.
        report: CompatReport,
    },
    /// A released version's schema changed.
    #[error(
        "the schema of released version {version} changed; released schemas never change: bump the minor version for these compatible changes:\n{report}"
    )]
    ReleasedChanged {
        /// The version.
        version: SchemaVersion,
        /// Every change.
        report: CompatReport,
    },
    /// The new version is older than the old one.
    #[error("version {new} is older than {old}")]
    Backwards {
        /// The old version.
        old: SchemaVersion,
        /// The new version.
        new: SchemaVersion,
    },
}

/// Applies the versioning policy to the changes from `old` (of `old_version`) to `new` (of
/// `new_version`): the same version allows no change; a minor bump allows compatible
/// changes only; a major bump allows anything. Returns the report when allowed.
///
/// The `schema_version` each schema fixes to its own version (`const`) is the version bump,
/// not a change: `old_version` replaced by `new_version` there is left out of the report.
pub fn gate(
    old_version: SchemaVersion,
    old: &Value,
    new_version: SchemaVersion,
    new: &Value,
) -> Result<CompatReport, GateError> {
    if new_version < old_version {
        return Err(GateError::Backwards {
            old: old_version,
            new: new_version,
        });
    }
    let mut report = compare(old, new);
    // Every version's schema fixes `schema_version` to its own version; the change from
    // the old one to the new one is the version bump itself (the migration step rewrites
    // it), not a change of the documents.
    let bump = |c: &Change, kind: ChangeKind, version: SchemaVersion| {
        c.location == "/schema_version"
            && c.kind == kind
            && c.detail
                == format!(
                    "value `{version}` {}",
                    if kind == ChangeKind::ValueAdded {
                        "added"
                    } else {
                        "removed"
                    }
                )
    };
    let bumped = new_version != old_version
        && report
            .changes
            .iter()
            .any(|c| bump(c, ChangeKind::ValueRemoved, old_version))
        && report
            .changes
            .iter()
            .any(|c| bump(c, ChangeKind::ValueAdded, new_version));
    if bumped {
        report.changes.retain(|c| {
            !bump(c, ChangeKind::ValueRemoved, old_version)
                && !bump(c, ChangeKind::ValueAdded, new_version)
        });
    }
    if new_version.major > old_version.major {
        return Ok(report);
    }
    if !report.is_compatible() {
        return Err(GateError::Breaking {
            old: old_version,
            new: new_version,
            report,
        });
    }
    if new_version == old_version && !report.changes.is_empty() {
        return Err(GateError::ReleasedChanged {
            version: old_version,
            report,
        });
    }
    Ok(report)
}

/// Lists every difference between two schemas. See the [module documentation](self).
pub fn compare(old: &Value, new: &Value) -> CompatReport {
    let mut walk = Walk {
        old_root: old,
        new_root: new,
        changes: Vec::new(),
    };
    walk.node("", old, new, 0);
    CompatReport {
        changes: walk.changes,
    }
}

const MAX_DEPTH: usize = 64;

const LOWER_BOUNDS: &[&str] = &[
    "minimum",
    "exclusiveMinimum",
    "minLength",
    "minItems",
    "minProperties",
];
const UPPER_BOUNDS: &[&str] = &[
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
];

struct Walk<'a> {
    old_root: &'a Value,
    new_root: &'a Value,
    changes: Vec<Change>,
}

fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..MAX_DEPTH {
        let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| root.pointer(p))
        else {
            break;
        };
        node = target;
    }
    node
}

fn types(node: &Value) -> Option<BTreeSet<String>> {
    match node.get("type")? {
        Value::String(t) => Some([t.clone()].into()),
        Value::Array(a) => Some(
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

fn accepts_type(set: &BTreeSet<String>, t: &str) -> bool {
    set.contains(t) || (t == "integer" && set.contains("number"))
}

fn allowed_values(node: &Value) -> Option<Vec<Value>> {
    if let Some(c) = node.get("const") {
        return Some(vec![c.clone()]);
    }
    node.get("enum").and_then(Value::as_array).cloned()
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// A key that identifies an alternative across versions.
fn alternative_key(root: &Value, alt: &Value, index: usize) -> String {
    if let Some(r) = alt.get("$ref").and_then(Value::as_str) {
        return format!("ref:{r}");
    }
    let alt = resolve(root, alt);
    if let Some(c) = alt.get("const") {
        return format!("const:{c}");
    }
    if alt.get("type").and_then(Value::as_str) == Some("null") {
        return "null".into();
    }
    if let (Some(props), Some(req)) = (
        alt.get("properties").and_then(Value::as_object),
        alt.get("required").and_then(Value::as_array),
    ) {
        for name in req.iter().filter_map(Value::as_str) {
            if let Some(c) = props.get(name).and_then(|p| p.get("const")) {
                return format!("tag:{name}={c}");
            }
        }
        if req.len() == 1 {
            return format!("only:{}", req[0]);
        }
    }
    if let Some(t) = types(alt) {
        return format!("type:{t:?}");
    }
    format!("index:{index}")
}

/// The look-ahead that ends the patterns of 1.0, so that Python's `$` refuses a final line feed.
const STRICT_END: &str = "(?!\\n)";

/// Whether `new` states the pattern of `old` in the portable form of the versions after 1.0:
/// `old` is `P$(?!\n)`, `new` is `P$` beside `"not": {"pattern": "\n"}`, and `P` cannot
/// match a line feed anywhere (see [`can_match_line_feed`]). Both then accept exactly the
/// strings that match `P$` in ECMA-262 and contain no line feed.
fn portable_pattern(old: &Value, new: &Value) -> bool {
    let (Some(o), Some(n)) = (
        old.get("pattern").and_then(Value::as_str),
        new.get("pattern").and_then(Value::as_str),
    ) else {
        return false;
    };
    o.strip_suffix(STRICT_END) == Some(n)
        && n.ends_with('$')
        && old.get("not").is_none()
        && new.get("not") == Some(&serde_json::json!({"pattern": "\\n"}))
        && !can_match_line_feed(n)
}

/// Conservatively, whether a regular expression may match a line feed: an unescaped `.`, a
/// negated class, or an escape that can stand for one (`\s`, `\S`, `\D`, `\W`, `\n`, `\x`,
/// `\u`, `\c`, `\p`, `\P`, a digit). A pattern made of explicit classes and literals cannot.
fn can_match_line_feed(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s' | 'S' | 'D' | 'W' | 'n' | 'x' | 'u' | 'c' | 'p' | 'P' | '0'..='9')
                | None => {
                    return true;
                }
                Some(_) => {}
            },
            '[' if !in_class => {
                in_class = true;
                if chars.peek() == Some(&'^') {
                    return true;
                }
            }
            ']' if in_class => in_class = false,
            '.' if !in_class => return true,
            '\n' => return true,
            _ => {}
        }
    }
    false
}

/// Whether the `if` of a new `allOf` item (`{"properties": {P: {"const": v}}, "required": [P]}`)
/// holds for no document the old schema node accepts: the condition requires `P`, and the old
/// node's `P` allows a fixed set of values without `v`.
fn condition_refused_by(old_root: &Value, old: &Value, item: &Value) -> bool {
    let Some(cond) = item.get("if") else {
        return false;
    };
    let Some(props) = cond.get("properties").and_then(Value::as_object) else {
        return false;
    };
    let required = |node: &Value, name: &str| {
        node.get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|x| x == name))
    };
    props.iter().any(|(name, p)| {
        let Some(value) = p.get("const") else {
            return false;
        };
        let Some(old_prop) = old.get("properties").and_then(|o| o.get(name)) else {
            return false;
        };
        required(cond, name)
            && allowed_values(resolve(old_root, old_prop)).is_some_and(|vals| !vals.contains(value))
    })
}

fn alternatives(node: &Value) -> Option<&Vec<Value>> {
    node.get("anyOf")
        .or_else(|| node.get("oneOf"))
        .and_then(Value::as_array)
}

impl Walk<'_> {
    fn push(&mut self, location: &str, kind: ChangeKind, detail: String) {
        self.changes.push(Change {
            location: location.to_owned(),
            kind,
            detail,
        });
    }

    fn node(&mut self, at: &str, old: &Value, new: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let (old_raw, new_raw) = (old, new);
        let old = resolve(self.old_root, old);
        let new = resolve(self.new_root, new);
        if alternatives(old).is_some() || alternatives(new).is_some() {
            self.alternatives(at, (old_raw, old), (new_raw, new), depth);
            return;
        }
        self.types(at, old, new);
        self.values(at, old, new);
        self.bounds(at, old, new);
        self.forms(at, old, new);
        self.object(at, old, new, depth);
        match (old.get("items"), new.get("items")) {
            (Some(o), Some(n)) => self.node(&format!("{at}/*"), o, n, depth + 1),
            (None, Some(_)) => self.push(
                at,
                ChangeKind::ConstraintTightened,
                "`items` constrained".into(),
            ),
            (Some(_), None) => self.push(
                at,
                ChangeKind::ConstraintRelaxed,
                "`items` no longer constrained".into(),
            ),
            (None, None) => {}
        }
        match (old.get("propertyNames"), new.get("propertyNames")) {
            (Some(o), Some(n)) => self.node(&format!("{at}/{{key}}"), o, n, depth + 1),
            (None, Some(_)) => self.push(
                at,
                ChangeKind::ConstraintTightened,
                "`propertyNames` constrained".into(),
            ),
            (Some(_), None) => self.push(
                at,
                ChangeKind::ConstraintRelaxed,
                "`propertyNames` no longer constrained".into(),
            ),
            (None, None) => {}
        }
        self.all_of(at, old, new, depth);
    }

    fn alternatives(
        &mut self,
        at: &str,
        (old_raw, old): (&Value, &Value),
        (new_raw, new): (&Value, &Value),
        depth: usize,
    ) {
        let single_old = [old_raw.clone()];
        let single_new = [new_raw.clone()];
        let olds: &[Value] = alternatives(old).map_or(&single_old, |v| v.as_slice());
        let news: &[Value] = alternatives(new).map_or(&single_new, |v| v.as_slice());
        let old_keys: Vec<String> = olds
            .iter()
            .enumerate()
            .map(|(i, a)| alternative_key(self.old_root, a, i))
            .collect();
        let new_keys: Vec<String> = news
            .iter()
            .enumerate()
            .map(|(i, a)| alternative_key(self.new_root, a, i))
            .collect();
        for (i, key) in old_keys.iter().enumerate() {
            match new_keys.iter().position(|k| k == key) {
                Some(j) => self.node(at, &olds[i], &news[j], depth + 1),
                None => self.push(
                    at,
                    ChangeKind::AlternativeRemoved,
                    format!("alternative {key} no longer accepted"),
                ),
            }
        }
        for key in new_keys.iter().filter(|k| !old_keys.contains(k)) {
            self.push(
                at,
                ChangeKind::AlternativeAdded,
                format!("alternative {key} now accepted"),
            );
        }
    }

    fn types(&mut self, at: &str, old: &Value, new: &Value) {
        match (types(old), types(new)) {
            (Some(o), Some(n)) => {
                for t in o.iter().filter(|t| !accepts_type(&n, t)) {
                    self.push(
                        at,
                        ChangeKind::TypeChanged,
                        format!("JSON type {t} no longer accepted (now {n:?})"),
                    );
                }
                for t in n.iter().filter(|t| !accepts_type(&o, t)) {
                    self.push(
                        at,
                        ChangeKind::TypeAdded,
                        format!("JSON type {t} now accepted"),
                    );
                }
            }
            (None, Some(n)) => self.push(
                at,
                ChangeKind::TypeChanged,
                format!("JSON type restricted to {n:?}"),
            ),
            (Some(o), None) => self.push(
                at,
                ChangeKind::TypeAdded,
                format!("JSON type no longer restricted to {o:?}"),
            ),
            (None, None) => {}
        }
    }

    fn values(&mut self, at: &str, old: &Value, new: &Value) {
        match (allowed_values(old), allowed_values(new)) {
            (Some(o), Some(n)) => {
                for v in o.iter().filter(|v| !n.contains(v)) {
                    self.push(
                        at,
                        ChangeKind::ValueRemoved,
                        format!("value {} removed", show(v)),
                    );
                }
                for v in n.iter().filter(|v| !o.contains(v)) {
                    self.push(
                        at,
                        ChangeKind::ValueAdded,
                        format!("value {} added", show(v)),
                    );
                }
            }
            (None, Some(_)) => self.push(
                at,
                ChangeKind::ConstraintTightened,
                "values restricted to a list".into(),
            ),
            (Some(_), None) => self.push(
                at,
                ChangeKind::ConstraintRelaxed,
                "values no longer restricted to a list".into(),
            ),
            (None, None) => {}
        }
    }

    fn bounds(&mut self, at: &str, old: &Value, new: &Value) {
        for (keys, lower) in [(LOWER_BOUNDS, true), (UPPER_BOUNDS, false)] {
            for key in keys {
                let o = old.get(*key).and_then(Value::as_f64);
                let n = new.get(*key).and_then(Value::as_f64);
                let kind = match (o, n) {
                    (Some(o), Some(n)) if o == n => continue,
                    (Some(o), Some(n)) if (n > o) == lower => ChangeKind::ConstraintTightened,
                    (Some(_), Some(_)) => ChangeKind::ConstraintRelaxed,
                    (None, Some(_)) => ChangeKind::ConstraintTightened,
                    (Some(_), None) => ChangeKind::ConstraintRelaxed,
                    (None, None) => continue,
                };
                let show = |v: Option<f64>| v.map_or("none".to_owned(), |v| v.to_string());
                self.push(
                    at,
                    kind,
                    format!("`{key}` changed from {} to {}", show(o), show(n)),
                );
            }
        }
    }

    fn forms(&mut self, at: &str, old: &Value, new: &Value) {
        let portable = portable_pattern(old, new);
        for key in ["pattern", "format"] {
            let (o, n) = (old.get(key), new.get(key));
            let kind = match (o, n) {
                (o, n) if o == n => continue,
                _ if key == "pattern" && portable => continue,
                (Some(_), None) => ChangeKind::ConstraintRelaxed,
                _ => ChangeKind::ConstraintTightened,
            };
            self.push(at, kind, format!("`{key}` changed"));
        }
        match (old.get("not"), new.get("not")) {
            (o, n) if o == n => {}
            (None, Some(_)) if portable => {}
            (Some(_), None) => self.push(at, ChangeKind::ConstraintRelaxed, "`not` removed".into()),
            _ => self.push(
                at,
                ChangeKind::ConstraintTightened,
                "`not` added or changed".into(),
            ),
        }
        let unique = |v: &Value| v.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        match (unique(old), unique(new)) {
            (false, true) => self.push(
                at,
                ChangeKind::ConstraintTightened,
                "items must now be unique".into(),
            ),
            (true, false) => self.push(
                at,
                ChangeKind::ConstraintRelaxed,
                "items no longer need to be unique".into(),
            ),
            _ => {}
        }
    }

    fn object(&mut self, at: &str, old: &Value, new: &Value, depth: usize) {
        let empty = Map::new();
        let props = |v: &'_ Value| -> Map<String, Value> {
            v.get("properties")
                .and_then(Value::as_object)
                .unwrap_or(&empty)
                .clone()
        };
        let required = |v: &Value| -> BTreeSet<String> {
            v.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (op, np) = (props(old), props(new));
        let (or, nr) = (required(old), required(new));
        for (name, o) in &op {
            let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
            match np.get(name) {
                Some(n) => {
                    if nr.contains(name) && !or.contains(name) {
                        self.push(
                            &here,
                            ChangeKind::BecameRequired,
                            format!("property `{name}` became required"),
                        );
                    } else if or.contains(name) && !nr.contains(name) {
                        self.push(
                            &here,
                            ChangeKind::BecameOptional,
                            format!("property `{name}` became optional"),
                        );
                    }
                    self.node(&here, o, n, depth + 1);
                }
                None => self.push(
                    &here,
                    ChangeKind::PropertyRemoved,
                    format!("property `{name}` removed"),
                ),
            }
        }
        for name in np.keys().filter(|n| !op.contains_key(*n)) {
            let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
            if nr.contains(name) {
                self.push(
                    &here,
                    ChangeKind::RequiredPropertyAdded,
                    format!("required property `{name}` added"),
                );
            } else {
                self.push(
                    &here,
                    ChangeKind::PropertyAdded,
                    format!("optional property `{name}` added"),
                );
            }
        }
        // required names without a property schema on either side
        for name in nr
            .iter()
            .filter(|n| !or.contains(*n) && !np.contains_key(*n))
        {
            self.push(
                &format!("{at}/{name}"),
                ChangeKind::BecameRequired,
                format!("property `{name}` became required"),
            );
        }
        let closed = |v: &Value| v.get("additionalProperties") == Some(&Value::Bool(false));
        match (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            (Some(o), Some(n)) if o.is_object() && n.is_object() => {
                self.node(&format!("{at}/{{key}}"), o, n, depth + 1);
            }
            _ if !closed(old) && closed(new) => self.push(
                at,
                ChangeKind::ConstraintTightened,
                "no longer accepts properties it does not define".into(),
            ),
            _ if closed(old) && !closed(new) => self.push(
                at,
                ChangeKind::ConstraintRelaxed,
                "now accepts properties it does not define".into(),
            ),
            _ => {}
        }
    }

    fn all_of(&mut self, at: &str, old: &Value, new: &Value, depth: usize) {
        let empty = Vec::new();
        let o = old.get("allOf").and_then(Value::as_array).unwrap_or(&empty);
        let n = new.get("allOf").and_then(Value::as_array).unwrap_or(&empty);
        for (i, (a, b)) in o.iter().zip(n).enumerate() {
            let (a, b) = (resolve(self.old_root, a), resolve(self.new_root, b));
            if a.get("if") != b.get("if") {
                self.push(
                    at,
                    ChangeKind::ConstraintTightened,
                    format!("condition of `allOf` item {i} changed"),
                );
            }
            match (a.get("then"), b.get("then")) {
                (Some(x), Some(y)) => self.node(at, x, y, depth + 1),
                _ => self.node(at, a, b, depth + 1),
            }
        }
        if n.len() > o.len() {
            // A new `if`/`then` whose condition needs a value the old schema refuses (the
            // branch of a new record type) applies to no document the old schema accepted.
            let vacuous = n[o.len()..]
                .iter()
                .all(|item| condition_refused_by(self.old_root, old, resolve(self.new_root, item)));
            if !vacuous {
                self.push(
                    at,
                    ChangeKind::ConstraintTightened,
                    "`allOf` has more conditions".into(),
                );
            }
        } else if o.len() > n.len() {
            self.push(
                at,
                ChangeKind::ConstraintRelaxed,
                "`allOf` has fewer conditions".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(old: Value, new: Value) -> Vec<(String, ChangeKind)> {
        compare(&old, &new)
            .changes
            .into_iter()
            .map(|c| (c.location, c.kind))
            .collect()
    }

    fn obj(props: Value, required: &[&str]) -> Value {
        json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
    }

    /// The record schema of a version with a new record type: a new enum value of
    /// `record_type` (compatible) and a new `if`/`then` branch for it, which applies to no
    /// document the old schema accepted (compatible); a new branch on an old value tightens.
    #[test]
    fn a_branch_for_a_new_record_type_is_compatible() {
        let branch = |code: &str, required: &str| {
            json!({"if": {"properties": {"record_type": {"const": code}}, "required": ["record_type"]},
                   "then": {"required": [required]}})
        };
        let old = json!({"type": "object",
            "properties": {"record_type": {"enum": ["case", "referral"]}},
            "required": ["record_type"],
            "allOf": [branch("case", "subject"), branch("referral", "from")]});
        let mut new = old.clone();
        new["properties"]["record_type"]["enum"] = json!(["case", "referral", "tip"]);
        new["allOf"]
            .as_array_mut()
            .unwrap()
            .push(branch("tip", "channel"));
        let report = compare(&old, &new);
        assert!(report.is_compatible(), "{report}");
        assert_eq!(
            kinds(old.clone(), new),
            [("/record_type".to_owned(), ChangeKind::ValueAdded)]
        );
        // a new branch on a value the old schema accepts is a tightening
        let mut new = old.clone();
        new["allOf"]
            .as_array_mut()
            .unwrap()
            .push(branch("case", "consents"));
        assert!(!compare(&old, &new).is_compatible());
        // so is one whose condition does not require the property (it holds when it is absent)
        let mut new = old.clone();
        new["properties"]["record_type"]["enum"] = json!(["case", "referral", "tip"]);
        let mut open = branch("tip", "channel");
        open["if"]["required"] = json!([]);
        new["allOf"].as_array_mut().unwrap().push(open);
        assert!(!compare(&old, &new).is_compatible());
    }

    #[test]
    fn identical_schemas_have_no_change() {
        let s = obj(json!({"a": {"type": "string", "description": "x"}}), &["a"]);
        let mut t = s.clone();
        t["properties"]["a"]["description"] = json!("changed text");
        t["title"] = json!("documentation only");
        assert!(compare(&s, &t).changes.is_empty());
    }

    #[test]
    fn new_optional_property_is_compatible() {
        let k = kinds(
            obj(json!({"a": {"type": "string"}}), &["a"]),
            obj(
                json!({"a": {"type": "string"}, "b": {"type": "string"}}),
                &["a"],
            ),
        );
        assert_eq!(k, [("/b".to_owned(), ChangeKind::PropertyAdded)]);
        assert!(!ChangeKind::PropertyAdded.is_breaking());
    }

    #[test]
    fn new_required_property_is_breaking() {
        let k = kinds(
            obj(json!({"a": {"type": "string"}}), &[]),
            obj(
                json!({"a": {"type": "string"}, "b": {"type": "string"}}),
                &["b"],
            ),
        );
        assert_eq!(k, [("/b".to_owned(), ChangeKind::RequiredPropertyAdded)]);
        let k = kinds(
            obj(json!({"a": {"type": "string"}}), &[]),
            obj(json!({"a": {"type": "string"}}), &["a"]),
        );
        assert_eq!(k, [("/a".to_owned(), ChangeKind::BecameRequired)]);
        let k = kinds(
            obj(json!({"a": {"type": "string"}}), &["a"]),
            obj(json!({"a": {"type": "string"}}), &[]),
        );
        assert_eq!(k, [("/a".to_owned(), ChangeKind::BecameOptional)]);
    }

    #[test]
    fn removed_or_renamed_property_is_breaking() {
        let k = kinds(
            obj(
                json!({"a": {"type": "string"}, "b": {"type": "string"}}),
                &[],
            ),
            obj(json!({"a": {"type": "string"}}), &[]),
        );
        assert_eq!(k, [("/b".to_owned(), ChangeKind::PropertyRemoved)]);
        let report = compare(
            &obj(json!({"name": {"type": "string"}}), &["name"]),
            &obj(json!({"label": {"type": "string"}}), &["label"]),
        );
        assert!(!report.is_compatible());
        assert!(
            report
                .to_string()
                .contains("/name: property `name` removed"),
            "{report}"
        );
        assert!(report.to_string().contains("/label"), "{report}");
    }

    #[test]
    fn enum_values() {
        let k = kinds(
            json!({"enum": ["a", "b"]}),
            json!({"enum": ["a", "b", "c"]}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::ValueAdded)]);
        let k = kinds(json!({"enum": ["a", "b"]}), json!({"enum": ["a"]}));
        assert_eq!(k, [(String::new(), ChangeKind::ValueRemoved)]);
        let k = kinds(json!({"const": "a"}), json!({"enum": ["a", "b"]}));
        assert_eq!(k, [(String::new(), ChangeKind::ValueAdded)]);
        let k = kinds(
            json!({"type": "string"}),
            json!({"type": "string", "enum": ["a"]}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::ConstraintTightened)]);
    }

    #[test]
    fn enum_change_behind_refs_is_located() {
        let old = json!({"type": "object", "properties": {"g": {"anyOf": [{"$ref": "#/$defs/G"}, {"type": "null"}]}},
                         "$defs": {"G": {"type": "string", "enum": ["x", "y"]}}});
        let mut new = old.clone();
        new["$defs"]["G"]["enum"] = json!(["x"]);
        let report = compare(&old, &new);
        assert_eq!(report.changes.len(), 1, "{report}");
        assert_eq!(report.changes[0].location, "/g");
        assert!(report.to_string().contains("value `y` removed"), "{report}");
    }

    #[test]
    fn numeric_and_list_constraints() {
        let k = kinds(
            json!({"type": "integer", "minimum": 0}),
            json!({"type": "integer", "minimum": 1}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::ConstraintTightened)]);
        let k = kinds(
            json!({"type": "integer", "maximum": 120}),
            json!({"type": "integer", "maximum": 150}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::ConstraintRelaxed)]);
        let k = kinds(
            json!({"type": "integer", "maximum": 120}),
            json!({"type": "integer"}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::ConstraintRelaxed)]);
        let k = kinds(
            json!({"type": "array", "items": {"type": "string"}}),
            json!({"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true}),
        );
        assert_eq!(
            k,
            [
                (String::new(), ChangeKind::ConstraintTightened),
                (String::new(), ChangeKind::ConstraintTightened)
            ]
        );
        let k = kinds(
            json!({"type": "array", "items": {"type": "string", "pattern": "^a$"}}),
            json!({"type": "array", "items": {"type": "string", "pattern": "^[ab]$"}}),
        );
        assert_eq!(k, [("/*".to_owned(), ChangeKind::ConstraintTightened)]);
        let k = kinds(
            json!({"type": "string", "pattern": "^a$"}),
            json!({"type": "string"}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::ConstraintRelaxed)]);
    }

    #[test]
    fn portable_pattern_is_the_same_constraint() {
        let old = json!({"type": "string", "pattern": "^[a-z]{2}$(?!\\n)"});
        let new = json!({"type": "string", "pattern": "^[a-z]{2}$", "not": {"pattern": "\\n"}});
        assert_eq!(kinds(old.clone(), new), vec![]);
        // without the `not`, or with another pattern, it is a change
        let bare = json!({"type": "string", "pattern": "^[a-z]{2}$"});
        assert_eq!(kinds(old.clone(), bare).len(), 1);
        let other = json!({"type": "string", "pattern": "^[a-z]{3}$", "not": {"pattern": "\\n"}});
        assert!(!compare(&old, &other).is_compatible());
        // a pattern that can match a line feed itself is not rewritten safely
        for p in ["^.{2}$", "^[^a]{2}$", "^\\s$", "^[\\n]$"] {
            let old = json!({"pattern": format!("{p}(?!\\n)")});
            let new = json!({"pattern": p, "not": {"pattern": "\\n"}});
            assert!(!compare(&old, &new).is_compatible(), "{p}");
        }
        // a `not` added elsewhere tightens
        let tightened = json!({"type": "string", "not": {"const": "x"}});
        assert!(!compare(&json!({"type": "string"}), &tightened).is_compatible());
    }

    #[test]
    fn type_changes() {
        let k = kinds(json!({"type": "string"}), json!({"type": "integer"}));
        assert_eq!(
            k,
            [
                (String::new(), ChangeKind::TypeChanged),
                (String::new(), ChangeKind::TypeAdded)
            ]
        );
        let k = kinds(json!({"type": "integer"}), json!({"type": "number"}));
        assert_eq!(k, [(String::new(), ChangeKind::TypeAdded)]);
        let k = kinds(
            json!({"type": ["string", "null"]}),
            json!({"type": "string"}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::TypeChanged)]);
    }

    #[test]
    fn nullable_and_alternatives() {
        // a required field that became nullable: compatible
        let k = kinds(
            json!({"$ref": "#/$defs/T", "$defs": {"T": {"type": "string"}}}),
            json!({"anyOf": [{"$ref": "#/$defs/T"}, {"type": "null"}], "$defs": {"T": {"type": "string"}}}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::AlternativeAdded)]);
        // a tagged alternative removed: breaking
        let alt = |tag: &str| json!({"type": "object", "properties": {"status": {"const": tag}}, "required": ["status"]});
        let k = kinds(
            json!({"oneOf": [alt("exact"), alt("suppressed")]}),
            json!({"oneOf": [alt("exact")]}),
        );
        assert_eq!(k, [(String::new(), ChangeKind::AlternativeRemoved)]);
    }

    #[test]
    fn additional_properties() {
        let open = json!({"type": "object"});
        let closed = json!({"type": "object", "additionalProperties": false});
        assert_eq!(
            kinds(open.clone(), closed.clone()),
            [(String::new(), ChangeKind::ConstraintTightened)]
        );
        assert_eq!(
            kinds(closed, open),
            [(String::new(), ChangeKind::ConstraintRelaxed)]
        );
    }

    #[test]
    fn the_version_bump_of_schema_version_is_not_a_change_for_the_gate() {
        let v = |minor| SchemaVersion { major: 1, minor };
        let doc = |version: &str| {
            obj(
                json!({"schema_version": {"type": "string", "const": version}}),
                &["schema_version"],
            )
        };
        let report = gate(v(0), &doc("1.0"), v(1), &doc("1.1")).unwrap();
        assert!(report.changes.is_empty(), "{report}");
        // compare alone still sees it
        assert_eq!(compare(&doc("1.0"), &doc("1.1")).changes.len(), 2);
        // any other value is a change: the const of another version, or at another place
        assert!(gate(v(0), &doc("1.0"), v(1), &doc("1.2")).is_err());
        assert!(gate(v(0), &doc("1.0"), v(0), &doc("1.1")).is_err());
        let elsewhere = |version: &str| obj(json!({"x": {"const": version}}), &["x"]);
        assert!(gate(v(0), &elsewhere("1.0"), v(1), &elsewhere("1.1")).is_err());
    }

    #[test]
    fn gate_applies_the_versioning_policy() {
        let v = |major, minor| SchemaVersion { major, minor };
        let old = obj(json!({"a": {"type": "string"}}), &[]);
        let added = obj(
            json!({"a": {"type": "string"}, "b": {"type": "string"}}),
            &[],
        );
        let removed = obj(json!({}), &[]);
        assert!(
            gate(v(1, 0), &old, v(1, 0), &old)
                .unwrap()
                .changes
                .is_empty()
        );
        assert!(matches!(
            gate(v(1, 0), &old, v(1, 0), &added),
            Err(GateError::ReleasedChanged { .. })
        ));
        assert!(gate(v(1, 0), &old, v(1, 1), &added).is_ok());
        let err = gate(v(1, 0), &old, v(1, 1), &removed).unwrap_err();
        assert!(
            err.to_string()
                .contains("breaking: /a: property `a` removed"),
            "{err}"
        );
        assert!(gate(v(1, 0), &old, v(2, 0), &removed).is_ok());
        assert!(matches!(
            gate(v(1, 1), &old, v(1, 0), &old),
            Err(GateError::Backwards { .. })
        ));
    }
}
