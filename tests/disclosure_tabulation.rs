//! Tabulation of cases against hand-computed counts, and validation of the indicator sets
//! produced from them.

#![cfg(feature = "disclosure")]

use ctip_exchange::Record;
use ctip_exchange::case::Case;
use ctip_exchange::disclosure::{
    Cell, DisclosurePolicy, IndicatorSetHeader, RoundingPolicy, TabulationSpec, audit,
    indicator_set, protect, tabulate,
};
use ctip_exchange::indicator::{CellValue, Period};
use ctip_exchange::validate::{ValidationOptions, validate};
use ctip_exchange::vocab::{Dimension, IndicatorKind};
use serde_json::{Value, json};

/// A minimal case; `extra` is merged into the top level and `subject` into the subject.
fn case(n: u32, subject: Value, extra: Value) -> Case {
    let mut v = json!({
        "record_type": "case",
        "schema_version": "1.1",
        "id": format!("tt-test-{n}"),
        "producer": "tt.gov.ctu",
        "created_at": "2025-01-15T10:00:00Z",
        "subject": subject,
    });
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    serde_json::from_value(v).unwrap()
}

fn ident(date: &str, country: &str) -> Value {
    json!({ "date": date, "country": country })
}

fn cases() -> Vec<Case> {
    vec![
        // 1: female adult, sexual exploitation and forced labour, convicted.
        case(
            1,
            json!({"gender": "feminine", "majority": "adult"}),
            json!({
            "trafficking": {"status": "actual_victim_of_trafficking",
                            "exploitation_types": ["sexual_exploitation", "forced_labour"]},
            "identification": ident("2024-03-01", "TT"),
            "criminal_justice": {"prosecution": "convicted"}}),
        ),
        // 2: female child, sexual exploitation, prosecution ongoing.
        case(
            2,
            json!({"gender": "feminine", "age_at_identification": 16}),
            json!({
            "trafficking": {"exploitation_types": ["sexual_exploitation"]},
            "identification": ident("2024-05", "TT"),
            "criminal_justice": {"prosecution": "ongoing"}}),
        ),
        // 3: male adult, forced labour, identified "2024" (year only: inside the year 2024).
        case(
            3,
            json!({"gender": "masculine", "age_band": "30-38"}),
            json!({
            "trafficking": {"status": "possible_victim_of_trafficking",
                            "exploitation_types": ["forced_labour"]},
            "identification": ident("2024", "TT")}),
        ),
        // 4: nothing known about the person: unknown sex, age and form.
        case(
            4,
            json!({}),
            json!({
            "identification": ident("2024-11-15", "TT"),
            "criminal_justice": {"investigation": "ongoing"}}),
        ),
        // 5: gender not specified, adult by age, two forms.
        case(
            5,
            json!({"gender": "non_specified_unknown", "age_at_identification": 30}),
            json!({
            "trafficking": {"exploitation_types": ["forced_criminality", "sexual_exploitation"]},
            "identification": ident("2024-02", "TT")}),
        ),
        // 6: identified in 2023: outside the period.
        case(
            6,
            json!({"gender": "feminine"}),
            json!({"identification": ident("2023-12-31", "TT")}),
        ),
        // 7: identified in Jamaica: outside the geography.
        case(
            7,
            json!({"gender": "feminine"}),
            json!({"identification": ident("2024-06", "JM")}),
        ),
        // 8: no identification date.
        case(
            8,
            json!({"gender": "feminine"}),
            json!({"identification": {"country": "TT"}}),
        ),
        // 9: found not to be a victim.
        case(
            9,
            json!({"gender": "masculine"}),
            json!({
            "trafficking": {"status": "not_a_victim_of_trafficking"},
            "identification": ident("2024-04-01", "TT")}),
        ),
        // 10: refused the use of the record in statistics.
        case(
            10,
            json!({"gender": "feminine"}),
            json!({
            "identification": ident("2024-04-01", "TT"),
            "consents": [{"purpose": "statistics", "status": "refused", "decided_on": "2024-04-01"}]}),
        ),
        // 11: no country of identification.
        case(
            11,
            json!({"gender": "feminine"}),
            json!({"identification": {"date": "2024-04"}}),
        ),
    ]
}

