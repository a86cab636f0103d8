//! The `tip` record type (version 1.1): the published examples, the refusal of a tip that
//! declares 1.0, generated tips against the rules, and the tip indicators through
//! disclosure control, checked against an independent count made from the JSON documents.

mod strategies;

mod schema_support;
use schema_support::independent;

use std::fs;
use std::path::{Path, PathBuf};

use ctip_exchange::schema::SchemaKind;
use ctip_exchange::validate::{RuleCode, ValidationOptions, validate, validate_slice};
use ctip_exchange::{Limits, Record, RecordType};
use proptest::prelude::*;
use serde_json::Value;

const REFERENCE_TIME: &str = "2026-01-01T00:00:00Z";

fn options() -> ValidationOptions {
    ValidationOptions::at(REFERENCE_TIME.parse().unwrap())
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.1/examples/valid")
        .join(name)
}

fn examples(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.1/examples")
        .join(folder);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.ends_with(".json") && (name.starts_with("tip") || name.contains("--tip-"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn valid_tip_examples_read_validate_and_pass_the_schema() {
    let files = examples("valid");
    assert!(files.len() >= 4, "{files:?}");
    for path in files {
        let bytes = fs::read(&path).unwrap();
        let (record, report) = validate_slice(&bytes, &options());
        assert!(report.issues.is_empty(), "{}: {report}", path.display());
        let Some(Record::Tip(tip)) = record else {
            panic!("{}: not a tip", path.display())
        };
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        assert!(
            independent(SchemaKind::Tip).is_valid(&doc),
            "{}",
            path.display()
        );
        assert!(
            independent(SchemaKind::Record).is_valid(&doc),
            "{}",
            path.display()
        );
        // the typed record writes back the same document
        assert_eq!(
            serde_json::to_value(&*tip).unwrap(),
            doc,
            "{}",
            path.display()
        );
    }
}

/// Each invalid example raises exactly the rule its name says (the part before `--`), and
/// the schema's verdict agrees with the typed path for the structural ones.
#[test]
fn invalid_tip_examples_raise_exactly_their_rule() {
    let files = examples("invalid");
    assert!(files.len() >= 10, "{files:?}");
    let mut seen = std::collections::BTreeSet::new();
    for path in files {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let code = RuleCode::from_code(stem.split("--").next().unwrap())
            .unwrap_or_else(|| panic!("{stem}: not a rule code"));
        seen.insert(code);
        let bytes = fs::read(&path).unwrap();
        let (record, report) = validate_slice(&bytes, &options());
        let codes: std::collections::BTreeSet<RuleCode> =
            report.issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, [code].into(), "{stem}: {report}");
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        let structural = code.as_str().starts_with("structure.");
        assert_eq!(record.is_none(), structural, "{stem}");
        assert_eq!(
            independent(SchemaKind::Tip).is_valid(&doc),
            !structural,
            "{stem}"
        );
        // no message repeats a value of the record
        if let Some(note) = doc.get("note").and_then(Value::as_str) {
            assert!(!report.to_string().contains(note), "{stem}");
        }
    }
    for code in [
        RuleCode::TipRoutingBeforeReceipt,
        RuleCode::TipOutcomeCaseRef,
        RuleCode::TipEstimateRange,
        RuleCode::TipSubdivisionCountry,
        RuleCode::TipReporterNotPseudonym,
        RuleCode::TipOnlineIdentifier,
    ] {
        assert!(seen.contains(&code), "no invalid example for {code}");
    }
}

/// Version 1.0 has no tip: a tip declaring 1.0 is refused with a pointer to its version,
/// through both byte entry points, and never upgraded into a 1.1 tip.
#[test]
fn a_tip_declaring_1_0_is_refused() {
    let doc = fs::read_to_string(example("tip-tt-hotline-case-opened.json"))
        .unwrap()
        .replace("\"schema_version\": \"1.1\"", "\"schema_version\": \"1.0\"");
    assert!(doc.contains("\"1.0\""));
    let err = Record::from_slice(doc.as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(err.pointer(), "/schema_version", "{err}");
    assert!(err.to_string().contains("tip"), "{err}");
    assert!(err.to_string().contains("1.1"), "{err}");
    let (record, report) = validate_slice(doc.as_bytes(), &options());
    assert!(record.is_none() && !report.is_valid());
    assert_eq!(report.issues[0].pointer, "/schema_version");
    #[cfg(feature = "schema-validation")]
    {
        let (record, report) = ctip_exchange::schema::validate_payload(doc.as_bytes(), &options());
        assert!(record.is_none() && !report.is_valid(), "{report}");
        assert_eq!(report.issues[0].pointer, "/schema_version");
    }
    assert_eq!(RecordType::Tip.since().to_string(), "1.1");
    assert_eq!(RecordType::from_code("tip"), Some(RecordType::Tip));
}

#[test]
fn debug_of_a_tip_record_hides_its_note() {
    let bytes = fs::read(example("tip-tt-hotline-case-opened.json")).unwrap();
    let record = Record::from_slice(&bytes, &Limits::default()).unwrap();
    let Record::Tip(tip) = &record else { panic!() };
    let note = tip.note.clone().unwrap();
    let shown = format!("{record:?}");
    assert!(!shown.contains(&note), "{shown}");
    assert!(shown.contains("<redacted>"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Generated tips parse back to themselves and break no rule.
    #[test]
    fn generated_tips_round_trip_and_are_valid(tip in strategies::tip()) {
        let json = serde_json::to_vec(&tip).unwrap();
        let record = Record::from_slice(&json, &Limits::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&json))))?;
        prop_assert_eq!(&record, &Record::from(tip.clone()));
        let report = validate(&record, &ValidationOptions::at(strategies::reference_time()));
        prop_assert!(report.is_valid(), "{}\n{}", report, String::from_utf8_lossy(&json));
    }
}

// ---------------------------------------------------------------------------------------
// Tip indicators through disclosure control

#[cfg(feature = "disclosure")]
mod indicators {
    use super::*;
    use std::collections::BTreeMap;

    use ctip_exchange::disclosure::{
        Cell, DisclosurePolicy, IndicatorSetHeader, TipTabulationSpec, audit, indicator_set,
        protect, tabulate_tips,
    };
    use ctip_exchange::indicator::Period;
    use ctip_exchange::tip::Tip;
    use ctip_exchange::vocab::{Dimension, IndicatorKind};
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    /// Many generated tips (deterministic), placed in TT or JM in 2024-2025 so that the
    /// table's cells are large enough to publish some and suppress others.
    fn tips(n: usize) -> Vec<Tip> {
        let mut runner = TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
        );
        let strategy = strategies::tip();
        (0..n)
            .map(|i| {
                let mut tip = strategy.new_tree(&mut runner).unwrap().current();
                // spread over two countries and two years, a few without location
                let doc = serde_json::to_value(&tip).unwrap();
                let mut doc = doc;
                let country = ["TT", "JM", "TT", "GY"][i % 4];
                doc["location"] = if i % 17 == 0 {
                    Value::Null
                } else {
                    serde_json::json!({ "country": country })
                };
                let year = 2024 + (i % 3) as i32; // 2024, 2025, 2026 (outside)
                let received = format!("{year}-0{}-1{}T10:00:00Z", 1 + i % 9, i % 10);
                doc["received_at"] = received.clone().into();
                doc["created_at"] = received.into();
                doc.as_object_mut().unwrap().remove("updated_at");
                if let Some(routing) = doc.get_mut("routing").and_then(Value::as_array_mut) {
                    for r in routing {
                        r["at"] = doc_time(year);
                    }
                }
                if let Some(outcome) = doc.get_mut("outcome") {
                    outcome.as_object_mut().unwrap().remove("decided_on");
                }
                let doc = strip_nulls(doc);
                tip = match Record::from_slice(
                    &serde_json::to_vec(&doc).unwrap(),
                    &Limits::default(),
                ) {
                    Ok(Record::Tip(t)) => *t,
                    other => panic!("{other:?}\n{doc}"),
                };
                tip
            })
            .collect()
    }

    fn doc_time(year: i32) -> Value {
        format!("{year}-12-31T23:00:00Z").into()
    }

    fn strip_nulls(v: Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k, strip_nulls(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    /// The independent count: read the JSON documents, not the typed model or the
    /// tabulation, and count tips per (channel, minors) in 2024-2025 in TT and JM.
    fn direct_counts(tips: &[Tip], kind: IndicatorKind) -> BTreeMap<(String, String), u64> {
        let mut out = BTreeMap::new();
        for tip in tips {
            let doc = serde_json::to_value(tip).unwrap();
            let year = &doc["received_at"].as_str().unwrap()[..4];
            if year != "2024" && year != "2025" {
                continue;
            }
            match doc["location"]["country"].as_str() {
                Some("TT") | Some("JM") => {}
                _ => continue,
            }
            let routed = doc["routing"]
                .as_array()
                .is_some_and(|r| r.iter().any(|x| x["status"] != "declined"));
            let case = doc["outcome"]["kind"] == "case_opened";
            let counted = match kind {
                IndicatorKind::TipsReceived => true,
                IndicatorKind::TipsRouted => routed,
                IndicatorKind::TipsLeadingToCase => case,
                _ => unreachable!(),
            };
            if !counted {
                continue;
            }
            let channel = doc["channel"].as_str().unwrap().to_owned();
            let minors = match doc["minors_suspected"].as_bool() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            }
            .to_owned();
            for key in [
                (channel.clone(), minors.clone()),
                (channel.clone(), "total".to_owned()),
                ("total".to_owned(), minors.clone()),
                ("total".to_owned(), "total".to_owned()),
            ] {
                *out.entry(key).or_insert(0) += 1;
            }
        }
        out
    }

    #[test]
    fn tip_indicators_agree_with_a_direct_count_and_pass_disclosure_control() {
        let tips = tips(600);
        let period = Period::new("2024".parse().unwrap(), "2025".parse().unwrap());
        let countries = vec!["TT".parse().unwrap(), "JM".parse().unwrap()];
        let dims = vec![Dimension::TipChannel, Dimension::MinorsSuspected];
        let policy = DisclosurePolicy::new(5);
        let mut releases = Vec::new();
        for kind in [
            IndicatorKind::TipsReceived,
            IndicatorKind::TipsRouted,
            IndicatorKind::TipsLeadingToCase,
        ] {
            let spec = TipTabulationSpec::new(kind, period, countries.clone(), dims.clone());
            let t = tabulate_tips(&tips, &spec).unwrap();
            assert_eq!(t.counted + t.excluded.total(), tips.len(), "{kind}");
            let direct = direct_counts(&tips, kind);
            // every cell of the true table is the direct count (0 where none)
            for (name, cell) in t.table.cells() {
                let key = (name.0[0].1.clone(), name.0[1].1.clone());
                let expected = direct.get(&key).copied().unwrap_or(0);
                assert_eq!(cell, Cell::Count(expected), "{kind} {name}");
            }
            assert!(t.counted > 0, "{kind}");
            // protected: every published count is the true count and at least the
            // threshold (or 0), the rest suppressed, and the attacker's audit passes
            let release = protect(&t.table, &policy).unwrap();
            assert!(
                audit(&release.table, policy.protection_width)
                    .unwrap()
                    .passed()
            );
            let mut suppressed = 0;
            for (name, cell) in release.table.cells() {
                let truth = t
                    .table
                    .get(&name.0.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>());
                match cell {
                    Cell::Count(n) => {
                        assert_eq!(Ok(Cell::Count(n)), truth, "{kind} {name}");
                        assert!(n == 0 || n >= 5, "{kind} {name}");
                    }
                    Cell::Suppressed(_) => suppressed += 1,
                    Cell::NotAvailable => panic!("{kind} {name}: not available"),
                }
            }
            if kind == IndicatorKind::TipsLeadingToCase {
                assert!(suppressed > 0, "small counts of cases are suppressed");
            }
            let indicator = release
                .to_indicator(
                    format!("{}-by-channel-minors", kind.as_str().replace('_', "-"))
                        .parse()
                        .unwrap(),
                    kind,
                    &dims,
                )
                .unwrap();
            assert_eq!(indicator.unit.as_str(), "tips");
            releases.push((indicator, release));
        }
        // the three indicators count nested tips: protected separately, they may not go
        // into one set (their shared margins link them)
        let header = IndicatorSetHeader {
            id: "tt-jm-tips-2024-2025".parse().unwrap(),
            producer: "tt.gov.ctu-hotline".parse().unwrap(),
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            title: None,
            period,
            countries,
        };
        let pairs: Vec<_> = releases.iter().map(|(i, r)| (i.clone(), r)).collect();
        assert!(indicator_set(header.clone(), pairs).is_err());
        // one indicator alone makes a set that validates
        let (indicator, release) = &releases[0];
        let set = indicator_set(header, vec![(indicator.clone(), release)]).unwrap();
        let report = validate(&Record::IndicatorSet(Box::new(set)), &options());
        assert!(report.is_valid(), "{report}");
    }
}
