//! The rules of the `referral` record.

use super::common::{P, free_text, in_order, not_future, not_future_time, record_times};
use super::{Report, RuleCode, ValidationOptions};
use crate::referral::{ConsentBasis, Referral};
use crate::types::PartialDate;
use crate::vocab::{ConsentPurpose, ConsentStatus, ReferralStatus};

pub(super) fn check(f: &Referral, o: &ValidationOptions, r: &mut Report) {
    record_times(f.created_at, f.updated_at, o, r);
    check_history(f, o, r);
    check_consent(f, o, r);

    if f.from.org == f.to.org {
        r.push(
            RuleCode::ReferralSelf,
            P::new("/to/org"),
            "the recipient is the referring organization",
        );
    }
    if let (Some(band), Some(m)) = (f.subject.age_band, f.subject.majority)
        && band.majority() != m
    {
        r.push(
            RuleCode::AgeInconsistent,
            P::new("/subject/majority"),
            "majority does not agree with age_band",
        );
    }
    free_text(f.note.as_deref(), P::new("/note"), "note", r);
}

fn check_history(f: &Referral, o: &ValidationOptions, r: &mut Report) {
    let history = &f.history;
    if history.first().status != ReferralStatus::Requested {
        r.push(
            RuleCode::ReferralTransition,
            P::new("/history/0/status"),
            "the history must start with requested",
        );
    }
    for (i, change) in history.iter().enumerate() {
        not_future_time(
            Some(change.at),
            P::at("/history", i, "/at"),
            "status change",
            o,
            r,
        );
        if i == 0 {
            continue;
        }
        let prev = &history[i - 1];
        if change.at < prev.at {
            r.push(
                RuleCode::ReferralHistoryOrder,
                format!("/history/{i}/at"),
                "status change is earlier than the one before it",
            );
        }
        if !prev.status.can_move_to(change.status) {
            let allowed: Vec<&str> = prev
                .status
                .successors()
                .iter()
                .map(|s| s.as_str())
                .collect();
            let allowed = if allowed.is_empty() {
                "none (final status)".to_owned()
            } else {
                allowed.join(", ")
            };
            r.push(
                RuleCode::ReferralTransition,
                format!("/history/{i}/status"),
                format!(
                    "transition from {} to {} is not allowed; allowed: {allowed}",
                    prev.status, change.status
                ),
            );
        }
    }
    let last = history[history.len() - 1].status;
    if last != f.status {
        r.push(
            RuleCode::ReferralStatusMismatch,
            P::new("/status"),
            "status is not the last status of the history",
        );
    }
}

fn check_consent(f: &Referral, o: &ValidationOptions, r: &mut Report) {
    let requested = f.requested_at().date();
    let Ok(requested_day) = PartialDate::from_naive(requested) else {
        return;
    };
    match &f.consent {
        ConsentBasis::Override(ov) => {
            not_future(
                Some(ov.decided_on),
                P::new("/consent/override/decided_on"),
                "decided_on",
                o,
                r,
            );
            in_order(
                Some(ov.decided_on),
                Some(requested_day),
                P::new("/consent/override/decided_on"),
                "the override was decided after the referral was made",
                r,
            );
        }
        ConsentBasis::Consent(c) => {
            let p = P::new("/consent/consent");
            super::case::check_consent(c, p, o, r);
            if c.purpose != ConsentPurpose::Referral {
                r.push(
                    RuleCode::ReferralConsentMissing,
                    p.field("/purpose"),
                    "the consent is not a consent for referral",
                );
            }
            if c.status == ConsentStatus::Refused {
                r.push(
                    RuleCode::ReferralConsentMissing,
                    p.field("/status"),
                    "the person refused consent for referral",
                );
            }
            if !c.organizations.contains(&f.to.org) {
                r.push(
                    RuleCode::ReferralConsentMissing,
                    p.field("/organizations"),
                    "the consent does not name the recipient organization",
                );
            }
            if c.decided_on.is_surely_after_day(requested) {
                r.push(
                    RuleCode::ReferralConsentMissing,
                    p.field("/decided_on"),
                    "the consent was given after the referral was made",
                );
            }
            // When the consent stopped covering the referral: withdrawn, or expired.
            let ended = [
                (c.withdrawn_on, "/withdrawn_on", "withdrawn"),
                (c.expires_on, "/expires_on", "expired"),
            ];
            for (end, field, how) in ended {
                let Some(end) = end else { continue };
                if end.is_surely_before_day(requested) {
                    r.push(
                        RuleCode::ReferralConsentWithdrawn,
                        p.field(field),
                        format!("the consent {how} before the referral was made"),
                    );
                    continue;
                }
                // Acting on the referral after the consent ended is an error; only
                // cancelling (or giving up) is right then.
                let acted_after = f.history.iter().enumerate().find(|(_, h)| {
                    !matches!(
                        h.status,
                        ReferralStatus::Cancelled
                            | ReferralStatus::Failed
                            | ReferralStatus::Rejected
                    ) && end.is_surely_before_day(h.at.date())
                });
                if let Some((i, h)) = acted_after {
                    r.push(
                        RuleCode::ReferralConsentWithdrawn,
                        P::at("/history", i, "/status"),
                        format!("the referral moved to {} after the consent {how}", h.status),
                    );
                } else if !f.status.is_final() && !end.is_surely_after_day(o.reference_date()) {
                    r.push(
                        RuleCode::ReferralConsentWithdrawnOpen,
                        p.field(field),
                        format!("the consent {how} and the referral is still open; it should be cancelled"),
                    );
                }
            }
        }
    }
}
