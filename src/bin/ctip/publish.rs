//! `ctip publish`: cases in, a protected and audited `indicator_set` out, and the table of
//! every suppressed cell with its reason (for the publisher, not for publication).

use std::io::Write;

use ctip_exchange::case::Case;
use ctip_exchange::disclosure::{
    DisclosurePolicy, IndicatorSetHeader, Release, RoundingPolicy, TabulationSpec, indicator_set,
    protect, tabulate,
};
use ctip_exchange::indicator::Period;
use ctip_exchange::types::{CountryCode, PartialDate};
use ctip_exchange::validate::{ValidationOptions, validate, validate_slice};
use ctip_exchange::vocab::{Dimension, IndicatorKind};
use ctip_exchange::{Limits, Record};

use crate::cli::PublishArgs;
use crate::output::{AtomicFile, Output, note, write_error};
use crate::read::{self, ReadOptions};
use crate::validate::reference_time;
use crate::{CliError, EXIT_INVALID, EXIT_OK};

fn parse_period(text: &str) -> Result<Period, CliError> {
    let bad = || {
        CliError::new(
            "--period: expected START/END as partial dates, e.g. 2024/2025 or 2025-01/2025-06",
        )
    };
    let (a, b) = text.split_once('/').ok_or_else(bad)?;
    let start: PartialDate = a.trim().parse().map_err(|_| bad())?;
    let end: PartialDate = b.trim().parse().map_err(|_| bad())?;
    Ok(Period::new(start, end))
}

fn policy(args: &PublishArgs) -> Result<DisclosurePolicy, CliError> {
    let mut p = DisclosurePolicy::new(args.threshold)
        .with_zeros_sensitive(args.zeros_sensitive)
        .with_minimize_secondary(!args.no_minimize);
    if let Some(w) = args.protection_width {
        p = p.with_protection_width(w);
    }
    let rounding = match (args.round, args.random_round) {
        (Some(base), _) => Some(RoundingPolicy::Deterministic { base }),
        (None, Some(base)) => Some(
            RoundingPolicy::random_from_os(base)
                .map_err(|e| CliError::new(format!("--random-round: {e}")))?,
        ),
        (None, None) => None,
    };
    p = p.with_rounding(rounding);
    p.validate().map_err(|e| CliError::new(e.to_string()))?;
    Ok(p)
}

/// The readable table of suppressed cells.
pub fn suppressed_table(release: &Release) -> String {
    let mut t = String::new();
    let width = release
        .suppressed
        .iter()
        .map(|s| s.cell.to_string().len())
        .max()
        .unwrap_or(4)
        .max(4);
    t.push_str(&format!(
        "{:<width$}  {:<10}  attacker's interval\n",
        "cell", "reason"
    ));
    for s in &release.suppressed {
        let interval = release
            .audit
            .interval_of(&s.cell)
            .map(ToString::to_string)
            .unwrap_or_else(|| "-".into());
        t.push_str(&format!(
            "{:<width$}  {:<10}  {interval}\n",
            s.cell.to_string(),
            s.reason.as_str()
        ));
    }
    let published = release.published_count();
    t.push_str(&format!(
        "{} cell(s): {} published, {} suppressed; audit {}\n",
        release.table.len(),
        published,
        release.suppressed.len(),
        if release.audit.passed() {
            "passed"
        } else {
            "FAILED"
        }
    ));
    t
}

