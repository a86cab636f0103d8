//! Secret keys, key ids, key sets and the key file format.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use data_encoding::{BASE32_NOPAD, BASE64URL_NOPAD};
use serde::Deserialize;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::PseudonymError;
use crate::types::Timestamp;

/// Length of a secret key in bytes (256 bits).
pub const KEY_LEN: usize = 32;

/// The `format` member of a key file.
pub const KEY_FILE_FORMAT: &str = "ctip-exchange-key";

/// The key file format version this crate reads and writes.
pub const KEY_FILE_VERSION: u32 = 1;

/// The identifier of a secret key, written in every pseudonym made with it: 1 to 64 ASCII
/// letters, digits, `.`, `_` or `-`, starting with a letter or digit (never a `:`), e.g.
/// `tt-ctu-2026`.
///
/// A key id is public: it names the key, it says nothing about it.
///
/// ```
/// use ctip_exchange::pseudonym::KeyId;
/// let id: KeyId = "tt-ctu-2026".parse().unwrap();
/// assert_eq!(id.as_str(), "tt-ctu-2026");
/// assert!("has:colon".parse::<KeyId>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(std::sync::Arc<str>);

impl KeyId {
    /// The key id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_valid(s: &str) -> bool {
        let b = s.as_bytes();
        !b.is_empty()
            && b.len() <= 64
            && b[0].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
    }
}

impl FromStr for KeyId {
    type Err = PseudonymError;
    fn from_str(s: &str) -> Result<Self, PseudonymError> {
        if KeyId::is_valid(s) {
            Ok(KeyId(std::sync::Arc::from(s)))
        } else {
            Err(PseudonymError::InvalidKeyId)
        }
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({:?})", self.0)
    }
}

/// A 256-bit secret key with its id.
///
/// The key material is zeroized when the value is dropped, is never printed (`Debug` shows the
/// key id only, and there is no `Display`), has no `Serialize` implementation (it is written
/// only by [`SecretKey::to_key_file`]), and is compared in constant time.
///
/// ```
/// use ctip_exchange::pseudonym::{KeyId, SecretKey};
/// let key = SecretKey::generate("k1".parse().unwrap()).unwrap();
/// assert_eq!(format!("{key:?}"), r#"SecretKey { id: "k1", .. }"#);
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey {
    bytes: [u8; KEY_LEN],
    #[zeroize(skip)]
    id: KeyId,
}

impl SecretKey {
    /// Generates a new key from the operating system's random source.
    pub fn generate(id: KeyId) -> Result<Self, PseudonymError> {
        let mut bytes = [0u8; KEY_LEN];
        getrandom::fill(&mut bytes).map_err(|_| PseudonymError::RandomSource)?;
        let key = SecretKey { bytes, id };
        bytes.zeroize();
        Ok(key)
    }

    /// A key from its 32 bytes (e.g. from a hardware module or a test vector). The caller
    /// should zeroize its own copy.
    pub fn from_bytes(id: KeyId, bytes: [u8; KEY_LEN]) -> Self {
        SecretKey { bytes, id }
    }

    /// A key from a slice that must be exactly 32 bytes long.
    pub fn from_slice(id: KeyId, bytes: &[u8]) -> Result<Self, PseudonymError> {
        let bytes: [u8; KEY_LEN] = bytes.try_into().map_err(|_| PseudonymError::KeyLength {
            expected: KEY_LEN,
            found: bytes.len(),
        })?;
        Ok(SecretKey { bytes, id })
    }

    /// The key id.
    pub fn id(&self) -> &KeyId {
        &self.id
    }

