//! The published schema files: they regenerate identically from the types, released ones
//! are pinned by hash, and today's types make no unannounced breaking change.
//!
//! `CTIP_UPDATE_SCHEMAS=1 cargo test --test schema_files` rewrites the files of the current
//! version (never those of a released version: their hashes are pinned).

use std::fs;
use std::path::{Path, PathBuf};

use ctip_exchange::schema::{self, SchemaKind, compat, frozen};
use ctip_exchange::types::SchemaVersion;

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

#[cfg(feature = "preserve-order")]
fn updating() -> bool {
    std::env::var("CTIP_UPDATE_SCHEMAS").is_ok_and(|v| v == "1")
}

#[test]
#[cfg(feature = "preserve-order")] // the published text has the canonical key order
fn committed_schemas_regenerate_identically() {
    let dir = schemas_dir().join(SchemaVersion::CURRENT.to_string());
    let mut drift = Vec::new();
    for kind in SchemaKind::ALL {
        let path = dir.join(kind.file_name());
        let generated = schema::to_published_text(&schema::generate(kind));
        let committed = fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            if updating() {
                assert!(
                    !frozen::is_released(SchemaVersion::CURRENT),
                    "{} is released (listed in schemas/FROZEN): its files never change; bump SchemaVersion::CURRENT first",
                    SchemaVersion::CURRENT
                );
                fs::create_dir_all(&dir).unwrap();
                fs::write(&path, &generated).unwrap();
                eprintln!("rewrote {}", path.display());
            } else {
                drift.push(path.display().to_string());
            }
        }
    }
    assert!(
        drift.is_empty(),
        "the committed schemas differ from the ones generated from the Rust types: {drift:?}\n\
         If the change is intended, regenerate them with `CTIP_UPDATE_SCHEMAS=1 cargo test --test schema_files`, \
         review the diff, and remember that a released version (listed in schemas/FROZEN) must not change: \
         bump SchemaVersion::CURRENT first."
    );
}

#[test]
fn released_schemas_are_pinned_by_hash() {
    let problems = frozen::verify();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // the files on disk are the ones compiled in, and every released file is listed
    for f in frozen::FROZEN.iter() {
        let on_disk = fs::read_to_string(schemas_dir().join(f.path())).unwrap();
        assert_eq!(on_disk, f.text, "{}", f.path());
    }
    for version in frozen::versions() {
        let dir = schemas_dir().join(version.to_string());
        for entry in fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".schema.json") {
                let kind = SchemaKind::from_file_name(&name)
                    .unwrap_or_else(|| panic!("{version}/{name}: not a known schema"));
                assert!(
                    frozen::get(kind, version).is_some(),
                    "{version}/{name} is in a released folder but not frozen"
                );
            }
        }
    }
}

#[test]
fn a_changed_released_schema_fails_the_hash_check() {
    // `frozen::verify_files` is the check `frozen::verify` runs on the compiled-in schemas;
    // here on the same files with one of them changed, left out, or unlisted.
    let hashes = fs::read_to_string(schemas_dir().join("FROZEN")).unwrap();
    let files = || frozen::FROZEN.iter().map(|f| (f.path(), f.text));
    assert_eq!(frozen::verify_files(files(), &hashes), Vec::<String>::new());

    let f = &frozen::FROZEN[0];
    let tampered = f.text.replacen("\"minimum\": 0", "\"minimum\": 1", 1);
    assert_ne!(tampered, f.text);
    let changed = files().map(|(p, t)| {
        let text = if p == f.path() { tampered.as_str() } else { t };
        (p, text)
    });
    let problems = frozen::verify_files(changed, &hashes);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!("{} changed after its release", f.path())),
        "{problems:?}"
    );

    let without_first = files().skip(1);
    let problems = frozen::verify_files(without_first, &hashes);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("which the crate does not know"),
        "{problems:?}"
    );

    let unlisted: String = hashes
        .lines()
        .filter(|l| !l.ends_with(&f.path()))
        .map(|l| format!("{l}\n"))
        .collect();
    let problems = frozen::verify_files(files(), &unlisted);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("is frozen but not listed"),
        "{problems:?}"
    );
}

/// Every published version folder of the build is released except, at most, the current
/// version (provisional until it is frozen with `scripts/freeze_version.py`); a released
/// version's files are the ones compiled in.
#[test]
fn only_the_current_version_may_be_unreleased() {
    let mut published: Vec<SchemaVersion> = frozen::PUBLISHED.iter().map(|f| f.version).collect();
    published.dedup();
    for v in &published {
        assert!(
            frozen::is_released(*v) || *v == SchemaVersion::CURRENT,
            "{v} is published but neither released nor current"
        );
        for kind in SchemaKind::all_in(*v) {
            let f = frozen::PUBLISHED
                .iter()
                .find(|f| f.version == *v && f.kind == kind)
                .unwrap_or_else(|| panic!("{v}: no {kind}"));
            assert_eq!(
                fs::read_to_string(schemas_dir().join(f.path())).unwrap(),
                f.text,
                "{}",
                f.path()
            );
        }
    }
    assert!(published.contains(&SchemaVersion::CURRENT));
    // a version is released when schemas/FROZEN lists it, and then all its files are pinned
    for f in frozen::FROZEN.iter() {
        assert!(
            frozen::listed_hashes().iter().any(|(p, _)| *p == f.path()),
            "{}",
            f.path()
        );
    }
}

