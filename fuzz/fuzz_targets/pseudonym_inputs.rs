//! Every untrusted text the pseudonym module reads: free text for the scanner, names, document
//! numbers, phone numbers, emails, identifiers, pseudonym texts and key files. Nothing may
//! panic, and the invariants of `checks::pseudonym_inputs` must hold.
//!
//! Run: `cargo +nightly fuzz run pseudonym_inputs fuzz/seeds/pseudonym_inputs`
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pseudonym_inputs(data));
