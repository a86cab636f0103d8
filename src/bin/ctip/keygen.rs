//! `ctip keygen`: a new pseudonymization key file, mode 0600, never over an existing file.

use std::io::Write;

use ctip_exchange::pseudonym::{KeyId, SecretKey};

use crate::cli::KeygenArgs;
use crate::validate::reference_time;
use crate::{CliError, EXIT_OK};

/// Runs the command.
pub fn run(args: KeygenArgs) -> Result<u8, CliError> {
    let id: KeyId = args
        .id
        .parse()
        .map_err(|e| CliError::new(format!("--id: {e}")))?;
    if args.out.exists() {
        return Err(CliError::new(format!(
            "{}: the file already exists; keygen never overwrites a key (choose another path)",
            args.out.display()
        )));
    }
    let key = SecretKey::generate(id).map_err(|e| CliError::new(e.to_string()))?;
    let text = key.to_key_file(reference_time(None)?);
    // The temporary file is created with mode 0600, and is linked into place only if the
    // path is still free.
    // Written unbuffered, so that no copy of the key stays in a buffer.
    let dir = match args.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".ctip-key-")
        .tempfile_in(dir)
        .map_err(|e| CliError::io("create a file in the directory of", &args.out, &e))?;
    let written = file
        .as_file_mut()
        .write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all());
    written.map_err(|e| CliError::io("write", &args.out, &e))?;
    file.persist_noclobber(&args.out)
        .map_err(|e| CliError::io("write", &args.out, &e.error))?;
    if !args.quiet {
        eprintln!(
            "wrote key {} to {} (readable by you only). Keep it secret and backed up.",
            key.id(),
            args.out.display()
        );
    }
    Ok(EXIT_OK)
}