#[test]
fn released_versions_are_known_to_the_build() {
    // The newest released version is at most the current one, and every older version
    // this build reads is released (its schemas are what documents of it are checked
    // against). 1.0 is released: today CURRENT is frozen too.
    let newest = frozen::newest().expect("a released version");
    assert!(newest <= SchemaVersion::CURRENT);
    for &v in SchemaVersion::SUPPORTED {
        assert!(
            v == SchemaVersion::CURRENT || frozen::is_released(v),
            "{v} is supported but not frozen"
        );
    }
    assert!(frozen::is_released(SchemaVersion { major: 1, minor: 0 }));
}

#[test]
fn no_unannounced_breaking_change_since_the_newest_frozen_version() {
    let newest = frozen::newest().expect("a released version");
    // a record type the newest release does not have (tip, new in 1.1) is an addition
    for kind in SchemaKind::all_in(newest) {
        let old = frozen::get(kind, newest).unwrap().value();
        let new = schema::generate(kind);
        let result = compat::gate(newest, &old, SchemaVersion::CURRENT, &new);
        assert!(result.is_ok(), "{kind}: {}", result.unwrap_err());
    }
}

#[test]
fn a_deliberately_breaking_change_fails_the_gate() {
    let newest = frozen::newest().unwrap();
    let old = frozen::get(SchemaKind::Case, newest).unwrap().value();
    let mut new = schema::generate(SchemaKind::Case);
    // remove a property, make another required, drop a gender code
    new["$defs"]["Subject"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("education");
    new["required"]
        .as_array_mut()
        .unwrap()
        .push("trafficking".into());
    new["$defs"]["Gender"]["enum"]
        .as_array_mut()
        .unwrap()
        .retain(|v| v != "non_conforming");
    let minor = SchemaVersion {
        major: newest.major,
        minor: newest.minor + 1,
    };
    let err = compat::gate(newest, &old, minor, &new).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("/subject/education"), "{text}");
    assert!(text.contains("/trafficking"), "{text}");
    assert!(text.contains("non_conforming"), "{text}");
    // with a major version bump the same change is allowed, and still reported
    let major = SchemaVersion {
        major: newest.major + 1,
        minor: 0,
    };
    // (the schema of that version fixes its own schema_version)
    new["properties"]["schema_version"]["const"] = major.to_string().into();
    let report = compat::gate(newest, &old, major, &new).unwrap();
    assert_eq!(report.breaking().count(), 3, "{report}");
}

/// The `ps1:` pseudonyms of the published valid examples are real pseudonyms of synthetic
/// people: computed with the secret key of the test vectors' `test-key-1` (the 32 bytes 0x00
/// to 0x1f, `schemas/1.0/vectors/pseudonyms.json`) under the examples' own key ids, purpose
/// `subject-linkage`, from the synthetic inputs below. Anyone can recompute them (with the
/// crate, or `scripts/pseudonyms_reference.py`), and they have the `ps1` form
/// (`ps1:<key id>:<32 lower-case base32 characters>`).
#[test]
fn example_pseudonyms_are_real_pseudonyms_of_synthetic_inputs() {
    use ctip_exchange::pseudonym::{
        DocumentType, IdentityDocument, KeySet, PersonName, Pseudonym, Pseudonymizer, SecretKey,
    };
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = i as u8;
    }
    let pz = |key_id: &str| {
        let secret = SecretKey::from_bytes(key_id.parse().unwrap(), key);
        Pseudonymizer::new(&KeySet::new(secret), "subject-linkage".parse().unwrap())
    };
    let name = |key_id: &str, given: &str, family: &str, born: &str| {
        let name = PersonName::labelled(given, family).unwrap();
        pz(key_id)
            .name_and_birth_date(&name, born.parse().unwrap())
            .to_string()
    };
    let passport = |key_id: &str, country: &str, number: &str| {
        let doc = IdentityDocument::new(DocumentType::Passport, country.parse().unwrap(), number)
            .unwrap();
        pz(key_id).document(&doc).to_string()
    };
    let tt_name = name("ttctu2024", "Marisol", "Ejemplo", "1998");
    let tt_passport = passport("ttctu2024", "VE", "X0000001");
    let expected: [(&str, Vec<String>); 4] = [
        (
            "case-tt-domestic-work.json",
            vec![tt_name.clone(), tt_passport],
        ),
        (
            "case-jm-sexual-exploitation.json",
            vec![name("jm2023", "Keisha", "Sample", "2007-04")],
        ),
        (
            "case-gy-mining.json",
            vec![passport("gy2025", "BR", "FZ000001")],
        ),
        ("referral-tt-shelter-completed.json", vec![tt_name]),
    ];
    let dir = schemas_dir().join("1.0/examples/valid");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let doc: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let found: Vec<String> = match doc["record_type"].as_str() {
            Some("case") => doc["subject"]["pseudonyms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_owned())
                .collect(),
            Some("referral") => doc["subject_ref"]
                .as_str()
                .into_iter()
                .map(String::from)
                .collect(),
            _ => Vec::new(),
        };
        for p in &found {
            let parsed: Pseudonym = p.parse().unwrap_or_else(|e| panic!("{name}: {p}: {e}"));
            assert_eq!(parsed.to_string(), *p);
        }
        match expected.iter().find(|(file, _)| *file == name) {
            Some((_, want)) => {
                assert_eq!(&found, want, "{name}");
                seen += 1;
            }
            None => assert!(
                found.iter().all(|p| !p.starts_with("ps1:")),
                "{name}: a ps1 pseudonym not listed here"
            ),
        }
    }
    assert_eq!(seen, expected.len());
}
