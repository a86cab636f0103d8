//! Crosswalk tests: every HTCDS picklist value and every CTDC flag variable maps to exactly
//! one code, checked against the reference sheets.

use std::collections::BTreeMap;

use super::*;

/// One vocabulary, seen through the trait.
struct Info {
    name: &'static str,
    fields: &'static [&'static str],
    values: Vec<(
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        Origin,
    )>,
}

fn info<V: Vocabulary>() -> Info {
    Info {
        name: V::NAME,
        fields: V::HTCDS_FIELDS,
        values: V::ALL
            .iter()
            .map(|v| (v.code(), v.htcds_names(), v.ctdc_names(), v.origin()))
            .collect(),
    }
}

fn all() -> Vec<Info> {
    vec![
        info::<Gender>(),
        info::<EducationLevel>(),
        info::<AgeBand>(),
        info::<MajorityStatus>(),
        info::<MigrantStatus>(),
        info::<Vulnerability>(),
        info::<TraffickingStatus>(),
        info::<DecisionMakingOrg>(),
        info::<RelationshipToTrafficker>(),
        info::<OnlinePlatform>(),
        info::<RecruitmentMethod>(),
        info::<MeansOfControl>(),
        info::<ExploitationType>(),
        info::<LabourIndustry>(),
        info::<SexualExploitationType>(),
        info::<EventType>(),
        info::<PerpetratorRole>(),
        info::<IdentificationChannel>(),
        info::<CaseStatus>(),
        info::<ClosureReason>(),
        info::<ServiceType>(),
        info::<AssistanceStatus>(),
        info::<InvestigationStatus>(),
        info::<ProsecutionStatus>(),
        info::<IccsCode>(),
        info::<VictimParticipation>(),
        info::<ConsentPurpose>(),
        info::<ConsentStatus>(),
        info::<OrganizationType>(),
        info::<ReferralReason>(),
        info::<ReferralStatus>(),
        info::<Urgency>(),
        info::<SafetyRisk>(),
        info::<ConsentOverrideReason>(),
        info::<SpecialNeed>(),
        info::<IndicatorKind>(),
        info::<Unit>(),
        info::<Sex>(),
        info::<AgeGroup>(),
        info::<Dimension>(),
        info::<DisclosureMethod>(),
        info::<ProceedingEventKind>(),
        info::<CourtLevel>(),
        info::<ChargeOutcome>(),
        info::<SentenceType>(),
        info::<ProtectiveMeasure>(),
        info::<AgeStatus>(),
        info::<ServiceDelayBand>(),
        info::<TipChannel>(),
        info::<TipRoutingStatus>(),
        info::<TipOutcomeKind>(),
    ]
}

/// HTCDS picklists the exchange does not carry as a vocabulary, and why.
const HTCDS_EXCLUDED: &[(&str, &str)] = &[
    (
        "prs_MaritalStatus",
        "a quasi-identifier that no exchange purpose needs",
    ),
    ("prs_PrimaryLanguage", "ISO 639 codes: LanguageCode"),
    ("prs_SecondaryLanguage", "ISO 639 codes: LanguageCode"),
    ("prs_Citizenship", "ISO 3166-1 codes: Country"),
    (
        "prs_MailingCountry",
        "part of a postal address, a direct identifier",
    ),
    (
        "org_ShippingCountry",
        "organization address; organizations are referred to by OrgId",
    ),
    (
        "org_ShippingState",
        "organization address; organizations are referred to by OrgId",
    ),
];

/// CTDC flag variables that map to no code, and why.
const CTDC_UNMAPPED: &[(&str, &str)] = &[
    (
        "meansOfControlNotSpecified",
        "control by means not recorded: no value to record",
    ),
    (
        "typeOfLabourNotSpecified",
        "forced labour in an industry not recorded: no value to record",
    ),
    (
        "isSexAndLabour",
        "derived: both isSexualExploit and isForcedLabour are set",
    ),
    (
        "recruiterRelationUnknown",
        "a missing marker: leave the field out",
    ),
];

/// CTDC flag variables that map to a yes/no field of the case rather than to a code.
const CTDC_TO_FIELD: &[(&str, &str)] = &[("isAbduction", "/trafficking/abducted")];

/// The HTCDS field sheet: picklist fields and their value names.
fn htcds_picklists() -> BTreeMap<String, Vec<String>> {
    let text = include_str!("../../tests/data/reference/field-standards-2.0.csv");
    let mut out = BTreeMap::new();
    for row in parse_csv(text).into_iter().skip(1) {
        if row.len() < 10 || !row[7].contains("Picklist") {
            continue;
        }
        let values: Vec<String> = row[9]
            .split(['\n', ';'])
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty() && !v.starts_with("Use ISO"))
            .collect();
        out.insert(row[6].trim().to_owned(), values);
    }
    out
}

