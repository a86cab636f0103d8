//! Large structured documents built from fuzzer bytes: one of the published examples with one
//! part made long (a list of pseudonyms, a note of identifiers, many indicators, many
//! languages), from pieces the bytes choose. Sizes reach the 4 MiB limit, so that a quadratic
//! check costs seconds and shows as a libFuzzer timeout.

use arbitrary::{Result, Unstructured};
use serde_json::{Value, json};

const CASE: &str = include_str!("../../schemas/1.1/examples/valid/case-tt-domestic-work.json");
const INDICATORS: &str =
    include_str!("../../schemas/1.1/examples/valid/indicators-tt-2024-victims.json");

/// At most this many repetitions of the chosen piece (the documents stay under about 4 MiB).
const MAX_ITEMS: u32 = 100_000;

/// Pieces of free text that make the scanner's findings collide.
const NOTE_PIECES: &[&str] = &[
    "ana@example.org ",
    "a@b.org@c.org ",
    "+1 868 555 0100 ",
    "(868) 555-0100 ",
    "3456-7890 ",
    "passport AB123456 ",
    "ID: 4567 8901 ",
    "pasaporte N° RD 004512 3 ",
    "cédula 001-1234567-8 ",
    "2021-07-15 ",
    "passport ",
    "@",
    "-",
    " ",
    "ñ",
];

/// Items of `subject.pseudonyms`: distinct well-formed ones, malformed ones, repeats.
fn pseudonym(u: &mut Unstructured<'_>, i: u32) -> Result<Value> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => json!(format!("ps1:k:{:a>32}", to_base32(i))),
        1 => json!(format!("ps1:k:{i}")),
        2 => json!(format!("p{i}")),
        _ => json!("ps1:k:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    })
}

fn to_base32(mut n: u32) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = Vec::new();
    loop {
        out.push(ALPHABET[(n % 32) as usize]);
        n /= 32;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The document the bytes describe; a byte string too short to choose gives a small one.
pub fn document(data: &[u8]) -> Vec<u8> {
    let mut u = Unstructured::new(data);
    build(&mut u).unwrap_or_else(|_| CASE.as_bytes().to_vec())
}

fn build(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let shape = u.int_in_range(0..=4u8)?;
    let n = u.int_in_range(0..=MAX_ITEMS)?;
    // the same few items repeated: cheap to describe, large once built
    let mut doc: Value = serde_json::from_str(if shape == 3 { INDICATORS } else { CASE })
        .map_err(|_| arbitrary::Error::IncorrectFormat)?;
    match shape {
        0 => {
            let mut items = Vec::with_capacity(n as usize);
            for i in 0..n {
                items.push(pseudonym(u, i)?);
            }
            doc["subject"]["pseudonyms"] = Value::Array(items);
        }
        1 | 2 => {
            let mut note = String::new();
            let pieces: Vec<&str> = (0..u.int_in_range(1..=8u8)?)
                .map(|_| u.choose(NOTE_PIECES).copied())
                .collect::<Result<_>>()?;
            for i in 0..n as usize {
                note.push_str(pieces[i % pieces.len()]);
            }
            let field = if shape == 1 { "note" } else { "provider" };
            doc["assistance"][0][field] = Value::String(note);
        }
        3 => {
            let repeat = u.arbitrary::<bool>()?;
            let indicators: Vec<Value> = (0..n / 8)
                .map(|i| {
                    let id = if repeat { i % 7 } else { i };
                    json!({
                        "id": format!("i{id}"),
                        "kind": "victims_identified",
                        "unit": "persons",
                        "dimensions": [],
                        "cells": [{"coordinates": {}, "value": {"status": "exact", "count": 50}}]
                    })
                })
                .collect();
            doc["indicators"] = Value::Array(indicators);
        }
        _ => {
            let wrong = u.arbitrary::<bool>()?;
            let languages: Vec<Value> = (0..n)
                .map(|i| {
                    if wrong {
                        json!(i)
                    } else {
                        json!(format!("l{i}"))
                    }
                })
                .collect();
            doc["subject"]["languages"] = Value::Array(languages);
        }
    }
    serde_json::to_vec(&doc).map_err(|_| arbitrary::Error::IncorrectFormat)
}
