//! The released, frozen schemas.
//!
//! Once a version is released, its folder `schemas/<MAJOR.MINOR>/` never changes. The
//! schema files of every released version are compiled into the crate (so that documents of
//! that version are checked against exactly what was published), and `schemas/FROZEN` lists
//! their SHA-256 hashes in `sha256sum` format (`cd schemas && sha256sum -c FROZEN`). A test
//! pins every file to its hash.
//!
//! To release a new version: generate its files with `CTIP_UPDATE_SCHEMAS=1 cargo test`, add
//! them to [`FROZEN`], and append their hashes to `schemas/FROZEN` (the test prints the lines).

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

const V1_0: SchemaVersion = SchemaVersion { major: 1, minor: 0 };

/// Every released schema, oldest version first.
pub const FROZEN: &[FrozenSchema] = &[
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
];

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
