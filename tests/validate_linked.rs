//! The whole-set disclosure audit inside validation: indicators of one set that count the
//! same persons (breakdowns of one kind) or nested ones (victims assisted within victims
//! identified) are combined by the attacker, so a cell each indicator protects alone can be
//! recovered from the set. Validation reports it under `indicator.suppressed_recoverable` at
//! the cell, and a joint audit that cannot finish under `indicator.audit_incomplete`.
//!
//! The expected cells are worked out by hand in each test's comment (the attacker's
//! arithmetic), not taken from the audit.

#![cfg(feature = "disclosure")]

use std::collections::BTreeSet;

use ctip_exchange::Record;
use ctip_exchange::disclosure::{
    DisclosurePolicy, IndicatorSetHeader, Slice, Table, TableDimension, indicator_set,
    protect_release,
};
use ctip_exchange::indicator::Period;
use ctip_exchange::validate::{
    Report, RuleCode, Severity, ValidationOptions, validate, validate_slice,
};
use ctip_exchange::vocab::{Dimension, IndicatorKind};
use serde_json::{Value, json};

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

fn set(indicators: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "record_type": "indicator_set",
        "schema_version": "1.1",
        "id": "tt-linked-indicators",
        "producer": "tt.gov.mns",
        "created_at": "2025-03-31T12:00:00Z",
        "period": {"start": "2024", "end": "2024"},
        "geography": {"countries": ["TT"]},
        "disclosure": {"methods": ["threshold_suppression", "secondary_suppression"], "threshold": 5},
        "indicators": indicators,
    }))
    .unwrap()
}

fn exact(n: u64) -> Value {
    json!({"status": "exact", "count": n})
}

fn hidden() -> Value {
    json!({"status": "suppressed"})
}

fn by_sex(id: &str, kind: &str, cells: &[(&str, Value)]) -> Value {
    json!({
        "id": id, "kind": kind, "unit": "persons",
        "dimensions": [{"dimension": "sex"}],
        "cells": cells.iter().map(|(s, v)| json!({"coordinates": {"sex": s}, "value": v})).collect::<Vec<_>>(),
    })
}

fn run(doc: &[u8], o: &ValidationOptions) -> Report {
    let (record, report) = validate_slice(doc, o);
    assert!(record.is_some(), "{report}");
    report
}

fn pointers(report: &Report, code: RuleCode) -> BTreeSet<String> {
    report
        .issues
        .iter()
        .filter(|i| i.code == code)
        .map(|i| i.pointer.to_string())
        .collect()
}

fn set_of(p: &[&str]) -> BTreeSet<String> {
    p.iter().map(|s| (*s).to_owned()).collect()
}

/// Victims by sex (female and male hidden, total 43) and victims by sex and age group (only
/// the sex margins: male 40, female hidden). Alone, each hides its cells in a wide interval;
/// together, male = 40 and female = 43 - 40 = 3: the female cell of both indicators and the
/// male cell of the first are recovered.
fn two_breakdowns() -> Vec<u8> {
    set(vec![
        by_sex(
            "by-sex",
            "victims_identified",
            &[
                ("female", hidden()),
                ("male", hidden()),
                ("total", exact(43)),
            ],
        ),
        json!({
            "id": "by-sex-age", "kind": "victims_identified", "unit": "persons",
            "dimensions": [{"dimension": "sex"}, {"dimension": "age_group"}],
            "cells": [
                {"coordinates": {"sex": "male", "age_group": "total"}, "value": exact(40)},
                {"coordinates": {"sex": "female", "age_group": "total"}, "value": hidden()},
            ],
        }),
    ])
}

