//! Untrusted bytes into `Record::from_slice` and `validate_slice`: never a panic, and a
//! record that parses writes back to JSON that parses to the same record.
#![no_main]

use ctip_exchange::validate::{ValidationOptions, validate_slice};
use ctip_exchange::{Limits, Record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
    let (record, report) = validate_slice(data, &options);
    if let Some(record) = record {
        let json = record.to_json();
        let again = Record::from_slice(json.as_bytes(), &Limits::default()).expect("written records parse");
        assert_eq!(again, record);
    } else {
        assert!(!report.is_valid());
    }
});
