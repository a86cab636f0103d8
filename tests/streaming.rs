//! The streaming API: NDJSON validated line by line, in order, in constant memory.

use std::io::{self, BufRead, BufReader, Read};

use ctip_exchange::validate::stream::{LineVerdict, NdjsonLines, validate_ndjson};
use ctip_exchange::validate::{RuleCode, ValidationOptions, validate_slice};
use ctip_exchange::{Limits, RecordType};

fn options() -> ValidationOptions {
    ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap())
}

/// The valid examples of the standard, each on one line.
fn examples() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/1.0/examples/valid");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            v.to_string()
        })
        .collect()
}

fn all(input: &[u8], options: &ValidationOptions) -> Vec<LineVerdict> {
    validate_ndjson(input, options)
        .collect::<io::Result<Vec<_>>>()
        .unwrap()
}

/// Each line's id (or "-" when it did not parse) and its rule codes.
#[cfg(feature = "parallel")]
fn summary(verdicts: &[LineVerdict]) -> Vec<(u64, String, Vec<RuleCode>)> {
    verdicts
        .iter()
        .map(|v| {
            (
                v.line,
                v.record
                    .as_ref()
                    .map_or("-".to_owned(), |r| r.id().as_str().to_owned()),
                v.report.issues.iter().map(|i| i.code).collect(),
            )
        })
        .collect()
}

/// A stream of many records with an invalid one every 7 lines and a syntax error every 11,
/// each record with its own id.
fn mixed_stream(lines: usize) -> (String, Vec<Option<String>>) {
    let examples = examples();
    let mut text = String::new();
    let mut ids = Vec::new();
    for i in 0..lines {
        if i % 11 == 5 {
            text.push_str("{\"record_type\":\"case\",\n");
            ids.push(None);
            // the cut object spans two lines: the second is its own (broken) line
            text.push_str("\"x\":1}\n");
            ids.push(None);
            continue;
        }
        let mut v: serde_json::Value = serde_json::from_str(&examples[i % examples.len()]).unwrap();
        let id = format!("rec-{i}");
        v["id"] = serde_json::json!(id);
        if i % 7 == 3 {
            v["created_at"] = serde_json::json!("2024-02-30T00:00:00Z");
            ids.push(None);
        } else {
            ids.push(Some(id));
        }
        text.push_str(&v.to_string());
        text.push('\n');
    }
    (text, ids)
}

#[test]
fn verdicts_come_in_input_order_with_errors_in_the_middle() {
    let (text, ids) = mixed_stream(300);
    let verdicts = all(text.as_bytes(), &options());
    assert_eq!(verdicts.len(), ids.len());
    for (i, (v, id)) in verdicts.iter().zip(&ids).enumerate() {
        assert_eq!(v.line, i as u64 + 1);
        match id {
            Some(id) => {
                assert!(v.report.is_valid(), "line {}: {}", v.line, v.report);
                assert_eq!(v.record.as_ref().unwrap().id().as_str(), id);
            }
            None => {
                assert!(v.record.is_none(), "line {}", v.line);
                assert!(!v.report.is_valid(), "line {}", v.line);
            }
        }
    }
    // each verdict is the one validate_slice gives for that line alone
    for (v, line) in verdicts.iter().zip(text.lines()) {
        let (record, report) = validate_slice(line.as_bytes(), &options());
        assert_eq!(record.is_some(), v.record.is_some());
        assert_eq!(report, v.report);
    }
}

#[test]
fn blank_lines_and_crlf() {
    let examples = examples();
    let input = format!(
        "\r\n\n  \t\n{}\r\n\r\n{}\n   \r\n",
        examples[0], examples[1]
    );
    let verdicts = all(input.as_bytes(), &options());
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[0].line, 4);
    assert_eq!(verdicts[1].line, 6);
    assert!(verdicts.iter().all(|v| v.report.is_valid()));
    // no line end after the last line
    let input = format!("{}\n{}", examples[0], examples[1]);
    assert_eq!(all(input.as_bytes(), &options()).len(), 2);
    assert!(all(b"", &options()).is_empty());
    assert!(all(b"\n\r\n", &options()).is_empty());
}

