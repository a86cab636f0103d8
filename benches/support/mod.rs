//! A fixed-seed generator of varied, valid records for the throughput bench (and any test
//! that wants many records): built on the published valid examples and the crate's own
//! vocabularies. Every generated record passes `validate_slice` with no issue at
//! [`reference_time`]; the invalid variant carries at least one error.
//!
//! No personal data: identifiers, organizations and names are synthetic.
#![allow(dead_code)]

use ctip_exchange::types::{CountryCode, LanguageCode, Timestamp};
use ctip_exchange::validate::{ValidationOptions, validate_slice};
use ctip_exchange::vocab::*;
use serde_json::{Value, json};

/// The reference time the generated records are valid at.
pub fn reference_time() -> Timestamp {
    "2026-01-01T00:00:00Z".parse().expect("timestamp")
}

pub fn options() -> ValidationOptions {
    ValidationOptions::at(reference_time())
}

/// splitmix64: small, fixed, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// `count` distinct items (or all of them), in random order.
    pub fn distinct<T: Copy + PartialEq>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut out = Vec::new();
        let count = count.min(items.len());
        while out.len() < count {
            let x = *self.pick(items);
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}

/// The version the generated records declare: the one this build writes.
pub const VERSION: &str = "1.1";

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/1.1/examples/valid/");

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{EXAMPLES}{name}")).expect("example");
    serde_json::from_str(&text).expect("example parses")
}

fn codes<V: Vocabulary>(rng: &mut Rng, max: usize) -> Value {
    let n = rng.below(max + 1);
    let all: Vec<&'static str> = V::ALL.iter().map(|v| v.code()).collect();
    json!(rng.distinct(&all, n))
}

fn code<V: Vocabulary>(rng: &mut Rng) -> Value {
    json!(rng.pick(V::ALL).code())
}

struct Pools {
    countries: Vec<&'static str>,
    languages: Vec<&'static str>,
}

impl Pools {
    fn new() -> Pools {
        Pools {
            countries: CountryCode::all().map(|c| c.as_str()).collect(),
            languages: LanguageCode::all().map(|c| c.as_str()).collect(),
        }
    }
    fn country(&self, rng: &mut Rng) -> Value {
        json!(rng.pick(&self.countries))
    }
    fn countries(&self, rng: &mut Rng, max: usize) -> Value {
        let n = 1 + rng.below(max);
        json!(rng.distinct(&self.countries, n))
    }
    fn languages(&self, rng: &mut Rng, max: usize) -> Value {
        // mostly the region's languages, sometimes any code of the table
        let common = [
            "en", "es", "fr", "nl", "ht", "pap", "srn", "jam", "pt", "hi", "zh",
        ];
        let n = 1 + rng.below(max);
        let mut out: Vec<&str> = Vec::new();
        while out.len() < n {
            let l = if rng.chance(50) {
                *rng.pick(&common)
            } else {
                *rng.pick(&self.languages)
            };
            if !out.contains(&l) {
                out.push(l);
            }
        }
        json!(out)
    }
}

fn record_id(rng: &mut Rng, prefix: &str, n: usize) -> Value {
    json!(format!("{prefix}-{:x}-{n}", rng.next() & 0xffff_ffff))
}

fn extensions(rng: &mut Rng) -> Value {
    let mut ext = serde_json::Map::new();
    for i in 0..rng.below(4) {
        let value = match rng.below(4) {
            0 => json!(format!("class-{}", rng.below(9))),
            1 => json!(rng.below(10_000)),
            2 => json!({"due": "2025-06", "flags": [rng.below(5), rng.below(5)]}),
            _ => json!([true, null, 1.5]),
        };
        ext.insert(format!("org.example.field{i}"), value);
    }
    Value::Object(ext)
}

fn set(v: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = v.pointer_mut(pointer) {
        *slot = value;
    }
}

