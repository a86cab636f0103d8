#![forbid(unsafe_code)]
//! `ctip`: every job of the ctip-exchange standard from the command line.
//!
//! Built with the `cli` feature: `cargo install --path . --features cli`.

mod audit;
mod cli;
mod convert;
mod keygen;
mod migrate;
mod output;
mod progress;
mod pseudonymize;
mod publish;
mod read;
mod report;
mod schema;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

/// Exit status: every document valid (or the job done).
pub const EXIT_OK: u8 = 0;
/// Exit status: some document invalid, some row rejected, some cell not protected.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: usage or I/O error. Wins over [`EXIT_INVALID`].
pub const EXIT_ERROR: u8 = 2;

/// An error that stops a command (exit status 2). The message names the file (and line) and
/// says what to do; it never contains a value from a record.
#[derive(Debug)]
pub struct CliError(pub String);

impl CliError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        CliError(message.into())
    }

    /// An I/O error on a file, with what to do about it.
    pub fn io(what: &str, path: &std::path::Path, e: &std::io::Error) -> Self {
        CliError(format!(
            "{}: cannot {what}: {}{}",
            path.display(),
            io_reason(e),
            io_advice(e)
        ))
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The reason of an I/O error without the OS's wording of paths.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        AlreadyExists => "the file already exists".into(),
        IsADirectory => "it is a directory".into(),
        NotADirectory => "a part of the path is not a directory".into(),
        InvalidData => "the data is not valid UTF-8 text".into(),
        other => other.to_string(),
    }
}

fn io_advice(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "; check the path",
        PermissionDenied => "; check the file's permissions",
        AlreadyExists => "; choose another path or remove the file first",
        _ => "",
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Pseudonymize(args) => pseudonymize::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Migrate(args) => migrate::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.0 == output::BROKEN_PIPE => ExitCode::from(EXIT_ERROR),
        Err(e) => {
            let mut err = anstream::stderr();
            let _ = std::io::Write::write_fmt(
                &mut err,
                format_args!("{}ctip: error:{} {e}\n", output::ERROR, output::RESET),
            );
            ExitCode::from(EXIT_ERROR)
        }
    }
}
