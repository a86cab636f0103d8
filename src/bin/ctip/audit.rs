//! `ctip audit`: the attacker's audit of a published indicator set, from anyone.

use std::io::{Read, Write};

use ctip_exchange::disclosure::audit_indicator;
use ctip_exchange::{Limits, Record};
use serde_json::json;

use crate::cli::{AuditArgs, AuditFormat};
use crate::output::{ERROR, OK, Output, RESET, note, write_error};
use crate::{CliError, EXIT_INVALID, EXIT_OK};

fn read_input(args: &AuditArgs) -> Result<(String, Vec<u8>), CliError> {
    let limit = args.max_bytes as u64 + 1;
    let mut bytes = Vec::new();
    if args.input.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::io("read", std::path::Path::new("<stdin>"), &e))?;
        Ok((crate::read::STDIN_NAME.into(), bytes))
    } else {
        let f =
            std::fs::File::open(&args.input).map_err(|e| CliError::io("read", &args.input, &e))?;
        f.take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::io("read", &args.input, &e))?;
        Ok((args.input.display().to_string(), bytes))
    }
}

/// Runs the command.
pub fn run(args: AuditArgs) -> Result<u8, CliError> {
    let (name, bytes) = read_input(&args)?;
    let limits = Limits {
        max_bytes: args.max_bytes,
        ..Limits::default()
    };
    let set = match Record::from_slice(&bytes, &limits) {
        Ok(Record::IndicatorSet(set)) => set,
        Ok(other) => {
            note(format_args!(
                "{name}: a {} record, not an indicator_set: nothing to audit",
                other.record_type().as_str()
            ));
            return Ok(EXIT_INVALID);
        }
        Err(e) => {
            let report = ctip_exchange::validate::Report::from(e);
            for issue in &report.issues {
                note(format_args!("{name}: {issue}"));
            }
            note(format_args!(
                "{name}: not a readable indicator_set; ctip validate shows why"
            ));
            return Ok(EXIT_INVALID);
        }
    };
    let mut all_passed = true;
    let mut text = String::new();
    let mut indicators = Vec::new();
    for ind in &set.indicators {
        match audit_indicator(ind, &set.disclosure) {
            Ok(report) => {
                let passed = report.passed();
                all_passed &= passed;
                text.push_str(&format!(
                    "indicator {} (protection width {}): {} suppressed cell(s), {}\n",
                    ind.id,
                    report.protection_width,
                    report.intervals.len(),
                    if passed {
                        format!("{OK}protected{RESET}")
                    } else {
                        format!("{ERROR}{} not protected{RESET}", report.failures().count())
                    }
                ));
                let mut cells = Vec::new();
                for i in &report.intervals {
                    let protected = i.is_protected(report.protection_width);
                    let interval = match i.upper {
                        Some(u) => format!("[{}, {u}]", i.lower),
                        None => format!("[{}, unbounded]", i.lower),
                    };
                    text.push_str(&format!(
                        "  {:<60} {:<20} {}\n",
                        i.cell.to_string(),
                        interval,
                        if protected {
                            "protected".to_string()
                        } else {
                            format!("{ERROR}RECOVERABLE{RESET}")
                        }
                    ));
                    let coords: serde_json::Map<String, serde_json::Value> = i
                        .cell
                        .0
                        .iter()
                        .map(|(d, c)| (d.clone(), json!(c)))
                        .collect();
                    cells.push(json!({
                        "cell": coords,
                        "lower": i.lower,
                        "upper": i.upper,
                        "protected": protected,
                    }));
                }
                indicators.push(json!({
                    "id": ind.id.as_str(),
                    "protection_width": report.protection_width,
                    "passed": passed,
                    "cells": cells,
                }));
            }
            Err(e) => {
                all_passed = false;
                text.push_str(&format!(
                    "indicator {}: {ERROR}cannot be audited{RESET}: {e}\n",
                    ind.id
                ));
                indicators.push(json!({
                    "id": ind.id.as_str(),
                    "passed": false,
                    "error": e.to_string(),
                }));
            }
        }
    }
    let mut out = Output::open(None)?;
    match args.format {
        AuditFormat::Text => {
            out.write_all(text.as_bytes()).map_err(write_error)?;
            writeln!(
                out,
                "{name}: {}",
                if all_passed {
                    format!("{OK}every suppressed cell is protected{RESET}")
                } else {
                    format!("{ERROR}some suppressed cell can be recovered or narrowed{RESET}")
                }
            )
            .map_err(write_error)?;
        }
        AuditFormat::Json => {
            let doc = json!({ "file": name, "passed": all_passed, "indicators": indicators });
            writeln!(out, "{doc}").map_err(write_error)?;
        }
    }
    out.finish()?;
    Ok(if all_passed { EXIT_OK } else { EXIT_INVALID })
}
