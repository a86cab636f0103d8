//! Every committed fuzz seed (`fuzz/seeds/<target>/*`), replayed on stable by `cargo test`
//! through the same function the fuzz target calls (`fuzz/checks/`), so that CI exercises them
//! without cargo-fuzz or a nightly toolchain. A seed that panics fails its test, naming the
//! file. The fuzz dictionaries are checked to be in libFuzzer's format.
#![cfg(feature = "schema-validation")] // the seed checks compare with validate_payload

#[path = "../fuzz/checks/mod.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn seeds(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
}

fn replay(target: &str, check: fn(&[u8])) {
    for file in seeds(target) {
        let data = std::fs::read(&file).expect("a seed");
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("seed {} of target {target} panics", file.display());
        }
    }
}

#[test]
fn every_seed_directory_has_a_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut targets: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    targets.sort();
    // a new seed directory needs a replay test below (convert's: tests/convert_fuzz_seeds.rs)
    assert_eq!(
        targets,
        ["convert", "large_documents", "pseudonym_inputs", "record"]
    );
}

#[test]
fn record_seeds() {
    replay("record", checks::record);
}

#[test]
fn pseudonym_inputs_seeds() {
    replay("pseudonym_inputs", checks::pseudonym_inputs);
}

#[test]
fn large_documents_seeds() {
    replay("large_documents", checks::large_documents);
}

/// One line of a libFuzzer dictionary: blank, a `#` comment, or `name="value"` / `"value"`
/// whose value holds printable ASCII only, with `\\`, `\"` and `\xNN` escapes (libFuzzer
/// refuses the whole file otherwise).
fn dictionary_line_is_valid(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return true;
    }
    let value = match line.find('"') {
        Some(0) => line,
        Some(i) => {
            let name = &line[..i];
            if !name.ends_with('=')
                || !name[..name.len() - 1]
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'@')
            {
                return false;
            }
            &line[i..]
        }
        None => return false,
    };
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return false;
    };
    let b = inner.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => match b.get(i + 1) {
                Some(b'\\' | b'"') => i += 2,
                Some(b'x')
                    if b.len() >= i + 4 && b[i + 2..i + 4].iter().all(u8::is_ascii_hexdigit) =>
                {
                    i += 4
                }
                _ => return false,
            },
            b'"' => return false,
            c if (0x20..0x7f).contains(&c) => i += 1,
            _ => return false,
        }
    }
    true
}

#[test]
fn dictionaries_are_in_libfuzzer_format() {
    assert!(dictionary_line_is_valid(r#""pasp\xc3\xb2""#));
    assert!(dictionary_line_is_valid(r#"kw1="\"key\"""#));
    assert!(!dictionary_line_is_valid("\"paspò\""));
    assert!(!dictionary_line_is_valid(r#""\q""#));
    assert!(!dictionary_line_is_valid(r#""a"b""#));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "dict") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                assert!(
                    dictionary_line_is_valid(line),
                    "{}:{}: not a libFuzzer dictionary line",
                    path.display(),
                    n + 1
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 2, "no dictionaries checked");
}
