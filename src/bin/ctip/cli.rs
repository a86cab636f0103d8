//! The command line: commands, options, help texts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Validate, publish and exchange counter-trafficking records (ctip-exchange standard).
#[derive(Debug, Parser)]
#[command(
    name = "ctip",
    version,
    about,
    after_help = "Examples:
  ctip validate schemas/1.0/examples/valid
  ctip validate --format sarif --output ctip.sarif exports/
  cat cases.ndjson | ctip validate -
  ctip schema --out schemas/
  ctip convert --profile ctdc-2018 ctdc.csv --out records.ndjson --rejects rejects.ndjson
  ctip keygen --id tt-ctu-2026 --out ctu.key
  ctip pseudonymize --key ctu.key --given first --family last --birth-date dob people.csv
  ctip publish --by sex,age_group --country TT --period 2024/2025 cases.ndjson
  ctip audit indicators.json

Run `ctip help COMMAND` for the options of a command."
)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate JSON documents and NDJSON streams: structure, input limits, every rule.
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// Print or write the published JSON Schemas of the standard.
    #[command(after_help = "Examples:
  ctip schema                      # record.schema.json of the newest version, on stdout
  ctip schema case                 # case.schema.json
  ctip schema --version 1.0 --out schemas/   # every schema of 1.0 into schemas/1.0/")]
    Schema(SchemaArgs),
    /// Convert a legacy table (CSV, XLSX, XLSM, ODS) into case records with a mapping profile.
    #[command(after_help = "Example:
  ctip convert --profile htcds-2.0-excel --key ctu.key --producer tt.gov.ctu \\
      toolkit.xlsx --out records.ndjson --rejects rejects.ndjson --report report.json

Every row becomes a record (NDJSON), a reject (its row number and every reason, never
a cell value) or an empty row. Identifying columns are pseudonymized with --key; an
input with such columns and no key is refused before anything is written. The
profile is a built-in name (htcds-2.0-excel, ctdc-2018, ctdc-synthetic-2021,
ctdc-synthetic-2024, example-agency) or a profile file (schemas/MAPPING.md).
Exit status: 0 every row converted, 1 some row rejected, 2 usage or I/O error, or
the input or profile cannot be read (nothing written).")]
    Convert(ConvertArgs),
    /// Generate a pseudonymization key file (mode 0600; never overwrites a file).
    #[command(after_help = "Example:
  ctip keygen --id tt-ctu-2026 --out ctu.key

Keep the key secret and backed up: whoever holds it can test guesses of names
against the pseudonyms, and without it no pseudonym can be made again.
Exit status: 0 written, 2 refused (the file exists, bad key id) or I/O error.")]
    Keygen(KeygenArgs),
    /// Pseudonymize a CSV of identities: writes the pseudonym columns and nothing else.
    #[command(after_help = "Example:
  ctip pseudonymize --key ctu.key --given first_name --family last_name \\
      --birth-date dob --document-number passport --document-type passport \\
      --document-country passport_country people.csv --out pseudonyms.csv

The output has one row per input row: `row` (the input's data row number, from 1)
and one column per pseudonym: pseudonym_name (name with birth date),
pseudonym_document, pseudonym_phone, pseudonym_email. No other column of the input
is copied. A value that cannot be read leaves its cell empty and is reported by row
and column (never by value).
Exit status: 0 every row done, 1 some value could not be read, 2 usage or I/O error.")]
    Pseudonymize(PseudonymizeArgs),
    /// Publish a protected, audited indicator_set from case records.
    #[command(after_help = "Example:
  ctip publish --by sex,age_group --country TT,JM --period 2023/2025 \\
      --id tt-victims-2025 --producer tt.gov.ctu --out indicators.json cases.ndjson

Cells below the threshold are suppressed, then further cells until no suppressed
cell can be recovered from the published ones (the attacker's audit). The table of
suppressed cells and their reasons goes to stderr (or --table FILE): it is for you,
not for publication.
Exit status: 0 published, 1 some input document is invalid (nothing written),
2 usage or I/O error, or the table cannot be protected.")]
    Publish(PublishArgs),
    /// Audit a published indicator_set: can any suppressed cell be recovered?
    #[command(after_help = "Example:
  ctip audit indicators.json

For each indicator, prints every suppressed cell with the interval an attacker can
compute from the published cells, and whether it is protected.
Exit status: 0 every cell protected, 1 some cell recoverable or the document
invalid, 2 usage or I/O error.")]
    Audit(AuditArgs),
    /// Upgrade documents to the current version, or export them to an older one (lossy).
    #[command(after_help = "Examples:
  ctip migrate --to 1.1 old-cases.ndjson --out cases.ndjson
  ctip migrate --to 1.0 cases.ndjson --out for-partner.ndjson

Upgrading (--to 1.1, the current version): each document of 1.0 or 1.1 is read,
upgraded at the JSON level and written as 1.1; nothing is lost.

Exporting (--to 1.0, for a partner whose reader knows 1.0 only): what 1.0 cannot
hold (the fields and codes added in 1.1) is dropped, and EVERY drop is reported
on stderr by file, line and JSON Pointer (also with --quiet). A record type that
1.0 does not have (tip) is refused. The output is valid 1.0.

Documents that cannot be read or exported are reported by file and line.
Exit status: 0 every document written, 1 some document refused, 2 usage or I/O
error (an unknown target version).")]
    Migrate(MigrateArgs),
}

const VALIDATE_HELP: &str = concat!(
    "Inputs: files, directories (walked for *.json, *.ndjson, *.jsonl; hidden files
skipped) and `-` for standard input. A file holds one JSON document, or is an
NDJSON stream (one document per line) when its name ends in .ndjson or .jsonl,
when --ndjson is given, or when its first line is a complete document and more
follows. A malformed document never stops the run: every document gets its verdict.

Examples:
  ctip validate schemas/1.0/examples/valid
  ctip validate --at 2026-01-01T00:00:00Z --strict cases.ndjson
  ctip validate --format json exports/ | jq '.[] | select(.valid | not)'
  ctip validate --format sarif --output ctip.sarif exports/

",
    "Exit status:
  0  every document is valid (warnings allowed, unless --strict)
  1  some document is invalid (or has a warning, with --strict)
  2  usage or I/O error: a file or directory that cannot be read, a bad option.
     2 wins over 1: a file that cannot be read gives 2 even if other documents are
     invalid. Every other document is still validated and reported."
);

