//! Pseudonyms per second, beside raw HMAC-SHA-256 of the same bytes.
//!
//! Run: `cargo bench --bench pseudonym -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ctip_exchange::pseudonym::{
    DocumentType, IdentityDocument, KeySet, PersonName, Pseudonymizer, SecretKey,
};
use ctip_exchange::types::PartialDate;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

fn field(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

fn raw_hmac(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// What each pseudonym would cost without the cache of derived keys: HKDF, then HMAC.
fn uncached(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut derived = [0u8; 32];
    hkdf::Hkdf::<Sha256>::new(Some(b"ctip-exchange/ps1"), key)
        .expand(b"ctip-exchange/ps1/subject-linkage/document", &mut derived)
        .unwrap();
    raw_hmac(&derived, message)
}

fn bench(c: &mut Criterion) {
    let key = SecretKey::from_bytes("bench".parse().unwrap(), [7; 32]);
    let pz = Pseudonymizer::new(&KeySet::new(key), "subject-linkage".parse().unwrap());
    let raw_key = [9u8; 32];

    let mut g = c.benchmark_group("document");
    g.throughput(Throughput::Elements(1));
    g.bench_function("pseudonym (normalize + HMAC)", |b| {
        b.iter(|| {
            let doc = IdentityDocument::new(
                DocumentType::Passport,
                "HT".parse().unwrap(),
                black_box("RD 004-512 3"),
            )
            .unwrap();
            pz.document(&doc)
        })
    });
    let doc =
        IdentityDocument::new(DocumentType::Passport, "HT".parse().unwrap(), "RD0045123").unwrap();
    g.bench_function("pseudonym (normalized input)", |b| {
        b.iter(|| pz.document(black_box(&doc)))
    });
    let mut msg = Vec::new();
    field(&mut msg, 0x10, b"HT");
    field(&mut msg, 0x11, b"passport");
    field(&mut msg, 0x12, b"RD0045123");
    g.bench_function("raw HMAC-SHA-256", |b| {
        b.iter(|| raw_hmac(black_box(&raw_key), black_box(&msg)))
    });
    g.bench_function("uncached HKDF + HMAC-SHA-256", |b| {
        b.iter(|| uncached(black_box(&raw_key), black_box(&msg)))
    });
    g.finish();

    let mut g = c.benchmark_group("name_birth_date");
    g.throughput(Throughput::Elements(1));
    let born: PartialDate = "1998-03-21".parse().unwrap();
    g.bench_function("pseudonym (normalize + HMAC)", |b| {
        b.iter(|| {
            let name =
                PersonName::labelled(black_box("Marie-Thérèse"), black_box("Désir Saint-Fleur"))
                    .unwrap();
            pz.name_and_birth_date(&name, born)
        })
    });
    let name = PersonName::labelled("Marie-Thérèse", "Désir Saint-Fleur").unwrap();
    g.bench_function("pseudonym (normalized input)", |b| {
        b.iter(|| pz.name_and_birth_date(black_box(&name), born))
    });
    let mut msg = Vec::new();
    field(&mut msg, 0x01, "marie therese".as_bytes());
    field(&mut msg, 0x02, "desir saint fleur".as_bytes());
    field(&mut msg, 0x04, b"1998-03-21");
    g.bench_function("raw HMAC-SHA-256", |b| {
        b.iter(|| raw_hmac(black_box(&raw_key), black_box(&msg)))
    });
    g.finish();
}

fn bench_scan(c: &mut Criterion) {
    let paragraph = "La víctima fue identificada en el puerto; refiere que su pasaporte N° RD 004512 3 \
        fue retenido por el empleador. Contacto de la trabajadora social: ts.norte@example.org, \
        tel. +1 (868) 555-0100. Identified on 2021-07-15 with 3 other women aged 19 to 24. ";
    let text = paragraph.repeat(8);
    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("scan 2.6 KB of free text", |b| {
        b.iter(|| ctip_exchange::pseudonym::scan(black_box(&text)))
    });
    g.finish();
}

criterion_group!(benches, bench, bench_scan);
criterion_main!(benches);
