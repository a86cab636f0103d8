#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! # ctip-exchange
//!
//! The reference implementation of a data-exchange standard for counter-trafficking-in-persons
//! (CTIP) work: governments, IOM, UNDP and NGOs exchange **case** records, **referrals** between
//! agencies and anonymized **indicator sets**, without exposing who the survivors are.
//!
//! - [`case`], [`referral`], [`indicator`]: typed models of the three record types of
//!   the current version of the standard (1.1; documents of 1.0 are read and upgraded),
//!   and [`tip`] (reports from the public, added in 1.1); [`Record`] is one of them.
//! - [`types`]: validated value types (ids, ISO 3166-1 countries, ISO 639 languages,
//!   partial dates, UTC timestamps, extensions) that cannot hold an invalid value.
//! - [`vocab`]: the controlled vocabularies, from HTCDS 2.0 (IOM, CC BY 4.0) with crosswalks
//!   from HTCDS value names and CTDC variables.
//! - [`validate`](mod@validate): structure while parsing, then the semantic rules; every issue with a
//!   stable rule code, a JSON Pointer, and a message that never repeats a value of the record.
//!
//! ## Quick start
//!
//! Read a record from untrusted bytes, validate it against a reference time you choose (there
//! is no hidden clock), and look at it:
//!
//! ```
//! use ctip_exchange::validate::{validate_slice, ValidationOptions};
//! use ctip_exchange::Record;
//!
//! let bytes = std::fs::read("schemas/1.0/examples/valid/referral-tt-shelter-completed.json")?;
//! let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse()?);
//! let (record, report) = validate_slice(&bytes, &options);
//! assert!(report.is_valid(), "{report}");
//! if let Some(Record::Referral(referral)) = record {
//!     assert_eq!(referral.to.org.as_str(), "tt.ngo.safe-haven");
//!     assert_eq!(referral.status.as_str(), "completed");
//! }
//!
//! // A document that breaks a rule gets a report, not a panic, and no personal data in it.
//! let bad = br#"{"record_type":"case","schema_version":"1.0","id":"c-1","producer":"tt.gov.ctu",
//!   "created_at":"2025-01-01T00:00:00Z","subject":{"birth_date":"2010","majority":"adult"},
//!   "identification":{"date":"2024-05"}}"#;
//! let (_, report) = validate_slice(bad, &options);
//! assert_eq!(report.issues[0].code.as_str(), "age.inconsistent");
//! assert_eq!(report.issues[0].pointer, "/subject/majority");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Untrusted input
//!
//! [`Record::from_slice`] enforces [`Limits`] (size, nesting depth), and rejects invalid UTF-8,
//! trailing data and objects with a repeated key anywhere in the document, each with its own
//! [`Error`] variant.
//!
//! [`Record::from_slice`] is also the path that accepts exactly what the published JSON
//! Schemas accept. The model types implement `Deserialize`, but a plain
//! `serde_json::from_str::<Case>` is looser than the schema: serde_json reads a struct from
//! an array of its fields in order (`"from": ["tt.gov.ctu", "ngo"]`) as well as from an
//! object, and it applies none of the limits. Read documents from partners with
//! [`Record::from_slice`] (or [`validate_slice`]).
//!
//! ## Attribution
//!
//! The vocabularies use the Human Trafficking Case Data Standard (HTCDS) 2.0 by IOM, licensed
//! under CC BY 4.0, and the data dictionary of IOM's Counter Trafficking Data Collaborative
//! (CTDC). This project is not endorsed by IOM.

pub mod case;
#[cfg(feature = "convert")]
pub mod convert;
pub mod disclosure;
mod error;
pub mod indicator;
pub mod pseudonym;
pub mod read;
pub mod record;
pub mod referral;
pub mod report;
pub mod schema;
pub mod tip;
pub mod types;
pub mod validate;
pub mod vocab;

pub use case::Case;
pub use error::{Error, Result};
pub use indicator::IndicatorSet;
pub use record::{Limits, Record, RecordType};
pub use referral::Referral;
pub use report::{Issue, Report, RuleCode, Severity};
pub use tip::Tip;
pub use validate::{ValidationOptions, validate, validate_slice};

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
