//! The `case` record: one person's trafficking case, without direct identifiers.
//!
//! A case is produced by the agency that holds it. It carries the survivor's profile as
//! pseudonyms and generalized values only: names, birth dates with their full precision
//! where not needed, document numbers, phones, emails and addresses never appear (HTCDS
//! `prs_*` direct identifiers are turned into pseudonyms by the agency's pseudonymizer).
//!
//! To read a record from untrusted JSON, use [`Record::from_slice`](crate::Record::from_slice):
//! it applies the input limits and reads structs from JSON objects only, as the schema does.
//! A plain `serde_json::from_str::<Case>` also takes a struct written as an array of its
//! fields, which the schema refuses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::types::{
    Age, Country, CurrentVersion, Extensions, LanguageCode, NonEmptyList, OrgId, PartialDate,
    PseudonymRef, RecordId, Timestamp, UniqueList,
};
use crate::vocab::{
    AgeBand, AssistanceStatus, CaseStatus, ClosureReason, ConsentPurpose, ConsentStatus,
    DecisionMakingOrg, EducationLevel, EventType, ExploitationType, Gender, IccsCode,
    IdentificationChannel, InvestigationStatus, LabourIndustry, MajorityStatus, MeansOfControl,
    MigrantStatus, OnlinePlatform, PerpetratorRole, ProsecutionStatus, RecruitmentMethod,
    RelationshipToTrafficker, ServiceType, SexualExploitationType, TraffickingStatus,
    VictimParticipation, Vulnerability,
};

/// The `record_type` of a case: always `"case"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CaseType {
    /// `"case"`
    #[default]
    #[serde(rename = "case")]
    Case,
}

/// One person's trafficking case: profile (no direct identifiers), trafficking facts,
/// identification, perpetrators, case management, assistance, criminal justice and consent.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Case")]
pub struct Case {
    /// Always `"case"`.
    pub record_type: CaseType,
    /// The version of the standard: the current one, `"1.1"` (a 1.0 document is upgraded on
    /// reading).
    pub schema_version: CurrentVersion,
    /// The case id, unique within the producer. MUST NOT be derived from personal data.
    pub id: RecordId,
    /// The organization that holds the case and produced this record.
    pub producer: OrgId,
    /// When this record was first produced.
    pub created_at: Timestamp,
    /// When this record was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// The person, without direct identifiers.
    pub subject: Subject,
    /// What happened: status, forms of exploitation, means, recruitment, events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trafficking: Option<Trafficking>,
    /// How and when the person was identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification: Option<Identification>,
    /// The perpetrators, without identities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perpetrators: Vec<Perpetrator>,
    /// The case management status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_management: Option<CaseManagement>,
    /// Assistance and services received.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assistance: Vec<Assistance>,
    /// The criminal justice response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_justice: Option<CriminalJustice>,
    /// The consents the person gave, refused or withdrawn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
    /// Partner-specific data under namespaced keys; MUST round-trip untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

/// The person at the centre of a case, without direct identifiers.
///
/// Age may be given in any of four forms (partial birth date, age at identification, CTDC
/// age band, majority status); those given MUST agree.
#[non_exhaustive]
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Keyed pseudonyms standing for the person's identity (e.g. one from name and birth date,
    /// one per identity document), so that partners can link records of the same person.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub pseudonyms: UniqueList<PseudonymRef>,
    /// Gender (HTCDS prs_Gender).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Birth date, SHOULD be generalized to the year or month before exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<PartialDate>,
    /// Age in completed years on the identification date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_at_identification: Option<Age>,
    /// CTDC age band at identification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// Minor or adult at identification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<MajorityStatus>,
    /// Minor or adult when the exploitation began (CTDC majorityStatusAtExploit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority_at_exploitation: Option<MajorityStatus>,
    /// Citizenships (HTCDS prs_Citizenship, multi-select); `unknown` when asked and not known.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub citizenships: UniqueList<Country>,
    /// Languages the person speaks, primary first.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub languages: UniqueList<LanguageCode>,
    /// Highest level of education (ISCED 2011).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<EducationLevel>,
    /// Migration status at identification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrant_status: Option<MigrantStatus>,
    /// Vulnerability factors (HTCDS vic_Vulnerabilities). Sensitive: share on a need-to-know basis.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub vulnerabilities: UniqueList<Vulnerability>,
}

