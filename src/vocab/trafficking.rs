//! Vocabularies of the trafficking facts.

use super::vocab;

vocab! {
    pub enum TraffickingStatus ("Whether the person is a victim of trafficking, as decided by an organization (HTCDS 2.0 vic_TraffickingStatus).", htcds = ["vic_TraffickingStatus"]) {
        PossibleVictimOfTrafficking = "possible_victim_of_trafficking", Htcds, "Possible (presumed) victim of trafficking", htcds ["PossibleVictimOfTrafficking"], ctdc [];
        ActualVictimOfTrafficking = "actual_victim_of_trafficking", Htcds, "Actual (formally identified) victim of trafficking", htcds ["ActualVictimOfTrafficking"], ctdc [];
        NotAVictimOfTrafficking = "not_a_victim_of_trafficking", Htcds, "Not a victim of trafficking", htcds ["NotAVictimOfTrafficking"], ctdc [];
    }
}

vocab! {
    pub enum DecisionMakingOrg ("Kind of organization that decided the trafficking status (HTCDS 2.0 vic_TraffickingStatusDecisionMakingOrg; the Excel toolkit spells the column vic_TraffickinStatusDecisionMakingOrg).", htcds = ["vic_TraffickingStatusDecisionMakingOrg"]) {
        Police = "police", Htcds, "Police", htcds ["Police"], ctdc [];
        Ngo = "ngo", Htcds, "Non-governmental organization", htcds ["NGO"], ctdc [];
        CourtOrProsecution = "court_or_prosecution", Htcds, "Court or prosecution", htcds ["CourtOrProsecution"], ctdc [];
        NonPoliceGovernmentalOrganization = "non_police_governmental_organization", Htcds, "Governmental organization other than the police", htcds ["NonPoliceGovernmentalOrganization"], ctdc [];
        Other = "other", Htcds, "Other", htcds ["Other"], ctdc [];
    }
}

vocab! {
    pub enum RelationshipToTrafficker ("Relationship of the person to the trafficker or recruiter (HTCDS 2.0 vic_RelationshipToTrafficker; CTDC recruiterRelation* flags). `intimate_partner` and `other` come from CTDC only; HTCDS spells `Unaquainted`. CTDC recruiterRelationUnknown is a missing marker: leave the field out.", htcds = ["vic_RelationshipToTrafficker"]) {
        Familial = "familial", Htcds, "Family member", htcds ["Familial"], ctdc ["recruiterRelationFamily", "Family"];
        Acquainted = "acquainted", Htcds, "Acquainted (friend, acquaintance)", htcds ["Acquainted"], ctdc ["recruiterRelationFriend", "Friend"];
        Unacquainted = "unacquainted", Htcds, "Not acquainted", htcds ["Unaquainted", "Unacquainted"], ctdc [];
        IntimatePartner = "intimate_partner", Ctdc, "Intimate partner (CTDC only; HTCDS counts it as familial or acquainted)", htcds [], ctdc ["recruiterRelationIntimatePartner", "Intimate Partner", "IntimatePartner"];
        Other = "other", Ctdc, "Other relationship (CTDC only)", htcds [], ctdc ["recruiterRelationOther", "Other"];
    }
}

