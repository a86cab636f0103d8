//! The crate reproduces every test vector of `schemas/1.0/vectors/pseudonyms.json`.
//!
//! To (re)compute the expected values after adding inputs to the file, run
//! `CTIP_WRITE_VECTORS=1 cargo test --test pseudonym_vectors`, then check that
//! `python3 scripts/pseudonyms_reference.py` (written from the specification alone) agrees.

use std::collections::{BTreeMap, HashSet};

use ctip_exchange::pseudonym::{
    DocumentType, EmailAddress, Identifier, IdentityDocument, KeySet, PersonName, PhoneNumber,
    PseudonymError, PseudonymInput, Pseudonymizer, SecretKey,
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
            let name = match input.get("unlabelled") {
                Some(full) => PersonName::unlabelled(full.as_str().unwrap())?,
                None => PersonName::labelled(
                    input.get("given").and_then(Value::as_str).unwrap_or(""),
                    input.get("family").and_then(Value::as_str).unwrap_or(""),
                )?,
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
            let shift = pz.date_shift(text(input, "case_id")?, window)?;
            let date: PartialDate = text(input, "date")?.parse().map_err(|_| invalid("date"))?;
            let shifted = shift.shift(date).ok_or_else(|| invalid("date"))?;
            Ok(json!({ "offset_days": shift.days(), "shifted": shifted.to_string() }))
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
