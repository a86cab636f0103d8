//! Indicators from proceedings and timely support (version 1.1), tabulated from generated
//! cases and checked against a direct count written independently here: distinct defendants
//! (a ps1 reference in two cases is one person, a case-local label is local to its case),
//! offences, and days to the first service; then protected and audited as a release.

#![cfg(feature = "disclosure")]

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use ctip_exchange::Record;
use ctip_exchange::case::Case;
use ctip_exchange::disclosure::{
    Cell, DisclosurePolicy, IndicatorSetHeader, Table, TabulationSpec, audit, indicator_set,
    protect, tabulate,
};
use ctip_exchange::indicator::Period;
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::validate::{ValidationOptions, validate};
use ctip_exchange::vocab::{Dimension, IndicatorKind};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Six synthetic persons known by ps1 pseudonyms (the same person in any case).
fn ps1(i: usize) -> String {
    let body: String = (0..32)
        .map(|k| b"abcdefghijklmnopqrstuvwxyz234567"[(i * 7 + k * 3) % 32] as char)
        .collect();
    format!("ps1:ttctu2024:{body}")
}

/// The sex of a defendant: fixed per ps1 person, so every case says the same of them.
fn sex_of(defendant: &str, case: usize) -> &'static str {
    let h = defendant.bytes().map(usize::from).sum::<usize>()
        + if defendant.starts_with("ps1:") {
            0
        } else {
            case
        };
    ["male", "female", "male"][h % 3]
}

const KINDS: &[&str] = &[
    "investigation_opened",
    "suspect_identified",
    "arrest",
    "charge_laid",
    "file_to_prosecutor",
    "first_appearance",
    "committal",
    "trial_started",
    "verdict",
    "sentence",
    "case_closed",
];

/// One generated event: (kind index, defendant: None, a ps1 person 0-5 or a label D1-D3,
/// month of 2024, convicted, offences).
type Ev = (usize, Option<(bool, usize)>, u32, bool, u32);

fn event() -> impl Strategy<Value = Ev> {
    (
        0..KINDS.len(),
        proptest::option::weighted(0.9, (any::<bool>(), 0usize..6)),
        1u32..=12,
        any::<bool>(),
        1u32..4,
    )
}

fn reference(d: (bool, usize)) -> String {
    if d.0 {
        ps1(d.1)
    } else {
        format!("D{}", d.1 % 3 + 1)
    }
}

/// A case: its events, whether it refused statistics consent, identification month and a
/// service start (days after identification).
fn generated_case(
    n: usize,
    events: &[Ev],
    refused: bool,
    month: u32,
    service: Option<u32>,
) -> Value {
    let mut events: Vec<&Ev> = events.iter().collect();
    events.sort_by_key(|e| e.2);
    let proceedings: Vec<Value> = events
        .iter()
        .map(|(k, d, m, convicted, offences)| {
            let mut e = json!({ "kind": KINDS[*k], "date": format!("2024-{m:02}") });
            if let Some(d) = d {
                e["defendant"] = json!(reference(*d));
            }
            match KINDS[*k] {
                "charge_laid" => {
                    e["charges"] =
                        json!([{ "iccs": "02042", "offences": offences }, { "iccs": "02041" }])
                }
                "verdict" => {
                    e["charges"] =
                        json!([{ "outcome": if *convicted { "convicted" } else { "acquitted" } }])
                }
                _ => {}
            }
            e
        })
        .collect();
    let refs: BTreeSet<String> = events.iter().filter_map(|e| e.1.map(reference)).collect();
    let perpetrators: Vec<Value> = refs
        .iter()
        .map(|r| json!({ "roles": ["exploiter"], "defendant": r, "sex": sex_of(r, n), "age_status": "adult" }))
        .collect();
    let ident = NaiveDate::from_ymd_opt(2024, month, 1).unwrap();
    let mut case = json!({
        "record_type": "case",
        "schema_version": SchemaVersion::CURRENT.to_string(),
        "id": format!("tt-gen-{n}"),
        "producer": "tt.gov.ctu",
        "created_at": "2025-06-01T00:00:00Z",
        "subject": { "gender": "feminine" },
        "identification": { "date": ident.to_string(), "country": "TT" },
        "criminal_justice": { "proceedings": proceedings },
        "consents": [{ "purpose": "statistics", "status": if refused { "refused" } else { "granted" }, "decided_on": "2024" }],
    });
    if perpetrators.is_empty() {
        case.as_object_mut().unwrap().remove("perpetrators");
    } else {
        case["perpetrators"] = json!(perpetrators);
    }
    if let Some(days) = service {
        let start = ident + chrono::Days::new(u64::from(days));
        case["assistance"] = json!([
            { "service": "shelter", "status": "completed", "start": start.to_string() },
            { "service": "medical", "status": "planned", "start": ident.to_string() }
        ]);
    }
    case
}

