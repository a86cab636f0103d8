//! Conversion of legacy records (HTCDS Excel toolkit, CTDC files, agencies' own sheets) into
//! standard `case` records (feature `convert`).
//!
//! A [`Profile`] (a data file: `schemas/MAPPING.md`) says how the columns of a table become
//! fields of a record. A [`Converter`] reads a CSV file or a worksheet row by row, builds each
//! record as JSON at the profile's JSON Pointers, reads it back through the crate's strict
//! reading and validation ([`crate::validate::validate_slice`]), and writes
//! it as one NDJSON line, or writes a reject with the row's number and every reason. Nothing
//! is lost: rows read = records written + rows rejected + empty rows, and the
//! [`ConversionReport`] lists unmapped columns and unknown values with counts.
//!
//! Direct identifiers (names, birth date, documents, phones, emails) are turned into `ps1`
//! pseudonyms and generalized values (year of birth, age band, majority) by the
//! [`Pseudonymizer`] on the way in; without a pseudonymizer, a conversion whose input has an
//! identifier column fails before it writes anything. No cell value ever appears in a reject,
//! the report (except unknown values of crosswalked, non-identifying columns, which the data
//! officer needs to complete the crosswalk) or an error.
//!
//! ```
//! use ctip_exchange::convert::{ConvertOptions, Converter, Input, Profile};
//!
//! let csv = "yearOfRegistration,Datasource,gender,ageBroad,majorityStatus,citizenship,CountryOfExploitation,isForcedLabour,isSexualExploit\n\
//!            2016,Case management,Female,18--20,Adult,PH,00,0,1\n";
//! let profile = Profile::builtin("ctdc-2018")?;
//! let options = ConvertOptions::new("org.example.ctdc".parse()?, "2026-01-01T00:00:00Z".parse()?);
//! let converter = Converter::new(profile, options);
//! let (mut records, mut rejects) = (Vec::new(), Vec::new());
//! let input = Input::Csv(std::io::Cursor::new(csv.as_bytes()));
//! let report = converter.run(input, &mut records, &mut rejects)?;
//! assert_eq!((report.records_written, report.rows_rejected), (1, 0));
//! let line = String::from_utf8(records)?;
//! assert!(line.contains(r#""gender":"feminine""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod profile;
mod source;

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::pseudonym::{
    DocumentType, EmailAddress, IdentityDocument, LocalIdentity, NamePart, PersonName, PhoneNumber,
    Pseudonymizer,
};
use crate::types::{CountryCode, OrgId, PartialDate, SchemaVersion, Timestamp};
use crate::validate::{Severity, ValidationOptions, validate_slice};

pub use profile::{
    CrosswalkSpec, DateSystem, Dialect, Encoding, FieldSpec, FieldType, IdentifierKind,
    IdentifierSpec, Otherwise, Profile, RecordSpec, Split, TableSchema, Unmapped,
};
pub use source::WorkbookFormat;
use source::{Cell, CsvSource, InvalidCell, Row, RowSource};

/// Why a conversion could not run. No variant holds a value from the input's cells.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The profile is not valid: where, and what is wrong.
    #[error("invalid mapping profile at `{location}`: {message}")]
    Profile {
        /// The location in the profile (e.g. `schema.fields[3]`), empty for the whole file.
        location: String,
        /// What is wrong.
        message: String,
    },
    /// The input cannot be read (not a CSV, not a workbook, no such sheet, no header...).
    #[error("{message}")]
    Input {
        /// What is wrong, and where.
        message: String,
    },
    /// The input has direct-identifier columns and no pseudonymizer was given: nothing was
    /// written.
    #[error(
        "the input has direct-identifier columns ({}) and no pseudonym key was given: nothing was converted",
        columns.join(", ")
    )]
    NoKey {
        /// The identifier columns met.
        columns: Vec<String>,
    },
    /// Reading a file failed.
    #[error("cannot read {what}: {source}")]
    Io {
        /// What was being read.
        what: &'static str,
        /// The error.
        source: std::io::Error,
    },
    /// Writing the records or rejects failed.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
}

/// Conversion codes of rejects (validation rule codes are reported as they are).
pub mod codes {
    /// A crosswalked column holds a value the crosswalk does not know.
    pub const UNKNOWN_VALUE: &str = "convert.unknown_value";
    /// A date column holds text that does not match the declared pattern.
    pub const INVALID_DATE: &str = "convert.invalid_date";
    /// A date column holds a bare number and the profile does not opt in to serial dates.
    pub const SERIAL_DATE: &str = "convert.serial_date_not_allowed";
    /// A date has a year of fewer than four digits.
    pub const TWO_DIGIT_YEAR: &str = "convert.two_digit_year";
    /// A number column holds something that is not a number.
    pub const INVALID_NUMBER: &str = "convert.invalid_number";
    /// A boolean column holds something that is neither a true nor a false value.
    pub const INVALID_BOOLEAN: &str = "convert.invalid_boolean";
    /// A cell is not valid in the declared encoding (strict UTF-8 by default).
    pub const INVALID_ENCODING: &str = "convert.invalid_encoding";
    /// A spreadsheet error value such as `#N/A`.
    pub const CELL_ERROR: &str = "convert.cell_error";
    /// A direct identifier cannot be read as its kind (a malformed phone, document...).
    pub const INVALID_IDENTIFIER: &str = "convert.invalid_identifier";
    /// Two columns give different values for the same field.
    pub const CONFLICTING_VALUES: &str = "convert.conflicting_values";
    /// The built record could not be serialized or read (should not happen).
    pub const UNREADABLE_RECORD: &str = "convert.unreadable_record";
}

/// One reason a row was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// A conversion code ([`codes`]) or a validation rule code.
    pub code: String,
    /// The column, for conversion codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The JSON Pointer in the record, for validation codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// What is wrong; never a cell value.
    pub message: String,
}

/// A rejected row: where it is and every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// The sheet (workbooks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based row number in the file or sheet (the header is row 1).
    pub row: u64,
    /// Every reason.
    pub reasons: Vec<Reason>,
}

/// A column no field of the profile describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmappedColumn {
    /// The header text, or the column letter when the header cell is empty.
    pub column: String,
    /// How many data rows had a value in it.
    pub non_empty: u64,
    /// Whether the values were kept in `extensions`.
    pub kept_in_extensions: bool,
}

