//! Row sources: CSV files and XLSX/XLSM/ODS workbooks, read one row at a time.

use std::io::{Read, Seek};

use calamine::{Data, DataRef, Reader as _};

use super::ConvertError;
use super::profile::{Dialect, Encoding};

/// One cell as the converter sees it.
#[derive(Clone, PartialEq)]
pub(crate) enum Cell {
    /// No value.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// A bare number.
    Number(f64),
    /// A spreadsheet boolean.
    Bool(bool),
    /// A cell the spreadsheet stored as a date (year, month, day), already in its date system.
    Date(u16, u8, u8),
    /// An ISO 8601 date or date-time text from ODS.
    DateIso(String),
    /// A spreadsheet error value (`#N/A`...), or text that is not valid in the declared encoding.
    Invalid(InvalidCell),
}

/// Why a cell could not be read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum InvalidCell {
    /// A spreadsheet error such as `#N/A`.
    SpreadsheetError,
    /// Bytes that are not valid UTF-8.
    NotUtf8,
}

impl Cell {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A row: its 1-based number in the file or sheet, and its cells by column.
pub(crate) struct Row {
    pub(crate) number: u64,
    pub(crate) cells: Vec<Cell>,
}

/// Something that yields rows.
pub(crate) trait RowSource {
    /// The next row, or `None` at the end.
    fn next_row(&mut self) -> Result<Option<Row>, ConvertError>;
    /// The sheet name (workbooks) for rejects.
    fn sheet(&self) -> Option<&str>;
}

/// A CSV file, decoded as the dialect declares.
pub(crate) struct CsvSource<R: Read> {
    reader: csv::Reader<R>,
    record: csv::ByteRecord,
    encoding: Encoding,
    number: u64,
}

impl<R: Read> CsvSource<R> {
    pub(crate) fn new(input: R, dialect: &Dialect) -> Self {
        let delimiter = dialect
            .delimiter
            .as_deref()
            .and_then(|d| d.as_bytes().first().copied())
            .unwrap_or(b',');
        let quote = dialect
            .quote_char
            .as_deref()
            .and_then(|d| d.as_bytes().first().copied())
            .unwrap_or(b'"');
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .quote(quote)
            .from_reader(input);
        CsvSource {
            reader,
            record: csv::ByteRecord::new(),
            encoding: dialect.encoding.unwrap_or(Encoding::Utf8),
            number: 0,
        }
    }
}

impl<R: Read> RowSource for CsvSource<R> {
    fn next_row(&mut self) -> Result<Option<Row>, ConvertError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| ConvertError::Input {
                message: format!(
                    "the CSV file cannot be read after row {}: {}",
                    self.number,
                    csv_error_kind(&e)
                ),
            })?;
        if !more {
            return Ok(None);
        }
        // Rows are counted as records, the header being row 1. A blank line holds no cell
        // and is not a row (the CSV reader skips it), as in most CSV readers.
        self.number += 1;
        let mut cells = Vec::with_capacity(self.record.len());
        for (i, field) in self.record.iter().enumerate() {
            // The csv crate strips a UTF-8 BOM at the start; strip it here too, in case.
            let field = if self.number == 1 && i == 0 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            let cell = match self.encoding {
                Encoding::Utf8 => match std::str::from_utf8(field) {
                    Ok("") => Cell::Empty,
                    Ok(s) => Cell::Text(s.to_string()),
                    Err(_) => Cell::Invalid(InvalidCell::NotUtf8),
                },
                Encoding::Windows1252 => {
                    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(field);
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.into_owned())
                    }
                }
            };
            cells.push(cell);
        }
        Ok(Some(Row {
            number: self.number,
            cells,
        }))
    }

    fn sheet(&self) -> Option<&str> {
        None
    }
}

/// The kind of a CSV error, without any of the file's content.
fn csv_error_kind(e: &csv::Error) -> &'static str {
    match e.kind() {
        csv::ErrorKind::Io(_) => "input/output error",
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8",
        csv::ErrorKind::UnequalLengths { .. } => "rows of unequal length",
        _ => "malformed CSV",
    }
}

/// Which workbook format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookFormat {
    /// Office Open XML workbook (`.xlsx`), read cell by cell (streamed).
    Xlsx,
    /// Office Open XML workbook with macros (`.xlsm`), read as `.xlsx`.
    Xlsm,
    /// OpenDocument spreadsheet (`.ods`): calamine reads the whole sheet first.
    Ods,
}

