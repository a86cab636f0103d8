//! Untrusted tables (CSV, XLSX, XLSM, ODS) through the built-in mapping profiles: never a
//! panic, and nothing lost when a conversion finishes (`checks::convert`).
//!
//! Run: `cargo +nightly fuzz run convert fuzz/seeds/convert`
#![no_main]

#[path = "../checks/convert.rs"]
mod convert;

libfuzzer_sys::fuzz_target!(|data: &[u8]| convert::convert(data));