/// A source value no crosswalk knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownValue {
    /// The column.
    pub column: String,
    /// The value (cut to 64 characters; values that look like emails, phones or document
    /// numbers are replaced by a placeholder).
    pub value: String,
    /// How many rows had it.
    pub count: u64,
}

/// What a conversion did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConversionReport {
    /// The profile's name.
    pub profile: String,
    /// `csv`, `xlsx`, `xlsm` or `ods`.
    pub format: &'static str,
    /// The text encoding used (CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// The sheet read (workbooks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Data rows read (after the header and comment rows).
    pub rows_read: u64,
    /// Rows without any value (skipped; not records, not rejects).
    pub empty_rows: u64,
    /// Records written.
    pub records_written: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// For each reject code, how many rows had it.
    pub reject_reasons: BTreeMap<String, u64>,
    /// For each validation warning code, how many written records had it.
    pub warnings: BTreeMap<String, u64>,
    /// Columns the profile does not map.
    pub unmapped_columns: Vec<UnmappedColumn>,
    /// Columns the profile describes that the input does not have.
    pub missing_columns: Vec<String>,
    /// Columns the profile deliberately does not carry.
    pub ignored_columns: Vec<String>,
    /// Direct-identifier columns met (pseudonymized or dropped, never written).
    pub identifier_columns: Vec<String>,
    /// Source values no crosswalk knows, with counts.
    pub unknown_values: Vec<UnknownValue>,
    /// Whether some unknown values were left out (more than 1,000 distinct in a column).
    pub unknown_values_truncated: bool,
}

impl ConversionReport {
    /// Rows in = records + rejects + empty rows: nothing was lost.
    pub fn is_balanced(&self) -> bool {
        self.rows_read == self.records_written + self.rows_rejected + self.empty_rows
    }
}

/// The options of a conversion.
pub struct ConvertOptions {
    /// The organization producing the records (`producer`).
    pub producer: OrgId,
    /// The `created_at` of every record, and the reference time of validation.
    pub created_at: Timestamp,
    /// The validation options (reference time, limits).
    pub validation: ValidationOptions,
    /// The date ages are computed at when a row has no identification date.
    pub reference_date: PartialDate,
    /// The pseudonymizer of direct identifiers; without it, an input with identifier columns
    /// is refused.
    pub pseudonymizer: Option<Pseudonymizer>,
}

impl ConvertOptions {
    /// Options for records produced by `producer` at `created_at`, validated at `created_at`,
    /// without a pseudonymizer.
    pub fn new(producer: OrgId, created_at: Timestamp) -> Self {
        let date = created_at.to_string();
        let reference_date = date
            .get(..10)
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| PartialDate::year(2000).expect("valid year"));
        ConvertOptions {
            producer,
            created_at,
            validation: ValidationOptions::at(created_at),
            reference_date,
            pseudonymizer: None,
        }
    }

    /// The same options with a pseudonymizer for identifier columns.
    pub fn with_pseudonymizer(mut self, pseudonymizer: Pseudonymizer) -> Self {
        self.pseudonymizer = Some(pseudonymizer);
        self
    }
}

/// An input to convert.
pub enum Input<R> {
    /// A CSV file (delimiter, quote and encoding from the profile's dialect).
    Csv(R),
    /// A workbook; the sheet is the profile's `sheetName`, or the first.
    Workbook(R, WorkbookFormat),
}

/// Converts tables into records with a profile. See the [module documentation](self).
pub struct Converter {
    profile: Profile,
    options: ConvertOptions,
}

/// A field of the profile, ready to apply.
struct Compiled {
    name: String,
    column: Option<usize>,
    kind: FieldType,
    item_type: FieldType,
    format: Option<String>,
    missing: Vec<String>,
    trues: Vec<String>,
    falses: Vec<String>,
    delimiter: Option<String>,
    crosswalk: Option<HashMap<String, Value>>,
    /// Known source values, lower-cased, longest first (for `known-values` splitting).
    known: Vec<String>,
    otherwise: Otherwise,
    split: Split,
    when_true: Option<Value>,
    template: Option<Value>,
    target: Option<(Vec<String>, bool)>,
    identifier: Option<IdentifierSpec>,
    extension: Option<String>,
    ignored: bool,
    serial: Option<DateSystem>,
}

/// Per-run state.
struct Run {
    report: ConversionReport,
    unknown: HashMap<(usize, String), u64>,
    unknown_per_column: HashMap<usize, usize>,
    unmapped: Vec<(usize, String, u64)>,
}

const MAX_UNKNOWN_PER_COLUMN: usize = 1000;

