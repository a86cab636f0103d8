//! Reading inputs: files, directories walked, standard input; one JSON document per file or
//! an NDJSON stream, read line by line in constant memory.

use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::CliError;
use crate::cli::ReadArgs;

/// The name of standard input in reports.
pub const STDIN_NAME: &str = "<stdin>";

/// One input after directories are walked.
#[derive(Debug)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// A path that cannot be read.
    Failed(CliError),
}

/// One document read, or the failure to read a source.
#[derive(Debug)]
pub enum Item {
    /// A document.
    Doc(Doc),
    /// A source that could not be read (exit status 2), after the documents read from it.
    Failed(CliError),
}

/// One document: its source, its line (NDJSON) and its bytes.
#[derive(Debug)]
pub struct Doc {
    /// The file name as given, or `<stdin>`.
    pub source: Arc<str>,
    /// The line of an NDJSON stream (from 1); `None` for a whole-file document.
    pub line: Option<u64>,
    /// The bytes, at most `max_bytes + 1` of them (more is reported as too large).
    pub bytes: Vec<u8>,
}

impl Doc {
    /// `file` or `file:line`.
    pub fn location(&self) -> String {
        location(&self.source, self.line)
    }
}

/// `file` or `file:line`.
pub fn location(source: &str, line: Option<u64>) -> String {
    match line {
        Some(l) => format!("{source}:{l}"),
        None => source.to_string(),
    }
}

/// How to read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Every input is NDJSON.
    pub ndjson: bool,
    /// The largest document, in bytes.
    pub max_bytes: usize,
}

impl From<&ReadArgs> for ReadOptions {
    fn from(a: &ReadArgs) -> Self {
        ReadOptions {
            ndjson: a.ndjson,
            max_bytes: a.max_bytes,
        }
    }
}

/// The inputs, directories walked (sorted by name, hidden entries and symbolic links to
/// directories skipped, files ending in .json, .ndjson or .jsonl kept).
pub fn expand(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Input::File(p.clone())),
            Err(e) => out.push(Input::Failed(CliError::io("read", p, &e))),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Input::Failed(CliError::io("read the directory", dir, &e)));
            return;
        }
    };
    let mut entries: Vec<fs::DirEntry> = match entries.collect::<Result<_, _>>() {
        Ok(e) => e,
        Err(e) => {
            out.push(Input::Failed(CliError::io("read the directory", dir, &e)));
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            out.push(Input::Failed(CliError::new(format!(
                "{}: cannot read its file type; check the permissions",
                path.display()
            ))));
            continue;
        };
        if kind.is_dir() {
            walk(&path, out);
        } else if has_extension(&path, &["json", "ndjson", "jsonl"])
            && (kind.is_file() || path.is_file())
        {
            out.push(Input::File(path));
        }
    }
}

/// True for a file named `*.ndjson` or `*.jsonl` (read as NDJSON without sniffing).
pub fn is_ndjson_name(p: &Path) -> bool {
    has_extension(p, &["ndjson", "jsonl"])
}

fn has_extension(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Reads every input in order and gives each document (or failure) to `emit`, which returns
/// false to stop. Memory stays bounded by `max_bytes` per document.
pub fn stream(inputs: Vec<Input>, options: ReadOptions, emit: &mut dyn FnMut(Item) -> bool) {
    for input in inputs {
        let go_on = match input {
            Input::Failed(e) => emit(Item::Failed(e)),
            Input::Stdin => {
                let stdin = io::stdin();
                let reader = stdin.lock();
                read_source(
                    Arc::from(STDIN_NAME),
                    Path::new("-"),
                    Box::new(reader),
                    options.ndjson,
                    options,
                    emit,
                )
            }
            Input::File(path) => match fs::File::open(&path) {
                Ok(f) => {
                    let ndjson = options.ndjson || has_extension(&path, &["ndjson", "jsonl"]);
                    read_source(
                        Arc::from(path.display().to_string()),
                        &path,
                        Box::new(BufReader::with_capacity(256 * 1024, f)),
                        ndjson,
                        options,
                        emit,
                    )
                }
                Err(e) => emit(Item::Failed(CliError::io("read", &path, &e))),
            },
        };
        if !go_on {
            return;
        }
    }
}

enum Line {
    Eof,
    /// A line (without its end of line), possibly cut at `limit` bytes.
    Line,
}

/// Reads one line into `buf` (without `\n` or `\r\n`), keeping at most `limit` bytes of it
/// and skipping the rest.
fn read_line(r: &mut dyn BufRead, limit: usize, buf: &mut Vec<u8>) -> io::Result<Line> {
    buf.clear();
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(if any { Line::Line } else { Line::Eof });
        }
        any = true;
        let (chunk, used, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        let room = limit.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        r.consume(used);
        if done {
            if buf.last() == Some(&b'\r') && buf.len() < limit {
                buf.pop();
            }
            return Ok(Line::Line);
        }
    }
}

fn is_blank(b: &[u8]) -> bool {
    b.iter().all(|c| c.is_ascii_whitespace())
}

