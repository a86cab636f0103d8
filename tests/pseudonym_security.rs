//! Security properties of the pseudonym module: what an attacker without the key can learn,
//! separation of purposes, keys and field kinds, no secret or personal data in `Debug` or error
//! messages, and refusal of bad key files.

use std::collections::HashSet;
use std::path::PathBuf;

use ctip_exchange::pseudonym::{
    Address, DocumentType, EmailAddress, IdentityDocument, KeyFilePermissions, KeySet,
    LocalIdentity, PersonName, PhoneNumber, Pseudonym, PseudonymError, Pseudonymizer, SecretKey,
    redact, scan,
};
use ctip_exchange::types::CountryCode;
use data_encoding::{BASE32_NOPAD, BASE64URL, BASE64URL_NOPAD, HEXLOWER};

const RIGHT: [u8; 32] = [0x5a; 32];
const WRONG: [u8; 32] = [0xa5; 32];

fn pz(bytes: [u8; 32], purpose: &str) -> Pseudonymizer {
    let key = SecretKey::from_bytes("k1".parse().unwrap(), bytes);
    Pseudonymizer::new(&KeySet::new(key), purpose.parse().unwrap())
}

fn passport(n: u32) -> IdentityDocument {
    IdentityDocument::new(DocumentType::Passport, ht(), &format!("{n:09}")).unwrap()
}

fn ht() -> CountryCode {
    "HT".parse().unwrap()
}

/// An attacker who knows the scheme, the purpose and the key id, but not the key, enumerates a
/// document-number space (here 20 000 nine-digit numbers, to stay fast in debug builds; the
/// full 10^9 space differs only in size) and finds none of the pseudonyms. The control run with
/// the right key finds every one, so the test can fail.
#[test]
fn enumerating_document_numbers_under_a_wrong_key_finds_nothing() {
    let right = pz(RIGHT, "subject-linkage");
    let wrong = pz(WRONG, "subject-linkage");
    let targets: HashSet<Pseudonym> = [17u32, 4_242, 9_999, 12_345, 19_998]
        .iter()
        .map(|n| right.document(&passport(*n)))
        .collect();
    let mut found_wrong = 0;
    let mut found_right = 0;
    for n in 0..20_000u32 {
        let doc = passport(n);
        found_wrong += usize::from(targets.contains(&wrong.document(&doc)));
        found_right += usize::from(targets.contains(&right.document(&doc)));
    }
    assert_eq!(found_wrong, 0);
    assert_eq!(found_right, targets.len());
}

/// Mean Hamming distance between the 160-bit values of pseudonyms of the same inputs under two
/// settings: about 80 for unrelated outputs, 0 for equal ones.
fn mean_distance(a: &Pseudonymizer, b: &Pseudonymizer) -> f64 {
    let total: u32 = (0..200u32)
        .map(|n| {
            let x = a.document(&passport(n));
            let y = b.document(&passport(n));
            x.as_bytes()
                .iter()
                .zip(y.as_bytes())
                .map(|(p, q)| (p ^ q).count_ones())
                .sum::<u32>()
        })
        .sum();
    f64::from(total) / 200.0
}

#[test]
fn purposes_and_keys_give_unrelated_pseudonyms() {
    let base = pz(RIGHT, "subject-linkage");
    for other in [pz(RIGHT, "research-extract"), pz(WRONG, "subject-linkage")] {
        let d = mean_distance(&base, &other);
        assert!((74.0..86.0).contains(&d), "mean distance {d}");
        for n in 0..200 {
            assert_ne!(
                base.document(&passport(n)).as_bytes(),
                other.document(&passport(n)).as_bytes()
            );
        }
    }
    assert_eq!(mean_distance(&base, &pz(RIGHT, "subject-linkage")), 0.0);
}

#[test]
fn field_kinds_are_separated() {
    let p = pz(RIGHT, "subject-linkage");
    // The same text as a document number, a free identifier and a phone number.
    let as_doc =
        p.document(&IdentityDocument::new(DocumentType::Other, ht(), "50934567890").unwrap());
    let as_id = p.identifier("other", "50934567890").unwrap();
    let as_phone = p.phone(&PhoneNumber::international("+50934567890").unwrap());
    assert_ne!(as_doc, as_id);
    assert_ne!(as_doc, as_phone);
    assert_ne!(as_id, as_phone);
    // Field boundaries: given "ab" + family "c" is not given "a" + family "bc".
    let born = "2000".parse().unwrap();
    let x = p.name_and_birth_date(&PersonName::labelled("ab", "c").unwrap(), born);
    let y = p.name_and_birth_date(&PersonName::labelled("a", "bc").unwrap(), born);
    let z = p.name_and_birth_date(&PersonName::labelled("c", "ab").unwrap(), born);
    assert!(x != y && x != z && y != z);
    // Labelled and unlabelled forms of one name differ.
    let u = p.name_and_birth_date(&PersonName::unlabelled("ab c").unwrap(), born);
    assert!(u != x && u != z);
}

