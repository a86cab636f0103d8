//! Pseudonyms (`ps1:<key id>:<base32>`) and the [`Pseudonymizer`] that makes them.

use std::fmt;
use std::str::FromStr;

use data_encoding::BASE32_NOPAD;
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::encoding::{self, FieldKind, encode_field};
use super::input::{
    EmailAddress, Identifier, IdentityDocument, PersonName, PhoneNumber, PseudonymInput,
};
use super::key::{KeyId, KeySet, SecretKey};
use super::{PseudonymError, normalize};
use crate::types::{PartialDate, PseudonymRef};

/// Number of bytes of the HMAC output kept in a pseudonym (160 bits).
pub const PSEUDONYM_BYTES: usize = 20;

/// The scheme prefix of a pseudonym.
pub const SCHEME: &str = "ps1";

type HmacSha256 = Hmac<Sha256>;

/// What pseudonyms are made for, e.g. `subject-linkage`: pseudonyms made for one purpose say
/// nothing about those made for another, even under the same key. 1 to 64 characters: ASCII
/// lower-case letters, digits, `.`, `_`, `-`, starting with a letter or digit.
///
/// The exchange partners agree on the purpose as they agree on the key.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Purpose(String);

impl Purpose {
    /// The purpose of the subject pseudonyms in exchanged case records.
    pub const SUBJECT_LINKAGE: &'static str = "subject-linkage";

    /// The purpose as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The grammar of purposes and identifier domains.
pub(crate) fn is_lower_token(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')
        })
}

impl FromStr for Purpose {
    type Err = PseudonymError;
    fn from_str(s: &str) -> Result<Self, PseudonymError> {
        if is_lower_token(s) {
            Ok(Purpose(s.to_owned()))
        } else {
            Err(PseudonymError::InvalidPurpose)
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Purpose({:?})", self.0)
    }
}

/// A keyed pseudonym: `ps1:<key id>:<32 lower-case base32 characters>` (160 bits of
/// HMAC-SHA-256).
///
/// The text form is canonical (one pseudonym has exactly one text), so two pseudonyms are
/// equal exactly when their texts are equal, as [`PseudonymRef`] compares them.
///
/// ```
/// use ctip_exchange::pseudonym::Pseudonym;
/// let text = "ps1:k2026:abcdefghijklmnopqrstuvwxyz234567";
/// let p: Pseudonym = text.parse().unwrap();
/// assert_eq!(p.key_id().as_str(), "k2026");
/// assert_eq!(p.to_string(), text);
/// assert!("ps1:k2026:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".parse::<Pseudonym>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Pseudonym {
    key_id: KeyId,
    value: [u8; PSEUDONYM_BYTES],
}

impl Pseudonym {
    /// The id of the key the pseudonym was made with.
    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    /// The 20 bytes of the pseudonym.
    pub fn as_bytes(&self) -> &[u8; PSEUDONYM_BYTES] {
        &self.value
    }

    /// The pseudonym as the reference carried in exchange records.
    pub fn to_ref(&self) -> PseudonymRef {
        PseudonymRef::from_pseudonym_text(self.text().as_str().to_owned())
    }

    /// Whether `text` is a well-formed `ps1` pseudonym: what [`FromStr`] accepts, checked
    /// without building one (no allocation; the validator checks every pseudonym reference).
    ///
    /// ```
    /// use ctip_exchange::pseudonym::Pseudonym;
    /// assert!(Pseudonym::is_well_formed("ps1:k2026:abcdefghijklmnopqrstuvwxyz234567"));
    /// assert!(!Pseudonym::is_well_formed("ps1:k2026:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    /// ```
    pub fn is_well_formed(text: &str) -> bool {
        Self::parts(text).is_some()
    }

    /// The key id and the base32 body of a well-formed text. 32 base32 characters are 160
    /// bits, exactly 20 bytes: every such body decodes.
    fn parts(text: &str) -> Option<(&str, &str)> {
        let (id, body) = text.strip_prefix("ps1:")?.split_once(':')?;
        let body_ok = body.len() == 32
            && body
                .bytes()
                .all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c));
        (body_ok && KeyId::is_valid(id)).then_some((id, body))
    }
}

impl FromStr for Pseudonym {
    type Err = PseudonymError;
    fn from_str(s: &str) -> Result<Self, PseudonymError> {
        let (id, body) = Self::parts(s).ok_or(PseudonymError::InvalidPseudonym)?;
        let key_id: KeyId = id.parse().map_err(|_| PseudonymError::InvalidPseudonym)?;
        let decoded = BASE32_NOPAD
            .decode(body.to_ascii_uppercase().as_bytes())
            .map_err(|_| PseudonymError::InvalidPseudonym)?;
        let value = decoded
            .try_into()
            .map_err(|_| PseudonymError::InvalidPseudonym)?;
        Ok(Pseudonym { key_id, value })
    }
}

