//! Vocabularies of the `tip` record (version 1.1): how a report from the public came in,
//! where it was routed, and what came of it. Neither HTCDS nor CTDC has tips: every value is
//! added by this standard.

use super::vocab;

vocab! {
    pub enum TipChannel ("How a report of suspected trafficking reached the organization (added in version 1.1; not an HTCDS field).", htcds = []) {
        Hotline = "hotline", Exchange, "Telephone hotline or tip line", htcds [], ctdc [];
        Sms = "sms", Exchange, "Text message (SMS)", htcds [], ctdc [];
        WebForm = "web_form", Exchange, "Web form", htcds [], ctdc [];
        MessagingApp = "messaging_app", Exchange, "Messaging app (WhatsApp, Telegram...)", htcds [], ctdc [];
        SocialMedia = "social_media", Exchange, "Social media message or post", htcds [], ctdc [];
        Email = "email", Exchange, "Email", htcds [], ctdc [];
        WalkIn = "walk_in", Exchange, "In person, at an office or a police station", htcds [], ctdc [];
        Other = "other", Exchange, "Other channel", htcds [], ctdc [];
    }
}

vocab! {
    pub enum TipRoutingStatus ("Where a tip passed on to an organization stands at that organization (added in version 1.1).", htcds = []) {
        Sent = "sent", Exchange, "Sent, not yet acknowledged", htcds [], ctdc [];
        Acknowledged = "acknowledged", Exchange, "Acknowledged by the recipient", htcds [], ctdc [];
        Accepted = "accepted", Exchange, "Accepted for follow-up", htcds [], ctdc [];
        Declined = "declined", Exchange, "Declined by the recipient", htcds [], ctdc [];
        Completed = "completed", Exchange, "Follow-up completed by the recipient", htcds [], ctdc [];
    }
}

vocab! {
    pub enum TipOutcomeKind ("What came of a tip (added in version 1.1). `case_opened` names the case record it led to.", htcds = []) {
        CaseOpened = "case_opened", Exchange, "A case was opened", htcds [], ctdc [];
        Referred = "referred", Exchange, "Referred to another organization for follow-up", htcds [], ctdc [];
        NoFurtherAction = "no_further_action", Exchange, "No further action (not enough to act on)", htcds [], ctdc [];
        Unfounded = "unfounded", Exchange, "Found to be unfounded", htcds [], ctdc [];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Origin, Vocabulary};

    #[test]
    fn codes_labels_and_origin() {
        assert_eq!(
            TipChannel::ALL.iter().map(|c| c.code()).collect::<Vec<_>>(),
            [
                "hotline",
                "sms",
                "web_form",
                "messaging_app",
                "social_media",
                "email",
                "walk_in",
                "other"
            ]
        );
        for c in TipChannel::ALL {
            assert_eq!(c.origin(), Origin::Exchange);
            assert!(c.htcds_names().is_empty() && c.ctdc_names().is_empty());
            assert_eq!(c.code().parse::<TipChannel>().unwrap(), *c);
        }
        assert_eq!(
            TipOutcomeKind::from_code("case_opened"),
            Some(TipOutcomeKind::CaseOpened)
        );
        assert!("closed".parse::<TipRoutingStatus>().is_err());
    }
}