fn spec(kind: IndicatorKind, dims: Vec<Dimension>) -> TabulationSpec {
    TabulationSpec::new(
        kind,
        Period::new("2024".parse().unwrap(), "2024".parse().unwrap()),
        vec!["TT".parse().unwrap()],
        dims,
    )
}

fn count(t: &Table, codes: &[&str]) -> u64 {
    match t.get(codes).unwrap() {
        Cell::Count(n) => n,
        other => panic!("{other:?}"),
    }
}

/// The direct count: for each kind, the distinct persons (key: the ps1 text, or case id and
/// label, or case id alone for the unnamed defendant) with a qualifying event, by sex.
fn direct(cases: &[Value], kind: &str) -> BTreeMap<String, String> {
    let mut persons: BTreeMap<String, String> = BTreeMap::new();
    for c in cases {
        if c["consents"][0]["status"] == "refused" {
            continue;
        }
        let id = c["id"].as_str().unwrap();
        for e in c["criminal_justice"]["proceedings"].as_array().unwrap() {
            let k = e["kind"].as_str().unwrap();
            let convicts = k == "verdict" && e["charges"][0]["outcome"] == "convicted";
            let counts = match kind {
                "investigated" => {
                    e.get("defendant").is_some()
                        || !["investigation_opened", "case_closed"].contains(&k)
                }
                "contact" => !["investigation_opened", "case_closed"].contains(&k),
                "prosecuted" => ![
                    "investigation_opened",
                    "suspect_identified",
                    "arrest",
                    "case_closed",
                ]
                .contains(&k),
                "convicted" => convicts,
                "sentenced" => k == "sentence",
                _ => unreachable!(),
            };
            if !counts {
                continue;
            }
            let (key, sex) = match e.get("defendant").and_then(Value::as_str) {
                Some(d) if d.starts_with("ps1:") => (d.to_owned(), sex_of(d, 0).to_owned()),
                Some(d) => {
                    let n: usize = id.trim_start_matches("tt-gen-").parse().unwrap();
                    (format!("{id}/{d}"), sex_of(d, n).to_owned())
                }
                None => (format!("{id}/"), "unknown".to_owned()),
            };
            persons.insert(key, sex);
        }
    }
    persons
}

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn distinct_defendants_match_a_direct_count_and_pass_disclosure_control(
        generated in proptest::collection::vec(
            (proptest::collection::vec(event(), 0..8), proptest::bool::weighted(0.15), 1u32..=12, proptest::option::of(0u32..120)),
            1..24,
        )
    ) {
        let docs: Vec<Value> = generated
            .iter()
            .enumerate()
            .map(|(n, (events, refused, month, service))| generated_case(n, events, *refused, *month, *service))
            .collect();
        let cases: Vec<Case> = docs
            .iter()
            .map(|d| match Record::from_slice(d.to_string().as_bytes(), &Default::default()).unwrap() {
                Record::Case(c) => *c,
                _ => unreachable!(),
            })
            .collect();
        for (kind, name) in [
            (IndicatorKind::PersonsInvestigated, "investigated"),
            (IndicatorKind::PersonsInFormalContact, "contact"),
            (IndicatorKind::PersonsProsecuted, "prosecuted"),
            (IndicatorKind::PersonsConvicted, "convicted"),
            (IndicatorKind::PersonsSentenced, "sentenced"),
        ] {
            let expected = direct(&docs, name);
            let t = tabulate(&cases, &spec(kind, vec![Dimension::Sex, Dimension::AgeStatus])).unwrap();
            prop_assert_eq!(t.counted, expected.len(), "{}", name);
            prop_assert_eq!(count(&t.table, &["total", "total"]), expected.len() as u64);
            for sex in ["male", "female", "unknown"] {
                let n = expected.values().filter(|s| *s == sex).count() as u64;
                prop_assert_eq!(count(&t.table, &[sex, "total"]), n, "{} {}", name, sex);
            }
            // protected and audited as the attacker would
            let policy = DisclosurePolicy::new(3);
            let release = protect(&t.table, &policy).unwrap();
            prop_assert!(audit(&release.table, policy.protection_width).unwrap().passed());
            let dims = [Dimension::Sex, Dimension::AgeStatus];
            let ind = release.to_indicator(format!("{}-by-sex", kind.as_str()).parse().unwrap(), kind, &dims).unwrap();
            let header = IndicatorSetHeader {
                id: "tt-justice-2024".parse().unwrap(),
                producer: "tt.gov.ctu".parse().unwrap(),
                created_at: "2025-06-01T00:00:00Z".parse().unwrap(),
                title: None,
                period: Period::new("2024".parse().unwrap(), "2024".parse().unwrap()),
                countries: vec!["TT".parse().unwrap()],
            };
            let set = indicator_set(header, vec![(ind, &release)]).unwrap();
            let report = validate(&Record::IndicatorSet(Box::new(set)), &options());
            prop_assert_eq!(report.errors().count(), 0, "{}", report);
        }

        // offences: each defendant's first charge_laid in each case, 2 charges (n + 1 offences)
        let mut offences = 0u64;
        for d in docs.iter().filter(|d| d["consents"][0]["status"] != "refused") {
            let mut seen = BTreeSet::new();
            for e in d["criminal_justice"]["proceedings"].as_array().unwrap() {
                if e["kind"] == "charge_laid" && seen.insert(e.get("defendant").map(Value::to_string)) {
                    offences += e["charges"][0]["offences"].as_u64().unwrap() + 1;
                }
            }
        }
        let t = tabulate(&cases, &spec(IndicatorKind::OffencesRecorded, vec![Dimension::Iccs])).unwrap();
        prop_assert_eq!(count(&t.table, &["total"]), offences);
        prop_assert_eq!(t.counted as u64, offences);

        // days to first service, by band (the planned service does not count)
        let mut bands: BTreeMap<&str, u64> = BTreeMap::new();
        for (_, refused, _, service) in &generated {
            if let (false, Some(days)) = (refused, service) {
                let band = match days { 0..=7 => "0-7", 8..=30 => "8-30", 31..=90 => "31-90", _ => "91+" };
                *bands.entry(band).or_default() += 1;
            }
        }
        let t = tabulate(&cases, &spec(IndicatorKind::VictimsTimeToFirstService, vec![Dimension::TimeToFirstService])).unwrap();
        for band in ["0-7", "8-30", "31-90", "91+"] {
            prop_assert_eq!(count(&t.table, &[band]), bands.get(band).copied().unwrap_or(0), "{}", band);
        }
    }
}