/// The longest `ps1` text: `ps1:`, a key id of at most 64 bytes, `:`, 32 characters.
const MAX_TEXT: usize = SCHEME.len() + 1 + 64 + 1 + 32;
// a text's length is kept in a `u8`
const _: () = assert!(MAX_TEXT <= u8::MAX as usize);

/// The text of a [`Pseudonym`] (`ps1:<key id>:<base32>`), held on the stack: written without
/// an allocation or formatting machinery, for an embedder that writes it straight into a
/// record, a CSV cell or a hash key. `to_string` of a pseudonym gives the same text.
///
/// ```
/// use ctip_exchange::pseudonym::Pseudonym;
/// let p: Pseudonym = "ps1:k2026:abcdefghijklmnopqrstuvwxyz234567".parse().unwrap();
/// assert_eq!(p.text().as_str(), p.to_string());
/// ```
#[derive(Clone, Copy)]
pub struct PseudonymText {
    buf: [u8; MAX_TEXT],
    len: u8,
}

impl PseudonymText {
    /// The text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..usize::from(self.len)])
            .expect("every byte written is ASCII: the scheme, a key id, ':' and base32")
    }
}

impl std::ops::Deref for PseudonymText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for PseudonymText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for PseudonymText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for PseudonymText {}

impl std::hash::Hash for PseudonymText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for PseudonymText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl fmt::Display for PseudonymText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PseudonymText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PseudonymText({:?})", self.as_str())
    }
}

impl Pseudonym {
    /// The text `ps1:<key id>:<base32>`, written into a stack buffer.
    pub fn text(&self) -> PseudonymText {
        let mut buf = [0u8; MAX_TEXT];
        let id = self.key_id.as_str().as_bytes();
        let scheme = SCHEME.len();
        buf[..scheme].copy_from_slice(SCHEME.as_bytes());
        buf[scheme] = b':';
        let mut at = scheme + 1 + id.len();
        buf[scheme + 1..at].copy_from_slice(id);
        buf[at] = b':';
        at += 1;
        let body: &mut [u8; 32] = (&mut buf[at..at + 32])
            .try_into()
            .expect("the buffer has room for the longest key id and the body");
        encoding::base32_lower_into(&self.value, body);
        PseudonymText {
            buf,
            len: (at + 32) as u8,
        }
    }
}

impl fmt::Display for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // one write: `to_string` allocates once
        f.write_str(self.text().as_str())
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pseudonym({self})")
    }
}

impl From<&Pseudonym> for PseudonymRef {
    fn from(p: &Pseudonym) -> Self {
        p.to_ref()
    }
}

impl From<Pseudonym> for PseudonymRef {
    fn from(p: Pseudonym) -> Self {
        p.to_ref()
    }
}

impl TryFrom<&PseudonymRef> for Pseudonym {
    type Error = PseudonymError;
    fn try_from(r: &PseudonymRef) -> Result<Self, PseudonymError> {
        r.as_str().parse()
    }
}

/// The derived keys of one secret key: one pre-keyed HMAC state per field kind. The HMAC
/// states are zeroized on drop (the `zeroize` features of `hmac` and `sha2`).
#[derive(Clone)]
struct DerivedKeys {
    id: KeyId,
    macs: [HmacSha256; FieldKind::ALL.len()],
}

impl DerivedKeys {
    fn derive(key: &SecretKey, purpose: &Purpose) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(encoding::HKDF_SALT), key.expose());
        let macs = FieldKind::ALL.map(|kind| {
            let mut okm = Zeroizing::new([0u8; 32]);
            let info = format!(
                "{}{}/{}",
                encoding::INFO_PREFIX,
                purpose.as_str(),
                kind.code()
            );
            hkdf.expand(info.as_bytes(), okm.as_mut_slice())
                .expect("32 bytes is a valid HKDF-SHA-256 output length");
            HmacSha256::new_from_slice(okm.as_slice()).expect("HMAC accepts keys of any length")
        });
        DerivedKeys {
            id: key.id().clone(),
            macs,
        }
    }

    fn mac(&self, kind: FieldKind, message: &[u8]) -> [u8; 32] {
        let mut mac = self.macs[kind.index()].clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// The HMAC of an input's message, the fields fed to the HMAC state as they are encoded
    /// (no message buffer). The state gathers them in its own block buffer, which wipes itself
    /// on drop (feature `zeroize` of `hmac`, checked below at compile time).
    fn mac_of(&self, input: &PseudonymInput<'_>) -> [u8; 32] {
        // in every build, not only the tests: the state's block buffer holds the encoded
        // input and must wipe itself (`Hmac<Sha256>` keeps a `Buffer<HmacCore<Sha256>>`)
        const _: () = {
            fn zeroizes_on_drop<T: zeroize::ZeroizeOnDrop>() {}
            let _ = zeroizes_on_drop::<
                hmac::digest::block_api::Buffer<hmac::block_api::HmacCore<Sha256>>,
            >;
        };
        let mut mac = self.macs[input.kind().index()].clone();
        input.encode(&mut mac);
        mac.finalize().into_bytes().into()
    }
}

