//! The vocabulary of findings: [`RuleCode`], [`Severity`], [`Issue`] and [`Report`].
//!
//! This module is at the bottom of the crate (layer 1 of DESIGN.md §3): every layer that finds
//! a problem (reading, validation, raw-payload validation) reports it in these terms, and none
//! of them has to import another to do so. [`crate::validate`](mod@crate::validate) re-exports every item.
//!
//! Every issue has a stable [`RuleCode`], a [`Severity`], a JSON Pointer to the offending
//! value, and a message that names the field, the rule and the expected form, and **never
//! contains a value taken from the record** (reports end up in logs).
//!
//! # Rule codes
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | `json.too_large` | error | The document is larger than the size limit. |
//! | `json.too_deep` | error | Objects and arrays nest deeper than the depth limit. |
//! | `json.duplicate_key` | error | An object has the same key twice. |
//! | `json.invalid_utf8` | error | The document is not valid UTF-8. |
//! | `json.trailing_data` | error | Something follows the JSON document. |
//! | `json.syntax` | error | The document is not well-formed JSON. |
//! | `structure.record_type` | error | `record_type` is missing or not `case`, `referral`, `indicator_set` or `tip`. |
//! | `structure.schema_version` | error | `schema_version` is missing, malformed, or a version this build does not read. |
//! | `structure.missing_field` | error | A required field is missing. |
//! | `structure.unknown_field` | error | A field that the record type does not define. |
//! | `structure.wrong_type` | error | A value of the wrong JSON type (a string for a number, a fraction for a count, an object for a list). |
//! | `structure.unknown_code` | error | A value that is not a code of the field's vocabulary. |
//! | `structure.newer_than_declared` | error | A field, a code or a record type added in a later version than the document's `schema_version` (a 1.0 document with a field of 1.1): its readers refuse it. Declare the later version, or export to the older one (which drops it and reports each drop). |
//! | `structure.invalid_value` | error | A value of the right type but the wrong form: a negative count, a date, timestamp, country, language, id, an out-of-range age, a repeated item in a set, an empty required list. |
//! | `date.future` | error | A date or time after the reference time. |
//! | `date.order` | error | Dates out of order: birth after identification or an event, identification after closure, a start after its end, an update before creation, a consent withdrawn before it was given, a period that ends before it starts, a tip received after it was recorded or decided before it was received. |
//! | `age.inconsistent` | error | Birth date, age at identification, age band and majority status disagree. |
//! | `case.closure_inconsistent` | warning | A closed case without closing date or reason, or an open case with them. |
//! | `trafficking.inconsistent` | warning | Details of a form of exploitation (sexual exploitation types, labour industries) without that form among the exploitation types. |
//! | `consent.inconsistent` | error | A withdrawn consent without its withdrawal date, or a withdrawal date on a consent that is not withdrawn. |
//! | `referral.history_order` | error | The status history is not in time order. |
//! | `referral.transition` | error | The history does not start with `requested`, or moves between two statuses that no transition links. |
//! | `referral.status_mismatch` | error | `status` is not the last status of the history. |
//! | `referral.consent_missing` | error | No consent for referral to the recipient (wrong purpose, refused, recipient not named, or given after the referral) and no override. |
//! | `referral.consent_withdrawn` | error | The consent was withdrawn, or expired, before the referral was made, or the referral went on (received, accepted, in progress, completed) after it was withdrawn or expired. |
//! | `referral.consent_withdrawn_open` | warning | The consent was withdrawn or has expired since the referral was made, and the referral is still open: it should be cancelled. |
//! | `referral.self` | warning | A referral from an organization to itself. |
//! | `indicator.empty` | error | An indicator set without indicators, or an indicator without cells. |
//! | `indicator.duplicate_id` | error | Two indicators of a set have the same id. |
//! | `indicator.dimension_repeated` | error | An indicator lists the same dimension twice. |
//! | `indicator.coordinate` | error | A cell's coordinates do not name exactly the indicator's dimensions, or use a code not valid for its dimension. |
//! | `indicator.duplicate_cell` | error | Two cells of an indicator have the same coordinates. |
//! | `indicator.total_less_than_parts` | error | A total is smaller than the sum of its exact parts (single-select dimensions) or than one of its parts (multi-select dimensions). |
//! | `indicator.below_threshold` | error | An exact count from 1 to threshold - 1 (or 0, when zeros are sensitive) is published. |
//! | `indicator.not_rounded` | error | Rounding is declared, and an exact count is not a multiple of the rounding base. |
//! | `indicator.suppressed_recoverable` | error | Threshold or secondary suppression is declared, and a suppressed cell can be recovered or narrowed below the protection width (else the threshold) from the published cells (the attacker's audit, `disclosure::audit_indicator`), or by combining the indicators of the set that count the same or nested persons (breakdowns of one kind; victims assisted, in investigations, prosecutions and convictions within victims identified: `disclosure::audit_linked_indicators`), a cell suppressed in one indicator and published in another included; a cell recovered as 0 is not reported when zeros are not sensitive. Reported once per cell. |
//! | `indicator.audit_incomplete` | warning | Suppression is declared, and the attacker's audit of an indicator, or the joint audit of the indicators linked to it (reported at the group's first indicator), did not run or did not finish: over `ValidationOptions::disclosure_budget`, a table too large or with too many dimensions, a kind of table the audit does not model (two multi-select dimensions, a rounding base above the threshold), published cells that contradict each other or the policy (linked indicators that are not counts of the same or nested persons: a subset larger than its whole), linked indicators that cannot be read as one table (a dimension multi-select in one and not in another), a solver failure, or a build without the `disclosure` feature. An error under `ValidationOptions::strict_disclosure`. The exact checks that need no solver still run. |
//! | `indicator.disclosure_inconsistent` | error | A disclosure method is declared without its parameter (suppression without threshold, rounding without base). |
//! | `free_text.contact_details` | warning | A free-text field seems to contain an email address, a phone number or an identity document number (best-effort scan of `pseudonym::scan`). |
//! | `proceedings.event_order` | error | An event of `criminal_justice.proceedings` is dated before the event listed before it (1.1). |
//! | `proceedings.verdict_without_charge` | error | A `verdict` for a defendant with no `charge_laid` or `indictment` event for that defendant (or for the case's unnamed defendant) on or before its date (1.1). |
//! | `proceedings.sentence_without_conviction` | error | A `sentence` for a defendant with no verdict convicting that defendant of a charge on or before its date, or a sentence on an event that is not a `sentence` (1.1). |
//! | `proceedings.summary_mismatch` | error | The 1.0 summary fields disagree with the proceedings: a person count smaller than the distinct defendants the proceedings show investigated, prosecuted or convicted; a conviction with `prosecution` not `convicted`; `prosecution` `not_started` with charges or court events; `prosecution` `convicted` with verdicts none of which convicts; `investigation` `not_opened` with proceedings, or `closed_without_charges` with charges (1.1). |
//! | `proceedings.defendant_repeated` | error | Two perpetrators of a case have the same defendant reference (1.1). |
//! | `support.need_duplicate_id` | error | Two needs of a case have the same id (1.1). |
//! | `support.need_unknown` | error | An assistance links to a need id that no need of the case has (1.1). |
//! | `support.started_before_requested` | error | A service starts before the date it was requested (1.1). |
//! | `support.need_unmet` | warning | No service linked to a need started within `ValidationOptions::unmet_need_days` (default 30) of its identification: none started by the reference time, or the first started later (1.1). |
//! | `pseudonym.ps1_malformed` | warning | A pseudonym reference starts with `ps1:` but is not of the `ps1` form (`ps1:<key id>:<32 lower-case base32 characters>`): it was not made by a conforming pseudonymizer, or was altered. A warning, because the frozen 1.0 schema accepts any reference. |
//! | `tip.routing_before_receipt` | error | A tip (1.1) is passed on to an organization (`routing[].at`) before it was received (`received_at`). |
//! | `tip.outcome_case_ref` | error | A tip's outcome is `case_opened` without the `case_ref` of the case record it led to, or another outcome names a `case_ref`. |
//! | `tip.estimate_range` | error | A tip's `persons_estimate` is not a range with 1 <= `min` <= `max`. |
//! | `tip.subdivision_country` | error | A tip's ISO 3166-2 `location.subdivision` does not start with the code of `location.country` (or the country is `unknown`). |
//! | `tip.reporter_not_pseudonym` | error | A tip's `reporter_pseudonym` is not a well-formed keyed `ps1` pseudonym: a tip never carries the reporter's identity or contact. |
//! | `tip.online_identifier` | error | A tip's note seems to contain a URL, a web address or an `@handle`: a tip names online platforms from the platform list only, never an address, handle or account. |