#[test]
fn one_person_in_two_cases_is_one_defendant_and_labels_stay_in_their_case() {
    let ev = |d: &str| vec![(3usize, Some((d == "ps1", 2usize)), 3u32, false, 1u32)];
    let docs = [
        generated_case(0, &ev("ps1"), false, 2, None),
        generated_case(1, &ev("ps1"), false, 2, None),
        generated_case(2, &ev("D"), false, 2, None),
        generated_case(3, &ev("D"), false, 2, None),
    ];
    let cases: Vec<Case> = docs
        .iter()
        .map(|d| serde_json::from_value(d.clone()).unwrap())
        .collect();
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::PersonsProsecuted, vec![Dimension::Sex]),
    )
    .unwrap();
    // the ps1 person once, and D3 of case 2 and D3 of case 3 as two persons
    assert_eq!(t.counted, 3);
    assert_eq!(t.linked_cases, 2);
    // a dimension the crime-trends survey does not use for persons is refused, with a reason
    let err = tabulate(
        &cases,
        &spec(
            IndicatorKind::PersonsProsecuted,
            vec![Dimension::ExploitationType],
        ),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not available"), "{err}");
}

#[test]
fn defendants_outside_the_period_or_geography_are_counted_as_excluded() {
    let ev = vec![(3usize, Some((true, 1usize)), 3u32, false, 1u32)];
    let mut jm = generated_case(0, &ev, false, 2, None);
    jm["identification"]["country"] = json!("JM");
    let mut late = generated_case(1, &[(3, Some((false, 0)), 3, false, 1)], false, 2, None);
    late["criminal_justice"]["proceedings"][0]["date"] = json!("2025-02");
    let cases: Vec<Case> = [jm, late]
        .iter()
        .map(|d| serde_json::from_value(d.clone()).unwrap())
        .collect();
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::PersonsProsecuted, vec![Dimension::Year]),
    )
    .unwrap();
    assert_eq!(t.counted, 0);
    assert_eq!(t.excluded.outside_geography, 1);
    assert_eq!(t.excluded.outside_period, 1);
}

/// A year dimension over a long period, repeated (as `ctip publish --by year,year,...` asks):
/// refused with a clear error before anything of that size is allocated (the interior's size
/// once overflowed, a panic in debug builds and a capacity overflow in release ones).
#[test]
fn repeated_long_year_dimensions_are_refused() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/1.1/examples/valid/case-proceedings-tt-high-court.json");
    let case: Case =
        match Record::from_slice(&std::fs::read(path).unwrap(), &Default::default()).unwrap() {
            Record::Case(c) => *c,
            _ => panic!("not a case"),
        };
    for kind in [
        IndicatorKind::OffencesRecorded,
        IndicatorKind::PersonsProsecuted,
    ] {
        for n in [2, 6] {
            let spec = TabulationSpec::new(
                kind,
                Period::new("1000".parse().unwrap(), "9999".parse().unwrap()),
                vec!["TT".parse().unwrap()],
                vec![Dimension::Year; n],
            );
            let e = tabulate(std::slice::from_ref(&case), &spec).unwrap_err();
            assert!(
                e.to_string().contains("year appears twice"),
                "{kind:?} x{n}: {e}"
            );
        }
    }
}
