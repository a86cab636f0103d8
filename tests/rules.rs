//! Focused tests of the semantic rules: each rule on the edge between passing and failing,
//! in particular with partial dates, where only a sure violation is an error.

use ctip_exchange::validate::{RuleCode, ValidationOptions, validate_slice};
use serde_json::{Value, json};

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

fn example(name: &str) -> Value {
    let path = format!(
        "{}/schemas/1.0/examples/valid/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The rule codes a document raises.
fn codes(doc: &Value) -> Vec<RuleCode> {
    let (_, report) = validate_slice(&serde_json::to_vec(doc).unwrap(), &options());
    report.issues.iter().map(|i| i.code).collect()
}

fn case() -> Value {
    example("case-tt-domestic-work.json")
}

fn referral() -> Value {
    example("referral-tt-shelter-completed.json")
}

#[cfg(feature = "disclosure")]
fn indicators() -> Value {
    example("indicators-tt-2024-victims.json")
}

#[test]
fn partial_dates_are_errors_only_when_surely_out_of_order() {
    let mut doc = case();
    // identified in July 2024; an event ending "2024" may end in July: not an error
    doc["trafficking"]["events"][2]["end"] = json!("2024");
    doc["trafficking"]["events"][2]["start"] = json!("2024-07");
    assert_eq!(codes(&doc), vec![]);
    // an event that surely ends before it starts is
    doc["trafficking"]["events"][2]["end"] = json!("2024-06");
    assert_eq!(codes(&doc), vec![RuleCode::DateOrder]);
}

#[test]
fn birth_after_identification() {
    let mut doc = case();
    for field in ["trafficking", "assistance", "case_management"] {
        doc.as_object_mut().unwrap().remove(field);
    }
    doc["subject"] = json!({"birth_date": "2024-07"});
    assert_eq!(codes(&doc), vec![]);
    doc["subject"] = json!({"birth_date": "2024-08"});
    assert!(codes(&doc).contains(&RuleCode::DateOrder));
}

#[test]
fn future_dates_against_the_reference_time() {
    let mut doc = case();
    doc["case_management"]["opened_on"] = json!("2026");
    assert_eq!(codes(&doc), vec![], "2026 contains the reference day");
    doc["case_management"]["opened_on"] = json!("2026-01-02");
    assert_eq!(codes(&doc), vec![RuleCode::DateFuture]);
    let mut doc = case();
    doc["updated_at"] = json!("2026-01-01T00:00:01Z");
    assert_eq!(codes(&doc), vec![RuleCode::DateFuture]);
    doc["updated_at"] = json!("2024-08-01T00:00:00Z");
    assert_eq!(
        codes(&doc),
        vec![RuleCode::DateOrder],
        "updated before created"
    );
}

#[test]
fn ages_birth_dates_bands_and_majority_agree() {
    let mut doc = case();
    // born in 1998, identified 2024-07-29: 25 or 26
    for (age, ok) in [(25, true), (26, true), (24, false), (27, false)] {
        doc["subject"]["age_at_identification"] = json!(age);
        doc["subject"]["age_band"] = json!(if age <= 26 { "24-26" } else { "27-29" });
        assert_eq!(codes(&doc).is_empty(), ok, "age {age}: {:?}", codes(&doc));
    }
    let mut doc = case();
    doc["subject"] = json!({"birth_date": "2006-09-01", "majority": "minor"});
    assert_eq!(codes(&doc), vec![], "17 on 2024-07-29");
    doc["subject"]["majority"] = json!("adult");
    assert_eq!(codes(&doc), vec![RuleCode::AgeInconsistent]);
    doc["subject"] = json!({"age_band": "9-17", "majority": "adult"});
    assert_eq!(codes(&doc), vec![RuleCode::AgeInconsistent]);
    doc["subject"] = json!({"majority": "minor", "majority_at_exploitation": "adult"});
    assert_eq!(codes(&doc), vec![RuleCode::AgeInconsistent]);
    doc["subject"] = json!({"majority": "adult", "majority_at_exploitation": "minor"});
    assert_eq!(codes(&doc), vec![]);
}

#[test]
fn referral_transitions_follow_the_lifecycle() {
    let at = |m: u32| format!("2024-08-02T16:{m:02}:00Z");
    let history = |steps: &[&str]| -> Value {
        Value::Array(
            steps
                .iter()
                .enumerate()
                .map(|(i, s)| json!({"status": s, "at": at(i as u32), "by": "tt.ngo.safe-haven"}))
                .collect(),
        )
    };
    let mut doc = referral();
    for (steps, ok) in [
        (&["requested"][..], true),
        (
            &["requested", "accepted", "in_progress", "completed"][..],
            true,
        ),
        (&["requested", "rejected"][..], true),
        (&["requested", "received", "cancelled"][..], true),
        (&["requested", "accepted", "failed"][..], true),
        (&["requested", "completed"][..], false),
        (&["requested", "rejected", "accepted"][..], false),
        (&["received", "accepted"][..], false),
        (&["requested", "in_progress"][..], false),
    ] {
        doc["history"] = history(steps);
        doc["status"] = json!(steps[steps.len() - 1]);
        doc["created_at"] = json!(at(0));
        let found = codes(&doc);
        assert_eq!(found.is_empty(), ok, "{steps:?}: {found:?}");
        if !ok {
            assert_eq!(found, vec![RuleCode::ReferralTransition], "{steps:?}");
        }
    }
}

#[test]
fn referral_consent() {
    let mut doc = referral();
    // given the same day as the referral: fine
    doc["consent"]["consent"]["decided_on"] = json!("2024-08");
    assert_eq!(codes(&doc), vec![]);
    // given after the referral: missing at the time
    doc["consent"]["consent"]["decided_on"] = json!("2024-08-03");
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentMissing]);
    // refused
    let mut doc = referral();
    doc["consent"]["consent"]["status"] = json!("refused");
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentMissing]);
    // a consent for another purpose
    let mut doc = referral();
    doc["consent"]["consent"]["purpose"] = json!("data_sharing");
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentMissing]);
    // withdrawn after the referral was completed: fine; while still open: a warning
    let mut doc = referral();
    doc["consent"]["consent"]["status"] = json!("withdrawn");
    doc["consent"]["consent"]["withdrawn_on"] = json!("2025-01");
    assert_eq!(codes(&doc), vec![]);
    doc["status"] = json!("in_progress");
    doc["history"].as_array_mut().unwrap().pop();
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentWithdrawnOpen]);
    // withdrawn the same month as the referral: not surely before, so no error
    doc["consent"]["consent"]["withdrawn_on"] = json!("2024-08");
    assert!(!codes(&doc).contains(&RuleCode::ReferralConsentWithdrawn));
    // expired before
    let mut doc = referral();
    doc["consent"]["consent"]["expires_on"] = json!("2024-08-01");
    doc["consent"]["consent"]["decided_on"] = json!("2024-07-01");
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentWithdrawn]);
    // an override decided after the referral
    let mut doc = referral();
    doc["consent"] = json!({"override": {"reason": "imminent_danger", "authorized_by": "tt.gov.ctu", "decided_on": "2024-08-05"}});
    assert_eq!(codes(&doc), vec![RuleCode::DateOrder]);
    doc["consent"]["override"]["decided_on"] = json!("2024-08-02");
    assert_eq!(codes(&doc), vec![]);
}

