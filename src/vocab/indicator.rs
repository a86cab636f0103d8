//! Vocabularies of published indicators.

use super::vocab;

vocab! {
    pub enum IndicatorKind ("What an indicator counts: the UNODC GLOTIP and US TIP Report figures, referrals, and (from 1.1) tips.", htcds = []) {
        VictimsIdentified = "victims_identified", Exchange, "Victims identified (presumed and formally identified)", htcds [], ctdc [];
        VictimsAssisted = "victims_assisted", Exchange, "Victims who received at least one service", htcds [], ctdc [];
        VictimsInInvestigations = "victims_in_investigations", Exchange, "Victims whose case is under or was under criminal investigation", htcds [], ctdc [];
        VictimsInProsecutions = "victims_in_prosecutions", Exchange, "Victims whose case went to prosecution", htcds [], ctdc [];
        VictimsInConvictions = "victims_in_convictions", Exchange, "Victims whose case ended in a conviction", htcds [], ctdc [];
        PersonsInvestigated = "persons_investigated", Exchange, "Persons investigated for trafficking", htcds [], ctdc [];
        PersonsProsecuted = "persons_prosecuted", Exchange, "Persons prosecuted for trafficking", htcds [], ctdc [];
        PersonsConvicted = "persons_convicted", Exchange, "Persons convicted of trafficking", htcds [], ctdc [];
        ReferralsMade = "referrals_made", Exchange, "Referrals made", htcds [], ctdc [];
        ReferralsCompleted = "referrals_completed", Exchange, "Referrals completed", htcds [], ctdc [];
        // version 1.1, from criminal-justice proceedings and timely support (v11-case)
        PersonsInFormalContact = "persons_in_formal_contact", Exchange, "Persons brought into formal contact with the police or the criminal-justice system for trafficking (UN-CTS), as distinct defendants (1.1)", htcds [], ctdc [];
        PersonsSentenced = "persons_sentenced", Exchange, "Persons sentenced for trafficking, as distinct defendants (1.1)", htcds [], ctdc [];
        OffencesRecorded = "offences_recorded", Exchange, "Trafficking offences charged, counted per offence (1.1)", htcds [], ctdc [];
        VictimsTimeToFirstService = "victims_time_to_first_service", Exchange, "Victims who received a first service, by days from identification to that service (1.1)", htcds [], ctdc [];
        TipsReceived = "tips_received", Exchange, "Tips received from the public (version 1.1)", htcds [], ctdc [];
        TipsRouted = "tips_routed", Exchange, "Tips passed on to at least one organization that did not decline them (version 1.1)", htcds [], ctdc [];
        TipsLeadingToCase = "tips_leading_to_case", Exchange, "Tips whose outcome is a case opened (version 1.1)", htcds [], ctdc [];
    }
}

vocab! {
    pub enum Unit ("What one count of an indicator stands for.", htcds = []) {
        Persons = "persons", Exchange, "Persons", htcds [], ctdc [];
        Cases = "cases", Exchange, "Cases", htcds [], ctdc [];
        Referrals = "referrals", Exchange, "Referrals", htcds [], ctdc [];
        Offences = "offences", Exchange, "Offences (1.1)", htcds [], ctdc [];
        Tips = "tips", Exchange, "Tips (reports from the public; version 1.1)", htcds [], ctdc [];
    }
}

vocab! {
    pub enum Sex ("Sex, as UNODC GLOTIP and Eurostat tabulate it (`other` for transgender and non-conforming persons, whom those tables do not separate).", htcds = []) {
        Female = "female", Exchange, "Female", htcds [], ctdc ["Female"];
        Male = "male", Exchange, "Male", htcds [], ctdc ["Male"];
        Other = "other", Exchange, "Transgender or non-conforming", htcds [], ctdc ["Transgender/NonConforming"];
    }
}

