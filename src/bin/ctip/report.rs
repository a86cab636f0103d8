//! The report formats of `ctip validate`: text, JSON, NDJSON, SARIF 2.1.0, JUnit XML.
//!
//! Every format is written as documents are validated (one document at a time), except that
//! JUnit holds the test cases of one input file until the file is done (its counts come
//! first).

use std::io::{self, Write};
use std::sync::Arc;

use ctip_exchange::RecordType;
use ctip_exchange::validate::{Issue, Report, RuleCode, Severity};
use serde_json::json;

use crate::CliError;
use crate::cli::Format;
use crate::output::{CODE, ERROR, OK, PLACE, RESET, WARNING};
use crate::read::location;

/// The verdict of one document.
#[derive(Debug)]
pub struct Outcome {
    /// Its source.
    pub source: Arc<str>,
    /// Its line (NDJSON).
    pub line: Option<u64>,
    /// Its record type, when it could be read.
    pub record_type: Option<RecordType>,
    /// Every issue.
    pub report: Report,
}

impl Outcome {
    fn errors(&self) -> usize {
        self.report.errors().count()
    }
    fn warnings(&self) -> usize {
        self.report.warnings().count()
    }
    /// True when the document fails: an error, or a warning under `--strict`.
    pub fn fails(&self, strict: bool) -> bool {
        !self.report.is_valid() || (strict && !self.report.issues.is_empty())
    }
}

/// Counts over the run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Documents read.
    pub documents: u64,
    /// Documents that fail.
    pub failed: u64,
    /// Errors.
    pub errors: u64,
    /// Warnings.
    pub warnings: u64,
    /// Sources that could not be read.
    pub unreadable: u64,
}

impl Summary {
    /// Counts one document.
    pub fn add(&mut self, o: &Outcome, strict: bool) {
        self.documents += 1;
        self.failed += u64::from(o.fails(strict));
        self.errors += o.errors() as u64;
        self.warnings += o.warnings() as u64;
    }
}

/// A report format.
pub trait Formatter {
    /// Before the first document.
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()>;
    /// One document.
    fn doc(&mut self, w: &mut dyn Write, o: &Outcome) -> io::Result<()>;
    /// A source that could not be read (also reported on stderr).
    fn unreadable(&mut self, w: &mut dyn Write, e: &CliError) -> io::Result<()>;
    /// After the last document.
    fn end(&mut self, w: &mut dyn Write, s: &Summary) -> io::Result<()>;
}

/// The formatter of a format.
pub fn formatter(format: Format, strict: bool, quiet: bool) -> Box<dyn Formatter> {
    match format {
        Format::Text => Box::new(Text { strict, quiet }),
        Format::Json => Box::new(JsonArray { first: true }),
        Format::Ndjson => Box::new(Ndjson),
        Format::Sarif => Box::new(Sarif {
            first: true,
            notifications: Vec::new(),
        }),
        Format::Junit => Box::new(Junit {
            strict,
            current: None,
        }),
    }
}

fn pointer_text(issue: &Issue) -> &str {
    if issue.pointer.is_empty() {
        "(document)"
    } else {
        &issue.pointer
    }
}

struct Text {
    strict: bool,
    quiet: bool,
}

impl Formatter for Text {
    fn begin(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn doc(&mut self, w: &mut dyn Write, o: &Outcome) -> io::Result<()> {
        for issue in &o.report.issues {
            let (style, word) = match issue.severity {
                Severity::Error => (ERROR, "error"),
                Severity::Warning => (WARNING, "warning"),
            };
            writeln!(
                w,
                "{PLACE}{}{RESET}: {style}{word}{RESET} {CODE}{}{RESET} at {}: {}",
                location(&o.source, o.line),
                issue.code,
                pointer_text(issue),
                issue.message
            )?;
        }
        Ok(())
    }

    fn unreadable(&mut self, _: &mut dyn Write, _: &CliError) -> io::Result<()> {
        Ok(())
    }

    fn end(&mut self, w: &mut dyn Write, s: &Summary) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let style = if s.unreadable > 0 || s.failed > 0 {
            ERROR
        } else {
            OK
        };
        let verdict = if self.strict { "failed" } else { "invalid" };
        write!(
            w,
            "{style}{} document(s): {} valid, {} {verdict}{RESET}; {} error(s), {} warning(s)",
            s.documents,
            s.documents - s.failed,
            s.failed,
            s.errors,
            s.warnings
        )?;
        if s.unreadable > 0 {
            write!(
                w,
                "; {ERROR}{} input(s) could not be read{RESET}",
                s.unreadable
            )?;
        }
        writeln!(w)
    }
}

