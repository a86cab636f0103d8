//! Criminal-justice proceedings of a case (version 1.1): dated events, defendants, charges,
//! outcomes and sentences.
//!
//! UNODC's crime-trends survey counts persons and offences separately, and a case passes
//! through investigation, charges, the magistrates' court, committal and the High Court. The
//! proceedings list records each step as a dated event about (usually) one defendant, so that
//! persons prosecuted, convicted and sentenced can be counted as distinct defendants across
//! cases.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::types::{CountryCode, DefendantRef, MonetaryAmount, OrgId, PartialDate};
use crate::vocab::{ChargeOutcome, CourtLevel, IccsCode, ProceedingEventKind, SentenceType};

/// One dated event of the criminal-justice proceedings (version 1.1).
///
/// Events SHOULD be listed in date order (rule `proceedings.event_order`). An event about a
/// defendant names them by [`DefendantRef`]: a `ps1` pseudonym or a case-local label, never
/// a name.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProceedingEvent {
    /// What happened.
    pub kind: ProceedingEventKind,
    /// When it happened (a year, a month or a day).
    pub date: PartialDate,
    /// The agency that acted (police unit, prosecutor's office, court).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<OrgId>,
    /// The level of the court, for court events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court_level: Option<CourtLevel>,
    /// The defendant the event is about. An event without one is about the case as a whole
    /// (an investigation opened) or about its one unnamed defendant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defendant: Option<DefendantRef>,
    /// The charges laid (`charge_laid`, `indictment`) or decided (`verdict`, with their
    /// outcome).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// The sentence imposed (`sentence`): one part per type (imprisonment and a fine are two
    /// parts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentence: Vec<SentencePart>,
}

/// A charge against a defendant (version 1.1).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    /// The ICCS code of the offence (0204 or a subcategory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iccs: Option<IccsCode>,
    /// The national statute the charge is laid under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statute: Option<Statute>,
    /// How many offences (counts) the charge covers; 1 when not given.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "option_count"
    )]
    #[schemars(range(min = 1))]
    pub offences: Option<u32>,
    /// True for an attempt (UN-CTS counts attempts with the offence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempted: Option<bool>,
    /// The outcome of the charge, on a `verdict` (or `appeal_decided`) event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ChargeOutcome>,
}

/// A provision of national law: `{"country": "TT", "act": "Trafficking in Persons Act, 2011",
/// "section": "16"}` (version 1.1). The act and section are the law's own words; they MUST
/// NOT name a person.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statute {
    /// The country whose law it is.
    pub country: CountryCode,
    /// The act (its short title and year).
    pub act: String,
    /// The section, e.g. `16(1)(a)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// One part of a sentence (version 1.1).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentencePart {
    /// The type of the part.
    #[serde(rename = "type")]
    pub kind: SentenceType,
    /// Its length in months (imprisonment, suspended imprisonment, probation, community
    /// service).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::types::whole::option_u32"
    )]
    pub months: Option<u32>,
    /// Its amount (fine, compensation, confiscation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<MonetaryAmount>,
}

/// A count of 1 or more (3.0 is 3, as in the schema).
fn option_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match crate::types::whole::option_u32(d)? {
        Some(0) => Err(serde::de::Error::custom(
            "invalid value: expected a count of 1 or more",
        )),
        n => Ok(n),
    }
}

impl ProceedingEvent {
    /// An event of `kind` on `date`, without agency, court, defendant, charges or sentence.
    pub fn new(kind: ProceedingEventKind, date: PartialDate) -> Self {
        ProceedingEvent {
            kind,
            date,
            agency: None,
            court_level: None,
            defendant: None,
            charges: Vec::new(),
            sentence: Vec::new(),
        }
    }
}

impl ProceedingEvent {
    /// True when this event convicts its defendant: a `verdict` or `appeal_decided` with a
    /// charge whose outcome is `convicted`.
    pub fn convicts(&self) -> bool {
        matches!(
            self.kind,
            ProceedingEventKind::Verdict | ProceedingEventKind::AppealDecided
        ) && self
            .charges
            .iter()
            .any(|c| c.outcome == Some(ChargeOutcome::Convicted))
    }
}

impl Charge {
    /// A charge for an offence of this ICCS code, one offence, outcome not given.
    pub fn new(iccs: Option<IccsCode>) -> Self {
        Charge {
            iccs,
            statute: None,
            offences: None,
            attempted: None,
            outcome: None,
        }
    }

    /// The number of offences the charge covers (1 when not given).
    pub fn offence_count(&self) -> u32 {
        self.offences.unwrap_or(1)
    }
}

impl Statute {
    /// A provision of `act` of `country`, without section.
    pub fn new(country: CountryCode, act: String) -> Self {
        Statute {
            country,
            act,
            section: None,
        }
    }
}

impl SentencePart {
    /// A part of this type, without length or amount.
    pub fn new(kind: SentenceType) -> Self {
        SentencePart {
            kind,
            months: None,
            amount: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offence_counts_are_one_or_more() {
        let parse = |s: &str| serde_json::from_str::<Charge>(s);
        assert_eq!(parse(r#"{"offences":3.0}"#).unwrap().offences, Some(3));
        assert_eq!(parse(r#"{}"#).unwrap().offence_count(), 1);
        for bad in [
            r#"{"offences":0}"#,
            r#"{"offences":-1}"#,
            r#"{"offences":1.5}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_sentence_part_is_written_with_type() {
        let part: SentencePart =
            serde_json::from_str(r#"{"type":"fine","amount":{"amount":1000,"currency":"TTD"}}"#)
                .unwrap();
        assert_eq!(part.kind, SentenceType::Fine);
        assert_eq!(
            serde_json::to_string(&part).unwrap(),
            r#"{"type":"fine","amount":{"amount":1000,"currency":"TTD"}}"#
        );
    }
}
