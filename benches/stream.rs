//! The library's streaming validation of NDJSON (`validate::stream`): one thread
//! (`validate_ndjson`) against `validate_ndjson_parallel` on pools of one and two threads,
//! interleaved in one run over the same file of generated varied records (the bench's
//! `support` generator: valid cases, referrals and tips, with 1% invalid cases), and the peak
//! resident memory of a child process that streams a large file.
//!
//! Run: `cargo bench --features parallel --bench stream` (env `STREAM_ROUNDS`, default 5;
//! `STREAM_RECORDS`, default 30000 lines; `STREAM_LARGE_MB=1024` also writes a file of that
//! many MiB and reports the peak RSS of a child process validating it on each path). The
//! `map_on_pool` rows reduce each verdict to its report on the pool, as `ctip validate` does.

mod support;

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use ctip_exchange::validate::stream::{validate_ndjson, validate_ndjson_parallel};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[v.len() / 2]
}

/// The generated lines: cases (1% invalid), referrals and tips, mixed.
fn lines(n: usize) -> Vec<String> {
    let cases = support::with_invalid(&support::cases(n / 2, 31), 32);
    let referrals = support::referrals(n / 4, 33);
    let tips = support::tips(n - n / 2 - n / 4, 34);
    let mut out = Vec::with_capacity(n);
    let (mut c, mut r, mut t) = (cases.into_iter(), referrals.into_iter(), tips.into_iter());
    loop {
        let mut any = false;
        for line in [c.next(), c.next(), r.next(), t.next()]
            .into_iter()
            .flatten()
        {
            out.push(line);
            any = true;
        }
        if !any {
            return out;
        }
    }
}

/// Validates the file; (lines, invalid lines). `threads` 0: the sequential iterator;
/// `on_pool`: the verdicts are reduced to the report on the pool (`map_on_pool`), so the
/// records are freed on the threads that allocated them.
fn run(path: &Path, threads: usize, on_pool: bool) -> (usize, usize) {
    let options = support::options();
    let reader = BufReader::with_capacity(1 << 16, File::open(path).expect("open"));
    // (lines, invalid lines) of the validity of each line
    let count = |it: &mut dyn Iterator<Item = std::io::Result<bool>>| {
        let (mut n, mut bad) = (0, 0);
        for valid in it {
            n += 1;
            if !valid.expect("read") {
                bad += 1;
            }
        }
        (n, bad)
    };
    if threads == 0 {
        return count(&mut validate_ndjson(reader, &options).map(|v| Ok(v?.report.is_valid())));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    let it = validate_ndjson_parallel(reader, &options).in_pool(&pool);
    if on_pool {
        count(&mut it.map_on_pool(|v| v.report.is_valid()))
    } else {
        count(&mut it.map(|v| Ok(v?.report.is_valid())))
    }
}

/// The peak resident set of this process, in KiB (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // the child: stream one file, print lines, seconds and peak RSS
    if let (Ok(file), Ok(threads)) = (
        std::env::var("STREAM_CHILD_FILE"),
        std::env::var("STREAM_CHILD_THREADS"),
    ) {
        let start = Instant::now();
        let on_pool = std::env::var_os("STREAM_CHILD_ON_POOL").is_some();
        let (n, bad) = run(Path::new(&file), threads.parse().expect("threads"), on_pool);
        println!(
            "{n} {bad} {:.3} {}",
            start.elapsed().as_secs_f64(),
            peak_rss_kib().unwrap_or(0)
        );
        return;
    }

    let n = env_or("STREAM_RECORDS", 30_000);
    let rounds = env_or("STREAM_ROUNDS", 5);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("records.ndjson");
    let lines = lines(n);
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    {
        let mut w = BufWriter::new(File::create(&path).expect("create"));
        for l in &lines {
            writeln!(w, "{l}").expect("write");
        }
        w.flush().expect("flush");
    }
    eprintln!("{} lines, {:.1} MB", lines.len(), bytes as f64 / 1e6);
    drop(lines);

    let paths: [(&str, usize, bool); 5] = [
        ("validate_ndjson (sequential)", 0, false),
        ("validate_ndjson_parallel, 1 thread", 1, false),
        ("validate_ndjson_parallel, 2 threads", 2, false),
        ("validate_ndjson_parallel, 1 thread, map_on_pool", 1, true),
        ("validate_ndjson_parallel, 2 threads, map_on_pool", 2, true),
    ];
    let mut rates = vec![Vec::new(); paths.len()];
    let expected = run(&path, 0, false);
    for round in 0..rounds {
        for i in 0..paths.len() {
            let k = (i + round) % paths.len();
            let start = Instant::now();
            let got = run(&path, paths[k].1, paths[k].2);
            let secs = start.elapsed().as_secs_f64();
            assert_eq!(got, expected, "every path gives the same verdicts");
            rates[k].push(got.0 as f64 / secs);
        }
    }
    println!("\n| path | lines/s (median of {rounds} rounds) |");
    println!("|---|---:|");
    for (i, (name, ..)) in paths.iter().enumerate() {
        println!("| {name} | {:.0} |", median(&rates[i]));
    }
    // (ratio, numerator path, denominator path, target)
    let ratios = [
        ("2 threads / 1 thread (parallel)", 2, 1, ">= 1.8"),
        ("2 threads / sequential", 2, 0, ""),
        ("parallel 1 thread / sequential", 1, 0, ""),
        ("map_on_pool: 2 threads / 1 thread", 4, 3, ">= 1.8"),
        ("map_on_pool: 2 threads / sequential", 4, 0, ""),
    ];
    println!();
    for (name, a, b, target) in ratios {
        let r = median(&rates[a]) / median(&rates[b]);
        println!("| {name} | {r:.3} | {target} |");
    }

    let large_mb = env_or("STREAM_LARGE_MB", 0);
    if large_mb > 0 {
        let big = dir.path().join("large.ndjson");
        let text = std::fs::read(&path).expect("read");
        let mut w = BufWriter::new(File::create(&big).expect("create"));
        let mut written = 0usize;
        while written < large_mb << 20 {
            w.write_all(&text).expect("write");
            written += text.len();
        }
        w.flush().expect("flush");
        drop(text);
        println!(
            "\n| large file ({:.0} MiB) | lines | invalid | seconds | peak RSS |",
            written as f64 / (1 << 20) as f64
        );
        println!("|---|---:|---:|---:|---:|");
        for (name, threads, on_pool) in paths {
            let mut child = std::process::Command::new(std::env::current_exe().expect("exe"));
            child
                .env("STREAM_CHILD_FILE", &big)
                .env("STREAM_CHILD_THREADS", threads.to_string());
            if on_pool {
                child.env("STREAM_CHILD_ON_POOL", "1");
            }
            let out = child.output().expect("child");
            assert!(out.status.success(), "child failed");
            let text = String::from_utf8(out.stdout).expect("utf-8");
            let f: Vec<&str> = text.split_whitespace().collect();
            let rss_mib = f[3].parse::<f64>().expect("rss") / 1024.0;
            println!(
                "| {name} | {} | {} | {} | {rss_mib:.1} MiB |",
                f[0], f[1], f[2]
            );
        }
    }
}