#[test]
fn two_breakdowns_safe_alone_recover_a_cell_together() {
    let doc = two_breakdowns();
    let report = run(&doc, &options());
    assert_eq!(
        pointers(&report, RuleCode::IndicatorSuppressedRecoverable),
        set_of(&[
            "/indicators/0/cells/0",
            "/indicators/0/cells/1",
            "/indicators/1/cells/1"
        ]),
        "{report}"
    );
    assert!(
        pointers(&report, RuleCode::IndicatorAuditIncomplete).is_empty(),
        "{report}"
    );
    assert!(!report.is_valid());
    for issue in &report.issues {
        assert_eq!(issue.severity, Severity::Error);
        assert!(
            issue.message.contains("combining indicators"),
            "{}",
            issue.message
        );
        for value in ["43", "40", " 3 ", "(3)"] {
            assert!(!issue.message.contains(value), "{}", issue.message);
        }
    }
    // each indicator alone passes: the finding is the combination's
    let v: Value = serde_json::from_slice(&doc).unwrap();
    for i in 0..2 {
        let alone = set(vec![v["indicators"][i].clone()]);
        let report = run(&alone, &options());
        assert!(report.issues.is_empty(), "indicator {i} alone: {report}");
    }
}

/// A cell the single-indicator audit already reports is reported once.
#[test]
fn a_cell_recovered_alone_and_together_is_reported_once() {
    // by sex: female hidden, male 40, total 43: female = 3 from this indicator alone; the
    // second indicator publishes the same female cell hidden, recovered only with the first
    let doc = set(vec![
        by_sex(
            "by-sex",
            "victims_identified",
            &[
                ("female", hidden()),
                ("male", exact(40)),
                ("total", exact(43)),
            ],
        ),
        json!({
            "id": "by-sex-age", "kind": "victims_identified", "unit": "persons",
            "dimensions": [{"dimension": "sex"}, {"dimension": "age_group"}],
            "cells": [
                {"coordinates": {"sex": "female", "age_group": "total"}, "value": hidden()},
                {"coordinates": {"sex": "male", "age_group": "total"}, "value": exact(40)},
            ],
        }),
    ]);
    let report = run(&doc, &options());
    let recovered: Vec<String> = report
        .issues
        .iter()
        .filter(|i| i.code == RuleCode::IndicatorSuppressedRecoverable)
        .map(|i| i.pointer.to_string())
        .collect();
    assert_eq!(
        recovered,
        ["/indicators/0/cells/0", "/indicators/1/cells/0"],
        "{report}"
    );
}

/// Victims identified by sex: female 25, male and unknown hidden, total 33 (so male +
/// unknown = 8, each 1..7 alone). Victims assisted by sex: female 20, male 6, unknown 0,
/// total 26, nothing hidden. The assisted are among the identified, so identified male is at
/// least 6: male is 6..7 and unknown 1..2, both narrower than the threshold 5.
fn nested(assisted_kind: &str) -> Vec<u8> {
    set(vec![
        by_sex(
            "identified-by-sex",
            "victims_identified",
            &[
                ("female", exact(25)),
                ("male", hidden()),
                ("unknown", hidden()),
                ("total", exact(33)),
            ],
        ),
        by_sex(
            "assisted-by-sex",
            assisted_kind,
            &[
                ("female", exact(20)),
                ("male", exact(6)),
                ("unknown", exact(0)),
                ("total", exact(26)),
            ],
        ),
    ])
}

#[test]
fn victims_assisted_nested_in_victims_identified_recover_cells() {
    let report = run(&nested("victims_assisted"), &options());
    assert_eq!(
        pointers(&report, RuleCode::IndicatorSuppressedRecoverable),
        set_of(&["/indicators/0/cells/1", "/indicators/0/cells/2"]),
        "{report}"
    );
    assert!(!report.is_valid());
    // persons prosecuted are not victims: not nested, nothing to combine
    let report = run(&nested("persons_prosecuted"), &options());
    assert!(report.issues.is_empty(), "{report}");
}