/// A small RFC 4180 reader: quoted fields may hold commas, quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn every_htcds_picklist_value_maps_to_exactly_one_code() {
    let vocabs = all();
    let picklists = htcds_picklists();
    assert!(picklists.len() >= 25, "the field sheet was not read");
    let mut checked = 0;
    for (field, values) in &picklists {
        let owners: Vec<&Info> = vocabs
            .iter()
            .filter(|v| v.fields.contains(&field.as_str()))
            .collect();
        if owners.is_empty() {
            assert!(
                HTCDS_EXCLUDED.iter().any(|(f, _)| f == field),
                "HTCDS picklist {field} is neither carried by a vocabulary nor excluded with a reason"
            );
            continue;
        }
        assert_eq!(
            owners.len(),
            1,
            "{field} is carried by several vocabularies"
        );
        let vocab = owners[0];
        for value in values {
            let hits: Vec<&str> = vocab
                .values
                .iter()
                .filter(|(_, h, _, _)| h.contains(&value.as_str()))
                .map(|(c, ..)| *c)
                .collect();
            assert_eq!(
                hits.len(),
                1,
                "HTCDS {field} value {value:?} maps to {hits:?} in {}",
                vocab.name
            );
            checked += 1;
        }
        // and the other way: every HTCDS name the vocabulary claims is in the sheet
        // (or is a documented corrected spelling of one)
        for (code, names, _, origin) in &vocab.values {
            for name in *names {
                assert!(
                    values.contains(&name.to_string()) || *name == "Unacquainted",
                    "{}::{code} claims HTCDS name {name:?}, which {field} does not have",
                    vocab.name
                );
            }
            assert_eq!(
                *origin == Origin::Htcds,
                !names.is_empty(),
                "{}::{code}: origin and HTCDS names disagree",
                vocab.name
            );
        }
    }
    assert!(checked >= 150, "only {checked} HTCDS values checked");
}

#[test]
fn every_ctdc_flag_maps_to_exactly_one_code() {
    let vocabs = all();
    let text = include_str!("../../tests/data/reference/global-dataset-dictionary-2018.csv");
    let flags: Vec<String> = parse_csv(text)
        .into_iter()
        .skip(1)
        .filter(|r| r.len() > 1 && (r[1] == "Bool" || r[0].starts_with("recruiterRelation")))
        .map(|r| r[0].clone())
        .collect();
    assert!(
        flags.len() >= 40,
        "the dictionary was not read: {}",
        flags.len()
    );
    for flag in &flags {
        let hits: Vec<String> = vocabs
            .iter()
            .flat_map(|v| {
                v.values
                    .iter()
                    .filter(|(_, _, c, _)| c.contains(&flag.as_str()))
                    .map(move |(code, ..)| format!("{}::{code}", v.name))
            })
            .collect();
        if CTDC_UNMAPPED
            .iter()
            .chain(CTDC_TO_FIELD)
            .any(|(f, _)| f == flag)
        {
            assert!(
                hits.is_empty(),
                "{flag} is listed as unmapped but maps to {hits:?}"
            );
        } else {
            assert_eq!(hits.len(), 1, "CTDC flag {flag} maps to {hits:?}");
        }
    }
}

#[test]
fn ctdc_lookup_codes_map() {
    for (ctdc, gender) in [
        ("Female", Gender::Feminine),
        ("Male", Gender::Masculine),
        ("Transgender/NonConforming", Gender::NonConforming),
        ("Unknown", Gender::NonSpecifiedUnknown),
    ] {
        assert_eq!(Gender::from_ctdc(ctdc), Some(gender));
    }
    for band in [
        "0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+",
    ] {
        assert!(AgeBand::from_ctdc(band).is_some(), "{band}");
    }
    assert_eq!(
        MajorityStatus::from_ctdc("Minor"),
        Some(MajorityStatus::Minor)
    );
    assert_eq!(
        MajorityStatus::from_ctdc("Adult"),
        Some(MajorityStatus::Adult)
    );
    assert_eq!(MajorityStatus::from_ctdc("Unknown"), None);
}

#[test]
fn codes_are_snake_case_unique_and_round_trip() {
    for vocab in all() {
        let mut seen = std::collections::HashSet::new();
        for (code, ..) in &vocab.values {
            assert!(seen.insert(*code), "{}: {code} twice", vocab.name);
            let ok = code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-+".contains(&b));
            assert!(ok, "{}: {code} is not snake_case", vocab.name);
        }
    }
    for v in MeansOfControl::ALL {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(&serde_json::from_str::<MeansOfControl>(&json).unwrap(), v);
    }
}

#[test]
fn service_delay_bands_cover_every_delay_once() {
    let bounds = [(0, 7), (8, 30), (31, 90), (91, u32::MAX)];
    for (band, (lo, hi)) in ServiceDelayBand::ALL.iter().zip(bounds) {
        assert_eq!(ServiceDelayBand::from_days(lo), *band);
        assert_eq!(ServiceDelayBand::from_days(hi), *band);
        if lo > 0 {
            assert_ne!(ServiceDelayBand::from_days(lo - 1), *band);
        }
    }
}

#[test]
fn age_bands_cover_every_age_once() {
    for age in 0..=120u8 {
        let bands: Vec<_> = AgeBand::ALL.iter().filter(|b| b.contains(age)).collect();
        assert_eq!(bands.len(), 1, "{age}");
        assert_eq!(
            AgeBand::from_age(age).majority(),
            MajorityStatus::from_age(age)
        );
    }
}

#[test]
fn referral_transitions_reach_only_forward() {
    use ReferralStatus::*;
    for s in ReferralStatus::ALL {
        assert_eq!(s.is_final(), s.successors().is_empty(), "{s}");
        assert!(!s.can_move_to(*s), "{s} to itself");
        assert!(!s.can_move_to(Requested));
    }
    assert!(
        Requested.can_move_to(Received)
            && Received.can_move_to(Accepted)
            && Accepted.can_move_to(InProgress)
    );
    assert!(InProgress.can_move_to(Completed) && !Rejected.can_move_to(Accepted));
}

#[test]
fn unknown_codes_are_rejected_without_echo() {
    let err = serde_json::from_str::<Gender>("\"Femal-SECRET\"")
        .unwrap_err()
        .to_string();
    assert!(!err.contains("SECRET"), "{err}");
    assert!(err.contains("feminine"), "{err}");
}
