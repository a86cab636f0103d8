//! Where output goes: standard output, or a file written atomically (a temporary file in the
//! same directory, renamed over the target when complete, so that an interrupted run never
//! leaves a half-written file).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Reset, Style};
use tempfile::NamedTempFile;

use crate::CliError;

/// Style of errors.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// Style of warnings.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// Style of a success.
pub const OK: Style = AnsiColor::Green.on_default().bold();
/// Style of locations.
pub const PLACE: Style = Style::new().bold();
/// Style of rule codes.
pub const CODE: Style = AnsiColor::Cyan.on_default();
/// Back to plain text.
pub const RESET: Reset = Reset;

/// A file being written: nothing appears at its path until [`AtomicFile::commit`].
pub struct AtomicFile {
    path: PathBuf,
    writer: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path` (through a temporary file beside it).
    pub fn create(path: &Path) -> Result<Self, CliError> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".ctip-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| CliError::io("create a file in the directory of", path, &e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: BufWriter::new(tmp),
        })
    }

    /// Moves the finished file into place. `overwrite: false` refuses an existing file.
    pub fn commit(self, overwrite: bool) -> Result<(), CliError> {
        let path = self.path;
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| CliError::io("write", &path, e.error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| CliError::io("write", &path, &e))?;
        let result = if overwrite {
            tmp.persist(&path)
        } else {
            tmp.persist_noclobber(&path)
        };
        result.map_err(|e| CliError::io("write", &path, &e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// A file without colours: escape sequences are stripped.
pub struct Plain {
    file: AtomicFile,
    strip: anstream::adapter::StripBytes,
}

impl Write for Plain {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for printable in self.strip.strip_next(buf) {
            self.file.write_all(printable)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The output of a command: standard output or an atomic file.
pub enum Output {
    /// Standard output (colours stripped when it is not a terminal).
    Stdout(BufWriter<anstream::AutoStream<io::Stdout>>),
    /// A file (never coloured).
    File(Plain),
}

impl Output {
    /// Standard output, or the file.
    pub fn open(path: Option<&Path>) -> Result<Self, CliError> {
        Ok(match path {
            None => Output::Stdout(BufWriter::with_capacity(
                64 * 1024,
                anstream::AutoStream::auto(io::stdout()),
            )),
            Some(p) => Output::File(Plain {
                file: AtomicFile::create(p)?,
                strip: anstream::adapter::StripBytes::new(),
            }),
        })
    }

    /// Flushes, and moves a file into place.
    pub fn finish(self) -> Result<(), CliError> {
        match self {
            Output::Stdout(mut s) => s.flush().map_err(write_error),
            Output::File(p) => p.file.commit(true),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(s) => s.write(buf),
            Output::File(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(s) => s.flush(),
            Output::File(s) => s.flush(),
        }
    }
}

/// The message of a closed pipe, which `main` does not print.
pub const BROKEN_PIPE: &str = "broken pipe";

/// An error writing the output.
pub fn write_error(e: io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        // The reader of a pipe stopped (`| head`): not worth a message.
        return CliError::new(BROKEN_PIPE);
    }
    CliError::new(format!(
        "cannot write the output: {}; check the disk space and the pipe",
        crate::io_reason(&e)
    ))
}

/// Writes a message to stderr (colour on a terminal only).
pub fn note(text: std::fmt::Arguments<'_>) {
    let mut err = anstream::stderr();
    let _ = err.write_fmt(text);
    let _ = err.write_all(b"\n");
}
