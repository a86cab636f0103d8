//! Streaming validation of NDJSON: one record per line, read and validated one at a time in
//! constant memory.
//!
//! [`validate_ndjson`] turns any [`BufRead`] into an iterator of [`LineVerdict`]s, in input
//! order: the line number (from 1), the record when it parsed, and its [`Report`]. Blank lines
//! (only spaces, tabs or a `\r`) are skipped and counted; a `\r\n` line end is one line end. A
//! line longer than [`Limits::max_bytes`](crate::Limits::max_bytes) is reported as too large (`json.too_large`) without
//! being held in memory: at most `max_bytes + 1` bytes of a line are ever buffered. A line
//! that is not UTF-8 is reported as such (`json.invalid_utf8`), and the stream goes on. Only
//! a failure of the reader itself ends the stream, as an `Err` item.
//!
//! With the feature `parallel`, `validate_ndjson_parallel` validates batches of lines on the
//! rayon pool the caller runs in (`rayon::ThreadPool::install`, or the global pool), and
//! gives the verdicts in input order; memory is bounded by one batch.
//!
//! ```
//! use ctip_exchange::validate::{ValidationOptions, RuleCode, stream::validate_ndjson};
//! let case = std::fs::read_to_string("schemas/1.0/examples/valid/case-gy-mining.json").unwrap();
//! let one_line: serde_json::Value = serde_json::from_str(&case).unwrap();
//! let input = format!("{one_line}\n\n{{\"record_type\":\"case\"}}\r\n");
//! let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
//! let verdicts: Vec<_> = validate_ndjson(input.as_bytes(), &options)
//!     .collect::<Result<_, _>>()
//!     .unwrap();
//! assert_eq!(verdicts.len(), 2);
//! assert_eq!(verdicts[0].line, 1);
//! assert!(verdicts[0].report.is_valid() && verdicts[0].record.is_some());
//! assert_eq!(verdicts[1].line, 3);
//! assert!(verdicts[1].report.has(RuleCode::StructureSchemaVersion));
//! ```

use std::io::{self, BufRead};

use super::{Report, ValidationOptions, validate_slice};
use crate::error::Error;
use crate::record::Record;

/// The verdict on one line of an NDJSON stream.
#[derive(Debug)]
pub struct LineVerdict {
    /// The line number, from 1 (blank lines count).
    pub line: u64,
    /// The record, when the line parsed.
    pub record: Option<Record>,
    /// Every issue of the line (empty for a valid record).
    pub report: Report,
}

/// One line read by [`NdjsonLines`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// A line within the size limit, without its line end.
    Text {
        /// The line number, from 1.
        number: u64,
        /// The bytes of the line.
        bytes: &'a [u8],
    },
    /// A line over the size limit: its bytes were skipped, not kept.
    TooLarge {
        /// The line number, from 1.
        number: u64,
        /// The length of the line in bytes, without its line end.
        size: usize,
    },
}

/// The lines of an NDJSON stream, blank lines skipped, each at most `max_bytes` long (longer
/// lines are measured and skipped, never buffered whole). One buffer is reused for every line.
pub struct NdjsonLines<R> {
    reader: R,
    max_bytes: usize,
    number: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> NdjsonLines<R> {
    /// Lines of at most `max_bytes` bytes from `reader`.
    pub fn new(reader: R, max_bytes: usize) -> Self {
        NdjsonLines {
            reader,
            max_bytes,
            number: 0,
            buf: Vec::new(),
        }
    }

    /// The number of the last line read (0 before the first).
    pub fn line_number(&self) -> u64 {
        self.number
    }

    /// The next non-blank line, `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            let Some(size) = self.read_one()? else {
                return Ok(None);
            };
            self.number += 1;
            if size > self.max_bytes {
                return Ok(Some(Line::TooLarge {
                    number: self.number,
                    size,
                }));
            }
            if !self.buf.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r')) {
                return Ok(Some(Line::Text {
                    number: self.number,
                    bytes: &self.buf,
                }));
            }
        }
    }

    /// Reads one line into the buffer (at most `max_bytes + 1` bytes of it, without the `\n`
    /// and a `\r` before it); the full length of the line, or `None` at the end of the input.
    fn read_one(&mut self) -> io::Result<Option<usize>> {
        self.buf.clear();
        let keep = self.max_bytes.saturating_add(1);
        let mut size = 0usize;
        let mut last = None;
        let mut any = false;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (chunk, used, done) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (&avail[..i], i + 1, true),
                None => (avail, avail.len(), false),
            };
            let room = keep.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            size = size.saturating_add(chunk.len());
            if let Some(&b) = chunk.last() {
                last = Some(b);
            }
            self.reader.consume(used);
            if done {
                break;
            }
        }
        if last == Some(b'\r') {
            size -= 1;
            self.buf.truncate(size);
        }
        Ok(Some(size))
    }
}

/// Validates every line of an NDJSON stream, in order; see the [module documentation](self).
pub fn validate_ndjson<R: BufRead>(
    reader: R,
    options: &ValidationOptions,
) -> ValidateNdjson<'_, R> {
    ValidateNdjson {
        lines: NdjsonLines::new(reader, options.limits.max_bytes),
        options,
        failed: false,
    }
}

/// The iterator of [`validate_ndjson`].
pub struct ValidateNdjson<'o, R> {
    lines: NdjsonLines<R>,
    options: &'o ValidationOptions,
    failed: bool,
}

fn too_large(line: u64, size: usize, limit: usize) -> LineVerdict {
    LineVerdict {
        line,
        record: None,
        report: Report::from(Error::TooLarge { size, limit }),
    }
}

