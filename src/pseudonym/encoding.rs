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

/// Appends one field. Values are at most a few kilobytes (checked by the input types), far
/// below `u32::MAX`.
pub(crate) fn encode_field(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    let len = u32::try_from(value.len()).expect("field values are limited to a few kilobytes");
    out.push(tag);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(value);
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
    fn indices_follow_all() {
        for (i, k) in FieldKind::ALL.iter().enumerate() {
            assert_eq!(k.index(), i);
        }
    }
}
