//! The committed seeds of the `convert` fuzz target (`fuzz/seeds/convert/*`), replayed on
//! stable through the function the target calls (`fuzz/checks/convert.rs`).
#![cfg(feature = "convert")]

#[path = "../fuzz/checks/convert.rs"]
mod convert;

#[test]
fn convert_seeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/convert");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "seeds missing in {}", dir.display());
    for file in files {
        let data = std::fs::read(&file).unwrap();
        if std::panic::catch_unwind(|| convert::convert(&data)).is_err() {
            panic!("seed {} of target convert panics", file.display());
        }
    }
}

#[test]
fn garbage_workbooks_and_tables_are_refused_not_panicked() {
    // truncated and bit-flipped archives, a header only, binary noise
    for data in [
        &b"xhtcds-2.0-excel\nPK\x03\x04\x14\x00\x00\x00"[..],
        b"octdc-2018\nPK\x03\x04",
        b"cctdc-2018\n",
        b"cctdc-2018\ngender\n",
        b"cexample-agency\n\xff\xfe\x00\x01;;;\r\n\"unterminated",
        b"mhtcds-2.0-excel\n\x00\x00\x00\x00",
    ] {
        convert::convert(data);
    }
}