#[test]
#[cfg(feature = "disclosure")] // without the solver every suppressed indicator also gets audit_incomplete
fn totals_single_and_multi_select() {
    let mut doc = indicators();
    // single-select: 31 + 0 exact parts, total 31 is fine, 30 is not. The victims by form
    // are the same persons, so their total changes with it (two totals of one population
    // that differ contradict each other: the whole-set audit reports it).
    doc["indicators"][0]["cells"][4]["value"]["count"] = json!(31);
    doc["indicators"][1]["cells"][3]["value"]["count"] = json!(31);
    assert_eq!(codes(&doc), vec![]);
    doc["indicators"][0]["cells"][4]["value"]["count"] = json!(30);
    doc["indicators"][1]["cells"][3]["value"]["count"] = json!(30);
    assert_eq!(codes(&doc), vec![RuleCode::IndicatorTotalLessThanParts]);
    // multi-select: parts 24 and 19 sum to more than 30 persons, and that is fine (the
    // victims by sex, 43 of them, are left out: they would be other persons)
    let mut doc = indicators();
    doc["indicators"].as_array_mut().unwrap().remove(0);
    doc["indicators"][0]["cells"][3]["value"]["count"] = json!(30);
    assert_eq!(codes(&doc), vec![]);
    doc["indicators"][0]["cells"][3]["value"]["count"] = json!(23);
    assert_eq!(codes(&doc), vec![RuleCode::IndicatorTotalLessThanParts]);
    // the same numbers declared single-select are an error
    doc["indicators"][0]["cells"][3]["value"]["count"] = json!(30);
    doc["indicators"][0]["dimensions"][0]["multi_select"] = json!(false);
    assert_eq!(codes(&doc), vec![RuleCode::IndicatorTotalLessThanParts]);
}