vocab! {
    pub enum OnlinePlatform ("Online platform or app used in recruitment or in exploitation (HTCDS 2.0 vic_RecruitmentWebsitesAndApps and vic_ExploitationWebsitesAndApps). Records name the platform only, never a URL, handle or account name.", htcds = ["vic_RecruitmentWebsitesAndApps", "vic_ExploitationWebsitesAndApps"]) {
        Facebook = "facebook", Htcds, "Facebook", htcds ["Facebook"], ctdc [];
        Instagram = "instagram", Htcds, "Instagram", htcds ["Instagram"], ctdc [];
        Whatsapp = "whatsapp", Htcds, "WhatsApp", htcds ["WhatsApp"], ctdc [];
        Telegram = "telegram", Htcds, "Telegram", htcds ["Telegram"], ctdc [];
        FacebookMessenger = "facebook_messenger", Htcds, "Facebook Messenger", htcds ["FacebookMessenger"], ctdc [];
        Viber = "viber", Htcds, "Viber", htcds ["Viber"], ctdc [];
        Snapchat = "snapchat", Htcds, "Snapchat", htcds ["SnapChat"], ctdc [];
        Line = "line", Htcds, "LINE", htcds ["Line"], ctdc [];
        FourSale = "4sale", Htcds, "4Sale", htcds ["4Sale"], ctdc [];
        Wechat = "wechat", Htcds, "WeChat", htcds ["WeChat"], ctdc [];
        Qq = "qq", Htcds, "QQ", htcds ["QQ"], ctdc [];
        Qzone = "qzone", Htcds, "Qzone", htcds ["QZone"], ctdc [];
        Tiktok = "tiktok", Htcds, "TikTok", htcds ["TikTok"], ctdc [];
        Twitter = "twitter", Htcds, "Twitter / X", htcds ["Twitter"], ctdc [];
        Other = "other", Htcds, "Other platform", htcds ["Other"], ctdc [];
    }
}

vocab! {
    pub enum RecruitmentMethod ("How the person was recruited (HTCDS 2.0 vic_MethodOfRecruitment).", htcds = ["vic_MethodOfRecruitment"]) {
        AtAPlaceOfBusiness = "at_a_place_of_business", Htcds, "At a place of business", htcds ["AtAPlaceOfBusiness"], ctdc [];
        AtAnEducationalInstitution = "at_an_educational_institution", Htcds, "At an educational institution", htcds ["AtAnEducationalInstitution"], ctdc [];
        AtWork = "at_work", Htcds, "At work", htcds ["AtWork"], ctdc [];
        ThroughOnlineSocialNetworks = "through_online_social_networks", Htcds, "Through online social networks", htcds ["ThroughOnlineSocialNetworks"], ctdc [];
        ThroughAnOnlineAdvertisement = "through_an_online_advertisement", Htcds, "Through an online advertisement", htcds ["ThroughAnOnlineAdvertisement"], ctdc [];
        ThroughATelevisionAdvert = "through_a_television_advert", Htcds, "Through a television advert", htcds ["ThroughATelevisionAdvert"], ctdc [];
        ThroughANewspaperAdvert = "through_a_newspaper_advert", Htcds, "Through a newspaper advert", htcds ["ThroughANewspaperAdvert"], ctdc [];
        ThroughFamilyOrFamilyEvents = "through_family_or_family_events", Htcds, "Through family or family events", htcds ["ThroughFamilyOrFamilyEvents"], ctdc [];
        ThroughFriendsOrSocialEvents = "through_friends_or_social_events", Htcds, "Through friends or social events", htcds ["ThroughFriendsOrSocialEvents"], ctdc [];
        Other = "other", Htcds, "Other", htcds ["Other"], ctdc [];
    }
}

