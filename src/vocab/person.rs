//! Vocabularies of the subject's profile.

use super::vocab;

vocab! {
    pub enum Gender ("Gender of the person (HTCDS 2.0 prs_Gender). CTDC's `Transgender/NonConforming` maps to `non_conforming`.", htcds = ["prs_Gender"]) {
        Feminine = "feminine", Htcds, "Feminine", htcds ["Feminine"], ctdc ["Female"];
        Masculine = "masculine", Htcds, "Masculine", htcds ["Masculine"], ctdc ["Male"];
        TransgenderFeminine = "transgender_feminine", Htcds, "Transgender feminine", htcds ["TransgenderFeminine"], ctdc [];
        TransgenderMasculine = "transgender_masculine", Htcds, "Transgender masculine", htcds ["TransgenderMasculine"], ctdc [];
        NonConforming = "non_conforming", Htcds, "Non-conforming (CTDC merges transgender and non-conforming persons here)", htcds ["NonConforming"], ctdc ["Transgender/NonConforming"];
        NonSpecifiedUnknown = "non_specified_unknown", Htcds, "Not specified / unknown", htcds ["NonSpecifiedUnknown"], ctdc ["Unknown"];
    }
}

vocab! {
    pub enum EducationLevel ("Highest level of education completed, ISCED 2011 levels 0 to 8 (HTCDS 2.0 prs_HighestLevelOfEducation).", htcds = ["prs_HighestLevelOfEducation"]) {
        EarlyChildhoodEducation = "early_childhood_education", Htcds, "ISCED 0: early childhood education", htcds ["EarlyChildhoodEducation"], ctdc [];
        PrimaryEducation = "primary_education", Htcds, "ISCED 1: primary education", htcds ["PrimaryEducation"], ctdc [];
        LowerSecondaryEducation = "lower_secondary_education", Htcds, "ISCED 2: lower secondary education", htcds ["LowerSecondaryEducation"], ctdc [];
        UpperSecondaryEducation = "upper_secondary_education", Htcds, "ISCED 3: upper secondary education", htcds ["UpperSecondaryEducation"], ctdc [];
        PostSecondaryNonTertiaryEducation = "post_secondary_non_tertiary_education", Htcds, "ISCED 4: post-secondary non-tertiary education", htcds ["PostSecondaryNonTertiaryEducation"], ctdc [];
        ShortCycleTertiaryEducation = "short_cycle_tertiary_education", Htcds, "ISCED 5: short-cycle tertiary education", htcds ["ShortCycleTertiaryEducation"], ctdc [];
        BachelorsOrEquivalentLevel = "bachelors_or_equivalent_level", Htcds, "ISCED 6: bachelor's or equivalent level", htcds ["BachelorsOrEquivalentLevel"], ctdc [];
        MastersOrEquivalentLevel = "masters_or_equivalent_level", Htcds, "ISCED 7: master's or equivalent level", htcds ["MastersOrEquivalentLevel"], ctdc [];
        DoctoralOrEquivalentLevel = "doctoral_or_equivalent_level", Htcds, "ISCED 8: doctoral or equivalent level", htcds ["DoctoralOrEquivalentLevel"], ctdc [];
    }
}

impl EducationLevel {
    /// The ISCED 2011 level (0 to 8).
    pub fn isced_level(self) -> u8 {
        self as u8
    }
}

vocab! {
    pub enum AgeBand ("Age band of the CTDC global dataset (ageBroad), in completed years.", htcds = []) {
        Age0To8 = "0-8", Ctdc, "0 to 8 years", htcds [], ctdc ["0--8"];
        Age9To17 = "9-17", Ctdc, "9 to 17 years", htcds [], ctdc ["9--17"];
        Age18To20 = "18-20", Ctdc, "18 to 20 years", htcds [], ctdc ["18--20"];
        Age21To23 = "21-23", Ctdc, "21 to 23 years", htcds [], ctdc ["21--23"];
        Age24To26 = "24-26", Ctdc, "24 to 26 years", htcds [], ctdc ["24--26"];
        Age27To29 = "27-29", Ctdc, "27 to 29 years", htcds [], ctdc ["27--29"];
        Age30To38 = "30-38", Ctdc, "30 to 38 years", htcds [], ctdc ["30--38"];
        Age39To47 = "39-47", Ctdc, "39 to 47 years", htcds [], ctdc ["39--47"];
        Age48Plus = "48+", Ctdc, "48 years or more", htcds [], ctdc ["48+"];
    }
}

