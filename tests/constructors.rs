//! The constructors of the records and their parts, used as an embedder uses them: from
//! outside the crate, where the `#[non_exhaustive]` structs cannot be built with literals.

use ctip_exchange::case::*;
use ctip_exchange::referral::*;
use ctip_exchange::types::NonEmptyList;
use ctip_exchange::vocab::*;

#[test]
fn constructors_give_records_that_round_trip() {
    let mut case = Case::new(
        "case-1".parse().unwrap(),
        "tt.gov.mns".parse().unwrap(),
        "2025-01-15T12:00:00Z".parse().unwrap(),
    );
    assert_eq!(case.subject, Subject::default());
    case.consents.push(Consent::new(
        ConsentPurpose::Referral,
        ConsentStatus::Granted,
        "2025-01".parse().unwrap(),
    ));
    let json = serde_json::to_string(&case).unwrap();
    assert_eq!(
        json,
        r#"{"record_type":"case","schema_version":"1.1","id":"case-1","producer":"tt.gov.mns","created_at":"2025-01-15T12:00:00Z","subject":{},"consents":[{"purpose":"referral","status":"granted","decided_on":"2025-01"}]}"#
    );
    let back =
        ctip_exchange::Record::from_slice(json.as_bytes(), &ctip_exchange::Limits::default())
            .unwrap();
    assert_eq!(back, ctip_exchange::Record::from(case));
}

#[test]
fn for_case_copies_the_summary_and_passes_validation() {
    let mut case = Case::new(
        "case-1".parse().unwrap(),
        "tt.gov.mns".parse().unwrap(),
        "2025-01-15T12:00:00Z".parse().unwrap(),
    );
    case.subject.gender = Some(Gender::Feminine);
    case.subject.age_band = Some(AgeBand::from_age(30));
    case.subject.majority = Some(MajorityStatus::from_age(30));
    case.subject.languages.insert("es".parse().unwrap());
    case.subject.birth_date = Some("1995".parse().unwrap());
    let to = Party::new("tt.ngo.shelter".parse().unwrap(), OrganizationType::Ngo);
    let mut consent = Consent::new(
        ConsentPurpose::Referral,
        ConsentStatus::Granted,
        "2025-01".parse().unwrap(),
    );
    consent.organizations.insert(to.org.clone());
    case.consents.push(consent.clone());
    let referral = Referral::for_case(
        &case,
        &consent,
        "ref-1".parse().unwrap(),
        "2025-01-16T09:00:00Z".parse().unwrap(),
        OrganizationType::CentralGovernmentOrganisation,
        to.clone(),
        NonEmptyList::new(vec![ServiceType::Shelter]).unwrap(),
        ReferralReason::AdditionalServicesRequired,
        Urgency::Routine,
    );
    assert_eq!(referral.case_ref, case.id);
    assert_eq!(referral.producer, case.producer);
    assert_eq!(referral.from.org, case.producer);
    assert_eq!(referral.to, to);
    assert_eq!(referral.consent, ConsentBasis::Consent(consent));
    assert_eq!(referral.subject.gender, case.subject.gender);
    assert_eq!(referral.subject.age_band, case.subject.age_band);
    assert_eq!(referral.subject.majority, case.subject.majority);
    assert_eq!(referral.subject.languages, case.subject.languages);
    assert_eq!(referral.status, ReferralStatus::Requested);
    assert_eq!(referral.requested_at(), referral.created_at);
    // the birth date is not copied: the summary has no such field
    let json = serde_json::to_string(&referral).unwrap();
    assert!(!json.contains("1995"), "{json}");
    let options =
        ctip_exchange::validate::ValidationOptions::at("2025-02-01T00:00:00Z".parse().unwrap());
    let (record, report) = ctip_exchange::validate_slice(json.as_bytes(), &options);
    assert_eq!(record, Some(ctip_exchange::Record::from(referral)));
    assert!(report.is_valid(), "{report}");
}
