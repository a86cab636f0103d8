//! Typed, normalized inputs of the pseudonyms: names, identity documents, phone numbers and
//! email addresses.
//!
//! Each type normalizes its value when it is built (rules N1 to N7 of `schemas/PSEUDONYMS.md`)
//! and keeps only the normalized form. Texts holding a code point unassigned in Unicode 14.0
//! are refused (section 5 of that document). They hold personal data: `Debug` prints no value,
//! there is no `Display` and no `Serialize`, and the text is zeroized on drop.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::{FieldKind, PseudonymError, normalize};
use crate::types::{CountryCode, PartialDate};

/// A label of a name part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamePart {
    /// Given name(s), first name(s), middle names.
    Given,
    /// Family name(s), surname(s), patronymics and particles (`van der`, `de la`).
    Family,
}

/// A person's name, normalized (rule N1), either with labelled parts (given and family) or as
/// an unlabelled full name whose words are put in a canonical order (rule N2).
///
/// Labelled parts are always encoded in the same order, so "Jean Pierre" written as given
/// "Jean", family "Pierre" and "Pierre, Jean" agree:
///
/// ```
/// use ctip_exchange::pseudonym::PersonName;
/// let a = PersonName::labelled("Jean", "PIERRE").unwrap();
/// let b = PersonName::from_family_comma_given("Pierre, Jéan").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(format!("{a:?}"), "PersonName(labelled, ..)");
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct PersonName(NameForm);

#[derive(Clone, PartialEq, Eq, Zeroize)]
enum NameForm {
    /// The normalized given name, then the normalized family name, in one text (one
    /// allocation): the given name is `text[..given_len]`.
    Labelled {
        text: String,
        given_len: usize,
    },
    Unlabelled(String),
}

impl PersonName {
    /// A name with its given and family parts; either may be empty (a mononym), not both.
    pub fn labelled(given: &str, family: &str) -> Result<Self, PseudonymError> {
        let mut text = String::with_capacity(given.len() + family.len() + 1);
        let given_len = if given.is_ascii() && family.is_ascii() {
            // ASCII is assigned: straight to the one-pass path
            normalize::append_ascii_words(given, &mut text, 0);
            let given_len = text.len();
            normalize::append_ascii_words(family, &mut text, given_len);
            given_len
        } else {
            normalize::check_assigned(given, "name")?;
            normalize::check_assigned(family, "name")?;
            normalize::append_name_part(given, &mut text);
            let given_len = text.len();
            normalize::append_name_part_after(family, &mut text, given_len);
            given_len
        };
        PersonName::from_labelled_text(text, given_len)
    }

    /// A name from labelled parts in any order. Parts with the same label are joined in the
    /// order they come, so only the order among parts of the same label matters.
    pub fn from_parts<'a>(
        parts: impl IntoIterator<Item = (NamePart, &'a str)>,
    ) -> Result<Self, PseudonymError> {
        let mut given = Zeroizing::new(String::new());
        let mut family = Zeroizing::new(String::new());
        for (label, text) in parts {
            normalize::check_assigned(text, "name")?;
            let target = match label {
                NamePart::Given => &mut given,
                NamePart::Family => &mut family,
            };
            normalize::append_name_part(text, target);
        }
        let given_len = given.len();
        let mut text = std::mem::take(&mut *given);
        text.push_str(&family);
        PersonName::from_labelled_text(text, given_len)
    }

    /// Checks the normalized parts (each at most [`normalize::MAX_FIELD_BYTES`], not both
    /// empty) and keeps them; a refused text is zeroized.
    fn from_labelled_text(mut text: String, given_len: usize) -> Result<Self, PseudonymError> {
        let checked = check_name_len(&text[..given_len])
            .and_then(|()| check_name_len(&text[given_len..]))
            .and_then(|()| {
                if text.is_empty() {
                    Err(normalize::invalid(
                        "name",
                        "at least one letter or digit in the given or family name",
                    ))
                } else {
                    Ok(())
                }
            });
        match checked {
            Ok(()) => Ok(PersonName(NameForm::Labelled { text, given_len })),
            Err(e) => {
                text.zeroize();
                Err(e)
            }
        }
    }

