//! The typed path and the published schema agree (the schemars test-suite idea):
//!
//! - every generated record serializes to JSON the schema accepts;
//! - a fixed list of mutations of valid documents is rejected by both;
//! - random mutations of generated records: typed parsing accepts exactly when the schema
//!   accepts.
//!
//! Out of scope of the agreement, because JSON Schema works on the parsed JSON value and
//! cannot see them: duplicate keys and nesting deeper than the limit (refused by the reader
//! before parsing), and integers beyond 2^64 - 1. Integers written as `26.0` or `2.6e1` are
//! integers to both sides (see `integer_spelling_agrees`).
//!
//! Cases per property: `CTIP_AGREEMENT_CASES` (default 1,000 per record type).

mod strategies;

mod schema_support;
use schema_support::independent;
use std::path::Path;

use ctip_exchange::schema::SchemaKind;
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::{Limits, Record};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

fn config() -> ProptestConfig {
    let cases = std::env::var("CTIP_AGREEMENT_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn schema_ok(kind: SchemaKind, doc: &Value) -> bool {
    independent(kind).is_valid(doc)
}

fn schema_errors(kind: SchemaKind, doc: &Value) -> Vec<String> {
    independent(kind)
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e.masked(), e.instance_path().as_str()))
        .collect()
}

fn typed(doc: &Value) -> Result<Record, ctip_exchange::Error> {
    Record::from_slice(&serde_json::to_vec(doc).unwrap(), &Limits::default())
}

fn kind_of(doc: &Value) -> SchemaKind {
    match doc["record_type"].as_str() {
        Some("referral") => SchemaKind::Referral,
        Some("indicator_set") => SchemaKind::IndicatorSet,
        Some("tip") => SchemaKind::Tip,
        _ => SchemaKind::Case,
    }
}

/// Every generated record is accepted by its schema and by the any-record schema.
fn accepted(record: &Record) -> Result<(), TestCaseError> {
    let doc = serde_json::to_value(record).unwrap();
    let kind = SchemaKind::from(record.record_type());
    prop_assert!(
        schema_ok(kind, &doc),
        "{kind}: {:?}\n{doc}",
        schema_errors(kind, &doc)
    );
    prop_assert!(
        schema_ok(SchemaKind::Record, &doc),
        "record: {:?}\n{doc}",
        schema_errors(SchemaKind::Record, &doc)
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Random mutations

/// Values a mutation may put anywhere: every JSON type, boundary numbers, near-miss codes,
/// dates and timestamps.
fn pool() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(1.5),
        json!(2.0),
        json!(1e2),
        json!(-3.0),
        json!(4294967296.0),
        json!(120),
        json!(121),
        json!(255),
        json!(256),
        json!(4294967295u64),
        json!(4294967296u64),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!(" "),
        json!("x"),
        json!("has space"),
        json!("-x"),
        json!("unknown"),
        json!("total"),
        json!("1.0"),
        json!("2.0"),
        json!("1998"),
        json!("1998-13"),
        json!("1998-00"),
        json!("1998-02-30"),
        json!("2023-02-29"),
        json!("2024-02-29"),
        json!("0999"),
        json!("2024-07-15"),
        json!("2024-03-01T14:30:00Z"),
        json!("2024-03-01T14:30:00.5Z"),
        json!("2024-02-30T00:00:00Z"),
        json!("2024-03-01T14:30:00+01:00"),
        json!("2024-03-01T24:00:00Z"),
        json!("TT"),
        json!("tt"),
        json!("XX"),
        json!("00"),
        json!("en"),
        json!("eng"),
        json!("pap"),
        json!("feminine"),
        json!("female"),
        json!("requested"),
        json!("completed"),
        json!("exact"),
        json!("suppressed"),
        json!("shelter"),
        json!("tt.gov.ctu"),
        json!("TT-POS"),
        json!("tt-POS"),
        json!("XX-01"),
        json!("TT-ABCD"),
        json!("hotline"),
        json!("case_opened"),
        json!({"min": 1, "max": 3}),
        json!({"country": "TT", "subdivision": "TT-POS"}),
        json!("org.example.key"),
        json!("ps1:k:ABC"),
        json!("case-1\n"),
        json!("café"),
        json!("２０２１"),
        json!("a".repeat(128)),
        json!("a".repeat(129)),
        json!("p".repeat(256)),
        json!("p".repeat(257)),
        json!(format!("org.example.{}", "k".repeat(243))),
        json!("TT\n"),
        json!("2024-07-15\n"),
        json!("2024-03-01T14:30:00Z\n"),
        json!("org.example.key\n"),
        json!([]),
        json!({}),
        json!(["TT"]),
        json!(["TT", "TT"]),
        json!(["x"]),
        json!([1]),
        json!({"status": "exact", "count": 3}),
        json!({"status": "exact"}),
        json!({"status": "suppressed"}),
        json!({"status": "suppressed", "count": 3}),
        json!({"status": "not_available"}),
        json!({"org.example.key": 1}),
        json!({"bad": 1}),
        json!({"sex": "female"}),
        json!({"nope": "female"}),
    ]
}

