//! Criminal-justice proceedings (version 1.1): parsing, and every rule on hand-built cases
//! (each rule fires on the case that breaks it, and only there), with a linear-cost check on
//! a large document.

use ctip_exchange::Record;
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::validate::{Report, RuleCode, ValidationOptions, validate_slice};
use serde_json::{Value, json};

const P1: &str = "ps1:ttctu2024:zlaicmtjpc4bz642fwhjtri3yheo3zo2";

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

/// A case with these criminal-justice fields and perpetrators.
fn case(cj: Value, perpetrators: Value) -> Value {
    json!({
        "record_type": "case",
        "schema_version": SchemaVersion::CURRENT.to_string(),
        "id": "tt-ctu-2024-0001",
        "producer": "tt.gov.ctu",
        "created_at": "2025-06-01T10:00:00Z",
        "subject": { "gender": "feminine" },
        "identification": { "date": "2024-02-01", "country": "TT" },
        "perpetrators": perpetrators,
        "criminal_justice": cj,
    })
}

fn run(doc: &Value) -> Report {
    let (record, report) = validate_slice(doc.to_string().as_bytes(), &options());
    assert!(record.is_some(), "does not parse: {report}");
    report
}

fn codes(report: &Report) -> Vec<(RuleCode, String)> {
    report
        .issues
        .iter()
        .map(|i| (i.code, i.pointer.clone()))
        .collect()
}

fn charge() -> Value {
    json!({ "iccs": "02042", "statute": { "country": "TT", "act": "Trafficking in Persons Act, 2011", "section": "16(1)" }, "offences": 3, "attempted": false })
}

/// A complete, consistent story: investigation, arrest, charges, magistrates, committal,
/// High Court, verdict (one charge convicted, one acquitted), sentence, appeal.
fn full() -> Value {
    let mut convicted = charge();
    convicted["outcome"] = json!("convicted");
    let mut acquitted = charge();
    acquitted["outcome"] = json!("acquitted");
    acquitted["iccs"] = json!("0204");
    case(
        json!({
            "investigation": "charges_filed",
            "prosecution": "convicted",
            "persons_investigated": 2,
            "persons_prosecuted": 1,
            "persons_convicted": 1,
            "protective_measures": ["video_link", "screen"],
            "proceedings": [
                { "kind": "investigation_opened", "date": "2024-02", "agency": "tt.gov.ctu" },
                { "kind": "suspect_identified", "date": "2024-02-20", "defendant": "D2" },
                { "kind": "arrest", "date": "2024-03-01", "defendant": P1, "agency": "tt.gov.ctu" },
                { "kind": "charge_laid", "date": "2024-03-02", "defendant": P1, "charges": [charge(), {"iccs": "0204"}] },
                { "kind": "first_appearance", "date": "2024-03-04", "defendant": P1, "court_level": "magistrates" },
                { "kind": "preliminary_inquiry", "date": "2024-05", "defendant": P1, "court_level": "magistrates" },
                { "kind": "committal", "date": "2024-09-10", "defendant": P1, "court_level": "magistrates" },
                { "kind": "indictment", "date": "2024-10", "defendant": P1, "court_level": "high_court" },
                { "kind": "trial_started", "date": "2025-01-13", "defendant": P1, "court_level": "high_court" },
                { "kind": "verdict", "date": "2025-02-03", "defendant": P1, "court_level": "high_court", "charges": [convicted, acquitted] },
                { "kind": "sentence", "date": "2025-03", "defendant": P1, "court_level": "high_court", "sentence": [
                    { "type": "imprisonment", "months": 120 },
                    { "type": "fine", "amount": { "amount": 500000, "currency": "TTD" } },
                    { "type": "compensation_order", "amount": { "amount": 75000.5, "currency": "TTD" } }
                ] },
                { "kind": "appeal_lodged", "date": "2025-03-20", "defendant": P1, "court_level": "court_of_appeal" }
            ]
        }),
        json!([
            { "roles": ["exploiter"], "defendant": P1, "sex": "male", "age_status": "adult", "legal_person": false, "citizenship": "TT" },
            { "roles": ["recruiter_or_intermediary"], "defendant": "D2", "sex": "female", "age_status": "juvenile" }
        ]),
    )
}

#[test]
fn a_consistent_story_is_valid_and_round_trips() {
    let doc = full();
    let report = run(&doc);
    assert!(report.issues.is_empty(), "{report}");
    let record = Record::from_slice(doc.to_string().as_bytes(), &Default::default()).unwrap();
    let back: Value = serde_json::from_str(&record.to_json()).unwrap();
    // amounts are numbers either way
    let sentence = &back["criminal_justice"]["proceedings"][10]["sentence"];
    assert_eq!(sentence[1]["amount"]["amount"], json!(500000));
    assert_eq!(back["perpetrators"][0]["defendant"], json!(P1));
    assert_eq!(
        back["criminal_justice"]["protective_measures"],
        json!(["video_link", "screen"])
    );
}