impl Converter {
    /// A converter with a profile and options.
    pub fn new(profile: Profile, options: ConvertOptions) -> Self {
        Converter { profile, options }
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Converts `input`, writing each record as one NDJSON line to `records` and each
    /// reject as one NDJSON line ([`Reject`]) to `rejects`, as the rows are read.
    ///
    /// Fails before writing anything when the header row is missing, when a column the
    /// profile names appears twice in the header, or when the input has identifier columns
    /// and the options have no pseudonymizer. Rows above the header row and the profile's
    /// comment rows are not data and are skipped.
    pub fn run<R: Read + Seek, W1: Write, W2: Write>(
        &self,
        input: Input<R>,
        records: &mut W1,
        rejects: &mut W2,
    ) -> Result<ConversionReport, ConvertError> {
        match input {
            Input::Csv(r) => self.run_csv(r, records, rejects),
            Input::Workbook(r, format) => self.run_workbook(r, format, records, rejects),
        }
    }

    /// Converts a CSV stream (no `Seek` needed), as [`Converter::run`].
    pub fn run_csv<R: Read, W1: Write, W2: Write>(
        &self,
        input: R,
        records: &mut W1,
        rejects: &mut W2,
    ) -> Result<ConversionReport, ConvertError> {
        // A profile built or edited in code (its fields are public) is checked as a loaded
        // one is, before anything is read.
        self.profile.check()?;
        let mut source = CsvSource::new(input, &self.profile.dialect);
        let mut state = None;
        let mut run = self.new_run("csv");
        run.report.encoding = Some(
            self.profile
                .dialect
                .encoding
                .unwrap_or(Encoding::Utf8)
                .as_str(),
        );
        while let Some(row) = source.next_row()? {
            self.feed(&mut state, &mut run, source.sheet(), row, records, rejects)?;
        }
        self.finish(state, run)
    }

    /// Converts a workbook, as [`Converter::run`]. XLSX and XLSM sheets are streamed; ODS
    /// sheets are loaded whole by calamine.
    pub fn run_workbook<R: Read + Seek, W1: Write, W2: Write>(
        &self,
        input: R,
        format: WorkbookFormat,
        records: &mut W1,
        rejects: &mut W2,
    ) -> Result<ConversionReport, ConvertError> {
        self.profile.check()?;
        let mut state = None;
        let mut run = self.new_run(match format {
            WorkbookFormat::Xlsx => "xlsx",
            WorkbookFormat::Xlsm => "xlsm",
            WorkbookFormat::Ods => "ods",
        });
        let sheet = source::open_workbook(input, format, &self.profile.dialect, |sheet, row| {
            self.feed(&mut state, &mut run, Some(sheet), row, records, rejects)
        })?;
        run.report.sheet = Some(sheet);
        self.finish(state, run)
    }

    fn new_run(&self, format: &'static str) -> Run {
        Run {
            report: ConversionReport {
                profile: self.profile.name.clone(),
                format,
                ..ConversionReport::default()
            },
            unknown: HashMap::new(),
            unknown_per_column: HashMap::new(),
            unmapped: Vec::new(),
        }
    }

    fn header_row(&self) -> u64 {
        self.profile
            .dialect
            .header_rows
            .as_ref()
            .and_then(|r| r.first().copied())
            .unwrap_or(1) as u64
    }

    /// One row: the header, a comment row, or a data row.
    fn feed<W1: Write, W2: Write>(
        &self,
        state: &mut Option<Vec<Compiled>>,
        run: &mut Run,
        sheet: Option<&str>,
        row: Row,
        records: &mut W1,
        rejects: &mut W2,
    ) -> Result<(), ConvertError> {
        let header = self.header_row();
        if row.number < header
            || self
                .profile
                .dialect
                .comment_rows
                .iter()
                .any(|c| u64::from(*c) == row.number)
        {
            return Ok(());
        }
        if row.number == header {
            *state = Some(self.compile(&row, run)?);
            return Ok(());
        }
        let Some(fields) = state.as_ref() else {
            return Err(ConvertError::Input {
                message: format!("the header (row {header}) is missing"),
            });
        };
        run.report.rows_read += 1;
        let numbering: Vec<usize> = self
            .profile
            .dialect
            .numbering_columns
            .iter()
            .filter_map(|c| profile::column_index(c))
            .collect();
        let empty = row
            .cells
            .iter()
            .enumerate()
            .all(|(i, c)| c.is_empty() || numbering.contains(&i));
        if empty {
            run.report.empty_rows += 1;
            return Ok(());
        }
        for (col, _, count) in run.unmapped.iter_mut() {
            if row.cells.get(*col).is_some_and(|c| !c.is_empty()) {
                *count += 1;
            }
        }
        match self.convert_row(fields, run, &row) {
            Ok((bytes, warnings)) => {
                records.write_all(&bytes).map_err(ConvertError::Output)?;
                records.write_all(b"\n").map_err(ConvertError::Output)?;
                run.report.records_written += 1;
                for w in warnings {
                    *run.report.warnings.entry(w).or_default() += 1;
                }
            }
            Err(reasons) => {
                run.report.rows_rejected += 1;
                let mut seen: Vec<&str> = Vec::new();
                for r in &reasons {
                    if !seen.contains(&r.code.as_str()) {
                        seen.push(&r.code);
                        *run.report.reject_reasons.entry(r.code.clone()).or_default() += 1;
                    }
                }
                let reject = Reject {
                    sheet: sheet.map(str::to_string),
                    row: row.number,
                    reasons,
                };
                serde_json::to_writer(&mut *rejects, &reject)
                    .map_err(|e| ConvertError::Output(e.into()))?;
                rejects.write_all(b"\n").map_err(ConvertError::Output)?;
            }
        }
        Ok(())
    }

    fn finish(
        &self,
        state: Option<Vec<Compiled>>,
        mut run: Run,
    ) -> Result<ConversionReport, ConvertError> {
        let Some(fields) = state else {
            return Err(ConvertError::Input {
                message: format!("the input has no header (row {})", self.header_row()),
            });
        };
        let keep = self.profile.schema.unmapped == Some(Unmapped::Extensions);
        run.report.unmapped_columns = run
            .unmapped
            .iter()
            .map(|(_, name, n)| UnmappedColumn {
                column: name.clone(),
                non_empty: *n,
                kept_in_extensions: keep,
            })
            .collect();
        let mut unknown: Vec<UnknownValue> = run
            .unknown
            .into_iter()
            .map(|((col, value), count)| UnknownValue {
                column: fields[col].name.clone(),
                value,
                count,
            })
            .collect();
        unknown.sort_by(|a, b| (&a.column, &a.value).cmp(&(&b.column, &b.value)));
        run.report.unknown_values = unknown;
        Ok(run.report)
    }

    /// Resolves the profile's fields against the header row.
    fn compile(&self, header: &Row, run: &mut Run) -> Result<Vec<Compiled>, ConvertError> {
        let names: Vec<String> = header
            .cells
            .iter()
            .map(|c| match c {
                Cell::Text(s) => s.trim().to_lowercase(),
                _ => String::new(),
            })
            .collect();
        let schema_missing = self
            .profile
            .schema
            .missing_values
            .clone()
            .unwrap_or_else(|| vec![String::new()]);
        let mut claimed = vec![false; names.len()];
        for c in &self.profile.dialect.numbering_columns {
            if let Some(i) = profile::column_index(c)
                && i < claimed.len()
            {
                claimed[i] = true;
            }
        }
        let mut out = Vec::new();
        let mut met_identifiers = Vec::new();
        for spec in &self.profile.schema.fields {
            let column = match &spec.column {
                Some(letters) => profile::column_index(letters).filter(|i| *i < names.len()),
                None => {
                    let want = spec.name.trim().to_lowercase();
                    let mut hits = names.iter().enumerate().filter(|(_, n)| **n == want);
                    let first = hits.next().map(|(i, _)| i);
                    if first.is_some() && hits.next().is_some() {
                        return Err(ConvertError::Input {
                            message: format!("the header has the column `{}` twice", spec.name),
                        });
                    }
                    first
                }
            };
            match column {
                Some(i) => claimed[i] = true,
                None => run.report.missing_columns.push(spec.name.clone()),
            }
            if column.is_some() {
                if spec.ignore.is_some() {
                    run.report.ignored_columns.push(spec.name.clone());
                }
                if let Some(id) = &spec.identifier {
                    run.report.identifier_columns.push(spec.name.clone());
                    if id.kind != IdentifierKind::Drop {
                        met_identifiers.push(spec.name.clone());
                    }
                }
            }
            let crosswalk = match &spec.crosswalk {
                Some(CrosswalkSpec::Inline(map)) => Some(
                    map.iter()
                        .map(|(k, v)| (k.trim().to_lowercase(), v.clone()))
                        .collect::<HashMap<_, _>>(),
                ),
                Some(CrosswalkSpec::File(_)) => {
                    return Err(ConvertError::Profile {
                        location: format!("schema.fields `{}`.x-ctip-crosswalk", spec.name),
                        message: "a crosswalk file is read only by Profile::from_path".into(),
                    });
                }
                None => None,
            };
            let mut known: Vec<String> = crosswalk
                .as_ref()
                .map(|m| m.keys().filter(|k| !k.is_empty()).cloned().collect())
                .unwrap_or_default();
            known.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            let target = spec.target.as_ref().map(|t| {
                let mut segs: Vec<String> = t
                    .strip_prefix('/')
                    .unwrap_or(t)
                    .split('/')
                    .map(|s| s.replace("~1", "/").replace("~0", "~"))
                    .collect();
                let append = segs.last().is_some_and(|s| s == "-");
                if append {
                    segs.pop();
                }
                (segs, append)
            });
            out.push(Compiled {
                name: spec.name.clone(),
                column,
                kind: spec.kind,
                item_type: spec.item_type.unwrap_or(FieldType::String),
                format: spec.format.clone(),
                missing: spec
                    .missing_values
                    .clone()
                    .unwrap_or_else(|| schema_missing.clone()),
                trues: spec
                    .true_values
                    .clone()
                    .unwrap_or_else(|| ["true", "True", "TRUE", "1"].map(String::from).to_vec()),
                falses: spec
                    .false_values
                    .clone()
                    .unwrap_or_else(|| ["false", "False", "FALSE", "0"].map(String::from).to_vec()),
                delimiter: spec.delimiter.clone(),
                crosswalk,
                known,
                otherwise: spec.otherwise.unwrap_or(Otherwise::Reject),
                split: spec.split.unwrap_or(Split::Delimiter),
                when_true: spec.when_true.clone(),
                template: spec.template.clone(),
                target,
                identifier: spec.identifier.clone(),
                extension: spec.extension.clone(),
                ignored: spec.ignore.is_some(),
                serial: spec.serial_dates,
            });
        }
        if !met_identifiers.is_empty() && self.options.pseudonymizer.is_none() {
            return Err(ConvertError::NoKey {
                columns: met_identifiers,
            });
        }
        for (i, name) in names.iter().enumerate() {
            if !claimed[i] {
                let label = match header.cells.get(i) {
                    Some(Cell::Text(s)) if !s.trim().is_empty() => s.trim().to_string(),
                    _ => column_letters(i),
                };
                let _ = name;
                run.unmapped.push((i, label, 0));
            }
        }
        Ok(out)
    }

    /// Builds, validates and serializes the record of one row, or says every reason not to.
    fn convert_row(
        &self,
        fields: &[Compiled],
        run: &mut Run,
        row: &Row,
    ) -> Result<(Vec<u8>, Vec<String>), Vec<Reason>> {
        let mut reasons = Vec::new();
        let mut doc = Map::new();
        let mut identity = LocalIdentity::default();
        let mut given: Vec<String> = Vec::new();
        let mut family: Vec<String> = Vec::new();
        let mut extra_pseudonyms: Vec<String> = Vec::new();
        for (fi, f) in fields.iter().enumerate() {
            let Some(col) = f.column else { continue };
            if f.ignored {
                continue;
            }
            let cell = row.cells.get(col).unwrap_or(&Cell::Empty);
            let reason = |code: &str, message: &str| Reason {
                code: code.to_string(),
                column: Some(f.name.clone()),
                pointer: None,
                message: message.to_string(),
            };
            match cell {
                Cell::Invalid(InvalidCell::NotUtf8) => {
                    reasons.push(reason(
                        codes::INVALID_ENCODING,
                        "the cell is not valid UTF-8 (declare x-ctip-encoding: windows-1252 if the file is Windows-1252)",
                    ));
                    continue;
                }
                Cell::Invalid(InvalidCell::SpreadsheetError) => {
                    reasons.push(reason(
                        codes::CELL_ERROR,
                        "the cell holds a spreadsheet error value",
                    ));
                    continue;
                }
                _ => {}
            }
            if is_missing(cell, &f.missing) {
                continue;
            }
            if let Some(id) = &f.identifier {
                if let Err(message) = self.read_identifier(
                    f,
                    id,
                    cell,
                    &mut identity,
                    &mut given,
                    &mut family,
                    &mut extra_pseudonyms,
                ) {
                    reasons.push(reason(codes::INVALID_IDENTIFIER, message));
                }
                continue;
            }
            if let Some(key) = &f.extension {
                let text = cell_text(cell);
                set(
                    &mut doc,
                    &["extensions".into(), key.clone()],
                    Value::String(text),
                    false,
                );
                continue;
            }
            let Some((target, append)) = &f.target else {
                continue;
            };
            let values = match self.read_values(f, fi, cell, run) {
                Ok(v) => v,
                Err(rs) => {
                    reasons.extend(rs.into_iter().map(|(c, m)| reason(c, m)));
                    continue;
                }
            };
            for v in values {
                let v = match &f.template {
                    Some(t) => fill_template(t, &v),
                    None => v,
                };
                if !set(&mut doc, target, v, *append) {
                    reasons.push(reason(
                        codes::CONFLICTING_VALUES,
                        "another column already gave this field a different value",
                    ));
                }
            }
        }
        if self.profile.schema.unmapped == Some(Unmapped::Extensions) {
            let ns = self
                .profile
                .schema
                .extension_namespace
                .as_deref()
                .unwrap_or("");
            for (col, name, _) in &run.unmapped {
                if let Some(cell) = row.cells.get(*col)
                    && !cell.is_empty()
                {
                    let key = format!("{ns}.{}", extension_segment(name));
                    set(
                        &mut doc,
                        &["extensions".into(), key],
                        Value::String(cell_text(cell)),
                        false,
                    );
                }
            }
        }
        if !reasons.is_empty() {
            return Err(reasons);
        }
        // Identity: names, then pseudonyms and generalized values.
        if !given.is_empty() || !family.is_empty() {
            let parts = given
                .iter()
                .map(|g| (NamePart::Given, g.as_str()))
                .chain(family.iter().map(|f| (NamePart::Family, f.as_str())));
            match PersonName::from_parts(parts) {
                Ok(name) => identity.names.push(name),
                Err(_) => {
                    return Err(vec![Reason {
                        code: codes::INVALID_IDENTIFIER.into(),
                        column: None,
                        pointer: None,
                        message: "the name columns hold no letter or digit that makes a name"
                            .into(),
                    }]);
                }
            }
        }
        given
            .iter_mut()
            .chain(family.iter_mut())
            .for_each(zeroize::Zeroize::zeroize);
        let has_identity = !identity.names.is_empty()
            || identity.birth_date.is_some()
            || !identity.documents.is_empty()
            || !identity.phones.is_empty()
            || !identity.emails.is_empty()
            || !extra_pseudonyms.is_empty();
        if has_identity && let Some(pz) = &self.options.pseudonymizer {
            let identified = get(&doc, &["identification", "date"])
                .and_then(Value::as_str)
                .and_then(|d| d.parse::<PartialDate>().ok());
            let reference = identified.unwrap_or(self.options.reference_date);
            let subject = pz.subject(&identity, reference);
            let sub = ["subject".to_string()];
            for p in subject
                .pseudonyms
                .iter()
                .map(|p| p.to_string())
                .chain(extra_pseudonyms)
            {
                set(
                    &mut doc,
                    &[sub[0].clone(), "pseudonyms".into()],
                    Value::String(p),
                    true,
                );
            }
            let mut put = |key: &str, v: Value| {
                let path = [sub[0].clone(), key.to_string()];
                if get(&doc, &["subject", key]).is_none() {
                    set(&mut doc, &path, v, false);
                }
            };
            if let Some(y) = subject.birth_year {
                put("birth_date", Value::String(y.to_string()));
            }
            if let Some(b) = subject.age_band {
                put("age_band", Value::String(b.as_str().into()));
            }
            if let Some(m) = subject.majority {
                put("majority", Value::String(m.as_str().into()));
            }
            if identified.is_some()
                && let Some(a) = subject.age_at_reference
            {
                put("age_at_identification", Value::from(a));
            }
        }
        drop(identity);
        // The frame of every record, then the defaults.
        let base = [
            (
                "record_type",
                Value::String(self.profile.record.record_type.clone()),
            ),
            (
                "schema_version",
                Value::String(SchemaVersion::CURRENT.to_string()),
            ),
            (
                "id",
                Value::String(format!("{}-{}", self.profile.record.id_prefix, row.number)),
            ),
            (
                "producer",
                Value::String(self.options.producer.as_str().into()),
            ),
            (
                "created_at",
                Value::String(self.options.created_at.to_string()),
            ),
            ("subject", Value::Object(Map::new())),
        ];
        let mut record = Map::new();
        for (k, v) in base {
            let v = doc.remove(k).unwrap_or(v);
            record.insert(k.to_string(), v);
        }
        record.extend(doc);
        for (pointer, value) in &self.profile.record.defaults {
            let segs: Vec<String> = pointer
                .strip_prefix('/')
                .unwrap_or(pointer)
                .split('/')
                .map(str::to_string)
                .collect();
            let refs: Vec<&str> = segs.iter().map(String::as_str).collect();
            if get(&record, &refs).is_none() {
                set(&mut record, &segs, value.clone(), false);
            }
        }
        let bytes = match serde_json::to_vec(&Value::Object(record)) {
            Ok(b) => b,
            Err(_) => {
                return Err(vec![Reason {
                    code: codes::UNREADABLE_RECORD.into(),
                    column: None,
                    pointer: None,
                    message: "the record could not be serialized".into(),
                }]);
            }
        };
        let (parsed, report) = validate_slice(&bytes, &self.options.validation);
        let errors: Vec<Reason> = report
            .errors()
            .map(|i| Reason {
                code: i.code.as_str().to_string(),
                column: None,
                pointer: Some(i.pointer.clone()),
                message: i.message.clone(),
            })
            .collect();
        if !errors.is_empty() || parsed.is_none() {
            let mut errors = errors;
            if errors.is_empty() {
                errors.push(Reason {
                    code: codes::UNREADABLE_RECORD.into(),
                    column: None,
                    pointer: None,
                    message: "the record could not be read back".into(),
                });
            }
            return Err(errors);
        }
        let warnings = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .map(|i| i.code.as_str().to_string())
            .collect();
        Ok((bytes, warnings))
    }

    /// Reads an identifier cell into the local identity.
    #[allow(clippy::too_many_arguments)]
    fn read_identifier(
        &self,
        f: &Compiled,
        id: &IdentifierSpec,
        cell: &Cell,
        identity: &mut LocalIdentity,
        given: &mut Vec<String>,
        family: &mut Vec<String>,
        extra: &mut Vec<String>,
    ) -> Result<(), &'static str> {
        let text = cell_text(cell);
        let text = text.trim();
        match id.kind {
            IdentifierKind::Drop => {}
            IdentifierKind::GivenName => given.push(text.to_string()),
            IdentifierKind::FamilyName => family.push(text.to_string()),
            IdentifierKind::FullName => identity.names.push(
                PersonName::unlabelled(text).map_err(|_| "the name holds no letter or digit")?,
            ),
            IdentifierKind::BirthDate => {
                let d = read_date(f, cell)
                    .map_err(|_| "the birth date does not match the declared format")?;
                identity.birth_date = Some(d);
            }
            IdentifierKind::Document => {
                let kind = id
                    .document_type
                    .as_deref()
                    .and_then(DocumentType::from_code)
                    .ok_or("unknown document type")?;
                let country: CountryCode = id
                    .country
                    .as_deref()
                    .and_then(|c| c.parse().ok())
                    .ok_or("unknown issuing country")?;
                identity.documents.push(
                    IdentityDocument::new(kind, country, text).map_err(
                        |_| "the document number has no letter or digit, or is too long",
                    )?,
                );
            }
            IdentifierKind::Phone => {
                let phone = if text.starts_with('+') || text.starts_with("00") {
                    PhoneNumber::international(text)
                } else if let Some(cc) = id.calling_code {
                    PhoneNumber::national(text, cc)
                } else {
                    return Err("a national phone number needs the profile's callingCode");
                };
                identity
                    .phones
                    .push(phone.map_err(|_| "the phone number is not a phone number")?);
            }
            IdentifierKind::Email => identity
                .emails
                .push(EmailAddress::new(text).map_err(|_| "the email address is malformed")?),
            IdentifierKind::Identifier => {
                let pz = self
                    .options
                    .pseudonymizer
                    .as_ref()
                    .ok_or("no pseudonym key")?;
                let domain = id.domain.as_deref().unwrap_or("");
                let p = pz
                    .identifier(domain, text)
                    .map_err(|_| "the identifier is empty or its domain is malformed")?;
                extra.push(p.to_ref().to_string());
            }
        }
        Ok(())
    }