vocab! {
    pub enum MeansOfControl ("Means by which the trafficker controlled the person (HTCDS 2.0 vic_MethodsOfControl; CTDC meansOfControl* flags). `restricts_movement` and `uses_children` come from CTDC only. CTDC meansOfControlNotSpecified says control was exercised by means not recorded: it maps to no value.", htcds = ["vic_MethodsOfControl"]) {
        PhysicalThreats = "physical_threats", Htcds, "Physical threats", htcds ["PhysicalThreats"], ctdc ["meansOfControlThreats", "Threats"];
        ThreatsLawEnforcement = "threats_law_enforcement", Htcds, "Threats of law enforcement", htcds ["ThreatsLawEnforcement"], ctdc ["meansOfControlThreatOfLawEnforcement", "Threat of law enforcement"];
        ThreatensChildrenFamily = "threatens_children_family", Htcds, "Threatens children or family", htcds ["ThreatensChildrenFamily"], ctdc [];
        DebtBondage = "debt_bondage", Htcds, "Debt bondage", htcds ["DebtBondage"], ctdc ["meansOfControlDebtBondage", "Debt bondage"];
        FalsePromises = "false_promises", Htcds, "False promises", htcds ["FalsePromises"], ctdc ["meansOfControlFalsePromises", "False promises"];
        PhysicalAbuse = "physical_abuse", Htcds, "Physical abuse", htcds ["PhysicalAbuse"], ctdc ["meansOfControlPhysicalAbuse", "Physical abuse"];
        SexualAbuse = "sexual_abuse", Htcds, "Sexual abuse", htcds ["SexualAbuse"], ctdc ["meansOfControlSexualAbuse", "Sexual abuse"];
        TakesEarnings = "takes_earnings", Htcds, "Takes earnings", htcds ["TakesEarnings"], ctdc ["meansOfControlTakesEarnings", "Takes earnings"];
        RestrictsFinancialAccess = "restricts_financial_access", Htcds, "Restricts financial access", htcds ["RestrictsFinancialAccess"], ctdc ["meansOfControlRestrictsFinancialAccess", "Restricts financial access"];
        RestrictsMedicalCare = "restricts_medical_care", Htcds, "Restricts medical care", htcds ["RestrictsMedicalCare"], ctdc ["meansOfControlRestrictsMedicalCare", "Restricts medical care"];
        WithholdsNecessities = "withholds_necessities", Htcds, "Withholds necessities", htcds ["WithholdsNecessities"], ctdc ["meansOfControlWithholdsNecessities", "Withholds necessities"];
        PsychologicalAbuse = "psychological_abuse", Htcds, "Psychological abuse", htcds ["PsychologicalAbuse"], ctdc ["meansOfControlPsychologicalAbuse", "Psychological abuse"];
        PsychoactiveSubstance = "psychoactive_substance", Htcds, "Psychoactive substances", htcds ["PsychoactiveSubstance"], ctdc ["meansOfControlPsychoactiveSubstances", "Psychoactive substances"];
        ExcessiveWorkingHours = "excessive_working_hours", Htcds, "Excessive working hours", htcds ["ExcessiveWorkingHours"], ctdc ["meansOfControlExcessiveWorkingHours", "Excessive working hours"];
        WithholdsDocuments = "withholds_documents", Htcds, "Withholds documents", htcds ["WithholdsDocuments"], ctdc ["meansOfControlWithholdsDocuments", "Withholds documents"];
        RestrictsMovement = "restricts_movement", Ctdc, "Restricts movement (CTDC only)", htcds [], ctdc ["meansOfControlRestrictsMovement", "Restricts movement"];
        UsesChildren = "uses_children", Ctdc, "Uses the person's children (CTDC only)", htcds [], ctdc ["meansOfControlUsesChildren", "Uses children"];
        Other = "other", Htcds, "Other", htcds ["Other"], ctdc ["meansOfControlOther"];
    }
}

