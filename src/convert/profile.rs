//! Mapping profiles: how a table's columns become fields of a record.
//!
//! The format is a subset of the Frictionless Data Package v2 Table Dialect and Table Schema,
//! with namespaced `x-ctip-*` keys for what Frictionless lacks. `schemas/MAPPING.md` describes
//! it for data officers; `schemas/mapping-profile.schema.json` is its JSON Schema.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::ConvertError;

/// A mapping profile, as written in its JSON or YAML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The JSON Schema of profiles (ignored when reading; editors use it).
    #[serde(rename = "$schema", default)]
    pub schema_uri: Option<String>,
    /// A short name, e.g. `ctdc-2018`.
    pub name: String,
    /// A title for people.
    #[serde(default)]
    pub title: Option<String>,
    /// What the profile is for, and what it cannot carry.
    #[serde(default)]
    pub description: Option<String>,
    /// How the table is laid out (Frictionless Table Dialect subset).
    #[serde(default)]
    pub dialect: Dialect,
    /// The columns (Frictionless Table Schema subset).
    pub schema: TableSchema,
    /// The record each row becomes.
    #[serde(rename = "x-ctip-record")]
    pub record: RecordSpec,
}

/// The table dialect: delimiter, header and comment rows, sheet, encoding.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dialect {
    /// CSV field delimiter (one character; `"\t"` for tab-separated files). Default `,`.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// CSV quote character. Default `"`.
    #[serde(rename = "quoteChar", default)]
    pub quote_char: Option<String>,
    /// The header row (1-based; exactly one row). Default `[1]`.
    #[serde(rename = "headerRows", default)]
    pub header_rows: Option<Vec<u32>>,
    /// Rows that are not data (1-based), e.g. a row of labels under the header.
    #[serde(rename = "commentRows", default)]
    pub comment_rows: Vec<u32>,
    /// The worksheet to read, by name (workbooks only). Default: the first sheet.
    #[serde(rename = "sheetName", default)]
    pub sheet_name: Option<String>,
    /// The text encoding of a CSV file: `utf-8` (the default, strict) or `windows-1252`.
    #[serde(rename = "x-ctip-encoding", default)]
    pub encoding: Option<Encoding>,
    /// Columns (by letter, e.g. `A`) that hold row numbers pre-filled by a template: a row
    /// with values only in these columns is empty.
    #[serde(rename = "x-ctip-numbering-columns", default)]
    pub numbering_columns: Vec<String>,
}

/// A declared text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    /// Strict UTF-8: a row with invalid bytes is rejected.
    #[serde(rename = "utf-8")]
    Utf8,
    /// Windows-1252 (Excel's "CSV" on Western European Windows).
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl Encoding {
    /// The encoding's name, as written in profiles and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// The table schema: the columns and the markers of missing values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSchema {
    /// Cell texts that mean "no value" for every column (after trimming). Default `[""]`.
    #[serde(rename = "missingValues", default)]
    pub missing_values: Option<Vec<String>>,
    /// The columns.
    pub fields: Vec<FieldSpec>,
    /// What to do with columns no field describes: `report` (default) or `extensions`.
    #[serde(rename = "x-ctip-unmapped", default)]
    pub unmapped: Option<Unmapped>,
    /// The extension namespace of unmapped columns kept in `extensions` (e.g. `org.ctdc.v2018`).
    #[serde(rename = "x-ctip-extension-namespace", default)]
    pub extension_namespace: Option<String>,
}

/// What happens to a column no field describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unmapped {
    /// Listed in the report with the number of non-empty cells, not carried.
    Report,
    /// Carried as text in `extensions` under the profile's namespace (and reported).
    Extensions,
}

/// A Frictionless field type (the subset the converter reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Text (crosswalked when the field has a crosswalk).
    #[default]
    String,
    /// A whole number.
    Integer,
    /// A number (written as a whole number when it is one).
    Number,
    /// A flag, read with `trueValues` / `falseValues`.
    Boolean,
    /// A date, read with `format` (a strftime pattern, or `default` for ISO 8601).
    Date,
    /// A year (`2021`).
    Year,
    /// A year and month (`2021-07`).
    Yearmonth,
    /// Several values in one cell, separated by `delimiter`, each of `itemType`.
    List,
}

