//! Conversion of legacy records: every built-in profile on a generated file of its format,
//! nothing lost, no identifier in any output byte, and the CTDC round trip.
#![cfg(feature = "convert")]

mod convert_support;

use std::io::Cursor;

use convert_support::*;
use ctip_exchange::Record;
use ctip_exchange::convert::{
    ConversionReport, ConvertError, ConvertOptions, Converter, Input, Profile, WorkbookFormat,
};
use ctip_exchange::pseudonym::{KeySet, Pseudonymizer, SecretKey};

fn options() -> ConvertOptions {
    ConvertOptions::new(
        "org.example.converter".parse().unwrap(),
        "2026-01-01T00:00:00Z".parse().unwrap(),
    )
}

fn pseudonymizer() -> Pseudonymizer {
    let key = SecretKey::from_bytes("test2026".parse().unwrap(), [7; 32]);
    Pseudonymizer::new(&KeySet::new(key), "subject-linkage".parse().unwrap())
}

struct Output {
    report: ConversionReport,
    records: Vec<u8>,
    rejects: Vec<u8>,
}

fn convert_csv(profile: Profile, options: ConvertOptions, bytes: &[u8]) -> Output {
    let converter = Converter::new(profile, options);
    let (mut records, mut rejects) = (Vec::new(), Vec::new());
    let report = converter
        .run(Input::Csv(Cursor::new(bytes)), &mut records, &mut rejects)
        .unwrap_or_else(|e| panic!("{e}"));
    Output {
        report,
        records,
        rejects,
    }
}

fn convert_book(
    profile: Profile,
    options: ConvertOptions,
    bytes: Vec<u8>,
    format: WorkbookFormat,
) -> Output {
    let converter = Converter::new(profile, options);
    let (mut records, mut rejects) = (Vec::new(), Vec::new());
    let report = converter
        .run(
            Input::Workbook(Cursor::new(bytes), format),
            &mut records,
            &mut rejects,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    Output {
        report,
        records,
        rejects,
    }
}

/// Every line of the records output is a valid record under the strict reader.
fn records(out: &Output) -> Vec<Record> {
    let limits = ctip_exchange::Limits::default();
    out.records
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| Record::from_slice(l, &limits).expect("a written record reads back"))
        .collect()
}

fn assert_clean(out: &Output) {
    assert!(out.report.is_balanced(), "{:?}", out.report);
    assert_eq!(
        out.report.rows_rejected,
        0,
        "unexplained rejects: {}",
        String::from_utf8_lossy(&out.rejects)
    );
    assert!(
        out.report.unknown_values.is_empty(),
        "{:?}",
        out.report.unknown_values
    );
}