#[test]
fn events_out_of_date_order() {
    let mut doc = full();
    doc["criminal_justice"]["proceedings"][4]["date"] = json!("2024-01-15");
    let report = run(&doc);
    assert_eq!(
        codes(&report),
        [(
            RuleCode::ProceedingsEventOrder,
            "/criminal_justice/proceedings/4/date".to_owned()
        )],
        "{report}"
    );
    // A coarser date that may be on either side is not out of order.
    doc["criminal_justice"]["proceedings"][4]["date"] = json!("2024-03");
    assert!(run(&doc).issues.is_empty());
}

#[test]
fn a_verdict_needs_an_earlier_charge_for_that_defendant() {
    let mut doc = full();
    // the verdict names D2, who was never charged
    doc["criminal_justice"]["proceedings"][9]["defendant"] = json!("D2");
    let report = run(&doc);
    assert!(
        report.has(RuleCode::ProceedingsVerdictWithoutCharge),
        "{report}"
    );
    assert!(
        report
            .issues
            .iter()
            .any(|i| i.code == RuleCode::ProceedingsVerdictWithoutCharge
                && i.pointer == "/criminal_justice/proceedings/9/kind")
    );

    // a charge after the verdict does not count
    let mut doc = full();
    let ev = doc["criminal_justice"]["proceedings"]
        .as_array_mut()
        .unwrap();
    ev.retain(|e| e["kind"] != "charge_laid" && e["kind"] != "indictment");
    ev.push(json!({ "kind": "charge_laid", "date": "2025-12", "defendant": P1 }));
    let report = run(&doc);
    assert!(
        report.has(RuleCode::ProceedingsVerdictWithoutCharge),
        "{report}"
    );

    // a charge without a defendant reference is against every defendant of the case
    let mut doc = full();
    doc["criminal_justice"]["proceedings"][3]
        .as_object_mut()
        .unwrap()
        .remove("defendant");
    doc["criminal_justice"]["proceedings"][7]
        .as_object_mut()
        .unwrap()
        .remove("defendant");
    assert!(!run(&doc).has(RuleCode::ProceedingsVerdictWithoutCharge));
}

#[test]
fn a_sentence_only_after_a_conviction() {
    let mut doc = full();
    doc["criminal_justice"]["proceedings"][9]["charges"][0]["outcome"] = json!("acquitted");
    doc["criminal_justice"]["prosecution"] = json!("acquitted");
    doc["criminal_justice"]["persons_convicted"] = json!(0);
    let report = run(&doc);
    assert_eq!(
        codes(&report),
        [(
            RuleCode::ProceedingsSentenceWithoutConviction,
            "/criminal_justice/proceedings/10/kind".to_owned()
        )],
        "{report}"
    );
    // a sentence on another kind of event
    let mut doc = full();
    doc["criminal_justice"]["proceedings"][11]["sentence"] =
        json!([{ "type": "probation", "months": 6 }]);
    let report = run(&doc);
    assert_eq!(
        codes(&report),
        [(
            RuleCode::ProceedingsSentenceWithoutConviction,
            "/criminal_justice/proceedings/11/sentence".to_owned()
        )]
    );
}

#[test]
fn the_summary_agrees_with_the_proceedings() {
    let cases: &[(&str, Value, &str)] = &[
        (
            "persons_investigated",
            json!(1),
            "/criminal_justice/persons_investigated",
        ),
        (
            "persons_prosecuted",
            json!(0),
            "/criminal_justice/persons_prosecuted",
        ),
        (
            "persons_convicted",
            json!(0),
            "/criminal_justice/persons_convicted",
        ),
        (
            "prosecution",
            json!("ongoing"),
            "/criminal_justice/prosecution",
        ),
        (
            "investigation",
            json!("not_opened"),
            "/criminal_justice/investigation",
        ),
        (
            "investigation",
            json!("closed_without_charges"),
            "/criminal_justice/investigation",
        ),
    ];
    for (field, value, pointer) in cases {
        let mut doc = full();
        doc["criminal_justice"][field] = value.clone();
        let report = run(&doc);
        assert_eq!(
            codes(&report),
            [(RuleCode::ProceedingsSummaryMismatch, (*pointer).to_owned())],
            "{field}: {report}"
        );
    }
    // Larger counts are fine: the proceedings may list only some of the persons.
    let mut doc = full();
    doc["criminal_justice"]["persons_investigated"] = json!(9);
    doc["criminal_justice"]["persons_prosecuted"] = json!(4);
    assert!(run(&doc).issues.is_empty());
    // not_started with charges; convicted with verdicts that convict no one
    let mut doc = full();
    let ev = doc["criminal_justice"]["proceedings"]
        .as_array_mut()
        .unwrap();
    ev.truncate(4);
    doc["criminal_justice"]["prosecution"] = json!("not_started");
    doc["criminal_justice"]["persons_convicted"] = json!(0);
    let report = run(&doc);
    assert_eq!(
        codes(&report),
        [(
            RuleCode::ProceedingsSummaryMismatch,
            "/criminal_justice/prosecution".to_owned()
        )],
        "{report}"
    );
    // a 1.0-style case with no proceedings is not compared
    let mut doc = full();
    doc["criminal_justice"]
        .as_object_mut()
        .unwrap()
        .remove("proceedings");
    doc["criminal_justice"]["persons_convicted"] = json!(0);
    assert!(run(&doc).issues.is_empty());
}