use std::fmt;

use serde::Serialize;

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record should be looked at; it is still valid.
    Warning,
    /// The record is invalid.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! rule_codes {
    ($($variant:ident = $code:literal, $severity:ident;)+) => {
        /// The stable code of a validation rule. The table in the
        /// [module documentation](self) says what each means.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleCode {
            $(
                #[doc = concat!("`", $code, "`")]
                $variant,
            )+
        }

        impl RuleCode {
            /// Every rule code.
            pub const ALL: &'static [RuleCode] = &[$(RuleCode::$variant),+];

            /// The code as text, e.g. `date.order`.
            pub fn as_str(self) -> &'static str {
                match self { $(RuleCode::$variant => $code,)+ }
            }

            /// The severity of issues under this code.
            pub fn severity(self) -> Severity {
                match self { $(RuleCode::$variant => Severity::$severity,)+ }
            }

            /// The rule code with this text.
            pub fn from_code(code: &str) -> Option<RuleCode> {
                RuleCode::ALL.iter().copied().find(|c| c.as_str() == code)
            }
        }
    };
}

rule_codes! {
    JsonTooLarge = "json.too_large", Error;
    JsonTooDeep = "json.too_deep", Error;
    JsonDuplicateKey = "json.duplicate_key", Error;
    JsonInvalidUtf8 = "json.invalid_utf8", Error;
    JsonTrailingData = "json.trailing_data", Error;
    JsonSyntax = "json.syntax", Error;
    StructureRecordType = "structure.record_type", Error;
    StructureSchemaVersion = "structure.schema_version", Error;
    StructureMissingField = "structure.missing_field", Error;
    StructureUnknownField = "structure.unknown_field", Error;
    StructureWrongType = "structure.wrong_type", Error;
    StructureUnknownCode = "structure.unknown_code", Error;
    StructureInvalidValue = "structure.invalid_value", Error;
    StructureNewerThanDeclared = "structure.newer_than_declared", Error;
    DateFuture = "date.future", Error;
    DateOrder = "date.order", Error;
    AgeInconsistent = "age.inconsistent", Error;
    CaseClosureInconsistent = "case.closure_inconsistent", Warning;
    TraffickingInconsistent = "trafficking.inconsistent", Warning;
    ConsentInconsistent = "consent.inconsistent", Error;
    ReferralHistoryOrder = "referral.history_order", Error;
    ReferralTransition = "referral.transition", Error;
    ReferralStatusMismatch = "referral.status_mismatch", Error;
    ReferralConsentMissing = "referral.consent_missing", Error;
    ReferralConsentWithdrawn = "referral.consent_withdrawn", Error;
    ReferralConsentWithdrawnOpen = "referral.consent_withdrawn_open", Warning;
    ReferralSelf = "referral.self", Warning;
    IndicatorEmpty = "indicator.empty", Error;
    IndicatorDuplicateId = "indicator.duplicate_id", Error;
    IndicatorDimensionRepeated = "indicator.dimension_repeated", Error;
    IndicatorCoordinate = "indicator.coordinate", Error;
    IndicatorDuplicateCell = "indicator.duplicate_cell", Error;
    IndicatorTotalLessThanParts = "indicator.total_less_than_parts", Error;
    IndicatorBelowThreshold = "indicator.below_threshold", Error;
    IndicatorNotRounded = "indicator.not_rounded", Error;
    IndicatorDisclosureInconsistent = "indicator.disclosure_inconsistent", Error;
    IndicatorSuppressedRecoverable = "indicator.suppressed_recoverable", Error;
    IndicatorAuditIncomplete = "indicator.audit_incomplete", Warning;
    FreeTextContactDetails = "free_text.contact_details", Warning;
    PseudonymPs1Malformed = "pseudonym.ps1_malformed", Warning;
    ProceedingsEventOrder = "proceedings.event_order", Error;
    ProceedingsVerdictWithoutCharge = "proceedings.verdict_without_charge", Error;
    ProceedingsSentenceWithoutConviction = "proceedings.sentence_without_conviction", Error;
    ProceedingsSummaryMismatch = "proceedings.summary_mismatch", Error;
    ProceedingsDefendantRepeated = "proceedings.defendant_repeated", Error;
    SupportNeedDuplicateId = "support.need_duplicate_id", Error;
    SupportNeedUnknown = "support.need_unknown", Error;
    SupportStartedBeforeRequested = "support.started_before_requested", Error;
    SupportNeedUnmet = "support.need_unmet", Warning;
    TipRoutingBeforeReceipt = "tip.routing_before_receipt", Error;
    TipOutcomeCaseRef = "tip.outcome_case_ref", Error;
    TipEstimateRange = "tip.estimate_range", Error;
    TipSubdivisionCountry = "tip.subdivision_country", Error;
    TipReporterNotPseudonym = "tip.reporter_not_pseudonym", Error;
    TipOnlineIdentifier = "tip.online_identifier", Error;
}

