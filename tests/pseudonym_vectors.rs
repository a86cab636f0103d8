//! The crate reproduces every test vector of `schemas/1.0/vectors/pseudonyms.json`.
//!
//! To (re)compute the expected values after adding inputs to the file, run
//! `CTIP_WRITE_VECTORS=1 cargo test --test pseudonym_vectors`, then check that
//! `python3 scripts/pseudonyms_reference.py` (written from the specification alone) agrees.

use std::collections::{BTreeMap, HashSet};

use ctip_exchange::pseudonym::{
    DateShift, DocumentType, EmailAddress, Identifier, IdentityDocument, KeySet, PersonName,
    PhoneNumber, Pseudonym, PseudonymError, PseudonymInput, Pseudonymizer, SecretKey,
};
use ctip_exchange::types::{CountryCode, PartialDate};
use data_encoding::BASE64URL_NOPAD;
use serde_json::{Value, json};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schemas/1.0/vectors/pseudonyms.json"
);

fn text<'a>(input: &'a Value, member: &str) -> Result<&'a str, PseudonymError> {
    input[member].as_str().ok_or(PseudonymError::InvalidInput {
        field: "vector",
        expected: "a string member",
    })
}

fn invalid(field: &'static str) -> PseudonymError {
    PseudonymError::InvalidInput {
        field,
        expected: "valid vector input",
    }
}

