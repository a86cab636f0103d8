//! `ctip validate`: every document of the inputs gets its verdict, in input order, validated
//! in parallel.
//!
//! A reader thread reads the inputs (NDJSON line by line) into batches and sends them through
//! a bounded channel; the main thread validates each batch on a rayon pool of `--jobs`
//! threads and writes the verdicts in order. Memory is bounded by a few batches, whatever
//! the input size.

use std::sync::mpsc;
use std::time::Duration;

use ctip_exchange::types::Timestamp;
use ctip_exchange::validate::{ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record};
use rayon::prelude::*;

use crate::cli::ValidateArgs;
use crate::output::{Output, write_error};
use crate::progress::Progress;
use crate::read::{self, Doc, Item, ReadOptions};
use crate::report::{Outcome, Summary, formatter};
use crate::{CliError, EXIT_ERROR, EXIT_INVALID, EXIT_OK};

/// Documents per batch.
const BATCH_DOCS: usize = 2048;
/// Bytes per batch (a batch is sent when either is reached).
const BATCH_BYTES: usize = 4 << 20;
/// Batches in flight between the reader and the validators.
const CHANNEL_BATCHES: usize = 2;

/// The reference time: `--at`, or now.
pub fn reference_time(at: Option<&str>) -> Result<Timestamp, CliError> {
    match at {
        Some(text) => text.parse().map_err(|_| {
            CliError::new("--at: expected an RFC 3339 UTC timestamp such as 2026-01-01T00:00:00Z")
        }),
        None => {
            let bad =
                || CliError::new("the system clock gives a time that is not valid; pass --at");
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|_| bad())?
                .as_secs();
            let now = chrono::DateTime::from_timestamp(i64::try_from(secs).map_err(|_| bad())?, 0)
                .ok_or_else(bad)?;
            now.format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
                .parse()
                .map_err(|_| bad())
        }
    }
}

/// The validation of one document.
pub fn check(doc: &Doc, options: &ValidationOptions) -> Outcome {
    let (record, report) = validate_slice(&doc.bytes, options);
    Outcome {
        source: doc.source.clone(),
        line: doc.line,
        record_type: record.as_ref().map(Record::record_type),
        report,
    }
}

enum Batch {
    Docs(Vec<Doc>),
    Failed(CliError),
}

/// Runs the command.
pub fn run(args: ValidateArgs) -> Result<u8, CliError> {
    let options = ValidationOptions {
        limits: Limits {
            max_bytes: args.read.max_bytes,
            max_depth: args.read.max_depth,
        },
        ..ValidationOptions::at(reference_time(args.at.as_deref())?)
    };
    let read_options = ReadOptions::from(&args.read);
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.jobs {
        if n == 0 {
            return Err(CliError::new("--jobs: expected at least 1"));
        }
        pool = pool.num_threads(n);
    }
    let pool = pool
        .build()
        .map_err(|_| CliError::new("cannot start the worker threads"))?;
    let inputs = read::expand(&args.inputs);
    if inputs.is_empty() {
        return Err(CliError::new(
            "no document to validate: the directories hold no *.json, *.ndjson or *.jsonl file; check the paths",
        ));
    }
    let mut out = Output::open(args.output.as_deref())?;
    let mut fmt = formatter(args.format, args.strict, args.quiet);
    let mut summary = Summary::default();
    let mut progress = Progress::new(args.quiet, Duration::from_millis(args.progress_delay));

    fmt.begin(&mut out).map_err(write_error)?;
    let (tx, rx) = mpsc::sync_channel::<Batch>(CHANNEL_BATCHES);
    let written: Result<(), CliError> = std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch: Vec<Doc> = Vec::with_capacity(BATCH_DOCS);
            let mut bytes = 0usize;
            read::stream(inputs, read_options, &mut |item| match item {
                Item::Doc(d) => {
                    bytes += d.bytes.len();
                    batch.push(d);
                    if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                        bytes = 0;
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_DOCS));
                        tx.send(Batch::Docs(full)).is_ok()
                    } else {
                        true
                    }
                }
                Item::Failed(e) => {
                    bytes = 0;
                    let full = std::mem::take(&mut batch);
                    (full.is_empty() || tx.send(Batch::Docs(full)).is_ok())
                        && tx.send(Batch::Failed(e)).is_ok()
                }
            });
            if !batch.is_empty() {
                let _ = tx.send(Batch::Docs(batch));
            }
        });
        for batch in rx {
            match batch {
                Batch::Docs(docs) => {
                    let outcomes: Vec<Outcome> =
                        pool.install(|| docs.par_iter().map(|d| check(d, &options)).collect());
                    drop(docs);
                    for o in &outcomes {
                        summary.add(o, args.strict);
                        fmt.doc(&mut out, o).map_err(write_error)?;
                    }
                    progress.add(outcomes.len() as u64);
                }
                Batch::Failed(e) => {
                    summary.unreadable += 1;
                    progress.finish();
                    crate::output::note(format_args!(
                        "{}ctip: error:{} {e}",
                        crate::output::ERROR,
                        crate::output::RESET
                    ));
                    fmt.unreadable(&mut out, &e).map_err(write_error)?;
                }
            }
        }
        Ok(())
    });
    // The reader stops when the channel closes; an output error ends the run here.
    written?;
    progress.finish();
    fmt.end(&mut out, &summary).map_err(write_error)?;
    out.finish()?;
    Ok(if summary.unreadable > 0 {
        EXIT_ERROR
    } else if summary.failed > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}
