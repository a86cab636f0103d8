//! Untrusted bytes into `Record::from_slice` and `validate_slice`: never a panic, and a
//! record that parses writes back to JSON that parses to the same record (`checks::record`).
//!
//! Run: `cargo +nightly fuzz run record fuzz/seeds/record`
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::record(data));
