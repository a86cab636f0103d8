//! Generators of the crafted documents of issue 8, item 1: inputs whose size a partner (or an
//! attacker) chooses and that once cost time quadratic in their size. Shared by
//! `tests/adversarial.rs` (behaviour on large inputs) and `benches/adversarial.rs` (time per
//! byte as they grow), so that the bench measures exactly what the tests check.
//!
//! Every document is synthetic: the pseudonyms, addresses, numbers and ids are made up.

#![allow(dead_code)]

use serde_json::{Value, json};

/// The reference time the invalid examples' README names.
pub const REFERENCE_TIME: &str = "2026-01-01T00:00:00Z";

fn example(name: &str) -> Value {
    let path = format!(
        "{}/schemas/1.0/examples/valid/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("a published example");
    serde_json::from_str(&text).expect("a JSON example")
}

fn bytes(doc: &Value) -> Vec<u8> {
    serde_json::to_vec(doc).expect("serializable")
}

/// A well-formed `ps1` pseudonym numbered `i` (32 base32 characters, distinct for each `i`).
pub fn pseudonym(i: usize) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut value = String::with_capacity(32);
    let mut n = i as u64 ^ 0x9e37_79b9_7f4a_7c15;
    for k in 0..32 {
        // a simple mix so that the characters vary at every position, injective in `i`
        // through the first 13 characters (5 bits each hold the 64 bits of `n`)
        let c = if k < 13 {
            (n >> (5 * k)) & 31
        } else {
            n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            n >> 59
        };
        value.push(char::from(ALPHABET[c as usize]));
    }
    format!("ps1:tt-ctu-2026:{value}")
}

/// A case whose subject lists `n` distinct pseudonyms (`subject.pseudonyms`, a `UniqueList`).
/// With `repeat_last`, the last one repeats the first.
pub fn case_with_pseudonyms(n: usize, repeat_last: bool) -> Vec<u8> {
    let mut doc = example("case-tt-domestic-work.json");
    let mut list: Vec<Value> = (0..n).map(|i| Value::String(pseudonym(i))).collect();
    if repeat_last && n > 1 {
        list[n - 1] = list[0].clone();
    }
    doc["subject"]["pseudonyms"] = Value::Array(list);
    bytes(&doc)
}

/// The kinds of identifier a crafted note is full of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// `ana12@example.org`
    Email,
    /// `+1 868 555 0012`
    Phone,
    /// `passport AB000012`
    Document,
}

/// A free-text note with `n` synthetic identifiers of one kind, separated by words.
pub fn note(kind: NoteKind, n: usize) -> String {
    let mut text = String::with_capacity(n * 24);
    for i in 0..n {
        match kind {
            NoteKind::Email => text.push_str(&format!("ana{i}@example.org, ")),
            NoteKind::Phone => text.push_str(&format!("tel +1 868 555 {:04}, ", i % 10_000)),
            NoteKind::Document => text.push_str(&format!("passport AB{i:06}, ")),
        }
    }
    text
}

/// A case whose first assistance note holds [`note`]`(kind, n)`.
pub fn case_with_note(kind: NoteKind, n: usize) -> Vec<u8> {
    let mut doc = example("case-tt-domestic-work.json");
    doc["assistance"][0]["note"] = Value::String(note(kind, n));
    bytes(&doc)
}

/// An indicator set with `n` small indicators (one exact cell each, no dimension). With
/// `repeat_last`, the last one has the id of the first.
pub fn indicator_set(n: usize, repeat_last: bool) -> Vec<u8> {
    let mut doc = example("indicators-tt-2024-victims.json");
    let indicators: Vec<Value> = (0..n)
        .map(|i| {
            let id = if repeat_last && n > 1 && i == n - 1 {
                "i0".to_owned()
            } else {
                format!("i{i}")
            };
            json!({
                "id": id,
                "kind": "victims_identified",
                "unit": "persons",
                "dimensions": [],
                "cells": [{"coordinates": {}, "value": {"status": "exact", "count": 50}}]
            })
        })
        .collect();
    doc["indicators"] = Value::Array(indicators);
    bytes(&doc)
}

/// A case whose `subject.languages` holds `n` distinct integers: `n` schema issues (wrong
/// type), each at its own pointer, for `schema::validate_payload`.
pub fn case_with_schema_issues(n: usize) -> Vec<u8> {
    let mut doc = example("case-tt-domestic-work.json");
    doc["subject"]["languages"] = Value::Array((0..n).map(|i| json!(i)).collect());
    bytes(&doc)
}
