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
    for f in frozen::FROZEN {
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
    let f = &frozen::FROZEN[0];
    let listed = frozen::listed_hashes();
    let (_, hash) = listed.iter().find(|(p, _)| *p == f.path()).unwrap();
    let tampered = f.text.replacen("\"minimum\": 0", "\"minimum\": 1", 1);
    assert_ne!(tampered, f.text);
    assert_ne!(
        frozen::hash_line(&f.path(), tampered.as_bytes()),
        format!("{hash}  {}", f.path())
    );
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
    for kind in SchemaKind::ALL {
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
    let report = compat::gate(newest, &old, major, &new).unwrap();
    assert_eq!(report.breaking().count(), 3, "{report}");
}