fn case_candidate(rng: &mut Rng, templates: &[Value], pools: &Pools, n: usize) -> Value {
    let mut v = rng.pick(templates).clone();
    set(&mut v, "/id", record_id(rng, "case", n));
    set(&mut v, "/subject/gender", code::<Gender>(rng));
    set(&mut v, "/subject/citizenships", pools.countries(rng, 2));
    set(&mut v, "/subject/languages", pools.languages(rng, 3));
    set(
        &mut v,
        "/subject/vulnerabilities",
        codes::<Vulnerability>(rng, 4),
    );
    set(&mut v, "/subject/education", code::<EducationLevel>(rng));
    set(
        &mut v,
        "/trafficking/means_of_control",
        codes::<MeansOfControl>(rng, 5),
    );
    set(
        &mut v,
        "/trafficking/recruitment_methods",
        codes::<RecruitmentMethod>(rng, 2),
    );
    if let Some(events) = v
        .pointer_mut("/trafficking/events")
        .and_then(Value::as_array_mut)
    {
        for e in events {
            e["country"] = pools.country(rng);
        }
    }
    if let Some(perps) = v.pointer_mut("/perpetrators").and_then(Value::as_array_mut) {
        for p in perps {
            if p.get("citizenship").is_some() {
                p["citizenship"] = pools.country(rng);
            }
        }
    }
    if let Some(a) = v.pointer_mut("/assistance").and_then(Value::as_array_mut) {
        for item in a {
            if rng.chance(50)
                && let Some(o) = item.as_object_mut()
            {
                o.remove("note");
            }
        }
    }
    if rng.chance(30)
        && let Some(o) = v.as_object_mut()
    {
        o.remove("updated_at");
    }
    v["extensions"] = extensions(rng);
    v
}

fn referral_candidate(rng: &mut Rng, templates: &[Value], pools: &Pools, n: usize) -> Value {
    let mut v = rng.pick(templates).clone();
    set(&mut v, "/id", record_id(rng, "ref", n));
    set(&mut v, "/subject/gender", code::<Gender>(rng));
    set(&mut v, "/subject/languages", pools.languages(rng, 3));
    v["extensions"] = extensions(rng);
    v
}

/// An indicator set without suppression: exact counts at or above the threshold, margins
/// that are the exact sums.
fn indicator_candidate(rng: &mut Rng, pools: &Pools, n: usize) -> Value {
    let sexes = ["female", "male", "other", "unknown"];
    let ages = ["0-17", "18+", "unknown"];
    let mut indicators = Vec::new();
    for (i, kind) in [
        "victims_identified",
        "persons_prosecuted",
        "persons_convicted",
    ]
    .iter()
    .enumerate()
    .take(1 + rng.below(3))
    {
        let mut cells = Vec::new();
        let mut by_sex = [0u64; 4];
        let mut total = 0;
        for age in ages {
            let mut row = 0;
            for (s, sex) in sexes.iter().enumerate() {
                let count = 11 + rng.below(90) as u64;
                row += count;
                by_sex[s] += count;
                cells.push(json!({"coordinates": {"age_group": age, "sex": sex}, "value": {"status": "exact", "count": count}}));
            }
            total += row;
            cells.push(json!({"coordinates": {"age_group": age, "sex": "total"}, "value": {"status": "exact", "count": row}}));
        }
        for (s, sex) in sexes.iter().enumerate() {
            cells.push(json!({"coordinates": {"age_group": "total", "sex": sex}, "value": {"status": "exact", "count": by_sex[s]}}));
        }
        cells.push(json!({"coordinates": {"age_group": "total", "sex": "total"}, "value": {"status": "exact", "count": total}}));
        indicators.push(json!({
            "id": format!("ind-{i}"),
            "kind": kind,
            "unit": "persons",
            "iccs": "0204",
            "dimensions": [{"dimension": "age_group"}, {"dimension": "sex"}],
            "cells": cells,
        }));
    }
    json!({
        "record_type": "indicator_set",
        "schema_version": VERSION,
        "id": record_id(rng, "is", n),
        "producer": "org.example.stats",
        "created_at": "2025-03-31T12:00:00Z",
        "period": {"start": "2024", "end": "2024"},
        "geography": {"countries": pools.countries(rng, 4)},
        "indicators": indicators,
        "disclosure": {"methods": ["threshold_suppression"], "threshold": 11},
        "extensions": extensions(rng),
    })
}

/// Generates `n` records from `candidate`, keeping only those valid with no issue.
fn generate(n: usize, mut candidate: impl FnMut(usize) -> Value) -> Vec<String> {
    let options = options();
    let mut out = Vec::with_capacity(n);
    let mut tries = 0;
    while out.len() < n {
        tries += 1;
        assert!(
            tries < n * 4 + 100,
            "the generator makes too many invalid records"
        );
        let text = serde_json::to_string(&candidate(out.len())).expect("serializes");
        let (record, report) = validate_slice(text.as_bytes(), &options);
        if record.is_some() && report.issues.is_empty() {
            out.push(text);
        }
    }
    out
}

/// `n` varied valid cases.
pub fn cases(n: usize, seed: u64) -> Vec<String> {
    let templates = [
        example("case-gy-mining.json"),
        example("case-jm-sexual-exploitation.json"),
        example("case-tt-domestic-work.json"),
    ];
    let pools = Pools::new();
    let mut rng = Rng::new(seed);
    generate(n, |i| case_candidate(&mut rng, &templates, &pools, i))
}

