//! The main job on the data shipped with the repository: read the example documents of the
//! standard, validate them, and print a readable summary of the cases, referrals and
//! indicator sets with their validation reports.
//!
//! ```text
//! cargo run --example exchange [-- [--at 2026-01-01T00:00:00Z | --now] [DIR ...]]
//! ```
//!
//! Without a directory it reads `schemas/1.0/examples/valid` and `schemas/1.0/examples/invalid`.
//! The reference time for the date rules ("now" for them) is `2026-01-01T00:00:00Z`, the one
//! the invalid examples' README names, so that the examples give the same report on any day;
//! `--at` sets another, `--now` takes the system clock. In a folder named `invalid`, the
//! example `json.too_large.json` is read with a size limit of 1024 bytes, as its README says
//! (it is a small valid case; with the default 4 MiB limit it would pass).
//!
//! The exit status is 0 when every document is valid, except in folders named `invalid`,
//! whose documents are expected to break a rule (and must: one that passes counts as
//! unexpected); 1 otherwise; 2 on usage or I/O errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use ctip_exchange::indicator::{CellValue, Indicator, IndicatorSet};
use ctip_exchange::types::{SchemaVersion, Timestamp};
use ctip_exchange::validate::{Report, ValidationOptions, validate_slice};
use ctip_exchange::{Case, Record, Referral};

/// The reference time the invalid examples' README (`schemas/1.0/examples/invalid/README.md`)
/// names.
const EXAMPLES_REFERENCE_TIME: &str = "2026-01-01T00:00:00Z";

/// The size limit the README gives for the `json.too_large` example.
const TOO_LARGE_EXAMPLE_LIMIT: usize = 1024;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let mut args = env::args().skip(1);
    let mut at: Option<Timestamp> = None;
    let mut dirs: Vec<PathBuf> = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--at" => {
                let value = args
                    .next()
                    .ok_or("--at needs a timestamp like 2026-01-01T00:00:00Z")?;
                at = Some(value.parse().map_err(|e| format!("--at: {e}"))?);
            }
            "--now" => at = Some(Timestamp::now()),
            "-h" | "--help" => {
                println!("usage: exchange [--at RFC3339-UTC-TIMESTAMP | --now] [DIR ...]");
                return Ok(ExitCode::SUCCESS);
            }
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/1.0/examples");
    if dirs.is_empty() {
        dirs = vec![root.join("valid"), root.join("invalid")];
    }
    let at = match at {
        Some(t) => t,
        None => EXAMPLES_REFERENCE_TIME
            .parse()
            .map_err(|e| format!("reference time: {e}"))?,
    };
    let options = ValidationOptions::at(at);
    println!(
        "ctip-exchange {}: standard version {}",
        env!("CARGO_PKG_VERSION"),
        SchemaVersion::CURRENT
    );
    println!("reference time {at}\n");

    let mut unexpected = 0;
    for dir in &dirs {
        let expect_invalid = dir.file_name().is_some_and(|n| n == "invalid");
        let (mut valid, mut warned, mut invalid) = (0, 0, 0);
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        println!("== {} ({} documents)", dir.display(), files.len());
        let mut sections: [Vec<String>; 5] = Default::default();
        for file in &files {
            let bytes = fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("?");
            let mut file_options = options;
            let mut note = String::new();
            if expect_invalid && name == "json.too_large.json" {
                file_options.limits.max_bytes = TOO_LARGE_EXAMPLE_LIMIT;
                note = format!("    (read with a size limit of {TOO_LARGE_EXAMPLE_LIMIT} bytes)\n");
            }
            let (record, report) = validate_slice(&bytes, &file_options);
            match (report.is_valid(), report.issues.is_empty()) {
                (true, true) => valid += 1,
                (true, false) => warned += 1,
                (false, _) => invalid += 1,
            }
            // a valid document is expected outside `invalid`; in `invalid`, a broken rule (an
            // error, or the warning the file is named after)
            let expected = if expect_invalid {
                breaks_its_rule(name, &report)
            } else {
                report.is_valid()
            };
            if !expected {
                unexpected += 1;
                note += "    UNEXPECTED: this document was expected to ";
                note += if expect_invalid {
                    "raise the rule it is named after\n"
                } else {
                    "be valid\n"
                };
            }
            let (section, text) = match &record {
                Some(Record::Case(c)) => (0, summarize_case(c)),
                Some(Record::Referral(r)) => (1, summarize_referral(r)),
                Some(Record::IndicatorSet(s)) => (2, summarize_indicators(s)),
                Some(Record::Tip(t)) => (3, summarize_tip(t)),
                None => (4, String::new()),
            };
            sections[section].push(format!("  {name}\n{note}{text}{}", format_report(&report)));
        }
        for (title, entries) in ["CASES", "REFERRALS", "INDICATOR SETS", "TIPS", "UNREADABLE"]
            .iter()
            .zip(&sections)
        {
            if !entries.is_empty() {
                println!("\n{title} ({})", entries.len());
                for entry in entries {
                    println!("{entry}");
                }
            }
        }
        println!(
            "\n{}: {valid} valid, {warned} valid with warnings, {invalid} invalid{}\n",
            dir.display(),
            if expect_invalid {
                " (these examples are meant to break a rule)"
            } else {
                ""
            }
        );
    }
    Ok(if unexpected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// True when the report of an invalid example raises the rule the file is named after
/// (`date.future.json` must raise `date.future`).
fn breaks_its_rule(name: &str, report: &Report) -> bool {
    let code = name.strip_suffix(".json").unwrap_or(name);
    report.issues.iter().any(|i| i.code.as_str() == code)
}

fn list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let v: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    if v.is_empty() {
        "-".to_owned()
    } else {
        v.join(", ")
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "?".to_owned(), |v| v.to_string())
}