fn spec(kind: IndicatorKind, dims: Vec<Dimension>) -> TabulationSpec {
    TabulationSpec::new(
        kind,
        Period::new("2024-01-01".parse().unwrap(), "2024-12-31".parse().unwrap()),
        vec!["TT".parse().unwrap()],
        dims,
    )
}

fn count(t: &ctip_exchange::disclosure::Table, codes: &[&str]) -> u64 {
    match t.get(codes).unwrap() {
        Cell::Count(n) => n,
        other => panic!("{codes:?} is {other:?}"),
    }
}

#[test]
fn victims_identified_by_sex_age_and_form() {
    let cases = cases();
    let dims = vec![
        Dimension::Sex,
        Dimension::AgeGroup,
        Dimension::ExploitationType,
    ];
    let t = tabulate(&cases, &spec(IndicatorKind::VictimsIdentified, dims)).unwrap();
    assert_eq!(t.counted, 5);
    let e = t.excluded;
    assert_eq!(e.outside_period, 1);
    assert_eq!(e.outside_geography, 1);
    assert_eq!(e.date_unknown, 1);
    assert_eq!(e.not_counted_by_indicator, 1);
    assert_eq!(e.no_statistics_consent, 1);
    assert_eq!(e.country_unknown, 1);
    assert_eq!(e.date_straddles_period, 0);
    assert_eq!(t.counted + e.total(), cases.len());

    let t = &t.table;
    assert_eq!(count(t, &["total", "total", "total"]), 5);
    // Sex: two female, one male, none other, two unknown (no gender; non-specified).
    assert_eq!(count(t, &["female", "total", "total"]), 2);
    assert_eq!(count(t, &["male", "total", "total"]), 1);
    assert_eq!(count(t, &["other", "total", "total"]), 0);
    assert_eq!(count(t, &["unknown", "total", "total"]), 2);
    // Age group from majority, age, or CTDC band; unknown when none is given.
    assert_eq!(count(t, &["total", "0-17", "total"]), 1);
    assert_eq!(count(t, &["total", "18+", "total"]), 3);
    assert_eq!(count(t, &["total", "unknown", "total"]), 1);
    // Forms: persons with each form; the total counts persons (5), not forms (7).
    assert_eq!(count(t, &["total", "total", "sexual_exploitation"]), 3);
    assert_eq!(count(t, &["total", "total", "forced_labour"]), 2);
    assert_eq!(count(t, &["total", "total", "forced_criminality"]), 1);
    assert_eq!(count(t, &["total", "total", "unknown"]), 1);
    assert_eq!(count(t, &["total", "total", "child_labour"]), 0);
    // Some interior cells.
    assert_eq!(count(t, &["female", "total", "sexual_exploitation"]), 2);
    assert_eq!(count(t, &["female", "18+", "total"]), 1);
    assert_eq!(count(t, &["female", "0-17", "sexual_exploitation"]), 1);
    assert_eq!(count(t, &["unknown", "18+", "forced_criminality"]), 1);
    assert_eq!(count(t, &["unknown", "unknown", "unknown"]), 1);
    assert_eq!(count(t, &["male", "18+", "forced_labour"]), 1);
    let dims = t.dimensions();
    assert!(dims[0].is_additive() && dims[1].is_additive() && !dims[2].is_additive());
}

#[test]
fn criminal_justice_indicators() {
    let cases = cases();
    let by_year = vec![Dimension::Year];
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::VictimsInProsecutions, by_year.clone()),
    )
    .unwrap();
    assert_eq!(t.counted, 2);
    assert_eq!(count(&t.table, &["2024"]), 2);
    assert_eq!(count(&t.table, &["total"]), 2);
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::VictimsInConvictions, by_year.clone()),
    )
    .unwrap();
    assert_eq!(t.counted, 1);
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::VictimsInInvestigations, by_year),
    )
    .unwrap();
    assert_eq!(t.counted, 1);
    assert!(
        tabulate(
            &cases,
            &spec(IndicatorKind::PersonsConvicted, vec![Dimension::Sex])
        )
        .is_err()
    );
}

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

