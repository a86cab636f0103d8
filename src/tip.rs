//! The `tip` record (added in version 1.1): one report of suspected trafficking received
//! from the public (a hotline, a web form, a messaging app...), where it was routed and what
//! came of it.
//!
//! A tip **never** carries the reporter's identity: no name, phone number, email address,
//! handle or account. A reporter who agrees to be contacted again is at most a keyed `ps1`
//! pseudonym ([`Tip::reporter_pseudonym`]), which only the organization that holds the key
//! can link to a contact kept outside the exchange. Online platforms are named from the
//! platform list only, never by URL, handle or account name; the free text ([`Tip::note`]) is
//! kept minimal, scanned for contact details (a warning) and for URLs and handles (an error)
//! on validation.
//!
//! A document declaring `schema_version` 1.0 cannot be a tip: 1.0 has no such record type,
//! and [`Record::from_slice`](crate::Record::from_slice) refuses it with a pointer to
//! `/schema_version`.
//!
//! To read a record from untrusted JSON, use [`Record::from_slice`](crate::Record::from_slice):
//! it applies the input limits and reads structs from JSON objects only, as the schema does.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::types::{
    Country, CurrentVersion, Extensions, OrgId, PartialDate, PseudonymRef, RecordId,
    SubdivisionCode, Timestamp, UniqueList,
};
use crate::vocab::{
    ExploitationType, MeansOfControl, OnlinePlatform, TipChannel, TipOutcomeKind, TipRoutingStatus,
};

/// The `record_type` of a tip: always `"tip"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TipType {
    /// `"tip"`
    #[default]
    #[serde(rename = "tip")]
    Tip,
}

/// One report of suspected trafficking from the public, its routing and its outcome; never
/// the reporter's identity.
#[non_exhaustive]
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Tip")]
pub struct Tip {
    /// Always `"tip"`.
    pub record_type: TipType,
    /// The version of the standard: 1.1 or later (1.0 has no tip).
    pub schema_version: CurrentVersion,
    /// The tip id, unique within the producer. MUST NOT be derived from the reporter's
    /// contact details (a phone number, an email address).
    pub id: RecordId,
    /// The organization that received the tip and produced this record.
    pub producer: OrgId,
    /// When this record was first produced.
    pub created_at: Timestamp,
    /// When this record was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// How the tip came in.
    pub channel: TipChannel,
    /// When the tip was received. MUST NOT be after `created_at`.
    pub received_at: Timestamp,
    /// Where the suspected trafficking takes place, at country level, with an optional
    /// ISO 3166-2 subdivision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<TipLocation>,
    /// Suspected forms of exploitation (multi-select).
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub exploitation_types: UniqueList<ExploitationType>,
    /// Indicators of trafficking the reporter observed, as means of control (withheld
    /// documents, restricted movement, debt...; multi-select).
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub indicators_observed: UniqueList<MeansOfControl>,
    /// Online platforms involved. Names of platforms only: never a URL, handle or account.
    #[serde(default, skip_serializing_if = "UniqueList::is_empty")]
    pub platforms: UniqueList<OnlinePlatform>,
    /// How many persons the tip is about, as a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persons_estimate: Option<PersonsEstimate>,
    /// Whether minors are suspected among them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minors_suspected: Option<bool>,
    /// The organizations the tip was passed on to, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routing: Vec<TipRouting>,
    /// What came of the tip, once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<TipOutcome>,
    /// A keyed `ps1` pseudonym of the reporter, for follow-up by the organization that holds
    /// the key; MUST be a `ps1` pseudonym (rule `tip.reporter_not_pseudonym`). Never the
    /// reporter's name or contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter_pseudonym: Option<PseudonymRef>,
    /// A short note. Free text MUST NOT contain personal data, URLs or handles: it is scanned
    /// on validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Partner-specific data under namespaced keys; MUST round-trip untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl std::fmt::Debug for Tip {
    /// Shows every field but the free text (note), which shows only whether it is there.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tip")
            .field("record_type", &self.record_type)
            .field("schema_version", &self.schema_version)
            .field("id", &self.id)
            .field("producer", &self.producer)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("channel", &self.channel)
            .field("received_at", &self.received_at)
            .field("location", &self.location)
            .field("exploitation_types", &self.exploitation_types)
            .field("indicators_observed", &self.indicators_observed)
            .field("platforms", &self.platforms)
            .field("persons_estimate", &self.persons_estimate)
            .field("minors_suspected", &self.minors_suspected)
            .field("routing", &self.routing)
            .field("outcome", &self.outcome)
            .field("reporter_pseudonym", &self.reporter_pseudonym)
            .field("note", &crate::types::Redacted(&self.note))
            .field("extensions", &self.extensions)
            .finish()
    }
}

/// Where the suspected trafficking takes place: a country, and optionally a subdivision of
/// it. The subdivision's prefix MUST be the country (rule `tip.subdivision_country`).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TipLocation {
    /// The country, or `unknown`.
    pub country: Country,
    /// The ISO 3166-2 subdivision (`TT-POS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<SubdivisionCode>,
}

/// An estimate of the number of persons a tip is about: from `min` to `max`, both included,
/// `1 <= min <= max` (rule `tip.estimate_range`). An exact number has `min == max`.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonsEstimate {
    /// The fewest persons.
    #[serde(deserialize_with = "crate::types::whole::u64")]
    pub min: u64,
    /// The most persons.
    #[serde(deserialize_with = "crate::types::whole::u64")]
    pub max: u64,
}