impl fmt::Display for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem found in a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// The rule.
    pub code: RuleCode,
    /// Error or warning.
    pub severity: Severity,
    /// A JSON Pointer (RFC 6901) to the offending value; empty for the whole document.
    pub pointer: String,
    /// What is wrong and what was expected. Never contains a value from the record.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{} {} at {}: {}",
            self.severity, self.code, at, self.message
        )
    }
}

/// Every issue found in one record, in the order found, up to [`Report::MAX_ISSUES`].
///
/// A document can be made to break one rule many times (a million bad cells). A report keeps
/// the first [`Report::MAX_ISSUES`] issues and counts the others in [`Report::omitted`], with
/// their codes in [`Report::omitted_codes`]: nothing is hidden, and [`Report::is_valid`] and
/// [`Report::has`] see the omitted issues too. `Display` and serialization show both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The issues kept, at most [`Report::MAX_ISSUES`].
    pub issues: Vec<Issue>,
    /// How many issues were found beyond the cap and not kept.
    pub omitted: usize,
    /// The codes of the issues not kept, each once, in code order.
    pub omitted_codes: std::collections::BTreeSet<RuleCode>,
}

impl Report {
    /// The most issues a report keeps (1000); the others are counted in [`Report::omitted`].
    pub const MAX_ISSUES: usize = 1000;