#[test]
fn invalid_utf8_on_a_line_is_reported_and_the_stream_goes_on() {
    let examples = examples();
    let mut input = Vec::new();
    input.extend_from_slice(examples[0].as_bytes());
    input.extend_from_slice(b"\n{\"record_type\":\"case\",\"id\":\"\xff\xfe\"}\n");
    input.extend_from_slice(examples[1].as_bytes());
    let verdicts = all(&input, &options());
    assert_eq!(verdicts.len(), 3);
    assert!(verdicts[1].report.has(RuleCode::JsonInvalidUtf8));
    assert!(verdicts[0].report.is_valid() && verdicts[2].report.is_valid());
}

#[test]
fn a_line_over_the_size_limit_is_measured_not_buffered() {
    let examples = examples();
    let limit = 4096;
    let options = ValidationOptions {
        limits: Limits {
            max_bytes: limit,
            ..Limits::default()
        },
        ..options()
    };
    // 64 MiB on one line, produced lazily: never in memory as a whole
    let huge = 64usize << 20;
    let input = examples[0]
        .as_bytes()
        .chain(&b"\n"[..])
        .chain(io::repeat(b'x').take(huge as u64))
        .chain(&b"\r\n"[..])
        .chain(examples[1].as_bytes())
        .chain(&b"\n"[..]);
    let mut lines = NdjsonLines::new(BufReader::new(input), limit);
    let mut got = Vec::new();
    while let Some(line) = lines.next_line().unwrap() {
        got.push(match line {
            ctip_exchange::validate::stream::Line::Text { number, bytes } => {
                (number, bytes.len(), false)
            }
            ctip_exchange::validate::stream::Line::TooLarge { number, size } => {
                (number, size, true)
            }
        });
    }
    assert_eq!(
        got,
        vec![
            (1, examples[0].len(), false),
            (2, huge, true),
            (3, examples[1].len(), false)
        ]
    );

    let input = examples[0]
        .as_bytes()
        .chain(&b"\n"[..])
        .chain(io::repeat(b'x').take(huge as u64))
        .chain(&b"\n"[..])
        .chain(examples[1].as_bytes());
    let verdicts: Vec<_> = validate_ndjson(BufReader::new(input), &options)
        .collect::<io::Result<_>>()
        .unwrap();
    assert_eq!(verdicts.len(), 3);
    assert!(verdicts[1].report.has(RuleCode::JsonTooLarge));
    assert!(verdicts[1].record.is_none());
    assert!(verdicts[0].report.is_valid() && verdicts[2].report.is_valid());
}

#[test]
fn the_size_limit_is_exact_and_the_line_end_is_not_counted() {
    for (line, end, limit, over) in [
        (10, "\n", 10, false),
        (10, "\r\n", 10, false),
        (11, "\n", 10, true),
        (11, "\r\n", 10, true),
        (10, "", 10, false),
        (11, "", 10, true),
    ] {
        let text = format!("{}{end}", "a".repeat(line));
        let mut lines = NdjsonLines::new(text.as_bytes(), limit);
        match lines.next_line().unwrap().unwrap() {
            ctip_exchange::validate::stream::Line::Text { bytes, .. } => {
                assert!(!over, "{line} {end:?}");
                assert_eq!(bytes.len(), line);
            }
            ctip_exchange::validate::stream::Line::TooLarge { size, .. } => {
                assert!(over, "{line} {end:?}");
                assert_eq!(size, line);
            }
        }
        assert!(lines.next_line().unwrap().is_none());
    }
}

/// A reader that fails after its bytes.
struct Failing<'a>(&'a [u8]);

impl Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::other("disk gone"));
        }
        let n = self.0.len().min(buf.len()).min(7);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_failing_reader_ends_the_stream_with_its_error() {
    let examples = examples();
    let input = format!("{}\n{}\n", examples[0], examples[1]);
    let items: Vec<_> =
        validate_ndjson(BufReader::new(Failing(input.as_bytes())), &options()).collect();
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    assert!(items[2].is_err());
}

#[test]
fn record_types_are_read_from_each_line() {
    let examples = examples();
    let input = examples.join("\n");
    let types: Vec<_> = all(input.as_bytes(), &options())
        .iter()
        .map(|v| v.record.as_ref().unwrap().record_type())
        .collect();
    assert_eq!(types.len(), examples.len());
    assert!(types.contains(&RecordType::Case));
    assert!(types.contains(&RecordType::Referral));
    assert!(types.contains(&RecordType::IndicatorSet));
}

#[cfg(feature = "parallel")]
mod parallel {
    use super::*;
    use ctip_exchange::validate::stream::validate_ndjson_parallel;