    /// The values of a mapped cell (several for a list).
    fn read_values(
        &self,
        f: &Compiled,
        fi: usize,
        cell: &Cell,
        run: &mut Run,
    ) -> Result<Vec<Value>, Vec<(&'static str, &'static str)>> {
        if f.kind == FieldType::List {
            let text = cell_text(cell);
            let delim = f.delimiter.as_deref().unwrap_or(";");
            let items: Vec<String> = match f.split {
                Split::KnownValues => split_known(&text, delim, &f.known),
                Split::Delimiter => text.split(delim).map(|s| s.trim().to_string()).collect(),
            };
            let mut out = Vec::new();
            let mut errs = Vec::new();
            for item in items {
                if item.is_empty() || f.missing.iter().any(|m| m.trim() == item) {
                    continue;
                }
                match self.scalar(f, fi, f.item_type, &Cell::Text(item), run) {
                    Ok(Some(v)) => out.push(v),
                    Ok(None) => {}
                    Err(e) => errs.push(e),
                }
            }
            return if errs.is_empty() { Ok(out) } else { Err(errs) };
        }
        match self.scalar(f, fi, f.kind, cell, run) {
            Ok(v) => Ok(v.into_iter().collect()),
            Err(e) => Err(vec![e]),
        }
    }

    fn scalar(
        &self,
        f: &Compiled,
        fi: usize,
        kind: FieldType,
        cell: &Cell,
        run: &mut Run,
    ) -> Result<Option<Value>, (&'static str, &'static str)> {
        match kind {
            FieldType::Boolean => {
                let b = match cell {
                    Cell::Bool(b) => *b,
                    other => {
                        let t = cell_text(other);
                        let t = t.trim();
                        if f.trues.iter().any(|v| v == t) {
                            true
                        } else if f.falses.iter().any(|v| v == t) {
                            false
                        } else {
                            return Err((
                                codes::INVALID_BOOLEAN,
                                "expected one of the field's trueValues or falseValues",
                            ));
                        }
                    }
                };
                Ok(match &f.when_true {
                    Some(v) => b.then(|| v.clone()),
                    None => Some(Value::Bool(b)),
                })
            }
            FieldType::Date | FieldType::Year | FieldType::Yearmonth => {
                let d = read_date_as(f, kind, cell)?;
                Ok(Some(Value::String(d.to_string())))
            }
            FieldType::Integer | FieldType::Number => {
                if let Some(v) = self.crosswalked(f, fi, cell, run)? {
                    return Ok(v);
                }
                let n = match cell {
                    Cell::Number(n) => *n,
                    other => cell_text(other)
                        .trim()
                        .parse::<f64>()
                        .map_err(|_| (codes::INVALID_NUMBER, "expected a number"))?,
                };
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    Ok(Some(Value::from(n as i64)))
                } else if kind == FieldType::Integer || !n.is_finite() {
                    Err((codes::INVALID_NUMBER, "expected a whole number"))
                } else {
                    Ok(serde_json::Number::from_f64(n).map(Value::Number))
                }
            }
            FieldType::String | FieldType::List => {
                if let Some(v) = self.crosswalked(f, fi, cell, run)? {
                    return Ok(v);
                }
                Ok(Some(Value::String(cell_text(cell).trim().to_string())))
            }
        }
    }

    /// The crosswalk's value for a cell: `Ok(None)` when the field has no crosswalk (or the
    /// value is kept as it is), `Ok(Some(v))` when it maps (v `None` for "carries nothing").
    #[allow(clippy::option_option)]
    fn crosswalked(
        &self,
        f: &Compiled,
        fi: usize,
        cell: &Cell,
        run: &mut Run,
    ) -> Result<Option<Option<Value>>, (&'static str, &'static str)> {
        let Some(map) = &f.crosswalk else {
            return Ok(None);
        };
        let text = cell_text(cell);
        let key = text.trim().to_lowercase();
        if let Some(v) = map.get(&key) {
            return Ok(Some((!v.is_null()).then(|| v.clone())));
        }
        if f.otherwise == Otherwise::Keep {
            return Ok(None);
        }
        let shown = shown_value(text.trim());
        let per = run.unknown_per_column.entry(fi).or_default();
        match run.unknown.get_mut(&(fi, shown.clone())) {
            Some(n) => *n += 1,
            None if *per < MAX_UNKNOWN_PER_COLUMN => {
                *per += 1;
                run.unknown.insert((fi, shown), 1);
            }
            None => run.report.unknown_values_truncated = true,
        }
        Err((
            codes::UNKNOWN_VALUE,
            "the value is not in the column's crosswalk",
        ))
    }
}

