//! The body of the `convert` fuzz target: untrusted table bytes (CSV, XLSX, ODS) through a
//! built-in mapping profile into records and rejects.
//!
//! The input is `<format byte><profile name>\n<file bytes>`: the format byte is `x` (XLSX),
//! `m` (XLSM), `o` (ODS) or anything else (CSV, with the profile's dialect); a profile name
//! that is not built in picks a profile by its length. Nothing may panic, and when the
//! conversion finishes, nothing is lost: rows in = records + rejects + empty rows, every
//! written line is a valid record, every reject line is a reject with at least one reason.

use std::io::Cursor;

use ctip_exchange::convert::{ConvertOptions, Converter, Input, Profile, WorkbookFormat};
use ctip_exchange::pseudonym::{KeySet, Pseudonymizer, SecretKey};
use ctip_exchange::validate::validate_slice;

/// The parts of a fuzz input: format, profile name, file bytes.
pub fn split(data: &[u8]) -> Option<(u8, &str, &[u8])> {
    let (&format, rest) = data.split_first()?;
    let end = rest.iter().position(|b| *b == b'\n')?;
    let name = std::str::from_utf8(&rest[..end]).ok()?;
    Some((format, name, &rest[end + 1..]))
}

/// Target `convert`.
pub fn convert(data: &[u8]) {
    let Some((format, name, bytes)) = split(data) else {
        return;
    };
    let names: Vec<&str> = Profile::builtin_names().collect();
    let name = if names.contains(&name) {
        name
    } else {
        names[name.len() % names.len()]
    };
    let profile = Profile::builtin(name).expect("the built-in profiles load");
    let key = SecretKey::from_bytes("fuzz2026".parse().unwrap(), [3; 32]);
    let pseudonymizer = Pseudonymizer::new(&KeySet::new(key), "subject-linkage".parse().unwrap());
    let options = ConvertOptions::new(
        "org.example.fuzz".parse().unwrap(),
        "2026-01-01T00:00:00Z".parse().unwrap(),
    )
    .with_pseudonymizer(pseudonymizer);
    let validation = options.validation;
    let converter = Converter::new(profile, options);
    let (mut records, mut rejects) = (Vec::new(), Vec::new());
    let input = match format {
        b'x' => Input::Workbook(Cursor::new(bytes), WorkbookFormat::Xlsx),
        b'm' => Input::Workbook(Cursor::new(bytes), WorkbookFormat::Xlsm),
        b'o' => Input::Workbook(Cursor::new(bytes), WorkbookFormat::Ods),
        _ => Input::Csv(Cursor::new(bytes)),
    };
    let Ok(report) = converter.run(input, &mut records, &mut rejects) else {
        return; // a refused file (no header, unreadable workbook...) is a clear error
    };
    assert!(report.is_balanced(), "rows lost: {report:?}");
    let lines = |b: &[u8]| -> Vec<Vec<u8>> {
        b.split(|c| *c == b'\n')
            .filter(|l| !l.is_empty())
            .map(<[u8]>::to_vec)
            .collect()
    };
    let written = lines(&records);
    assert_eq!(written.len() as u64, report.records_written);
    for line in &written {
        let (record, issues) = validate_slice(line, &validation);
        assert!(
            record.is_some() && issues.is_valid(),
            "an invalid record was written"
        );
    }
    let refused = lines(&rejects);
    assert_eq!(refused.len() as u64, report.rows_rejected);
    for line in &refused {
        let reject: serde_json::Value = serde_json::from_slice(line).expect("a reject is JSON");
        let reasons = reject["reasons"].as_array().expect("a reject has reasons");
        assert!(!reasons.is_empty(), "a reject without a reason");
    }
}
