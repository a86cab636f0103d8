//! Throughput of every reading path on generated, varied records, all paths interleaved in
//! one run (the machine is shared and noisy: compare ratios within a run, not absolute
//! figures across runs).
//!
//! The records come from `support` (a fixed-seed generator on the published valid examples
//! and the crate's vocabularies; every record valid with no issue, plus a 1% invalid
//! variant). Each round runs every path once over its whole corpus, in a rotating order;
//! the table gives the median records/s over the rounds and the ratios the issue asks for.
//!
//! Run: `cargo bench --bench throughput` (env `THROUGHPUT_ROUNDS`, default 7;
//! `THROUGHPUT_RECORDS`, default 5000 per record type; `THROUGHPUT_ONLY=<part of a path
//! name>` runs those paths only, without the table, for a profiler).

mod support;

use std::hint::black_box;
use std::time::Instant;

use ctip_exchange::pseudonym::{
    DocumentType, IdentityDocument, KeySet, PersonName, Pseudonym, Pseudonymizer, SecretKey,
};
use ctip_exchange::types::PartialDate;
use ctip_exchange::validate::validate_slice;
use ctip_exchange::{Case, IndicatorSet, Limits, Record, Referral, Tip};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

struct Path<'a> {
    name: &'static str,
    /// Runs the path once over its corpus; returns the number of items processed.
    run: Box<dyn Fn() -> usize + 'a>,
    rates: Vec<f64>,
}