#[test]
#[cfg(feature = "disclosure")] // without the solver every suppressed indicator also gets audit_incomplete
fn thresholds_zeros_and_rounding() {
    let mut doc = indicators();
    doc["indicators"][2]["cells"][0]["value"]["count"] = json!(5);
    assert_eq!(codes(&doc), vec![], "5 is at the threshold of 5");
    doc["indicators"][2]["cells"][0]["value"]["count"] = json!(4);
    assert_eq!(codes(&doc), vec![RuleCode::IndicatorBelowThreshold]);
    let mut doc = indicators();
    doc["disclosure"]["zeros_sensitive"] = json!(true);
    assert_eq!(
        codes(&doc),
        vec![RuleCode::IndicatorBelowThreshold],
        "the published 0 of sex=other"
    );
    let mut doc = indicators();
    doc["disclosure"]["rounding_base"] = json!(3);
    assert_eq!(
        codes(&doc),
        vec![RuleCode::IndicatorDisclosureInconsistent],
        "a base without a rounding method"
    );
    doc["disclosure"]["methods"] = json!(["threshold_suppression", "rounding"]);
    let found = codes(&doc);
    assert!(
        found.iter().all(|c| *c == RuleCode::IndicatorNotRounded) && !found.is_empty(),
        "{found:?}"
    );
}

#[test]
#[cfg(feature = "disclosure")] // without the solver every suppressed indicator also gets audit_incomplete
fn coordinates() {
    let mut doc = indicators();
    doc["indicators"][0]["cells"][0]["coordinates"] = json!({"sex": "female", "age_group": "0-17"});
    assert_eq!(codes(&doc), vec![RuleCode::IndicatorCoordinate]);
    doc["indicators"][0]["cells"][0]["coordinates"] = json!({});
    assert_eq!(codes(&doc), vec![RuleCode::IndicatorCoordinate]);
    for (dim, code, ok) in [
        ("citizenship", "TT", true),
        ("citizenship", "00", false),
        ("year", "2024", true),
        ("year", "24", false),
        ("age_band", "48+", true),
        ("age_band", "48--", false),
    ] {
        let mut doc = indicators();
        doc["indicators"][2]["dimensions"] = json!([{"dimension": dim}]);
        doc["indicators"][2]["cells"] =
            json!([{"coordinates": {dim: code}, "value": {"status": "exact", "count": 14}}]);
        assert_eq!(codes(&doc).is_empty(), ok, "{dim}={code}");
    }
}

#[test]
fn contact_details_in_free_text_are_warnings() {
    let mut doc = case();
    doc["assistance"][2]["note"] = json!("reach her at m.example@example.org");
    let (_, report) = validate_slice(&serde_json::to_vec(&doc).unwrap(), &options());
    assert!(
        report.is_valid(),
        "a warning does not make the record invalid"
    );
    assert!(report.has(RuleCode::FreeTextContactDetails));
    assert!(!report.to_string().contains("example.org"));
}

#[test]
fn every_issue_is_collected_in_one_pass() {
    let mut doc = case();
    doc["subject"]["age_band"] = json!("18-20");
    doc["assistance"][0]["end"] = json!("2024-01");
    doc["consents"][0]["status"] = json!("withdrawn");
    doc["case_management"]["opened_on"] = json!("2099");
    let found = codes(&doc);
    for code in [
        RuleCode::AgeInconsistent,
        RuleCode::DateOrder,
        RuleCode::ConsentInconsistent,
        RuleCode::DateFuture,
    ] {
        assert!(found.contains(&code), "{code} missing from {found:?}");
    }
}