fn header() -> IndicatorSetHeader {
    IndicatorSetHeader {
        id: "tt-test-indicators-2024".parse().unwrap(),
        producer: "tt.gov.mns".parse().unwrap(),
        created_at: "2025-03-31T12:00:00Z".parse().unwrap(),
        title: Some("Victims of trafficking identified, 2024".into()),
        period: Period::new("2024-01-01".parse().unwrap(), "2024-12-31".parse().unwrap()),
        countries: vec!["TT".parse().unwrap()],
    }
}

#[test]
fn produced_indicator_sets_validate() {
    let cases = cases();
    for policy in [
        DisclosurePolicy::new(3),
        DisclosurePolicy::new(2).with_zeros_sensitive(true),
        DisclosurePolicy::new(3).with_rounding(Some(RoundingPolicy::random_base3(2024))),
        DisclosurePolicy::new(3).with_rounding(Some(RoundingPolicy::Deterministic { base: 2 })),
    ] {
        let dims = vec![Dimension::Sex, Dimension::ExploitationType];
        let t = tabulate(
            &cases,
            &spec(IndicatorKind::VictimsIdentified, dims.clone()),
        )
        .unwrap();
        let release = protect(&t.table, &policy).unwrap();
        assert!(
            audit(&release.table, policy.protection_width)
                .unwrap()
                .passed()
        );
        let ind = release
            .to_indicator(
                "victims-by-sex-form".parse().unwrap(),
                IndicatorKind::VictimsIdentified,
                &dims,
            )
            .unwrap();
        assert_eq!(ind.cells.len(), release.table.len());
        assert!(ind.dimensions[1].multi_select && !ind.dimensions[0].multi_select);
        let margin = ind
            .cells
            .iter()
            .find(|c| c.coordinates.values().all(|v| v == "total"))
            .unwrap();
        assert!(matches!(
            margin.value,
            CellValue::Exact { .. } | CellValue::Suppressed
        ));

        // A second breakdown of the same persons: cut from the same protected table.
        let by_sex = vec![Dimension::Sex];
        let release2 = release.project(&["sex"]).unwrap();
        let ind2 = release2
            .to_indicator(
                "victims-by-sex".parse().unwrap(),
                IndicatorKind::VictimsIdentified,
                &by_sex,
            )
            .unwrap();

        let set = indicator_set(header(), vec![(ind, &release), (ind2, &release2)]).unwrap();
        assert_eq!(set.disclosure.threshold, Some(policy.threshold));
        assert_eq!(
            set.disclosure.rounding_base,
            policy.rounding.map(|r| r.base())
        );
        let report = validate(&Record::IndicatorSet(Box::new(set.clone())), &options());
        assert_eq!(report.errors().count(), 0, "{policy:?}: {report}");
        // And through JSON, as a consumer reads it.
        let bytes = serde_json::to_vec(&set).unwrap();
        let record = Record::from_slice(&bytes, &Default::default()).unwrap();
        assert_eq!(validate(&record, &options()).errors().count(), 0);
    }
}

#[test]
fn sets_need_one_policy() {
    let cases = cases();
    let dims = vec![Dimension::Sex];
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::VictimsIdentified, dims.clone()),
    )
    .unwrap();
    let a = protect(&t.table, &DisclosurePolicy::new(3)).unwrap();
    let b = protect(&t.table, &DisclosurePolicy::new(4)).unwrap();
    let ia = a
        .to_indicator(
            "a".parse().unwrap(),
            IndicatorKind::VictimsIdentified,
            &dims,
        )
        .unwrap();
    let ib = b
        .to_indicator(
            "b".parse().unwrap(),
            IndicatorKind::VictimsIdentified,
            &dims,
        )
        .unwrap();
    assert!(indicator_set(header(), vec![(ia, &a), (ib, &b)]).is_err());
    assert!(
        a.to_indicator(
            "c".parse().unwrap(),
            IndicatorKind::VictimsIdentified,
            &[Dimension::Year]
        )
        .is_err()
    );
}