    /// A name written "Family, Given" (the first comma separates the parts).
    pub fn from_family_comma_given(text: &str) -> Result<Self, PseudonymError> {
        let (family, given) = text
            .split_once(',')
            .ok_or_else(|| normalize::invalid("name", "\"family, given\" with a comma"))?;
        PersonName::labelled(given, family)
    }

    /// A full name whose parts are not known; its words are sorted (rule N2), so word order
    /// does not matter. It never equals a labelled name.
    pub fn unlabelled(full_name: &str) -> Result<Self, PseudonymError> {
        normalize::check_assigned(full_name, "name")?;
        let name = normalize::unlabelled_name(full_name);
        check_name_len(&name)?;
        if name.is_empty() {
            return Err(normalize::invalid("name", "at least one letter or digit"));
        }
        Ok(PersonName(NameForm::Unlabelled(name)))
    }

    pub(crate) fn encode(&self, out: &mut impl super::encoding::Sink) {
        match &self.0 {
            NameForm::Labelled { text, given_len } => {
                let (given, family) = text.as_bytes().split_at(*given_len);
                super::encode_field(out, super::TAG_GIVEN, given);
                super::encode_field(out, super::TAG_FAMILY, family);
            }
            NameForm::Unlabelled(words) => {
                super::encode_field(out, super::TAG_UNLABELLED, words.as_bytes())
            }
        }
    }
}

fn check_name_len(s: &str) -> Result<(), PseudonymError> {
    if s.len() > normalize::MAX_FIELD_BYTES {
        Err(normalize::invalid(
            "name",
            "at most 1024 bytes once normalized",
        ))
    } else {
        Ok(())
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            NameForm::Labelled { .. } => f.write_str("PersonName(labelled, ..)"),
            NameForm::Unlabelled(_) => f.write_str("PersonName(unlabelled, ..)"),
        }
    }
}

/// The type of an identity document (its code is part of the pseudonym input, rule N4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentType {
    /// Passport (`passport`).
    Passport,
    /// National identity card, cédula (`national_id`).
    NationalId,
    /// Residence or work permit (`residence_permit`).
    ResidencePermit,
    /// Travel document other than a passport, e.g. a refugee travel document (`travel_document`).
    TravelDocument,
    /// Birth certificate (`birth_certificate`).
    BirthCertificate,
    /// Driving licence (`driving_licence`).
    DrivingLicence,
    /// Voter card (`voter_card`).
    VoterCard,
    /// Any other document (`other`).
    Other,
}

impl DocumentType {
    /// Every document type.
    pub const ALL: [DocumentType; 8] = [
        DocumentType::Passport,
        DocumentType::NationalId,
        DocumentType::ResidencePermit,
        DocumentType::TravelDocument,
        DocumentType::BirthCertificate,
        DocumentType::DrivingLicence,
        DocumentType::VoterCard,
        DocumentType::Other,
    ];