fn path<'a>(name: &'static str, run: impl Fn() -> usize + 'a) -> Path<'a> {
    Path {
        name,
        run: Box::new(run),
        rates: Vec::new(),
    }
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[v.len() / 2]
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn each<T>(records: &[String], f: impl Fn(&str) -> T) -> usize {
    for r in records {
        black_box(f(black_box(r)));
    }
    records.len()
}

fn published_validator(file: &str) -> jsonschema::Validator {
    let path = format!(
        "{}/schemas/{}/{file}",
        env!("CARGO_MANIFEST_DIR"),
        support::VERSION
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the published schema compiles")
}

fn field(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

fn main() {
    let n = env_or("THROUGHPUT_RECORDS", 5000);
    let rounds = env_or("THROUGHPUT_ROUNDS", 7);
    let started = Instant::now();
    let cases = support::cases(n, 14);
    let cases_mixed = support::with_invalid(&cases, 15);
    let referrals = support::referrals(n, 16);
    let indicators = support::indicator_sets(n / 5, 17);
    let cases_1_1 = support::cases_with_1_1_fields(n / 2, 18);
    let tips = support::tips(n, 19);
    let mut sizes: Vec<usize> = cases.iter().map(String::len).collect();
    sizes.sort_unstable();
    eprintln!(
        "generated {} cases (median {} bytes), {} cases with 1.1 fields, {} referrals, {} indicator sets, {} tips in {:.1?}",
        cases.len(),
        sizes[sizes.len() / 2],
        cases_1_1.len(),
        referrals.len(),
        indicators.len(),
        tips.len(),
        started.elapsed()
    );

    let options = support::options();
    let limits = Limits::default();
    let case_schema = published_validator("case.schema.json");
    let referral_schema = published_validator("referral.schema.json");

    // pseudonyms: the crate's full path (normalization, HMAC, `ps1:` text) against the raw
    // HMAC-SHA-256 of a message of the same shape under a key set up once (pre-keyed)
    let key = SecretKey::from_bytes("bench".parse().expect("key id"), [7; 32]);
    let pz = Pseudonymizer::new(
        &KeySet::new(key),
        "subject-linkage".parse().expect("purpose"),
    );
    let prekeyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&[9u8; 32]).expect("key");
    let born: PartialDate = "1998-03-21".parse().expect("date");
    let name_messages = |names: &[(&str, &str)]| -> Vec<Vec<u8>> {
        names
            .iter()
            .map(|(g, f)| {
                let mut m = Vec::new();
                field(&mut m, 0x01, g.to_lowercase().as_bytes());
                field(&mut m, 0x02, f.to_lowercase().as_bytes());
                field(&mut m, 0x04, b"1998-03-21");
                m
            })
            .collect()
    };
    let diacritic_msgs = name_messages(&support::NAMES_DIACRITIC);
    let ascii_msgs = name_messages(&support::NAMES_ASCII);
    let doc_msgs: Vec<Vec<u8>> = support::DOCUMENTS
        .iter()
        .map(|(c, d)| {
            let mut m = Vec::new();
            field(&mut m, 0x10, c.as_bytes());
            field(&mut m, 0x11, b"passport");
            field(
                &mut m,
                0x12,
                d.replace([' ', '-', '.'], "").to_uppercase().as_bytes(),
            );
            m
        })
        .collect();
    const PSEUDONYM_REPS: usize = 5000;
    let hmac_of = |msgs: &[Vec<u8>]| {
        let mut count = 0;
        for _ in 0..PSEUDONYM_REPS {
            for m in msgs {
                let mut mac = prekeyed.clone();
                mac.update(black_box(m));
                black_box(mac.finalize().into_bytes());
                count += 1;
            }
        }
        count
    };
    // the `ps1:` text on the stack (`Pseudonym::text`), or as an owned `String`
    // (`to_string`: one allocation more, reported beside it)
    let keep = |p: Pseudonym, owned: bool| {
        if owned {
            black_box(p.to_string());
        } else {
            black_box(p.text());
        }
    };
    let names_of = |names: &[(&'static str, &'static str)], owned: bool| {
        let mut count = 0;
        for _ in 0..PSEUDONYM_REPS {
            for (g, f) in names {
                let name = PersonName::labelled(black_box(g), black_box(f)).expect("name");
                keep(pz.name_and_birth_date(&name, born), owned);
                count += 1;
            }
        }
        count
    };
    let documents_of = |owned: bool| {
        let mut count = 0;
        for _ in 0..PSEUDONYM_REPS {
            for (c, d) in support::DOCUMENTS {
                let doc = IdentityDocument::new(
                    DocumentType::Passport,
                    c.parse().expect("country"),
                    black_box(d),
                )
                .expect("document");
                keep(pz.document(&doc), owned);
                count += 1;
            }
        }
        count
    };

    let mut paths = vec![
        path("case typed_serde_parse", || {
            each(&cases, |t| serde_json::from_str::<Case>(t).expect("parses"))
        }),
        path("case value_parse", || {
            each(&cases, |t| {
                serde_json::from_str::<serde_json::Value>(t).expect("parses")
            })
        }),
        path("case record_from_slice", || {
            each(&cases, |t| {
                Record::from_slice(t.as_bytes(), &limits).expect("parses")
            })
        }),
        path("case validate_slice", || {
            each(&cases, |t| validate_slice(t.as_bytes(), &options))
        }),
        path("case validate_slice 1% invalid", || {
            each(&cases_mixed, |t| validate_slice(t.as_bytes(), &options))
        }),
        path("case value + jsonschema is_valid", || {
            each(&cases, |t| {
                let v: serde_json::Value = serde_json::from_str(t).expect("parses");
                assert!(case_schema.is_valid(&v));
            })
        }),
        path("case schema::validate_payload", || {
            each(&cases, |t| {
                ctip_exchange::schema::validate_payload(t.as_bytes(), &options)
            })
        }),
        path("case1.1 typed_serde_parse", || {
            each(&cases_1_1, |t| {
                serde_json::from_str::<Case>(t).expect("parses")
            })
        }),
        path("case1.1 value_parse", || {
            each(&cases_1_1, |t| {
                serde_json::from_str::<serde_json::Value>(t).expect("parses")
            })
        }),
        path("case1.1 validate_slice", || {
            each(&cases_1_1, |t| validate_slice(t.as_bytes(), &options))
        }),
        path("tip typed_serde_parse", || {
            each(&tips, |t| serde_json::from_str::<Tip>(t).expect("parses"))
        }),
        path("tip value_parse", || {
            each(&tips, |t| {
                serde_json::from_str::<serde_json::Value>(t).expect("parses")
            })
        }),
        path("tip validate_slice", || {
            each(&tips, |t| validate_slice(t.as_bytes(), &options))
        }),
        path("referral typed_serde_parse", || {
            each(&referrals, |t| {
                serde_json::from_str::<Referral>(t).expect("parses")
            })
        }),
        path("referral value_parse", || {
            each(&referrals, |t| {
                serde_json::from_str::<serde_json::Value>(t).expect("parses")
            })
        }),
        path("referral validate_slice", || {
            each(&referrals, |t| validate_slice(t.as_bytes(), &options))
        }),
        path("referral value + jsonschema is_valid", || {
            each(&referrals, |t| {
                let v: serde_json::Value = serde_json::from_str(t).expect("parses");
                assert!(referral_schema.is_valid(&v));
            })
        }),
        path("referral schema::validate_payload", || {
            each(&referrals, |t| {
                ctip_exchange::schema::validate_payload(t.as_bytes(), &options)
            })
        }),
        path("indicator typed_serde_parse", || {
            each(&indicators, |t| {
                serde_json::from_str::<IndicatorSet>(t).expect("parses")
            })
        }),
        path("indicator value_parse", || {
            each(&indicators, |t| {
                serde_json::from_str::<serde_json::Value>(t).expect("parses")
            })
        }),
        path("indicator validate_slice", || {
            each(&indicators, |t| validate_slice(t.as_bytes(), &options))
        }),
        path("pseudonym prekeyed HMAC (names, diacritics)", || {
            hmac_of(&diacritic_msgs)
        }),
        path(
            "pseudonym names with diacritics (text on the stack)",
            || names_of(&support::NAMES_DIACRITIC, false),
        ),
        path("pseudonym prekeyed HMAC (names, ASCII)", || {
            hmac_of(&ascii_msgs)
        }),
        path("pseudonym names ASCII (text on the stack)", || {
            names_of(&support::NAMES_ASCII, false)
        }),
        path("pseudonym names ASCII (to_string)", || {
            names_of(&support::NAMES_ASCII, true)
        }),
        path("pseudonym prekeyed HMAC (documents)", || hmac_of(&doc_msgs)),
        path("pseudonym documents (text on the stack)", || {
            documents_of(false)
        }),
        path("pseudonym documents (to_string)", || documents_of(true)),
    ];

    // THROUGHPUT_ONLY=substring: only the paths whose name contains it (for profiling)
    if let Ok(only) = std::env::var("THROUGHPUT_ONLY") {
        paths.retain(|p| p.name.contains(only.as_str()));
        for _ in 0..rounds {
            for p in &paths {
                black_box((p.run)());
            }
        }
        return;
    }

    // check every valid record is valid on the paths that say so, once
    for t in cases
        .iter()
        .chain(&cases_1_1)
        .chain(&tips)
        .chain(&referrals)
        .chain(&indicators)
    {
        let (record, report) = validate_slice(t.as_bytes(), &options);
        assert!(record.is_some() && report.issues.is_empty());
        let (record, report) = ctip_exchange::schema::validate_payload(t.as_bytes(), &options);
        assert!(record.is_some() && report.issues.is_empty(), "{report}");
    }

    for round in 0..rounds {
        let k = paths.len();
        for i in 0..k {
            let p = &mut paths[(i + round) % k];
            let start = Instant::now();
            let count = (p.run)();
            let secs = start.elapsed().as_secs_f64();
            p.rates.push(count as f64 / secs);
        }
        eprintln!("round {} done at {:.1?}", round + 1, started.elapsed());
    }

    let rate = |name: &str| {
        median(
            &paths
                .iter()
                .find(|p| p.name == name)
                .expect("a path of that name")
                .rates,
        )
    };
    println!("\n| path | records/s (median of {rounds} rounds) |");
    println!("|---|---:|");
    for p in &paths {
        println!("| {} | {:.0} |", p.name, median(&p.rates));
    }
    println!("\n| ratio | value | target |");
    println!("|---|---:|---|");
    let ratio = |label: &str, a: &str, b: &str, target: &str| {
        println!("| {label} | {:.3} | {target} |", rate(a) / rate(b));
    };
    for t in ["case", "case1.1", "tip", "referral", "indicator"] {
        let a = format!("{t} validate_slice");
        let typed = format!("{t} typed_serde_parse");
        let value = format!("{t} value_parse");
        ratio(
            &format!("{t}: validate_slice / typed_serde_parse"),
            &a,
            &typed,
            ">= 0.95 (new types); >= 1.0 of the baseline typed parse",
        );
        ratio(
            &format!("{t}: typed_serde_parse / value_parse"),
            &typed,
            &value,
            "(yardstick: compare across runs)",
        );
        ratio(
            &format!("{t}: validate_slice / value_parse"),
            &a,
            &value,
            ">= the baseline run's typed / value",
        );
    }
    ratio(
        "case: record_from_slice / typed_serde_parse",
        "case record_from_slice",
        "case typed_serde_parse",
        "",
    );
    ratio(
        "case: validate_slice 1% invalid / typed_serde_parse",
        "case validate_slice 1% invalid",
        "case typed_serde_parse",
        "",
    );
    for t in ["case", "referral"] {
        ratio(
            &format!("{t}: validate_payload / (value + is_valid)"),
            &format!("{t} schema::validate_payload"),
            &format!("{t} value + jsonschema is_valid"),
            ">= 2.0",
        );
    }
    // (what, path, its pre-keyed HMAC, target): the ps1 text on the stack, then as an owned
    // String beside it
    for (label, path, hmac, target) in [
        (
            "diacritic names, text on the stack",
            "pseudonym names with diacritics (text on the stack)",
            "pseudonym prekeyed HMAC (names, diacritics)",
            ">= 0.25",
        ),
        (
            "ASCII names, text on the stack",
            "pseudonym names ASCII (text on the stack)",
            "pseudonym prekeyed HMAC (names, ASCII)",
            ">= 0.50",
        ),
        (
            "documents, text on the stack",
            "pseudonym documents (text on the stack)",
            "pseudonym prekeyed HMAC (documents)",
            ">= 0.70",
        ),
        (
            "ASCII names as an owned String",
            "pseudonym names ASCII (to_string)",
            "pseudonym prekeyed HMAC (names, ASCII)",
            "(beside the rows above)",
        ),
        (
            "documents as an owned String",
            "pseudonym documents (to_string)",
            "pseudonym prekeyed HMAC (documents)",
            "(beside the rows above)",
        ),
    ] {
        ratio(
            &format!("pseudonym: {label} / prekeyed HMAC"),
            path,
            hmac,
            target,
        );
    }
}
