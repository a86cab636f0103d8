//! `ctip migrate`: documents upgraded to the current version, or exported to an older one.
//!
//! The library upgrades a document of an older supported version at the JSON level before
//! typed parsing ([`ctip_exchange::schema::migrate`]); this command reads each document that
//! way and writes it as the current version, or, with an older target, exports it
//! ([`ctip_exchange::record::export`]): every member, item or code the target cannot hold is
//! dropped and reported on stderr by its JSON Pointer, never silently.

use std::io::Write;

use ctip_exchange::record::export::to_version;
use ctip_exchange::types::SchemaVersion;
use ctip_exchange::validate::Report;
use ctip_exchange::{Limits, Record};

use crate::cli::MigrateArgs;
use crate::output::{Output, note, write_error};
use crate::read::{self, ReadOptions};
use crate::{CliError, EXIT_INVALID, EXIT_OK};

/// Runs the command.
pub fn run(args: MigrateArgs) -> Result<u8, CliError> {
    let to: SchemaVersion = args
        .to
        .parse()
        .map_err(|_| CliError::new("--to: expected a version MAJOR.MINOR, e.g. 1.0"))?;
    if !to.is_supported() {
        return Err(CliError::new(format!(
            "--to {to}: this build writes version {} (upgrade) and exports to {} (lossy); supported input versions: {}",
            SchemaVersion::CURRENT,
            SchemaVersion::SUPPORTED
                .iter()
                .filter(|v| **v < SchemaVersion::CURRENT)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            SchemaVersion::supported_list()
        )));
    }
    let limits = Limits {
        max_bytes: args.read.max_bytes,
        max_depth: args.read.max_depth,
    };
    let mut out = Output::open(args.out.as_deref())?;
    let mut written = 0u64;
    let mut refused = 0u64;
    let mut dropped = 0u64;
    let mut docs: Vec<String> = Vec::new();
    let mut many = false;
    let failed = read::for_each_doc(&args.inputs, ReadOptions::from(&args.read), |doc| {
        many |= doc.line.is_some() || written + refused > 0;
        let parsed = Record::from_slice(&doc.bytes, &limits).map_err(|e| {
            Report::from(e)
                .issues
                .into_iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
        });
        let text = parsed.and_then(|record| {
            if to == SchemaVersion::CURRENT {
                return Ok(record.to_json());
            }
            let export = to_version(&record, to).map_err(|e| vec![e.to_string()])?;
            for d in &export.dropped {
                dropped += 1;
                note(format_args!(
                    "{}: dropped {} ({}, added in {}): version {to} cannot hold it",
                    doc.location(),
                    if d.pointer.is_empty() {
                        "(document)"
                    } else {
                        &d.pointer
                    },
                    d.added.what,
                    d.added.since
                ));
            }
            Ok(export.document.to_string())
        });
        match text {
            Ok(text) => {
                written += 1;
                // Held until we know whether the output is one document or a stream.
                if many {
                    for d in docs.drain(..) {
                        out.write_all(d.as_bytes()).map_err(write_error)?;
                        out.write_all(b"\n").map_err(write_error)?;
                    }
                    out.write_all(text.as_bytes()).map_err(write_error)?;
                    out.write_all(b"\n").map_err(write_error)?;
                } else {
                    docs.push(text);
                }
            }
            Err(problems) => {
                refused += 1;
                for problem in problems {
                    note(format_args!("{}: {problem}", doc.location()));
                }
            }
        }
        Ok(())
    })?;
    if !many {
        // A single document is written pretty-printed.
        for d in docs {
            let value: serde_json::Value =
                serde_json::from_str(&d).map_err(|e| CliError::new(e.to_string()))?;
            let text =
                serde_json::to_string_pretty(&value).map_err(|e| CliError::new(e.to_string()))?;
            out.write_all(text.as_bytes()).map_err(write_error)?;
            out.write_all(b"\n").map_err(write_error)?;
        }
    }
    for e in &failed {
        note(format_args!("ctip: error: {e}"));
    }
    if !failed.is_empty() {
        // Nothing is moved into place when an input could not be read.
        return Err(CliError::new(
            "some input could not be read; nothing written",
        ));
    }
    out.finish()?;
    if !args.quiet {
        if to == SchemaVersion::CURRENT {
            note(format_args!(
                "{written} document(s) written as version {to}, {refused} refused"
            ));
        } else {
            note(format_args!(
                "{written} document(s) exported to version {to} ({dropped} item(s) dropped, each reported above), {refused} refused"
            ));
        }
    }
    Ok(if refused > 0 { EXIT_INVALID } else { EXIT_OK })
}
