//! Publishes an indicator set from case records, with disclosure control, and shows which
//! cells were suppressed and why.
//!
//! ```text
//! cargo run --example disclosure_publish                  # the bundled example cases
//! cargo run --example disclosure_publish -- a.json b.json # your own case records
//! ```
//!
//! The three bundled cases are far too few to publish: under the default threshold of 11
//! every non-zero count is suppressed. That is the point of the demonstration.

use std::error::Error;

use ctip_exchange::Record;
use ctip_exchange::case::Case;
use ctip_exchange::disclosure::{
    DisclosurePolicy, IndicatorSetHeader, TabulationSpec, indicator_set, protect, tabulate,
};
use ctip_exchange::indicator::Period;
use ctip_exchange::validate::{ValidationOptions, validate};
use ctip_exchange::vocab::{Dimension, IndicatorKind};

fn main() -> Result<(), Box<dyn Error>> {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/1.0/examples/valid");
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.starts_with("case-") && name.ends_with(".json") {
                paths.push(path.display().to_string());
            }
        }
        paths.sort();
    }
    let mut cases: Vec<Case> = Vec::new();
    for p in &paths {
        match Record::from_slice(&std::fs::read(p)?, &Default::default())? {
            Record::Case(c) => cases.push(*c),
            _ => eprintln!("{p}: not a case record, skipped"),
        }
    }

    let period = Period::new("2023".parse()?, "2025".parse()?);
    let countries = vec!["GY".parse()?, "JM".parse()?, "TT".parse()?];
    let dims = vec![
        Dimension::Sex,
        Dimension::AgeGroup,
        Dimension::ExploitationType,
    ];
    let spec = TabulationSpec::new(
        IndicatorKind::VictimsIdentified,
        period,
        countries.clone(),
        dims.clone(),
    );
    let tab = tabulate(&cases, &spec)?;
    println!(
        "{} case(s) read, {} counted, {} left out: {:?}",
        cases.len(),
        tab.counted,
        tab.excluded.total(),
        tab.excluded
    );
    if tab.linked_cases > 0 {
        println!(
            "warning: {} counted cases share a pseudonym with another: one person may be counted twice",
            tab.linked_cases
        );
    }

    let policy = DisclosurePolicy::default();
    let release = protect(&tab.table, &policy)?;
    println!(
        "policy: threshold {}, protection width {}, methods {:?}",
        policy.threshold,
        policy.protection_width,
        policy.methods()
    );
    println!("\nsuppressed cells (the reason is for you, not for publication):");
    for s in &release.suppressed {
        let interval = release
            .audit
            .interval_of(&s.cell)
            .map(ToString::to_string)
            .unwrap_or_default();
        println!(
            "  {:<70} {:<10} attacker's interval {interval}",
            s.cell.to_string(),
            s.reason.as_str()
        );
    }
    let published = release.published_count();
    println!(
        "\n{} cells, {} published exactly, {} suppressed; audit passed: {}",
        release.table.len(),
        published,
        release.suppressed.len(),
        release.audit.passed()
    );

    let kind = IndicatorKind::VictimsIdentified;
    let indicator = release.to_indicator("victims-by-sex-age-form".parse()?, kind, &dims)?;
    // Smaller breakdowns are cut from the same protected table, so that they cannot be
    // combined with it to recover a cell.
    let by_sex = release.project(&["sex"])?;
    let by_sex_indicator =
        by_sex.to_indicator("victims-by-sex".parse()?, kind, &[Dimension::Sex])?;
    let set = indicator_set(
        IndicatorSetHeader {
            id: "example-indicators-2023-2025".parse()?,
            producer: "example.org.statistics".parse()?,
            created_at: "2026-01-15T12:00:00Z".parse()?,
            title: Some("Victims of trafficking identified, 2023-2025 (example)".into()),
            period,
            countries,
        },
        vec![(indicator, &release), (by_sex_indicator, &by_sex)],
    )?;
    let report = validate(
        &Record::IndicatorSet(Box::new(set.clone())),
        &ValidationOptions::at("2026-01-15T12:00:00Z".parse()?),
    );
    println!("validation: {} error(s)", report.errors().count());
    if std::env::var_os("SHOW_JSON").is_some() {
        println!("{}", serde_json::to_string_pretty(&set)?);
    }
    Ok(())
}