    pub(crate) fn expose(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    /// Parses the JSON text of a key file (see `schemas/PSEUDONYMS.md`, "Key file").
    ///
    /// Refuses unknown members, a missing member, a `format` other than `ctip-exchange-key`,
    /// a `version` other than 1, an invalid key id or creation time, and key material that is
    /// not 32 bytes in unpadded base64url (or, with `"encoding": "base32"`, unpadded upper-case
    /// base32).
    pub fn from_key_file(json: &str) -> Result<Self, PseudonymError> {
        let raw: RawKeyFile = serde_json::from_str(json).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                PseudonymError::KeyFileFormat { reason: "not valid JSON" }
            } else {
                PseudonymError::KeyFileFormat {
                    reason: "expected the members format, version, key_id, created_at, encoding and key, with no other member",
                }
            }
        })?;
        if raw.format != KEY_FILE_FORMAT {
            return Err(PseudonymError::KeyFileFormat {
                reason: "format must be \"ctip-exchange-key\"",
            });
        }
        if raw.version != KEY_FILE_VERSION {
            return Err(PseudonymError::UnsupportedKeyFileVersion { found: raw.version });
        }
        let id: KeyId = raw.key_id.parse()?;
        raw.created_at
            .parse::<Timestamp>()
            .map_err(|_| PseudonymError::KeyFileFormat {
                reason: "created_at must be an RFC 3339 UTC timestamp",
            })?;
        let encoding = match raw.encoding.as_str() {
            "base64url" => &BASE64URL_NOPAD,
            "base32" => &BASE32_NOPAD,
            _ => {
                return Err(PseudonymError::KeyFileFormat {
                    reason: "encoding must be \"base64url\" or \"base32\"",
                });
            }
        };
        let decoded = Zeroizing::new(
            encoding
                .decode(raw.key.as_bytes())
                .map_err(|_| PseudonymError::KeyEncoding)?,
        );
        SecretKey::from_slice(id, &decoded)
    }

    /// The JSON text of a key file for this key, with its creation time. The text holds the
    /// secret: it is returned in a buffer that is zeroized on drop.
    pub fn to_key_file(&self, created_at: Timestamp) -> Zeroizing<String> {
        let encoded = Zeroizing::new(BASE64URL_NOPAD.encode(&self.bytes));
        Zeroizing::new(format!(
            "{{\n  \"format\": \"{KEY_FILE_FORMAT}\",\n  \"version\": {KEY_FILE_VERSION},\n  \"key_id\": \"{}\",\n  \"created_at\": \"{created_at}\",\n  \"encoding\": \"base64url\",\n  \"key\": \"{}\"\n}}\n",
            self.id.as_str(),
            encoded.as_str()
        ))
    }

    /// Reads a key file, refusing it when it is readable or writable by group or others
    /// (on Unix). Use [`SecretKey::load_with`] to accept such a file explicitly.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, PseudonymError> {
        SecretKey::load_with(path, KeyFilePermissions::OwnerOnly)
    }

    /// Reads a key file with an explicit permission policy.
    pub fn load_with(
        path: impl AsRef<Path>,
        permissions: KeyFilePermissions,
    ) -> Result<Self, PseudonymError> {
        use std::io::Read;
        let file = std::fs::File::open(path.as_ref()).map_err(|e| PseudonymError::Io(e.kind()))?;
        if permissions == KeyFilePermissions::OwnerOnly {
            check_owner_only(&file)?;
        }
        let mut text = Zeroizing::new(String::new());
        file.take(64 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| PseudonymError::Io(e.kind()))?;
        SecretKey::from_key_file(&text)
    }

    /// Writes a new key file readable and writable by its owner only (mode 0600 on Unix).
    /// Refuses to overwrite an existing file.
    pub fn save(
        &self,
        path: impl AsRef<Path>,
        created_at: Timestamp,
    ) -> Result<(), PseudonymError> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(path.as_ref())
            .map_err(|e| PseudonymError::Io(e.kind()))?;
        let text = self.to_key_file(created_at);
        file.write_all(text.as_bytes())
            .map_err(|e| PseudonymError::Io(e.kind()))?;
        file.sync_all().map_err(|e| PseudonymError::Io(e.kind()))
    }
}

#[cfg(unix)]
fn check_owner_only(file: &std::fs::File) -> Result<(), PseudonymError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file
        .metadata()
        .map_err(|e| PseudonymError::Io(e.kind()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(PseudonymError::InsecurePermissions { mode: mode & 0o777 });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner_only(_: &std::fs::File) -> Result<(), PseudonymError> {
    Ok(())
}

/// Which file permissions [`SecretKey::load_with`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFilePermissions {
    /// Refuse a key file that group or others may read or write (Unix; no check elsewhere).
    OwnerOnly,
    /// Accept any permissions. Only for keys kept in a protected store (a secrets volume
    /// mounted read-only with broader modes, for example): anyone who reads the key can
    /// enumerate the pseudonyms.
    AllowInsecure,
}

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
struct RawKeyFile {
    format: String,
    version: u32,
    key_id: String,
    created_at: String,
    encoding: String,
    key: String,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("id", &self.id.as_str())
            .finish_non_exhaustive()
    }
}

