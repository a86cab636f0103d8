//! Properties of the typed model over generated records.

mod strategies;

use ctip_exchange::validate::{ValidationOptions, validate, validate_slice};
use ctip_exchange::{Limits, Record};
use proptest::prelude::*;
use serde_json::Value;
use strategies::{record, reference_time};

/// 256 cases, or PROPTEST_CASES.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The reference time, and a disclosure budget sized for the generator's tables: the joint
/// audit of linked indicators of up to 64 interior cells can need more than the default
/// (a 48-cell joint table of two nested victims kinds needed between 1 and 2 million units),
/// and over budget validation rightly warns `indicator.audit_incomplete`, which is not what
/// this property is about (`tests/disclosure_budget.rs` covers the budget).
fn options() -> ValidationOptions {
    ValidationOptions::at(reference_time()).with_disclosure_budget(16_000_000)
}

proptest! {
    #![proptest_config(config())]

    /// serialize, parse, equal
    #[test]
    fn records_round_trip(record in record()) {
        let json = record.to_json();
        let again = Record::from_slice(json.as_bytes(), &Limits::default());
        prop_assert!(again.is_ok(), "{:?}\n{json}", again.err());
        prop_assert_eq!(again.unwrap(), record);
    }

    /// generated records are valid: no issue at all
    #[test]
    fn generated_records_validate_clean(record in record()) {
        let report = validate(&record, &options());
        prop_assert!(report.issues.is_empty(), "{report}\n{}", record.to_json());
    }

    /// No message repeats a value from the record: markers put in a random place of a
    /// valid record (replacing a value, or as an unknown field) never reach a message.
    #[test]
    fn messages_never_contain_record_values(
        record in record(),
        marker in "[A-Za-z]{6}",
        pick in any::<prop::sample::Index>(),
        mode in 0u8..4,
    ) {
        let marker = format!("QZX{marker}");
        let mut value: Value = serde_json::to_value(&record).unwrap();
        let mut leaves = Vec::new();
        collect_paths(&value, String::new(), &mut leaves);
        let path = pick.get(&leaves).clone();
        let target = value.pointer_mut(&path).unwrap();
        match mode {
            0 => *target = Value::String(marker.clone()),
            1 => *target = Value::String(format!("{marker}@example.org +1 868 555 0100")),
            2 => *target = serde_json::json!({ marker.clone(): marker.clone() }),
            _ => {
                if let Some(obj) = value.as_object_mut() {
                    obj.insert("unexpected".into(), Value::String(marker.clone()));
                }
            }
        }
        let bytes = serde_json::to_vec(&value).unwrap();
        let (_, report) = validate_slice(&bytes, &options());
        for issue in &report.issues {
            prop_assert!(!issue.message.contains(&marker), "{path}: {issue}");
            prop_assert!(!issue.message.contains("QZX"), "{path}: {issue}");
        }
    }
}

fn collect_paths(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                collect_paths(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect_paths(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// The example documents, as seeds for byte-level mutation.
fn seeds() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/1.0/examples/valid");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// Untrusted bytes never make reading or validation panic: examples with random bytes
    /// overwritten, inserted or cut, and plain random bytes.
    #[test]
    fn mutated_bytes_never_panic(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
        random in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let seeds = seeds();
        let mut bytes = seed.get(&seeds).clone();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len().max(1)).min(bytes.len());
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => bytes.truncate(i),
            }
        }
        let (record, report) = validate_slice(&bytes, &options());
        prop_assert_eq!(record.is_none(), report.issues.iter().any(|i| i.code.as_str().starts_with("json.") || i.code.as_str().starts_with("structure.")));
        let _ = validate_slice(&random, &options());
    }
}