/// One column of the table and where its values go.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The column header (matched after trimming, case-insensitively).
    pub name: String,
    /// A label for people.
    #[serde(default)]
    pub title: Option<String>,
    /// A description for people.
    #[serde(default)]
    pub description: Option<String>,
    /// The type of the cells.
    #[serde(rename = "type", default)]
    pub kind: FieldType,
    /// The date pattern (strftime, e.g. `%d/%m/%Y`) or `default` (ISO 8601).
    #[serde(default)]
    pub format: Option<String>,
    /// Cell texts that mean "no value" in this column (replaces the schema's list).
    #[serde(rename = "missingValues", default)]
    pub missing_values: Option<Vec<String>>,
    /// Texts read as true (booleans). Default `["true", "True", "TRUE", "1"]`.
    #[serde(rename = "trueValues", default)]
    pub true_values: Option<Vec<String>>,
    /// Texts read as false (booleans). Default `["false", "False", "FALSE", "0"]`.
    #[serde(rename = "falseValues", default)]
    pub false_values: Option<Vec<String>>,
    /// The separator of a `list` cell.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// The type of each item of a `list` cell (`string` by default).
    #[serde(rename = "itemType", default)]
    pub item_type: Option<FieldType>,
    /// The column by spreadsheet letter (`AJ`) instead of by header, for a column whose
    /// header cell is empty.
    #[serde(rename = "x-ctip-column", default)]
    pub column: Option<String>,
    /// Where the value goes: a JSON Pointer into the record; ending in `/-` appends to a list.
    #[serde(rename = "x-ctip-target", default)]
    pub target: Option<String>,
    /// Source values to codes: an object, or the path of a `source,code` CSV file.
    #[serde(rename = "x-ctip-crosswalk", default)]
    pub crosswalk: Option<CrosswalkSpec>,
    /// A value the crosswalk does not know: `reject` the row (default) or `keep` it as it is.
    #[serde(rename = "x-ctip-otherwise", default)]
    pub otherwise: Option<Otherwise>,
    /// How a `list` cell is split: at each `delimiter` (default) or against the crosswalk's
    /// known values, longest first (`known-values`), for labels that contain the delimiter.
    #[serde(rename = "x-ctip-split", default)]
    pub split: Option<Split>,
    /// For a boolean column: the value written at the target when the cell is true (nothing
    /// is written when it is false or missing).
    #[serde(rename = "x-ctip-when-true", default)]
    pub when_true: Option<Value>,
    /// An object written at the target instead of the bare value, with every string
    /// `"{value}"` in it replaced by the value (e.g. `{"kind": "exploitation", "country":
    /// "{value}"}` for a trafficking event).
    #[serde(rename = "x-ctip-template", default)]
    pub template: Option<Value>,
    /// The column is a direct identifier: it is pseudonymized and never written.
    #[serde(rename = "x-ctip-identifier", default)]
    pub identifier: Option<IdentifierSpec>,
    /// The column is carried as text in `extensions` under this key.
    #[serde(rename = "x-ctip-extension", default)]
    pub extension: Option<String>,
    /// The column is deliberately not carried; the text says why (reported as ignored).
    #[serde(rename = "x-ctip-ignore", default)]
    pub ignore: Option<String>,
    /// Bare numbers in this date column are spreadsheet serial dates of this date system
    /// (`1900` or `1904`); without it a bare number in a date column is an error.
    #[serde(rename = "x-ctip-serial-dates", default)]
    pub serial_dates: Option<DateSystem>,
}

/// A crosswalk: inline, or a CSV file of `source,code` rows.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CrosswalkSpec {
    /// Source text to value (`null`: known, carries nothing).
    Inline(BTreeMap<String, Value>),
    /// The path of a CSV file with a `source,code` header, relative to the profile file.
    File(String),
}

/// What to do with a value the crosswalk does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Otherwise {
    /// Reject the row (`convert.unknown_value`) and count the value in the report.
    Reject,
    /// Keep the source text unchanged (validation then checks it).
    Keep,
}

/// How a list cell is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    /// At every delimiter.
    Delimiter,
    /// Against the crosswalk's known values, longest match first.
    KnownValues,
}