/// The template with every `"{value}"` string replaced by `value`.
fn fill_template(template: &Value, value: &Value) -> Value {
    match template {
        Value::String(s) if s == "{value}" => value.clone(),
        Value::Array(items) => {
            Value::Array(items.iter().map(|i| fill_template(i, value)).collect())
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), fill_template(v, value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A cell's text form (numbers as written by a spreadsheet: whole numbers without `.0`).
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty | Cell::Invalid(_) => String::new(),
        Cell::Text(s) | Cell::DateIso(s) => s.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => format!("{}", *n as i64),
        Cell::Number(n) => n.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
    }
}

fn is_missing(cell: &Cell, missing: &[String]) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(_) | Cell::Number(_) => {
            let t = cell_text(cell);
            let t = t.trim();
            t.is_empty() || missing.iter().any(|m| m.trim() == t)
        }
        _ => false,
    }
}

/// How an unknown value is shown in the report: cut to 64 characters, and replaced when it
/// looks like a direct identifier.
fn shown_value(text: &str) -> String {
    if crate::pseudonym::contains_direct_identifiers(text) {
        return "[looks like a direct identifier: not shown]".into();
    }
    text.chars().take(64).collect()
}

/// Splits `text` at `delim` against known values (lower-cased, longest first): at each
/// position the longest known value followed by the delimiter or the end is taken; text
/// that matches none runs to the next delimiter.
fn split_known(text: &str, delim: &str, known: &[String]) -> Vec<String> {
    if delim.is_empty() {
        // Nothing to split on (a profile that skipped `Profile::check`): one value.
        return vec![text.trim().to_string()];
    }
    // The positions found in the lower-cased text cut the original text: only when every
    // character keeps its UTF-8 length. Equal total lengths are not enough ("İ" grows by a
    // byte when lower-cased, the ohm sign shrinks by one).
    let same_lengths = text
        .chars()
        .all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8());
    if !same_lengths {
        return text.split(delim).map(|s| s.trim().to_string()).collect();
    }
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    let trimmed_delim = delim.trim();
    while pos < text.len() {
        let start = pos;
        let rest = &lower[pos..];
        let skip = rest.len() - rest.trim_start().len();
        pos += skip;
        if pos >= text.len() {
            break;
        }
        let rest = &lower[pos..];
        let hit = known.iter().find(|k| {
            rest.starts_with(k.as_str()) && {
                let after = rest[k.len()..].trim_start_matches(' ');
                after.is_empty()
                    || after.starts_with(delim.trim_start())
                    || (!trimmed_delim.is_empty() && after.starts_with(trimmed_delim))
            }
        });
        let end = match hit {
            Some(k) => pos + k.len(),
            None => rest.find(delim).map_or(text.len(), |i| pos + i),
        };
        out.push(text[pos..end].trim().to_string());
        pos = end;
        // Skip the delimiter.
        let rest = &lower[pos..];
        let rest_trim = rest.trim_start_matches(' ');
        pos += rest.len() - rest_trim.len();
        if lower[pos..].starts_with(trimmed_delim) && !trimmed_delim.is_empty() {
            pos += trimmed_delim.len();
        } else if lower[pos..].starts_with(delim) {
            pos += delim.len();
        }
        if pos == start {
            // No progress (cannot happen with a non-empty delimiter; never loop on it).
            out.push(text[pos..].trim().to_string());
            break;
        }
    }
    out
}