/// Nested counts that cannot be nested (more victims assisted than identified) contradict
/// each other: the joint audit cannot run, and says so at the group's first indicator.
#[test]
fn contradictory_nested_indicators_are_audit_incomplete() {
    let doc = set(vec![
        by_sex(
            "identified-by-sex",
            "victims_identified",
            &[
                ("female", exact(25)),
                ("male", hidden()),
                ("unknown", hidden()),
                ("total", exact(33)),
            ],
        ),
        by_sex(
            "assisted-by-sex",
            "victims_assisted",
            &[
                ("female", exact(30)),
                ("male", hidden()),
                ("total", exact(40)),
            ],
        ),
    ]);
    let report = run(&doc, &options());
    assert_eq!(
        pointers(&report, RuleCode::IndicatorAuditIncomplete),
        set_of(&["/indicators/0"]),
        "{report}"
    );
    let issue = report
        .issues
        .iter()
        .find(|i| i.code == RuleCode::IndicatorAuditIncomplete)
        .unwrap();
    assert_eq!(issue.severity, Severity::Warning);
    assert!(issue.message.contains("contradict"), "{}", issue.message);
    for value in ["25", "33", "30", "40"] {
        assert!(!issue.message.contains(value), "{}", issue.message);
    }
    let strict = run(&doc, &options().with_strict_disclosure(true));
    assert!(!strict.is_valid(), "{strict}");
}

/// A dimension multi-select in one indicator and not in another: not one table.
#[test]
fn a_group_that_is_not_one_table_is_audit_incomplete() {
    let form = |multi: bool, cells: Vec<Value>| {
        json!({
            "id": if multi { "by-form-multi" } else { "by-form" },
            "kind": "victims_identified", "unit": "persons",
            "dimensions": [{"dimension": "exploitation_type", "multi_select": multi}],
            "cells": cells,
        })
    };
    let cell = |c: &str, v: Value| json!({"coordinates": {"exploitation_type": c}, "value": v});
    let doc = set(vec![
        form(
            false,
            vec![
                cell("sexual_exploitation", exact(20)),
                cell("forced_labour", hidden()),
                cell("unknown", hidden()),
                cell("total", exact(40)),
            ],
        ),
        form(
            true,
            vec![
                cell("sexual_exploitation", exact(20)),
                cell("total", exact(40)),
            ],
        ),
    ]);
    let report = run(&doc, &options());
    assert_eq!(
        pointers(&report, RuleCode::IndicatorAuditIncomplete),
        set_of(&["/indicators/0"]),
        "{report}"
    );
    let issue = report
        .issues
        .iter()
        .find(|i| i.code == RuleCode::IndicatorAuditIncomplete)
        .unwrap();
    assert!(issue.message.contains("one table"), "{}", issue.message);
}

