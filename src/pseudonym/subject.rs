//! The only path from a local identity into an exchange record: the pseudonym layer builds
//! the case's [`Subject`] (the record models know nothing of pseudonymization).

use super::SubjectPseudonyms;
use crate::case::Subject;
use crate::types::Age;

impl From<SubjectPseudonyms> for Subject {
    /// The exchange profile of a survivor, from what the agency's pseudonymizer made of the
    /// local identity (computed at the identification date): pseudonyms, the year of birth,
    /// and the age, age band and majority where they are certain. This is the only path from
    /// a [`LocalIdentity`](super::LocalIdentity) into a case.
    ///
    /// ```
    /// use ctip_exchange::case::Subject;
    /// use ctip_exchange::pseudonym::{KeySet, LocalIdentity, PersonName, Pseudonymizer, SecretKey};
    ///
    /// let key = SecretKey::from_bytes("demo".parse().unwrap(), [7; 32]);
    /// let pz = Pseudonymizer::new(&KeySet::new(key), "subject-linkage".parse().unwrap());
    /// let mut person = LocalIdentity::default();
    /// person.names.push(PersonName::labelled("Ana", "Synthetica").unwrap());
    /// person.birth_date = Some("2001-03-04".parse().unwrap());
    /// let identified = "2024-07-29".parse().unwrap();
    /// let subject = Subject::from(pz.subject(&person, identified));
    /// assert_eq!(subject.birth_date.unwrap().to_string(), "2001");
    /// assert_eq!(subject.pseudonyms.len(), 1);
    /// assert!(subject.pseudonyms[0].as_str().starts_with("ps1:demo:"));
    /// ```
    fn from(p: SubjectPseudonyms) -> Subject {
        Subject {
            pseudonyms: p.pseudonyms.into_iter().collect(),
            birth_date: p.birth_year,
            age_at_identification: p.age_at_reference.and_then(|a| Age::new(a).ok()),
            age_band: p.age_band,
            majority: p.majority,
            ..Subject::default()
        }
    }
}