    /// The code written in the pseudonym input.
    pub fn code(self) -> &'static str {
        match self {
            DocumentType::Passport => "passport",
            DocumentType::NationalId => "national_id",
            DocumentType::ResidencePermit => "residence_permit",
            DocumentType::TravelDocument => "travel_document",
            DocumentType::BirthCertificate => "birth_certificate",
            DocumentType::DrivingLicence => "driving_licence",
            DocumentType::VoterCard => "voter_card",
            DocumentType::Other => "other",
        }
    }

    /// The document type of a code.
    pub fn from_code(code: &str) -> Option<DocumentType> {
        DocumentType::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// An identity document: type, issuing country and number (rule N4: upper case, separators
/// removed).
///
/// ```
/// use ctip_exchange::pseudonym::{DocumentType, IdentityDocument};
/// let a = IdentityDocument::new(DocumentType::Passport, "HT".parse().unwrap(), "ab-123 456").unwrap();
/// let b = IdentityDocument::new(DocumentType::Passport, "HT".parse().unwrap(), "AB123456").unwrap();
/// assert_eq!(a, b);
/// assert!(!format!("{a:?}").contains("123"));
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct IdentityDocument {
    #[zeroize(skip)]
    kind: DocumentType,
    #[zeroize(skip)]
    country: CountryCode,
    number: normalize::DocumentNumber,
}

impl IdentityDocument {
    /// A document; the number is normalized and must keep 1 to 64 ASCII letters and digits.
    pub fn new(
        kind: DocumentType,
        country: CountryCode,
        number: &str,
    ) -> Result<Self, PseudonymError> {
        Ok(IdentityDocument {
            kind,
            country,
            number: normalize::document_number(number)?,
        })
    }

    /// The document type.
    pub fn kind(&self) -> DocumentType {
        self.kind
    }

    /// The issuing country.
    pub fn country(&self) -> CountryCode {
        self.country
    }

    pub(crate) fn encode(&self, out: &mut impl super::encoding::Sink) {
        super::encode_field(
            out,
            super::TAG_DOC_COUNTRY,
            self.country.as_str().as_bytes(),
        );
        super::encode_field(out, super::TAG_DOC_TYPE, self.kind.code().as_bytes());
        super::encode_field(out, super::TAG_DOC_NUMBER, self.number.as_bytes());
    }
}

impl fmt::Debug for IdentityDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityDocument")
            .field("kind", &self.kind)
            .field("country", &self.country)
            .finish_non_exhaustive()
    }
}

/// A phone number with its country calling code (rule N5: the digits of the international
/// number, without `+`, 7 to 15 digits).
///
/// ```
/// use ctip_exchange::pseudonym::PhoneNumber;
/// let a = PhoneNumber::international("+1 (868) 555-0100").unwrap();
/// let b = PhoneNumber::national("868 555 0100", 1).unwrap();
/// assert_eq!(a, b);
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// A number in international form: `+` or `00`, country calling code, number.
    pub fn international(text: &str) -> Result<Self, PseudonymError> {
        normalize::international_phone(text).map(PhoneNumber)
    }

    /// A number in national form, with its country calling code (e.g. 1 for Trinidad and
    /// Tobago, 509 for Haiti); leading zeros of the national number (trunk prefix) are dropped.
    ///
    /// This gives the international number only where the trunk prefix is `0` or absent and
    /// the national number does not itself start with `0`. Use
    /// [`international`](Self::international) for Italy (39) and San Marino (378), whose
    /// international numbers keep the `0`, and for trunk prefixes other than `0` (`8` in
    /// Russia, `1` in North America): their national forms give other pseudonyms.
    pub fn national(text: &str, calling_code: u16) -> Result<Self, PseudonymError> {
        normalize::national_phone(text, calling_code).map(PhoneNumber)
    }

    pub(crate) fn encode(&self, out: &mut impl super::encoding::Sink) {
        super::encode_field(out, super::TAG_PHONE, self.0.as_bytes());
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PhoneNumber(..)")
    }
}

/// An email address (rule N6: trimmed, NFC, ASCII letters lowercased).
///
/// ```
/// use ctip_exchange::pseudonym::EmailAddress;
/// assert_eq!(EmailAddress::new(" Ana@Example.org").unwrap(), EmailAddress::new("ana@example.ORG").unwrap());
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// An email address: one `@`, a non-empty local part and domain, no space, control or
    /// invisible format character (but U+200C and U+200D).
    pub fn new(text: &str) -> Result<Self, PseudonymError> {
        normalize::email(text).map(EmailAddress)
    }

    pub(crate) fn encode(&self, out: &mut impl super::encoding::Sink) {
        super::encode_field(out, super::TAG_EMAIL, self.0.as_bytes());
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailAddress(..)")
    }
}