/// The smallest budget with which validation reports no `indicator.audit_incomplete` for
/// `doc` (the work its audits need), by bisection.
fn budget_needed(doc: &[u8]) -> u64 {
    let complete = |b: u64| {
        pointers(
            &run(doc, &options().with_disclosure_budget(b)),
            RuleCode::IndicatorAuditIncomplete,
        )
        .is_empty()
    };
    let (mut lo, mut hi) = (0u64, 1u64 << 30);
    assert!(complete(hi));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if complete(mid) {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    lo
}

#[test]
fn over_budget_the_joint_audit_is_incomplete() {
    let doc = two_breakdowns();
    let v: Value = serde_json::from_slice(&doc).unwrap();
    // the work of each indicator's own audit, measured alone
    let alone: u64 = (0..2)
        .map(|i| budget_needed(&set(vec![v["indicators"][i].clone()])))
        .sum();
    let together = budget_needed(&doc);
    assert!(
        together > alone,
        "the joint audit costs work: {together} vs {alone}"
    );
    // enough for the indicators one by one, not for the joint audit
    let report = run(&doc, &options().with_disclosure_budget(alone));
    assert_eq!(
        pointers(&report, RuleCode::IndicatorAuditIncomplete),
        set_of(&["/indicators/0"]),
        "{report}"
    );
    assert!(pointers(&report, RuleCode::IndicatorSuppressedRecoverable).is_empty());
    let issue = report
        .issues
        .iter()
        .find(|i| i.code == RuleCode::IndicatorAuditIncomplete)
        .unwrap();
    assert_eq!(issue.severity, Severity::Warning);
    assert!(issue.message.contains("budget"), "{}", issue.message);
    assert!(issue.message.contains("joint"), "{}", issue.message);
    assert!(report.is_valid(), "a warning only: {report}");
    let strict = run(
        &doc,
        &options()
            .with_disclosure_budget(alone)
            .with_strict_disclosure(true),
    );
    let issue = strict
        .issues
        .iter()
        .find(|i| i.code == RuleCode::IndicatorAuditIncomplete)
        .unwrap();
    assert_eq!(issue.severity, Severity::Error);
    assert!(!strict.is_valid());
    // with the budget it needs, the joint audit runs and finds the cells
    let report = run(&doc, &options().with_disclosure_budget(together));
    assert_eq!(
        pointers(&report, RuleCode::IndicatorSuppressedRecoverable).len(),
        3
    );
}

/// Victims identified by sex and by sex and age group, and victims assisted by sex, protected
/// together by `protect_release` and put in one set by `indicator_set`: the whole-set audit
/// finds nothing, although cells are suppressed.
#[test]
fn a_set_protected_jointly_passes() {
    let dim = |name: &str, cats: &[&str]| TableDimension::additive(name, cats.to_vec()).unwrap();
    let sex = dim("sex", &["female", "male", "unknown"]);
    let age = dim("age_group", &["0-17", "18+", "unknown"]);
    let assisted = dim("assisted", &["yes", "no"]);
    // sex x age x assisted (yes, no), small counts so that some are suppressed
    #[rustfmt::skip]
    let counts = [
        9, 3,  14, 6,  1, 0,   // female: 0-17, 18+, unknown
        2, 1,  17, 8,  0, 2,   // male
        0, 1,  3, 0,   1, 1,   // unknown
    ];
    let full = Table::from_interior(vec![sex, age, assisted], &counts).unwrap();
    let slices = [
        Slice::new(&["sex"]),
        Slice::new(&["sex", "age_group"]),
        Slice::new(&["sex"]).fixed(&[("assisted", "yes")]),
    ];
    let policy = DisclosurePolicy::new(5);
    let releases = protect_release(&full, &slices, &[], &policy).unwrap();
    let kinds = [
        (IndicatorKind::VictimsIdentified, vec![Dimension::Sex]),
        (
            IndicatorKind::VictimsIdentified,
            vec![Dimension::Sex, Dimension::AgeGroup],
        ),
        (IndicatorKind::VictimsAssisted, vec![Dimension::Sex]),
    ];
    let indicators: Vec<_> = releases
        .iter()
        .zip(&kinds)
        .enumerate()
        .map(|(i, (release, (kind, dims)))| {
            let ind = release
                .to_indicator(format!("indicator-{i}").parse().unwrap(), *kind, dims)
                .unwrap();
            (ind, release)
        })
        .collect();
    let set = indicator_set(
        IndicatorSetHeader {
            id: "tt-joint-2024".parse().unwrap(),
            producer: "tt.gov.mns".parse().unwrap(),
            created_at: "2025-03-31T12:00:00Z".parse().unwrap(),
            title: None,
            period: Period::new("2024".parse().unwrap(), "2024".parse().unwrap()),
            countries: vec!["TT".parse().unwrap()],
        },
        indicators,
    )
    .unwrap();
    let hidden = set
        .indicators
        .iter()
        .flat_map(|i| &i.cells)
        .filter(|c| c.value == ctip_exchange::indicator::CellValue::Suppressed)
        .count();
    assert!(hidden > 0, "the example suppresses cells");
    let record = Record::IndicatorSet(Box::new(set));
    let report = validate(&record, &options());
    assert!(report.issues.is_empty(), "{report}");
    // the joint audit did run: without the work it needs, validation says so
    let report = validate(&record, &options().with_disclosure_budget(0));
    assert!(!pointers(&report, RuleCode::IndicatorAuditIncomplete).is_empty());
}
