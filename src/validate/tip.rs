//! The rules of the `tip` record (version 1.1).
//!
//! | rule | checks |
//! |---|---|
//! | `date.future` | `created_at`, `updated_at`, `received_at`, every routing time and the outcome date are not after the reference time |
//! | `date.order` | `updated_at` not before `created_at`; `received_at` not after `created_at`; the outcome not decided before the tip was received |
//! | `tip.routing_before_receipt` | a tip is not passed on before it was received |
//! | `tip.outcome_case_ref` | `case_opened` names its case record, and no other outcome names one |
//! | `tip.estimate_range` | the estimate of persons is a range `1 <= min <= max` |
//! | `tip.subdivision_country` | the subdivision's country prefix is the location's country |
//! | `tip.reporter_not_pseudonym` | the reporter is at most a well-formed `ps1` pseudonym |
//! | `tip.online_identifier` | the note carries no URL, web address or `@handle` |
//! | `free_text.contact_details` | the note carries no email address, phone or document number (warning, as for every note) |

use super::common::{P, free_text, not_future, not_future_time, record_times};
use super::{Report, RuleCode, ValidationOptions};
use crate::tip::Tip;
use crate::types::{Country, PartialDate};
use crate::vocab::TipOutcomeKind;

pub(super) fn check(t: &Tip, o: &ValidationOptions, r: &mut Report) {
    record_times(t.created_at, t.updated_at, o, r);
    not_future_time(
        Some(t.received_at),
        P::new("/received_at"),
        "received_at",
        o,
        r,
    );
    if t.received_at > t.created_at {
        r.push(
            RuleCode::DateOrder,
            P::new("/received_at"),
            "received_at is after created_at: a tip is recorded after it is received",
        );
    }
    for (i, routing) in t.routing.iter().enumerate() {
        let at = P::at("/routing", i, "/at");
        not_future_time(Some(routing.at), at, "routing time", o, r);
        if routing.at < t.received_at {
            r.push(
                RuleCode::TipRoutingBeforeReceipt,
                at,
                "the tip was passed on before it was received (routing at is before received_at)",
            );
        }
    }
    if let Some(outcome) = &t.outcome {
        let at = P::new("/outcome/decided_on");
        not_future(outcome.decided_on, at, "decided_on", o, r);
        if let (Some(d), Ok(received)) = (
            outcome.decided_on,
            PartialDate::from_naive(t.received_at.date()),
        ) && d.is_surely_before(received)
        {
            r.push(
                RuleCode::DateOrder,
                at,
                "the outcome was decided before the tip was received",
            );
        }
        match (outcome.kind, &outcome.case_ref) {
            (TipOutcomeKind::CaseOpened, None) => r.push(
                RuleCode::TipOutcomeCaseRef,
                P::new("/outcome"),
                "outcome case_opened must name the case record in case_ref",
            ),
            (kind, Some(_)) if kind != TipOutcomeKind::CaseOpened => r.push(
                RuleCode::TipOutcomeCaseRef,
                P::new("/outcome/case_ref"),
                format!("outcome {kind} names a case record; only case_opened has a case_ref"),
            ),
            _ => {}
        }
    }
    if let Some(e) = t.persons_estimate
        && (e.min == 0 || e.min > e.max)
    {
        r.push(
            RuleCode::TipEstimateRange,
            P::new("/persons_estimate"),
            "the estimate of persons must be a range with 1 <= min <= max",
        );
    }
    if let Some(location) = &t.location
        && let Some(sub) = location.subdivision
        && location.country != Country::Known(sub.country())
    {
        r.push(
            RuleCode::TipSubdivisionCountry,
            P::new("/location/subdivision"),
            "the subdivision's country prefix is not the location's country",
        );
    }
    if let Some(reporter) = &t.reporter_pseudonym
        && !crate::pseudonym::Pseudonym::is_well_formed(reporter.as_str())
    {
        r.push(
            RuleCode::TipReporterNotPseudonym,
            P::new("/reporter_pseudonym"),
            "the reporter may only be a keyed ps1 pseudonym (ps1:<key id>:<32 lower-case base32 characters>), never a name, number or contact",
        );
    }
    if let Some(note) = t.note.as_deref() {
        free_text(Some(note), P::new("/note"), "note", r);
        if contains_online_identifier(note) {
            r.push(
                RuleCode::TipOnlineIdentifier,
                P::new("/note"),
                "note seems to contain a URL, a web address or an @handle; a tip names platforms only (field platforms), never an address, handle or account",
            );
        }
    }
}

