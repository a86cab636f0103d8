//! Pseudonymization and generalization: no survivor's identity leaves the agency that holds it.
//!
//! Agencies recognise the same survivor across their records, and across agencies that share
//! a key, by exchanging keyed pseudonyms instead of names, birth dates or document numbers.
//! The scheme, `ps1`, is specified in `schemas/PSEUDONYMS.md` precisely enough to be
//! reimplemented (an independent Python implementation, `scripts/pseudonyms_reference.py`,
//! reproduces the test vectors of `schemas/1.0/vectors/pseudonyms.json`):
//!
//! - a 256-bit [`SecretKey`], identified by a [`KeyId`], kept in a key file;
//! - one key per [`Purpose`] and [`FieldKind`], derived with HKDF-SHA-256;
//! - HMAC-SHA-256 over a length-prefixed encoding of the normalized input (normalization
//!   version 1: Unicode NFKC, lower case, diacritics, transliteration, punctuation);
//! - the text `ps1:<key id>:<32 base32 characters>` ([`Pseudonym`], 160 bits kept).
//!
//! There is no unkeyed mode: an unkeyed hash of a passport number or of a name and birth date
//! can be reversed by enumerating every possible input.
//!
//! What the agency holds locally is a [`LocalIdentity`]; its only way into an exchange record
//! is [`Pseudonymizer::subject`], which returns pseudonym references and generalized values
//! (year of birth, age at a reference date when certain, CTDC age band, majority status,
//! country). [`scan`] and [`redact`] find email addresses, phone numbers and document numbers
//! in free text (best effort).
//!
//! ```
//! use ctip_exchange::pseudonym::{KeyId, KeySet, LocalIdentity, PersonName, Pseudonymizer, SecretKey};
//!
//! // Once: generate a key and keep it in a file only its owner can read.
//! let key = SecretKey::generate("tt-ctu-2026".parse()?)?;
//! # let dir = std::env::temp_dir().join(format!("ctip-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let path = dir.join("key.json");
//! # let _ = std::fs::remove_file(&path);
//! key.save(&path, "2026-11-28T09:00:00Z".parse()?)?;
//!
//! // Every day: load it and pseudonymize.
//! let keys = KeySet::new(SecretKey::load(&path)?);
//! let pz = Pseudonymizer::new(&keys, "subject-linkage".parse()?);
//! let mut who = LocalIdentity::default();
//! who.names.push(PersonName::labelled("Esther", "Baptiste")?);
//! who.birth_date = Some("2007-05-14".parse()?);
//! let subject = pz.subject(&who, "2024-02-01".parse()?);
//! assert!(subject.pseudonyms[0].as_str().starts_with("ps1:tt-ctu-2026:"));
//! assert_eq!(subject.age_at_reference, Some(16));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod encoding;
mod generalize;
mod identity;
mod input;
mod key;
mod normalize;
mod pseudonymizer;
mod scan;
mod subject;
mod unicode14;

pub use encoding::FieldKind;
pub use generalize::{
    AgeRange, DateShift, MAX_SHIFT_WINDOW_DAYS, coarsen_date, completed_years, location_to_country,
    year_of_birth,
};
pub use identity::{Address, LocalIdentity, SubjectPseudonyms};
pub use input::{
    DocumentType, EmailAddress, Identifier, IdentityDocument, NamePart, PersonName, PhoneNumber,
    PseudonymInput,
};
pub use key::{
    KEY_FILE_FORMAT, KEY_FILE_VERSION, KEY_LEN, KeyFilePermissions, KeyId, KeySet, SecretKey,
};
pub use pseudonymizer::{
    KeyedPseudonymizer, PSEUDONYM_BYTES, Pseudonym, PseudonymText, Pseudonymizer, Purpose, SCHEME,
};
pub use scan::{Finding, FindingKind, contains_direct_identifiers, redact, scan};

pub(crate) use encoding::*;

/// Why a key, a key file, a pseudonym or an input was refused (defined with the crate's
/// [`Error`](crate::Error), at the bottom of the module layers, and re-exported here).
pub use crate::error::PseudonymError;