/// Makes keyed pseudonyms for one purpose, under the active key of a [`KeySet`] (or, with
/// [`Pseudonymizer::under`], under an older key).
///
/// The keys of every purpose and field kind are derived once, when the pseudonymizer is built
/// (HKDF-SHA-256), and kept as pre-keyed HMAC states; the secret keys themselves are not kept.
///
/// ```
/// use ctip_exchange::pseudonym::{DocumentType, IdentityDocument, KeySet, PersonName, Pseudonymizer, SecretKey};
/// use ctip_exchange::types::PartialDate;
///
/// let key = SecretKey::from_bytes("demo".parse().unwrap(), [42; 32]); // use SecretKey::load in real life
/// let pz = Pseudonymizer::new(&KeySet::new(key), "subject-linkage".parse().unwrap());
///
/// let doc = IdentityDocument::new(DocumentType::Passport, "HT".parse().unwrap(), "RD 123-456").unwrap();
/// let p = pz.document(&doc);
/// assert!(p.to_string().starts_with("ps1:demo:"));
///
/// let name = PersonName::labelled("Marie-Ange", "Toussaint").unwrap();
/// let born: PartialDate = "1999-04".parse().unwrap();
/// let q = pz.name_and_birth_date(&name, born);
/// assert_ne!(p, q);
/// // The same person written differently gets the same pseudonym.
/// let same = PersonName::from_family_comma_given("TOUSSAINT, Marie Ange").unwrap();
/// assert_eq!(pz.name_and_birth_date(&same, born), q);
/// ```
#[derive(Clone)]
pub struct Pseudonymizer {
    purpose: Purpose,
    /// The active key first.
    keys: Vec<DerivedKeys>,
}

impl Pseudonymizer {
    /// A pseudonymizer for `purpose` with every key of the set.
    pub fn new(keys: &KeySet, purpose: Purpose) -> Self {
        let keys = keys
            .iter()
            .map(|k| DerivedKeys::derive(k, &purpose))
            .collect();
        Pseudonymizer { purpose, keys }
    }

    /// The purpose.
    pub fn purpose(&self) -> &Purpose {
        &self.purpose
    }

    /// The id of the active key.
    pub fn active_key_id(&self) -> &KeyId {
        &self.keys[0].id
    }

    /// The pseudonymizer restricted to one key of the set, to recompute pseudonyms made under
    /// an older key.
    pub fn under(&self, key_id: &KeyId) -> Result<KeyedPseudonymizer<'_>, PseudonymError> {
        self.keys
            .iter()
            .find(|k| &k.id == key_id)
            .map(|keys| KeyedPseudonymizer { keys })
            .ok_or(PseudonymError::UnknownKeyId)
    }

    /// One view per key, the active key first: to find a record made under any key.
    pub fn every_key(&self) -> impl Iterator<Item = KeyedPseudonymizer<'_>> {
        self.keys.iter().map(|keys| KeyedPseudonymizer { keys })
    }

    fn active(&self) -> KeyedPseudonymizer<'_> {
        KeyedPseudonymizer {
            keys: &self.keys[0],
        }
    }

    /// The pseudonym of any input, under the active key.
    pub fn pseudonymize(&self, input: PseudonymInput<'_>) -> Pseudonym {
        self.active().pseudonymize(input)
    }

    /// The pseudonym of a name with a birth date, at its precision (a birth year gives a
    /// different pseudonym from a full birth date).
    pub fn name_and_birth_date(&self, name: &PersonName, birth_date: PartialDate) -> Pseudonym {
        self.active().name_and_birth_date(name, birth_date)
    }

    /// The pseudonym of an identity document (type, issuing country and number).
    pub fn document(&self, document: &IdentityDocument) -> Pseudonym {
        self.active().document(document)
    }

    /// The pseudonym of a phone number.
    pub fn phone(&self, phone: &PhoneNumber) -> Pseudonym {
        self.active().phone(phone)
    }

    /// The pseudonym of an email address.
    pub fn email(&self, email: &EmailAddress) -> Pseudonym {
        self.active().email(email)
    }

    /// The pseudonym of a free identifier (a case number of another system, a beneficiary
    /// number) in a domain the caller names (same grammar as a [`Purpose`], e.g.
    /// `primero.case-id`). The value is trimmed and NFC-normalized, otherwise exact.
    pub fn identifier(&self, domain: &str, value: &str) -> Result<Pseudonym, PseudonymError> {
        self.active().identifier(domain, value)
    }

    /// The date-shift offset of a case, in days, in `-window_days..=window_days` and never 0
    /// (see [`DateShift`](super::DateShift)).
    pub fn date_shift(
        &self,
        case_id: &str,
        window_days: u16,
    ) -> Result<super::DateShift, PseudonymError> {
        self.active().date_shift(case_id, window_days)
    }
}