    /// True when no issue (kept or omitted) is an error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.issues.iter().any(|i| i.severity == Severity::Error)
            && !self
                .omitted_codes
                .iter()
                .any(|c| c.severity() == Severity::Error)
    }

    /// The errors kept.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// The warnings kept.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    /// True when some issue, kept or omitted, has this code.
    pub fn has(&self, code: RuleCode) -> bool {
        self.issues.iter().any(|i| i.code == code) || self.omitted_codes.contains(&code)
    }

    /// The number of issues found, kept and omitted.
    pub fn total(&self) -> usize {
        self.issues.len() + self.omitted
    }

    /// Adds the issues of another report, within the cap (the omitted ones are counted).
    pub fn append(&mut self, other: Report) {
        for issue in other.issues {
            self.push(issue.code, issue.pointer, issue.message);
        }
        self.omitted += other.omitted;
        self.omitted_codes.extend(other.omitted_codes);
    }

    /// Adds an issue, or counts it when the report is full. The pointer must hold no text
    /// chosen by the document's author (the reading layer's pointers and the rules' fixed
    /// pointers never do; raw-payload validation sanitizes its pointers before pushing).
    pub(crate) fn push(
        &mut self,
        code: RuleCode,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        if self.issues.len() >= Self::MAX_ISSUES {
            self.omitted += 1;
            self.omitted_codes.insert(code);
            return;
        }
        self.issues.push(Issue {
            code,
            severity: code.severity(),
            pointer: pointer.into(),
            message: message.into(),
        });
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.issues.is_empty() {
            return f.write_str("valid: no issues");
        }
        for issue in &self.issues {
            writeln!(f, "{issue}")?;
        }
        if self.omitted > 0 {
            let codes: Vec<&str> = self.omitted_codes.iter().map(|c| c.as_str()).collect();
            writeln!(
                f,
                "... and {} more issues not listed (codes: {})",
                self.omitted,
                codes.join(", ")
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_code_is_in_the_documented_table_once() {
        let doc = include_str!("report.rs");
        for code in RuleCode::ALL {
            let row = format!("//! | `{}` | {} |", code.as_str(), code.severity());
            assert_eq!(
                doc.matches(&row).count(),
                1,
                "{code} missing from the rule table or severity differs"
            );
        }
        let rows = doc.lines().filter(|l| l.starts_with("//! | `")).count();
        assert_eq!(
            rows,
            RuleCode::ALL.len(),
            "the table has rows for codes that do not exist"
        );
    }

    #[test]
    fn a_full_report_counts_what_it_does_not_keep() {
        let mut report = Report::default();
        for _ in 0..Report::MAX_ISSUES + 5 {
            report.push(RuleCode::FreeTextContactDetails, "/notes", "w");
        }
        assert!(report.is_valid());
        report.push(RuleCode::DateOrder, "/updated_at", "e");
        assert_eq!(report.issues.len(), Report::MAX_ISSUES);
        assert_eq!(report.omitted, 6);
        assert_eq!(report.total(), Report::MAX_ISSUES + 6);
        // the omitted error still makes the record invalid, and is still found
        assert!(!report.is_valid());
        assert!(report.has(RuleCode::DateOrder));
        let text = report.to_string();
        assert!(
            text.ends_with(
                "... and 6 more issues not listed (codes: date.order, free_text.contact_details)\n"
            ),
            "{text}"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["omitted"], 6);
        assert_eq!(
            json["omitted_codes"],
            serde_json::json!(["date.order", "free_text.contact_details"])
        );
    }

    #[test]
    fn codes_are_unique_and_round_trip() {
        for code in RuleCode::ALL {
            assert_eq!(RuleCode::from_code(code.as_str()), Some(*code));
        }
        let mut texts: Vec<_> = RuleCode::ALL.iter().map(|c| c.as_str()).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), RuleCode::ALL.len());
    }
}
