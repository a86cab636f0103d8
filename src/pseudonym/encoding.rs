//! The unambiguous encoding of pseudonym inputs (`schemas/PSEUDONYMS.md`, "Encoding"): each
//! field is a one-byte tag, its length as four bytes big-endian, and its UTF-8 bytes.

/// HKDF salt of scheme `ps1`.
pub(crate) const HKDF_SALT: &[u8] = b"ctip-exchange/ps1";
/// Prefix of every HKDF info string: `ctip-exchange/ps1/<purpose>/<field kind>`.
pub(crate) const INFO_PREFIX: &str = "ctip-exchange/ps1/";

pub(crate) const TAG_GIVEN: u8 = 0x01;
pub(crate) const TAG_FAMILY: u8 = 0x02;
pub(crate) const TAG_UNLABELLED: u8 = 0x03;
pub(crate) const TAG_BIRTH_DATE: u8 = 0x04;
pub(crate) const TAG_DOC_COUNTRY: u8 = 0x10;
pub(crate) const TAG_DOC_TYPE: u8 = 0x11;
pub(crate) const TAG_DOC_NUMBER: u8 = 0x12;
pub(crate) const TAG_PHONE: u8 = 0x20;
pub(crate) const TAG_EMAIL: u8 = 0x30;
pub(crate) const TAG_ID_DOMAIN: u8 = 0x40;
pub(crate) const TAG_ID_VALUE: u8 = 0x41;
pub(crate) const TAG_CASE: u8 = 0x50;

/// Where the encoded fields go: the message buffer ([`Vec`]), or straight into a keyed HMAC
/// state (the same bytes, without building the message).
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for hmac::Hmac<sha2::Sha256> {
    fn put(&mut self, bytes: &[u8]) {
        hmac::Mac::update(self, bytes);
    }
}

/// Appends one field. Values are at most a few kilobytes (checked by the input types), far
/// below `u32::MAX`.
pub(crate) fn encode_field(out: &mut impl Sink, tag: u8, value: &[u8]) {
    let len = u32::try_from(value.len()).expect("field values are limited to a few kilobytes");
    let mut head = [tag, 0, 0, 0, 0];
    head[1..].copy_from_slice(&len.to_be_bytes());
    out.put(&head);
    out.put(value);
}

/// The text of a partial date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) into a stack buffer,
/// without the formatting machinery.
pub(crate) fn date_text(date: crate::types::PartialDate, buf: &mut [u8; 10]) -> &[u8] {
    fn two(n: u8, out: &mut [u8]) {
        out[0] = b'0' + n / 10;
        out[1] = b'0' + n % 10;
    }
    let y = date.year_value();
    buf[0] = b'0' + (y / 1000) as u8;
    buf[1] = b'0' + (y / 100 % 10) as u8;
    buf[2] = b'0' + (y / 10 % 10) as u8;
    buf[3] = b'0' + (y % 10) as u8;
    let mut len = 4;
    if let Some(m) = date.month_value() {
        buf[4] = b'-';
        two(m, &mut buf[5..7]);
        len = 7;
        if let Some(d) = date.day_value() {
            buf[7] = b'-';
            two(d, &mut buf[8..10]);
            len = 10;
        }
    }
    &buf[..len]
}

/// Lower-case RFC 4648 base32 without padding of the 20 bytes of a pseudonym: 32 characters,
/// written into `out`.
pub(crate) fn base32_lower_into(bytes: &[u8; 20], out: &mut [u8; 32]) {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    for (chunk, group) in bytes.chunks_exact(5).zip(out.chunks_exact_mut(8)) {
        let n = chunk.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
        for (i, c) in group.iter_mut().enumerate() {
            *c = ALPHABET[((n >> (35 - 5 * i)) & 31) as usize];
        }
    }
}

/// [`base32_lower_into`] into a new array.
#[cfg(test)]
pub(crate) fn base32_lower(bytes: &[u8; 20]) -> [u8; 32] {
    let mut out = [0u8; 32];
    base32_lower_into(bytes, &mut out);
    out
}

/// The kind of field a pseudonym is made of; each has its own derived key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A person's name with the birth date (`name-birth-date`).
    NameAndBirthDate,
    /// An identity document (`document`).
    Document,
    /// A phone number (`phone`).
    Phone,
    /// An email address (`email`).
    Email,
    /// A free identifier in a caller-named domain (`identifier`).
    Identifier,
    /// The key of the per-case date shift (`date-shift`).
    DateShift,
}

impl FieldKind {
    /// Every field kind, in the order of their derived keys.
    pub const ALL: [FieldKind; 6] = [
        FieldKind::NameAndBirthDate,
        FieldKind::Document,
        FieldKind::Phone,
        FieldKind::Email,
        FieldKind::Identifier,
        FieldKind::DateShift,
    ];

    /// The name used in the HKDF info string.
    pub fn code(self) -> &'static str {
        match self {
            FieldKind::NameAndBirthDate => "name-birth-date",
            FieldKind::Document => "document",
            FieldKind::Phone => "phone",
            FieldKind::Email => "email",
            FieldKind::Identifier => "identifier",
            FieldKind::DateShift => "date-shift",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_length_prefixed() {
        let mut out = Vec::new();
        encode_field(&mut out, TAG_GIVEN, b"ab");
        encode_field(&mut out, TAG_FAMILY, b"");
        assert_eq!(out, [1, 0, 0, 0, 2, b'a', b'b', 2, 0, 0, 0, 0]);
    }

    #[test]
    fn base32_is_rfc_4648_in_lower_case() {
        use data_encoding::BASE32_NOPAD;
        let mut bytes = [0u8; 20];
        for seed in 0u8..=255 {
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = seed
                    .wrapping_mul(31)
                    .wrapping_add((i as u8).wrapping_mul(17))
                    ^ (i as u8);
            }
            let ours = base32_lower(&bytes);
            assert_eq!(
                std::str::from_utf8(&ours).unwrap(),
                BASE32_NOPAD.encode(&bytes).to_ascii_lowercase()
            );
        }
    }

    #[test]
    fn indices_follow_all() {
        for (i, k) in FieldKind::ALL.iter().enumerate() {
            assert_eq!(k.index(), i);
        }
    }
}