impl fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pseudonymizer")
            .field("purpose", &self.purpose)
            .field("keys", &self.keys.iter().map(|k| &k.id).collect::<Vec<_>>())
            .finish()
    }
}

/// A [`Pseudonymizer`] restricted to one of its keys (see [`Pseudonymizer::under`]).
#[derive(Clone, Copy)]
pub struct KeyedPseudonymizer<'a> {
    keys: &'a DerivedKeys,
}

impl KeyedPseudonymizer<'_> {
    /// The id of the key.
    pub fn key_id(&self) -> &KeyId {
        &self.keys.id
    }

    /// See [`Pseudonymizer::pseudonymize`].
    pub fn pseudonymize(&self, input: PseudonymInput<'_>) -> Pseudonym {
        let mac = Zeroizing::new(self.keys.mac_of(&input));
        let mut value = [0u8; PSEUDONYM_BYTES];
        value.copy_from_slice(&mac[..PSEUDONYM_BYTES]);
        Pseudonym {
            key_id: self.keys.id.clone(),
            value,
        }
    }

    /// See [`Pseudonymizer::name_and_birth_date`].
    pub fn name_and_birth_date(&self, name: &PersonName, birth_date: PartialDate) -> Pseudonym {
        self.pseudonymize(PseudonymInput::NameAndBirthDate(name, birth_date))
    }

    /// See [`Pseudonymizer::document`].
    pub fn document(&self, document: &IdentityDocument) -> Pseudonym {
        self.pseudonymize(PseudonymInput::Document(document))
    }

    /// See [`Pseudonymizer::phone`].
    pub fn phone(&self, phone: &PhoneNumber) -> Pseudonym {
        self.pseudonymize(PseudonymInput::Phone(phone))
    }

    /// See [`Pseudonymizer::email`].
    pub fn email(&self, email: &EmailAddress) -> Pseudonym {
        self.pseudonymize(PseudonymInput::Email(email))
    }

    /// See [`Pseudonymizer::identifier`].
    pub fn identifier(&self, domain: &str, value: &str) -> Result<Pseudonym, PseudonymError> {
        Ok(self.pseudonymize(PseudonymInput::Identifier(&Identifier::new(domain, value)?)))
    }

    /// See [`Pseudonymizer::date_shift`].
    pub fn date_shift(
        &self,
        case_id: &str,
        window_days: u16,
    ) -> Result<super::DateShift, PseudonymError> {
        if !(1..=super::generalize::MAX_SHIFT_WINDOW_DAYS).contains(&window_days) {
            return Err(PseudonymError::InvalidInput {
                field: "date shift window",
                expected: "1 to 3650 days",
            });
        }
        let case_id = Zeroizing::new(normalize::identifier_value(case_id)?);
        let mut message = Zeroizing::new(Vec::with_capacity(32));
        encode_field(&mut *message, encoding::TAG_CASE, case_id.as_bytes());
        let mac = Zeroizing::new(self.keys.mac(FieldKind::DateShift, &message));
        let mut first = [0u8; 8];
        first.copy_from_slice(&mac[..8]);
        Ok(super::DateShift::from_draw(
            u64::from_be_bytes(first),
            window_days,
        ))
    }
}