fn summarize_case(c: &Case) -> String {
    let s = &c.subject;
    let mut out = format!("    {} by {}\n", c.id, c.producer);
    out += &format!(
        "    subject: {} | age band {} | {} | citizenship {} | languages {} | {} pseudonym(s)\n",
        opt(s.gender),
        opt(s.age_band),
        opt(s.majority),
        list(s.citizenships.iter()),
        list(s.languages.iter()),
        s.pseudonyms.len()
    );
    if let Some(t) = &c.trafficking {
        out += &format!(
            "    trafficking: {} | forms {} | means {}\n",
            opt(t.status),
            list(t.exploitation_types.iter()),
            list(t.means_of_control.iter())
        );
        if !t.recruitment_platforms.is_empty() || !t.exploitation_platforms.is_empty() {
            out += &format!(
                "    online: recruited via {} | exploited via {}\n",
                list(t.recruitment_platforms.iter()),
                list(t.exploitation_platforms.iter())
            );
        }
    }
    if let Some(i) = &c.identification {
        out += &format!(
            "    identified {} in {} via {}\n",
            opt(i.date),
            opt(i.country),
            opt(i.channel)
        );
    }
    let status = c.case_management.as_ref().map(|m| m.status);
    let cj = c.criminal_justice.as_ref();
    out += &format!(
        "    case {} | {} service(s) | {} consent(s) | investigation {} | prosecution {}\n",
        opt(status),
        c.assistance.len(),
        c.consents.len(),
        opt(cj.and_then(|j| j.investigation)),
        opt(cj.and_then(|j| j.prosecution))
    );
    out
}

/// A tip in two lines: how and when it came in, where it went and what came of it (never
/// its note).
fn summarize_tip(t: &ctip_exchange::Tip) -> String {
    let routed: Vec<String> = t
        .routing
        .iter()
        .map(|r| format!("{} ({})", r.to, r.status))
        .collect();
    let outcome = t
        .outcome
        .as_ref()
        .map_or("open".to_owned(), |o| o.kind.to_string());
    format!(
        "    {} : {} at {}\n    routed to {} | outcome {}\n",
        t.id,
        t.channel,
        t.received_at,
        if routed.is_empty() {
            "nobody".to_owned()
        } else {
            routed.join(", ")
        },
        outcome
    )
}