#[test]
fn ctdc_2018_converts_without_rejects() {
    let csv = ctdc_2018_csv(2000, 1);
    let out = convert_csv(Profile::builtin("ctdc-2018").unwrap(), options(), &csv);
    assert_clean(&out);
    assert_eq!(out.report.rows_read, 2000);
    assert_eq!(out.report.records_written, 2000);
    assert_eq!(records(&out).len(), 2000);
    assert!(
        out.report.unmapped_columns.is_empty(),
        "{:?}",
        out.report.unmapped_columns
    );
    // The header says majorityEntry where the dictionary says MajorityEntry: matched anyway.
    assert!(
        out.report.missing_columns.is_empty(),
        "{:?}",
        out.report.missing_columns
    );
    let text = String::from_utf8(out.records).unwrap();
    assert!(text.contains(r#""means_of_control":["#));
    assert!(text.contains(r#""kind":"exploitation","country":"#));
    assert!(text.contains(r#""age_band":"9-17""#));
}

/// The 2021 synthetic release: tab-separated, names cut to 32 characters, alpha-3 countries,
/// blank for 0 or unknown.
fn ctdc_2021_tsv(rows: usize) -> Vec<u8> {
    let alpha3 = |c: &str| match c {
        "PH" => "PHL",
        "UA" => "UKR",
        "MD" => "MDA",
        "ID" => "IDN",
        "US" => "USA",
        "KH" => "KHM",
        "HT" => "HTI",
        _ => "",
    };
    let mut rng = Rng(21);
    let mut out = String::new();
    let header: Vec<String> = CTDC_2018_HEADER
        .iter()
        .map(|h| h.chars().take(32).collect())
        .collect();
    assert!(header.contains(&"meansOfControlThreatOfLawEnforce".to_string()));
    out.push_str(&header.join("\t"));
    out.push('\n');
    for _ in 0..rows {
        let row: Vec<String> = CTDC_2018_HEADER
            .iter()
            .zip(ctdc_2018_row(&mut rng))
            .map(|(h, v)| match (*h, v.as_str()) {
                (_, "-99" | "Unknown") if !h.starts_with("gender") => String::new(),
                ("citizenship" | "CountryOfExploitation", c) => alpha3(c).to_string(),
                (_, "0") if h.starts_with("meansOf") || h.starts_with("typeOf") => String::new(),
                _ => v,
            })
            .collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn ctdc_synthetic_2021_converts_without_rejects() {
    let out = convert_csv(
        Profile::builtin("ctdc-synthetic-2021").unwrap(),
        options(),
        &ctdc_2021_tsv(500),
    );
    assert_clean(&out);
    assert_eq!(out.report.records_written, 500);
    let text = String::from_utf8(out.records).unwrap();
    assert!(text.contains(r#""citizenships":["PH"]"#) || text.contains(r#""citizenships":["UA"]"#));
    assert!(text.contains("threats_law_enforcement"));
}

/// The 2024 synthetic release: CSV, 27 columns, flags 1 or empty, age band 09--17.
fn ctdc_2024_csv(rows: usize) -> Vec<u8> {
    let profile = Profile::builtin("ctdc-synthetic-2024").unwrap();
    let columns: Vec<&str> = profile
        .schema
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(columns.len(), 27);
    let mut rng = Rng(24);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&columns).unwrap();
    for _ in 0..rows {
        let full = ctdc_2018_row(&mut rng);
        let row: Vec<String> = columns
            .iter()
            .map(|c| {
                let i = CTDC_2018_HEADER.iter().position(|h| h == c).unwrap();
                match full[i].as_str() {
                    "9--17" => "09--17".to_string(),
                    "-99" | "Unknown" | "0" if *c != "gender" => String::new(),
                    v => v.to_string(),
                }
            })
            .collect();
        w.write_record(&row).unwrap();
    }
    w.into_inner().unwrap()
}

#[test]
fn ctdc_synthetic_2024_converts_without_rejects() {
    let out = convert_csv(
        Profile::builtin("ctdc-synthetic-2024").unwrap(),
        options(),
        &ctdc_2024_csv(500),
    );
    assert_clean(&out);
    assert_eq!(out.report.records_written, 500);
    assert!(
        String::from_utf8(out.records)
            .unwrap()
            .contains(r#""age_band":"9-17""#)
    );
}

/// The HTCDS 2.0 Excel toolkit layout, with synthetic people.
fn htcds_workbook(rows: &[[&str; 6]], markers: bool) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let header: Vec<&str> = include_str!("data/convert/htcds-excel-toolkit-2.0-header.csv")
        .lines()
        .next()
        .unwrap()
        .split(',')
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap() as u16 + 1;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    for (i, h) in header.iter().enumerate() {
        if !h.is_empty() {
            sheet.write_string(0, i as u16 + 1, *h).unwrap();
        }
        sheet.write_string(1, i as u16 + 1, "Label").unwrap();
    }
    sheet.set_row_hidden(0).unwrap();
    let date = Format::new().set_num_format("mm/dd/yyyy");
    for r in 0..(rows.len() as u32 + 3) {
        sheet.write_number(r + 2, 0, f64::from(r + 1)).unwrap();
    }
    for (r, values) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        let [gender, citizenship, control, industry, status, referral] = values;
        sheet.write_string(r, col("prs_Gender"), *gender).unwrap();
        sheet
            .write_string(r, col("prs_Citizenship"), *citizenship)
            .unwrap();
        sheet
            .write_string(r, col("vic_MethodsOfControl"), *control)
            .unwrap();
        sheet
            .write_string(r, col("vic_ForcedLabourIndustry"), *industry)
            .unwrap();
        sheet.write_string(r, col("cas_Status"), *status).unwrap();
        sheet
            .write_string(r, col("cas_IncomingReferralDate"), *referral)
            .unwrap();
        sheet
            .write_string(
                r,
                col("vic_TraffickingStatus"),
                "Possible victim of trafficking",
            )
            .unwrap();
        sheet
            .write_string(r, col("vic_TypeOfExploitation"), "Forced labour")
            .unwrap();
        sheet
            .write_string(r, col("vic_TraffickinStatusDecisionMakingOrg"), "Police")
            .unwrap();
        // Column AJ: the reason for outgoing referral, whose header cell is empty.
        sheet
            .write_string(r, 35, "Additional Services Required")
            .unwrap();
        sheet
            .write_string(
                r,
                col("cas_IncomingReferralDetails"),
                "free text MARKERDETAILS",
            )
            .unwrap();
        if markers {
            sheet
                .write_string(r, col("prs_FirstName"), format!("MARKERFIRST{r}"))
                .unwrap();
            sheet
                .write_string(r, col("prs_SecondName"), format!("MARKERSECOND{r}"))
                .unwrap();
            sheet
                .write_string(r, col("prs_Email"), format!("markeremail{r}@example.org"))
                .unwrap();
            sheet
                .write_string(r, col("prs_MobilePhone"), "+1 868 555 0172")
                .unwrap();
            sheet
                .write_string(r, col("prs_HomePhone"), "+1 868 555 0199")
                .unwrap();
            sheet
                .write_string(r, col("prs_MailingStreet"), "MARKERSTREET")
                .unwrap();
            sheet
                .write_string(r, col("prs_MailingCity"), "MARKERCITY")
                .unwrap();
            sheet
                .write_string(r, col("prs_Salutation"), "MARKERSALUTATION")
                .unwrap();
            sheet
                .write_string(r, col("prs_Title"), "MARKERTITLE")
                .unwrap();
            sheet
                .write_string(r, col("cas_CaseOwner"), "MARKEROWNER")
                .unwrap();
            let birth = ExcelDateTime::from_ymd(1990, 4, 17).unwrap();
            sheet
                .write_datetime_with_format(r, col("prs_Birthdate"), &birth, &date)
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

const HTCDS_ROWS: &[[&str; 6]] = &[
    [
        "Feminine",
        "Venezuela (Bolivarian Republic of)",
        "Physical threats; Debt bondage ",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles; Construction",
        "Closed Referred",
        "07-15-21",
    ],
    [
        "Masculine",
        "Trinidad and Tobago; Guyana",
        "Takes earnings",
        "Mining and quarrying",
        "Active",
        "12-01-22",
    ],
    [
        "NonConforming",
        "Haiti",
        "Withholds documents; Threats of law enforcement",
        "Water supply; sewerage, waste management and remediation",
        "Follow Up",
        "",
    ],
];

#[test]
fn htcds_excel_toolkit_converts_without_rejects() {
    let book = htcds_workbook(HTCDS_ROWS, true);
    let out = convert_book(
        Profile::builtin("htcds-2.0-excel").unwrap(),
        options().with_pseudonymizer(pseudonymizer()),
        book,
        WorkbookFormat::Xlsx,
    );
    assert_clean(&out);
    assert_eq!(out.report.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(out.report.records_written, 3);
    // The three pre-numbered rows without data are empty, not rejects.
    assert_eq!(out.report.empty_rows, 3);
    let recs = records(&out);
    let Record::Case(first) = &recs[0] else {
        panic!("a case")
    };
    assert_eq!(first.id.as_str(), "htcds-3");
    let text = String::from_utf8(out.records.clone()).unwrap();
    let line1 = text.lines().next().unwrap();
    assert!(line1.contains(r#""citizenships":["VE"]"#), "{line1}");
    assert!(
        line1.contains(r#""means_of_control":["physical_threats","debt_bondage"]"#),
        "{line1}"
    );
    assert!(
        line1.contains(r#""labour_industries":["g_wholesale_and_retail_trade_repair_of_motor_vehicles","f_construction"]"#),
        "{line1}"
    );
    assert!(line1.contains(r#""opened_on":"2021-07-15""#), "{line1}");
    assert!(line1.contains(r#""birth_date":"1990""#), "{line1}");
    assert!(
        line1.contains(r#""org.iom.htcds.outgoing_referral_reason":"AdditionalServicesRequired""#),
        "{line1}"
    );
    assert!(line1.contains(r#""pseudonyms":["ps1:"#), "{line1}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .contains(r#""citizenships":["TT","GY"]"#)
    );
}

#[test]
fn htcds_template_read_as_xlsm_too() {
    let book = htcds_workbook(&HTCDS_ROWS[..1], false);
    // The template has identifier columns even when they are empty: a key is needed.
    let out = convert_book(
        Profile::builtin("htcds-2.0-excel").unwrap(),
        options().with_pseudonymizer(pseudonymizer()),
        book,
        WorkbookFormat::Xlsm,
    );
    assert_clean(&out);
    assert_eq!(out.report.format, "xlsm");
}

/// The made-up ministry sheet, in Windows-1252 with `;` and day-first dates.
fn agency_csv(markers: bool) -> Vec<u8> {
    let header = "Expediente;Nombres;Apellidos;Cédula;Fecha de nacimiento;Sexo;Nacionalidad;Fecha de identificación;Tipo de explotación;Estado del caso;Observaciones\r\n";
    let mut text = String::from(header);
    let rows = [
        (
            "MM-2023-001",
            "Yokasta María",
            "Peña Núñez",
            "001-1234567-8",
            "03/02/2005",
            "Femenino",
            "Dominicana",
            "15/06/2023",
            "Explotación sexual",
            "Abierto",
            "\"Vive en; calle MARKERFREE, tel 809-555-0134\"",
        ),
        (
            "MM-2023-002",
            "Jean",
            "Pierre Louis",
            "402-7654321-1",
            "N/D",
            "Masculino",
            "Haitiana",
            "01/09/2023",
            "Trabajo forzoso,Mendicidad forzada",
            "Seguimiento",
            "",
        ),
        (
            "MM-2024-003",
            "Ana",
            "Rojas",
            "",
            "1999",
            "Mujer",
            "Venezolana",
            "2024-02",
            "Servidumbre",
            "Cerrado",
            "Sin dato",
        ),
    ];
    for (id, given, family, cedula, birth, sex, nat, ident, kind, status, note) in rows {
        let (given, family, cedula) = if markers {
            (
                format!("MARKERGIVEN{given}"),
                format!("MARKERFAMILY{family}"),
                if cedula.is_empty() {
                    String::new()
                } else {
                    format!("MARKERCEDULA{id}")
                },
            )
        } else {
            (given.to_string(), family.to_string(), cedula.to_string())
        };
        text.push_str(&format!(
            "{id};{given};{family};{cedula};{birth};{sex};{nat};{ident};{kind};{status};{note}\r\n"
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn example_agency_sheet_converts_without_rejects() {
    let out = convert_csv(
        Profile::builtin("example-agency").unwrap(),
        options().with_pseudonymizer(pseudonymizer()),
        &agency_csv(false),
    );
    assert_clean(&out);
    assert_eq!(out.report.encoding, Some("windows-1252"));
    assert_eq!(out.report.records_written, 3);
    assert_eq!(out.report.ignored_columns, vec!["Observaciones"]);
    let text = String::from_utf8(out.records).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains(r#""id":"MM-2023-001""#), "{}", lines[0]);
    assert!(lines[0].contains(r#""birth_date":"2005""#), "{}", lines[0]);
    assert!(lines[0].contains(r#""majority":"adult""#), "{}", lines[0]);
    assert!(lines[0].contains(r#""date":"2023-06-15""#), "{}", lines[0]);
    assert!(lines[2].contains(r#""date":"2024-02""#), "{}", lines[2]);
    assert!(lines[1].contains(r#""exploitation_types":["forced_labour","forced_begging"]"#));
    assert!(!text.contains("MARKERFREE") && !text.contains("calle"));
}

#[test]
fn windows_1252_is_read_only_when_declared() {
    let mut profile = Profile::builtin("example-agency").unwrap();
    profile.dialect.encoding = None;
    let out = convert_csv(
        profile,
        options().with_pseudonymizer(pseudonymizer()),
        &agency_csv(false),
    );
    assert_eq!(out.report.encoding, Some("utf-8"));
    // The header's "Cédula" is not UTF-8: that column is missing, and rows with accents are
    // rejected as invalid UTF-8, never guessed.
    assert!(out.report.missing_columns.iter().any(|c| c == "Cédula"));
    assert!(
        out.report
            .reject_reasons
            .contains_key("convert.invalid_encoding")
    );
    assert!(out.report.is_balanced());
}

/// An ODS workbook written by hand: a zip of XML, with a date cell.
fn ods(rows: &[Vec<(&str, &str)>]) -> Vec<u8> {
    use std::io::Write;
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for (kind, value) in row {
            match *kind {
                "date" => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="date" office:date-value="{value}"><text:p>{value}</text:p></table:table-cell>"#
                )),
                "float" => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>"#
                )),
                "empty" => table.push_str("<table:table-cell/>"),
                _ => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>"#
                )),
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Registro">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn ods_sheet_by_name_with_date_cells_and_serial_opt_in() {
    let profile_json = r#"{
      "name": "ods-test",
      "dialect": {"sheetName": "Registro"},
      "schema": {"fields": [
        {"name": "sexo", "x-ctip-target": "/subject/gender", "x-ctip-crosswalk": {"F": "feminine", "M": "masculine"}},
        {"name": "identificado", "type": "date", "x-ctip-target": "/identification/date"},
        {"name": "abierto", "type": "date", "x-ctip-target": "/case_management/opened_on", "x-ctip-serial-dates": "1900"},
        {"name": "estado", "x-ctip-target": "/case_management/status", "x-ctip-otherwise": "keep"}
      ]},
      "x-ctip-record": {"type": "case", "idPrefix": "ods"}
    }"#;
    let rows = vec![
        vec![
            ("s", "Sexo"),
            ("s", "Identificado"),
            ("s", "Abierto"),
            ("s", "Estado"),
        ],
        vec![
            ("s", "F"),
            ("date", "2021-07-15"),
            ("float", "44392"),
            ("s", "active"),
        ],
        vec![
            ("s", "M"),
            ("s", "2022"),
            ("date", "2022-03-01"),
            ("s", "active"),
        ],
        vec![
            ("s", "M"),
            ("float", "44392"),
            ("empty", ""),
            ("s", "active"),
        ],
    ];
    let out = convert_book(
        Profile::from_json(profile_json).unwrap(),
        options(),
        ods(&rows),
        WorkbookFormat::Ods,
    );
    assert_eq!(out.report.sheet.as_deref(), Some("Registro"));
    assert_eq!(
        (out.report.records_written, out.report.rows_rejected),
        (2, 1)
    );
    let text = String::from_utf8(out.records).unwrap();
    assert!(
        text.contains(r#""identification":{"date":"2021-07-15"}"#),
        "{text}"
    );
    assert!(text.contains(r#""opened_on":"2021-07-15""#), "{text}");
    assert!(text.contains(r#""date":"2022""#), "{text}");
    // A bare number in a date column without the opt-in is refused.
    let rejects = String::from_utf8(out.rejects).unwrap();
    assert!(
        rejects.contains(r#""row":4"#) && rejects.contains("convert.serial_date_not_allowed"),
        "{rejects}"
    );
    assert!(!rejects.contains("44392"));
}

#[test]
fn missing_sheet_is_an_error_naming_the_sheet() {
    let mut profile = Profile::builtin("htcds-2.0-excel").unwrap();
    profile.dialect.sheet_name = Some("Casos".into());
    let converter = Converter::new(profile, options());
    let e = converter
        .run(
            Input::Workbook(
                Cursor::new(htcds_workbook(&HTCDS_ROWS[..1], false)),
                WorkbookFormat::Xlsx,
            ),
            &mut Vec::new(),
            &mut Vec::new(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("Casos"), "{e}");
}

/// One row of each kind of problem: every row ends as a record or a reject with its row
/// number and every reason, never a cell value.
#[test]
fn nothing_lost_one_row_of_each_problem() {
    let mut rng = Rng(99);
    let header = CTDC_2018_HEADER.join(",");
    let col = |name: &str| CTDC_2018_HEADER.iter().position(|h| *h == name).unwrap();
    let good = |rng: &mut Rng| {
        let mut r = ctdc_2018_row(rng);
        r[col("gender")] = "Female".into();
        r[col("ageBroad")] = "24--26".into();
        r[col("majorityStatus")] = "Adult".into();
        r[col("majorityStatusAtExploit")] = "Adult".into();
        for rel in [
            "recruiterRelationIntimatePartner",
            "recruiterRelationFriend",
            "recruiterRelationFamily",
            "recruiterRelationOther",
        ] {
            r[col(rel)] = "0".into();
        }
        r
    };
    let mut lines: Vec<Vec<u8>> = vec![header.into_bytes()];
    let mut push = |r: Vec<String>| lines.push(r.join(",").into_bytes());
    push(good(&mut rng)); // row 2: fine
    let mut r = good(&mut rng);
    r[col("gender")] = "Robot".into(); // row 3: unknown value
    push(r);
    let mut r = good(&mut rng);
    r[col("isForcedLabour")] = "2".into(); // row 4: invalid boolean
    push(r);
    let mut r = good(&mut rng);
    r[col("yearOfRegistration")] = "20x1".into(); // row 5: invalid date
    push(r);
    let mut r = good(&mut rng);
    r[col("ageBroad")] = "9--17".into(); // row 6: adult aged 9-17: validation
    push(r);
    let mut r = good(&mut rng);
    r[col("recruiterRelationFriend")] = "1".into(); // row 7: two relationships
    r[col("recruiterRelationFamily")] = "1".into();
    push(r);
    let mut r = good(&mut rng);
    r[col("yearOfRegistration")] = "2031".into(); // row 8: in the future
    push(r);
    push(vec![String::new(); CTDC_2018_HEADER.len()]); // row 9: empty
    let mut r = good(&mut rng);
    r[col("gender")] = "Fe\u{0}male".into(); // row 10: placeholder for invalid UTF-8
    push(r);
    let mut r = good(&mut rng);
    r[col("gender")] = "Robot".into(); // row 11: unknown value again, and an invalid flag
    r[col("isAbduction")] = "yes".into();
    push(r);
    push(good(&mut rng)); // row 12: fine
    let mut bytes = lines.join(&b"\r\n"[..]);
    // Row 10 gets a byte that is not UTF-8 in its gender cell.
    let pos = bytes.windows(3).position(|w| w == b"e\0m").unwrap();
    bytes[pos + 1] = 0xFF;
    let out = convert_csv(Profile::builtin("ctdc-2018").unwrap(), options(), &bytes);
    let r = &out.report;
    assert_eq!(r.rows_read, 11);
    assert_eq!(r.empty_rows, 1);
    assert_eq!(r.records_written, 2);
    assert_eq!(r.rows_rejected, 8);
    assert!(r.is_balanced());
    let rejects: Vec<serde_json::Value> = out
        .rejects
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let codes_of = |row: u64| -> Vec<String> {
        let rej = rejects
            .iter()
            .find(|j| j["row"] == row)
            .unwrap_or_else(|| panic!("row {row}"));
        rej["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes_of(3), vec!["convert.unknown_value"]);
    assert_eq!(codes_of(4), vec!["convert.invalid_boolean"]);
    assert_eq!(codes_of(5), vec!["convert.invalid_date"]);
    assert_eq!(codes_of(6), vec!["age.inconsistent"]);
    assert_eq!(codes_of(7), vec!["convert.conflicting_values"]);
    assert_eq!(codes_of(8), vec!["date.future"]);
    assert_eq!(codes_of(10), vec!["convert.invalid_encoding"]);
    // Every reason of a row, not only the first.
    assert_eq!(
        codes_of(11),
        vec!["convert.unknown_value", "convert.invalid_boolean"]
    );
    // Columns are named; values are not.
    let all = String::from_utf8_lossy(&out.rejects);
    assert!(all.contains(r#""column":"gender""#));
    for value in ["Robot", "20x1", "2031", "\"yes\""] {
        assert!(!all.contains(value), "{value} in {all}");
    }
    assert_eq!(r.unknown_values.len(), 1);
    assert_eq!(
        (
            r.unknown_values[0].column.as_str(),
            r.unknown_values[0].value.as_str(),
            r.unknown_values[0].count
        ),
        ("gender", "Robot", 2)
    );
    assert_eq!(r.reject_reasons["convert.unknown_value"], 2);
}

/// Marker strings in every identifier column never reach an output byte, the report or an
/// error.
#[test]
fn no_identifier_reaches_any_output() {
    fn check(bytes: &[u8], what: &str) {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for marker in [
            "marker",
            "555 0172",
            "5550172",
            "555 0199",
            "1990-04-17",
            "04/17/1990",
            "yokasta",
            "001-1234567-8",
            "00112345678",
            "2005-02-03",
        ] {
            assert!(!text.contains(marker), "{marker} found in {what}");
        }
    }
    let book = htcds_workbook(HTCDS_ROWS, true);
    let out = convert_book(
        Profile::builtin("htcds-2.0-excel").unwrap(),
        options().with_pseudonymizer(pseudonymizer()),
        book.clone(),
        WorkbookFormat::Xlsx,
    );
    assert_eq!(out.report.records_written, 3);
    check(&out.records, "records");
    check(&out.rejects, "rejects");
    check(
        serde_json::to_string(&out.report).unwrap().as_bytes(),
        "report",
    );
    check(format!("{:?}", out.report).as_bytes(), "report Debug");
    assert!(
        out.report
            .identifier_columns
            .contains(&"prs_FirstName".to_string())
    );

    let agency = agency_csv(true);
    let out = convert_csv(
        Profile::builtin("example-agency").unwrap(),
        options().with_pseudonymizer(pseudonymizer()),
        &agency,
    );
    assert_eq!(out.report.records_written, 3);
    check(&out.records, "agency records");
    check(
        serde_json::to_string(&out.report).unwrap().as_bytes(),
        "agency report",
    );

    // Malformed identifiers are rejects that name the column, not the value.
    // (Windows-1252 and Latin-1 agree on every character of this file.)
    let latin1: String = agency.iter().map(|b| char::from(*b)).collect();
    let bad: Vec<u8> = latin1
        .replace("03/02/2005", "MARKERDATE")
        .chars()
        .map(|c| c as u8)
        .collect();
    let out = convert_csv(
        Profile::builtin("example-agency").unwrap(),
        options().with_pseudonymizer(pseudonymizer()),
        &bad,
    );
    assert_eq!(out.report.rows_rejected, 1);
    check(&out.rejects, "agency rejects");
    assert!(String::from_utf8_lossy(&out.rejects).contains("convert.invalid_identifier"));

    // Without a key: fails before writing anything, and the error names columns only.
    for (input, format) in [
        (
            Input::Workbook(Cursor::new(book), WorkbookFormat::Xlsx),
            "xlsx",
        ),
        (Input::Csv(Cursor::new(agency)), "csv"),
    ] {
        let profile = Profile::builtin(if format == "xlsx" {
            "htcds-2.0-excel"
        } else {
            "example-agency"
        })
        .unwrap();
        let (mut records, mut rejects) = (Vec::new(), Vec::new());
        let e = Converter::new(profile, options())
            .run(input, &mut records, &mut rejects)
            .unwrap_err();
        assert!(matches!(e, ConvertError::NoKey { .. }), "{e}");
        assert!(records.is_empty() && rejects.is_empty());
        check(e.to_string().as_bytes(), "error");
        check(format!("{e:?}").as_bytes(), "error Debug");
    }
}

/// A file without identifier columns needs no key.
#[test]
fn no_key_needed_without_identifier_columns() {
    let out = convert_csv(
        Profile::builtin("ctdc-2018").unwrap(),
        options(),
        &ctdc_2018_csv(3, 5),
    );
    assert_eq!(out.report.records_written, 3);
    assert!(out.report.identifier_columns.is_empty());
}

/// The round trip a ministry needs: tabulate converted records by sex and age group, and get
/// the counts of a direct count over the CSV.
#[test]
fn ctdc_round_trip_tabulates_like_a_direct_count() {
    use ctip_exchange::disclosure::{TabulationSpec, tabulate};
    use ctip_exchange::indicator::Period;
    use ctip_exchange::vocab::{Dimension, IndicatorKind};
    use std::collections::HashMap;

    let csv_bytes = ctdc_2018_csv(3000, 2018);
    let mut profile = Profile::builtin("ctdc-2018").unwrap();
    profile
        .record
        .defaults
        .insert("/identification/country".into(), "PH".into());
    let out = convert_csv(profile, options(), &csv_bytes);
    assert_clean(&out);
    let cases: Vec<_> = records(&out)
        .into_iter()
        .map(|r| match r {
            Record::Case(c) => c,
            _ => panic!("a case"),
        })
        .collect();
    let spec = TabulationSpec::new(
        IndicatorKind::VictimsIdentified,
        Period::new("2000".parse().unwrap(), "2025".parse().unwrap()),
        vec!["PH".parse().unwrap()],
        vec![Dimension::Sex, Dimension::AgeGroup],
    );
    let t = tabulate(cases.iter().map(|c| &**c), &spec).unwrap();
    assert_eq!(t.counted, 3000);

    // The direct count, written independently of the profile.
    let mut direct: HashMap<(String, String), u64> = HashMap::new();
    let mut reader = csv::Reader::from_reader(&csv_bytes[..]);
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (g, m, a) = (at("gender"), at("majorityStatus"), at("ageBroad"));
    for row in reader.records() {
        let row = row.unwrap();
        let sex = match &row[g] {
            "Female" => "female",
            "Male" => "male",
            "Transgender/NonConforming" => "other",
            _ => "unknown",
        };
        let age = match (&row[m], &row[a]) {
            ("Adult", _) => "18+",
            ("Minor", _) => "0-17",
            (_, "0--8" | "9--17") => "0-17",
            (_, "-99" | "Unknown") => "unknown",
            _ => "18+",
        };
        *direct.entry((sex.into(), age.into())).or_default() += 1;
    }
    let mut checked = 0;
    for sex in ["female", "male", "other", "unknown"] {
        for age in ["0-17", "18+", "unknown"] {
            let want = direct.get(&(sex.into(), age.into())).copied().unwrap_or(0);
            let got = t.table.get(&[sex, age]).unwrap().count().unwrap();
            assert_eq!(got, want, "{sex} {age}");
            checked += want;
        }
    }
    assert_eq!(checked, 3000);
}

#[test]
fn profiles_from_files_with_a_csv_crosswalk_and_yaml() {
    let dir = std::env::temp_dir().join(format!("ctip-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("sexo.csv"),
        "source,code\nF,feminine\nM,masculine\nND,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("p.yaml"),
        "name: yaml-test\nschema:\n  fields:\n    - name: sexo\n      x-ctip-target: /subject/gender\n      x-ctip-crosswalk: sexo.csv\nx-ctip-record:\n  type: case\n  idPrefix: yaml\n",
    )
    .unwrap();
    let profile = Profile::from_path(dir.join("p.yaml")).unwrap();
    let out = convert_csv(profile, options(), b"sexo\nF\nND\nX\n");
    assert_eq!(
        (out.report.records_written, out.report.rows_rejected),
        (2, 1)
    );
    assert!(String::from_utf8(out.records).unwrap().contains("feminine"));
    std::fs::write(
        dir.join("bad.csv"),
        "source,code\nF,feminine\nF,masculine\n",
    )
    .unwrap();
    let bad = std::fs::read_to_string(dir.join("p.yaml"))
        .unwrap()
        .replace("sexo.csv", "bad.csv");
    std::fs::write(dir.join("bad.yaml"), bad).unwrap();
    let e = Profile::from_path(dir.join("bad.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("repeats a source value") && e.contains("schema.fields[0]"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The published JSON Schema of profiles accepts every built-in profile and refuses what the
/// reader refuses.
#[test]
fn profile_schema_checks_the_builtin_profiles() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/mapping-profile.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in Profile::builtin_names() {
        let text = std::fs::read_to_string(format!("schemas/mapping/{name}.json")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let mut bad = value.clone();
        bad["schema"]["fields"][0]["x-ctip-targt"] = "/id".into();
        assert!(
            !validator.is_valid(&bad),
            "{name}: the schema lets an unknown key through"
        );
        assert!(Profile::from_value(bad).is_err());
        let mut bad = value.clone();
        bad["dialect"]["x-ctip-encoding"] = "latin-1".into();
        assert!(!validator.is_valid(&bad));
        assert!(Profile::from_value(bad).is_err());
    }
}

/// The worked example of schemas/MAPPING.md is the built-in example profile, and converts as
/// the document says.
#[test]
fn mapping_md_worked_example_holds() {
    let doc = include_str!("../schemas/MAPPING.md");
    let start = doc.find("```yaml\n").expect("a YAML block") + 8;
    let yaml = &doc[start..start + doc[start..].find("```").unwrap()];
    let from_doc = Profile::from_yaml(yaml).unwrap_or_else(|e| panic!("{e}"));
    let run = |p: Profile, csv: &[u8]| {
        convert_csv(
            p,
            ConvertOptions::new(
                "do.gov.mmujer".parse().unwrap(),
                "2026-01-01T00:00:00Z".parse().unwrap(),
            )
            .with_pseudonymizer(pseudonymizer()),
            csv,
        )
    };
    let a = run(from_doc.clone(), &agency_csv(false));
    let b = run(
        Profile::builtin("example-agency").unwrap(),
        &agency_csv(false),
    );
    assert_eq!(a.records, b.records);
    assert_eq!(a.report.records_written, 3);
    let first: serde_json::Value =
        serde_json::from_slice(a.records.split(|c| *c == b'\n').next().unwrap()).unwrap();
    let subject = &first["subject"];
    assert_eq!(subject["birth_date"], "2005");
    assert_eq!(subject["age_band"], "18-20");
    assert_eq!(subject["majority"], "adult");
    assert_eq!(subject["age_at_identification"], 18);
    assert_eq!(subject["pseudonyms"].as_array().unwrap().len(), 2);
    assert_eq!(
        first["identification"],
        serde_json::json!({"date": "2023-06-15", "country": "DO"})
    );
    // The document's reject of `Sexo` = `F`.
    let mut csv = agency_csv(false);
    csv.extend_from_slice(b"MM-2024-004;;;;;F;;;;;\r\n");
    let out = run(from_doc, &csv);
    let rejects = String::from_utf8(out.rejects).unwrap();
    assert_eq!(
        rejects.trim(),
        r#"{"row":5,"reasons":[{"code":"convert.unknown_value","column":"Sexo","message":"the value is not in the column's crosswalk"}]}"#
    );
    assert_eq!(out.report.unknown_values[0].value, "F");
}

/// Cells stored as dates are read in the workbook's date system (1900 or 1904).
#[test]
fn xlsx_date_cells_in_the_1900_and_1904_systems() {
    use rust_xlsxwriter::{Format, Workbook};
    use std::io::{Read, Write};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "identified").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // 42930 is 2021-07-15 in the 1904 system and 2017-07-14 in the 1900 system.
    sheet
        .write_number_with_format(1, 0, 42930.0, &date)
        .unwrap();
    let plain = book.save_to_buffer().unwrap();
    // The same workbook with the 1904 flag set, as old Mac Excel writes it.
    let mut zin = zip::ZipArchive::new(Cursor::new(plain.clone())).unwrap();
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains("<workbookPr"));
            data = text
                .replace("<workbookPr", r#"<workbookPr date1904="1""#)
                .into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&data).unwrap();
    }
    let mac = zout.finish().unwrap().into_inner();
    let profile = Profile::from_json(
        r#"{"name":"dates","schema":{"fields":[{"name":"identified","type":"date","x-ctip-target":"/identification/date"}]},"x-ctip-record":{"type":"case","idPrefix":"d"}}"#,
    )
    .unwrap();
    for (bytes, want) in [(plain, "2017-07-14"), (mac, "2021-07-15")] {
        let out = convert_book(profile.clone(), options(), bytes, WorkbookFormat::Xlsx);
        let text = String::from_utf8(out.records).unwrap();
        assert!(
            text.contains(&format!(r#""date":"{want}""#)),
            "{want}: {text}"
        );
    }
}

/// The fuzz target `convert` (`fuzz/checks/convert.rs`) on one small generated file of every
/// built-in profile and format. With `CTIP_WRITE_FUZZ_SEEDS=1` the inputs are written to
/// `fuzz/seeds/convert/` (its seeds); without, the committed seeds must equal them, so they
/// cannot drift from the generators.
#[test]
fn fuzz_seeds_are_the_generated_files() {
    #[path = "../fuzz/checks/convert.rs"]
    #[allow(dead_code)]
    mod fuzz_convert;

    let seed = |format: u8, profile: &str, bytes: &[u8]| {
        let mut data = vec![format];
        data.extend_from_slice(profile.as_bytes());
        data.push(b'\n');
        data.extend_from_slice(bytes);
        data
    };
    let seeds = [
        (
            "ctdc-2018.csv",
            seed(b'c', "ctdc-2018", &ctdc_2018_csv(4, 11)),
        ),
        (
            "ctdc-synthetic-2021.tsv",
            seed(b'c', "ctdc-synthetic-2021", &ctdc_2021_tsv(4)),
        ),
        (
            "ctdc-synthetic-2024.csv",
            seed(b'c', "ctdc-synthetic-2024", &ctdc_2024_csv(4)),
        ),
        (
            "example-agency.csv",
            seed(b'c', "example-agency", &agency_csv(false)),
        ),
        (
            "htcds-2.0-excel.xlsx",
            seed(
                b'x',
                "htcds-2.0-excel",
                &htcds_workbook(&HTCDS_ROWS[..2], false),
            ),
        ),
        (
            "ods-as-ctdc-2018.ods",
            seed(
                b'o',
                "ctdc-2018",
                &ods(&[
                    vec![("s", "gender"), ("s", "yearOfRegistration")],
                    vec![("s", "Female"), ("s", "2016")],
                ]),
            ),
        ),
    ];
    let names: Vec<&str> = Profile::builtin_names().collect();
    for (_, data) in &seeds {
        let (_, name, _) = fuzz_convert::split(data).unwrap();
        assert!(names.contains(&name), "{name} is not a built-in profile");
        fuzz_convert::convert(data);
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/convert");
    for (file, data) in &seeds {
        let path = dir.join(file);
        if std::env::var_os("CTIP_WRITE_FUZZ_SEEDS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, data).unwrap();
        } else if !file.ends_with(".xlsx") && !file.ends_with(".ods") {
            // zip archives carry timestamps, so only the text seeds are compared byte for byte
            let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(
                committed == *data,
                "{file} differs: CTIP_WRITE_FUZZ_SEEDS=1"
            );
        }
    }
}

/// A list cell whose characters change UTF-8 length when lower-cased (the dotted capital I
/// grows by a byte, the ohm sign shrinks by one, so the totals match): splitting against the
/// profile's known labels once cut a character in half and panicked. Now the row is read,
/// and reported or converted, never dropped and never a panic.
#[test]
fn list_cells_whose_lower_case_changes_lengths_are_split_safely() {
    // U+0130 (2 bytes, 3 lower-cased), the ohm sign U+2126 (3 bytes, 2 lower-cased) and the
    // capital sharp s U+1E9E (3 bytes, 2 lower-cased), written as escapes: they look like
    // letters that do not change length.
    for cell in [
        "\u{130}; \u{2126}",
        "\u{130}; \u{1E9E}",
        "\u{2126}; \u{130}; Trinidad and Tobago",
        "\u{1E9E}\u{130}; \u{130}\u{1E9E}; Trinidad and Tobago",
    ] {
        let csv = format!("No,prs_Citizenship\n#,Citizenship\n1,{cell}\n");
        let out = convert_csv(
            Profile::builtin("htcds-2.0-excel").unwrap(),
            options().with_pseudonymizer(pseudonymizer()),
            csv.as_bytes(),
        );
        let r = &out.report;
        assert_eq!(
            r.records_written + r.rows_rejected + r.empty_rows,
            r.rows_read,
            "{cell}: {r:?}"
        );
        assert!(r.rows_read >= 1, "{cell}: {r:?}");
        assert!(!out.records.is_empty() || !out.rejects.is_empty(), "{cell}");
    }
}

/// A profile edited in code after loading (its fields are public) is checked at the start of
/// a run as a loaded one is: an empty delimiter or quote character, or an empty target,
/// gives the profile error, not a panic.
#[test]
fn a_profile_edited_in_code_is_checked_before_the_run() {
    let csv = agency_csv(false);
    let edits: [fn(&mut Profile); 3] = [
        |p| p.dialect.delimiter = Some(String::new()),
        |p| p.dialect.quote_char = Some(String::new()),
        |p| {
            if let Some(f) = p.schema.fields.iter_mut().find(|f| f.target.is_some()) {
                f.target = Some(String::new());
            }
        },
    ];
    for (i, edit) in edits.iter().enumerate() {
        let mut profile = Profile::builtin("example-agency").unwrap();
        edit(&mut profile);
        let converter = Converter::new(profile, options().with_pseudonymizer(pseudonymizer()));
        let (mut records, mut rejects) = (Vec::new(), Vec::new());
        let e = converter
            .run(Input::Csv(Cursor::new(&csv)), &mut records, &mut rejects)
            .expect_err("an invalid profile");
        assert!(
            matches!(e, ctip_exchange::convert::ConvertError::Profile { .. }),
            "edit {i}: {e}"
        );
        assert!(records.is_empty() && rejects.is_empty(), "edit {i}");
    }
}