#[test]
fn a_referral_must_not_go_on_after_consent_ends() {
    // withdrawn on 2024-09-01; the shelter completed the referral on 2024-12-01
    let mut doc = referral();
    doc["consent"]["consent"]["status"] = json!("withdrawn");
    doc["consent"]["consent"]["withdrawn_on"] = json!("2024-09-01");
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentWithdrawn]);
    // cancelling after the withdrawal is what should happen
    let history = doc["history"].as_array_mut().unwrap();
    history.truncate(4);
    history.push(json!({"status": "cancelled", "at": "2024-09-02T10:00:00Z", "by": "tt.gov.ctu"}));
    doc["status"] = json!("cancelled");
    assert_eq!(codes(&doc), vec![]);
    // an expiry works the same way
    let mut doc = referral();
    doc["consent"]["consent"]["expires_on"] = json!("2024-10");
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentWithdrawn]);
}

#[test]
fn an_open_referral_on_an_expired_consent_is_flagged() {
    let mut doc = referral();
    doc["status"] = json!("in_progress");
    doc["history"].as_array_mut().unwrap().pop();
    doc["consent"]["consent"]["expires_on"] = json!("2025-06");
    assert_eq!(codes(&doc), vec![RuleCode::ReferralConsentWithdrawnOpen]);
    doc["consent"]["consent"]["expires_on"] = json!("2027");
    assert_eq!(codes(&doc), vec![]);
}

#[test]
fn pointers_never_carry_keys_the_author_chose() {
    let mut doc = case();
    doc["subject"]["Marisol Example"] = json!("x");
    let (_, report) = validate_slice(&serde_json::to_vec(&doc).unwrap(), &options());
    assert_eq!(report.issues[0].pointer, "/subject");
    assert!(!report.to_string().contains("Marisol"));
    let text = serde_json::to_string(&case()).unwrap().replace(
        r#""tt.gov.ctu.file_class":"B""#,
        r#""tt.gov.ctu.file_class":{"Marisol":1,"Marisol":2}"#,
    );
    let (_, report) = validate_slice(text.as_bytes(), &options());
    assert_eq!(report.issues[0].code, RuleCode::JsonDuplicateKey);
    assert_eq!(
        report.issues[0].pointer,
        "/extensions/tt.gov.ctu.file_class"
    );
    assert!(!report.to_string().contains("Marisol"));
}

#[test]
fn extension_values_are_scanned_for_contact_details() {
    let mut doc = case();
    doc["extensions"] =
        json!({"org.example.intake": {"contact": ["write to ana.perez@example.org"]}});
    let (_, report) = validate_slice(&serde_json::to_vec(&doc).unwrap(), &options());
    let issue = report
        .issues
        .iter()
        .find(|i| i.code == RuleCode::FreeTextContactDetails)
        .expect("the extension value is scanned");
    assert_eq!(issue.pointer, "/extensions/org.example.intake");
    assert!(!report.to_string().contains("ana.perez"));
    doc["extensions"] = json!({"org.example.intake": {"unit": "north", "n": 3}});
    assert!(!codes(&doc).contains(&RuleCode::FreeTextContactDetails));
}

#[test]
fn a_reference_that_claims_ps1_must_be_of_the_ps1_form() {
    let mut doc = referral();
    for bad in [
        "ps1:ttctu2024:ZLAICMTJPC4BZ642",
        "ps1:ttctu2024:zlaicmtjpc4bz642fwhjtri3yheo3zo",
        "ps1:",
        "ps1:k:01234567890123456789012345678901",
    ] {
        doc["subject_ref"] = json!(bad);
        let (_, report) = validate_slice(&serde_json::to_vec(&doc).unwrap(), &options());
        let issue = report
            .issues
            .iter()
            .find(|i| i.code == RuleCode::PseudonymPs1Malformed)
            .unwrap_or_else(|| panic!("{bad}: {report}"));
        assert_eq!(issue.pointer, "/subject_ref");
        assert!(report.is_valid(), "a warning only");
    }
    for fine in [
        "ps1:ttctu2024:zlaicmtjpc4bz642fwhjtri3yheo3zo2",
        "local-ref-17",
    ] {
        doc["subject_ref"] = json!(fine);
        assert!(
            !codes(&doc).contains(&RuleCode::PseudonymPs1Malformed),
            "{fine}"
        );
    }
    let mut doc = case();
    doc["subject"]["pseudonyms"] = json!(["ps1:ttctu2024:NOTBASE32"]);
    let (_, report) = validate_slice(&serde_json::to_vec(&doc).unwrap(), &options());
    assert!(
        report
            .issues
            .iter()
            .any(|i| i.code == RuleCode::PseudonymPs1Malformed
                && i.pointer == "/subject/pseudonyms/0"),
        "{report}"
    );
}

