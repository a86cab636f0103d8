//! Vocabularies of case management, assistance, criminal justice and consent.

use super::vocab;

vocab! {
    pub enum CaseStatus ("Case management status (HTCDS 2.0 cas_Status).", htcds = ["cas_Status"]) {
        Active = "active", Htcds, "Active", htcds ["Active"], ctdc [];
        FollowUp = "follow_up", Htcds, "Follow-up", htcds ["FollowUp"], ctdc [];
        Closed = "closed", Htcds, "Closed", htcds ["Closed"], ctdc [];
        ClosedReferred = "closed_referred", Htcds, "Closed, referred to another organization", htcds ["ClosedReferred"], ctdc [];
    }
}

impl CaseStatus {
    /// True for the closed statuses.
    pub fn is_closed(self) -> bool {
        matches!(self, CaseStatus::Closed | CaseStatus::ClosedReferred)
    }
}

vocab! {
    pub enum ClosureReason ("Why a case was closed. HTCDS 2.0 cas_ReasonForCaseClosure is free text; the exchange carries a code instead, so that no narrative leaves the agency.", htcds = []) {
        GoalsAchieved = "goals_achieved", Exchange, "Support plan goals achieved", htcds [], ctdc [];
        ReferredElsewhere = "referred_elsewhere", Exchange, "Referred to another organization", htcds [], ctdc [];
        Relocated = "relocated", Exchange, "The person moved away or returned home", htcds [], ctdc [];
        DeclinedServices = "declined_services", Exchange, "The person declined further services", htcds [], ctdc [];
        LostContact = "lost_contact", Exchange, "Contact lost", htcds [], ctdc [];
        NotAVictim = "not_a_victim", Exchange, "The person was found not to be a victim", htcds [], ctdc [];
        Deceased = "deceased", Exchange, "The person died", htcds [], ctdc [];
        Other = "other", Exchange, "Other", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ServiceType ("Type of assistance or service (HTCDS 2.0 spl_Type support-plan types, plus shelter, medical, psychosocial, legal aid, repatriation and interpretation added by this standard).", htcds = ["spl_Type"]) {
        Education = "education", Htcds, "Education", htcds ["Education"], ctdc [];
        Financial = "financial", Htcds, "Financial", htcds ["Financial"], ctdc [];
        Health = "health", Htcds, "Health", htcds ["Health"], ctdc [];
        LabourExploitationRehabilitation = "labour_exploitation_rehabilitation", Htcds, "Labour exploitation rehabilitation", htcds ["LabourExploitationRehabilitation"], ctdc [];
        Legal = "legal", Htcds, "Legal", htcds ["Legal"], ctdc [];
        Livelihood = "livelihood", Htcds, "Livelihood", htcds ["Livelihood"], ctdc [];
        RightsBasedTraining = "rights_based_training", Htcds, "Rights-based training", htcds ["RightsBasedTraining"], ctdc [];
        SexualExploitationRehabilitation = "sexual_exploitation_rehabilitation", Htcds, "Sexual exploitation rehabilitation", htcds ["SexualExploitationRehabilitation"], ctdc [];
        SocialCare = "social_care", Htcds, "Social care", htcds ["SocialCare"], ctdc [];
        Shelter = "shelter", Exchange, "Shelter or safe accommodation", htcds [], ctdc [];
        Medical = "medical", Exchange, "Medical care", htcds [], ctdc [];
        Psychosocial = "psychosocial", Exchange, "Psychosocial support or counselling", htcds [], ctdc [];
        LegalAid = "legal_aid", Exchange, "Legal aid and representation", htcds [], ctdc [];
        Repatriation = "repatriation", Exchange, "Assisted voluntary return or repatriation", htcds [], ctdc [];
        Interpretation = "interpretation", Exchange, "Interpretation or translation", htcds [], ctdc [];
    }
}

vocab! {
    pub enum AssistanceStatus ("Status of an assistance or service.", htcds = []) {
        Planned = "planned", Exchange, "Planned", htcds [], ctdc [];
        Ongoing = "ongoing", Exchange, "Being provided", htcds [], ctdc [];
        Completed = "completed", Exchange, "Completed", htcds [], ctdc [];
        Declined = "declined", Exchange, "Declined by the person", htcds [], ctdc [];
        Discontinued = "discontinued", Exchange, "Stopped before completion", htcds [], ctdc [];
    }
}

vocab! {
    pub enum InvestigationStatus ("Status of the criminal investigation linked to the case.", htcds = []) {
        NotOpened = "not_opened", Exchange, "No investigation opened", htcds [], ctdc [];
        Ongoing = "ongoing", Exchange, "Investigation ongoing", htcds [], ctdc [];
        ClosedWithoutCharges = "closed_without_charges", Exchange, "Closed without charges", htcds [], ctdc [];
        ChargesFiled = "charges_filed", Exchange, "Suspects charged; referred for prosecution", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ProsecutionStatus ("Status of the prosecution linked to the case.", htcds = []) {
        NotStarted = "not_started", Exchange, "No prosecution started", htcds [], ctdc [];
        Ongoing = "ongoing", Exchange, "Prosecution ongoing", htcds [], ctdc [];
        Convicted = "convicted", Exchange, "At least one perpetrator convicted", htcds [], ctdc [];
        Acquitted = "acquitted", Exchange, "Acquitted", htcds [], ctdc [];
        Dismissed = "dismissed", Exchange, "Dismissed or withdrawn", htcds [], ctdc [];
    }
}

vocab! {
    pub enum IccsCode ("International Classification of Crime for Statistical Purposes (ICCS 2015), trafficking in persons and its subcategories.", htcds = []) {
        TraffickingInPersons = "0204", Exchange, "0204 Trafficking in persons", htcds [], ctdc [];
        SexualExploitation = "02041", Exchange, "02041 Trafficking in persons for sexual exploitation", htcds [], ctdc [];
        ForcedLabour = "02042", Exchange, "02042 Trafficking in persons for forced labour or services", htcds [], ctdc [];
        OrganRemoval = "02043", Exchange, "02043 Trafficking in persons for organ removal", htcds [], ctdc [];
        OtherPurposes = "02044", Exchange, "02044 Trafficking in persons for other purposes", htcds [], ctdc [];
    }
}

vocab! {
    pub enum VictimParticipation ("How the person takes part in the criminal proceedings.", htcds = []) {
        NotRequested = "not_requested", Exchange, "Not asked to take part", htcds [], ctdc [];
        GaveStatement = "gave_statement", Exchange, "Gave a statement", htcds [], ctdc [];
        Testified = "testified", Exchange, "Testified in court", htcds [], ctdc [];
        Declined = "declined", Exchange, "Declined to take part", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ConsentPurpose ("What a consent covers (HTCDS 2.0 con_Consent is one checkbox; the exchange records consent per purpose).", htcds = []) {
        CaseManagement = "case_management", Exchange, "Holding and processing the case record", htcds [], ctdc [];
        Referral = "referral", Exchange, "Referral to the named organizations", htcds [], ctdc [];
        DataSharing = "data_sharing", Exchange, "Sharing the pseudonymized record with the named organizations", htcds [], ctdc [];
        Statistics = "statistics", Exchange, "Use in anonymized statistics", htcds [], ctdc [];
        LawEnforcement = "law_enforcement", Exchange, "Sharing with law enforcement", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ConsentStatus ("State of a consent.", htcds = []) {
        Granted = "granted", Exchange, "Granted", htcds [], ctdc [];
        Refused = "refused", Exchange, "Refused", htcds [], ctdc [];
        Withdrawn = "withdrawn", Exchange, "Withdrawn after being granted", htcds [], ctdc [];
    }
}
