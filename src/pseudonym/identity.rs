//! The local identity of a survivor, and its only way out: the pseudonymizer.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use super::generalize::{AgeRange, year_of_birth};
use super::input::{EmailAddress, IdentityDocument, PersonName, PhoneNumber};
use super::{Pseudonym, Pseudonymizer};
use crate::types::{CountryCode, PartialDate, PseudonymRef};
use crate::vocab::{AgeBand, MajorityStatus};

/// An address as the agency holds it. Only its country ever leaves the agency
/// ([`location_to_country`](super::location_to_country)).
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Address {
    /// Street, town, region: free lines, never exchanged.
    pub lines: Vec<String>,
    #[zeroize(skip)]
    country: Option<CountryCode>,
}

impl Address {
    /// An address with its lines and country.
    pub fn new(lines: Vec<String>, country: Option<CountryCode>) -> Self {
        Address { lines, country }
    }

    /// The country.
    pub fn country(&self) -> Option<CountryCode> {
        self.country
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Address")
            .field("lines", &self.lines.len())
            .finish_non_exhaustive()
    }
}

/// What an agency holds locally about a survivor: names, birth date, documents, phones,
/// emails, address.
///
/// It has no `Serialize`, no `Display`, no conversion into an exchange record, and its `Debug`
/// prints only how many values of each kind it holds. The only way its content leaves the
/// agency is [`Pseudonymizer::subject`], which turns it into pseudonym references and
/// generalized values. Its text is zeroized on drop.
///
/// ```
/// use ctip_exchange::pseudonym::{LocalIdentity, PersonName};
/// let mut who = LocalIdentity::default();
/// who.names.push(PersonName::labelled("Nadège", "Fleurimond").unwrap());
/// who.birth_date = Some("2006-09".parse().unwrap());
/// let shown = format!("{who:?}");
/// assert!(!shown.contains("Fleurimond") && !shown.contains("2006"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct LocalIdentity {
    /// Names the person is known by (each gives a pseudonym with the birth date).
    pub names: Vec<PersonName>,
    /// Birth date, as precise as it is known.
    #[zeroize(skip)]
    pub birth_date: Option<PartialDate>,
    /// Identity documents.
    pub documents: Vec<IdentityDocument>,
    /// Phone numbers.
    pub phones: Vec<PhoneNumber>,
    /// Email addresses.
    pub emails: Vec<EmailAddress>,
    /// Address.
    pub address: Option<Address>,
}

impl fmt::Debug for LocalIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalIdentity")
            .field("names", &self.names.len())
            .field("birth_date", &self.birth_date.is_some())
            .field("documents", &self.documents.len())
            .field("phones", &self.phones.len())
            .field("emails", &self.emails.len())
            .field("address", &self.address.is_some())
            .finish()
    }
}

/// What an exchange record may carry about a subject, made from a [`LocalIdentity`] by
/// [`Pseudonymizer::subject`]. The field types are those of the case model
/// (`subject.pseudonyms`, `birth_date`, `age_at_identification`, `age_band`, `majority`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectPseudonyms {
    /// One pseudonym per name (with the birth date), document, phone and email, in that
    /// order, without duplicates.
    pub pseudonyms: Vec<PseudonymRef>,
    /// The year of birth (the birth date coarsened to its year).
    pub birth_year: Option<PartialDate>,
    /// The possible ages at the reference date.
    pub age_range: Option<AgeRange>,
    /// The age at the reference date in completed years, only when it is certain.
    pub age_at_reference: Option<u8>,
    /// The CTDC age band, only when it is certain.
    pub age_band: Option<AgeBand>,
    /// Minor or adult, only when it is certain.
    pub majority: Option<MajorityStatus>,
    /// The country of the address.
    pub country_of_residence: Option<CountryCode>,
}

impl Pseudonymizer {
    /// Pseudonyms and generalized values of a local identity, with the age computed at
    /// `reference` (usually the date of identification).
    ///
    /// Names give pseudonyms only together with a birth date (a name alone is shared by too
    /// many people to link records safely): without a birth date, names are skipped.
    ///
    /// ```
    /// use ctip_exchange::pseudonym::{DocumentType, IdentityDocument, KeySet, LocalIdentity, PersonName, Pseudonymizer, SecretKey};
    /// use ctip_exchange::vocab::{AgeBand, MajorityStatus};
    ///
    /// let key = SecretKey::from_bytes("demo".parse().unwrap(), [42; 32]);
    /// let pz = Pseudonymizer::new(&KeySet::new(key), "subject-linkage".parse().unwrap());
    /// let mut who = LocalIdentity::default();
    /// who.names.push(PersonName::labelled("Wislande", "Jean-Baptiste").unwrap());
    /// who.birth_date = Some("2006".parse().unwrap());
    /// who.documents.push(IdentityDocument::new(DocumentType::NationalId, "HT".parse().unwrap(), "003-456-789-0").unwrap());
    ///
    /// let subject = pz.subject(&who, "2021-07-15".parse().unwrap());
    /// assert_eq!(subject.pseudonyms.len(), 2);
    /// assert_eq!(subject.birth_year.unwrap().to_string(), "2006");
    /// assert_eq!(subject.age_at_reference, None); // 14 or 15
    /// assert_eq!(subject.age_band, Some(AgeBand::Age9To17));
    /// assert_eq!(subject.majority, Some(MajorityStatus::Minor));
    /// ```
    pub fn subject(&self, identity: &LocalIdentity, reference: PartialDate) -> SubjectPseudonyms {
        let mut made: Vec<Pseudonym> = Vec::new();
        if let Some(birth) = identity.birth_date {
            made.extend(
                identity
                    .names
                    .iter()
                    .map(|n| self.name_and_birth_date(n, birth)),
            );
        }
        made.extend(identity.documents.iter().map(|d| self.document(d)));
        made.extend(identity.phones.iter().map(|p| self.phone(p)));
        made.extend(identity.emails.iter().map(|e| self.email(e)));
        let mut pseudonyms: Vec<PseudonymRef> = Vec::with_capacity(made.len());
        for p in made {
            let r = p.to_ref();
            if !pseudonyms.contains(&r) {
                pseudonyms.push(r);
            }
        }
        let age_range = identity.birth_date.and_then(|b| AgeRange::at(b, reference));
        SubjectPseudonyms {
            pseudonyms,
            birth_year: identity.birth_date.map(year_of_birth),
            age_range,
            age_at_reference: age_range.and_then(AgeRange::exact),
            age_band: age_range.and_then(AgeRange::band),
            majority: age_range.and_then(AgeRange::majority),
            country_of_residence: identity.address.as_ref().and_then(Address::country),
        }
    }
}
