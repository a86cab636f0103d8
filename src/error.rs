//! The crate's error type.

use crate::report::{Report, RuleCode};
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
    /// `referral`, `indicator_set`, `tip`.
    #[error(
        "record_type is missing or unknown: expected \"case\", \"referral\", \"indicator_set\" or \"tip\""
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
    Pseudonym(#[from] PseudonymError),
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

impl From<Error> for Report {
    fn from(e: Error) -> Self {
        let mut report = Report::default();
        let message = match &e {
            Error::Structure { message, .. } => message.clone(),
            other => other.to_string(),
        };
        report.push(e.rule_code(), e.pointer(), message);
        report
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a key, a key file, a pseudonym or an input was refused. Messages never contain key
/// material or personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PseudonymError {
    /// The key file is not a well-formed key file (not JSON, a missing or unknown member, a
    /// wrong `format`, creation time or encoding name).
    #[error("malformed key file: {reason}")]
    KeyFileFormat {
        /// What is wrong, in general terms.
        reason: &'static str,
    },
    /// The key file has a format version this crate does not know.
    #[error("unsupported key file version {found} (this crate reads version 1)")]
    UnsupportedKeyFileVersion {
        /// The version found in the file.
        found: u32,
    },
    /// The key material does not decode (bad base64url or base32).
    #[error("key material is not valid unpadded base64url (or base32 when declared)")]
    KeyEncoding,
    /// The key material does not have 32 bytes.
    #[error("key material has {found} bytes, expected {expected}")]
    KeyLength {
        /// Expected length in bytes.
        expected: usize,
        /// Length found.
        found: usize,
    },
    /// The key file can be read or written by group or others.
    #[error(
        "key file permissions {mode:o} allow access by group or others; restrict it to its owner (chmod 600) or load it with KeyFilePermissions::AllowInsecure"
    )]
    InsecurePermissions {
        /// The permission bits of the file.
        mode: u32,
    },
    /// The key file could not be read or written.
    #[error("key file could not be read or written: {0}")]
    Io(std::io::ErrorKind),
    /// The operating system's random source failed.
    #[error("the operating system's random source failed")]
    RandomSource,
    /// A key id does not follow the grammar.
    #[error(
        "invalid key id: expected 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"
    )]
    InvalidKeyId,
    /// Two keys of a key set have the same id.
    #[error("a key with the same id is already in the key set")]
    DuplicateKeyId,
    /// No key of the key set has the requested id.
    #[error("no key with this id in the key set")]
    UnknownKeyId,
    /// A purpose does not follow the grammar.
    #[error("invalid purpose: expected 1 to 64 lower-case ASCII letters, digits, '.', '_' or '-'")]
    InvalidPurpose,
    /// A text is not a `ps1` pseudonym.
    #[error("invalid pseudonym: expected ps1:<key id>:<32 lower-case base32 characters>")]
    InvalidPseudonym,
    /// An input value cannot be normalized.
    #[error("invalid {field}: expected {expected}")]
    InvalidInput {
        /// Which input.
        field: &'static str,
        /// The form expected.
        expected: &'static str,
    },
}