fn doc_json(o: &Outcome) -> serde_json::Value {
    json!({
        "file": &*o.source,
        "line": o.line,
        "record_type": o.record_type.map(|t| t.as_str()),
        "valid": o.report.is_valid(),
        "errors": o.errors(),
        "warnings": o.warnings(),
        "issues": o.report.issues,
    })
}

struct JsonArray {
    first: bool,
}

impl Formatter for JsonArray {
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(b"[")
    }
    fn doc(&mut self, w: &mut dyn Write, o: &Outcome) -> io::Result<()> {
        if !std::mem::replace(&mut self.first, false) {
            w.write_all(b",")?;
        }
        w.write_all(b"\n")?;
        serde_json::to_writer(&mut *w, &doc_json(o))?;
        Ok(())
    }
    fn unreadable(&mut self, w: &mut dyn Write, e: &CliError) -> io::Result<()> {
        if !std::mem::replace(&mut self.first, false) {
            w.write_all(b",")?;
        }
        w.write_all(b"\n")?;
        serde_json::to_writer(&mut *w, &json!({ "error": e.0 }))?;
        Ok(())
    }
    fn end(&mut self, w: &mut dyn Write, _: &Summary) -> io::Result<()> {
        w.write_all(b"\n]\n")
    }
}

struct Ndjson;