fn secret_forms(bytes: &[u8; 32]) -> Vec<String> {
    let mut forms = vec![
        HEXLOWER.encode(bytes),
        HEXLOWER.encode(bytes).to_uppercase(),
        BASE64URL_NOPAD.encode(bytes),
        BASE64URL.encode(bytes),
        BASE32_NOPAD.encode(bytes),
        format!("{bytes:?}"),
    ];
    // Any run of 8 consecutive bytes as they would appear in a Debug of a byte array.
    forms.push(
        format!("{:?}", &bytes[..8])
            .trim_matches(['[', ']'])
            .to_owned(),
    );
    forms
}

#[test]
fn debug_of_keys_shows_the_id_only() {
    let bytes: [u8; 32] = core::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(11));
    let key = SecretKey::from_bytes("agency-key-7".parse().unwrap(), bytes);
    let set = KeySet::new(key.clone());
    let p = Pseudonymizer::new(&set, "subject-linkage".parse().unwrap());
    for shown in [
        format!("{key:?}"),
        format!("{key:#?}"),
        format!("{set:?}"),
        format!("{p:?}"),
        format!("{p:#?}"),
    ] {
        assert!(shown.contains("agency-key-7"), "{shown}");
        for secret in secret_forms(&bytes) {
            assert!(!shown.contains(&secret), "{shown} contains {secret}");
        }
    }
    let shift = p.date_shift("case-1", 30).unwrap();
    assert!(!format!("{shift:?}").contains(&shift.days().abs().to_string()));
}

#[test]
fn debug_of_identities_shows_no_personal_data() {
    let mut who = LocalIdentity::default();
    who.names
        .push(PersonName::labelled("Roselaure", "Fénelon").unwrap());
    who.names
        .push(PersonName::unlabelled("Rose Laure Fenelon").unwrap());
    who.birth_date = Some("2007-10-23".parse().unwrap());
    who.documents
        .push(IdentityDocument::new(DocumentType::Passport, ht(), "QX 771 204 9").unwrap());
    who.phones
        .push(PhoneNumber::international("+509 3712 4488").unwrap());
    who.emails
        .push(EmailAddress::new("roselaure.f@example.ht").unwrap());
    who.address = Some(Address::new(
        vec!["14 Rue Imaginaire".into(), "Jacmel".into()],
        Some(ht()),
    ));
    let shown = format!("{who:?} {who:#?} {:?}", who.names);
    for personal in [
        "roselaure",
        "Roselaure",
        "fenelon",
        "Fénelon",
        "rose",
        "2007",
        "10-23",
        "QX",
        "771",
        "7712049",
        "3712",
        "4488",
        "example",
        "Imaginaire",
        "Jacmel",
    ] {
        assert!(!shown.contains(personal), "{shown} contains {personal}");
    }
    // What leaves the agency: pseudonyms and generalized values only.
    let subject = pz(RIGHT, "subject-linkage").subject(&who, "2024-01-10".parse().unwrap());
    let shown = format!("{subject:?}");
    // The year of birth is a generalized value meant to be exchanged; the full date is not.
    for personal in [
        "roselaure",
        "fenelon",
        "10-23",
        "QX",
        "3712",
        "example",
        "Jacmel",
    ] {
        assert!(
            !shown.to_lowercase().contains(&personal.to_lowercase()),
            "{shown} contains {personal}"
        );
    }
    assert_eq!(subject.pseudonyms.len(), 5);
    assert_eq!(subject.age_at_reference, Some(16));
}