impl Sex {
    /// The sex category of a gender; `None` for an unknown gender.
    pub fn from_gender(gender: super::Gender) -> Option<Sex> {
        use super::Gender;
        match gender {
            Gender::Feminine => Some(Sex::Female),
            Gender::Masculine => Some(Sex::Male),
            Gender::TransgenderFeminine | Gender::TransgenderMasculine | Gender::NonConforming => {
                Some(Sex::Other)
            }
            Gender::NonSpecifiedUnknown => None,
        }
    }
}

vocab! {
    pub enum AgeGroup ("Age group as UNODC GLOTIP tabulates it: children (0-17) and adults (18+).", htcds = []) {
        Children = "0-17", Exchange, "Children, 0 to 17 years", htcds [], ctdc ["Minor"];
        Adults = "18+", Exchange, "Adults, 18 years or more", htcds [], ctdc ["Adult"];
    }
}

impl AgeGroup {
    /// The group of a majority status.
    pub fn from_majority(m: super::MajorityStatus) -> AgeGroup {
        match m {
            super::MajorityStatus::Minor => AgeGroup::Children,
            super::MajorityStatus::Adult => AgeGroup::Adults,
        }
    }
}

vocab! {
    pub enum Dimension ("A dimension an indicator is broken down by. Each has its own code list; every dimension also takes `unknown` (a category of its own) and `total` (the margin over it).", htcds = []) {
        Sex = "sex", Exchange, "Sex (codes of Sex)", htcds [], ctdc [];
        AgeGroup = "age_group", Exchange, "Age group 0-17 / 18+ (codes of AgeGroup)", htcds [], ctdc [];
        AgeBand = "age_band", Exchange, "CTDC age band (codes of AgeBand)", htcds [], ctdc [];
        ExploitationType = "exploitation_type", Exchange, "Form of exploitation (codes of ExploitationType; multi-select)", htcds [], ctdc [];
        Citizenship = "citizenship", Exchange, "Citizenship (ISO 3166-1 alpha-2; multi-select)", htcds [], ctdc [];
        CountryOfExploitation = "country_of_exploitation", Exchange, "Country of exploitation (ISO 3166-1 alpha-2; multi-select)", htcds [], ctdc [];
        IdentificationChannel = "identification_channel", Exchange, "Identification channel (codes of IdentificationChannel)", htcds [], ctdc [];
        Year = "year", Exchange, "Calendar year, four digits", htcds [], ctdc [];
        Iccs = "iccs", Exchange, "ICCS code (codes of IccsCode)", htcds [], ctdc [];
        AgeStatus = "age_status", Exchange, "Adult or juvenile, for persons in the criminal-justice system (codes of AgeStatus; 1.1)", htcds [], ctdc [];
        TimeToFirstService = "time_to_first_service", Exchange, "Days from identification to the first service, by band (codes of ServiceDelayBand; 1.1)", htcds [], ctdc [];
        TipChannel = "tip_channel", Exchange, "Channel a tip came in by (codes of TipChannel; version 1.1)", htcds [], ctdc [];
        MinorsSuspected = "minors_suspected", Exchange, "Whether a tip suspects minors: yes or no (version 1.1)", htcds [], ctdc [];
    }
}

vocab! {
    pub enum DisclosureMethod ("A disclosure-control method applied to a published table.", htcds = []) {
        ThresholdSuppression = "threshold_suppression", Exchange, "Primary suppression of counts below the threshold", htcds [], ctdc [];
        SecondarySuppression = "secondary_suppression", Exchange, "Complementary suppression so that suppressed counts cannot be recomputed", htcds [], ctdc [];
        Rounding = "rounding", Exchange, "Deterministic rounding to the rounding base", htcds [], ctdc [];
        RandomRounding = "random_rounding", Exchange, "Unbiased random rounding to the rounding base", htcds [], ctdc [];
        KAnonymity = "k_anonymity", Exchange, "k-anonymized microdata (CTDC, k = 11)", htcds [], ctdc [];
        None = "none", Exchange, "No disclosure control (internal tables only)", htcds [], ctdc [];
    }
}