impl<R: BufRead> Iterator for ValidateNdjson<'_, R> {
    type Item = io::Result<LineVerdict>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let options = self.options;
        match self.lines.next_line() {
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
            Ok(None) => None,
            Ok(Some(Line::Text { number, bytes })) => {
                let (record, report) = validate_slice(bytes, options);
                Some(Ok(LineVerdict {
                    line: number,
                    record,
                    report,
                }))
            }
            Ok(Some(Line::TooLarge { number, size })) => {
                Some(Ok(too_large(number, size, options.limits.max_bytes)))
            }
        }
    }
}

#[cfg(feature = "parallel")]
pub use parallel::{ValidateNdjsonParallel, validate_ndjson_parallel};

#[cfg(feature = "parallel")]
mod parallel {
    use std::collections::VecDeque;
    use std::io::{self, BufRead};
    use std::ops::Range;

    use rayon::prelude::*;

    use super::{Line, LineVerdict, NdjsonLines, too_large};
    use crate::validate::{ValidationOptions, validate_slice};

    /// Lines per batch.
    const BATCH_LINES: usize = 1024;
    /// Bytes per batch (a batch ends when either is reached, or at a line over the limit).
    const BATCH_BYTES: usize = 4 << 20;

    /// Validates every line of an NDJSON stream on the current rayon pool (the global pool,
    /// the one whose [`install`](rayon::ThreadPool::install) runs the iteration, or the one
    /// given to [`in_pool`](ValidateNdjsonParallel::in_pool)), giving
    /// the verdicts in input order. Lines are read in batches of at most 1024 lines or 4 MiB
    /// (plus one line), so memory stays bounded whatever the input size.
    ///
    /// ```
    /// use ctip_exchange::validate::{ValidationOptions, stream::validate_ndjson_parallel};
    /// let input = "{}\n[]\n{\"record_type\":\"case\"}\n";
    /// let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
    /// let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    /// let lines: Vec<u64> = pool.install(|| {
    ///     validate_ndjson_parallel(input.as_bytes(), &options).map(|v| v.unwrap().line).collect()
    /// });
    /// assert_eq!(lines, [1, 2, 3]);
    /// ```
    pub fn validate_ndjson_parallel<R: BufRead>(
        reader: R,
        options: &ValidationOptions,
    ) -> ValidateNdjsonParallel<'_, R> {
        ValidateNdjsonParallel {
            lines: NdjsonLines::new(reader, options.limits.max_bytes),
            options,
            ready: VecDeque::new(),
            data: Vec::new(),
            spans: Vec::new(),
            error: None,
            done: false,
            pool: None,
        }
    }

    enum Span {
        Text(u64, Range<usize>),
        TooLarge(u64, usize),
    }

    /// The iterator of [`validate_ndjson_parallel`].
    pub struct ValidateNdjsonParallel<'o, R> {
        lines: NdjsonLines<R>,
        options: &'o ValidationOptions,
        ready: VecDeque<LineVerdict>,
        /// The bytes of the lines of the batch, one after the other.
        data: Vec<u8>,
        spans: Vec<Span>,
        error: Option<io::Error>,
        done: bool,
        pool: Option<&'o rayon::ThreadPool>,
    }

    impl<'o, R: BufRead> ValidateNdjsonParallel<'o, R> {
        /// Validates on this pool instead of the current one.
        pub fn in_pool(mut self, pool: &'o rayon::ThreadPool) -> Self {
            self.pool = Some(pool);
            self
        }
    }

    impl<R: BufRead> ValidateNdjsonParallel<'_, R> {
        /// Reads the next batch and validates it.
        fn fill(&mut self) {
            self.data.clear();
            self.spans.clear();
            while self.spans.len() < BATCH_LINES && self.data.len() < BATCH_BYTES {
                match self.lines.next_line() {
                    Ok(Some(Line::Text { number, bytes })) => {
                        let start = self.data.len();
                        self.data.extend_from_slice(bytes);
                        self.spans.push(Span::Text(number, start..self.data.len()));
                    }
                    Ok(Some(Line::TooLarge { number, size })) => {
                        self.spans.push(Span::TooLarge(number, size));
                    }
                    Ok(None) => {
                        self.done = true;
                        break;
                    }
                    Err(e) => {
                        self.error = Some(e);
                        self.done = true;
                        break;
                    }
                }
            }
            let (data, spans, options) = (&self.data, &self.spans, self.options);
            let validate_all = || -> Vec<LineVerdict> {
                spans
                    .par_iter()
                    .map(|span| match span {
                        Span::Text(line, range) => {
                            let (record, report) = validate_slice(&data[range.clone()], options);
                            LineVerdict {
                                line: *line,
                                record,
                                report,
                            }
                        }
                        Span::TooLarge(line, size) => {
                            too_large(*line, *size, options.limits.max_bytes)
                        }
                    })
                    .collect()
            };
            let verdicts = match self.pool {
                Some(pool) => pool.install(validate_all),
                None => validate_all(),
            };
            self.ready.extend(verdicts);
        }
    }

    impl<R: BufRead> Iterator for ValidateNdjsonParallel<'_, R> {
        type Item = io::Result<LineVerdict>;
        fn next(&mut self) -> Option<Self::Item> {
            loop {
                if let Some(v) = self.ready.pop_front() {
                    return Some(Ok(v));
                }
                if let Some(e) = self.error.take() {
                    return Some(Err(e));
                }
                if self.done {
                    return None;
                }
                self.fill();
            }
        }
    }
}