/// Reads a worksheet. XLSX cells are streamed into rows as they come (rows are emitted when
/// the next row starts); ODS sheets are loaded by calamine as a range.
pub(crate) fn open_workbook<R: Read + Seek, F>(
    input: R,
    format: WorkbookFormat,
    dialect: &Dialect,
    mut each: F,
) -> Result<String, ConvertError>
where
    F: FnMut(&str, Row) -> Result<(), ConvertError>,
{
    let bad = |e: String| ConvertError::Input {
        message: format!("the workbook cannot be read: {e}"),
    };
    match format {
        WorkbookFormat::Xlsx | WorkbookFormat::Xlsm => {
            let mut book: calamine::Xlsx<R> =
                calamine::Xlsx::new(input).map_err(|e| bad(xlsx_error_kind(&e)))?;
            let sheet = pick_sheet(&book.sheet_names(), dialect)?;
            let mut cells = book
                .worksheet_cells_reader(&sheet)
                .map_err(|e| bad(xlsx_error_kind(&e)))?;
            let mut current: Option<Row> = None;
            while let Some(cell) = cells.next_cell().map_err(|e| bad(xlsx_error_kind(&e)))? {
                let (r, c) = cell.get_position();
                let number = u64::from(r) + 1;
                let value = from_data_ref(cell.get_value());
                if current.as_ref().is_some_and(|row| row.number != number) {
                    let done = current.take().expect("checked");
                    each(&sheet, done)?;
                }
                let row = current.get_or_insert_with(|| Row {
                    number,
                    cells: Vec::new(),
                });
                let c = c as usize;
                if c > 16_384 {
                    return Err(bad("a cell lies beyond the last spreadsheet column".into()));
                }
                if row.cells.len() <= c {
                    row.cells.resize(c + 1, Cell::Empty);
                }
                row.cells[c] = value;
            }
            if let Some(row) = current {
                each(&sheet, row)?;
            }
            Ok(sheet)
        }
        WorkbookFormat::Ods => {
            let mut book: calamine::Ods<R> = calamine::Ods::new(input)
                .map_err(|e| bad(format!("{e}").chars().take(80).collect()))?;
            let sheet = pick_sheet(&book.sheet_names(), dialect)?;
            let range = book
                .worksheet_range(&sheet)
                .map_err(|e| bad(format!("{e}").chars().take(80).collect()))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (i, cells) in range.rows().enumerate() {
                let mut row = Row {
                    number: u64::from(r0) + i as u64 + 1,
                    cells: vec![Cell::Empty; c0 as usize],
                };
                row.cells.extend(cells.iter().map(from_data));
                each(&sheet, row)?;
            }
            Ok(sheet)
        }
    }
}

fn xlsx_error_kind(e: &calamine::XlsxError) -> String {
    match e {
        calamine::XlsxError::Io(_) => "input/output error".into(),
        calamine::XlsxError::Zip(_) => "not a zip archive (is it an XLSX file?)".into(),
        calamine::XlsxError::WorksheetNotFound(_) => "the worksheet is missing".into(),
        _ => "malformed workbook".into(),
    }
}

fn pick_sheet(names: &[String], dialect: &Dialect) -> Result<String, ConvertError> {
    match &dialect.sheet_name {
        Some(want) => {
            names
                .iter()
                .find(|n| *n == want)
                .cloned()
                .ok_or_else(|| ConvertError::Input {
                    message: format!(
                        "the workbook has no sheet named `{want}` (the profile's sheetName)"
                    ),
                })
        }
        None => names.first().cloned().ok_or_else(|| ConvertError::Input {
            message: "the workbook has no sheet".into(),
        }),
    }
}

fn date_cell(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return Cell::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Cell::Date(y, m, d)
}

fn from_data_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) => Cell::DateIso(s.clone()),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(_) => Cell::Invalid(InvalidCell::SpreadsheetError),
    }
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => Cell::DateIso(s.clone()),
        Data::DurationIso(s) => text(s),
        Data::Error(_) => Cell::Invalid(InvalidCell::SpreadsheetError),
    }
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8], dialect: &Dialect) -> Vec<Vec<Cell>> {
        let mut src = CsvSource::new(bytes, dialect);
        let mut out = Vec::new();
        while let Some(r) = src.next_row().unwrap() {
            out.push(r.cells);
        }
        out
    }

    #[test]
    fn csv_bom_crlf_quotes_and_delimiters() {
        let d = Dialect {
            delimiter: Some(";".into()),
            ..Dialect::default()
        };
        let got = rows(b"\xEF\xBB\xBFa;b\r\n\"x;1\";\"line\r\nbreak\"\r\n", &d);
        assert!(got[0][0] == Cell::Text("a".into()));
        assert!(got[1][0] == Cell::Text("x;1".into()));
        assert!(got[1][1] == Cell::Text("line\r\nbreak".into()));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn strict_utf8_and_declared_windows_1252() {
        let bytes = b"a\nJos\xE9\n";
        let got = rows(bytes, &Dialect::default());
        assert!(got[1][0] == Cell::Invalid(InvalidCell::NotUtf8));
        let d = Dialect {
            encoding: Some(Encoding::Windows1252),
            ..Dialect::default()
        };
        let got = rows(bytes, &d);
        assert!(got[1][0] == Cell::Text("Jos\u{e9}".into()));
    }

    #[test]
    fn date_systems() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        // 2021-07-15 is serial 44392 in the 1900 system and 42930 in the 1904 system.
        let d1900 = ExcelDateTime::new(44392.0, ExcelDateTimeType::DateTime, false);
        let d1904 = ExcelDateTime::new(42930.0, ExcelDateTimeType::DateTime, true);
        assert!(date_cell(&d1900) == Cell::Date(2021, 7, 15));
        assert!(date_cell(&d1904) == Cell::Date(2021, 7, 15));
    }
}
