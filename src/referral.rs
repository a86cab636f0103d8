//! The `referral` record: one agency asking another to provide services to a survivor.
//!
//! A referral rests on the person's consent to be referred to that recipient, or on an
//! explicit, reasoned override. Its status follows the HL7 FHIR Task codes a referral needs,
//! and its history records every change.
//!
//! To read a record from untrusted JSON, use [`Record::from_slice`](crate::Record::from_slice):
//! it applies the input limits and reads structs from JSON objects only, as the schema does.
//! A plain `serde_json::from_str::<Referral>` also takes a struct written as an array of its
//! fields, which the schema refuses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Case, Consent, Subject};
use crate::types::{
    CurrentVersion, Extensions, LanguageCode, NonEmptyList, OrgId, PartialDate, PseudonymRef,
    RecordId, Timestamp, UniqueList,
};
use crate::vocab::{
    AgeBand, ConsentOverrideReason, Gender, MajorityStatus, OrganizationType, ReferralReason,
    ReferralStatus, SafetyRisk, ServiceType, SpecialNeed, Urgency,
};

/// The `record_type` of a referral: always `"referral"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ReferralType {
    /// `"referral"`
    #[default]
    #[serde(rename = "referral")]
    Referral,
}

/// One organization asking another to provide services to a survivor.
#[non_exhaustive]
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Referral")]
pub struct Referral {
    /// Always `"referral"`.
    pub record_type: ReferralType,
    /// The version of the standard: the current one, `"1.1"` (a 1.0 document is upgraded on
    /// reading).
    pub schema_version: CurrentVersion,
    /// The referral id, unique within the producer.
    pub id: RecordId,
    /// The organization that produced this record (the referring organization, or the
    /// recipient when it reports a status change).
    pub producer: OrgId,
    /// When this record was first produced.
    pub created_at: Timestamp,
    /// When this record was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// The id of the case at the referring organization.
    pub case_ref: RecordId,
    /// A pseudonym of the person, when the recipient shares the pseudonym key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_ref: Option<PseudonymRef>,
    /// The referring organization.
    pub from: Party,
    /// The recipient.
    pub to: Party,
    /// The services requested: at least one.
    pub services: NonEmptyList<ServiceType>,
    /// Why the person is referred.
    pub reason: ReferralReason,
    /// How urgent the referral is.
    pub urgency: Urgency,
    /// What the referral rests on: the person's consent, or a reasoned override.
    pub consent: ConsentBasis,
    /// The minimum the recipient needs to know about the person.
    pub subject: SubjectSummary,
    /// The current status.
    pub status: ReferralStatus,
    /// Every status change, oldest first; the last one is the current status.
    pub history: NonEmptyList<StatusChange>,
    /// A short note for the recipient. Free text MUST NOT contain personal data: it is scanned
    /// for email addresses and phone numbers on validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Partner-specific data under namespaced keys; MUST round-trip untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl std::fmt::Debug for Referral {
    /// Shows every field but the ones that may be personal data (note), which
    /// show only whether they are there.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Referral")
            .field("record_type", &self.record_type)
            .field("schema_version", &self.schema_version)
            .field("id", &self.id)
            .field("producer", &self.producer)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("case_ref", &self.case_ref)
            .field("subject_ref", &self.subject_ref)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("services", &self.services)
            .field("reason", &self.reason)
            .field("urgency", &self.urgency)
            .field("consent", &self.consent)
            .field("subject", &self.subject)
            .field("status", &self.status)
            .field("history", &self.history)
            .field("note", &crate::types::Redacted(&self.note))
            .field("extensions", &self.extensions)
            .finish()
    }
}

/// An organization taking part in a referral.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The organization.
    pub org: OrgId,
    /// Its type (HTCDS org_Type).
    pub org_type: OrganizationType,
}

/// What a referral rests on. Exactly one of `consent` or `override`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum ConsentBasis {
    /// The person's consent to be referred; its purpose MUST be `referral` and it MUST name
    /// the recipient.
    Consent(Consent),
    /// A referral without consent, for a stated reason.
    Override(ConsentOverride),
}

/// A referral made without the person's consent, and why.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentOverride {
    /// The reason.
    pub reason: ConsentOverrideReason,
    /// The organization that authorized the override.
    pub authorized_by: OrgId,
    /// When it was authorized.
    pub decided_on: PartialDate,
}

/// What the recipient needs to know about the person, and nothing more.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectSummary {
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// CTDC age band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// Minor or adult.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<MajorityStatus>,
    /// Languages the person speaks, primary first.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub languages: UniqueList<LanguageCode>,
    /// Needs the recipient must prepare for.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub needs: UniqueList<SpecialNeed>,
    /// Assessed safety risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_risk: Option<SafetyRisk>,
}

/// One change of a referral's status.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The new status.
    pub status: ReferralStatus,
    /// When it changed.
    pub at: Timestamp,
    /// The organization that changed it.
    pub by: OrgId,
}

