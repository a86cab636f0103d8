//! `ctip convert`: legacy tables (CSV, XLSX, XLSM, ODS) into standard `case` records with a
//! mapping profile, through the library's `convert` module. Nothing is lost: every row is a
//! record, a reject (row number and every reason, never a cell value) or an empty row.

use std::io::Write;
use std::path::Path;

use ctip_exchange::convert::{ConvertOptions, Converter, Input, Profile, WorkbookFormat};
use ctip_exchange::pseudonym::{KeyFilePermissions, KeySet, Pseudonymizer, Purpose, SecretKey};

use crate::cli::ConvertArgs;
use crate::output::{AtomicFile, Output, note};
use crate::validate::reference_time;
use crate::{CliError, EXIT_INVALID, EXIT_OK};

fn workbook_format(path: &Path) -> Option<WorkbookFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => Some(WorkbookFormat::Xlsx),
        "xlsm" => Some(WorkbookFormat::Xlsm),
        "ods" => Some(WorkbookFormat::Ods),
        _ => None,
    }
}

fn profile(name: &str) -> Result<Profile, CliError> {
    let path = Path::new(name);
    let result = if path.is_file() {
        Profile::from_path(path)
    } else {
        Profile::builtin(name)
    };
    result.map_err(|e| {
        CliError::new(format!(
            "--profile {name}: {e}; give a profile file or one of: {}",
            Profile::builtin_names().collect::<Vec<_>>().join(", ")
        ))
    })
}

/// Runs the command.
pub fn run(args: ConvertArgs) -> Result<u8, CliError> {
    let profile = profile(&args.profile)?;
    let at = reference_time(args.at.as_deref())?;
    let producer = args
        .producer
        .parse()
        .map_err(|_| CliError::new("--producer: not a valid organization id (e.g. tt.gov.ctu)"))?;
    let mut options = ConvertOptions::new(producer, at);
    if let Some(key_path) = &args.key {
        let permissions = if args.allow_insecure_key {
            KeyFilePermissions::AllowInsecure
        } else {
            KeyFilePermissions::OwnerOnly
        };
        let key = SecretKey::load_with(key_path, permissions)
            .map_err(|e| CliError::new(format!("{}: {e}", key_path.display())))?;
        let purpose: Purpose = args
            .purpose
            .parse()
            .map_err(|e| CliError::new(format!("--purpose: {e}")))?;
        options = options.with_pseudonymizer(Pseudonymizer::new(&KeySet::new(key), purpose));
    }
    let converter = Converter::new(profile, options);

    // Nothing appears at the output paths unless the conversion runs to its end.
    let mut records = Output::open(args.out.as_deref())?;
    let mut rejects = AtomicFile::create(&args.rejects)?;
    let result = if args.input.as_os_str() == "-" {
        converter.run_csv(std::io::stdin().lock(), &mut records, &mut rejects)
    } else {
        let file =
            std::fs::File::open(&args.input).map_err(|e| CliError::io("read", &args.input, &e))?;
        let input = match workbook_format(&args.input) {
            Some(format) => Input::Workbook(std::io::BufReader::new(file), format),
            None => Input::Csv(std::io::BufReader::new(file)),
        };
        converter.run(input, &mut records, &mut rejects)
    };
    let report = result
        .map_err(|e| CliError::new(format!("{}: {e}; nothing written", args.input.display())))?;
    records.finish()?;
    rejects.commit(true)?;
    if let Some(path) = &args.report {
        let mut f = AtomicFile::create(path)?;
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::new(e.to_string()))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.write_all(b"\n"))
            .map_err(|e| CliError::io("write", path, &e))?;
        f.commit(true)?;
    }
    if !args.quiet {
        note(format_args!(
            "{} row(s) read: {} record(s) written, {} rejected (in {}), {} empty; {} unmapped column(s), {} unknown value(s)",
            report.rows_read,
            report.records_written,
            report.rows_rejected,
            args.rejects.display(),
            report.empty_rows,
            report.unmapped_columns.len(),
            report.unknown_values.len(),
        ));
    }
    Ok(if report.rows_rejected > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}
