//! The crate's error type.

use crate::report::RuleCode;
use crate::types::SchemaVersion;

/// Everything that can go wrong when reading a record, one variant per failure a caller can
/// act on. Messages name the problem and where it is (a JSON Pointer or a byte position);
/// they never contain a value taken from the document, which may be personal data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document is larger than the configured limit.
    #[error("document is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The size of the document.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The document nests objects and arrays deeper than the configured limit.
    #[error("document nests deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where the limit was crossed.
        pointer: String,
    },
    /// An object has the same key twice. Parsers disagree on which one wins, so the
    /// document is refused.
    #[error(
        "an object has this key twice; parsers disagree on which value wins, so the document is refused"
    )]
    DuplicateKey {
        /// The object holding the repeated key, with the key appended.
        pointer: String,
    },
    /// The document is not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// The offset of the first invalid byte.
        offset: usize,
    },
    /// Something follows the JSON document.
    #[error("trailing data after the document at line {line}, column {column}")]
    TrailingData {
        /// Line of the trailing data, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// The document is not well-formed JSON.
    #[error("invalid JSON at line {line}, column {column}: {problem}")]
    Syntax {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong, in the parser's words (which never quote the document).
        problem: String,
    },
    /// The document is not a JSON object with a string `record_type` one of `case`,
    /// `referral`, `indicator_set`.
    #[error(
        "record_type is missing or unknown: expected \"case\", \"referral\" or \"indicator_set\""
    )]
    UnknownRecordType,
    /// The document is well-formed JSON but not an object (an array, a string...).
    #[error(
        "the document is not a JSON object: expected an object with record_type and schema_version"
    )]
    NotAnObject,
    /// The document has no valid `schema_version`.
    #[error("schema_version is missing or not of the form MAJOR.MINOR")]
    MissingVersion,
    /// The document declares a version this build does not read.
    #[error(
        "schema_version {found} is not supported by this build; supported versions: {supported}"
    )]
    UnsupportedVersion {
        /// The declared version.
        found: SchemaVersion,
        /// The versions this build reads.
        supported: String,
    },
    /// The document does not have the structure of its record type.
    #[error("{code} at {pointer}: {message}")]
    Structure {
        /// The rule code (`structure.*`).
        code: RuleCode,
        /// Where the problem is.
        pointer: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// Reading input failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// A key or pseudonym operation failed.
    #[error(transparent)]
    Pseudonym(#[from] crate::pseudonym::PseudonymError),
}

impl Error {
    /// The rule code under which a validation report lists this error.
    pub fn rule_code(&self) -> RuleCode {
        match self {
            Error::TooLarge { .. } => RuleCode::JsonTooLarge,
            Error::TooDeep { .. } => RuleCode::JsonTooDeep,
            Error::DuplicateKey { .. } => RuleCode::JsonDuplicateKey,
            Error::InvalidUtf8 { .. } => RuleCode::JsonInvalidUtf8,
            Error::TrailingData { .. } => RuleCode::JsonTrailingData,
            Error::Syntax { .. } | Error::Io(_) | Error::Pseudonym(_) => RuleCode::JsonSyntax,
            Error::UnknownRecordType => RuleCode::StructureRecordType,
            Error::NotAnObject => RuleCode::StructureWrongType,
            Error::MissingVersion | Error::UnsupportedVersion { .. } => {
                RuleCode::StructureSchemaVersion
            }
            Error::Structure { code, .. } => *code,
        }
    }

    /// The JSON Pointer of the problem, where there is one.
    pub fn pointer(&self) -> &str {
        match self {
            Error::TooDeep { pointer, .. }
            | Error::DuplicateKey { pointer }
            | Error::Structure { pointer, .. } => pointer,
            Error::UnknownRecordType => "/record_type",
            Error::MissingVersion | Error::UnsupportedVersion { .. } => "/schema_version",
            _ => "",
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