impl ConstantTimeEq for SecretKey {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.bytes.ct_eq(&other.bytes) & u8::from(self.id == other.id).ct_eq(&1)
    }
}

impl PartialEq for SecretKey {
    /// Constant-time comparison of the key material (and comparison of the ids).
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for SecretKey {}

/// The keys of an agency: the active key, used to make new pseudonyms, and older keys kept
/// to recompute pseudonyms under them (to match records made before a key rotation).
///
/// ```
/// use ctip_exchange::pseudonym::{KeySet, SecretKey};
/// let old = SecretKey::generate("k2025".parse().unwrap()).unwrap();
/// let new = SecretKey::generate("k2026".parse().unwrap()).unwrap();
/// let keys = KeySet::new(new).with_older(old).unwrap();
/// assert_eq!(keys.active().id().as_str(), "k2026");
/// assert!(keys.get(&"k2025".parse().unwrap()).is_some());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct KeySet {
    active: SecretKey,
    older: Vec<SecretKey>,
}

impl KeySet {
    /// A key set with one, active, key.
    pub fn new(active: SecretKey) -> Self {
        KeySet {
            active,
            older: Vec::new(),
        }
    }

    /// Adds an older key; refuses a key id already in the set.
    pub fn with_older(mut self, key: SecretKey) -> Result<Self, PseudonymError> {
        if self.get(key.id()).is_some() {
            return Err(PseudonymError::DuplicateKeyId);
        }
        self.older.push(key);
        Ok(self)
    }

    /// The key new pseudonyms are made with.
    pub fn active(&self) -> &SecretKey {
        &self.active
    }

    /// The key with this id, active or older.
    pub fn get(&self, id: &KeyId) -> Option<&SecretKey> {
        std::iter::once(&self.active)
            .chain(&self.older)
            .find(|k| k.id() == id)
    }

    /// Every key, the active one first.
    pub fn iter(&self) -> impl Iterator<Item = &SecretKey> {
        std::iter::once(&self.active).chain(&self.older)
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySet")
            .field("active", &self.active)
            .field("older", &self.older)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretKey {
        SecretKey::from_bytes("test-1".parse().unwrap(), [7u8; 32])
    }

    #[test]
    fn key_file_round_trip() {
        let k = key();
        let text = k.to_key_file("2026-11-28T12:00:00Z".parse().unwrap());
        assert_eq!(SecretKey::from_key_file(&text).unwrap(), k);
    }

    #[test]
    fn base32_key_files_are_read() {
        let text = format!(
            r#"{{"format":"ctip-exchange-key","version":1,"key_id":"b32","created_at":"2026-01-01T00:00:00Z","encoding":"base32","key":"{}"}}"#,
            BASE32_NOPAD.encode(&[9u8; 32])
        );
        let k = SecretKey::from_key_file(&text).unwrap();
        assert_eq!(k.expose(), &[9u8; 32]);
    }

    #[test]
    fn keys_compare_by_material_and_id() {
        assert_eq!(key(), key());
        assert_ne!(
            key(),
            SecretKey::from_bytes("test-1".parse().unwrap(), [8u8; 32])
        );
        assert_ne!(
            key(),
            SecretKey::from_bytes("test-2".parse().unwrap(), [7u8; 32])
        );
    }

    #[test]
    fn key_ids() {
        for ok in ["a", "k2026", "tt.ctu_key-1"] {
            assert!(ok.parse::<KeyId>().is_ok(), "{ok}");
        }
        let long = "a".repeat(65);
        for bad in ["", "-a", "a:b", "a b", "é", long.as_str()] {
            assert!(bad.parse::<KeyId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn duplicate_ids_are_refused() {
        assert_eq!(
            KeySet::new(key()).with_older(key()).unwrap_err(),
            PseudonymError::DuplicateKeyId
        );
    }
}