#[test]
fn errors_do_not_echo_inputs() {
    let errors = [
        PersonName::labelled("--", "..").unwrap_err(),
        IdentityDocument::new(DocumentType::Passport, ht(), "SECRET#777").unwrap_err(),
        PhoneNumber::international("777 SECRET").unwrap_err(),
        EmailAddress::new("SECRET777 @x").unwrap_err(),
        "ps1:SECRET777".parse::<Pseudonym>().unwrap_err(),
        SecretKey::from_key_file(r#"{"SECRET777": 1}"#).unwrap_err(),
    ];
    for e in errors {
        let shown = format!("{e} {e:?}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("777"),
            "{shown}"
        );
    }
    let text = "passport AB7770001 and mail SECRET777@example.org";
    let findings = format!("{:?}", scan(text));
    assert!(
        !findings.contains("SECRET") && !findings.contains("777"),
        "{findings}"
    );
    assert!(!redact(text).contains("777"));
}

fn key_file(version: &str, encoding: &str, key: &str) -> String {
    format!(
        r#"{{"format": "ctip-exchange-key", "version": {version}, "key_id": "k1", "created_at": "2026-11-28T09:00:00Z", "encoding": "{encoding}", "key": "{key}"}}"#
    )
}

#[test]
fn bad_key_files_are_refused_with_a_clear_error() {
    let good = BASE64URL_NOPAD.encode(&RIGHT);
    assert!(SecretKey::from_key_file(&key_file("1", "base64url", &good)).is_ok());
    let cases: Vec<(String, PseudonymError)> = vec![
        (
            key_file("1", "base64url", &BASE64URL_NOPAD.encode(&[1; 31])),
            PseudonymError::KeyLength {
                expected: 32,
                found: 31,
            },
        ),
        (
            key_file("1", "base64url", &BASE64URL_NOPAD.encode(&[1; 33])),
            PseudonymError::KeyLength {
                expected: 32,
                found: 33,
            },
        ),
        (
            key_file("1", "base64url", ""),
            PseudonymError::KeyLength {
                expected: 32,
                found: 0,
            },
        ),
        (
            key_file("1", "base64url", &format!("{good}=")),
            PseudonymError::KeyEncoding,
        ),
        (
            key_file("1", "base64url", &format!("+{}", &good[1..])),
            PseudonymError::KeyEncoding,
        ),
        (
            key_file("1", "base64url", &format!("{}!", &good[..42])),
            PseudonymError::KeyEncoding,
        ),
        (
            key_file("1", "base32", &BASE32_NOPAD.encode(&RIGHT).to_lowercase()),
            PseudonymError::KeyEncoding,
        ),
        (
            key_file("2", "base64url", &good),
            PseudonymError::UnsupportedKeyFileVersion { found: 2 },
        ),
        (
            key_file("0", "base64url", &good),
            PseudonymError::UnsupportedKeyFileVersion { found: 0 },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            SecretKey::from_key_file(&text).unwrap_err(),
            expected,
            "{text}"
        );
    }
    let malformed = [
        String::new(),
        "not json".to_owned(),
        "[]".to_owned(),
        key_file("1", "hex", &good),
        key_file("\"1\"", "base64url", &good),
        key_file("1", "base64url", &good).replace("ctip-exchange-key", "other-key"),
        key_file("1", "base64url", &good).replace("2026-11-28T09:00:00Z", "yesterday"),
        key_file("1", "base64url", &good).replace(r#""encoding""#, r#""extra": 1, "encoding""#),
        key_file("1", "base64url", &good).replace(r#""key_id": "k1", "#, ""),
    ];
    for text in malformed {
        assert!(
            matches!(
                SecretKey::from_key_file(&text),
                Err(PseudonymError::KeyFileFormat { .. })
            ),
            "{text}"
        );
    }
    assert_eq!(
        SecretKey::from_key_file(&key_file("1", "base64url", &good).replace("\"k1\"", "\"k:1\""))
            .unwrap_err(),
        PseudonymError::InvalidKeyId
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctip-pseudonym-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn key_files_round_trip_and_are_not_overwritten() {
    let dir = temp_dir("save");
    let path = dir.join("key.json");
    let key = SecretKey::generate("tt-ctu-2026".parse().unwrap()).unwrap();
    key.save(&path, "2026-11-28T09:00:00Z".parse().unwrap())
        .unwrap();
    assert_eq!(SecretKey::load(&path).unwrap(), key);
    let other = SecretKey::generate("tt-ctu-2026".parse().unwrap()).unwrap();
    assert_ne!(other, key, "two generated keys must differ");
    assert!(matches!(
        other.save(&path, "2026-11-28T09:00:00Z".parse().unwrap()),
        Err(PseudonymError::Io(std::io::ErrorKind::AlreadyExists))
    ));
    assert_eq!(SecretKey::load(&path).unwrap(), key);
    assert!(matches!(
        SecretKey::load(dir.join("missing.json")),
        Err(PseudonymError::Io(std::io::ErrorKind::NotFound))
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn key_files_readable_by_others_are_refused_unless_allowed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("perm");
    let path = dir.join("key.json");
    let key = SecretKey::generate("k1".parse().unwrap()).unwrap();
    key.save(&path, "2026-11-28T09:00:00Z".parse().unwrap())
        .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    for mode in [0o644, 0o640, 0o604, 0o660, 0o606] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        assert_eq!(
            SecretKey::load(&path).unwrap_err(),
            PseudonymError::InsecurePermissions { mode }
        );
        assert_eq!(
            SecretKey::load_with(&path, KeyFilePermissions::AllowInsecure).unwrap(),
            key
        );
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    assert_eq!(SecretKey::load(&path).unwrap(), key);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn older_keys_recompute_old_pseudonyms() {
    let old = SecretKey::from_bytes("k2025".parse().unwrap(), WRONG);
    let new = SecretKey::from_bytes("k2026".parse().unwrap(), RIGHT);
    let before = Pseudonymizer::new(
        &KeySet::new(old.clone()),
        "subject-linkage".parse().unwrap(),
    );
    let after = Pseudonymizer::new(
        &KeySet::new(new).with_older(old).unwrap(),
        "subject-linkage".parse().unwrap(),
    );
    let doc = passport(123_456_789);
    let recorded = before.document(&doc);
    assert_ne!(after.document(&doc), recorded);
    assert_eq!(
        after.under(recorded.key_id()).unwrap().document(&doc),
        recorded
    );
    assert!(after.every_key().any(|k| k.document(&doc) == recorded));
}