/// Several breakdowns of one population, cut from one protected table, so that they share
/// their margins consistently and the audit of the whole table covers all of them.
#[test]
fn linked_breakdowns_from_one_release() {
    let cases = cases();
    let dims = vec![Dimension::Sex, Dimension::AgeGroup];
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::VictimsIdentified, dims.clone()),
    )
    .unwrap();
    let policy = DisclosurePolicy::new(2).with_protection_width(2);
    let release = protect(&t.table, &policy).unwrap();
    let by_sex = release.project(&["sex"]).unwrap();
    let by_age = release.project(&["age_group"]).unwrap();
    // The sub-tables are cells of the protected table.
    for (name, cell) in by_sex.table.cells() {
        let code = name.0[0].1.as_str();
        assert_eq!(release.table.get(&[code, "total"]).unwrap(), cell);
    }
    for (name, cell) in by_age.table.cells() {
        let code = name.0[0].1.as_str();
        assert_eq!(release.table.get(&["total", code]).unwrap(), cell);
    }
    // Their suppressed cells carry the intervals the whole table's audit gave them.
    for s in &by_sex.suppressed {
        assert!(by_sex.audit.intervals.iter().any(|i| i.cell == s.cell));
    }
    let kind = IndicatorKind::VictimsIdentified;
    let set = indicator_set(
        header(),
        vec![
            (
                release
                    .to_indicator("by-sex-age".parse().unwrap(), kind, &dims)
                    .unwrap(),
                &release,
            ),
            (
                by_sex
                    .to_indicator("by-sex".parse().unwrap(), kind, &[Dimension::Sex])
                    .unwrap(),
                &by_sex,
            ),
            (
                by_age
                    .to_indicator("by-age".parse().unwrap(), kind, &[Dimension::AgeGroup])
                    .unwrap(),
                &by_age,
            ),
        ],
    )
    .unwrap();
    let report = validate(&Record::IndicatorSet(Box::new(set)), &options());
    assert_eq!(report.errors().count(), 0, "{report}");
}

/// A release changed after protection (its fields are public) does not make it into a set.
#[test]
fn a_tampered_release_is_refused() {
    let cases = cases();
    let dims = vec![Dimension::Sex];
    let spec = spec(IndicatorKind::VictimsIdentified, dims.clone());
    let t = tabulate(&cases, &spec).unwrap();
    let release = protect(&t.table, &DisclosurePolicy::new(3)).unwrap();
    let kind = IndicatorKind::VictimsIdentified;
    let ind = release
        .to_indicator("by-sex".parse().unwrap(), kind, &dims)
        .unwrap();
    assert!(indicator_set(header(), vec![(ind.clone(), &release)]).is_ok());

    // Publish the total after all: 5 persons, and the three suppressed cells (female 2,
    // male 1, unknown 2) are each at least 1, so each lies between 1 and 3.
    let mut tampered = release.clone();
    assert!(tampered.table.get(&["total"]).unwrap().is_suppressed());
    tampered.table.set(&["total"], Cell::Count(5)).unwrap();
    let err = indicator_set(header(), vec![(ind.clone(), &tampered)]).unwrap_err();
    assert!(err.to_string().contains("sex=male"), "{err}");

    // A published count below the threshold is refused too.
    let mut tampered = release.clone();
    tampered.table.set(&["male"], Cell::Count(1)).unwrap();
    let err = indicator_set(header(), vec![(ind, &tampered)]).unwrap_err();
    assert!(err.to_string().contains("sex=male"), "{err}");
}

