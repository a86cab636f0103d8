//! Validation: structure while parsing, then the semantic rules, in one report.
//!
//! [`validate_slice`] reads untrusted bytes ([`Record::from_slice`]: limits, dispatch, typed
//! parsing) and then runs every semantic rule of the record type, collecting every issue in
//! one pass. [`validate()`](fn@validate) runs the semantic rules on a record already in memory.
//!
//! Rules compare dates with a **reference time passed in by the caller** (there is no hidden
//! clock), so that a validation result can be reproduced.
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
//! | `structure.record_type` | error | `record_type` is missing or not `case`, `referral` or `indicator_set`. |
//! | `structure.schema_version` | error | `schema_version` is missing, malformed, or a version this build does not read. |
//! | `structure.missing_field` | error | A required field is missing. |
//! | `structure.unknown_field` | error | A field that the record type does not define. |
//! | `structure.wrong_type` | error | A value of the wrong JSON type (a string for a number, a fraction for a count, an object for a list). |
//! | `structure.unknown_code` | error | A value that is not a code of the field's vocabulary. |
//! | `structure.invalid_value` | error | A value of the right type but the wrong form: a negative count, a date, timestamp, country, language, id, an out-of-range age, a repeated item in a set, an empty required list. |
//! | `date.future` | error | A date or time after the reference time. |
//! | `date.order` | error | Dates out of order: birth after identification or an event, identification after closure, a start after its end, an update before creation, a consent withdrawn before it was given, a period that ends before it starts. |
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
//! | `indicator.suppressed_recoverable` | error | Threshold or secondary suppression is declared, and a suppressed cell can be recovered or narrowed below the protection width (else the threshold) from the published cells (the attacker's audit, `disclosure::audit_indicator`; a cell recovered as 0 is not reported when zeros are not sensitive). |
//! | `indicator.audit_incomplete` | warning | Suppression is declared, and the attacker's audit of an indicator did not run or did not finish: over `ValidationOptions::disclosure_budget`, a table too large or with too many dimensions, a kind of table the audit does not model (two multi-select dimensions, a rounding base above the threshold), published cells that contradict each other or the policy, a solver failure, or a build without the `disclosure` feature. An error under `ValidationOptions::strict_disclosure`. The exact checks that need no solver still run. |
//! | `indicator.disclosure_inconsistent` | error | A disclosure method is declared without its parameter (suppression without threshold, rounding without base). |
//! | `free_text.contact_details` | warning | A free-text field seems to contain an email address, a phone number or an identity document number (best-effort scan of `pseudonym::scan`). |

mod case;
mod indicator;
mod referral;

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::record::{Limits, Record};
use crate::types::Timestamp;

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

/// Every issue found in one record, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The issues.
    pub issues: Vec<Issue>,
}

impl Report {
    /// True when no issue is an error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    /// True when some issue has this code.
    pub fn has(&self, code: RuleCode) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }

    pub(crate) fn push(
        &mut self,
        code: RuleCode,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        // Pointers name only what the standard names: never a key the document chose.
        let pointer = crate::record::safe_pointer(&pointer.into());
        self.issues.push(Issue {
            code,
            severity: code.severity(),
            pointer,
            message: message.into(),
        });
    }
}

impl From<crate::Error> for Report {
    fn from(e: crate::Error) -> Self {
        let mut report = Report::default();
        let message = match &e {
            crate::Error::Structure { message, .. } => message.clone(),
            other => other.to_string(),
        };
        report.push(e.rule_code(), e.pointer(), message);
        report
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
        Ok(())
    }
}

/// What validation needs from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationOptions {
    /// "Now" for the rules: no date may be after it.
    pub reference_time: Timestamp,
    /// Limits on untrusted input.
    pub limits: Limits,
    /// The work the disclosure audit (rule `indicator.suppressed_recoverable`) may do on one
    /// record, all its indicators together, in the units of
    /// [`disclosure::audit_within`](crate::disclosure::audit_within) (problem size, not
    /// time): default [`DEFAULT_DISCLOSURE_BUDGET`]. An indicator whose audit needs more is
    /// reported under `indicator.audit_incomplete`; the exact checks that need no solver run
    /// whatever the budget.
    pub disclosure_budget: u64,
    /// When true, `indicator.audit_incomplete` is an error instead of a warning: a record
    /// whose suppressed cells could not all be audited is invalid (default false).
    pub strict_disclosure: bool,
}

/// The default [`ValidationOptions::disclosure_budget`]: about a second of the solver on one
/// core in an optimized build; enough for the tables the crate itself protects (e.g. a
/// 20 x 20 table or a 5 x 5 x 5 one with all their margins).
pub const DEFAULT_DISCLOSURE_BUDGET: u64 = 20_000_000;

impl ValidationOptions {
    /// Options with this reference time and the default limits.
    pub fn at(reference_time: Timestamp) -> Self {
        ValidationOptions {
            reference_time,
            limits: Limits::default(),
            disclosure_budget: DEFAULT_DISCLOSURE_BUDGET,
            strict_disclosure: false,
        }
    }

    /// The same options with another disclosure-audit budget (see
    /// [`ValidationOptions::disclosure_budget`]).
    pub fn with_disclosure_budget(mut self, budget: u64) -> Self {
        self.disclosure_budget = budget;
        self
    }

    /// The same options with `indicator.audit_incomplete` an error (`true`) or a warning.
    pub fn with_strict_disclosure(mut self, strict: bool) -> Self {
        self.strict_disclosure = strict;
        self
    }

    pub(crate) fn reference_date(&self) -> NaiveDate {
        self.reference_time.date()
    }
}