/// True when `text` seems to hold a URL, a web address or a handle: a `scheme://`, a token
/// starting with `www.`, a domain followed by a path (`t.me/...`, `wa.me/...`,
/// `example.com/...`), or a token starting with `@` and two or more handle characters.
/// Best effort, like the contact-details scan; one pass over the text (linear cost).
pub(crate) fn contains_online_identifier(text: &str) -> bool {
    if text.contains("://") {
        return true;
    }
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>' | '"' | '[' | ']')
    })
    .any(token_is_online_identifier)
}

fn token_is_online_identifier(token: &str) -> bool {
    let token = token.trim_matches(|c: char| matches!(c, '\'' | '.' | ':' | '!' | '?'));
    let b = token.as_bytes();
    if b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"www.") {
        return true;
    }
    let handle_char = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.';
    if let Some(rest) = b.strip_prefix(b"@") {
        return rest.len() >= 2 && rest.iter().all(handle_char);
    }
    // a domain (two or more labels, the last of two or more letters) followed by a path
    if let Some(slash) = token.find('/') {
        let host = &token[..slash];
        let path = &token[slash + 1..];
        let labels: Vec<&str> = host.split('.').collect();
        let tld = labels.last().copied().unwrap_or("");
        return labels.len() >= 2
            && !path.is_empty()
            && labels.iter().all(|l| {
                !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
            })
            && tld.len() >= 2
            && tld.bytes().all(|c| c.is_ascii_alphabetic());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tip::{PersonsEstimate, TipLocation, TipOutcome, TipRouting};
    use crate::types::Timestamp;
    use crate::vocab::{TipChannel, TipRoutingStatus};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn tip() -> Tip {
        Tip::new(
            "tip-1".parse().unwrap(),
            "tt.gov.hotline".parse().unwrap(),
            ts("2025-03-02T10:00:00Z"),
            TipChannel::Hotline,
            ts("2025-03-02T09:00:00Z"),
        )
    }

    fn codes(t: &Tip) -> Vec<&'static str> {
        let mut r = Report::default();
        check(
            t,
            &ValidationOptions::at(ts("2026-01-01T00:00:00Z")),
            &mut r,
        );
        r.issues.iter().map(|i| i.code.as_str()).collect()
    }

    #[test]
    fn a_minimal_tip_is_valid() {
        assert!(codes(&tip()).is_empty());
    }

    #[test]
    fn dates_and_routing() {
        let mut t = tip();
        t.received_at = ts("2025-03-02T11:00:00Z");
        assert_eq!(codes(&t), ["date.order"]);
        let mut t = tip();
        t.routing.push(TipRouting::new(
            "tt.police.ctu".parse().unwrap(),
            ts("2025-03-02T08:59:59Z"),
            TipRoutingStatus::Sent,
        ));
        t.routing.push(TipRouting::new(
            "tt.ngo.shelter".parse().unwrap(),
            ts("2027-01-01T00:00:00Z"),
            TipRoutingStatus::Sent,
        ));
        assert_eq!(codes(&t), ["tip.routing_before_receipt", "date.future"]);
        let mut t = tip();
        let mut outcome = TipOutcome::new(TipOutcomeKind::Unfounded);
        outcome.decided_on = Some("2025-03-01".parse().unwrap());
        t.outcome = Some(outcome);
        assert_eq!(codes(&t), ["date.order"]);
        // a month that contains the receipt is not surely before it
        t.outcome.as_mut().unwrap().decided_on = Some("2025-03".parse().unwrap());
        assert!(codes(&t).is_empty());
    }

    #[test]
    fn outcome_case_ref() {
        let mut t = tip();
        t.outcome = Some(TipOutcome::new(TipOutcomeKind::CaseOpened));
        assert_eq!(codes(&t), ["tip.outcome_case_ref"]);
        t.outcome = Some(TipOutcome::case_opened("case-1".parse().unwrap()));
        assert!(codes(&t).is_empty());
        t.outcome.as_mut().unwrap().kind = TipOutcomeKind::Referred;
        assert_eq!(codes(&t), ["tip.outcome_case_ref"]);
    }

    #[test]
    fn estimate_location_reporter() {
        let mut t = tip();
        t.persons_estimate = Some(PersonsEstimate::new(3, 3));
        assert!(codes(&t).is_empty());
        for (min, max) in [(4, 3), (0, 2), (0, 0)] {
            t.persons_estimate = Some(PersonsEstimate::new(min, max));
            assert_eq!(codes(&t), ["tip.estimate_range"], "{min}..{max}");
        }
        let mut t = tip();
        let mut location = TipLocation::new("TT".parse().unwrap());
        location.subdivision = Some("TT-POS".parse().unwrap());
        t.location = Some(location);
        assert!(codes(&t).is_empty());
        t.location.as_mut().unwrap().subdivision = Some("JM-01".parse().unwrap());
        assert_eq!(codes(&t), ["tip.subdivision_country"]);
        t.location.as_mut().unwrap().country = Country::Unknown;
        assert_eq!(codes(&t), ["tip.subdivision_country"]);
        let mut t = tip();
        t.reporter_pseudonym = Some("ps1:k1:abcdefghijklmnopqrstuvwxyz234567".parse().unwrap());
        assert!(codes(&t).is_empty());
        for bad in ["+18685550100", "maria-perez", "ps1:k1:tooshort"] {
            t.reporter_pseudonym = Some(bad.parse().unwrap());
            assert_eq!(codes(&t), ["tip.reporter_not_pseudonym"], "{bad}");
        }
    }

    #[test]
    fn note_is_scanned() {
        let mut t = tip();
        t.note = Some("caller saw minors at a bar near the port, 3 adults".into());
        assert!(codes(&t).is_empty());
        t.note = Some("call back on +1 868 555 0100".into());
        assert_eq!(codes(&t), ["free_text.contact_details"]);
        t.note = Some("ad posted at https://example.org/x".into());
        assert_eq!(codes(&t), ["tip.online_identifier"]);
    }

    #[test]
    fn online_identifiers() {
        for yes in [
            "see https://example.org",
            "ftp://x",
            "www.example.org",
            "WWW.EXAMPLE.ORG",
            "recruiter @jobs_abroad_tt on the app",
            "(@ab)",
            "t.me/jobsabroad",
            "wa.me/18685550100",
            "link: bit.ly/3xYz.",
            "example.co.tt/jobs?id=1",
        ] {
            assert!(contains_online_identifier(yes), "{yes}");
        }
        for no in [
            "seen on facebook and telegram",
            "met at 5 p.m. near the bus stop",
            "e.g. forced labour, i.e. farm work",
            "2 or 3 girls, 14/15 years old",
            "@ the market",
            "a@",
            "and/or",
            "km 12/13 of the highway",
            "1.5/2 hours away",
        ] {
            assert!(!contains_online_identifier(no), "{no}");
        }
    }

    #[test]
    fn messages_never_repeat_the_note() {
        let mut t = tip();
        t.note = Some("Maria at https://example.org/maria call +1 868 555 0100".into());
        let mut r = Report::default();
        check(
            &t,
            &ValidationOptions::at(ts("2026-01-01T00:00:00Z")),
            &mut r,
        );
        assert_eq!(r.issues.len(), 2);
        assert!(!r.to_string().contains("Maria") && !r.to_string().contains("example"));
    }
}