/// A free identifier of another system (a case number, a beneficiary number) in a domain the
/// caller names (rule N7: trimmed and NFC-normalized, otherwise exact).
///
/// ```
/// use ctip_exchange::pseudonym::Identifier;
/// let id = Identifier::new("primero.case-id", " CASE-0042 ").unwrap();
/// assert_eq!(id.domain(), "primero.case-id");
/// assert!(Identifier::new("Not A Domain", "1").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Identifier {
    domain: String,
    value: String,
}

impl Identifier {
    /// An identifier; the domain has the grammar of a purpose (1 to 64 lower-case ASCII
    /// letters, digits, `.`, `_`, `-`).
    pub fn new(domain: &str, value: &str) -> Result<Self, PseudonymError> {
        if !super::pseudonymizer::is_lower_token(domain) {
            return Err(normalize::invalid(
                "identifier domain",
                "1 to 64 lower-case ASCII letters, digits, '.', '_' or '-'",
            ));
        }
        Ok(Identifier {
            domain: domain.to_owned(),
            value: normalize::identifier_value(value)?,
        })
    }

    /// The domain.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub(crate) fn encode(&self, out: &mut impl super::encoding::Sink) {
        super::encode_field(out, super::TAG_ID_DOMAIN, self.domain.as_bytes());
        super::encode_field(out, super::TAG_ID_VALUE, self.value.as_bytes());
    }
}

impl fmt::Debug for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identifier")
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

