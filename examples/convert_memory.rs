//! Peak memory and throughput of a conversion (feature `convert`), for the closing note.
//!
//! ```text
//! cargo run --release --features convert --example convert_memory -- generate-csv 1000000 /tmp/ctdc.csv
//! cargo run --release --features convert --example convert_memory -- convert-csv /tmp/ctdc.csv
//! cargo run --release --features convert --example convert_memory -- generate-xlsx 100000 /tmp/ctdc.xlsx
//! cargo run --release --features convert --example convert_memory -- convert-xlsx /tmp/ctdc.xlsx
//! ```
//!
//! Generation and conversion run in separate processes, so that the peak resident set size
//! (VmHWM, read from /proc/self/status on Linux) is the conversion's own.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::time::Instant;

use ctip_exchange::convert::{ConvertOptions, Converter, Input, Profile, WorkbookFormat};

#[path = "../tests/convert_support/mod.rs"]
mod convert_support;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: convert_memory generate-csv|generate-xlsx ROWS PATH | convert-csv|convert-xlsx PATH";
    let cmd = args.get(1).ok_or(usage)?;
    match cmd.as_str() {
        "generate-csv" => {
            let rows: usize = args.get(2).ok_or(usage)?.parse()?;
            let mut out = BufWriter::new(File::create(args.get(3).ok_or(usage)?)?);
            convert_support::write_ctdc_2018(&mut out, rows, 42)?;
        }
        "generate-xlsx" => {
            let rows: usize = args.get(2).ok_or(usage)?.parse()?;
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet_with_constant_memory();
            let mut rng = convert_support::Rng(42);
            for (c, h) in convert_support::CTDC_2018_HEADER.iter().enumerate() {
                sheet.write_string(0, c as u16, *h)?;
            }
            for r in 0..rows {
                for (c, v) in convert_support::ctdc_2018_row(&mut rng).iter().enumerate() {
                    match v.parse::<f64>() {
                        Ok(n) => sheet.write_number(r as u32 + 1, c as u16, n)?,
                        Err(_) => sheet.write_string(r as u32 + 1, c as u16, v)?,
                    };
                }
            }
            book.save(args.get(3).ok_or(usage)?)?;
        }
        "convert-csv" | "convert-xlsx" => {
            let path = args.get(2).ok_or(usage)?;
            let options = ConvertOptions::new(
                "org.example.bench".parse()?,
                "2026-01-01T00:00:00Z".parse()?,
            );
            let converter = Converter::new(Profile::builtin("ctdc-2018")?, options);
            let before = peak_rss_kib();
            let start = Instant::now();
            let input = BufReader::new(File::open(path)?);
            let input = if cmd == "convert-csv" {
                Input::Csv(input)
            } else {
                Input::Workbook(input, WorkbookFormat::Xlsx)
            };
            let mut records = BufWriter::new(std::io::sink());
            let report = converter.run(input, &mut records, &mut std::io::sink())?;
            let secs = start.elapsed().as_secs_f64();
            println!(
                "rows {} records {} rejects {} empty {} in {:.2} s: {:.0} rows/s",
                report.rows_read,
                report.records_written,
                report.rows_rejected,
                report.empty_rows,
                secs,
                report.rows_read as f64 / secs
            );
            println!(
                "peak RSS (VmHWM): {} KiB before the conversion, {} KiB after",
                before.unwrap_or(0),
                peak_rss_kib().unwrap_or(0)
            );
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
