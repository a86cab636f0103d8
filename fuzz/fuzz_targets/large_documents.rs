//! Large structured documents chosen by the fuzzer's bytes (long lists of pseudonyms, notes
//! full of identifiers, many indicators, many schema issues), through `validate_slice` and
//! `schema::validate_payload` (`checks::large_documents`). Cost bugs show as timeouts.
//!
//! Run: `cargo +nightly fuzz run large_documents fuzz/seeds/large_documents -- -timeout=10`
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::large_documents(data));