impl Formatter for Ndjson {
    fn begin(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn doc(&mut self, w: &mut dyn Write, o: &Outcome) -> io::Result<()> {
        serde_json::to_writer(&mut *w, &doc_json(o))?;
        w.write_all(b"\n")
    }
    fn unreadable(&mut self, w: &mut dyn Write, e: &CliError) -> io::Result<()> {
        serde_json::to_writer(&mut *w, &json!({ "error": e.0 }))?;
        w.write_all(b"\n")
    }
    fn end(&mut self, _: &mut dyn Write, _: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// A file name as a URI reference (RFC 3986): `/` kept, other reserved bytes escaped.
fn uri_reference(source: &str) -> String {
    if source == crate::read::STDIN_NAME {
        return "stdin".into();
    }
    let path = source.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

struct Sarif {
    first: bool,
    notifications: Vec<String>,
}

impl Formatter for Sarif {
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<serde_json::Value> = RuleCode::ALL
            .iter()
            .map(|c| {
                json!({
                    "id": c.as_str(),
                    "name": c.as_str(),
                    "shortDescription": { "text": format!("ctip-exchange rule {}", c.as_str()) },
                    "defaultConfiguration": { "level": level(c.severity()) },
                })
            })
            .collect();
        let driver = json!({
            "name": "ctip",
            "fullName": "ctip (ctip-exchange validator)",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://ctip-exchange.org/",
            "rules": rules,
        });
        write!(
            w,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"unicodeCodePoints\",\"results\":["
        )
    }

    fn doc(&mut self, w: &mut dyn Write, o: &Outcome) -> io::Result<()> {
        for issue in &o.report.issues {
            let mut physical = json!({ "artifactLocation": { "uri": uri_reference(&o.source) } });
            if let Some(line) = o.line {
                physical["region"] = json!({ "startLine": line });
            }
            let mut location = json!({ "physicalLocation": physical });
            if !issue.pointer.is_empty() {
                location["logicalLocations"] =
                    json!([{ "fullyQualifiedName": issue.pointer, "kind": "member" }]);
            }
            let index = RuleCode::ALL.iter().position(|c| *c == issue.code);
            let mut result = json!({
                "ruleId": issue.code.as_str(),
                "level": level(issue.severity),
                "message": { "text": issue.message },
                "locations": [location],
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if !std::mem::replace(&mut self.first, false) {
                w.write_all(b",")?;
            }
            w.write_all(b"\n")?;
            serde_json::to_writer(&mut *w, &result)?;
        }
        Ok(())
    }

    fn unreadable(&mut self, _: &mut dyn Write, e: &CliError) -> io::Result<()> {
        self.notifications.push(e.0.clone());
        Ok(())
    }

    fn end(&mut self, w: &mut dyn Write, _: &Summary) -> io::Result<()> {
        let notes: Vec<serde_json::Value> = self
            .notifications
            .iter()
            .map(|m| json!({ "level": "error", "message": { "text": m } }))
            .collect();
        let invocation = json!({
            "executionSuccessful": self.notifications.is_empty(),
            "toolExecutionNotifications": notes,
        });
        writeln!(w, "\n],\"invocations\":[{invocation}]}}]}}")
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

struct Suite {
    source: Arc<str>,
    tests: u64,
    failures: u64,
    cases: String,
}

struct Junit {
    strict: bool,
    current: Option<Suite>,
}

impl Junit {
    fn flush(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if let Some(s) = self.current.take() {
            writeln!(
                w,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
                xml_escape(&s.source),
                s.tests,
                s.failures
            )?;
            w.write_all(s.cases.as_bytes())?;
            writeln!(w, "  </testsuite>")?;
        }
        Ok(())
    }
}

impl Formatter for Junit {
    fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(w, "<testsuites name=\"ctip validate\">")
    }

    fn doc(&mut self, w: &mut dyn Write, o: &Outcome) -> io::Result<()> {
        if self.current.as_ref().is_none_or(|s| s.source != o.source) {
            self.flush(w)?;
            self.current = Some(Suite {
                source: o.source.clone(),
                tests: 0,
                failures: 0,
                cases: String::new(),
            });
        }
        let strict = self.strict;
        let suite = self.current.as_mut().expect("set above");
        suite.tests += 1;
        let name = xml_escape(&location(&o.source, o.line));
        let class = format!(
            "ctip.validate.{}",
            o.record_type.map_or("document", |t| t.as_str())
        );
        let lines: String = o
            .report
            .issues
            .iter()
            .map(|i| {
                format!(
                    "{} {} at {}: {}\n",
                    i.severity,
                    i.code,
                    pointer_text(i),
                    i.message
                )
            })
            .collect();
        use std::fmt::Write as _;
        let c = &mut suite.cases;
        let _ = write!(c, "    <testcase name=\"{name}\" classname=\"{class}\"");
        if o.fails(strict) {
            suite.failures += 1;
            let _ = write!(
                c,
                ">\n      <failure type=\"invalid\" message=\"{} error(s), {} warning(s)\">{}</failure>\n    </testcase>\n",
                o.errors(),
                o.warnings(),
                xml_escape(&lines)
            );
        } else if !lines.is_empty() {
            let _ = write!(
                c,
                ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                xml_escape(&lines)
            );
        } else {
            let _ = writeln!(c, "/>");
        }
        Ok(())
    }

    fn unreadable(&mut self, w: &mut dyn Write, e: &CliError) -> io::Result<()> {
        self.flush(w)?;
        let text = xml_escape(&e.0);
        writeln!(
            w,
            "  <testsuite name=\"unreadable input\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"read\" classname=\"ctip.validate.input\">\n      <error type=\"io\" message=\"{text}\"/>\n    </testcase>\n  </testsuite>"
        )
    }

    fn end(&mut self, w: &mut dyn Write, _: &Summary) -> io::Result<()> {
        self.flush(w)?;
        writeln!(w, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_a_uri_reference_cannot_hold() {
        assert_eq!(uri_reference("a b/c#d.json"), "a%20b/c%23d.json");
        assert_eq!(uri_reference("<stdin>"), "stdin");
        assert_eq!(uri_reference("é"), "%C3%A9");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("<a&\"b'>\u{1}"), "&lt;a&amp;&quot;b&apos;&gt;");
    }
}