/// One classification of bad input: json.* before structure.*, on the fast path as in the
/// full scan, with pointers that resolve; and the raw-payload path agrees.
#[test]
fn bad_input_is_classified_once_on_both_paths() {
    let deep_languages = {
        let mut doc = case();
        doc["subject"]["languages"] = json!("HOLE");
        let text = serde_json::to_string(&doc).unwrap();
        text.replace("\"HOLE\"", &("[".repeat(100_000) + &"]".repeat(100_000)))
    };
    let cases: Vec<(Vec<u8>, RuleCode, &str)> = vec![
        (b"[1,2".to_vec(), RuleCode::JsonSyntax, ""),
        (b"[] []".to_vec(), RuleCode::JsonTrailingData, ""),
        (
            "[".repeat(100_000).into_bytes(),
            RuleCode::JsonTooDeep,
            "/0/0/0",
        ),
        (b"[]".to_vec(), RuleCode::StructureWrongType, ""),
        (b"\"case\"".to_vec(), RuleCode::StructureWrongType, ""),
        (b"".to_vec(), RuleCode::JsonSyntax, ""),
        (b"  \n".to_vec(), RuleCode::JsonSyntax, ""),
        (
            b"\xef\xbb\xbf{\"record_type\":\"case\"}".to_vec(),
            RuleCode::JsonSyntax,
            "",
        ),
        (
            deep_languages.into_bytes(),
            RuleCode::JsonTooDeep,
            "/subject/languages/0/0",
        ),
    ];
    for (bytes, code, pointer) in &cases {
        let (record, report) = validate_slice(bytes, &options());
        assert!(record.is_none());
        let first = &report.issues[0];
        // the pointer starts as expected (a depth failure names where the limit was crossed)
        assert!(
            first.code == *code
                && if pointer.is_empty() {
                    first.pointer.is_empty()
                } else {
                    first.pointer.starts_with(pointer)
                },
            "{}: {report}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
        );
        #[cfg(feature = "schema-validation")]
        {
            let (_, payload) = ctip_exchange::schema::validate_payload(bytes, &options());
            assert_eq!(payload.issues[0].code, *code, "payload: {payload}");
        }
    }
    let (_, report) = validate_slice(b"", &options());
    assert!(report.to_string().contains("empty"), "{report}");
    let (_, report) = validate_slice(b"\xef\xbb\xbf{}", &options());
    assert!(report.to_string().contains("byte order mark"), "{report}");
}

#[test]
fn debug_of_records_shows_no_note_or_birth_date() {
    let mut doc = case();
    doc["subject"]["birth_date"] = json!("1999-07");
    doc["assistance"] =
        json!([{"service": "shelter", "status": "completed", "note": "SECRET-NOTE-A"}]);
    let (record, report) = validate_slice(&serde_json::to_vec(&doc).unwrap(), &options());
    let record = record.unwrap_or_else(|| panic!("{report}"));
    let debug = format!("{record:?}");
    assert!(!debug.contains("1999"), "{debug}");
    assert!(!debug.contains("SECRET-NOTE-A"), "{debug}");
    assert!(debug.contains("birth_date: Some(<redacted>)"), "{debug}");
    assert!(
        debug.contains("gender"),
        "other fields are still shown: {debug}"
    );

    let mut doc = referral();
    doc["note"] = json!("SECRET-NOTE-B");
    let (record, report) = validate_slice(&serde_json::to_vec(&doc).unwrap(), &options());
    let debug = format!("{:?}", record.unwrap_or_else(|| panic!("{report}")));
    assert!(!debug.contains("SECRET-NOTE-B"), "{debug}");
    assert!(debug.contains("note: Some(<redacted>)"), "{debug}");
}