/// Report formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// File, line, rule code, pointer and message, for people (coloured on a terminal).
    Text,
    /// One JSON array with one object per document.
    Json,
    /// One JSON object per document, one per line.
    Ndjson,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, one test case per document, for CI systems.
    Junit,
}

/// Options shared by the commands that read documents.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// Read every input as NDJSON (one document per line), whatever its name.
    #[arg(long)]
    pub ndjson: bool,
    /// The largest document accepted, in bytes (one line of NDJSON is one document).
    #[arg(long, value_name = "BYTES", default_value_t = 4 << 20)]
    pub max_bytes: usize,
    /// The deepest nesting of objects and arrays accepted.
    #[arg(long, value_name = "LEVELS", default_value_t = 64)]
    pub max_depth: usize,
}

/// `ctip validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files, directories, or `-` for standard input.
    #[arg(value_name = "FILES|DIRS|-", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The reference time of the rules ("now"): no date may be after it. Default: now.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Treat warnings as failures (exit status 1).
    #[arg(long)]
    pub strict: bool,
    /// The report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Threads validating in parallel (default: all cores). Output stays in input order.
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// Print nothing on stderr but errors (no progress bar), and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Milliseconds before the progress bar shows (tests).
    #[arg(long, hide = true, default_value_t = 1000)]
    pub progress_delay: u64,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `ctip schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The record type: case, referral, indicator_set or record (any record). With --out and
    /// no TYPE, every schema.
    #[arg(value_name = "TYPE")]
    pub kind: Option<String>,
    /// The version of the standard (default: the newest released).
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// Write the files into `DIR/VERSION/` instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// List the released versions and schemas.
    #[arg(long)]
    pub list: bool,
}

/// `ctip convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The table: a CSV file (or `-` for standard input) or an .xlsx, .xlsm or .ods workbook.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// A built-in profile name, or a profile file (JSON or YAML).
    #[arg(long, value_name = "NAME|FILE")]
    pub profile: String,
    /// The key file for the pseudonyms of identifying columns (from `ctip keygen`).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// The purpose the pseudonyms are for.
    #[arg(long, value_name = "P", default_value = "subject-linkage")]
    pub purpose: String,
    /// Accept a key file that group or others may read.
    #[arg(long)]
    pub allow_insecure_key: bool,
    /// The organization producing the records.
    #[arg(long, value_name = "ORG", default_value = "unspecified.producer")]
    pub producer: String,
    /// The creation time of the records and the reference time of their validation
    /// (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Write the records here (NDJSON, atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the rejected rows here (NDJSON, atomically).
    #[arg(long, value_name = "FILE", default_value = "rejects.ndjson")]
    pub rejects: PathBuf,
    /// Write the conversion report here (JSON, atomically).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `ctip keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The key id, written into every pseudonym (e.g. tt-ctu-2026).
    #[arg(long, value_name = "KEY_ID")]
    pub id: String,
    /// The key file to create. Refused if it exists.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `ctip pseudonymize`.
