//! `ctip validate`: every document of the inputs gets its verdict, in input order, validated
//! in parallel.
//!
//! An NDJSON input (`--ndjson`, or a file named `*.ndjson` / `*.jsonl`) goes through the
//! library's streaming validation ([`validate_ndjson_parallel`]) on a rayon pool of `--jobs`
//! threads: batches of lines, verdicts in input order, memory bounded by one batch whatever
//! the input size, and a line over `--max-bytes` measured and skipped, never buffered.
//!
//! Other inputs (whole JSON documents, and files whose NDJSON form is found by sniffing) are
//! read by a reader thread into batches sent through a bounded channel; the main thread
//! validates each batch on the same pool and writes the verdicts in order.

use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ctip_exchange::types::Timestamp;
use ctip_exchange::validate::stream::{LineVerdict, validate_ndjson_parallel};
use ctip_exchange::validate::{ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record};
use rayon::prelude::*;

use crate::cli::ValidateArgs;
use crate::output::{Output, write_error};
use crate::progress::Progress;
use crate::read::{self, Doc, Input, Item, ReadOptions};
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

/// Where the verdicts go, in order.
struct Verdicts<'a> {
    out: &'a mut Output,
    fmt: &'a mut dyn crate::report::Formatter,
    summary: Summary,
    progress: Progress,
    strict: bool,
}

impl Verdicts<'_> {
    fn doc(&mut self, o: &Outcome) -> Result<(), CliError> {
        self.summary.add(o, self.strict);
        self.fmt.doc(&mut *self.out, o).map_err(write_error)
    }

    fn unreadable(&mut self, e: &CliError) -> Result<(), CliError> {
        self.summary.unreadable += 1;
        self.progress.finish();
        crate::output::note(format_args!(
            "{}ctip: error:{} {e}",
            crate::output::ERROR,
            crate::output::RESET
        ));
        self.fmt.unreadable(&mut *self.out, e).map_err(write_error)
    }
}

/// True when an input is read as NDJSON by the library's stream (no sniffing needed).
fn is_ndjson(input: &Input, read_options: ReadOptions) -> bool {
    match input {
        Input::Stdin => read_options.ndjson,
        Input::File(path) => read_options.ndjson || read::is_ndjson_name(path),
        Input::Failed(_) => false,
    }
}

/// Validates one NDJSON source with the library's ordered parallel stream.
fn ndjson_source(
    source: Arc<str>,
    path: &Path,
    reader: impl BufRead,
    pool: &rayon::ThreadPool,
    options: &ValidationOptions,
    v: &mut Verdicts<'_>,
) -> Result<(), CliError> {
    let mut last_line = 0u64;
    // the records are dropped on the pool's threads, which allocated them (cheaper than here)
    let lines = validate_ndjson_parallel(reader, options)
        .in_pool(pool)
        .map_on_pool(|v: LineVerdict| {
            (v.line, v.record.as_ref().map(Record::record_type), v.report)
        });
    for item in lines {
        match item {
            Ok((line, record_type, report)) => {
                last_line = line;
                let o = Outcome {
                    source: source.clone(),
                    line: Some(line),
                    record_type,
                    report,
                };
                v.doc(&o)?;
                v.progress.add(1);
            }
            Err(e) => {
                let e = CliError::new(format!(
                    "{}: cannot read after line {last_line}: {}; check the file",
                    path.display(),
                    crate::io_reason(&e)
                ));
                v.unreadable(&e)?;
            }
        }
    }
    Ok(())
}

/// Validates inputs that are not known to be NDJSON: a reader thread, batches, the pool.
fn sniffed_sources(
    inputs: Vec<Input>,
    read_options: ReadOptions,
    pool: &rayon::ThreadPool,
    options: &ValidationOptions,
    v: &mut Verdicts<'_>,
) -> Result<(), CliError> {
    let (tx, rx) = mpsc::sync_channel::<Batch>(CHANNEL_BATCHES);
    std::thread::scope(|scope| {
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
        // The reader stops when the channel closes (an output error ends the loop).
        for batch in rx {
            match batch {
                Batch::Docs(docs) => {
                    let outcomes: Vec<Outcome> =
                        pool.install(|| docs.par_iter().map(|d| check(d, options)).collect());
                    drop(docs);
                    for o in &outcomes {
                        v.doc(o)?;
                    }
                    v.progress.add(outcomes.len() as u64);
                }
                Batch::Failed(e) => v.unreadable(&e)?,
            }
        }
        Ok(())
    })
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
    fmt.begin(&mut out).map_err(write_error)?;
    let mut v = Verdicts {
        out: &mut out,
        fmt: &mut *fmt,
        summary: Summary::default(),
        progress: Progress::new(args.quiet, Duration::from_millis(args.progress_delay)),
        strict: args.strict,
    };
    // consecutive inputs that need sniffing share one reader thread
    let mut sniffed: Vec<Input> = Vec::new();
    for input in inputs {
        if !is_ndjson(&input, read_options) {
            sniffed.push(input);
            continue;
        }
        if !sniffed.is_empty() {
            sniffed_sources(
                std::mem::take(&mut sniffed),
                read_options,
                &pool,
                &options,
                &mut v,
            )?;
        }
        match input {
            Input::Stdin => {
                let stdin = io::stdin();
                ndjson_source(
                    Arc::from(read::STDIN_NAME),
                    Path::new("-"),
                    stdin.lock(),
                    &pool,
                    &options,
                    &mut v,
                )?;
            }
            Input::File(path) => match std::fs::File::open(&path) {
                Ok(f) => ndjson_source(
                    Arc::from(path.display().to_string()),
                    &path,
                    BufReader::with_capacity(256 * 1024, f),
                    &pool,
                    &options,
                    &mut v,
                )?,
                Err(e) => v.unreadable(&CliError::io("read", &path, &e))?,
            },
            Input::Failed(e) => v.unreadable(&e)?,
        }
    }
    if !sniffed.is_empty() {
        sniffed_sources(sniffed, read_options, &pool, &options, &mut v)?;
    }
    v.progress.finish();
    let summary = v.summary;
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
