//! `ctip schema`: the published JSON Schemas, as released (frozen) in this build.

use std::io::Write;

use ctip_exchange::schema::{SchemaKind, frozen};
use ctip_exchange::types::SchemaVersion;

use crate::cli::SchemaArgs;
use crate::output::{AtomicFile, Output, write_error};
use crate::{CliError, EXIT_OK};

fn kind_of(name: &str) -> Result<SchemaKind, CliError> {
    let file = format!("{}.schema.json", name.trim_end_matches(".schema.json"));
    SchemaKind::from_file_name(&file).ok_or_else(|| {
        CliError::new(format!(
            "unknown schema type; expected one of: {}",
            SchemaKind::ALL
                .map(|k| k.file_name().trim_end_matches(".schema.json"))
                .join(", ")
        ))
    })
}

fn released() -> String {
    frozen::versions()
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs the command.
pub fn run(args: SchemaArgs) -> Result<u8, CliError> {
    if args.list {
        let mut out = Output::open(None)?;
        for f in frozen::FROZEN.iter() {
            writeln!(out, "{}", f.path()).map_err(write_error)?;
        }
        out.finish()?;
        return Ok(EXIT_OK);
    }
    let version: SchemaVersion = match &args.version {
        Some(v) => v.parse().map_err(|_| {
            CliError::new(format!(
                "--version: expected MAJOR.MINOR; released versions: {}",
                released()
            ))
        })?,
        None => {
            frozen::newest().ok_or_else(|| CliError::new("this build has no released schema"))?
        }
    };
    if !frozen::is_released(version) {
        return Err(CliError::new(format!(
            "version {version} is not released; released versions: {}",
            released()
        )));
    }
    let kinds: Vec<SchemaKind> = match (&args.kind, &args.out) {
        (Some(k), _) => {
            let kind = kind_of(k)?;
            if !kind.exists_in(version) {
                return Err(CliError::new(format!(
                    "version {version} has no {kind}: that record type was added in a later version"
                )));
            }
            vec![kind]
        }
        (None, Some(_)) => SchemaKind::all_in(version),
        (None, None) => vec![SchemaKind::Record],
    };
    match &args.out {
        None => {
            let mut out = Output::open(None)?;
            for kind in kinds {
                let f = frozen::get(kind, version).expect("released versions have every schema");
                out.write_all(f.text.as_bytes()).map_err(write_error)?;
            }
            out.finish()?;
        }
        Some(dir) => {
            let dir = dir.join(version.to_string());
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::io("create the directory", &dir, &e))?;
            for kind in kinds {
                let f = frozen::get(kind, version).expect("released versions have every schema");
                let path = dir.join(kind.file_name());
                let mut file = AtomicFile::create(&path)?;
                file.write_all(f.text.as_bytes())
                    .map_err(|e| CliError::io("write", &path, &e))?;
                file.commit(true)?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(EXIT_OK)
}