/// A spreadsheet date system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum DateSystem {
    /// Day 1 is 1900-01-01 (Windows Excel, LibreOffice by default).
    #[serde(rename = "1900")]
    Excel1900,
    /// Day 0 is 1904-01-01 (old Mac Excel).
    #[serde(rename = "1904")]
    Excel1904,
}

/// A direct-identifier column and the pseudonym input it feeds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifierSpec {
    /// What the column holds.
    pub kind: IdentifierKind,
    /// For `document`: the document type code (`passport`, `national_id`, ...).
    #[serde(rename = "documentType", default)]
    pub document_type: Option<String>,
    /// For `document`: the issuing country (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// For `phone` written without `+`: the country calling code.
    #[serde(rename = "callingCode", default)]
    pub calling_code: Option<u16>,
    /// For `identifier`: the domain of the identifier (e.g. `org.example.beneficiary`).
    #[serde(default)]
    pub domain: Option<String>,
}

/// The kinds of direct identifier a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentifierKind {
    /// Given name(s); combined with `family-name` and the birth date.
    GivenName,
    /// Family name(s).
    FamilyName,
    /// The whole name in one cell.
    FullName,
    /// The birth date (pseudonym with the names; generalized to year, age band, majority).
    BirthDate,
    /// An identity document number (needs `documentType` and `country`).
    Document,
    /// A phone number.
    Phone,
    /// An email address.
    Email,
    /// Another system's identifier of the person (needs `domain`).
    Identifier,
    /// Identifying, but no pseudonym is made from it (addresses, salutations, titles): dropped.
    Drop,
}

/// The record a row becomes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSpec {
    /// The record type (`case`).
    #[serde(rename = "type")]
    pub record_type: String,
    /// The record id: `{prefix}-{row}` unless a field targets `/id`.
    #[serde(rename = "idPrefix")]
    pub id_prefix: String,
    /// Values set before the row's own (JSON Pointer to value).
    #[serde(default)]
    pub defaults: BTreeMap<String, Value>,
    /// What the source format has that the profile cannot carry, for people.
    #[serde(rename = "cannotCarry", default)]
    pub cannot_carry: Vec<String>,
}

/// The built-in profiles: name and JSON text.
const BUILTIN: &[(&str, &str)] = &[
    (
        "htcds-2.0-excel",
        include_str!("../../schemas/mapping/htcds-2.0-excel.json"),
    ),
    (
        "ctdc-2018",
        include_str!("../../schemas/mapping/ctdc-2018.json"),
    ),
    (
        "ctdc-synthetic-2021",
        include_str!("../../schemas/mapping/ctdc-synthetic-2021.json"),
    ),
    (
        "ctdc-synthetic-2024",
        include_str!("../../schemas/mapping/ctdc-synthetic-2024.json"),
    ),
    (
        "example-agency",
        include_str!("../../schemas/mapping/example-agency.json"),
    ),
];