#[test]
fn a_defendant_reference_names_one_perpetrator() {
    let mut doc = full();
    doc["perpetrators"][1]["defendant"] = json!(P1);
    let report = run(&doc);
    assert_eq!(
        codes(&report),
        [(
            RuleCode::ProceedingsDefendantRepeated,
            "/perpetrators/1/defendant".to_owned()
        )]
    );
}

#[test]
fn names_currencies_and_counts_are_refused_while_parsing() {
    let bad: &[(&str, Value, &str)] = &[
        (
            "a name as defendant",
            json!({"kind": "arrest", "date": "2024", "defendant": "John Smith"}),
            "/criminal_justice/proceedings/0/defendant",
        ),
        (
            "a label with a leading zero",
            json!({"kind": "arrest", "date": "2024", "defendant": "D01"}),
            "/criminal_justice/proceedings/0/defendant",
        ),
        (
            "an unknown event kind",
            json!({"kind": "raid", "date": "2024"}),
            "/criminal_justice/proceedings/0/kind",
        ),
        (
            "no date",
            json!({"kind": "arrest"}),
            "/criminal_justice/proceedings/0",
        ),
        (
            "an unknown court",
            json!({"kind": "verdict", "date": "2024", "court_level": "supreme"}),
            "/criminal_justice/proceedings/0/court_level",
        ),
        (
            "zero offences",
            json!({"kind": "charge_laid", "date": "2024", "charges": [{"offences": 0}]}),
            "/criminal_justice/proceedings/0/charges/0/offences",
        ),
        (
            "an unknown outcome",
            json!({"kind": "verdict", "date": "2024", "charges": [{"outcome": "guilty"}]}),
            "/criminal_justice/proceedings/0/charges/0/outcome",
        ),
        (
            "not a currency",
            json!({"kind": "sentence", "date": "2024", "sentence": [{"type": "fine", "amount": {"amount": 5, "currency": "XXX"}}]}),
            "/criminal_justice/proceedings/0/sentence/0/amount/currency",
        ),
        (
            "a negative fine",
            json!({"kind": "sentence", "date": "2024", "sentence": [{"type": "fine", "amount": {"amount": -5, "currency": "TTD"}}]}),
            "/criminal_justice/proceedings/0/sentence/0/amount",
        ),
        (
            "a statute without act",
            json!({"kind": "charge_laid", "date": "2024", "charges": [{"statute": {"country": "TT"}}]}),
            "/criminal_justice/proceedings/0/charges/0/statute",
        ),
    ];
    for (what, event, pointer) in bad {
        let doc = case(json!({ "proceedings": [event] }), json!([]));
        let (record, report) = validate_slice(doc.to_string().as_bytes(), &options());
        assert!(record.is_none(), "{what} was accepted");
        let issue = &report.issues[0];
        assert_eq!(issue.pointer, *pointer, "{what}: {report}");
        for secret in ["John", "guilty", "raid", "supreme"] {
            assert!(!issue.message.contains(secret), "{what}: {issue}");
        }
    }
}

#[test]
fn rules_are_linear_in_the_number_of_events() {
    // 20 000 events about 10 000 defendants: a pairwise check would do 10^8 comparisons.
    let mut events = Vec::new();
    for (kind, date) in [("charge_laid", "2024-03"), ("verdict", "2024-04")] {
        for i in 0..10_000u32 {
            let d = format!("D{}", i + 1);
            events.push(json!({ "kind": kind, "date": date, "defendant": d, "charges": [{"outcome": "acquitted"}] }));
        }
    }
    let doc = case(json!({ "proceedings": events }), json!([]));
    let report = run(&doc);
    assert!(report.issues.is_empty(), "{report}");
}

#[test]
fn a_1_0_document_with_proceedings_is_refused_with_a_pointer() {
    let mut doc = full();
    doc["schema_version"] = json!("1.0");
    let (record, report) = validate_slice(doc.to_string().as_bytes(), &options());
    assert!(record.is_none());
    assert!(report.has(RuleCode::StructureNewerThanDeclared), "{report}");
    assert_eq!(
        report.issues[0].pointer, "/perpetrators/0/defendant",
        "{report}"
    );
}