/// Reads a date cell of a field as its own type.
fn read_date(f: &Compiled, cell: &Cell) -> Result<PartialDate, (&'static str, &'static str)> {
    read_date_as(f, f.kind, cell)
}

fn read_date_as(
    f: &Compiled,
    kind: FieldType,
    cell: &Cell,
) -> Result<PartialDate, (&'static str, &'static str)> {
    let invalid = (
        codes::INVALID_DATE,
        "the date does not match the declared format",
    );
    let d = match cell {
        Cell::Date(y, m, d) => PartialDate::day(*y, *m, *d).map_err(|_| invalid)?,
        Cell::DateIso(s) => s
            .get(..10)
            .unwrap_or(s)
            .parse::<PartialDate>()
            .map_err(|_| invalid)?,
        Cell::Number(n) => {
            if kind == FieldType::Year && n.fract() == 0.0 && (1000.0..=9999.0).contains(n) {
                PartialDate::year(*n as u16).map_err(|_| invalid)?
            } else if let Some(system) = f.serial {
                serial_date(*n, system).ok_or(invalid)?
            } else {
                return Err((
                    codes::SERIAL_DATE,
                    "a bare number in a date column (set x-ctip-serial-dates to read spreadsheet serial dates)",
                ));
            }
        }
        Cell::Bool(_) | Cell::Empty | Cell::Invalid(_) => return Err(invalid),
        Cell::Text(t) => parse_date_text(t.trim(), f.format.as_deref(), kind)?,
    };
    if d.year_value() < 1000 {
        return Err((codes::TWO_DIGIT_YEAR, "the year has fewer than four digits"));
    }
    Ok(match kind {
        FieldType::Year => crate::pseudonym::year_of_birth(d),
        FieldType::Yearmonth => {
            crate::pseudonym::coarsen_date(d, crate::types::DatePrecision::Month)
        }
        _ => d,
    })
}