/// An indicator must be what its (audited) release publishes: an unprotected indicator
/// paired with a protected release is refused.
#[test]
fn an_indicator_not_from_its_release_is_refused() {
    let cases = cases();
    let dims = vec![Dimension::Sex];
    let spec = spec(IndicatorKind::VictimsIdentified, dims.clone());
    let t = tabulate(&cases, &spec).unwrap();
    let kind = IndicatorKind::VictimsIdentified;
    let policy = DisclosurePolicy::new(3);
    let release = protect(&t.table, &policy).unwrap();
    // The unprotected table, as a release with nothing suppressed (never audited).
    let mut unprotected = release.clone();
    unprotected.table = t.table.clone();
    let raw = unprotected
        .to_indicator("by-sex".parse().unwrap(), kind, &dims)
        .unwrap();
    assert!(
        raw.cells
            .iter()
            .all(|c| matches!(c.value, CellValue::Exact { .. }))
    );
    let err = indicator_set(header(), vec![(raw, &release)]).unwrap_err();
    assert!(
        err.to_string().contains("does not publish the cells"),
        "{err}"
    );

    // One cell changed from suppressed to exact is refused too; a title is free.
    let mut ind = release
        .to_indicator("by-sex".parse().unwrap(), kind, &dims)
        .unwrap();
    ind.title = Some("Victims by sex".into());
    assert!(indicator_set(header(), vec![(ind.clone(), &release)]).is_ok());
    let j = ind
        .cells
        .iter()
        .position(|c| c.value == CellValue::Suppressed)
        .unwrap();
    ind.cells[j].value = CellValue::Exact { count: 2 };
    assert!(indicator_set(header(), vec![(ind, &release)]).is_err());
}

/// Two cases sharing a pseudonym are probably one person: the tabulation says so.
#[test]
fn linked_cases_are_reported() {
    let a = "ps1:ttctu2024:7q3x2m5k4w6e3r2t5y7u2i4o3p";
    let b = "ps1:ttctu2024:b4n6m2k8j3h5g7f2d4s6a8q3w5";
    let cases = vec![
        case(
            1,
            json!({"pseudonyms": [a]}),
            json!({"identification": ident("2024-03", "TT")}),
        ),
        case(
            2,
            json!({"pseudonyms": [b, a]}),
            json!({"identification": ident("2024-04", "TT")}),
        ),
        case(
            3,
            json!({"pseudonyms": [b]}),
            json!({"identification": ident("2023-04", "TT")}),
        ),
        case(
            4,
            json!({}),
            json!({"identification": ident("2024-05", "TT")}),
        ),
    ];
    let t = tabulate(
        &cases,
        &spec(IndicatorKind::VictimsIdentified, vec![Dimension::Sex]),
    )
    .unwrap();
    assert_eq!(t.counted, 3);
    // Cases 1 and 2 share a pseudonym; case 3 shares one with case 2 but is not counted.
    assert_eq!(t.linked_cases, 2);
}

