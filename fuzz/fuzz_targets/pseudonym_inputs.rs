//! Every untrusted text the pseudonym module reads: free text for the scanner, names, document
//! numbers, phone numbers, emails, identifiers, pseudonym texts and key files. Nothing may
//! panic, and the invariants below must hold.
//!
//! Run: `cargo +nightly fuzz run pseudonym_inputs fuzz/seeds/pseudonym_inputs`

#![no_main]

use ctip_exchange::pseudonym::{
    DocumentType, EmailAddress, IdentityDocument, KeySet, PersonName, PhoneNumber, Pseudonym,
    Pseudonymizer, SecretKey, redact, scan,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