impl Referral {
    /// A referral with its required fields, just requested: its status is `requested`, its
    /// history that one change (at `created_at`, by the referring organization), its
    /// producer the referring organization, and it says nothing about the person (an empty
    /// [`SubjectSummary`]). Set the other fields by assignment. To refer the person of a
    /// case, [`Referral::for_case`] also copies what the recipient needs to know.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: RecordId,
        created_at: Timestamp,
        case_ref: RecordId,
        from: Party,
        to: Party,
        services: NonEmptyList<ServiceType>,
        reason: ReferralReason,
        urgency: Urgency,
        consent: ConsentBasis,
    ) -> Self {
        let requested = StatusChange::new(ReferralStatus::Requested, created_at, from.org.clone());
        Referral {
            record_type: ReferralType::Referral,
            schema_version: CurrentVersion,
            id,
            producer: from.org.clone(),
            created_at,
            updated_at: None,
            case_ref,
            subject_ref: None,
            from,
            to,
            services,
            reason,
            urgency,
            consent,
            subject: SubjectSummary::default(),
            status: ReferralStatus::Requested,
            history: NonEmptyList::new(vec![requested]).expect("one status change"),
            note: None,
            extensions: Extensions::default(),
        }
    }

    /// A referral of the person of `case`, made by the case's producer (an organization of
    /// type `from_type`) to `to`, resting on `consent` (one of the case's consents; its
    /// purpose should be `referral` and it should name the recipient, which validation
    /// checks). It refers to the case by its id and carries the [`SubjectSummary`] of the
    /// case's subject (gender, age band, majority, languages); needs, safety risk and the
    /// pseudonym are not in a case and are left for the caller.
    ///
    /// ```
    /// use ctip_exchange::case::{Case, Consent};
    /// use ctip_exchange::referral::{Party, Referral};
    /// use ctip_exchange::types::NonEmptyList;
    /// use ctip_exchange::vocab::*;
    /// let mut case = Case::new(
    ///     "case-1".parse().unwrap(),
    ///     "tt.gov.mns".parse().unwrap(),
    ///     "2025-01-15T12:00:00Z".parse().unwrap(),
    /// );
    /// case.subject.gender = Some(Gender::Feminine);
    /// let mut consent = Consent::new(
    ///     ConsentPurpose::Referral,
    ///     ConsentStatus::Granted,
    ///     "2025-01".parse().unwrap(),
    /// );
    /// consent.organizations.insert("tt.ngo.shelter".parse().unwrap());
    /// let referral = Referral::for_case(
    ///     &case,
    ///     &consent,
    ///     "ref-1".parse().unwrap(),
    ///     "2025-01-16T09:00:00Z".parse().unwrap(),
    ///     OrganizationType::CentralGovernmentOrganisation,
    ///     Party::new("tt.ngo.shelter".parse().unwrap(), OrganizationType::Ngo),
    ///     NonEmptyList::new(vec![ServiceType::Shelter]).unwrap(),
    ///     ReferralReason::AdditionalServicesRequired,
    ///     Urgency::Routine,
    /// );
    /// assert_eq!(referral.case_ref, case.id);
    /// assert_eq!(referral.subject.gender, Some(Gender::Feminine));
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn for_case(
        case: &Case,
        consent: &Consent,
        id: RecordId,
        created_at: Timestamp,
        from_type: OrganizationType,
        to: Party,
        services: NonEmptyList<ServiceType>,
        reason: ReferralReason,
        urgency: Urgency,
    ) -> Self {
        let mut referral = Referral::new(
            id,
            created_at,
            case.id.clone(),
            Party::new(case.producer.clone(), from_type),
            to,
            services,
            reason,
            urgency,
            ConsentBasis::Consent(consent.clone()),
        );
        referral.subject = SubjectSummary::from(&case.subject);
        referral
    }

    /// When the referral was made: the time of its first `requested` status, or the record's
    /// creation time.
    pub fn requested_at(&self) -> Timestamp {
        self.history
            .iter()
            .find(|c| c.status == ReferralStatus::Requested)
            .map(|c| c.at)
            .unwrap_or(self.created_at)
    }
}

impl Party {
    /// An organization of a type.
    pub fn new(org: OrgId, org_type: OrganizationType) -> Self {
        Party { org, org_type }
    }
}

impl ConsentOverride {
    /// An override for `reason`, authorized by `authorized_by` on `decided_on`.
    pub fn new(
        reason: ConsentOverrideReason,
        authorized_by: OrgId,
        decided_on: PartialDate,
    ) -> Self {
        ConsentOverride {
            reason,
            authorized_by,
            decided_on,
        }
    }
}

impl StatusChange {
    /// A change to `status` at `at` by `by`.
    pub fn new(status: ReferralStatus, at: Timestamp, by: OrgId) -> Self {
        StatusChange { status, at, by }
    }
}

impl From<&Subject> for SubjectSummary {
    /// What a recipient needs to know of a case's subject: gender, age band, majority and
    /// languages. Needs and safety risk are not in a case: they are left empty.
    fn from(subject: &Subject) -> Self {
        SubjectSummary {
            gender: subject.gender,
            age_band: subject.age_band,
            majority: subject.majority,
            languages: subject.languages.clone(),
            needs: UniqueList::default(),
            safety_risk: None,
        }
    }
}