/// `n` varied valid cases that use the fields version 1.1 added (proceedings, needs,
/// protective measures), from the 1.1 examples that carry them.
pub fn cases_with_1_1_fields(n: usize, seed: u64) -> Vec<String> {
    let templates = [
        example("case-proceedings-tt-high-court.json"),
        example("case-support-jm-timely.json"),
    ];
    let pools = Pools::new();
    let mut rng = Rng::new(seed);
    generate(n, |i| case_candidate(&mut rng, &templates, &pools, i))
}

fn tip_candidate(rng: &mut Rng, templates: &[Value], n: usize) -> Value {
    let mut v = rng.pick(templates).clone();
    set(&mut v, "/id", record_id(rng, "tip", n));
    if v.get("exploitation_types").is_some() {
        v["exploitation_types"] = codes::<ExploitationType>(rng, 3);
    }
    if v.get("indicators_observed").is_some() {
        v["indicators_observed"] = codes::<MeansOfControl>(rng, 3);
    }
    v["channel"] = code::<TipChannel>(rng);
    v["extensions"] = extensions(rng);
    v
}

/// `n` varied valid tips (record type added in 1.1).
pub fn tips(n: usize, seed: u64) -> Vec<String> {
    let templates = [
        example("tip-gy-messaging-app-referred.json"),
        example("tip-jm-web-form-unfounded.json"),
        example("tip-tt-hotline-case-opened.json"),
        example("tip-tt-sms-minimal.json"),
    ];
    let mut rng = Rng::new(seed);
    generate(n, |i| tip_candidate(&mut rng, &templates, i))
}

/// `n` varied valid referrals.
pub fn referrals(n: usize, seed: u64) -> Vec<String> {
    let templates = [
        example("referral-gy-repatriation-requested.json"),
        example("referral-jm-child-override.json"),
        example("referral-tt-shelter-completed.json"),
    ];
    let pools = Pools::new();
    let mut rng = Rng::new(seed);
    generate(n, |i| referral_candidate(&mut rng, &templates, &pools, i))
}

/// `n` varied valid indicator sets without suppression.
pub fn indicator_sets(n: usize, seed: u64) -> Vec<String> {
    let pools = Pools::new();
    let mut rng = Rng::new(seed);
    generate(n, |i| indicator_candidate(&mut rng, &pools, i))
}

/// The same records with about 1% made invalid (each with at least one error): an unknown
/// country code, an unknown field, a wrong type, or an unknown vocabulary code.
pub fn with_invalid(records: &[String], seed: u64) -> Vec<String> {
    let options = options();
    let mut rng = Rng::new(seed);
    records
        .iter()
        .map(|text| {
            if !rng.chance(1) {
                return text.clone();
            }
            let mut v: Value = serde_json::from_str(text).expect("parses");
            match rng.below(4) {
                0 => v["geography_or_subject_typo"] = json!("x"),
                1 => v["created_at"] = json!(20240101),
                2 => v["id"] = json!("NOT A VALID ID"),
                _ => v["schema_version"] = json!(7),
            }
            let bad = serde_json::to_string(&v).expect("serializes");
            let (_, report) = validate_slice(bad.as_bytes(), &options);
            assert!(!report.is_valid(), "the invalid variant is invalid");
            bad
        })
        .collect()
}

/// Synthetic names: with diacritics, and plain ASCII.
pub const NAMES_DIACRITIC: [(&str, &str); 6] = [
    ("Marie-Thérèse", "Désir Saint-Fleur"),
    ("José Ángel", "Peña Muñoz"),
    ("Françoise", "Lefèvre-Aubé"),
    ("Zoë", "Ñúñez Ibáñez"),
    ("Anaïs", "Brûlé Çelik"),
    ("Renée", "Dvořák"),
];
pub const NAMES_ASCII: [(&str, &str); 6] = [
    ("Marie Therese", "Desir Saint-Fleur"),
    ("Jose Angel", "Pena Munoz"),
    ("Kimberly", "Ramdass"),
    ("Shanice", "O'Connor-Baptiste"),
    ("Devon", "McIntosh"),
    ("Aaliyah", "Persaud"),
];
/// Synthetic document numbers (issuing country, number as written).
pub const DOCUMENTS: [(&str, &str); 6] = [
    ("HT", "RD 004-512 3"),
    ("TT", "TA123456"),
    ("VE", "v-12.345.678"),
    ("JM", "A1234567"),
    ("GY", "r 0099 112"),
    ("DO", "SC-778 901"),
];