vocab! {
    pub enum ExploitationType ("Form of exploitation (HTCDS 2.0 vic_TypeOfExploitation; CTDC is* flags). A person may be exploited in several forms: a multi-select value. `forced_criminality` (CTDC typeOfLabourIllicitActivities, UNODC's forced criminal activity) is not an HTCDS value. CTDC isSexAndLabour is derived from two other flags and maps to no value.", htcds = ["vic_TypeOfExploitation"]) {
        ForcedLabour = "forced_labour", Htcds, "Forced labour", htcds ["ForcedLabour"], ctdc ["isForcedLabour"];
        SexualExploitation = "sexual_exploitation", Htcds, "Sexual exploitation", htcds ["SexualExploitation"], ctdc ["isSexualExploit"];
        ChildLabour = "child_labour", Htcds, "Child labour", htcds ["ChildLabour"], ctdc [];
        ForcedMarriage = "forced_marriage", Htcds, "Forced marriage", htcds ["ForcedMarriage"], ctdc ["isForcedMarriage"];
        Servitude = "servitude", Htcds, "Servitude", htcds ["Servitude"], ctdc [];
        ForcedMilitaryByNonStateActors = "forced_military_by_non_state_actors", Htcds, "Forced military service by non-state actors", htcds ["ForcedMilitaryByNonStateActors"], ctdc ["isForcedMilitary"];
        OrganRemoval = "organ_removal", Htcds, "Organ removal", htcds ["OrganRemoval"], ctdc ["isOrganRemoval"];
        ForcedBegging = "forced_begging", Htcds, "Forced begging", htcds ["ForcedBegging"], ctdc ["typeOfLabourBegging"];
        ForcedAdoption = "forced_adoption", Htcds, "Forced adoption", htcds ["ForcedAdoption"], ctdc [];
        Surrogacy = "surrogacy", Htcds, "Forced surrogacy", htcds ["Surrogacy"], ctdc [];
        ForcedCriminality = "forced_criminality", Ctdc, "Forced criminal activity (CTDC typeOfLabourIllicitActivities; not an HTCDS value)", htcds [], ctdc ["typeOfLabourIllicitActivities"];
        Other = "other", Htcds, "Other", htcds ["Other"], ctdc ["isOtherExploit"];
    }
}

impl ExploitationType {
    /// The ICCS 2015 code for trafficking in persons for this form of exploitation:
    /// 02041 sexual exploitation, 02042 forced labour or services, 02043 organ removal,
    /// 02044 other purposes.
    pub fn iccs(self) -> super::IccsCode {
        use super::IccsCode;
        match self {
            ExploitationType::SexualExploitation => IccsCode::SexualExploitation,
            ExploitationType::ForcedLabour
            | ExploitationType::ChildLabour
            | ExploitationType::Servitude
            | ExploitationType::ForcedBegging
            | ExploitationType::ForcedCriminality => IccsCode::ForcedLabour,
            ExploitationType::OrganRemoval => IccsCode::OrganRemoval,
            _ => IccsCode::OtherPurposes,
        }
    }
}