/// One organization a tip was passed on to.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TipRouting {
    /// The organization.
    pub to: OrgId,
    /// When it was passed on; not before the tip was received.
    pub at: Timestamp,
    /// Where it stands at that organization.
    pub status: TipRoutingStatus,
}

/// What came of a tip.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TipOutcome {
    /// The outcome.
    pub kind: TipOutcomeKind,
    /// When it was decided; not before the tip was received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<PartialDate>,
    /// The id of the case record the tip led to: required for `case_opened`, and only there
    /// (rule `tip.outcome_case_ref`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_ref: Option<RecordId>,
}

impl Tip {
    /// A tip with its required fields; everything else empty (no location, no routing, no
    /// outcome, no reporter pseudonym, no note). Set the others by assignment:
    ///
    /// ```
    /// use ctip_exchange::tip::{Tip, TipLocation};
    /// use ctip_exchange::vocab::TipChannel;
    /// let mut tip = Tip::new(
    ///     "tip-2025-0001".parse().unwrap(),
    ///     "tt.gov.hotline".parse().unwrap(),
    ///     "2025-03-02T10:00:00Z".parse().unwrap(),
    ///     TipChannel::Hotline,
    ///     "2025-03-02T09:41:00Z".parse().unwrap(),
    /// );
    /// tip.location = Some(TipLocation::new("TT".parse().unwrap()));
    /// tip.minors_suspected = Some(true);
    /// ```
    pub fn new(
        id: RecordId,
        producer: OrgId,
        created_at: Timestamp,
        channel: TipChannel,
        received_at: Timestamp,
    ) -> Self {
        Tip {
            record_type: TipType::Tip,
            schema_version: CurrentVersion,
            id,
            producer,
            created_at,
            updated_at: None,
            channel,
            received_at,
            location: None,
            exploitation_types: UniqueList::default(),
            indicators_observed: UniqueList::default(),
            platforms: UniqueList::default(),
            persons_estimate: None,
            minors_suspected: None,
            routing: Vec::new(),
            outcome: None,
            reporter_pseudonym: None,
            note: None,
            extensions: Extensions::default(),
        }
    }

    /// True when the tip was passed on to at least one organization that did not decline it.
    pub fn is_routed(&self) -> bool {
        self.routing
            .iter()
            .any(|r| r.status != TipRoutingStatus::Declined)
    }

    /// True when the tip led to a case (outcome `case_opened`).
    pub fn led_to_case(&self) -> bool {
        self.outcome
            .as_ref()
            .is_some_and(|o| o.kind == TipOutcomeKind::CaseOpened)
    }
}

impl TipLocation {
    /// A location in `country`, without subdivision.
    pub fn new(country: Country) -> Self {
        TipLocation {
            country,
            subdivision: None,
        }
    }
}

impl PersonsEstimate {
    /// From `min` to `max` persons (validation checks `1 <= min <= max`).
    pub fn new(min: u64, max: u64) -> Self {
        PersonsEstimate { min, max }
    }
}

impl TipRouting {
    /// Passed on to `to` at `at`, standing at `status`.
    pub fn new(to: OrgId, at: Timestamp, status: TipRoutingStatus) -> Self {
        TipRouting { to, at, status }
    }
}

impl TipOutcome {
    /// An outcome of `kind`, without date or case; for `case_opened` use
    /// [`TipOutcome::case_opened`].
    pub fn new(kind: TipOutcomeKind) -> Self {
        TipOutcome {
            kind,
            decided_on: None,
            case_ref: None,
        }
    }

    /// The outcome `case_opened`, naming the case record.
    pub fn case_opened(case_ref: RecordId) -> Self {
        TipOutcome {
            kind: TipOutcomeKind::CaseOpened,
            decided_on: None,
            case_ref: Some(case_ref),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tip() -> Tip {
        Tip::new(
            "tip-1".parse().unwrap(),
            "tt.gov.hotline".parse().unwrap(),
            "2025-03-02T10:00:00Z".parse().unwrap(),
            TipChannel::WebForm,
            "2025-03-02T09:00:00Z".parse().unwrap(),
        )
    }

    #[test]
    fn debug_hides_the_note() {
        let mut t = tip();
        t.note = Some("seen near the market, ask for Maria".into());
        let shown = format!("{t:?}");
        assert!(
            !shown.contains("Maria") && !shown.contains("market"),
            "{shown}"
        );
        assert!(shown.contains("Some(<redacted>)"));
    }

    #[test]
    fn round_trips_and_refuses_unknown_fields() {
        let mut t = tip();
        t.location = Some(TipLocation {
            country: "TT".parse().unwrap(),
            subdivision: Some("TT-POS".parse().unwrap()),
        });
        t.persons_estimate = Some(PersonsEstimate::new(2, 5));
        t.outcome = Some(TipOutcome::case_opened("case-9".parse().unwrap()));
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Tip>(&json).unwrap(), t);
        assert!(t.led_to_case() && !t.is_routed());
        let with_reporter = json.replacen('{', r#"{"reporter_phone":"x","#, 1);
        assert!(serde_json::from_str::<Tip>(&with_reporter).is_err());
        let estimate: PersonsEstimate = serde_json::from_str(r#"{"min":2.0,"max":3e0}"#).unwrap();
        assert_eq!(estimate, PersonsEstimate::new(2, 3));
        assert!(serde_json::from_str::<PersonsEstimate>(r#"{"min":-1,"max":3}"#).is_err());
    }
}