fn parse_date_text(
    t: &str,
    format: Option<&str>,
    kind: FieldType,
) -> Result<PartialDate, (&'static str, &'static str)> {
    let invalid = (
        codes::INVALID_DATE,
        "the date does not match the declared format",
    );
    let iso_partial = |t: &str| -> Option<PartialDate> {
        let b = t.as_bytes();
        let year_like = b.len() == 4 && b.iter().all(u8::is_ascii_digit);
        let month_like = b.len() == 7 && b[4] == b'-';
        (year_like || month_like).then(|| t.parse().ok()).flatten()
    };
    match format {
        None | Some("default") | Some("any") => {
            // A year written with fewer than four digits is not a year we can place.
            if t.len() < 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                return Err((codes::TWO_DIGIT_YEAR, "the year has fewer than four digits"));
            }
            let _ = kind;
            t.parse::<PartialDate>().map_err(|_| invalid)
        }
        Some(pattern) => {
            if let Some(d) = iso_partial(t) {
                return Ok(d);
            }
            if pattern.contains("%Y") {
                // chrono reads %Y with fewer digits: refuse a year of one to three digits.
                let year_digits_ok = t
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|run| run.len() == 4)
                    || !pattern.contains("%Y");
                if !year_digits_ok {
                    return Err((codes::TWO_DIGIT_YEAR, "the year has fewer than four digits"));
                }
            }
            let nd = chrono::NaiveDate::parse_from_str(t, pattern).map_err(|_| invalid)?;
            PartialDate::from_naive(nd).map_err(|_| invalid)
        }
    }
}