vocab! {
    pub enum LabourIndustry ("Industry of forced labour, as an ISIC Rev. 4 section (HTCDS 2.0 vic_ForcedLabourIndustry; CTDC typeOfLabour* flags). `other` comes from CTDC. CTDC typeOfLabourBegging and typeOfLabourIllicitActivities are forms of exploitation (forced_begging, forced_criminality); typeOfLabourNotSpecified maps to no value.", htcds = ["vic_ForcedLabourIndustry"]) {
        AAgricultureForestryAndFishing = "a_agriculture_forestry_and_fishing", Htcds, "A: agriculture, forestry and fishing", htcds ["A_AgricultureForestryAndFishing"], ctdc ["typeOfLabourAgriculture", "typeOfLabourAquafarming"];
        BMiningAndQuarrying = "b_mining_and_quarrying", Htcds, "B: mining and quarrying", htcds ["B_MiningAndQuarrying"], ctdc ["typeOfLabourMiningOrDrilling"];
        CManufacturing = "c_manufacturing", Htcds, "C: manufacturing", htcds ["C_Manufacturing"], ctdc ["typeOfLabourManufacturing"];
        DElectricityGasSteamAndAirConditioningSupply = "d_electricity_gas_steam_and_air_conditioning_supply", Htcds, "D: electricity, gas, steam and air conditioning supply", htcds ["D_ElectricityGasSteamAndAirConditioningSupply"], ctdc [];
        EWaterSupplySewerageWasteManagement = "e_water_supply_sewerage_waste_management", Htcds, "E: water supply; sewerage, waste management and remediation", htcds ["E_WaterSupplySewerageWasteManagement"], ctdc [];
        FConstruction = "f_construction", Htcds, "F: construction", htcds ["F_Construction"], ctdc ["typeOfLabourConstruction"];
        GWholesaleAndRetailTradeRepairOfMotorVehicles = "g_wholesale_and_retail_trade_repair_of_motor_vehicles", Htcds, "G: wholesale and retail trade; repair of motor vehicles (CTDC peddling)", htcds ["G_WholesaleAndRetailTradeRepairOfMotorVehicles"], ctdc ["typeOfLabourPeddling"];
        HTransportationAndStorage = "h_transportation_and_storage", Htcds, "H: transportation and storage", htcds ["H_TransportationAndStorage"], ctdc ["typeOfLabourTransportation"];
        IAccommodationAndFoodServiceActivities = "i_accommodation_and_food_service_activities", Htcds, "I: accommodation and food service activities (CTDC hospitality)", htcds ["I_AccommodationAndFoodServiceActivities"], ctdc ["typeOfLabourHospitality"];
        JInformationAndCommunication = "j_information_and_communication", Htcds, "J: information and communication", htcds ["J_InformationAndCommunication"], ctdc [];
        KFinancialAndInsuranceActivities = "k_financial_and_insurance_activities", Htcds, "K: financial and insurance activities", htcds ["K_FinancialAndInsuranceActivities"], ctdc [];
        LRealEstateActivities = "l_real_estate_activities", Htcds, "L: real estate activities", htcds ["L_RealEstateActivities"], ctdc [];
        MProfessionalScientificAndTechnicalActivities = "m_professional_scientific_and_technical_activities", Htcds, "M: professional, scientific and technical activities", htcds ["M_ProfessionalScientificAndTechnicalActivities"], ctdc [];
        NAdministrativeAndSupportServiceActivities = "n_administrative_and_support_service_activities", Htcds, "N: administrative and support service activities", htcds ["N_AdministrativeAndSupportServiceActivities"], ctdc [];
        OPublicAdministrationAndDefence = "o_public_administration_and_defence", Htcds, "O: public administration and defence; compulsory social security", htcds ["O_PublicAdministrationAndDefence"], ctdc [];
        PEducation = "p_education", Htcds, "P: education", htcds ["P_Education"], ctdc [];
        QHumanHealthAndSocialWorkActivities = "q_human_health_and_social_work_activities", Htcds, "Q: human health and social work activities", htcds ["Q_HumanHealthAndSocialWorkActivities"], ctdc [];
        RArtsEntertainmentAndRecreation = "r_arts_entertainment_and_recreation", Htcds, "R: arts, entertainment and recreation", htcds ["R_ArtsEntertainmentAndRecreation"], ctdc [];
        SOtherServiceActivities = "s_other_service_activities", Htcds, "S: other service activities", htcds ["S_OtherServiceActivities"], ctdc [];
        TActivitiesOfHouseholdsAsEmployers = "t_activities_of_households_as_employers", Htcds, "T: activities of households as employers (CTDC domestic work)", htcds ["T_ActivitiesOfHouseholdsAsEmployers"], ctdc ["typeOfLabourDomesticWork"];
        UActivitiesOfExtraterritorialOrganizations = "u_activities_of_extraterritorial_organizations", Htcds, "U: activities of extraterritorial organizations and bodies", htcds ["U_ActivitiesOfExtraterritorialOrganizations"], ctdc [];
        Other = "other", Ctdc, "Other industry (CTDC only)", htcds [], ctdc ["typeOfLabourOther"];
    }
}

vocab! {
    pub enum SexualExploitationType ("Type of sexual exploitation (HTCDS 2.0 vic_TypeOfSexExploitation; CTDC typeOfSex* flags).", htcds = ["vic_TypeOfSexExploitation"]) {
        Prostitution = "prostitution", Htcds, "Prostitution", htcds ["Prostitution"], ctdc ["typeOfSexProstitution"];
        Pornography = "pornography", Htcds, "Pornography", htcds ["Pornography"], ctdc ["typeOfSexPornography"];
        RemoteInteractiveServices = "remote_interactive_services", Htcds, "Remote interactive services", htcds ["RemoteInteractiveServices"], ctdc ["typeOfSexRemoteInteractiveServices"];
        PrivateSexualServices = "private_sexual_services", Htcds, "Private sexual services", htcds ["PrivateSexualServices"], ctdc ["typeOfSexPrivateSexualServices"];
    }
}