#[derive(Debug, Args)]
pub struct PseudonymizeArgs {
    /// The CSV of identities (`-` for standard input). The first row names the columns.
    #[arg(value_name = "CSV")]
    pub input: PathBuf,
    /// The key file (from `ctip keygen`).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// The purpose the pseudonyms are for: one key is derived per purpose.
    #[arg(long, value_name = "P", default_value = "subject-linkage")]
    pub purpose: String,
    /// Column of the given name(s).
    #[arg(long, value_name = "COLUMN")]
    pub given: Option<String>,
    /// Column of the family name(s).
    #[arg(long, value_name = "COLUMN")]
    pub family: Option<String>,
    /// Column of a full name whose parts are not labelled.
    #[arg(long, value_name = "COLUMN", conflicts_with_all = ["given", "family"])]
    pub name: Option<String>,
    /// Column of the birth date (YYYY, YYYY-MM or YYYY-MM-DD); names need it.
    #[arg(long, value_name = "COLUMN")]
    pub birth_date: Option<String>,
    /// Column of an identity document number.
    #[arg(long, value_name = "COLUMN", requires_all = ["document_type", "document_country"])]
    pub document_number: Option<String>,
    /// The type of the documents (passport, national_id, ...), or a column holding it.
    #[arg(long, value_name = "TYPE|COLUMN")]
    pub document_type: Option<String>,
    /// The issuing country (ISO 3166-1 alpha-2), or a column holding it.
    #[arg(long, value_name = "CODE|COLUMN")]
    pub document_country: Option<String>,
    /// Column of a phone number in international form (+CC...).
    #[arg(long, value_name = "COLUMN")]
    pub phone: Option<String>,
    /// Column of an email address.
    #[arg(long, value_name = "COLUMN")]
    pub email: Option<String>,
    /// The field delimiter of the CSV.
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub delimiter: char,
    /// Write the pseudonyms to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Accept a key file that group or others may read.
    #[arg(long)]
    pub allow_insecure_key: bool,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `ctip publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Case records: JSON files, NDJSON streams, directories, or `-`.
    #[arg(value_name = "CASES", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The dimensions, comma-separated (sex, age_group, exploitation_type, citizenship, ...).
    #[arg(long, value_name = "DIMS", value_delimiter = ',', required = true)]
    pub by: Vec<String>,
    /// The countries covered (ISO 3166-1 alpha-2), comma-separated.
    #[arg(long, value_name = "CODES", value_delimiter = ',', required = true)]
    pub country: Vec<String>,
    /// The period, START/END as partial dates (e.g. 2024/2025 or 2025-01/2025-06).
    #[arg(long, value_name = "START/END", required = true)]
    pub period: String,
    /// The indicator.
    #[arg(long, value_name = "KIND", default_value = "victims_identified")]
    pub kind: String,
    /// Counts below the threshold are suppressed.
    #[arg(long, value_name = "N", default_value_t = 11)]
    pub threshold: u64,
    /// The smallest width of the interval an attacker may compute for a suppressed cell
    /// (default: the threshold).
    #[arg(long, value_name = "N")]
    pub protection_width: Option<u64>,
    /// Suppress zero counts too.
    #[arg(long)]
    pub zeros_sensitive: bool,
    /// Round published counts to the nearest multiple of BASE.
    #[arg(long, value_name = "BASE", conflicts_with = "random_round")]
    pub round: Option<u64>,
    /// Unbiased random rounding to a multiple of BASE (3 is the Stats NZ practice), with a
    /// secret seed from the operating system.
    #[arg(long, value_name = "BASE")]
    pub random_round: Option<u64>,
    /// Do not publish again secondary suppressions the audit does not need (faster on
    /// large tables).
    #[arg(long)]
    pub no_minimize: bool,
    /// Id of the indicator_set record.
    #[arg(long, value_name = "ID", default_value = "indicators")]
    pub id: String,
    /// Id of the indicator (default: KIND-by-DIMS).
    #[arg(long, value_name = "ID")]
    pub indicator_id: Option<String>,
    /// The producing organization.
    #[arg(long, value_name = "ORG", default_value = "unspecified.producer")]
    pub producer: String,
    /// A title.
    #[arg(long)]
    pub title: Option<String>,
    /// Creation time and reference time of the validation of the inputs (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Write the indicator_set here (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the table of suppressed cells here (atomically) instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub table: Option<PathBuf>,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `ctip audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The indicator_set document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// The largest document accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    pub max_bytes: usize,
}

/// Output formats of `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// A table for people.
    Text,
    /// One JSON object.
    Json,
}

/// `ctip migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Files, directories, or `-` for standard input.
    #[arg(value_name = "FILES|-", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The target version: the current one (upgrade), or an older one (lossy export).
    #[arg(long, value_name = "V")]
    pub to: String,
    /// Write the documents here (atomically), as NDJSON when there are several,
    /// instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}
