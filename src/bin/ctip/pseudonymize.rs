//! `ctip pseudonymize`: a CSV of identities in, the pseudonym columns out, nothing else of
//! the identities.

use ctip_exchange::pseudonym::{
    DocumentType, EmailAddress, IdentityDocument, KeyFilePermissions, KeySet, PersonName,
    PhoneNumber, Pseudonymizer, Purpose, SecretKey,
};
use ctip_exchange::types::{CountryCode, PartialDate};

use crate::cli::PseudonymizeArgs;
use crate::output::{Output, note, write_error};
use crate::{CliError, EXIT_INVALID, EXIT_OK};

/// A value given as a fixed code or taken from a column.
enum Source {
    Fixed(String),
    Column(usize),
}

fn column(headers: &csv::StringRecord, flag: &str, name: &str) -> Result<usize, CliError> {
    headers
        .iter()
        .position(|h| h.trim() == name)
        .ok_or_else(|| {
            CliError::new(format!(
                "{flag}: the CSV has no column of that name; the header must name it exactly"
            ))
        })
}

fn optional(
    headers: &csv::StringRecord,
    flag: &str,
    name: &Option<String>,
) -> Result<Option<usize>, CliError> {
    name.as_deref()
        .map(|n| column(headers, flag, n))
        .transpose()
}

/// A code when `given` is one, else the column of that name.
fn fixed_or_column(
    headers: &csv::StringRecord,
    flag: &str,
    given: &str,
    is_code: fn(&str) -> bool,
) -> Result<Source, CliError> {
    if is_code(given) {
        return Ok(Source::Fixed(given.to_string()));
    }
    column(headers, flag, given).map(Source::Column)
}

fn value(row: &csv::StringRecord, i: usize) -> &str {
    row.get(i).unwrap_or("").trim()
}

fn source_value<'r>(row: &'r csv::StringRecord, s: &'r Source) -> &'r str {
    match s {
        Source::Fixed(v) => v,
        Source::Column(i) => value(row, *i),
    }
}