fn read_source(
    source: Arc<str>,
    path: &Path,
    mut reader: Box<dyn BufRead + '_>,
    ndjson: bool,
    options: ReadOptions,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let limit = options.max_bytes.saturating_add(1);
    let fail = |e: io::Error| Item::Failed(CliError::io("read", path, &e));
    if ndjson {
        return ndjson_lines(&source, &mut *reader, 0, None, limit, path, emit);
    }
    // Sniff: a first line that is a whole document, with more after it, is NDJSON.
    let mut first = Vec::new();
    match read_line(&mut *reader, limit, &mut first) {
        Ok(Line::Eof) => {
            return emit(Item::Doc(Doc {
                source,
                line: None,
                bytes: Vec::new(),
            }));
        }
        Ok(Line::Line) => {}
        Err(e) => return emit(fail(e)),
    }
    let first_is_doc = first.len() < limit
        && !is_blank(&first)
        && serde_json::from_slice::<serde::de::IgnoredAny>(&first).is_ok();
    if first_is_doc {
        let mut next = Vec::new();
        let mut line_no = 1u64;
        loop {
            match read_line(&mut *reader, limit, &mut next) {
                Ok(Line::Eof) => {
                    return emit(Item::Doc(Doc {
                        source,
                        line: None,
                        bytes: first,
                    }));
                }
                Ok(Line::Line) => {
                    line_no += 1;
                    if !is_blank(&next) {
                        break;
                    }
                }
                Err(e) => return emit(fail(e)),
            }
        }
        let go = emit(Item::Doc(Doc {
            source: source.clone(),
            line: Some(1),
            bytes: first,
        }));
        if !go {
            return false;
        }
        return ndjson_lines(
            &source,
            &mut *reader,
            line_no,
            Some(next),
            limit,
            path,
            emit,
        );
    }
    // One JSON document: the rest of the input, up to the limit.
    let mut bytes = first;
    if bytes.len() < limit {
        bytes.push(b'\n');
        let room = (limit - bytes.len()) as u64;
        if let Err(e) = reader.take(room).read_to_end(&mut bytes) {
            return emit(fail(e));
        }
    }
    emit(Item::Doc(Doc {
        source,
        line: None,
        bytes,
    }))
}

/// Reads the lines after line `line_no` (after `pending`, the line `line_no` itself).
fn ndjson_lines(
    source: &Arc<str>,
    reader: &mut dyn BufRead,
    mut line_no: u64,
    pending: Option<Vec<u8>>,
    limit: usize,
    path: &Path,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    if let Some(bytes) = pending
        && !emit(Item::Doc(Doc {
            source: source.clone(),
            line: Some(line_no),
            bytes,
        }))
    {
        return false;
    }
    let mut buf = Vec::new();
    loop {
        match read_line(reader, limit, &mut buf) {
            Ok(Line::Eof) => return true,
            Ok(Line::Line) => {
                line_no += 1;
                if is_blank(&buf) {
                    continue;
                }
                let bytes = std::mem::take(&mut buf);
                if !emit(Item::Doc(Doc {
                    source: source.clone(),
                    line: Some(line_no),
                    bytes,
                })) {
                    return false;
                }
            }
            Err(e) => {
                return emit(Item::Failed(CliError::new(format!(
                    "{}: cannot read after line {line_no}: {}; check the file",
                    path.display(),
                    crate::io_reason(&e)
                ))));
            }
        }
    }
}

/// Reads every document of the inputs, one at a time (for the commands that are not
/// parallel). Sources that cannot be read are returned as errors after the documents.
pub fn for_each_doc(
    inputs: &[PathBuf],
    options: ReadOptions,
    mut f: impl FnMut(Doc) -> Result<(), CliError>,
) -> Result<Vec<CliError>, CliError> {
    let mut failed = Vec::new();
    let mut stop = None;
    stream(expand(inputs), options, &mut |item| match item {
        Item::Doc(d) => match f(d) {
            Ok(()) => true,
            Err(e) => {
                stop = Some(e);
                false
            }
        },
        Item::Failed(e) => {
            failed.push(e);
            true
        }
    });
    match stop {
        Some(e) => Err(e),
        None => Ok(failed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str, ndjson: bool) -> Vec<(Option<u64>, String)> {
        let mut out = Vec::new();
        read_source(
            Arc::from("t"),
            Path::new("t"),
            Box::new(text.as_bytes()),
            ndjson,
            ReadOptions {
                ndjson,
                max_bytes: 100,
            },
            &mut |i| {
                if let Item::Doc(d) = i {
                    out.push((d.line, String::from_utf8(d.bytes).unwrap()));
                }
                true
            },
        );
        out
    }

    #[test]
    fn sniffs_ndjson_and_json() {
        assert_eq!(
            docs("{\"a\":1}\n\n{\"b\":2}\r\n", false),
            vec![(Some(1), "{\"a\":1}".into()), (Some(3), "{\"b\":2}".into())]
        );
        assert_eq!(docs("{\"a\":1}\n", false), vec![(None, "{\"a\":1}".into())]);
        assert_eq!(
            docs("{\n \"a\": 1\n}\n", false),
            vec![(None, "{\n \"a\": 1\n}\n".into())]
        );
        // A broken first line: the file is one (broken) document.
        assert_eq!(docs("{\"a\":\n{}\n", false).len(), 1);
    }

    #[test]
    fn long_lines_are_cut_at_the_limit_and_skipped() {
        let long = format!("{{\"a\":\"{}\"}}", "x".repeat(500));
        let got = docs(&format!("{long}\n{{}}\n"), true);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, Some(1));
        assert_eq!(got[0].1.len(), 101);
        assert_eq!(got[1], (Some(2), "{}".into()));
    }
}