impl Profile {
    /// The names of the built-in profiles.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(n, _)| *n)
    }

    /// A built-in profile by name (see [`Profile::builtin_names`]).
    pub fn builtin(name: &str) -> Result<Profile, ConvertError> {
        let (_, text) =
            BUILTIN
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| ConvertError::Profile {
                    location: String::new(),
                    message: format!("no built-in profile is called `{name}`"),
                })?;
        Profile::from_json(text)
    }

    /// A profile from JSON text. Unknown keys are refused, with their location.
    pub fn from_json(text: &str) -> Result<Profile, ConvertError> {
        let value: Unique = serde_json::from_str(text).map_err(|e| ConvertError::Profile {
            location: format!("line {}, column {}", e.line(), e.column()),
            message: if e.is_data() {
                e.to_string()
                    .split(" at line")
                    .next()
                    .unwrap_or("invalid JSON")
                    .to_string()
            } else {
                "the profile is not valid JSON".into()
            },
        })?;
        Profile::from_value(value.0)
    }

    /// A profile from YAML text. Unknown keys are refused, with their location.
    pub fn from_yaml(text: &str) -> Result<Profile, ConvertError> {
        let value: Unique = serde_saphyr::from_str(text).map_err(|e| ConvertError::Profile {
            location: String::new(),
            message: format!("the profile is not valid YAML: {e}"),
        })?;
        Profile::from_value(value.0)
    }

    /// A profile from a parsed JSON value.
    pub fn from_value(value: Value) -> Result<Profile, ConvertError> {
        let profile: Profile =
            serde_path_to_error::deserialize(value).map_err(|e| ConvertError::Profile {
                location: e.path().to_string(),
                message: e.inner().to_string(),
            })?;
        profile.check()?;
        Ok(profile)
    }

    /// A profile from a `.json`, `.yaml` or `.yml` file; crosswalk CSV files are read
    /// relative to the profile's folder.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Profile, ConvertError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| ConvertError::Io {
            what: "the profile",
            source: e,
        })?;
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut profile = match ext.as_str() {
            "yaml" | "yml" => Profile::from_yaml(&text)?,
            _ => Profile::from_json(&text)?,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        profile.load_crosswalk_files(dir)?;
        Ok(profile)
    }

    /// Replaces every crosswalk given as a file path by the file's content.
    pub fn load_crosswalk_files(&mut self, dir: &Path) -> Result<(), ConvertError> {
        for (i, field) in self.schema.fields.iter_mut().enumerate() {
            if let Some(CrosswalkSpec::File(file)) = &field.crosswalk {
                let location = format!("schema.fields[{i}].x-ctip-crosswalk");
                let map = read_crosswalk_csv(&dir.join(file), &location)?;
                field.crosswalk = Some(CrosswalkSpec::Inline(map));
            }
        }
        Ok(())
    }

    /// Checks what serde cannot: one header row, known document types, no two-digit years
    /// in birth dates, valid pointers and extension keys.
    pub(crate) fn check(&self) -> Result<(), ConvertError> {
        let err = |location: String, message: String| ConvertError::Profile { location, message };
        if let Some(rows) = &self.dialect.header_rows
            && rows.len() != 1
        {
            return Err(err(
                "dialect.headerRows".into(),
                "exactly one header row is supported".into(),
            ));
        }
        for key in [&self.dialect.delimiter, &self.dialect.quote_char]
            .into_iter()
            .flatten()
        {
            if key.len() != 1 {
                return Err(err(
                    "dialect".into(),
                    "delimiter and quoteChar must be one ASCII character".into(),
                ));
            }
        }
        for c in &self.dialect.numbering_columns {
            if column_index(c).is_none() {
                return Err(err(
                    "dialect.x-ctip-numbering-columns".into(),
                    "expected spreadsheet column letters such as `A`".into(),
                ));
            }
        }
        if self.record.record_type != "case" {
            return Err(err(
                "x-ctip-record.type".into(),
                "only `case` records are converted".into(),
            ));
        }
        for pointer in self.record.defaults.keys() {
            if !is_pointer(pointer) {
                return Err(err(
                    "x-ctip-record.defaults".into(),
                    format!("`{pointer}` is not a JSON Pointer"),
                ));
            }
        }
        for (i, f) in self.schema.fields.iter().enumerate() {
            let at = |key: &str| format!("schema.fields[{i}].{key}");
            let uses = [
                f.target.is_some(),
                f.identifier.is_some(),
                f.extension.is_some(),
                f.ignore.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            if uses != 1 {
                return Err(err(
                    at("name"),
                    "a field needs exactly one of x-ctip-target, x-ctip-identifier, x-ctip-extension, x-ctip-ignore".into(),
                ));
            }
            if let Some(t) = &f.target
                && !is_pointer(t)
            {
                return Err(err(
                    at("x-ctip-target"),
                    "expected a JSON Pointer such as `/subject/gender`".into(),
                ));
            }
            if let Some(c) = &f.column
                && column_index(c).is_none()
            {
                return Err(err(
                    at("x-ctip-column"),
                    "expected spreadsheet column letters such as `AJ`".into(),
                ));
            }
            if let Some(k) = &f.extension
                && k.parse::<crate::types::ExtensionKey>().is_err()
            {
                return Err(err(
                    at("x-ctip-extension"),
                    "expected a namespaced key such as `org.example.intake_unit`".into(),
                ));
            }
            if f.kind == FieldType::List && f.delimiter.as_deref().unwrap_or("").is_empty() {
                return Err(err(
                    at("delimiter"),
                    "a list field needs a delimiter".into(),
                ));
            }
            if f.split == Some(Split::KnownValues) && f.crosswalk.is_none() {
                return Err(err(
                    at("x-ctip-split"),
                    "splitting against known values needs a crosswalk".into(),
                ));
            }
            if f.when_true.is_some() && f.kind != FieldType::Boolean {
                return Err(err(
                    at("x-ctip-when-true"),
                    "only a boolean field has a value when true".into(),
                ));
            }
            let date_like = matches!(f.kind, FieldType::Date)
                || (f.kind == FieldType::List && f.item_type == Some(FieldType::Date));
            if let Some(format) = &f.format
                && date_like
                && format != "default"
                && format != "any"
                && !format.contains("%Y")
                && !format.contains("%y")
            {
                return Err(err(at("format"), "a date pattern needs a year (%Y)".into()));
            }
            if let Some(id) = &f.identifier {
                match id.kind {
                    IdentifierKind::BirthDate => {
                        if f.kind != FieldType::Date {
                            return Err(err(
                                at("type"),
                                "a birth date column has type `date`".into(),
                            ));
                        }
                        if f.format.as_deref().is_some_and(|p| p.contains("%y")) {
                            return Err(err(
                                at("format"),
                                "two-digit years (%y) are refused for birth dates: the century cannot be known".into(),
                            ));
                        }
                    }
                    IdentifierKind::Document => {
                        let ok_type = id
                            .document_type
                            .as_deref()
                            .and_then(crate::pseudonym::DocumentType::from_code)
                            .is_some();
                        let ok_country = id
                            .country
                            .as_deref()
                            .is_some_and(|c| c.parse::<crate::types::CountryCode>().is_ok());
                        if !ok_type || !ok_country {
                            return Err(err(
                                at("x-ctip-identifier"),
                                "a document column needs a known documentType and an issuing country (ISO 3166-1 alpha-2)".into(),
                            ));
                        }
                    }
                    IdentifierKind::Identifier if id.domain.is_none() => {
                        return Err(err(
                            at("x-ctip-identifier.domain"),
                            "an identifier column needs a domain".into(),
                        ));
                    }
                    _ => {}
                }
            }
        }
        if self.schema.unmapped == Some(Unmapped::Extensions) {
            let ok = self
                .schema
                .extension_namespace
                .as_deref()
                .is_some_and(|ns| {
                    format!("{ns}.x")
                        .parse::<crate::types::ExtensionKey>()
                        .is_ok()
                });
            if !ok {
                return Err(err(
                    "schema.x-ctip-extension-namespace".into(),
                    "keeping unmapped columns needs a namespace of two or more segments such as `org.example`".into(),
                ));
            }
        }
        Ok(())
    }
}