/// Runs every semantic rule on a record.
///
/// ```
/// use ctip_exchange::{Record, validate::{validate, ValidationOptions, RuleCode}};
/// let json = std::fs::read("schemas/1.0/examples/valid/case-tt-domestic-work.json").unwrap();
/// let record = Record::from_slice(&json, &Default::default()).unwrap();
/// let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
/// assert!(validate(&record, &options).is_valid());
/// let too_early = ValidationOptions::at("2020-01-01T00:00:00Z".parse().unwrap());
/// assert!(validate(&record, &too_early).has(RuleCode::DateFuture));
/// ```
pub fn validate(record: &Record, options: &ValidationOptions) -> Report {
    let mut report = Report::default();
    match record {
        Record::Case(c) => case::check(c, options, &mut report),
        Record::Referral(r) => referral::check(r, options, &mut report),
        Record::IndicatorSet(s) => indicator::check(s, options, &mut report),
    }
    report
}

/// Reads untrusted bytes and validates them: the structural problem that stops parsing, if
/// any, or every semantic issue.
///
/// ```
/// use ctip_exchange::validate::{validate_slice, ValidationOptions, RuleCode};
/// let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
/// let (record, report) = validate_slice(br#"{"record_type":"case","schema_version":"1.0","id":"c1"}"#, &options);
/// assert!(record.is_none());
/// assert!(report.has(RuleCode::StructureMissingField));
/// assert_eq!(report.issues[0].pointer, "");
/// ```
pub fn validate_slice(bytes: &[u8], options: &ValidationOptions) -> (Option<Record>, Report) {
    match Record::from_slice(bytes, &options.limits) {
        Ok(record) => {
            let report = validate(&record, options);
            (Some(record), report)
        }
        Err(e) => (None, Report::from(e)),
    }
}

/// Helpers shared by the rules.
pub(crate) mod common {
    use std::fmt;

    use super::{Report, RuleCode, ValidationOptions};
    use crate::types::{PartialDate, Timestamp};

    /// A JSON Pointer, rendered only when an issue is reported (the rules run on every record,
    /// issues are rare).
    #[derive(Clone, Copy)]
    pub struct P {
        base: &'static str,
        index: Option<usize>,
        field: &'static str,
    }

    impl P {
        /// A fixed pointer.
        pub const fn new(pointer: &'static str) -> P {
            P {
                base: pointer,
                index: None,
                field: "",
            }
        }

        /// `base/index/field`, e.g. `/assistance/2/end` (field starts with `/` or is empty).
        pub const fn at(base: &'static str, index: usize, field: &'static str) -> P {
            P {
                base,
                index: Some(index),
                field,
            }
        }

        /// The same item, another field.
        pub const fn field(self, field: &'static str) -> P {
            P { field, ..self }
        }
    }

    impl fmt::Display for P {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.base)?;
            if let Some(i) = self.index {
                write!(f, "/{i}")?;
            }
            f.write_str(self.field)
        }
    }

    impl From<P> for String {
        fn from(p: P) -> String {
            p.to_string()
        }
    }

    /// `date.future` for a partial date surely after the reference date.
    pub fn not_future(
        d: Option<PartialDate>,
        at: P,
        field: &str,
        o: &ValidationOptions,
        r: &mut Report,
    ) {
        if let Some(d) = d
            && d.is_surely_after_day(o.reference_date())
        {
            r.push(
                RuleCode::DateFuture,
                at,
                format!("{field} is after the reference time"),
            );
        }
    }

    /// `date.future` for a timestamp after the reference time.
    pub fn not_future_time(
        t: Option<Timestamp>,
        at: P,
        field: &str,
        o: &ValidationOptions,
        r: &mut Report,
    ) {
        if let Some(t) = t
            && t > o.reference_time
        {
            r.push(
                RuleCode::DateFuture,
                at,
                format!("{field} is after the reference time"),
            );
        }
    }

    /// `date.order` when `later` is surely before `earlier`.
    pub fn in_order(
        earlier: Option<PartialDate>,
        later: Option<PartialDate>,
        at: P,
        message: &str,
        r: &mut Report,
    ) {
        if let (Some(a), Some(b)) = (earlier, later)
            && b.is_surely_before(a)
        {
            r.push(RuleCode::DateOrder, at, message);
        }
    }

    /// `free_text.contact_details` for a free-text field.
    pub fn free_text(text: Option<&str>, at: P, field: &str, r: &mut Report) {
        if let Some(text) = text
            && crate::pseudonym::contains_direct_identifiers(text)
        {
            r.push(
                RuleCode::FreeTextContactDetails,
                at,
                format!(
                    "{field} seems to contain an email address, a phone number or a document number; free text must not carry personal data"
                ),
            );
        }
    }

    /// `updated_at` not before `created_at`, neither in the future.
    pub fn record_times(
        created: Timestamp,
        updated: Option<Timestamp>,
        o: &ValidationOptions,
        r: &mut Report,
    ) {
        not_future_time(Some(created), P::new("/created_at"), "created_at", o, r);
        not_future_time(updated, P::new("/updated_at"), "updated_at", o, r);
        if let Some(u) = updated
            && u < created
        {
            r.push(
                RuleCode::DateOrder,
                "/updated_at",
                "updated_at is before created_at",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_code_is_in_the_documented_table_once() {
        let doc = include_str!("mod.rs");
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
    fn free_text_rule_uses_the_scanner() {
        use crate::pseudonym::contains_direct_identifiers as flagged;
        for yes in [
            "write to ana.perez@example.org",
            "call +1 (868) 555-0199",
            "pasaporte N° RD123456",
        ] {
            assert!(flagged(yes), "{yes}");
        }
        for no in [
            "shelter placement for 3 months",
            "seen 2024-03-01",
            "from 2023-01-05 to 2023-02-01",
            "room 12",
        ] {
            assert!(!flagged(no), "{no}");
        }
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