impl fmt::Debug for KeyedPseudonymizer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyedPseudonymizer")
            .field("key_id", &self.keys.id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pz(purpose: &str) -> Pseudonymizer {
        let key = SecretKey::from_bytes("t".parse().unwrap(), [1; 32]);
        Pseudonymizer::new(&KeySet::new(key), purpose.parse().unwrap())
    }

    #[test]
    fn pseudonym_text_round_trips() {
        let p = pz("a").email(&EmailAddress::new("x@y.z").unwrap());
        let text = p.to_string();
        assert_eq!(text.len(), "ps1:t:".len() + 32);
        assert_eq!(text.parse::<Pseudonym>().unwrap(), p);
        assert_eq!(Pseudonym::try_from(&p.to_ref()).unwrap(), p);
    }

    proptest::proptest! {
        /// The check without allocation accepts exactly what parsing accepts, on texts near
        /// the grammar: other schemes, key ids too long, empty or with other characters, and
        /// bodies of other lengths, cases and alphabets.
        #[test]
        fn well_formed_is_what_parses(
            scheme in "ps1:|ps1|ps2:|PS1:",
            id in "[A-Za-z0-9._:-]{0,3}|[a-z0-9]{60,66}|[a-z]{1,4}[ /é][a-z]{0,3}|",
            body in "[a-z2-7]{32}|[a-z2-9]{31,33}|[a-zA-Z2-7]{32}|[a-z2-7=]{32}|[a-z2-7]{30}==",
            sep in ":|::|",
        ) {
            let text = format!("{scheme}{id}{sep}{body}");
            // the plain reading: split, parse the key id, decode the body to 20 bytes
            let plain = text
                .strip_prefix("ps1:")
                .and_then(|rest| rest.split_once(':'))
                .is_some_and(|(id, body)| {
                    id.parse::<KeyId>().is_ok()
                        && !body.bytes().any(|c| c.is_ascii_uppercase() || c == b'=')
                        && BASE32_NOPAD
                            .decode(body.to_ascii_uppercase().as_bytes())
                            .is_ok_and(|v| v.len() == PSEUDONYM_BYTES)
                });
            proptest::prop_assert_eq!(Pseudonym::is_well_formed(&text), plain, "{}", text);
            proptest::prop_assert_eq!(text.parse::<Pseudonym>().is_ok(), plain, "{}", text);
        }

        /// The stack text is the scheme, the key id and the RFC 4648 base32 of the value in
        /// lower case, built here the plain way; up to the longest key id (64 characters),
        /// which fills the buffer.
        #[test]
        fn the_stack_text_is_the_plain_text(
            id in "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
            value in proptest::array::uniform20(proptest::num::u8::ANY),
        ) {
            let p = Pseudonym { key_id: id.parse().unwrap(), value };
            let plain = format!("ps1:{id}:{}", BASE32_NOPAD.encode(&value).to_lowercase());
            let text = p.text();
            proptest::prop_assert_eq!(text.as_str(), plain.as_str());
            proptest::prop_assert_eq!(p.to_string(), plain.clone());
            proptest::prop_assert_eq!(p.to_ref().to_string(), plain.clone());
            proptest::prop_assert_eq!(text.parse::<Pseudonym>().unwrap(), p);
        }
    }

    #[test]
    fn malformed_pseudonyms_are_refused() {
        let good = "ps1:k:abcdefghijklmnopqrstuvwxyz234567";
        assert!(good.parse::<Pseudonym>().is_ok());
        for bad in [
            "ps2:k:abcdefghijklmnopqrstuvwxyz234567",
            "ps1::abcdefghijklmnopqrstuvwxyz234567",
            "ps1:k:abcdefghijklmnopqrstuvwxyz23456",
            "ps1:k:abcdefghijklmnopqrstuvwxyz2345678",
            "ps1:k:abcdefghijklmnopqrstuvwxyz234561",
            "ps1:k:x:abcdefghijklmnopqrstuvwxyz234567",
            "ps1:k:abcdefghijklmnopqrstuvwxyz23456=",
        ] {
            assert!(bad.parse::<Pseudonym>().is_err(), "{bad}");
        }
    }

    #[test]
    fn purposes_and_kinds_separate() {
        let a = pz("a");
        let b = pz("b");
        let id = |p: &Pseudonymizer, d| p.identifier(d, "12345").unwrap();
        assert_ne!(id(&a, "x"), id(&b, "x"));
        assert_ne!(id(&a, "x"), id(&a, "y"));
        assert!(a.identifier("Bad Domain", "1").is_err());
        assert!("Upper".parse::<Purpose>().is_err());
    }

    #[test]
    fn unknown_key_ids_are_reported() {
        let a = pz("a");
        assert_eq!(
            a.under(&"nope".parse().unwrap()).unwrap_err(),
            PseudonymError::UnknownKeyId
        );
        assert_eq!(
            a.under(&"t".parse().unwrap()).unwrap().key_id().as_str(),
            "t"
        );
    }
}