impl std::fmt::Debug for Subject {
    /// Shows every field but the ones that may be personal data (birth_date), which
    /// show only whether they are there.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subject")
            .field("pseudonyms", &self.pseudonyms)
            .field("gender", &self.gender)
            .field("birth_date", &crate::types::Redacted(&self.birth_date))
            .field("age_at_identification", &self.age_at_identification)
            .field("age_band", &self.age_band)
            .field("majority", &self.majority)
            .field("majority_at_exploitation", &self.majority_at_exploitation)
            .field("citizenships", &self.citizenships)
            .field("languages", &self.languages)
            .field("education", &self.education)
            .field("migrant_status", &self.migrant_status)
            .field("vulnerabilities", &self.vulnerabilities)
            .finish()
    }
}

/// The trafficking facts of a case.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trafficking {
    /// Trafficking status (HTCDS vic_TraffickingStatus).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TraffickingStatus>,
    /// Kind of organization that decided the status (HTCDS vic_TraffickingStatusDecisionMakingOrg).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_decided_by: Option<DecisionMakingOrg>,
    /// When the status was decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_decided_on: Option<PartialDate>,
    /// Forms of exploitation (multi-select).
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub exploitation_types: UniqueList<ExploitationType>,
    /// Types of sexual exploitation (multi-select).
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub sexual_exploitation_types: UniqueList<SexualExploitationType>,
    /// Industries of forced labour, ISIC Rev. 4 sections (multi-select).
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub labour_industries: UniqueList<LabourIndustry>,
    /// Means of control (multi-select).
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub means_of_control: UniqueList<MeansOfControl>,
    /// Methods of recruitment (multi-select).
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub recruitment_methods: UniqueList<RecruitmentMethod>,
    /// Relationship to the trafficker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_to_trafficker: Option<RelationshipToTrafficker>,
    /// Whether the person was abducted (CTDC isAbduction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abducted: Option<bool>,
    /// Online platforms used in recruitment. Names of platforms only: never a URL, handle or account.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub recruitment_platforms: UniqueList<OnlinePlatform>,
    /// Online platforms used in exploitation. Names of platforms only: never a URL, handle or account.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub exploitation_platforms: UniqueList<OnlinePlatform>,
    /// Trafficking events: recruitment, transit, exploitation (HTCDS hte_*), at country level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<TraffickingEvent>,
}

/// A recruitment, transit or exploitation event, at country level.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraffickingEvent {
    /// The kind of event.
    pub kind: EventType,
    /// Where it happened.
    pub country: Country,
    /// When it began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
}

/// How and when the person was identified.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Identification {
    /// The identification date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// How the person came to be identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<IdentificationChannel>,
    /// The country where the person was identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The organization that identified the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identified_by: Option<OrgId>,
}

/// A perpetrator, without identity.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Perpetrator {
    /// Roles in the trafficking process (HTCDS per_RoleInProcess, multi-select).
    pub roles: NonEmptyList<PerpetratorRole>,
    /// Relationship of the person to this perpetrator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<RelationshipToTrafficker>,
    /// Citizenship of the perpetrator, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizenship: Option<Country>,
}

/// The case management status.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseManagement {
    /// The status (HTCDS cas_Status).
    pub status: CaseStatus,
    /// When the case was opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_on: Option<PartialDate>,
    /// When the case was closed; present only for closed statuses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<PartialDate>,
    /// Why the case was closed; present only for closed statuses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<ClosureReason>,
}

/// An assistance or service the person received or was offered.
#[non_exhaustive]
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assistance {
    /// The type of service.
    pub service: ServiceType,
    /// Its status.
    pub status: AssistanceStatus,
    /// When it began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The organization that provides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<OrgId>,
    /// A short note for partners. Free text MUST NOT contain personal data: it is scanned for
    /// email addresses and phone numbers on validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl std::fmt::Debug for Assistance {
    /// Shows every field but the ones that may be personal data (note), which
    /// show only whether they are there.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assistance")
            .field("service", &self.service)
            .field("status", &self.status)
            .field("start", &self.start)
            .field("end", &self.end)
            .field("provider", &self.provider)
            .field("note", &crate::types::Redacted(&self.note))
            .finish()
    }
}