/// Any input of a pseudonym, with its field kind: the generic entry point
/// [`Pseudonymizer::pseudonymize`](super::Pseudonymizer::pseudonymize).
///
/// `Debug` shows the kind and what the inputs' own `Debug` shows, never a name, number,
/// address or the birth date:
///
/// ```
/// use ctip_exchange::pseudonym::{PersonName, PseudonymInput};
/// let name = PersonName::labelled("Ana", "Test").unwrap();
/// let input = PseudonymInput::NameAndBirthDate(&name, "1998-03-21".parse().unwrap());
/// assert_eq!(format!("{input:?}"), "NameAndBirthDate(PersonName(labelled, ..), ..)");
/// ```
#[derive(Clone, Copy)]
pub enum PseudonymInput<'a> {
    /// A name with the birth date.
    NameAndBirthDate(&'a PersonName, PartialDate),
    /// An identity document.
    Document(&'a IdentityDocument),
    /// A phone number.
    Phone(&'a PhoneNumber),
    /// An email address.
    Email(&'a EmailAddress),
    /// A free identifier.
    Identifier(&'a Identifier),
}

impl fmt::Debug for PseudonymInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // the birth date is personal data: left out
            PseudonymInput::NameAndBirthDate(name, _) => f
                .debug_tuple("NameAndBirthDate")
                .field(name)
                .finish_non_exhaustive(),
            PseudonymInput::Document(d) => f.debug_tuple("Document").field(d).finish(),
            PseudonymInput::Phone(p) => f.debug_tuple("Phone").field(p).finish(),
            PseudonymInput::Email(e) => f.debug_tuple("Email").field(e).finish(),
            PseudonymInput::Identifier(i) => f.debug_tuple("Identifier").field(i).finish(),
        }
    }
}

impl PseudonymInput<'_> {
    /// The field kind, which selects the derived key.
    pub fn kind(&self) -> FieldKind {
        match self {
            PseudonymInput::NameAndBirthDate(..) => FieldKind::NameAndBirthDate,
            PseudonymInput::Document(_) => FieldKind::Document,
            PseudonymInput::Phone(_) => FieldKind::Phone,
            PseudonymInput::Email(_) => FieldKind::Email,
            PseudonymInput::Identifier(_) => FieldKind::Identifier,
        }
    }

    /// The message the HMAC is computed over (`schemas/PSEUDONYMS.md`, section 4): the
    /// normalized input in tagged, length-prefixed fields. It holds personal data and is
    /// zeroized on drop; it is public so that other implementations can be checked against it.
    pub fn message(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(64));
        self.encode(&mut *out);
        out
    }

    /// Writes the message ([`message`](Self::message)) into `out`: a buffer, or the HMAC
    /// state itself.
    pub(crate) fn encode(&self, out: &mut impl super::encoding::Sink) {
        match self {
            PseudonymInput::NameAndBirthDate(name, birth_date) => {
                name.encode(out);
                let mut buf = Zeroizing::new([0u8; 10]);
                let text = super::encoding::date_text(*birth_date, &mut buf);
                super::encode_field(out, super::TAG_BIRTH_DATE, text);
            }
            PseudonymInput::Document(d) => d.encode(out),
            PseudonymInput::Phone(p) => p.encode(out),
            PseudonymInput::Email(e) => e.encode(out),
            PseudonymInput::Identifier(i) => i.encode(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_names_are_the_parts_in_one_text() {
        for (g, f) in [
            ("Marisol", "Ejemplo"),
            ("", "Ejemplo"),
            ("Marisol", "  "),
            ("Zoë Ann", "d'Ejemplo-Prueba"),
            ("اسم", "Ejemplo"),
        ] {
            let a = PersonName::labelled(g, f).unwrap();
            let b = PersonName::from_parts([(NamePart::Family, f), (NamePart::Given, g)]).unwrap();
            assert_eq!(a, b, "{g:?} {f:?}");
            let NameForm::Labelled { text, given_len } = &a.0 else {
                panic!("labelled");
            };
            assert_eq!(&text[..*given_len], normalize::name_part(g));
            assert_eq!(&text[*given_len..], normalize::name_part(f));
        }
        // a given name "a b" and family "c" differ from given "a" and family "b c"
        assert_ne!(
            PersonName::labelled("a b", "c").unwrap(),
            PersonName::labelled("a", "b c").unwrap()
        );
        assert!(PersonName::labelled(" ", "-").is_err());
        assert!(PersonName::labelled(&"a".repeat(1025), "b").is_err());
        assert!(PersonName::labelled("a", &"b".repeat(1025)).is_err());
        assert!(PersonName::labelled(&"a".repeat(1024), &"b".repeat(1024)).is_ok());
    }

    #[test]
    fn debug_of_every_input_shows_no_value() {
        let name = PersonName::labelled("Marisol", "Ejemplo").unwrap();
        let unlabelled = PersonName::unlabelled("Marisol Ejemplo").unwrap();
        let doc = IdentityDocument::new(DocumentType::Passport, "VE".parse().unwrap(), "X0000001")
            .unwrap();
        let phone = PhoneNumber::international("+1 868 555 0100").unwrap();
        let email = EmailAddress::new("marisol@example.org").unwrap();
        let id = Identifier::new("primero.case-id", "CASE-0042").unwrap();
        let born = "1998-03-21".parse().unwrap();
        let inputs = [
            PseudonymInput::NameAndBirthDate(&name, born),
            PseudonymInput::NameAndBirthDate(&unlabelled, born),
            PseudonymInput::Document(&doc),
            PseudonymInput::Phone(&phone),
            PseudonymInput::Email(&email),
            PseudonymInput::Identifier(&id),
        ];
        for input in inputs {
            let shown = format!("{input:?} {input:#?}");
            for secret in [
                "Marisol",
                "marisol",
                "Ejemplo",
                "ejemplo",
                "1998",
                "03-21",
                "X0000001",
                "868",
                "0100",
                "example.org",
                "CASE",
                "0042",
            ] {
                assert!(!shown.contains(secret), "{shown} shows {secret}");
            }
        }
        assert_eq!(
            format!("{:?}", PseudonymInput::Document(&doc)),
            "Document(IdentityDocument { kind: Passport, country: CountryCode(VE), .. })"
        );
    }
}
