//! The released, frozen schemas.
//!
//! Once a version is released, its folder `schemas/<MAJOR.MINOR>/` never changes. The
//! schema files of every released version are compiled into the crate (so that documents of
//! that version are checked against exactly what was published), and `schemas/FROZEN` lists
//! their SHA-256 hashes in `sha256sum` format (`cd schemas && sha256sum -c FROZEN`). A test
//! pins every file to its hash.
//!
//! The crate compiles in the files of every *published* version folder (1.0, and the
//! provisional 1.1 of this build): a version is **released** when `schemas/FROZEN` lists its
//! files, and [`FROZEN`] holds exactly the released ones. Freezing a version is therefore one
//! mechanical step, with no code to edit: `python3 scripts/freeze_version.py 1.1` regenerates
//! the version's files and conformance manifest, appends the hashes of its four schema files
//! to `schemas/FROZEN`, and runs the tests that pin it (see `schemas/README.md`, "Freezing a
//! version"). From the next build on the version is released: its files are pinned, and
//! neither `CTIP_UPDATE_SCHEMAS` nor `CTIP_WRITE_CONFORMANCE` rewrites them.

use sha2::{Digest, Sha256};

use super::SchemaKind;
use crate::types::SchemaVersion;

/// One released schema file.
#[derive(Debug, Clone, Copy)]
pub struct FrozenSchema {
    /// The version it belongs to.
    pub version: SchemaVersion,
    /// Which schema.
    pub kind: SchemaKind,
    /// The published text.
    pub text: &'static str,
}

impl FrozenSchema {
    /// The path under `schemas/`, e.g. `1.0/case.schema.json`.
    pub fn path(&self) -> String {
        format!("{}/{}", self.version, self.kind.file_name())
    }

    /// The SHA-256 of the text, in lower-case hex.
    pub fn sha256(&self) -> String {
        sha256_hex(self.text.as_bytes())
    }

    /// The schema as a JSON value.
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(self.text).expect("frozen schemas are valid JSON (tested)")
    }
}

const V1_0: SchemaVersion = SchemaVersion::V1_0;
const V1_1: SchemaVersion = SchemaVersion::V1_1;

/// Every published schema file compiled into the crate, released or not, oldest version first.
pub const PUBLISHED: &[FrozenSchema] = &[
    FrozenSchema {
        version: V1_0,
        kind: SchemaKind::Case,
        text: include_str!("../../schemas/1.0/case.schema.json"),
    },
    FrozenSchema {
        version: V1_0,
        kind: SchemaKind::Referral,
        text: include_str!("../../schemas/1.0/referral.schema.json"),
    },
    FrozenSchema {
        version: V1_0,
        kind: SchemaKind::IndicatorSet,
        text: include_str!("../../schemas/1.0/indicator_set.schema.json"),
    },
    FrozenSchema {
        version: V1_0,
        kind: SchemaKind::Record,
        text: include_str!("../../schemas/1.0/record.schema.json"),
    },
    FrozenSchema {
        version: V1_1,
        kind: SchemaKind::Case,
        text: include_str!("../../schemas/1.1/case.schema.json"),
    },
    FrozenSchema {
        version: V1_1,
        kind: SchemaKind::Referral,
        text: include_str!("../../schemas/1.1/referral.schema.json"),
    },
    FrozenSchema {
        version: V1_1,
        kind: SchemaKind::IndicatorSet,
        text: include_str!("../../schemas/1.1/indicator_set.schema.json"),
    },
    FrozenSchema {
        version: V1_1,
        kind: SchemaKind::Record,
        text: include_str!("../../schemas/1.1/record.schema.json"),
    },
    FrozenSchema {
        version: V1_1,
        kind: SchemaKind::Tip,
        text: include_str!("../../schemas/1.1/tip.schema.json"),
    },
];

/// Every released schema (the published files of the versions `schemas/FROZEN` lists), oldest
/// version first.
pub static FROZEN: std::sync::LazyLock<Vec<FrozenSchema>> = std::sync::LazyLock::new(|| {
    let listed = listed_hashes();
    PUBLISHED
        .iter()
        .filter(|f| {
            let prefix = format!("{}/", f.version);
            listed.iter().any(|(p, _)| p.starts_with(&prefix))
        })
        .copied()
        .collect()
});

/// The content of `schemas/FROZEN`: `<sha256>  <version>/<file>` per line.
pub const HASHES: &str = include_str!("../../schemas/FROZEN");

/// The released schema of a kind and version.
pub fn get(kind: SchemaKind, version: SchemaVersion) -> Option<&'static FrozenSchema> {
    FROZEN
        .iter()
        .find(|f| f.kind == kind && f.version == version)
}

/// Every released version, oldest first.
pub fn versions() -> Vec<SchemaVersion> {
    let mut v: Vec<SchemaVersion> = FROZEN.iter().map(|f| f.version).collect();
    v.sort();
    v.dedup();
    v
}

/// The newest released version, if any.
pub fn newest() -> Option<SchemaVersion> {
    versions().last().copied()
}

/// True when this version is released (its schemas are frozen).
pub fn is_released(version: SchemaVersion) -> bool {
    FROZEN.iter().any(|f| f.version == version)
}

/// The `schemas/FROZEN` line of a file.
pub fn hash_line(path: &str, text: &[u8]) -> String {
    format!("{}  {path}", sha256_hex(text))
}

/// The hashes listed in `schemas/FROZEN`, as (path, hash) pairs.
pub fn listed_hashes() -> Vec<(&'static str, &'static str)> {
    parse_hash_lines(HASHES)
}

fn parse_hash_lines(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_once("  ").map(|(h, p)| (p.trim(), h.trim())))
        .collect()
}

/// Checks every frozen schema compiled into the crate against its listed hash. Returns a
/// description of each mismatch.
pub fn verify() -> Vec<String> {
    verify_files(FROZEN.iter().map(|f| (f.path(), f.text)), HASHES)
}

/// The check of [`verify`] on any files: each `(path, text)` against the hash list `hashes`
/// (the `schemas/FROZEN` format, `<sha256 hex>  <path>` per line). Returns a description of
/// each file that is not listed or whose hash differs, and of each listed path with no file.
/// Lets a test show that a changed released schema is caught.
pub fn verify_files<'a>(
    files: impl IntoIterator<Item = (String, &'a str)>,
    hashes: &str,
) -> Vec<String> {
    let listed = parse_hash_lines(hashes);
    let files: Vec<(String, &str)> = files.into_iter().collect();
    let mut problems = Vec::new();
    for (path, text) in &files {
        let sha = sha256_hex(text.as_bytes());
        match listed.iter().find(|(p, _)| p == path) {
            None => problems.push(format!(
                "{path} is frozen but not listed in schemas/FROZEN; add: {}",
                hash_line(path, text.as_bytes())
            )),
            Some((_, hash)) if *hash != sha => problems.push(format!(
                "{path} changed after its release (hash {sha} instead of {hash}); released schemas never change: bump the schema version instead"
            )),
            Some(_) => {}
        }
    }
    for (path, _) in &listed {
        if !files.iter().any(|(p, _)| p == path) {
            problems.push(format!(
                "schemas/FROZEN lists {path}, which the crate does not know as frozen"
            ));
        }
    }
    problems
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