/// A spreadsheet serial date in a date system.
fn serial_date(n: f64, system: DateSystem) -> Option<PartialDate> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(
        n.floor(),
        calamine::ExcelDateTimeType::DateTime,
        system == DateSystem::Excel1904,
    );
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    PartialDate::day(y, m, d).ok()
}

/// The spreadsheet letters of a 0-based column.
fn column_letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

/// A header turned into an extension key segment.
fn extension_segment(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        s.insert_str(0, "c_");
    }
    s.truncate(64);
    s
}

fn get<'a>(doc: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut v = doc.get(*first)?;
    for seg in rest {
        v = v.as_object()?.get(*seg)?;
    }
    Some(v)
}

/// Sets (or appends to the array at) `path`; false when a different value is already set.
fn set(doc: &mut Map<String, Value>, path: &[String], value: Value, append: bool) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut obj = doc;
    for seg in parents {
        let entry = obj
            .entry(seg.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        match entry {
            Value::Object(m) => obj = m,
            _ => return false,
        }
    }
    if append {
        let entry = obj
            .entry(last.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        match entry {
            Value::Array(items) => {
                if !items.contains(&value) {
                    items.push(value);
                }
                true
            }
            _ => false,
        }
    } else {
        match obj.get(last) {
            Some(existing) => *existing == value,
            None => {
                obj.insert(last.clone(), value);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting_against_known_labels_keeps_labels_with_the_delimiter() {
        let known: Vec<String> = [
            "wholesale and retail trade; repair of motor vehicles and motorcycles",
            "construction",
            "water supply; sewerage, waste management and remediation",
        ]
        .map(String::from)
        .to_vec();
        let got = split_known(
            "Construction; Wholesale and retail trade; repair of motor vehicles and motorcycles; Water supply; sewerage, waste management and remediation",
            "; ",
            &known,
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(
            got[1],
            "Wholesale and retail trade; repair of motor vehicles and motorcycles"
        );
        let got = split_known("Construction; Something else; Construction", "; ", &known);
        assert_eq!(got, vec!["Construction", "Something else", "Construction"]);
    }

    #[test]
    fn splitting_never_cuts_a_character_or_loops() {
        let known: Vec<String> = ["trinidad and tobago".to_string()].to_vec();
        // U+0130 lower-cases to two characters (3 bytes from 2), the ohm sign U+2126 to
        // omega (2 bytes from 3): equal totals, shifted positions.
        let got = split_known("\u{130}; \u{2126}", "; ", &known);
        assert_eq!(got, vec!["\u{130}", "\u{2126}"]);
        let got = split_known("\u{2126}; Trinidad and Tobago", "; ", &known);
        assert_eq!(got, vec!["\u{2126}", "Trinidad and Tobago"]);
        // An empty delimiter (a profile that skipped its check) gives the whole value.
        assert_eq!(split_known("a; b", "", &known), vec!["a; b"]);
    }

    #[test]
    fn column_letters_round_trip() {
        for i in [0, 25, 26, 35, 701, 702] {
            assert_eq!(profile::column_index(&column_letters(i)), Some(i));
        }
    }

    fn date_field(format: Option<&str>, serial: Option<DateSystem>) -> Compiled {
        Compiled {
            name: "d".into(),
            column: Some(0),
            kind: FieldType::Date,
            item_type: FieldType::String,
            format: format.map(String::from),
            missing: vec![],
            trues: vec![],
            falses: vec![],
            delimiter: None,
            crosswalk: None,
            known: vec![],
            otherwise: Otherwise::Reject,
            split: Split::Delimiter,
            when_true: None,
            template: None,
            target: None,
            identifier: None,
            extension: None,
            ignored: false,
            serial,
        }
    }

    #[test]
    fn dates_are_declared_never_guessed() {
        let f = date_field(Some("%d/%m/%Y"), None);
        let text = |s: &str| Cell::Text(s.into());
        assert_eq!(
            read_date(&f, &text("15/07/2021")).unwrap().to_string(),
            "2021-07-15"
        );
        assert_eq!(read_date(&f, &text("2021")).unwrap().to_string(), "2021");
        assert_eq!(
            read_date(&f, &text("2021-07")).unwrap().to_string(),
            "2021-07"
        );
        assert_eq!(
            read_date(&f, &text("07/15/2021")).unwrap_err().0,
            codes::INVALID_DATE
        );
        assert_eq!(
            read_date(&f, &text("15/07/85")).unwrap_err().0,
            codes::TWO_DIGIT_YEAR
        );
        assert_eq!(
            read_date(&f, &Cell::Number(44392.0)).unwrap_err().0,
            codes::SERIAL_DATE
        );
        assert_eq!(
            read_date(&f, &Cell::Date(2021, 7, 15)).unwrap().to_string(),
            "2021-07-15"
        );
        let f = date_field(None, Some(DateSystem::Excel1900));
        assert_eq!(
            read_date(&f, &Cell::Number(44392.0)).unwrap().to_string(),
            "2021-07-15"
        );
        let f = date_field(None, Some(DateSystem::Excel1904));
        assert_eq!(
            read_date(&f, &Cell::Number(42930.0)).unwrap().to_string(),
            "2021-07-15"
        );
        let f = date_field(Some("%m-%d-%y"), None);
        assert_eq!(
            read_date(&f, &text("07-15-21")).unwrap().to_string(),
            "2021-07-15"
        );
    }

    #[test]
    fn unknown_values_that_look_identifying_are_not_shown() {
        assert!(!shown_value("maria@example.org").contains("maria"));
        assert_eq!(shown_value("Debt bondage?"), "Debt bondage?");
    }
}