fn summarize_referral(r: &Referral) -> String {
    use ctip_exchange::referral::ConsentBasis;
    let basis = match &r.consent {
        ConsentBasis::Consent(c) => format!("consent {} on {}", c.status, c.decided_on),
        ConsentBasis::Override(o) => format!("override ({}) by {}", o.reason, o.authorized_by),
    };
    let path: Vec<&str> = r.history.iter().map(|h| h.status.as_str()).collect();
    format!(
        "    {} : {} ({}) -> {} ({})\n    services {} | urgency {} | {}\n    status {} via {}\n",
        r.id,
        r.from.org,
        r.from.org_type,
        r.to.org,
        r.to.org_type,
        list(r.services.iter()),
        r.urgency,
        basis,
        r.status,
        path.join(" > ")
    )
}

fn summarize_indicators(s: &IndicatorSet) -> String {
    let d = &s.disclosure;
    let mut out = format!(
        "    {} by {} | {} to {} | {}\n    disclosure: {} (threshold {}, rounding base {})\n",
        s.id,
        s.producer,
        s.period.start,
        s.period.end,
        list(s.geography.countries.iter()),
        list(d.methods.iter()),
        opt(d.threshold),
        opt(d.rounding_base)
    );
    for ind in &s.indicators {
        out += &format_indicator(ind);
    }
    out
}

fn cell_text(v: CellValue) -> String {
    match v {
        CellValue::Exact { count } => count.to_string(),
        CellValue::Suppressed => "supp.".to_owned(),
        CellValue::NotAvailable => "n/a".to_owned(),
    }
}

fn format_indicator(ind: &Indicator) -> String {
    let dims: Vec<_> = ind.dimensions.iter().map(|d| d.dimension).collect();
    let multi = ind.dimensions.iter().any(|d| d.multi_select);
    let mut out = format!(
        "    - {} [{} {}]{}\n",
        ind.id,
        ind.kind,
        ind.unit,
        if multi {
            " (multi-select: totals are persons, not sums)"
        } else {
            ""
        }
    );
    match dims.as_slice() {
        [] => {
            for c in &ind.cells {
                out += &format!("        {}\n", cell_text(c.value));
            }
        }
        [row, col] => {
            let mut rows: Vec<&str> = Vec::new();
            let mut cols: Vec<&str> = Vec::new();
            for c in &ind.cells {
                let (r, k) = (c.coordinates[row].as_str(), c.coordinates[col].as_str());
                if !rows.contains(&r) {
                    rows.push(r);
                }
                if !cols.contains(&k) {
                    cols.push(k);
                }
            }
            out += &format!("        {:<12}", format!("{row}\\{col}"));
            for k in &cols {
                out += &format!("{k:>10}");
            }
            out.push('\n');
            for r in &rows {
                out += &format!("        {r:<12}");
                for k in &cols {
                    let v = ind
                        .cells
                        .iter()
                        .find(|c| c.coordinates[row] == *r && c.coordinates[col] == *k)
                        .map_or("".to_owned(), |c| cell_text(c.value));
                    out += &format!("{v:>10}");
                }
                out.push('\n');
            }
        }
        _ => {
            for c in &ind.cells {
                let coords: Vec<String> = c
                    .coordinates
                    .iter()
                    .map(|(d, v)| format!("{d}={v}"))
                    .collect();
                out += &format!("        {:<48} {}\n", coords.join(" "), cell_text(c.value));
            }
        }
    }
    out
}

fn format_report(report: &Report) -> String {
    if report.issues.is_empty() {
        return "    validation: valid, no issues\n".to_owned();
    }
    let verdict = if report.is_valid() {
        "valid with warnings"
    } else {
        "INVALID"
    };
    let mut out = format!("    validation: {verdict}\n");
    for issue in &report.issues {
        out += &format!("      {issue}\n");
    }
    out
}
