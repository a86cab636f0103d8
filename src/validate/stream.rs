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
            let (chunk, used, done) = match memchr::memchr(b'\n', avail) {
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
    use std::sync::{Arc, mpsc};
    use std::time::Duration;

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
            in_flight: None,
            error: None,
            done: false,
            pool: None,
            map: Arc::new(|v| v),
        }
    }

    enum Span {
        Text(u64, Range<usize>),
        TooLarge(u64, usize),
    }

    /// The lines of one batch: their bytes one after the other, and where each is.
    struct Batch {
        data: Vec<u8>,
        spans: Vec<Span>,
    }

    /// The iterator of [`validate_ndjson_parallel`].
    ///
    /// It keeps one batch in flight: while the caller takes (and drops) the verdicts of one
    /// batch, the pool validates the next, and the lines of the one after are read meanwhile.
    /// So reading, validating and dropping the records overlap, and at most three batches
    /// are alive at once.
    pub struct ValidateNdjsonParallel<'o, R, T = LineVerdict> {
        lines: NdjsonLines<R>,
        options: &'o ValidationOptions,
        ready: VecDeque<T>,
        in_flight: Option<mpsc::Receiver<Vec<T>>>,
        error: Option<io::Error>,
        done: bool,
        pool: Option<&'o rayon::ThreadPool>,
        map: Arc<dyn Fn(LineVerdict) -> T + Send + Sync>,
    }

    impl<'o, R, T> ValidateNdjsonParallel<'o, R, T> {
        /// Validates on this pool instead of the current one.
        pub fn in_pool(mut self, pool: &'o rayon::ThreadPool) -> Self {
            self.pool = Some(pool);
            self
        }
    }

    impl<'o, R> ValidateNdjsonParallel<'o, R, LineVerdict> {
        /// Applies `f` to each verdict on the pool's threads, and gives its results instead
        /// (in input order). A caller that needs less than the whole record (the command
        /// line's `validate` keeps the report and the record type) should take it here: the
        /// record is then freed on the thread that allocated it, which with the system
        /// allocator is markedly cheaper than freeing it on the caller's thread (on two
        /// threads, `benches/stream.rs`: about 1.4x the lines per second).
        ///
        /// ```
        /// use ctip_exchange::validate::{ValidationOptions, stream::validate_ndjson_parallel};
        /// let input = "{}\n[]\n";
        /// let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
        /// let valid: Vec<bool> = validate_ndjson_parallel(input.as_bytes(), &options)
        ///     .map_on_pool(|v| v.report.is_valid())
        ///     .map(|v| v.unwrap())
        ///     .collect();
        /// assert_eq!(valid, [false, false]);
        /// ```
        ///
        /// Called after some verdicts were taken, the verdicts already validated are mapped
        /// here, on the caller's thread: none is lost.
        pub fn map_on_pool<U, F>(self, f: F) -> ValidateNdjsonParallel<'o, R, U>
        where
            F: Fn(LineVerdict) -> U + Send + Sync + 'static,
        {
            let (mut ready, mut error, mut done) = (self.ready, self.error, self.done);
            if let Some(rx) = self.in_flight {
                match wait(&rx) {
                    Ok(verdicts) => ready.extend(verdicts),
                    Err(e) => {
                        error = Some(e);
                        done = true;
                    }
                }
            }
            ValidateNdjsonParallel {
                lines: self.lines,
                options: self.options,
                ready: ready.into_iter().map(&f).collect(),
                in_flight: None,
                error,
                done,
                pool: self.pool,
                map: Arc::new(f),
            }
        }
    }

    impl<R: BufRead, T: Send + 'static> ValidateNdjsonParallel<'_, R, T> {
        /// Reads the next batch (`None` when no line is left); a read error ends the input
        /// after the lines read before it.
        fn read_batch(&mut self) -> Option<Batch> {
            if self.done {
                return None;
            }
            let (mut data, mut spans) = (Vec::new(), Vec::new());
            while spans.len() < BATCH_LINES && data.len() < BATCH_BYTES {
                match self.lines.next_line() {
                    Ok(Some(Line::Text { number, bytes })) => {
                        let start = data.len();
                        data.extend_from_slice(bytes);
                        spans.push(Span::Text(number, start..data.len()));
                    }
                    Ok(Some(Line::TooLarge { number, size })) => {
                        spans.push(Span::TooLarge(number, size));
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
            (!spans.is_empty()).then_some(Batch { data, spans })
        }

        /// Starts validating a batch on the pool.
        fn dispatch(&mut self, batch: Batch) {
            let (tx, rx) = mpsc::sync_channel(1);
            let options = *self.options;
            let map = Arc::clone(&self.map);
            let job = move || {
                let verdicts = validate_batch(&batch, &options, &*map);
                // the receiver is gone only if the iterator was dropped: nobody wants them
                let _ = tx.send(verdicts);
            };
            match self.pool {
                Some(pool) => pool.spawn(job),
                None => rayon::spawn(job),
            }
            self.in_flight = Some(rx);
        }
    }

    /// The verdicts of a batch, in its order.
    fn validate_batch<T: Send>(
        batch: &Batch,
        options: &ValidationOptions,
        map: &(dyn Fn(LineVerdict) -> T + Send + Sync),
    ) -> Vec<T> {
        batch
            .spans
            .par_iter()
            .map(|span| match span {
                Span::Text(line, range) => {
                    let (record, report) = validate_slice(&batch.data[range.clone()], options);
                    LineVerdict {
                        line: *line,
                        record,
                        report,
                    }
                }
                Span::TooLarge(line, size) => too_large(*line, *size, options.limits.max_bytes),
            })
            .map(map)
            .collect()
    }

    /// Waits for the verdicts of a batch. On a thread of a rayon pool it runs the pool's
    /// waiting jobs meanwhile (the batch's own job may be among them: blocking there could
    /// wait for ever on a pool of one thread).
    fn wait<T>(rx: &mpsc::Receiver<Vec<T>>) -> io::Result<Vec<T>> {
        let stopped = || io::Error::other("a validation worker stopped before it finished");
        loop {
            match rx.try_recv() {
                Ok(v) => return Ok(v),
                Err(mpsc::TryRecvError::Disconnected) => return Err(stopped()),
                Err(mpsc::TryRecvError::Empty) => {}
            }
            match rayon::yield_now() {
                Some(rayon::Yield::Executed) => {}
                Some(rayon::Yield::Idle) => match rx.recv_timeout(Duration::from_micros(200)) {
                    Ok(v) => return Ok(v),
                    Err(mpsc::RecvTimeoutError::Disconnected) => return Err(stopped()),
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                },
                None => return rx.recv().map_err(|_| stopped()),
            }
        }
    }

    impl<R: BufRead, T: Send + 'static> Iterator for ValidateNdjsonParallel<'_, R, T> {
        type Item = io::Result<T>;
        fn next(&mut self) -> Option<Self::Item> {
            loop {
                if let Some(v) = self.ready.pop_front() {
                    return Some(Ok(v));
                }
                if let Some(rx) = self.in_flight.take() {
                    // read the next batch while the pool works on this one, then start it
                    // before handing this one's verdicts out
                    let next = self.read_batch();
                    match wait(&rx) {
                        Ok(verdicts) => self.ready.extend(verdicts),
                        Err(e) => {
                            self.done = true;
                            return Some(Err(e));
                        }
                    }
                    if let Some(batch) = next {
                        self.dispatch(batch);
                    }
                    continue;
                }
                if let Some(e) = self.error.take() {
                    return Some(Err(e));
                }
                match self.read_batch() {
                    Some(batch) => self.dispatch(batch),
                    None => return None,
                }
            }
        }
    }
}