impl AgeBand {
    /// The band of an age in completed years.
    ///
    /// ```
    /// use ctip_exchange::vocab::AgeBand;
    /// assert_eq!(AgeBand::from_age(17), AgeBand::Age9To17);
    /// assert_eq!(AgeBand::from_age(18), AgeBand::Age18To20);
    /// assert_eq!(AgeBand::from_age(90), AgeBand::Age48Plus);
    /// ```
    pub fn from_age(age: u8) -> AgeBand {
        match age {
            0..=8 => AgeBand::Age0To8,
            9..=17 => AgeBand::Age9To17,
            18..=20 => AgeBand::Age18To20,
            21..=23 => AgeBand::Age21To23,
            24..=26 => AgeBand::Age24To26,
            27..=29 => AgeBand::Age27To29,
            30..=38 => AgeBand::Age30To38,
            39..=47 => AgeBand::Age39To47,
            _ => AgeBand::Age48Plus,
        }
    }

    /// The youngest and oldest age in the band (`None` for the open upper end).
    pub fn bounds(self) -> (u8, Option<u8>) {
        match self {
            AgeBand::Age0To8 => (0, Some(8)),
            AgeBand::Age9To17 => (9, Some(17)),
            AgeBand::Age18To20 => (18, Some(20)),
            AgeBand::Age21To23 => (21, Some(23)),
            AgeBand::Age24To26 => (24, Some(26)),
            AgeBand::Age27To29 => (27, Some(29)),
            AgeBand::Age30To38 => (30, Some(38)),
            AgeBand::Age39To47 => (39, Some(47)),
            AgeBand::Age48Plus => (48, None),
        }
    }

    /// True when `age` falls in the band.
    pub fn contains(self, age: u8) -> bool {
        AgeBand::from_age(age) == self
    }

    /// The majority status every age in the band has.
    pub fn majority(self) -> MajorityStatus {
        if self.bounds().0 < 18 {
            MajorityStatus::Minor
        } else {
            MajorityStatus::Adult
        }
    }
}

vocab! {
    pub enum MajorityStatus ("Whether the person is a minor (under 18) or an adult (CTDC majorityStatus; `Unknown` is written by leaving the field out).", htcds = []) {
        Minor = "minor", Ctdc, "Under 18 years", htcds [], ctdc ["Minor"];
        Adult = "adult", Ctdc, "18 years or more", htcds [], ctdc ["Adult"];
    }
}

impl MajorityStatus {
    /// The status of an age in completed years.
    pub fn from_age(age: u8) -> MajorityStatus {
        if age < 18 {
            MajorityStatus::Minor
        } else {
            MajorityStatus::Adult
        }
    }
}

vocab! {
    pub enum MigrantStatus ("Migration status of the person at identification (not an HTCDS field).", htcds = []) {
        National = "national", Exchange, "Citizen of the country of identification", htcds [], ctdc [];
        RegularMigrant = "regular_migrant", Exchange, "Migrant with a regular status", htcds [], ctdc [];
        IrregularMigrant = "irregular_migrant", Exchange, "Migrant with an irregular status", htcds [], ctdc [];
        AsylumSeekerOrRefugee = "asylum_seeker_or_refugee", Exchange, "Asylum seeker or refugee", htcds [], ctdc [];
        Stateless = "stateless", Exchange, "Stateless person", htcds [], ctdc [];
    }
}

vocab! {
    pub enum Vulnerability ("Vulnerability factors before trafficking (HTCDS 2.0 vic_Vulnerabilities).", htcds = ["vic_Vulnerabilities"]) {
        Addiction = "addiction", Htcds, "Addiction", htcds ["Addiction"], ctdc [];
        SocialGroup = "social_group", Htcds, "Social group", htcds ["SocialGroup"], ctdc [];
        Discrimination = "discrimination", Htcds, "Discrimination", htcds ["Discrimination"], ctdc [];
        Poverty = "poverty", Htcds, "Poverty", htcds ["Poverty"], ctdc [];
        DisabilityAndPhysicalHealth = "disability_and_physical_health", Htcds, "Disability and physical health", htcds ["DisabilityAndPhysicalHealth"], ctdc [];
        MentalHealth = "mental_health", Htcds, "Mental health", htcds ["MentalHealth"], ctdc [];
        Migration = "migration", Htcds, "Migration", htcds ["Migration"], ctdc [];
        Homelessness = "homelessness", Htcds, "Homelessness", htcds ["Homelessness"], ctdc [];
        AbuseSocialMedia = "abuse_social_media", Htcds, "Abuse on social media", htcds ["AbuseSocialMedia"], ctdc [];
        AbusePhysical = "abuse_physical", Htcds, "Physical abuse", htcds ["AbusePhysical"], ctdc [];
        Education = "education", Htcds, "Education", htcds ["Education"], ctdc [];
        WorkEnvironment = "work_environment", Htcds, "Work environment", htcds ["WorkEnvironment"], ctdc [];
    }
}