    #[test]
    fn the_parallel_stream_gives_the_same_verdicts_in_the_same_order() {
        // more lines than a batch, with errors and a line over the limit in the middle
        let (mut text, _) = mixed_stream(2600);
        text.push_str(&"y".repeat(10_000));
        text.push('\n');
        text.push_str(&mixed_stream(50).0);
        let options = ValidationOptions {
            limits: Limits {
                max_bytes: 8000,
                ..Limits::default()
            },
            ..options()
        };
        let sequential = all(text.as_bytes(), &options);
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let parallel: Vec<LineVerdict> = pool.install(|| {
                validate_ndjson_parallel(text.as_bytes(), &options)
                    .collect::<io::Result<_>>()
                    .unwrap()
            });
            assert_eq!(
                summary(&parallel),
                summary(&sequential),
                "{threads} threads"
            );
            let reports =
                |v: &[LineVerdict]| v.iter().map(|x| x.report.clone()).collect::<Vec<_>>();
            assert_eq!(reports(&parallel), reports(&sequential));
        }
    }

    #[test]
    fn the_parallel_stream_ends_with_the_reader_error_after_the_lines_read() {
        let examples = examples();
        let input = format!("{}\n{}\n", examples[0], examples[1]);
        let items: Vec<_> =
            validate_ndjson_parallel(BufReader::new(Failing(input.as_bytes())), &options())
                .collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_ok() && items[1].is_ok() && items[2].is_err());
    }

    /// `map_on_pool` gives the mapped verdicts in input order, the same as mapping the
    /// verdicts after the stream, on pools of one and two threads, inside and outside the pool.
    #[test]
    fn map_on_pool_is_the_same_as_mapping_after() {
        let (text, _) = mixed_stream(2300);
        let key = |v: LineVerdict| (v.line, v.record.is_some(), v.report);
        let expected: Vec<_> = all(text.as_bytes(), &options())
            .into_iter()
            .map(key)
            .collect();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let outside: Vec<_> = validate_ndjson_parallel(text.as_bytes(), &options())
                .in_pool(&pool)
                .map_on_pool(key)
                .collect::<io::Result<_>>()
                .unwrap();
            assert!(
                outside == expected,
                "{threads} threads, from outside the pool"
            );
            let inside: Vec<_> = pool.install(|| {
                validate_ndjson_parallel(text.as_bytes(), &options())
                    .map_on_pool(key)
                    .collect::<io::Result<_>>()
                    .unwrap()
            });
            assert!(inside == expected, "{threads} threads, inside the pool");
        }
        let mut failing: Vec<_> =
            validate_ndjson_parallel(BufReader::new(Failing(text.as_bytes())), &options())
                .map_on_pool(key)
                .collect();
        assert!(
            failing.pop().unwrap().is_err(),
            "the reader error comes last"
        );
        let failing: Vec<_> = failing.into_iter().map(|v| v.unwrap()).collect();
        assert!(failing == expected);

        // mapped after the first verdict was taken: the batches read and validated before
        // the call are mapped too, none is lost
        let opts = options();
        let mut stream = validate_ndjson_parallel(text.as_bytes(), &opts);
        let first = key(stream.next().unwrap().unwrap());
        let rest: Vec<_> = stream.map_on_pool(key).collect::<io::Result<_>>().unwrap();
        assert!(first == expected[0]);
        assert!(
            rest[..] == expected[1..],
            "every verdict after the first, in order"
        );
    }

    /// Batches are validated on the pool while the caller takes the verdicts of the one
    /// before: from a thread outside the pool, over several batches, a reader error still
    /// comes after every line read before it, in order.
    #[test]
    fn a_given_pool_from_outside_keeps_order_and_the_error_comes_last() {
        let (text, _) = mixed_stream(3100);
        let sequential = all(text.as_bytes(), &options());
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut items: Vec<_> =
                validate_ndjson_parallel(BufReader::new(Failing(text.as_bytes())), &options())
                    .in_pool(&pool)
                    .collect();
            let last = items.pop().unwrap();
            assert!(
                last.is_err(),
                "{threads} threads: the reader error comes last"
            );
            let verdicts: Vec<LineVerdict> = items.into_iter().map(|v| v.unwrap()).collect();
            assert_eq!(
                summary(&verdicts),
                summary(&sequential),
                "{threads} threads"
            );
        }
    }
}

#[allow(dead_code)]
fn assert_bufread<R: BufRead>(_: R) {}