vocab! {
    pub enum EventType ("Kind of trafficking event (HTCDS 2.0 hte_Type).", htcds = ["hte_Type"]) {
        Recruitment = "recruitment", Htcds, "Recruitment", htcds ["Recruitment"], ctdc [];
        Transit = "transit", Htcds, "Transit", htcds ["Transit"], ctdc [];
        Exploitation = "exploitation", Htcds, "Exploitation", htcds ["Exploitation"], ctdc [];
    }
}

vocab! {
    pub enum PerpetratorRole ("Role of a perpetrator in the trafficking process (HTCDS 2.0 per_RoleInProcess).", htcds = ["per_RoleInProcess"]) {
        TravellingPartner = "travelling_partner", Htcds, "Travelling partner", htcds ["TravellingPartner"], ctdc [];
        Transporter = "transporter", Htcds, "Transporter", htcds ["Transporter"], ctdc [];
        RecruiterOrIntermediary = "recruiter_or_intermediary", Htcds, "Recruiter or intermediary", htcds ["RecruiterOrIntermediary"], ctdc [];
        BrokerTravelAgent = "broker_travel_agent", Htcds, "Broker or travel agent", htcds ["BrokerTravelAgent"], ctdc [];
        TransferredIndividual = "transferred_individual", Htcds, "Transferred the individual", htcds ["TransferredIndividual"], ctdc [];
        HarbouredIndividual = "harboured_individual", Htcds, "Harboured the individual", htcds ["HarbouredIndividual"], ctdc [];
        SoldIndividual = "sold_individual", Htcds, "Sold the individual", htcds ["SoldIndividual"], ctdc [];
        BoughtIndividual = "bought_individual", Htcds, "Bought the individual", htcds ["BoughtIndividual"], ctdc [];
        ReceivedIndividual = "received_individual", Htcds, "Received the individual", htcds ["ReceivedIndividual"], ctdc [];
        ControlledIndividual = "controlled_individual", Htcds, "Controlled the individual", htcds ["ControlledIndividual"], ctdc [];
        Smuggler = "smuggler", Htcds, "Smuggler", htcds ["Smuggler"], ctdc [];
        Abuser = "abuser", Htcds, "Abuser", htcds ["Abuser"], ctdc [];
        Kidnapper = "kidnapper", Htcds, "Kidnapper", htcds ["Kidnapper"], ctdc [];
        Exploiter = "exploiter", Htcds, "Exploiter", htcds ["Exploiter"], ctdc [];
        Other = "other", Htcds, "Other", htcds ["Other"], ctdc [];
    }
}

vocab! {
    pub enum IdentificationChannel ("How the person came to be identified (not an HTCDS field).", htcds = []) {
        SelfReferral = "self_referral", Exchange, "The person came forward", htcds [], ctdc [];
        Hotline = "hotline", Exchange, "Hotline or helpline call", htcds [], ctdc [];
        LawEnforcement = "law_enforcement", Exchange, "Police operation or investigation", htcds [], ctdc [];
        LabourInspection = "labour_inspection", Exchange, "Labour inspection", htcds [], ctdc [];
        BorderOrImmigration = "border_or_immigration", Exchange, "Border or immigration screening", htcds [], ctdc [];
        NgoOutreach = "ngo_outreach", Exchange, "NGO or international organization outreach or case management", htcds [], ctdc [];
        HealthOrSocialServices = "health_or_social_services", Exchange, "Health or social services", htcds [], ctdc [];
        CommunityMember = "community_member", Exchange, "Report by a community member, family or employer", htcds [], ctdc [];
        Other = "other", Exchange, "Other", htcds [], ctdc [];
    }
}