/// Regression: `unknown` excludes every other form of exploitation. With 17 persons in forced
/// labour, 3 with no form recorded and every other form 0, a published total of 20 gives
/// `unknown = 20 - 17 = 3` exactly; the audit must know it, and protection must hide more.
#[test]
fn exclusive_unknown_of_a_multi_select_dimension_is_protected() {
    let mut cases = Vec::new();
    for n in 0..20u32 {
        let trafficking = if n < 17 {
            json!({"exploitation_types": ["forced_labour"]})
        } else {
            json!({"status": "actual_victim_of_trafficking"})
        };
        cases.push(case(
            100 + n,
            json!({"gender": "feminine"}),
            json!({"trafficking": trafficking, "identification": ident("2024-03-01", "TT")}),
        ));
    }
    let t = tabulate(
        &cases,
        &spec(
            IndicatorKind::VictimsIdentified,
            vec![Dimension::ExploitationType],
        ),
    )
    .unwrap();
    assert_eq!(count(&t.table, &["forced_labour"]), 17);
    assert_eq!(count(&t.table, &["unknown"]), 3);
    assert_eq!(count(&t.table, &["total"]), 20);

    // The naive publication (only the 3 hidden) is caught by the audit: recovered exactly.
    let mut naive = t.table.clone();
    naive
        .set(
            &["unknown"],
            Cell::Suppressed(ctip_exchange::disclosure::Suppressed::new(
                ctip_exchange::disclosure::SuppressionReason::Primary,
            )),
        )
        .unwrap();
    let r = audit(&naive, 5).unwrap();
    let i = r.interval(&["unknown"]).unwrap();
    assert_eq!((i.lower, i.upper), (3, Some(3)));
    assert!(!r.passed());

    // The protected release passes the corrected audit, unknown at least 5 wide.
    let release = protect(&t.table, &DisclosurePolicy::new(5)).unwrap();
    assert!(release.table.get(&["unknown"]).unwrap().is_suppressed());
    let r = audit(&release.table, 5).unwrap();
    assert!(r.passed(), "{:?}", r.failures().collect::<Vec<_>>());
    let i = r.interval(&["unknown"]).unwrap();
    assert!(i.is_protected(5), "{i:?}");
}

/// Two breakdowns of the same victims protected separately share margins (here the sex
/// margins and the grand total) and can be combined; and victims assisted are nested in
/// victims identified. `indicator_set` refuses both, and accepts the breakdowns cut from one
/// protected table.
#[test]
fn separately_protected_linked_breakdowns_are_refused() {
    let cases = cases();
    let policy = DisclosurePolicy::new(3);
    let by_sex_form = vec![Dimension::Sex, Dimension::ExploitationType];
    let by_sex_age = vec![Dimension::Sex, Dimension::AgeGroup];
    let release_of = |kind, dims: &Vec<Dimension>| {
        protect(
            &tabulate(&cases, &spec(kind, dims.clone())).unwrap().table,
            &policy,
        )
        .unwrap()
    };
    let a = release_of(IndicatorKind::VictimsIdentified, &by_sex_form);
    let b = release_of(IndicatorKind::VictimsIdentified, &by_sex_age);
    let ia = a
        .to_indicator(
            "by-sex-form".parse().unwrap(),
            IndicatorKind::VictimsIdentified,
            &by_sex_form,
        )
        .unwrap();
    let ib = b
        .to_indicator(
            "by-sex-age".parse().unwrap(),
            IndicatorKind::VictimsIdentified,
            &by_sex_age,
        )
        .unwrap();
    let err = indicator_set(header(), vec![(ia.clone(), &a), (ib, &b)]).unwrap_err();
    assert!(err.to_string().contains("protected separately"), "{err}");
    // nested: assisted within identified
    let c = release_of(IndicatorKind::VictimsAssisted, &by_sex_form);
    let ic = c
        .to_indicator(
            "assisted".parse().unwrap(),
            IndicatorKind::VictimsAssisted,
            &by_sex_form,
        )
        .unwrap();
    let err = indicator_set(header(), vec![(ia.clone(), &a), (ic, &c)]).unwrap_err();
    assert!(err.to_string().contains("protected separately"), "{err}");
    // the recommended path: one table with all the dimensions, and its projections
    let all = vec![Dimension::Sex, Dimension::AgeGroup];
    let joint = release_of(IndicatorKind::VictimsIdentified, &all);
    let by_sex = joint.project(&["sex"]).unwrap();
    let i1 = joint
        .to_indicator(
            "by-sex-age".parse().unwrap(),
            IndicatorKind::VictimsIdentified,
            &all,
        )
        .unwrap();
    let i2 = by_sex
        .to_indicator(
            "by-sex".parse().unwrap(),
            IndicatorKind::VictimsIdentified,
            &[Dimension::Sex],
        )
        .unwrap();
    assert!(joint.same_protection(&by_sex) && !joint.same_protection(&a));
    assert!(indicator_set(header(), vec![(i1, &joint), (i2, &by_sex)]).is_ok());
}