/// Runs the command.
pub fn run(args: PublishArgs) -> Result<u8, CliError> {
    let kind: IndicatorKind = args
        .kind
        .parse()
        .map_err(|e| CliError::new(format!("--kind: {e}")))?;
    let dims: Vec<Dimension> = args
        .by
        .iter()
        .map(|d| {
            d.trim()
                .parse()
                .map_err(|e| CliError::new(format!("--by: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let countries: Vec<CountryCode> = args
        .country
        .iter()
        .map(|c| {
            c.trim().parse().map_err(|_| {
                CliError::new("--country: expected ISO 3166-1 alpha-2 codes such as TT,JM")
            })
        })
        .collect::<Result<_, _>>()?;
    let period = parse_period(&args.period)?;
    let policy = policy(&args)?;
    let at = reference_time(args.at.as_deref())?;
    let options = ValidationOptions {
        limits: Limits {
            max_bytes: args.read.max_bytes,
            max_depth: args.read.max_depth,
        },
        ..ValidationOptions::at(at)
    };

    let mut cases: Vec<Case> = Vec::new();
    let mut invalid = 0usize;
    let mut not_cases = 0usize;
    let failed = read::for_each_doc(&args.inputs, ReadOptions::from(&args.read), |doc| {
        let (record, report) = validate_slice(&doc.bytes, &options);
        if !report.is_valid() {
            invalid += 1;
            for issue in report.errors() {
                note(format_args!("{}: {issue}", doc.location()));
            }
            return Ok(());
        }
        match record {
            Some(Record::Case(c)) => cases.push(*c),
            Some(_) => {
                not_cases += 1;
                note(format_args!(
                    "{}: not a case record, skipped",
                    doc.location()
                ));
            }
            None => invalid += 1,
        }
        Ok(())
    })?;
    if let Some(e) = failed.into_iter().next() {
        return Err(e);
    }
    if invalid > 0 {
        note(format_args!(
            "ctip: {invalid} input document(s) are invalid: nothing published. Fix them (ctip validate shows every issue) and run again."
        ));
        return Ok(EXIT_INVALID);
    }

    let spec = TabulationSpec::new(kind, period, countries.clone(), dims.clone());
    let tab =
        tabulate(&cases, &spec).map_err(|e| CliError::new(format!("cannot tabulate: {e}")))?;
    let release = protect(&tab.table, &policy).map_err(|e| {
        CliError::new(format!(
            "cannot protect the table: {e}; try fewer dimensions (--by) or a longer period"
        ))
    })?;
    let indicator_id = args.indicator_id.clone().unwrap_or_else(|| {
        format!(
            "{}-by-{}",
            kind.as_str().replace('_', "-"),
            dims.iter()
                .map(|d| d.as_str().replace('_', "-"))
                .collect::<Vec<_>>()
                .join("-")
        )
    });
    let indicator = release
        .to_indicator(
            indicator_id.parse().map_err(|_| {
                CliError::new("--indicator-id: not a valid id (letters, digits, '.', '-', '_')")
            })?,
            kind,
            &dims,
        )
        .map_err(|e| CliError::new(e.to_string()))?;
    let set = indicator_set(
        IndicatorSetHeader {
            id: args.id.parse().map_err(|_| {
                CliError::new("--id: not a valid id (letters, digits, '.', '-', '_')")
            })?,
            producer: args.producer.parse().map_err(|_| {
                CliError::new("--producer: not a valid organization id (e.g. tt.gov.ctu)")
            })?,
            created_at: at,
            title: args.title.clone(),
            period,
            countries,
        },
        vec![(indicator, &release)],
    )
    .map_err(|e| CliError::new(e.to_string()))?;
    // The set must pass its own validation (disclosure rules and the audit included).
    let record = Record::IndicatorSet(Box::new(set));
    let report = validate(&record, &ValidationOptions::at(at));
    if !report.is_valid() {
        for issue in report.errors() {
            note(format_args!("indicator set: {issue}"));
        }
        return Err(CliError::new(
            "the protected indicator set does not pass validation; nothing written (please report this)",
        ));
    }

    let mut summary = format!(
        "{} record(s) read, {} case(s), {} counted, {} left out ({} outside the period, {} outside the countries, {} without a date, {} without statistics consent, {} other)\n",
        cases.len() + not_cases,
        cases.len(),
        tab.counted,
        tab.excluded.total(),
        tab.excluded.outside_period + tab.excluded.date_straddles_period,
        tab.excluded.outside_geography + tab.excluded.country_unknown,
        tab.excluded.date_unknown,
        tab.excluded.no_statistics_consent,
        tab.excluded.not_counted_by_indicator,
    );
    if tab.linked_cases > 0 {
        summary.push_str(&format!(
            "warning: {} counted case(s) share a pseudonym with another: one person may be counted twice\n",
            tab.linked_cases
        ));
    }
    summary.push_str(&format!(
        "policy: threshold {}, protection width {}\n\nSuppressed cells (the reasons are for you, not for publication):\n",
        policy.threshold, policy.protection_width
    ));
    summary.push_str(&suppressed_table(&release));

    let mut out = Output::open(args.out.as_deref())?;
    let json = serde_json::to_string_pretty(&record).map_err(|e| CliError::new(e.to_string()))?;
    out.write_all(json.as_bytes()).map_err(write_error)?;
    out.write_all(b"\n").map_err(write_error)?;
    out.finish()?;
    match &args.table {
        Some(path) => {
            let mut f = AtomicFile::create(path)?;
            f.write_all(summary.as_bytes())
                .map_err(|e| CliError::io("write", path, &e))?;
            f.commit(true)?;
        }
        None if !args.quiet => eprint!("{summary}"),
        None => {}
    }
    Ok(EXIT_OK)
}
