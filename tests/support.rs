//! Timely support (version 1.1): needs, requested dates and the links between needs,
//! assistance and referrals, with every rule on hand-built cases.

use ctip_exchange::types::SchemaVersion;
use ctip_exchange::validate::{
    DEFAULT_UNMET_NEED_DAYS, Report, RuleCode, ValidationOptions, validate_slice,
};
use serde_json::{Value, json};

fn options() -> ValidationOptions {
    ValidationOptions::at("2024-06-30T00:00:00Z".parse().unwrap())
}

fn case(needs: Value, assistance: Value) -> Value {
    json!({
        "record_type": "case",
        "schema_version": SchemaVersion::CURRENT.to_string(),
        "id": "jm-ngo-2024-0042",
        "producer": "jm.ngo.haven",
        "created_at": "2024-03-01T10:00:00Z",
        "subject": { "gender": "masculine", "birth_date": "2001" },
        "identification": { "date": "2024-03-01", "country": "JM" },
        "needs": needs,
        "assistance": assistance,
    })
}

fn run(doc: &Value, o: &ValidationOptions) -> Report {
    let (record, report) = validate_slice(doc.to_string().as_bytes(), o);
    assert!(record.is_some(), "does not parse: {report}");
    report
}

fn issues(report: &Report) -> Vec<(RuleCode, &str)> {
    report
        .issues
        .iter()
        .map(|i| (i.code, i.pointer.as_str()))
        .collect()
}

fn needs() -> Value {
    json!([
        { "id": "need-1", "service": "shelter", "identified_on": "2024-03-01", "assessed_by": "jm.ngo.haven" },
        { "id": "need-2", "service": "psychosocial", "identified_on": "2024-03-02" },
        { "id": "need-3", "service": "legal_aid", "identified_on": "2024-03" }
    ])
}

fn assistance() -> Value {
    json!([
        { "service": "shelter", "status": "completed", "requested": "2024-03-01", "start": "2024-03-01", "end": "2024-05-31", "need": "need-1" },
        { "service": "psychosocial", "status": "ongoing", "requested": "2024-03-02", "start": "2024-03-20", "need": "need-2" },
        { "service": "legal_aid", "status": "ongoing", "requested": "2024-03", "need": "need-3" }
    ])
}

#[test]
fn needs_met_in_time_are_valid() {
    let report = run(&case(needs(), assistance()), &options());
    assert!(report.issues.is_empty(), "{report}");
    assert_eq!(options().unmet_need_days, DEFAULT_UNMET_NEED_DAYS);
}

#[test]
fn a_service_does_not_start_before_it_is_requested() {
    let mut a = assistance();
    a[1]["start"] = json!("2024-03-01");
    let report = run(&case(needs(), a.clone()), &options());
    assert_eq!(
        issues(&report),
        [(
            RuleCode::SupportStartedBeforeRequested,
            "/assistance/1/start"
        )]
    );
    // the same month, at month precision, may be either side
    a[1]["start"] = json!("2024-03");
    assert!(run(&case(needs(), a), &options()).issues.is_empty());
}

#[test]
fn links_name_a_need_of_the_case() {
    let mut a = assistance();
    a[2]["need"] = json!("need-9");
    let report = run(&case(needs(), a), &options());
    // need-3 is now unmet too (nothing links to it and 30 days have passed)
    assert_eq!(
        issues(&report),
        [
            (RuleCode::SupportNeedUnknown, "/assistance/2/need"),
            (RuleCode::SupportNeedUnmet, "/needs/2"),
        ],
        "{report}"
    );
    let mut n = needs();
    n[2]["id"] = json!("need-1");
    let report = run(&case(n, assistance()), &options());
    assert_eq!(
        issues(&report),
        [
            (RuleCode::SupportNeedDuplicateId, "/needs/2/id"),
            (RuleCode::SupportNeedUnknown, "/assistance/2/need"),
        ],
        "{report}"
    );
}

#[test]
fn needs_without_a_service_in_time_warn_after_the_configured_days() {
    // need-2 waited 18 days for its service
    let strict = options().with_unmet_need_days(10);
    let report = run(&case(needs(), assistance()), &strict);
    assert_eq!(issues(&report), [(RuleCode::SupportNeedUnmet, "/needs/1")]);
    assert!(report.is_valid(), "a warning, not an error");
    assert!(report.issues[0].message.contains("10 days"));

    // no service at all: warned once the days have passed, not before
    let mut a = assistance();
    a.as_array_mut().unwrap().remove(1);
    let report = run(&case(needs(), a.clone()), &options());
    assert_eq!(issues(&report), [(RuleCode::SupportNeedUnmet, "/needs/1")]);
    let early = ValidationOptions::at("2024-03-20T00:00:00Z".parse().unwrap());
    assert!(!run(&case(needs(), a.clone()), &early).has(RuleCode::SupportNeedUnmet));
    // a planned service does not meet the need
    a.as_array_mut()
        .unwrap()
        .push(json!({ "service": "psychosocial", "status": "planned", "need": "need-2" }));
    let report = run(&case(needs(), a), &options());
    assert_eq!(issues(&report), [(RuleCode::SupportNeedUnmet, "/needs/1")]);
}

#[test]
fn dates_of_needs_and_requests_are_checked() {
    let mut n = needs();
    n[0]["identified_on"] = json!("2025-01-01");
    let mut a = assistance();
    a[0]["requested"] = json!("2000");
    a[0]["start"] = json!("2024-03-01");
    let report = run(&case(n, a), &options());
    let found = issues(&report);
    assert!(
        found.contains(&(RuleCode::DateFuture, "/needs/0/identified_on")),
        "{report}"
    );
    assert!(
        found.contains(&(RuleCode::DateOrder, "/assistance/0/requested")),
        "{report}"
    );
}

#[test]
fn a_referral_links_back_to_its_need() {
    let text =
        std::fs::read_to_string("schemas/1.0/examples/valid/referral-tt-shelter-completed.json")
            .unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["schema_version"] = json!(SchemaVersion::CURRENT.to_string());
    doc["need_ref"] = json!("need-1");
    let (record, report) = validate_slice(
        doc.to_string().as_bytes(),
        &ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap()),
    );
    assert!(report.is_valid(), "{report}");
    let back: Value = serde_json::from_str(&record.unwrap().to_json()).unwrap();
    assert_eq!(back["need_ref"], json!("need-1"));
    doc["need_ref"] = json!("not a need id");
    let (record, _) = validate_slice(doc.to_string().as_bytes(), &options());
    assert!(record.is_none());
}

#[test]
fn support_rules_are_linear() {
    let n: Vec<Value> = (0..20_000)
        .map(|i| json!({ "id": format!("need-{i}"), "service": "shelter", "identified_on": "2024-03-01" }))
        .collect();
    let a: Vec<Value> = (0..20_000)
        .map(|i| json!({ "service": "shelter", "status": "ongoing", "start": "2024-03-02", "need": format!("need-{i}") }))
        .collect();
    let report = run(&case(json!(n), json!(a)), &options());
    assert!(report.issues.is_empty(), "{report}");
}
