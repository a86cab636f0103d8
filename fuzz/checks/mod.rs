//! The bodies of the fuzz targets, one function per target. Each target in `fuzz_targets/`
//! calls its function, and `tests/adversarial_fuzz_seeds.rs` of the crate calls the same
//! functions on every committed seed (`fuzz/seeds/<target>/*`), so that `cargo test` on stable
//! replays the seeds through exactly the code the fuzzer runs.
//!
//! Every function panics (an assertion) when an invariant breaks, as libFuzzer expects.

#![allow(dead_code)]

pub mod large;

use ctip_exchange::pseudonym::{
    DocumentType, EmailAddress, IdentityDocument, KeySet, PersonName, PhoneNumber, Pseudonym,
    Pseudonymizer, SecretKey, redact, scan,
};
use ctip_exchange::validate::{ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record};

/// The reference time of the record targets (the one the invalid examples' README names).
pub const REFERENCE_TIME: &str = "2026-01-01T00:00:00Z";

/// Target `record`: untrusted bytes into `Record::from_slice` and `validate_slice`: never a
/// panic, and a record that parses writes back to JSON that parses to the same record.
pub fn record(data: &[u8]) {
    let options = ValidationOptions::at(REFERENCE_TIME.parse().unwrap());
    let (record, report) = validate_slice(data, &options);
    if let Some(record) = record {
        let json = record.to_json();
        let again =
            Record::from_slice(json.as_bytes(), &Limits::default()).expect("written records parse");
        assert_eq!(again, record);
    } else {
        assert!(!report.is_valid());
    }
}

/// Target `pseudonym_inputs`: every untrusted text the pseudonym module reads (free text for
/// the scanner, names, document numbers, phone numbers, emails, identifiers, pseudonym texts
/// and key files). Nothing may panic, and the invariants below must hold.
pub fn pseudonym_inputs(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    // Scanner: ordered, disjoint spans on character boundaries; redaction keeps the rest.
    let found = scan(text);
    for w in found.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
    for f in &found {
        assert!(f.span.start < f.span.end);
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    let _ = redact(text);

    // Inputs: either refused or pseudonymized; names normalize consistently.
    let key = SecretKey::from_bytes("fuzz".parse().unwrap(), [1; 32]);
    let pz = Pseudonymizer::new(&KeySet::new(key), "fuzz".parse().unwrap());
    let born = "2000".parse().unwrap();
    if let Ok(name) = PersonName::labelled(text, "x") {
        let _ = pz.name_and_birth_date(&name, born);
    }
    if let Ok(name) = PersonName::unlabelled(text) {
        let _ = pz.name_and_birth_date(&name, born);
    }
    if let Ok(doc) = IdentityDocument::new(DocumentType::Passport, "HT".parse().unwrap(), text) {
        let _ = pz.document(&doc);
    }
    if let Ok(phone) = PhoneNumber::international(text) {
        let _ = pz.phone(&phone);
    }
    if let Ok(email) = EmailAddress::new(text) {
        let _ = pz.email(&email);
    }
    let _ = pz.identifier("fuzz", text);
    let _ = pz.date_shift(text, 30);

    // Pseudonym texts: only canonical ones parse, and they print back unchanged.
    if let Ok(p) = text.parse::<Pseudonym>() {
        assert_eq!(p.to_string(), text);
    }

    // Key files: refused or loaded, never a panic.
    let _ = SecretKey::from_key_file(text);
}

/// Target `large_documents`: the fuzzer's bytes choose a large structured document (long
/// lists, long notes, many indicators, many schema issues; see [`large`]), which goes through
/// `validate_slice` and `schema::validate_payload`. Nothing may panic; a document that does
/// not parse is reported invalid; both paths agree on whether the document is readable. Run
/// with a timeout (`-timeout=10`): a check whose cost is not linear in the document's size
/// shows as a timeout.
pub fn large_documents(data: &[u8]) {
    let doc = large::document(data);
    let options = ValidationOptions::at(REFERENCE_TIME.parse().unwrap());
    let (record, report) = validate_slice(&doc, &options);
    if record.is_none() {
        assert!(!report.is_valid());
    }
    let (payload_record, payload_report) = ctip_exchange::schema::validate_payload(&doc, &options);
    if payload_record.is_none() {
        assert!(!payload_report.is_valid());
    }
    assert_eq!(report.is_valid(), payload_report.is_valid());
}