/// A JSON value read with every object's keys unique: a profile that says one thing twice
/// is refused (two readers that disagree on a repeated key are a known trap).
struct Unique(Value);

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Unique;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Unique, E> {
                Ok(Unique(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Unique, E> {
                Ok(Unique(Value::from(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Unique, E> {
                Ok(Unique(Value::from(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Unique, E> {
                Ok(Unique(
                    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
                ))
            }
            fn visit_str<E>(self, v: &str) -> Result<Unique, E> {
                Ok(Unique(Value::String(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Unique, E> {
                Ok(Unique(Value::String(v)))
            }
            fn visit_unit<E>(self) -> Result<Unique, E> {
                Ok(Unique(Value::Null))
            }
            fn visit_none<E>(self) -> Result<Unique, E> {
                Ok(Unique(Value::Null))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Unique, D::Error> {
                Unique::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Unique, A::Error> {
                let mut items = Vec::new();
                while let Some(Unique(v)) = a.next_element()? {
                    items.push(v);
                }
                Ok(Unique(Value::Array(items)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Unique, A::Error> {
                let mut map = serde_json::Map::new();
                while let Some(key) = a.next_key::<String>()? {
                    let Unique(v) = a.next_value()?;
                    if map.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!(
                            "the key `{key}` is repeated"
                        )));
                    }
                    map.insert(key, v);
                }
                Ok(Unique(Value::Object(map)))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether `s` is a JSON Pointer (empty or starting with `/`).
fn is_pointer(s: &str) -> bool {
    s.starts_with('/') && s.len() > 1
}

/// The 0-based index of a spreadsheet column given by letters (`A` = 0, `AJ` = 35).
pub(crate) fn column_index(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n = 0usize;
    for b in letters.bytes() {
        if !b.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + (b - b'A' + 1) as usize;
    }
    Some(n - 1)
}

/// Reads a `source,code` crosswalk CSV (UTF-8, optional BOM). An empty code means "known,
/// carries nothing".
fn read_crosswalk_csv(
    path: &Path,
    location: &str,
) -> Result<BTreeMap<String, Value>, ConvertError> {
    let file = std::fs::File::open(path).map_err(|e| ConvertError::Io {
        what: "a crosswalk file",
        source: e,
    })?;
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(file);
    let bad = |message: String| ConvertError::Profile {
        location: location.to_string(),
        message,
    };
    let headers = reader
        .headers()
        .map_err(|_| bad("the crosswalk file is not a readable CSV".into()))?
        .clone();
    if headers.len() != 2
        || !headers[0].trim().eq_ignore_ascii_case("source")
        || !headers[1].trim().eq_ignore_ascii_case("code")
    {
        return Err(bad("a crosswalk file has the header `source,code`".into()));
    }
    let mut map = BTreeMap::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|_| {
            bad(format!(
                "row {} of the crosswalk file cannot be read",
                i + 2
            ))
        })?;
        let code = row[1].trim();
        let value = if code.is_empty() {
            Value::Null
        } else {
            Value::String(code.to_string())
        };
        if map.insert(row[0].trim().to_string(), value).is_some() {
            return Err(bad(format!(
                "row {} of the crosswalk file repeats a source value",
                i + 2
            )));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(field: &str) -> String {
        format!(
            r#"{{"name":"t","schema":{{"fields":[{field}]}},"x-ctip-record":{{"type":"case","idPrefix":"t"}}}}"#
        )
    }

    #[test]
    fn unknown_key_is_refused_with_its_location() {
        let e = Profile::from_json(&minimal(r#"{"name":"a","x-ctip-targt":"/id"}"#)).unwrap_err();
        let ConvertError::Profile { location, message } = e else {
            panic!("expected a profile error")
        };
        assert_eq!(location, "schema.fields[0].x-ctip-targt");
        assert!(message.contains("x-ctip-targt"), "{message}");
    }

    #[test]
    fn two_digit_birth_year_is_refused() {
        let f = r#"{"name":"dob","type":"date","format":"%d/%m/%y","x-ctip-identifier":{"kind":"birth-date"}}"#;
        let e = Profile::from_json(&minimal(f)).unwrap_err().to_string();
        assert!(e.contains("two-digit"), "{e}");
    }

    #[test]
    fn yaml_profiles_read_like_json() {
        let y = "name: t\nschema:\n  fields:\n    - name: g\n      x-ctip-target: /subject/gender\nx-ctip-record:\n  type: case\n  idPrefix: t\n";
        let p = Profile::from_yaml(y).unwrap();
        assert_eq!(
            p.schema.fields[0].target.as_deref(),
            Some("/subject/gender")
        );
        let bad = y.replace("x-ctip-target", "x-ctip-tagret");
        let e = Profile::from_yaml(&bad).unwrap_err();
        assert!(
            matches!(e, ConvertError::Profile { ref location, .. } if location == "schema.fields[0].x-ctip-tagret"),
            "{e}"
        );
    }

    #[test]
    fn repeated_keys_are_refused() {
        let json =
            minimal(r#"{"name":"a","x-ctip-target":"/id","x-ctip-target":"/subject/gender"}"#);
        let e = Profile::from_json(&json).unwrap_err().to_string();
        assert!(e.contains("repeated"), "{e}");
        let yaml = "name: t\nname: u\nschema:\n  fields: []\nx-ctip-record:\n  type: case\n  idPrefix: t\n";
        assert!(Profile::from_yaml(yaml).is_err());
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("Z"), Some(25));
        assert_eq!(column_index("AJ"), Some(35));
        assert_eq!(column_index("a"), None);
        assert_eq!(column_index(""), None);
    }

    #[test]
    fn every_builtin_profile_reads() {
        for name in Profile::builtin_names() {
            Profile::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
