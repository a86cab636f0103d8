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
//! # Which entry point to use
//!
//! | you have | you want | call | errors |
//! |---|---|---|---|
//! | untrusted bytes | a typed record and every issue | [`validate_slice`] (also `ctip_exchange::validate_slice`) | none: everything is in the [`Report`] |
//! | untrusted bytes | the typed record only | [`Record::from_slice`] | [`crate::Error`] (its `rule_code()` and `pointer()` are those of the report) |
//! | a record in memory | the semantic rules | [`validate()`](fn@validate) | none: a [`Report`] |
//! | raw JSON for a non-Rust consumer, or a report of every schema problem | the schema verdict of the declared version, then the rules | `schema::validate_payload` (feature `schema-validation`) | none: a [`Report`], with the same rule codes as [`validate_slice`] |
//!
//! Both byte paths apply the same [`Limits`], report `json.*` problems (limits, syntax) before
//! any `structure.*` one, and read older supported versions through the migration steps.
//! Reports keep at most [`Report::MAX_ISSUES`] issues and count the others. The only other
//! error type a caller meets is `disclosure`'s own (documented there) and
//! `schema::migrate::MigrationError` when calling the migration steps directly.
//!
//! # Rule codes
//!
//! The table of every rule code, its severity and meaning is in [`crate::report`].

mod case;
mod indicator;
mod proceedings;
mod referral;
pub mod stream;
mod support;
mod tip;

use chrono::NaiveDate;

use crate::record::{Limits, Record};
pub use crate::report::{Issue, Report, RuleCode, Severity};
use crate::types::Timestamp;

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
    /// time): default [`DEFAULT_DISCLOSURE_BUDGET`]. The audits of the indicators one by one
    /// come first, then the joint audits of linked indicators (same or nested persons) with
    /// what is left. An audit that needs more is reported under
    /// `indicator.audit_incomplete`; the exact checks that need no solver run whatever the
    /// budget.
    pub disclosure_budget: u64,
    /// When true, `indicator.audit_incomplete` is an error instead of a warning: a record
    /// whose suppressed cells could not all be audited is invalid (default false).
    pub strict_disclosure: bool,
    /// The number of days after a need is identified (`needs[].identified_on`, version 1.1)
    /// within which a service linked to it should start; past it, `support.need_unmet` warns
    /// (default [`DEFAULT_UNMET_NEED_DAYS`]).
    pub unmet_need_days: u32,
}

/// The default [`ValidationOptions::unmet_need_days`]: 30 days from a need being identified
/// to its first service.
pub const DEFAULT_UNMET_NEED_DAYS: u32 = 30;

/// The default [`ValidationOptions::disclosure_budget`] (see its unit in
/// [`disclosure::audit_within`](crate::disclosure::audit_within)): about two linear programs
/// over a 60 x 60 table with all its margins. Measured, time grows linearly with the units
/// spent, about 4 s per million units in an unoptimized build on a loaded machine; an
/// optimized build is much faster. Raise it for large tables you trust.
pub const DEFAULT_DISCLOSURE_BUDGET: u64 = 1_000_000;

impl ValidationOptions {
    /// Options with this reference time and the default limits.
    pub fn at(reference_time: Timestamp) -> Self {
        ValidationOptions {
            reference_time,
            limits: Limits::default(),
            disclosure_budget: DEFAULT_DISCLOSURE_BUDGET,
            strict_disclosure: false,
            unmet_need_days: DEFAULT_UNMET_NEED_DAYS,
        }
    }

    /// The same options with another [`ValidationOptions::unmet_need_days`].
    pub fn with_unmet_need_days(mut self, days: u32) -> Self {
        self.unmet_need_days = days;
        self
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
        Record::Tip(t) => tip::check(t, options, &mut report),
    }
    common::extensions(record.extensions(), &mut report);
    match record {
        Record::Case(c) => {
            for (i, p) in c.subject.pseudonyms.iter().enumerate() {
                common::pseudonym_ref(p, common::P::at("/subject/pseudonyms", i, ""), &mut report);
            }
        }
        Record::Referral(f) => {
            if let Some(p) = &f.subject_ref {
                common::pseudonym_ref(p, common::P::new("/subject_ref"), &mut report);
            }
        }
        _ => {}
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

    /// `pseudonym.ps1_malformed` for a reference that claims the `ps1` scheme and does not
    /// follow it.
    pub fn pseudonym_ref(reference: &crate::types::PseudonymRef, at: P, r: &mut Report) {
        let text = reference.as_str();
        if text.starts_with("ps1:") && !crate::pseudonym::Pseudonym::is_well_formed(text) {
            r.push(
                RuleCode::PseudonymPs1Malformed,
                at,
                "the reference starts with ps1: but is not a ps1 pseudonym; expected ps1:<key id>:<32 lower-case base32 characters>",
            );
        }
    }

    /// `free_text.contact_details` for the values of the extensions: every string in them,
    /// at any depth, is scanned like other free text (partners' data can carry notes).
    pub fn extensions(ext: &crate::types::Extensions, r: &mut Report) {
        fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match v {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
                serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
                _ => {}
            }
        }
        for (key, value) in ext.iter() {
            let mut found = Vec::new();
            strings(value, &mut found);
            if found
                .iter()
                .any(|s| crate::pseudonym::contains_direct_identifiers(s))
            {
                // the key is a namespaced extension key: the sanitizer keeps it
                r.push(
                    RuleCode::FreeTextContactDetails,
                    format!("/extensions/{key}"),
                    "an extension value seems to contain an email address, a phone number or a document number; extensions must not carry personal data",
                );
            }
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
}