/// The criminal justice response linked to the case.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriminalJustice {
    /// Status of the investigation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investigation: Option<InvestigationStatus>,
    /// Status of the prosecution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prosecution: Option<ProsecutionStatus>,
    /// The ICCS code of the offence (0204 or a subcategory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iccs: Option<IccsCode>,
    /// How the person takes part in the proceedings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub victim_participation: Option<VictimParticipation>,
    /// Number of persons investigated in connection with the case.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::types::whole::option_u32"
    )]
    pub persons_investigated: Option<u32>,
    /// Number of persons prosecuted in connection with the case.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::types::whole::option_u32"
    )]
    pub persons_prosecuted: Option<u32>,
    /// Number of persons convicted in connection with the case.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::types::whole::option_u32"
    )]
    pub persons_convicted: Option<u32>,
}

/// A consent the person gave, refused or withdrew, for one purpose.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// What the consent covers.
    pub purpose: ConsentPurpose,
    /// Granted, refused or withdrawn.
    pub status: ConsentStatus,
    /// When the person decided.
    pub decided_on: PartialDate,
    /// When a granted consent was withdrawn; required when the status is `withdrawn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_on: Option<PartialDate>,
    /// The organizations the consent names (e.g. the recipients of a referral). Empty means
    /// the consent names no organization.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub organizations: UniqueList<OrgId>,
    /// When the consent ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<PartialDate>,
}

impl Case {
    /// A case with its required fields; every other field is empty (an empty [`Subject`],
    /// no trafficking facts, no consents...). Set the others by assignment:
    ///
    /// ```
    /// use ctip_exchange::case::Case;
    /// let mut case = Case::new(
    ///     "case-1".parse().unwrap(),
    ///     "tt.gov.mns".parse().unwrap(),
    ///     "2025-01-15T12:00:00Z".parse().unwrap(),
    /// );
    /// case.subject.gender = Some(ctip_exchange::vocab::Gender::Feminine);
    /// ```
    pub fn new(id: RecordId, producer: OrgId, created_at: Timestamp) -> Self {
        Case {
            record_type: CaseType::Case,
            schema_version: CurrentVersion,
            id,
            producer,
            created_at,
            updated_at: None,
            subject: Subject::default(),
            trafficking: None,
            identification: None,
            perpetrators: Vec::new(),
            case_management: None,
            assistance: Vec::new(),
            criminal_justice: None,
            consents: Vec::new(),
            extensions: Extensions::default(),
        }
    }
}

impl TraffickingEvent {
    /// An event of `kind` in `country`, without dates.
    pub fn new(kind: EventType, country: Country) -> Self {
        TraffickingEvent {
            kind,
            country,
            start: None,
            end: None,
        }
    }
}

impl Perpetrator {
    /// A perpetrator with these roles; relationship and citizenship not given.
    pub fn new(roles: NonEmptyList<PerpetratorRole>) -> Self {
        Perpetrator {
            roles,
            relationship: None,
            citizenship: None,
        }
    }
}

impl CaseManagement {
    /// A case management status without dates or closure reason.
    pub fn new(status: CaseStatus) -> Self {
        CaseManagement {
            status,
            opened_on: None,
            closed_on: None,
            closure_reason: None,
        }
    }
}

impl Assistance {
    /// A service with its status; dates, provider and note not given.
    pub fn new(service: ServiceType, status: AssistanceStatus) -> Self {
        Assistance {
            service,
            status,
            start: None,
            end: None,
            provider: None,
            note: None,
        }
    }
}

impl Consent {
    /// A consent for `purpose`, `status` as decided on `decided_on`; it names no
    /// organization, has no end and was not withdrawn.
    pub fn new(purpose: ConsentPurpose, status: ConsentStatus, decided_on: PartialDate) -> Self {
        Consent {
            purpose,
            status,
            decided_on,
            withdrawn_on: None,
            organizations: UniqueList::default(),
            expires_on: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_counts_are_integers_in_any_spelling() {
        let cj: CriminalJustice = serde_json::from_str(
            r#"{"persons_investigated":3.0,"persons_prosecuted":2e0,"persons_convicted":null}"#,
        )
        .unwrap();
        assert_eq!(
            (
                cj.persons_investigated,
                cj.persons_prosecuted,
                cj.persons_convicted
            ),
            (Some(3), Some(2), None)
        );
        assert_eq!(
            serde_json::to_string(&cj).unwrap(),
            r#"{"persons_investigated":3,"persons_prosecuted":2}"#
        );
        for bad in [
            r#"{"persons_investigated":2.5}"#,
            r#"{"persons_prosecuted":-1.0}"#,
            r#"{"persons_convicted":4294967296.0}"#,
            r#"{"persons_convicted":"3"}"#,
        ] {
            assert!(
                serde_json::from_str::<CriminalJustice>(bad).is_err(),
                "{bad}"
            );
        }
    }
}
