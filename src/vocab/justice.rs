//! Vocabularies of criminal-justice proceedings and timely support (version 1.1).
//!
//! The stages follow the criminal-justice flow that UNODC's crime-trends survey (UN-CTS)
//! counts (persons brought into formal contact, prosecuted, convicted) and the common-law
//! route of the Caribbean (magistrates' court, preliminary inquiry, committal, High Court).

use super::vocab;

vocab! {
    pub enum ProceedingEventKind ("The kind of a dated event in the criminal-justice proceedings of a case (version 1.1).", htcds = []) {
        InvestigationOpened = "investigation_opened", Exchange, "An investigation was opened", htcds [], ctdc [];
        SuspectIdentified = "suspect_identified", Exchange, "A suspect was identified", htcds [], ctdc [];
        Arrest = "arrest", Exchange, "A suspect was arrested", htcds [], ctdc [];
        ChargeLaid = "charge_laid", Exchange, "Charges were laid against a defendant", htcds [], ctdc [];
        FileToProsecutor = "file_to_prosecutor", Exchange, "The file was sent to the prosecutor", htcds [], ctdc [];
        ProsecutionDecision = "prosecution_decision", Exchange, "The prosecutor decided whether to prosecute", htcds [], ctdc [];
        FirstAppearance = "first_appearance", Exchange, "The defendant's first appearance in court", htcds [], ctdc [];
        PreliminaryInquiry = "preliminary_inquiry", Exchange, "Preliminary inquiry (enquiry) in a magistrates' court", htcds [], ctdc [];
        Committal = "committal", Exchange, "The matter was committed to a higher court", htcds [], ctdc [];
        Indictment = "indictment", Exchange, "An indictment was filed", htcds [], ctdc [];
        TrialStarted = "trial_started", Exchange, "The trial started", htcds [], ctdc [];
        Verdict = "verdict", Exchange, "A verdict was given (outcome per charge)", htcds [], ctdc [];
        Sentence = "sentence", Exchange, "A sentence was imposed", htcds [], ctdc [];
        AppealLodged = "appeal_lodged", Exchange, "An appeal was lodged", htcds [], ctdc [];
        AppealDecided = "appeal_decided", Exchange, "An appeal was decided", htcds [], ctdc [];
        CaseClosed = "case_closed", Exchange, "The criminal case was closed", htcds [], ctdc [];
    }
}

impl ProceedingEventKind {
    /// True for the events that show a defendant was prosecuted: a charge, the prosecutor's
    /// file, a court stage, a verdict or a sentence (not investigation, suspicion or arrest).
    pub fn is_prosecution(self) -> bool {
        !matches!(
            self,
            ProceedingEventKind::InvestigationOpened
                | ProceedingEventKind::SuspectIdentified
                | ProceedingEventKind::Arrest
                | ProceedingEventKind::CaseClosed
        )
    }

    /// True for the events that lay charges (`charge_laid`, `indictment`).
    pub fn lays_charges(self) -> bool {
        matches!(
            self,
            ProceedingEventKind::ChargeLaid | ProceedingEventKind::Indictment
        )
    }
}

vocab! {
    pub enum CourtLevel ("The level of the court an event of the proceedings took place in (version 1.1).", htcds = []) {
        Magistrates = "magistrates", Exchange, "Magistrates' court (court of first instance for summary matters and preliminary inquiries)", htcds [], ctdc [];
        HighCourt = "high_court", Exchange, "High Court (trial on indictment)", htcds [], ctdc [];
        CourtOfAppeal = "court_of_appeal", Exchange, "Court of Appeal", htcds [], ctdc [];
        FinalAppellate = "final_appellate", Exchange, "Final appellate court (e.g. the Caribbean Court of Justice or the Privy Council)", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ChargeOutcome ("The outcome of one charge (version 1.1).", htcds = []) {
        Convicted = "convicted", Exchange, "Convicted (found guilty or pleaded guilty)", htcds [], ctdc [];
        Acquitted = "acquitted", Exchange, "Acquitted", htcds [], ctdc [];
        Dismissed = "dismissed", Exchange, "Dismissed by the court", htcds [], ctdc [];
        Withdrawn = "withdrawn", Exchange, "Withdrawn by the prosecution", htcds [], ctdc [];
        NolleProsequi = "nolle_prosequi", Exchange, "Discontinued by a nolle prosequi", htcds [], ctdc [];
        Diverted = "diverted", Exchange, "Diverted from prosecution", htcds [], ctdc [];
        Pending = "pending", Exchange, "Not yet decided", htcds [], ctdc [];
    }
}

vocab! {
    pub enum SentenceType ("The type of one part of a sentence (version 1.1).", htcds = []) {
        Imprisonment = "imprisonment", Exchange, "Imprisonment", htcds [], ctdc [];
        SuspendedImprisonment = "suspended_imprisonment", Exchange, "Suspended imprisonment", htcds [], ctdc [];
        Fine = "fine", Exchange, "Fine", htcds [], ctdc [];
        CompensationOrder = "compensation_order", Exchange, "Compensation or restitution to the victim", htcds [], ctdc [];
        Confiscation = "confiscation", Exchange, "Confiscation or forfeiture of assets", htcds [], ctdc [];
        CommunityService = "community_service", Exchange, "Community service", htcds [], ctdc [];
        Probation = "probation", Exchange, "Probation or supervision", htcds [], ctdc [];
        Other = "other", Exchange, "Other", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ProtectiveMeasure ("A measure protecting the victim in court (version 1.1).", htcds = []) {
        VideoLink = "video_link", Exchange, "Testimony by video link", htcds [], ctdc [];
        Screen = "screen", Exchange, "A screen between the witness and the defendant", htcds [], ctdc [];
        ClosedCourt = "closed_court", Exchange, "Hearing in closed court (in camera)", htcds [], ctdc [];
        Anonymity = "anonymity", Exchange, "Anonymity of the witness", htcds [], ctdc [];
    }
}

vocab! {
    pub enum AgeStatus ("Whether a perpetrator is an adult or a juvenile, as UN-CTS separates persons in the criminal-justice system (version 1.1).", htcds = []) {
        Adult = "adult", Exchange, "Adult", htcds [], ctdc [];
        Juvenile = "juvenile", Exchange, "Juvenile (under the age of criminal majority)", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ServiceDelayBand ("Days from identification to the first service, by band (version 1.1).", htcds = []) {
        Within7Days = "0-7", Exchange, "Within 7 days", htcds [], ctdc [];
        Days8To30 = "8-30", Exchange, "8 to 30 days", htcds [], ctdc [];
        Days31To90 = "31-90", Exchange, "31 to 90 days", htcds [], ctdc [];
        MoreThan90Days = "91+", Exchange, "More than 90 days", htcds [], ctdc [];
    }
}

impl ServiceDelayBand {
    /// The band of a delay in days (0 or more).
    ///
    /// ```
    /// use ctip_exchange::vocab::ServiceDelayBand;
    /// assert_eq!(ServiceDelayBand::from_days(7), ServiceDelayBand::Within7Days);
    /// assert_eq!(ServiceDelayBand::from_days(8), ServiceDelayBand::Days8To30);
    /// assert_eq!(ServiceDelayBand::from_days(91), ServiceDelayBand::MoreThan90Days);
    /// ```
    pub fn from_days(days: u32) -> ServiceDelayBand {
        match days {
            0..=7 => ServiceDelayBand::Within7Days,
            8..=30 => ServiceDelayBand::Days8To30,
            31..=90 => ServiceDelayBand::Days31To90,
            _ => ServiceDelayBand::MoreThan90Days,
        }
    }
}