/// Runs the command.
pub fn run(args: PseudonymizeArgs) -> Result<u8, CliError> {
    let has_name = args.given.is_some() || args.family.is_some() || args.name.is_some();
    if has_name && args.birth_date.is_none() {
        return Err(CliError::new(
            "names need --birth-date: a name alone is shared by too many people to link records",
        ));
    }
    if !has_name && args.document_number.is_none() && args.phone.is_none() && args.email.is_none() {
        return Err(CliError::new(
            "say which columns to pseudonymize: --given/--family or --name with --birth-date, --document-number, --phone, --email",
        ));
    }
    if !args.delimiter.is_ascii() {
        return Err(CliError::new("--delimiter: expected one ASCII character"));
    }
    let permissions = if args.allow_insecure_key {
        KeyFilePermissions::AllowInsecure
    } else {
        KeyFilePermissions::OwnerOnly
    };
    let key = SecretKey::load_with(&args.key, permissions)
        .map_err(|e| CliError::new(format!("{}: {e}", args.key.display())))?;
    let purpose: Purpose = args
        .purpose
        .parse()
        .map_err(|e| CliError::new(format!("--purpose: {e}")))?;
    let keys = KeySet::new(key);
    let pz = Pseudonymizer::new(&keys, purpose);

    let name_of_input = if args.input.as_os_str() == "-" {
        crate::read::STDIN_NAME.to_string()
    } else {
        args.input.display().to_string()
    };
    let reader: Box<dyn std::io::Read> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&args.input).map_err(|e| CliError::io("read", &args.input, &e))?,
        )
    };
    let mut csv_in = csv::ReaderBuilder::new()
        .delimiter(args.delimiter as u8)
        .flexible(false)
        .from_reader(reader);
    let headers = csv_in
        .headers()
        .map_err(|e| csv_error(&name_of_input, &e))?
        .clone();
    let given = optional(&headers, "--given", &args.given)?;
    let family = optional(&headers, "--family", &args.family)?;
    let full = optional(&headers, "--name", &args.name)?;
    let birth = optional(&headers, "--birth-date", &args.birth_date)?;
    let doc_number = optional(&headers, "--document-number", &args.document_number)?;
    let doc_type = args
        .document_type
        .as_deref()
        .map(|t| {
            fixed_or_column(&headers, "--document-type", t, |c| {
                DocumentType::from_code(c).is_some()
            })
        })
        .transpose()?;
    let doc_country = args
        .document_country
        .as_deref()
        .map(|c| {
            fixed_or_column(&headers, "--document-country", c, |c| {
                c.parse::<CountryCode>().is_ok()
            })
        })
        .transpose()?;
    let phone = optional(&headers, "--phone", &args.phone)?;
    let email = optional(&headers, "--email", &args.email)?;

    let mut out_header = vec!["row"];
    if has_name {
        out_header.push("pseudonym_name");
    }
    if doc_number.is_some() {
        out_header.push("pseudonym_document");
    }
    if phone.is_some() {
        out_header.push("pseudonym_phone");
    }
    if email.is_some() {
        out_header.push("pseudonym_email");
    }
    let out = Output::open(args.out.as_deref())?;
    let mut csv_out = csv::Writer::from_writer(out);
    csv_out
        .write_record(&out_header)
        .map_err(|e| write_error(e.into()))?;

    let mut problems = 0u64;
    let mut rows = 0u64;
    let mut row = csv::StringRecord::new();
    loop {
        match csv_in.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&name_of_input, &e)),
        }
        rows += 1;
        let line = row.position().map_or(0, |p| p.line());
        let mut report = |col: &str, e: &dyn std::fmt::Display| {
            problems += 1;
            note(format_args!(
                "{name_of_input}: row {rows} (line {line}), column {col}: {e}; fix the value, its cell is left empty"
            ));
        };
        let mut cells: Vec<String> = vec![rows.to_string()];
        if has_name {
            let birth_col = birth.expect("checked above");
            let birth_text = value(&row, birth_col);
            let name = if let Some(i) = full {
                let t = value(&row, i);
                (!t.is_empty()).then(|| PersonName::unlabelled(t))
            } else {
                let g = given.map_or("", |i| value(&row, i));
                let f = family.map_or("", |i| value(&row, i));
                (!g.is_empty() || !f.is_empty()).then(|| PersonName::labelled(g, f))
            };
            let cell = match (name, birth_text.is_empty()) {
                (None, _) | (_, true) => String::new(),
                (Some(Err(e)), _) => {
                    report("name", &e);
                    String::new()
                }
                (Some(Ok(n)), false) => match birth_text.parse::<PartialDate>() {
                    Ok(d) => pz.name_and_birth_date(&n, d).to_string(),
                    Err(_) => {
                        report(
                            &headers[birth_col],
                            &"not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                        );
                        String::new()
                    }
                },
            };
            cells.push(cell);
        }
        if let Some(i) = doc_number {
            let number = value(&row, i);
            let cell = if number.is_empty() {
                String::new()
            } else {
                let t = doc_type.as_ref().map_or("", |s| source_value(&row, s));
                let c = doc_country.as_ref().map_or("", |s| source_value(&row, s));
                match (DocumentType::from_code(t), c.parse::<CountryCode>()) {
                    (None, _) => {
                        report(
                            "document type",
                            &"not a document type code (passport, national_id, residence_permit, travel_document, birth_certificate, driving_licence, voter_card, other)",
                        );
                        String::new()
                    }
                    (_, Err(_)) => {
                        report("document country", &"not an ISO 3166-1 alpha-2 code");
                        String::new()
                    }
                    (Some(t), Ok(c)) => match IdentityDocument::new(t, c, number) {
                        Ok(d) => pz.document(&d).to_string(),
                        Err(e) => {
                            report(&headers[i], &e);
                            String::new()
                        }
                    },
                }
            };
            cells.push(cell);
        }
        if let Some(i) = phone {
            let t = value(&row, i);
            cells.push(if t.is_empty() {
                String::new()
            } else {
                match PhoneNumber::international(t) {
                    Ok(p) => pz.phone(&p).to_string(),
                    Err(e) => {
                        report(&headers[i], &e);
                        String::new()
                    }
                }
            });
        }
        if let Some(i) = email {
            let t = value(&row, i);
            cells.push(if t.is_empty() {
                String::new()
            } else {
                match EmailAddress::new(t) {
                    Ok(a) => pz.email(&a).to_string(),
                    Err(e) => {
                        report(&headers[i], &e);
                        String::new()
                    }
                }
            });
        }
        csv_out
            .write_record(&cells)
            .map_err(|e| write_error(e.into()))?;
    }
    let out = csv_out
        .into_inner()
        .map_err(|e| write_error(std::io::Error::other(e.to_string())))?;
    out.finish()?;
    if !args.quiet {
        note(format_args!(
            "{rows} row(s) pseudonymized under key {}, {problems} value(s) could not be read",
            keys.active().id()
        ));
    }
    Ok(if problems > 0 { EXIT_INVALID } else { EXIT_OK })
}

fn csv_error(name: &str, e: &csv::Error) -> CliError {
    let at = e
        .position()
        .map(|p| format!(" at line {}", p.line()))
        .unwrap_or_default();
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths { .. } => {
            "a row has a different number of fields than the header; check the delimiter (--delimiter) and the quoting".to_string()
        }
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8; save it as UTF-8".to_string(),
        csv::ErrorKind::Io(io) => crate::io_reason(io),
        _ => "the CSV cannot be read; check its quoting".to_string(),
    };
    CliError::new(format!("{name}{at}: {what}"))
}
