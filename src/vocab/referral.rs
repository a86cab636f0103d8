//! Vocabularies of referrals between organizations.

use super::vocab;

vocab! {
    pub enum OrganizationType ("Kind of organization (HTCDS 2.0 org_Type). `international_organisation` (IOM, UNDP, UNHCR, UNICEF) is added by this standard.", htcds = ["org_Type"]) {
        Ngo = "ngo", Htcds, "Non-governmental organization", htcds ["NGO"], ctdc [];
        LawEnforcement = "law_enforcement", Htcds, "Law enforcement", htcds ["LawEnforcement"], ctdc [];
        HealthServiceOrganisation = "health_service_organisation", Htcds, "Health service organisation", htcds ["HealthServiceOrganisation"], ctdc [];
        CentralGovernmentOrganisation = "central_government_organisation", Htcds, "Central government organisation", htcds ["CentralGovernmentOrganisation"], ctdc [];
        LocalGovernmentOrganisation = "local_government_organisation", Htcds, "Local government organisation", htcds ["LocalGovernmentOrganisation"], ctdc [];
        ImmigrationService = "immigration_service", Htcds, "Immigration service", htcds ["ImmigrationService"], ctdc [];
        LegalService = "legal_service", Htcds, "Legal service", htcds ["LegalService"], ctdc [];
        CorporateBusiness = "corporate_business", Htcds, "Corporate business", htcds ["CorporateBusiness"], ctdc [];
        SchoolOrCollege = "school_or_college", Htcds, "School or college", htcds ["SchoolOrCollege"], ctdc [];
        InternationalOrganisation = "international_organisation", Exchange, "International organisation (IOM, UNDP, UNHCR, UNICEF...)", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ReferralReason ("Why the person is referred (HTCDS 2.0 cas_ReasonForOutgoingReferral and cas_ReasonForIncomingReferral).", htcds = ["cas_ReasonForOutgoingReferral", "cas_ReasonForIncomingReferral"]) {
        AdditionalServicesRequired = "additional_services_required", Htcds, "Additional services required", htcds ["AdditionalServicesRequired"], ctdc [];
        MigrationOrChangeOfLocation = "migration_or_change_of_location", Htcds, "Migration or change of location", htcds ["MigrationOrChangeOfLocation"], ctdc [];
        Other = "other", Htcds, "Other", htcds ["Other"], ctdc [];
    }
}

vocab! {
    pub enum ReferralStatus ("Status of a referral: the HL7 FHIR Task status codes a referral needs.", htcds = []) {
        Requested = "requested", Exchange, "Sent, not yet seen by the recipient", htcds [], ctdc [];
        Received = "received", Exchange, "Seen by the recipient, not yet decided", htcds [], ctdc [];
        Accepted = "accepted", Exchange, "Accepted by the recipient", htcds [], ctdc [];
        Rejected = "rejected", Exchange, "Declined by the recipient", htcds [], ctdc [];
        InProgress = "in_progress", Exchange, "Services being provided", htcds [], ctdc [];
        Completed = "completed", Exchange, "Services provided", htcds [], ctdc [];
        Cancelled = "cancelled", Exchange, "Withdrawn by the referring organization (Primero: revoked)", htcds [], ctdc [];
        Failed = "failed", Exchange, "Could not be carried out", htcds [], ctdc [];
    }
}

impl ReferralStatus {
    /// True when no further transition is allowed.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReferralStatus::Rejected
                | ReferralStatus::Completed
                | ReferralStatus::Cancelled
                | ReferralStatus::Failed
        )
    }

    /// The statuses a referral may move to from this one.
    ///
    /// `requested → received → accepted → in_progress → completed`, with `rejected` from
    /// requested or received, `cancelled` by the sender from any open status, and `failed`
    /// once accepted. Final statuses have no successor.
    ///
    /// ```
    /// use ctip_exchange::vocab::ReferralStatus::*;
    /// assert!(Requested.can_move_to(Accepted));
    /// assert!(!Completed.can_move_to(InProgress));
    /// ```
    pub fn successors(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Requested => &[Received, Accepted, Rejected, Cancelled],
            Received => &[Accepted, Rejected, Cancelled],
            Accepted => &[InProgress, Completed, Cancelled, Failed],
            InProgress => &[Completed, Cancelled, Failed],
            Rejected | Completed | Cancelled | Failed => &[],
        }
    }

    /// True when the transition from this status to `next` is allowed.
    pub fn can_move_to(self, next: ReferralStatus) -> bool {
        self.successors().contains(&next)
    }
}

vocab! {
    pub enum Urgency ("How urgent a referral is (HL7 FHIR request priority).", htcds = []) {
        Routine = "routine", Exchange, "Routine", htcds [], ctdc [];
        Urgent = "urgent", Exchange, "Urgent: within days", htcds [], ctdc [];
        Asap = "asap", Exchange, "As soon as possible: within a day", htcds [], ctdc [];
        Stat = "stat", Exchange, "Immediately: danger to life or safety", htcds [], ctdc [];
    }
}

vocab! {
    pub enum SafetyRisk ("Assessed risk to the person's safety, for the receiving organization.", htcds = []) {
        Low = "low", Exchange, "Low", htcds [], ctdc [];
        Medium = "medium", Exchange, "Medium", htcds [], ctdc [];
        High = "high", Exchange, "High: the receiver must take protective measures", htcds [], ctdc [];
    }
}

vocab! {
    pub enum ConsentOverrideReason ("Why a referral is made without the person's recorded consent. Every override MUST be reasoned and is reviewable.", htcds = []) {
        ChildBestInterests = "child_best_interests", Exchange, "A child's best interests, decided by the competent authority", htcds [], ctdc [];
        ImminentDanger = "imminent_danger", Exchange, "Imminent danger to the life or safety of the person or others", htcds [], ctdc [];
        LackOfCapacity = "lack_of_capacity", Exchange, "The person cannot give consent (medical emergency, incapacity)", htcds [], ctdc [];
        LegalObligation = "legal_obligation", Exchange, "A legal obligation or court order", htcds [], ctdc [];
    }
}

vocab! {
    pub enum SpecialNeed ("A need the receiving organization must prepare for.", htcds = []) {
        Interpretation = "interpretation", Exchange, "An interpreter is needed", htcds [], ctdc [];
        DisabilityAccess = "disability_access", Exchange, "Disability access or support", htcds [], ctdc [];
        ChildProtection = "child_protection", Exchange, "Child protection procedures apply", htcds [], ctdc [];
        UrgentMedicalCare = "urgent_medical_care", Exchange, "Urgent medical care", htcds [], ctdc [];
        Pregnancy = "pregnancy", Exchange, "Pregnancy or recent childbirth", htcds [], ctdc [];
        AccompanyingChildren = "accompanying_children", Exchange, "Accompanied by dependent children", htcds [], ctdc [];
        SameGenderStaff = "same_gender_staff", Exchange, "Staff of the same gender requested", htcds [], ctdc [];
        SecureTransport = "secure_transport", Exchange, "Secure transport needed", htcds [], ctdc [];
    }
}
