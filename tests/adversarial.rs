//! Behaviour on the crafted large inputs of issue 8, item 1 (the generators in
//! `tests/adversarial_inputs/`; `benches/adversarial.rs` times the same inputs). These tests
//! check results, not time: the inputs are sized like the issue's slow cases, which took
//! seconds to minutes each before the checks became linear, so a regression shows as a test
//! run that takes far too long, and the bench gives the figures.

mod adversarial_inputs;

use adversarial_inputs as inputs;
use ctip_exchange::validate::{ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record, RuleCode};
use inputs::NoteKind;

fn options() -> ValidationOptions {
    ValidationOptions::at(inputs::REFERENCE_TIME.parse().unwrap())
}

#[test]
fn a_long_list_of_distinct_pseudonyms_is_read() {
    let doc = inputs::case_with_pseudonyms(50_000, false);
    assert!(doc.len() < Limits::default().max_bytes);
    let record = Record::from_slice(&doc, &Limits::default()).expect("distinct items");
    let Record::Case(case) = record else {
        panic!("a case")
    };
    assert_eq!(case.subject.pseudonyms.len(), 50_000);
}

#[test]
fn a_repeat_at_the_end_of_a_long_list_is_found() {
    let doc = inputs::case_with_pseudonyms(50_000, true);
    let (record, report) = validate_slice(&doc, &options());
    assert!(record.is_none());
    let codes: Vec<_> = report
        .issues
        .iter()
        .map(|i| (i.code, i.pointer.as_str()))
        .collect();
    assert_eq!(
        codes,
        [(RuleCode::StructureInvalidValue, "/subject/pseudonyms")]
    );
    assert!(
        report.issues[0].message.contains("item 49999 repeats"),
        "{}",
        report.issues[0].message
    );
}

#[test]
fn notes_full_of_identifiers_are_scanned_whole() {
    for kind in [NoteKind::Email, NoteKind::Phone, NoteKind::Document] {
        let n = 20_000;
        let note = inputs::note(kind, n);
        let found = ctip_exchange::pseudonym::scan(&note);
        assert_eq!(found.len(), n, "{kind:?}");
        assert!(
            found.windows(2).all(|w| w[0].span.end <= w[1].span.start),
            "{kind:?}"
        );
        let redacted = ctip_exchange::pseudonym::redact(&note);
        assert!(!redacted.contains("example.org") && !redacted.contains("AB0"));
        // and through validation: one warning for the note
        let (record, report) = validate_slice(&inputs::case_with_note(kind, n), &options());
        assert!(record.is_some());
        let warnings: Vec<_> = report
            .issues
            .iter()
            .filter(|i| i.code == RuleCode::FreeTextContactDetails)
            .map(|i| i.pointer.as_str())
            .collect();
        assert_eq!(warnings, ["/assistance/0/note"], "{kind:?}");
    }
}

#[test]
fn many_indicators_with_one_duplicate_id() {
    // 20k indicators of about 150 bytes: under the 4 MiB limit
    let n = 20_000;
    let doc = inputs::indicator_set(n, false);
    assert!(doc.len() < Limits::default().max_bytes);
    let (record, report) = validate_slice(&doc, &options());
    assert!(record.is_some(), "{report:?}");
    assert!(report.is_valid(), "{report:?}");
    assert!(
        !report
            .issues
            .iter()
            .any(|i| i.code == RuleCode::IndicatorDuplicateId),
        "{report:?}"
    );
    let (record, report) = validate_slice(&inputs::indicator_set(n, true), &options());
    assert!(record.is_some(), "{report:?}");
    let duplicates: Vec<_> = report
        .issues
        .iter()
        .filter(|i| i.code == RuleCode::IndicatorDuplicateId)
        .map(|i| i.pointer.as_str())
        .collect();
    assert_eq!(duplicates, [format!("/indicators/{}/id", n - 1)]);
}

#[test]
fn many_schema_issues_are_reported_and_counted() {
    let n = 5_000;
    let (record, report) =
        ctip_exchange::schema::validate_payload(&inputs::case_with_schema_issues(n), &options());
    assert!(record.is_none());
    assert!(!report.is_valid());
    assert!(
        report
            .issues
            .iter()
            .all(|i| i.pointer.starts_with("/subject/languages")),
        "{report:?}"
    );
}
