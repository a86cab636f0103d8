//! Invariants of conversion on arbitrary tables: no panic, nothing lost, every written
//! record reads back, one reject line per rejected row, and no cell text in any reject.
#![cfg(feature = "convert")]

use std::io::Cursor;

use ctip_exchange::convert::{ConvertOptions, Converter, Input, Profile};
use proptest::prelude::*;

fn cell() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"1".to_vec()),
        Just(b"0".to_vec()),
        Just(b"-99".to_vec()),
        Just(b"Female".to_vec()),
        Just(b"9--17".to_vec()),
        Just(b"Adult".to_vec()),
        Just(b"PH".to_vec()),
        Just(b"2015".to_vec()),
        Just(Vec::new()),
        Just(b"\"a,b\"".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        "[A-Za-z0-9 ]{0,6}".prop_map(String::into_bytes),
    ]
}

const COLUMNS: &[&str] = &[
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "isForcedLabour",
    "meansOfControlDebtBondage",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "unmappedColumn",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn nothing_is_lost(rows in prop::collection::vec(prop::collection::vec(cell(), 0..12), 0..40), crlf in any::<bool>()) {
        let eol: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        let mut bytes = COLUMNS.join(",").into_bytes();
        bytes.extend_from_slice(eol);
        for row in &rows {
            bytes.extend_from_slice(&row.join(&b","[..]));
            bytes.extend_from_slice(eol);
        }
        let options = ConvertOptions::new("org.example.prop".parse().unwrap(), "2026-01-01T00:00:00Z".parse().unwrap());
        let converter = Converter::new(Profile::builtin("ctdc-2018").unwrap(), options);
        let (mut records, mut rejects) = (Vec::new(), Vec::new());
        let report = converter.run(Input::Csv(Cursor::new(&bytes)), &mut records, &mut rejects).unwrap();
        prop_assert!(report.is_balanced());
        // A blank line holds no cell: the CSV reader skips it.
        let non_blank = rows.iter().filter(|r| !r.concat().is_empty() || r.len() > 1).count();
        prop_assert_eq!(report.rows_read as usize, non_blank);
        let limits = ctip_exchange::Limits::default();
        let lines: Vec<&[u8]> = records.split(|b| *b == b'\n').filter(|l| !l.is_empty()).collect();
        prop_assert_eq!(lines.len() as u64, report.records_written);
        for line in lines {
            prop_assert!(ctip_exchange::Record::from_slice(line, &limits).is_ok());
        }
        let rejected: Vec<serde_json::Value> = rejects.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
        prop_assert_eq!(rejected.len() as u64, report.rows_rejected);
        let mut seen = std::collections::HashSet::new();
        for r in &rejected {
            let row = r["row"].as_u64().unwrap();
            prop_assert!(row >= 2 && row as usize <= rows.len() + 1, "row {} of {}", row, rows.len());
            prop_assert!(seen.insert(row));
            prop_assert!(!r["reasons"].as_array().unwrap().is_empty());
        }
        prop_assert_eq!(report.unmapped_columns.len(), 1);
    }
}