/// Keys a mutation may add to an object: unknown names, and names that exist elsewhere.
const KEYS: &[&str] = &[
    "zz_unknown",
    "note",
    "title",
    "status",
    "count",
    "end",
    "consent",
    "override",
    "org.example.key",
    "org.example.key\n",
    "sex",
    "first_name",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Remove a member of an object.
    Remove(Index),
    /// Replace any value with one of the pool.
    Replace(Index, Index),
    /// Copy one value of the document over another.
    Copy(Index, Index),
    /// Add a key to an object, with a value of the pool.
    AddKey(Index, Index, Index),
    /// Repeat the first item of an array.
    RepeatItem(Index),
    /// Empty an array.
    Empty(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Remove),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Replace(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Copy(a, b)),
        (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(a, b, c)| Mutation::AddKey(a, b, c)),
        any::<Index>().prop_map(Mutation::RepeatItem),
        any::<Index>().prop_map(Mutation::Empty),
    ]
}

/// Every value in the document with its JSON Pointer (the root excluded).
fn paths(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    if !at.is_empty() {
        out.push((at.clone(), v.clone()));
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                paths(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                paths(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn split(pointer: &str) -> (&str, String) {
    let i = pointer.rfind('/').unwrap();
    (
        &pointer[..i],
        pointer[i + 1..].replace("~1", "/").replace("~0", "~"),
    )
}

/// Applies a mutation; returns a description of it.
fn apply(doc: &mut Value, m: &Mutation) -> String {
    let mut all = Vec::new();
    paths(doc, String::new(), &mut all);
    let pool = pool();
    let objects: Vec<String> = std::iter::once(String::new())
        .chain(
            all.iter()
                .filter(|(_, v)| v.is_object())
                .map(|(p, _)| p.clone()),
        )
        .collect();
    let arrays: Vec<String> = all
        .iter()
        .filter(|(_, v)| v.as_array().is_some_and(|a| !a.is_empty()))
        .map(|(p, _)| p.clone())
        .collect();
    match m {
        Mutation::Remove(i) => {
            let members: Vec<&String> = all
                .iter()
                .map(|(p, _)| p)
                .filter(|p| doc.pointer(split(p).0).is_some_and(Value::is_object))
                .collect();
            let p = i.get(&members).to_string();
            let (parent, key) = split(&p);
            doc.pointer_mut(parent)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove(&key);
            format!("remove {p}")
        }
        Mutation::Replace(i, v) => {
            let (p, _) = i.get(&all);
            let p = p.clone();
            let value = v.get(&pool).clone();
            *doc.pointer_mut(&p).unwrap() = value.clone();
            format!("replace {p} with {value}")
        }
        Mutation::Copy(from, to) => {
            let (_, value) = from.get(&all).clone();
            let (p, _) = to.get(&all);
            let p = p.clone();
            *doc.pointer_mut(&p).unwrap() = value.clone();
            format!("copy {value} to {p}")
        }
        Mutation::AddKey(o, k, v) => {
            let p = o.get(&objects).clone();
            let key = k.get(KEYS).to_string();
            let value = v.get(&pool).clone();
            doc.pointer_mut(&p)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .insert(key.clone(), value.clone());
            format!("add {key}: {value} to {p}")
        }
        Mutation::RepeatItem(i) if !arrays.is_empty() => {
            let p = i.get(&arrays).clone();
            let a = doc.pointer_mut(&p).unwrap().as_array_mut().unwrap();
            a.push(a[0].clone());
            format!("repeat the first item of {p}")
        }
        Mutation::Empty(i) if !arrays.is_empty() => {
            let p = i.get(&arrays).clone();
            *doc.pointer_mut(&p).unwrap() = json!([]);
            format!("empty {p}")
        }
        _ => "nothing".into(),
    }
}

/// The supported version older than the current one that a mutated document declares.
fn older_version(doc: &Value) -> Option<SchemaVersion> {
    let declared = doc.get("schema_version")?.as_str()?;
    SchemaVersion::SUPPORTED
        .iter()
        .copied()
        .find(|v| *v != SchemaVersion::CURRENT && v.to_string() == declared)
}

fn agree(record: &Record, mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let mut doc = serde_json::to_value(record).unwrap();
    let kind = SchemaKind::from(record.record_type());
    let what: Vec<String> = mutations.iter().map(|m| apply(&mut doc, m)).collect();
    let typed = typed(&doc);
    if let Some(older) = older_version(&doc) {
        // Typed parsing reads every supported version (an older one is checked against what
        // that version could hold, then migrated), so its verdict is that version's schema's.
        let published = schema_support::published(SchemaKind::Record, older);
        prop_assert_eq!(
            typed.is_ok(),
            published.is_valid(&doc),
            "typed parsing and the published {} record schema disagree after {:?}\ntyped: {:?}\n{}",
            older,
            what,
            typed.as_ref().err(),
            doc
        );
        return Ok(());
    }
    let any = schema_ok(SchemaKind::Record, &doc);
    let own = schema_ok(kind, &doc);
    prop_assert_eq!(
        typed.is_ok(),
        any,
        "typed parsing and record.schema.json disagree after {:?}\ntyped: {:?}\nschema: {:?}\n{}",
        what,
        typed.as_ref().err(),
        schema_errors(SchemaKind::Record, &doc),
        doc
    );
    prop_assert_eq!(
        own,
        any,
        "{} and record.schema.json disagree after {:?}",
        kind,
        what
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_cases_pass_the_schema(c in strategies::case()) {
        accepted(&Record::from(c))?;
    }

    #[test]
    fn generated_referrals_pass_the_schema(r in strategies::referral()) {
        accepted(&Record::from(r))?;
    }

    #[test]
    fn generated_indicator_sets_pass_the_schema(s in strategies::indicator_set()) {
        accepted(&Record::from(s))?;
    }

    #[test]
    fn mutated_cases_agree(c in strategies::case(), m in prop::collection::vec(mutation(), 1..3)) {
        agree(&Record::from(c), &m)?;
    }

    #[test]
    fn mutated_referrals_agree(r in strategies::referral(), m in prop::collection::vec(mutation(), 1..3)) {
        agree(&Record::from(r), &m)?;
    }

    #[test]
    fn mutated_indicator_sets_agree(s in strategies::indicator_set(), m in prop::collection::vec(mutation(), 1..3)) {
        agree(&Record::from(s), &m)?;
    }

    #[test]
    fn generated_tips_pass_the_schema(t in strategies::tip()) {
        accepted(&Record::from(t))?;
    }

    #[test]
    fn mutated_tips_agree(t in strategies::tip(), m in prop::collection::vec(mutation(), 1..3)) {
        agree(&Record::from(t), &m)?;
    }
}

// ---------------------------------------------------------------------------------------
// Fixed mutations

fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.1/examples/valid")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

enum Op {
    Remove,
    Set(Value),
}

/// (what, example, pointer, operation): each must be rejected by both sides.
fn fixed_mutations() -> Vec<(&'static str, &'static str, &'static str, Op)> {
    use Op::*;
    const CASE: &str = "case-tt-domestic-work.json";
    const REF: &str = "referral-tt-shelter-completed.json";
    const IND: &str = "indicators-tt-2024-victims.json";
    vec![
        ("remove a required field", CASE, "/id", Remove),
        ("remove a required field", CASE, "/subject", Remove),
        ("remove a required field", REF, "/urgency", Remove),
        (
            "remove a required nested field",
            REF,
            "/history/0/by",
            Remove,
        ),
        ("remove a required field", IND, "/period", Remove),
        (
            "remove the count of an exact cell",
            IND,
            "/indicators/0/cells/0/value/count",
            Remove,
        ),
        (
            "wrong type: age as a string",
            CASE,
            "/subject/age_at_identification",
            Set(json!("26")),
        ),
        (
            "wrong type: timestamp as a number",
            CASE,
            "/created_at",
            Set(json!(1722612000)),
        ),
        (
            "wrong type: list as a string",
            CASE,
            "/subject/languages",
            Set(json!("es")),
        ),
        (
            "wrong type: object as a list",
            REF,
            "/from",
            Set(json!(["tt.gov.ctu"])),
        ),
        (
            "wrong type: boolean as a string",
            CASE,
            "/trafficking/abducted",
            Set(json!("no")),
        ),
        (
            "wrong type: null for a required field",
            REF,
            "/status",
            Set(json!(null)),
        ),
        (
            "wrong type: null for extensions",
            CASE,
            "/extensions",
            Set(json!(null)),
        ),
        (
            "wrong type: fraction for a count",
            IND,
            "/indicators/0/cells/0/value/count",
            Set(json!(1.5)),
        ),
        (
            "value outside an enum",
            CASE,
            "/subject/gender",
            Set(json!("female")),
        ),
        ("value outside an enum", REF, "/status", Set(json!("done"))),
        (
            "value outside an enum",
            IND,
            "/indicators/0/kind",
            Set(json!("victims")),
        ),
        (
            "record_type of another record",
            CASE,
            "/record_type",
            Set(json!("referral")),
        ),
        (
            "unsupported version",
            CASE,
            "/schema_version",
            Set(json!("1.2")),
        ),
        (
            "unknown country",
            CASE,
            "/subject/citizenships/0",
            Set(json!("XX")),
        ),
        (
            "CTDC unknown country code",
            CASE,
            "/identification/country",
            Set(json!("00")),
        ),
        (
            "lower-case country",
            IND,
            "/geography/countries/0",
            Set(json!("tt")),
        ),
        (
            "ISO 639-2 where 639-1 exists",
            CASE,
            "/subject/languages/0",
            Set(json!("spa")),
        ),
        (
            "unknown cell status",
            IND,
            "/indicators/0/cells/0/value/status",
            Set(json!("rounded")),
        ),
        (
            "cell status as an externally tagged enum object",
            IND,
            "/indicators/0/cells/0/value/status",
            Set(json!({"exact": null})),
        ),
        (
            "unknown dimension in coordinates",
            IND,
            "/indicators/0/cells/0/coordinates",
            Set(json!({"gender": "female"})),
        ),
        (
            "bad pattern: id with a space",
            CASE,
            "/id",
            Set(json!("case 1")),
        ),
        (
            "bad pattern: id starting with a dash",
            REF,
            "/producer",
            Set(json!("-tt")),
        ),
        (
            "bad pattern: id too long",
            REF,
            "/case_ref",
            Set(json!("a".repeat(129))),
        ),
        (
            "bad pattern: pseudonym with a space",
            REF,
            "/subject_ref",
            Set(json!("ps1 x")),
        ),
        (
            "bad pattern: extension key",
            CASE,
            "/extensions",
            Set(json!({"nonamespace": 1})),
        ),
        (
            "bad pattern: date with one-digit month",
            CASE,
            "/subject/birth_date",
            Set(json!("1998-2")),
        ),
        (
            "bad pattern: timestamp with an offset",
            CASE,
            "/created_at",
            Set(json!("2024-08-02T15:20:00+01:00")),
        ),
        (
            "bad pattern: timestamp without Z",
            REF,
            "/history/0/at",
            Set(json!("2024-08-02T16:00:00")),
        ),
        (
            "bad pattern: version",
            CASE,
            "/schema_version",
            Set(json!("1")),
        ),
        (
            "month 13",
            CASE,
            "/trafficking/status_decided_on",
            Set(json!("2024-13")),
        ),
        (
            "month 13 in a timestamp",
            REF,
            "/created_at",
            Set(json!("2024-13-02T16:00:00Z")),
        ),
        (
            "February 30",
            CASE,
            "/identification/date",
            Set(json!("2024-02-30")),
        ),
        (
            "February 29 of a common year",
            IND,
            "/period/start",
            Set(json!("2023-02-29")),
        ),
        (
            "February 30 in a timestamp",
            REF,
            "/updated_at",
            Set(json!("2024-02-30T10:00:00Z")),
        ),
        (
            "April 31 in a timestamp",
            CASE,
            "/created_at",
            Set(json!("2024-04-31T10:00:00Z")),
        ),
        (
            "hour 24",
            CASE,
            "/created_at",
            Set(json!("2024-04-01T24:00:00Z")),
        ),
        (
            "year before 1000",
            CASE,
            "/subject/birth_date",
            Set(json!("0999")),
        ),
        (
            "out-of-range age",
            CASE,
            "/subject/age_at_identification",
            Set(json!(121)),
        ),
        (
            "negative age",
            CASE,
            "/subject/age_at_identification",
            Set(json!(-1)),
        ),
        (
            "negative count",
            IND,
            "/indicators/0/cells/0/value/count",
            Set(json!(-1)),
        ),
        (
            "count beyond u32",
            CASE,
            "/criminal_justice/persons_investigated",
            Set(json!(4294967296u64)),
        ),
        (
            "negative threshold",
            IND,
            "/disclosure/threshold",
            Set(json!(-5)),
        ),
        (
            "unknown property",
            CASE,
            "/subject/first_name",
            Set(json!("Marisol")),
        ),
        (
            "unknown property at the top",
            REF,
            "/phone",
            Set(json!("555")),
        ),
        (
            "unknown property in a cell value",
            IND,
            "/indicators/0/cells/1/value/count",
            Set(json!(3)),
        ),
        (
            "both consent and override",
            REF,
            "/consent/override",
            Set(
                json!({"reason": "child_best_interest", "authorized_by": "tt.gov.ctu", "decided_on": "2024-08-02"}),
            ),
        ),
        ("empty required list", REF, "/services", Set(json!([]))),
        ("empty required list", REF, "/history", Set(json!([]))),
        (
            "empty required list",
            IND,
            "/geography/countries",
            Set(json!([])),
        ),
        (
            "empty required list",
            CASE,
            "/perpetrators/0/roles",
            Set(json!([])),
        ),
        (
            "repeated item in a unique list",
            REF,
            "/services",
            Set(json!(["shelter", "shelter"])),
        ),
        (
            "repeated item in a unique list",
            CASE,
            "/subject/citizenships",
            Set(json!(["VE", "VE"])),
        ),
        (
            "repeated item in a unique list",
            IND,
            "/disclosure/methods",
            Set(json!(["threshold_suppression", "threshold_suppression"])),
        ),
        (
            "repeated item in a unique list",
            CASE,
            "/consents/1/organizations",
            Set(json!(["iom.tt", "iom.tt"])),
        ),
    ]
}

#[test]
fn fixed_mutations_are_rejected_by_both() {
    let mutations = fixed_mutations();
    assert!(mutations.len() >= 50);
    for (what, file, pointer, op) in mutations {
        let mut doc = example(file);
        let (parent, key) = split(pointer);
        let target = doc
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{what}: {file} has no {parent}"));
        match (target, op) {
            (Value::Object(m), Op::Remove) => {
                assert!(m.remove(&key).is_some(), "{what}: {file} has no {pointer}");
            }
            (Value::Object(m), Op::Set(v)) => {
                m.insert(key, v);
            }
            (Value::Array(a), Op::Set(v)) => a[key.parse::<usize>().unwrap()] = v,
            _ => panic!("{what}: cannot apply at {pointer}"),
        }
        let kind = kind_of(&example(file));
        assert!(
            typed(&doc).is_err(),
            "{what} ({file} {pointer}): typed parsing accepted it"
        );
        assert!(
            !schema_ok(kind, &doc),
            "{what} ({file} {pointer}): {kind} accepted it"
        );
        assert!(
            !schema_ok(SchemaKind::Record, &doc),
            "{what} ({file} {pointer}): record.schema.json accepted it"
        );
    }
}

/// A struct written as an array of its fields in order is refused by both sides, wherever it
/// is in the document (serde_json's derived structs alone would take it).
#[test]
fn struct_as_array_is_refused_by_both() {
    let mut doc = example("referral-tt-shelter-completed.json");
    doc["from"] = json!(["tt.gov.ctu", "law_enforcement"]);
    assert!(!schema_ok(SchemaKind::Referral, &doc));
    assert!(!schema_ok(SchemaKind::Record, &doc));
    match typed(&doc).unwrap_err() {
        ctip_exchange::Error::Structure {
            code,
            pointer,
            message,
        } => {
            assert_eq!(code, ctip_exchange::RuleCode::StructureWrongType);
            assert_eq!(pointer, "/from");
            assert!(!message.contains("tt.gov.ctu"), "{message}");
            assert!(!message.contains("law_enforcement"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    // every object of every example (outside the free-form extensions), as the array of its
    // values
    let mut checked = 0;
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.1/examples/valid"))
            .unwrap()
    {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let original = example(&name);
        let kind = kind_of(&original);
        let mut all = Vec::new();
        paths(&original, String::new(), &mut all);
        for (pointer, value) in all {
            let Value::Object(object) = value else {
                continue;
            };
            if pointer.contains("/extensions") {
                continue;
            }
            let mut doc = original.clone();
            *doc.pointer_mut(&pointer).unwrap() =
                Value::Array(object.into_iter().map(|(_, v)| v).collect());
            assert!(
                !schema_ok(kind, &doc),
                "{name} {pointer}: the schema accepted it"
            );
            assert!(
                !schema_ok(SchemaKind::Record, &doc),
                "{name} {pointer}: record.schema.json accepted it"
            );
            // (an externally tagged enum, like the referral's `consent`, written as an array
            // is refused by serde_json with a syntax error, which the reader turns into
            // `structure.wrong_type` at its pointer: the document is well-formed)
            match typed(&doc) {
                Err(ctip_exchange::Error::Structure {
                    code, pointer: at, ..
                }) => {
                    assert_eq!(
                        code,
                        ctip_exchange::RuleCode::StructureWrongType,
                        "{name} {pointer}"
                    );
                    assert_eq!(at, pointer, "{name}");
                }
                Err(_) => {}
                Ok(_) => panic!("{name} {pointer}: typed parsing accepted it"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 50, "{checked}");
}

/// JSON Schema (draft 2020-12) counts a number with a zero fractional part as an integer;
/// so does typed parsing: `26.0` and `2.6e1` are 26 for every integer of the standard (age,
/// person counts, cell counts, disclosure parameters), and `26.5` is refused by both.
#[test]
fn integer_spelling_agrees() {
    let case = "case-tt-domestic-work.json";
    let cj = "indicators-jm-2023-criminal-justice.json";
    let ages = "indicators-caribbean-2023-age-sex.json";
    let mut targets = vec![
        (case, "/subject/age_at_identification".to_owned()),
        (case, "/criminal_justice/persons_investigated".to_owned()),
        (case, "/criminal_justice/persons_prosecuted".to_owned()),
        (case, "/criminal_justice/persons_convicted".to_owned()),
        (ages, "/disclosure/threshold".to_owned()),
        (ages, "/disclosure/rounding_base".to_owned()),
        (ages, "/disclosure/protection_width".to_owned()),
    ];
    for file in [cj, ages] {
        let doc = example(file);
        let cells = doc["indicators"][0]["cells"].as_array().unwrap();
        let i = cells
            .iter()
            .position(|c| c["value"]["count"].is_u64())
            .unwrap_or_else(|| panic!("{file} has no exact cell"));
        targets.push((file, format!("/indicators/0/cells/{i}/value/count")));
    }
    for (file, pointer) in targets {
        let original = example(file);
        let kind = kind_of(&original);
        let (parent, key) = split(&pointer);
        let set = |value: Value| {
            let mut doc = original.clone();
            doc.pointer_mut(parent)
                .unwrap_or_else(|| panic!("{file} has no {parent}"))
                .as_object_mut()
                .unwrap()
                .insert(key.clone(), value);
            doc
        };
        // the value already there, when there is one, keeps the document's rules happy
        let n = original
            .pointer(&pointer)
            .and_then(Value::as_u64)
            .unwrap_or(3);
        for spelling in [format!("{n}.0"), format!("{n}e0"), format!("{}e-1", n * 10)] {
            let value: Value = serde_json::from_str(&spelling).unwrap();
            assert!(value.is_f64(), "{spelling}");
            let doc = set(value);
            assert!(
                schema_ok(kind, &doc),
                "{file} {pointer} = {spelling}: {:?}",
                schema_errors(kind, &doc)
            );
            assert!(
                schema_ok(SchemaKind::Record, &doc),
                "{file} {pointer} = {spelling}"
            );
            let record =
                typed(&doc).unwrap_or_else(|e| panic!("{file} {pointer} = {spelling}: {e}"));
            // written back as a plain integer
            let back = serde_json::to_value(&record).unwrap();
            assert_eq!(back.pointer(&pointer), Some(&json!(n)), "{file} {pointer}");
        }
        for bad in [json!(n as f64 + 0.5), json!(-1.0), json!(-(n as f64))] {
            if bad == json!(-0.0) {
                continue;
            }
            let doc = set(bad.clone());
            assert!(
                !schema_ok(kind, &doc),
                "{file} {pointer} = {bad}: the schema accepted it"
            );
            assert!(
                typed(&doc).is_err(),
                "{file} {pointer} = {bad}: typed parsing accepted it"
            );
        }
    }
}

/// Every 1.1 example relabelled as 1.0: typed parsing (which reads the older version, refuses
/// what it could not hold, and migrates the rest) accepts exactly what the frozen 1.0 record
/// schema accepts. Those holding 1.1 additions or being tips are refused by both; the rest are
/// accepted by both.
#[test]
fn relabelled_as_an_older_version_agrees_with_its_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.1/examples/valid");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let (mut accepted, mut refused) = (0, 0);
    for name in names {
        let mut doc = example(&name);
        doc["schema_version"] = json!("1.0");
        let older = older_version(&doc).unwrap();
        let schema = schema_support::published(SchemaKind::Record, older).is_valid(&doc);
        assert_eq!(
            typed(&doc).is_ok(),
            schema,
            "{name} as 1.0: typed {:?}",
            typed(&doc).err()
        );
        if schema { accepted += 1 } else { refused += 1 }
    }
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
}