/// What one vector computes: (message hex, pseudonym) or (offset, shifted date).
fn compute(pz: &Pseudonymizer, kind: &str, input: &Value) -> Result<Value, PseudonymError> {
    let with = |input: PseudonymInput<'_>| {
        let message = input.message();
        let hex: String = message.iter().map(|b| format!("{b:02x}")).collect();
        Ok(json!({ "message_hex": hex, "pseudonym": pz.pseudonymize(input).to_string() }))
    };
    match kind {
        "name-birth-date" => {
            let birth: PartialDate = text(input, "birth_date")?
                .parse()
                .map_err(|_| invalid("birth date"))?;
            // Either an unlabelled name or labelled parts, never both; an absent part is
            // empty, a part that is not a string (null) is refused.
            let labelled = input.get("given").is_some() || input.get("family").is_some();
            let part = |member: &str| match input.get(member) {
                None => Ok(""),
                Some(_) => text(input, member),
            };
            let name = match input.get("unlabelled") {
                Some(_) if labelled => return Err(invalid("name")),
                Some(_) => PersonName::unlabelled(text(input, "unlabelled")?)?,
                None => PersonName::labelled(part("given")?, part("family")?)?,
            };
            with(PseudonymInput::NameAndBirthDate(&name, birth))
        }
        "document" => {
            let country: CountryCode = text(input, "country")?
                .parse()
                .map_err(|_| invalid("country"))?;
            let kind =
                DocumentType::from_code(text(input, "type")?).ok_or_else(|| invalid("type"))?;
            let doc = IdentityDocument::new(kind, country, text(input, "number")?)?;
            with(PseudonymInput::Document(&doc))
        }
        "phone" => {
            let phone = match input.get("international") {
                Some(n) => PhoneNumber::international(n.as_str().unwrap())?,
                None => PhoneNumber::national(
                    text(input, "national")?,
                    u16::try_from(input["calling_code"].as_u64().unwrap())
                        .map_err(|_| invalid("calling code"))?,
                )?,
            };
            with(PseudonymInput::Phone(&phone))
        }
        "email" => with(PseudonymInput::Email(&EmailAddress::new(text(
            input, "address",
        )?)?)),
        "identifier" => with(PseudonymInput::Identifier(&Identifier::new(
            text(input, "domain")?,
            text(input, "value")?,
        )?)),
        "date-shift" => {
            let window = u16::try_from(input["window_days"].as_u64().unwrap())
                .map_err(|_| invalid("window"))?;
            let case_id = text(input, "case_id")?;
            let shift = pz.date_shift(case_id, window)?;
            let date: PartialDate = text(input, "date")?.parse().map_err(|_| invalid("date"))?;
            let shifted = shift.shift(date).ok_or_else(|| invalid("date"))?;
            // The message of the date shift is field 0x50 with the case id normalized by N7:
            // the value field of an identifier message, retagged.
            let id = Identifier::new("x", case_id)?;
            let mut message = PseudonymInput::Identifier(&id).message()[6..].to_vec();
            message[0] = 0x50;
            let hex: String = message.iter().map(|b| format!("{b:02x}")).collect();
            Ok(json!({
                "message_hex": hex,
                "middle_day": DateShift::middle_day(date).to_string(),
                "offset_days": shift.days(),
                "shifted": shifted.to_string(),
            }))
        }
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn the_crate_reproduces_every_vector() {
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    assert_eq!(doc["scheme"], "ps1");
    let keys: BTreeMap<String, SecretKey> = doc["keys"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, k)| {
            let bytes = BASE64URL_NOPAD
                .decode(k.as_str().unwrap().as_bytes())
                .unwrap();
            (
                id.clone(),
                SecretKey::from_slice(id.parse().unwrap(), &bytes).unwrap(),
            )
        })
        .collect();
    let write = std::env::var_os("CTIP_WRITE_VECTORS").is_some();
    let mut pseudonymizers = BTreeMap::new();
    let mut failures = Vec::new();
    let mut valid = 0;
    let mut distinct = HashSet::new();
    let mut expected_distinct = 0;
    let mut previous: Option<String> = None;
    let vectors = doc["vectors"].as_array_mut().unwrap();
    assert!(vectors.len() >= 30);
    for v in vectors.iter_mut() {
        let name = v["name"].as_str().unwrap().to_owned();
        let key_id = v["key_id"].as_str().unwrap().to_owned();
        let purpose = v["purpose"].as_str().unwrap().to_owned();
        let pz = pseudonymizers
            .entry((key_id.clone(), purpose.clone()))
            .or_insert_with(|| {
                Pseudonymizer::new(
                    &KeySet::new(keys[&key_id].clone()),
                    purpose.parse().unwrap(),
                )
            });
        let kind = v["kind"].as_str().unwrap().to_owned();
        let result = compute(pz, &kind, &v["input"]);
        if v.get("expect").and_then(Value::as_str) == Some("invalid") {
            if result.is_ok() {
                failures.push(format!("{name}: accepted an invalid input"));
            }
            continue;
        }
        let computed = match result {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{name}: refused: {e}"));
                continue;
            }
        };
        valid += 1;
        for (member, value) in computed.as_object().unwrap() {
            if write {
                v[member] = value.clone();
            } else if &v[member] != value {
                failures.push(format!(
                    "{name}: {member} is {value}, expected {}",
                    v[member]
                ));
            }
        }
        if let Some(p) = computed.get("pseudonym").and_then(Value::as_str) {
            if name.ends_with("(same)") {
                if previous.as_deref() != Some(p) {
                    failures.push(format!("{name}: differs from the previous vector"));
                }
            } else {
                expected_distinct += 1;
            }
            distinct.insert(p.to_owned());
            previous = Some(p.to_owned());
        }
    }
    if write {
        std::fs::write(PATH, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(valid >= 30, "only {valid} valid vectors");
    assert_eq!(
        distinct.len(),
        expected_distinct,
        "vectors not marked (same) must all differ"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key-file and pseudonym-text sections: what a reader accepts (with the key id and the
/// bytes it reads) and what it refuses.
#[test]
fn the_crate_reads_and_refuses_key_files_and_pseudonym_texts() {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut seen = 0;
    for v in doc["key_files"].as_array().unwrap() {
        seen += 1;
        let name = v["name"].as_str().unwrap();
        let result = SecretKey::from_key_file(v["key_file"].as_str().unwrap());
        match (v["expect"].as_str().unwrap(), result) {
            ("invalid", Ok(_)) => failures.push(format!("key file {name}: accepted")),
            ("invalid", Err(_)) => {}
            ("valid", Err(e)) => failures.push(format!("key file {name}: refused: {e}")),
            ("valid", Ok(key)) => {
                let bytes: Vec<u8> = (0..v["key_hex"].as_str().unwrap().len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&v["key_hex"].as_str().unwrap()[i..i + 2], 16))
                    .collect::<Result<_, _>>()
                    .unwrap();
                let id = v["key_id"].as_str().unwrap();
                let expected = SecretKey::from_slice(id.parse().unwrap(), &bytes).unwrap();
                if key != expected {
                    failures.push(format!("key file {name}: read another key or key id"));
                }
            }
            (other, _) => panic!("unknown expect {other}"),
        }
    }
    for v in doc["pseudonym_texts"].as_array().unwrap() {
        seen += 1;
        let name = v["name"].as_str().unwrap();
        let result = v["text"].as_str().unwrap().parse::<Pseudonym>();
        match (v["expect"].as_str().unwrap(), result) {
            ("invalid", Ok(_)) => failures.push(format!("pseudonym {name}: accepted")),
            ("invalid", Err(_)) => {}
            ("valid", Err(e)) => failures.push(format!("pseudonym {name}: refused: {e}")),
            ("valid", Ok(p)) => {
                if p.key_id().as_str() != v["key_id"] || hex(p.as_bytes()) != v["value_hex"] {
                    failures.push(format!("pseudonym {name}: read another key id or value"));
                }
                if p.to_string() != v["text"] {
                    failures.push(format!("pseudonym {name}: not written back as read"));
                }
            }
            (other, _) => panic!("unknown expect {other}"),
        }
    }
    assert!(
        seen >= 20,
        "only {seen} key-file and pseudonym-text vectors"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The vectors published before the conformance kit (issue 12) never change: new vectors are
/// only appended. Each section's published prefix is pinned by the SHA-256 of its compact
/// JSON text (members in file order).
#[test]
#[cfg(feature = "preserve-order")] // the pinned hashes are of the text with its members in file order
fn the_published_vectors_are_unchanged() {
    use sha2::{Digest, Sha256};
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    for (section, count, pinned) in [
        (
            "vectors",
            115,
            "d428a3c883d16f6332abfb95979ddd4b330a607c6132e8a36a94b237ffacd569",
        ),
        (
            "key_files",
            27,
            "02a3efa9e73fa07886abb7d7c4c19e3cbbb49a55cf929a28fd78e8f42e2d726a",
        ),
        (
            "pseudonym_texts",
            15,
            "a34fbaa214137ab3eded9b00d0331e2a0a72e1c6a72d02b4fc3ac900d0dd9b54",
        ),
    ] {
        let all = doc[section].as_array().unwrap();
        assert!(all.len() > count, "{section}: the kit adds vectors");
        let text = serde_json::to_string(&all[..count]).unwrap();
        assert_eq!(hex(&Sha256::digest(text.as_bytes())), pinned, "{section}");
    }
}

/// `schemas/iso3166-1.txt` (one code a line) is exactly the crate's table of officially
/// assigned codes, in the same order.
#[test]
fn the_published_country_list_is_the_crates_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/iso3166-1.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let published: Vec<&str> = text.lines().collect();
    let table: Vec<&str> = CountryCode::all().map(CountryCode::as_str).collect();
    assert_eq!(published, table);
    assert_eq!(published.len(), 249);
    assert!(text.ends_with('\n') && !text.contains('\r'));
    for not_a_code in ["AN", "UK", "AA", "EU", "XK", "CS", "YU", "ZZ", "00"] {
        assert!(!published.contains(&not_a_code), "{not_a_code}");
        assert!(not_a_code.parse::<CountryCode>().is_err(), "{not_a_code}");
    }
}
