//! proptest strategies that generate valid records of each type: records that parse, pass
//! every semantic rule at [`REFERENCE_TIME`], and round-trip.
//!
//! They tell a consistent story (a birth date, an identification some years later, events
//! in between) and then publish it as the standard asks: partial dates at random precision,
//! ages and bands derived from the exact dates.
#![allow(dead_code)]

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use ctip_exchange::case::*;
use ctip_exchange::indicator::*;
use ctip_exchange::referral::*;
use ctip_exchange::tip::*;
use ctip_exchange::types::*;
use ctip_exchange::vocab::*;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// The reference time the generated records are valid at.
pub const REFERENCE_TIME: &str = "2030-01-01T00:00:00Z";

pub fn reference_time() -> Timestamp {
    REFERENCE_TIME.parse().unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A day from `from` to `to` inclusive.
fn date_between(from: NaiveDate, to: NaiveDate) -> impl Strategy<Value = NaiveDate> {
    let span = (to - from).num_days().max(0) as u64;
    (0..=span).prop_map(move |n| from + Days::new(n))
}

/// A day published at random precision.
fn partial(d: NaiveDate) -> impl Strategy<Value = PartialDate> {
    let full = PartialDate::from_naive(d).unwrap();
    select(vec![
        DatePrecision::Year,
        DatePrecision::Month,
        DatePrecision::Day,
    ])
    .prop_map(move |p| full.coarsen(p))
}

fn timestamp_between(from: NaiveDate, to: NaiveDate) -> impl Strategy<Value = Timestamp> {
    (date_between(from, to), 0u32..86_400).prop_map(|(d, s)| {
        let t = NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap();
        Timestamp::from_datetime(NaiveDateTime::new(d, t).and_utc()).expect("a year in range")
    })
}

pub fn vocab<V: Vocabulary + std::fmt::Debug>() -> impl Strategy<Value = V> {
    select(V::ALL.to_vec())
}

pub fn vocab_set<V: Vocabulary + std::fmt::Debug>(
    max: usize,
) -> impl Strategy<Value = UniqueList<V>> {
    subsequence(V::ALL.to_vec(), 0..=max.min(V::ALL.len()))
        .prop_shuffle()
        .prop_map(|v| UniqueList::new(v).unwrap())
}

pub fn org() -> impl Strategy<Value = OrgId> {
    "[a-z]{2}\\.(gov|ngo|iom)\\.[a-z][a-z0-9-]{1,12}".prop_map(|s| s.parse().unwrap())
}

pub fn record_id() -> impl Strategy<Value = RecordId> {
    "[a-z0-9][a-z0-9-]{0,20}".prop_map(|s| s.parse().unwrap())
}

pub fn country() -> impl Strategy<Value = CountryCode> {
    select(CountryCode::all().collect::<Vec<_>>())
}

pub fn country_or_unknown() -> impl Strategy<Value = Country> {
    prop_oneof![9 => country().prop_map(Country::Known), 1 => Just(Country::Unknown)]
}

pub fn language() -> impl Strategy<Value = LanguageCode> {
    select(vec![
        "en", "es", "fr", "nl", "ht", "pap", "srn", "jam", "pt", "hi", "ar", "zh",
    ])
    .prop_map(|s| s.parse().unwrap())
}

/// Free text without contact details: words of letters only, possibly a marker.
pub fn safe_text() -> impl Strategy<Value = String> {
    "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,6}"
}

pub fn extensions() -> BoxedStrategy<Extensions> {
    let key = "[a-z]{2,5}\\.[a-z]{2,6}\\.[a-z][a-z_]{0,9}";
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i32>().prop_map(serde_json::Value::from),
        // printable ASCII without digits and '@': a string leaf must not look like an email,
        // a phone or a document number, which validation rightly warns about
        "[ -/:-?A-~]{0,12}".prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map(key, value, 0..3)
        .prop_map(|m| {
            let mut ext = Extensions::new();
            for (k, v) in m {
                ext.insert(k.parse().unwrap(), v);
            }
            ext
        })
        .boxed()
}

fn years_between(b: NaiveDate, on: NaiveDate) -> u8 {
    let mut y = on.year() - b.year();
    if (on.month(), on.day()) < (b.month(), b.day()) {
        y -= 1;
    }
    y.clamp(0, 120) as u8
}

/// A consistent case.
pub fn case() -> BoxedStrategy<Case> {
    (
        date_between(day(1950, 1, 1), day(2015, 12, 31)),
        1u64..60,
        0u64..365,
    )
        .prop_flat_map(|(birth, years, extra)| {
            let identified = (birth + Days::new(years * 365 + extra)).min(day(2028, 6, 30));
            case_at(birth, identified)
        })
        .boxed()
}

prop_compose! {
    fn case_at(birth: NaiveDate, identified: NaiveDate)(
        show_birth in any::<bool>(),
        show_age in any::<bool>(),
        show_band in any::<bool>(),
        show_majority in any::<bool>(),
        birth_precision in partial(birth),
        pseudonyms in prop::collection::vec("ps1:k[0-9]:[a-z2-7]{32}", 0..3),
        gender in prop::option::of(vocab::<Gender>()),
        citizenships in prop::collection::vec(country_or_unknown(), 0..3),
        languages in prop::collection::vec(language(), 0..3),
        education in prop::option::of(vocab::<EducationLevel>()),
        migrant_status in prop::option::of(vocab::<MigrantStatus>()),
        vulnerabilities in vocab_set::<Vulnerability>(3),
        trafficking in prop::option::of(trafficking(birth, identified)),
        identification in identification(identified),
        perpetrators in prop::collection::vec(perpetrator(), 0..3),
        management in prop::option::of(case_management(identified)),
        assistance in prop::collection::vec(assistance(identified), 0..4),
        needs in prop::collection::vec((any::<bool>(), 0u64..=20, vocab::<ServiceType>(), prop::option::of(org()), 0u64..=10), 4),
        criminal_justice in prop::option::of(criminal_justice()),
        proceedings in proceedings(identified),
        perpetrator_details in prop::collection::vec(perpetrator_details(), 3),
        consents in prop::collection::vec(consent(identified), 0..3),
        id in record_id(),
        producer in org(),
        created in timestamp_between(day(2029, 7, 1), day(2029, 9, 30)),
        updated in prop::option::of(timestamp_between(day(2029, 10, 1), day(2029, 12, 31))),
        extensions in extensions(),
    ) -> Case {
        let age = years_between(birth, identified);
        let mut case = Case::new(id, producer, created);
        case.updated_at = updated;
        let subject = &mut case.subject;
        subject.pseudonyms = pseudonyms.into_iter().map(|p| p.parse().unwrap()).collect();
        subject.gender = gender;
        subject.birth_date = show_birth.then_some(birth_precision);
        subject.age_at_identification = show_age.then(|| Age::new(age).unwrap());
        subject.age_band = show_band.then(|| AgeBand::from_age(age));
        subject.majority = show_majority.then(|| MajorityStatus::from_age(age));
        subject.citizenships = citizenships.into_iter().collect();
        subject.languages = languages.into_iter().collect();
        subject.education = education;
        subject.migrant_status = migrant_status;
        subject.vulnerabilities = vulnerabilities;
        case.trafficking = trafficking;
        case.identification = Some(identification);
        case.perpetrators = perpetrators;
        case.case_management = management;
        case.assistance = assistance;
        case.criminal_justice = criminal_justice;
        link_needs(&mut case, needs);
        add_proceedings(&mut case, proceedings, perpetrator_details);
        case.consents = consents;
        case.extensions = extensions;
        case
    }
}

fn trafficking(birth: NaiveDate, identified: NaiveDate) -> BoxedStrategy<Trafficking> {
    (
        prop::option::of(vocab::<TraffickingStatus>()),
        prop::option::of(vocab::<DecisionMakingOrg>()),
        vocab_set::<ExploitationType>(3),
        vocab_set::<SexualExploitationType>(2),
        vocab_set::<LabourIndustry>(2),
        vocab_set::<MeansOfControl>(4),
        vocab_set::<RecruitmentMethod>(2),
        prop::option::of(vocab::<RelationshipToTrafficker>()),
        prop::option::of(any::<bool>()),
        (
            vocab_set::<OnlinePlatform>(2),
            vocab_set::<OnlinePlatform>(2),
            prop::collection::vec(event(birth, identified), 0..3),
            prop::option::of(
                date_between(identified, identified + Days::new(30)).prop_flat_map(partial),
            ),
        ),
    )
        .prop_map(
            |(
                status,
                by,
                types,
                sex,
                labour,
                means,
                recruitment,
                relationship,
                abducted,
                (rp, ep, events, decided),
            )| {
                let has_sex = types.contains(&ExploitationType::SexualExploitation);
                let has_labour = types.contains(&ExploitationType::ForcedLabour);
                let mut t = Trafficking::default();
                t.status = status;
                t.status_decided_by = by;
                t.status_decided_on = decided;
                t.exploitation_types = types;
                if has_sex {
                    t.sexual_exploitation_types = sex;
                }
                if has_labour {
                    t.labour_industries = labour;
                }
                t.means_of_control = means;
                t.recruitment_methods = recruitment;
                t.relationship_to_trafficker = relationship;
                t.abducted = abducted;
                t.recruitment_platforms = rp;
                t.exploitation_platforms = ep;
                t.events = events;
                t
            },
        )
        .boxed()
}

fn event(birth: NaiveDate, identified: NaiveDate) -> BoxedStrategy<TraffickingEvent> {
    (
        date_between(birth, identified),
        0u64..400,
        vocab::<EventType>(),
        country_or_unknown(),
        any::<bool>(),
    )
        .prop_flat_map(move |(start, len, kind, country, has_end)| {
            let end = (start + Days::new(len)).min(identified);
            (
                Just(kind),
                Just(country),
                partial(start),
                partial(end),
                Just(has_end),
            )
        })
        .prop_map(|(kind, country, start, end, has_end)| {
            let mut e = TraffickingEvent::new(kind, country);
            e.start = Some(start);
            e.end = has_end.then_some(end);
            e
        })
        .boxed()
}

fn identification(identified: NaiveDate) -> BoxedStrategy<Identification> {
    (
        partial(identified),
        prop::option::of(vocab::<IdentificationChannel>()),
        prop::option::of(country_or_unknown()),
        prop::option::of(org()),
    )
        .prop_map(|(date, channel, country, by)| {
            let mut i = Identification::default();
            i.date = Some(date);
            i.channel = channel;
            i.country = country;
            i.identified_by = by;
            i
        })
        .boxed()
}

fn perpetrator() -> BoxedStrategy<Perpetrator> {
    (
        subsequence(PerpetratorRole::ALL.to_vec(), 1..=3),
        prop::option::of(vocab::<RelationshipToTrafficker>()),
        prop::option::of(country_or_unknown()),
    )
        .prop_map(|(roles, relationship, citizenship)| {
            let mut p = Perpetrator::new(NonEmptyList::new(roles).unwrap());
            p.relationship = relationship;
            p.citizenship = citizenship;
            p
        })
        .boxed()
}

fn case_management(identified: NaiveDate) -> BoxedStrategy<CaseManagement> {
    (
        vocab::<CaseStatus>(),
        date_between(identified, identified + Days::new(30)),
        0u64..300,
        vocab::<ClosureReason>(),
    )
        .prop_flat_map(|(status, opened, len, reason)| {
            (
                Just(status),
                partial(opened),
                partial(opened + Days::new(len)),
                Just(reason),
            )
        })
        .prop_map(|(status, opened, closed, reason)| {
            let mut m = CaseManagement::new(status);
            m.opened_on = Some(opened);
            m.closed_on = status.is_closed().then_some(closed);
            m.closure_reason = status.is_closed().then_some(reason);
            m
        })
        .boxed()
}

fn assistance(identified: NaiveDate) -> BoxedStrategy<Assistance> {
    (
        vocab::<ServiceType>(),
        vocab::<AssistanceStatus>(),
        date_between(identified, identified + Days::new(60)),
        0u64..200,
        prop::option::of(org()),
        prop::option::of(safe_text()),
        any::<bool>(),
    )
        .prop_flat_map(|(service, status, start, len, provider, note, ended)| {
            (
                Just(service),
                Just(status),
                partial(start),
                partial(start + Days::new(len)),
                Just(provider),
                Just(note),
                Just(ended),
            )
        })
        .prop_map(|(service, status, start, end, provider, note, ended)| {
            let mut a = Assistance::new(service, status);
            a.start = Some(start);
            a.end = ended.then_some(end);
            a.provider = provider;
            a.note = note;
            a
        })
        .boxed()
}

fn criminal_justice() -> BoxedStrategy<CriminalJustice> {
    (
        prop::option::of(vocab::<InvestigationStatus>()),
        prop::option::of(vocab::<ProsecutionStatus>()),
        prop::option::of(vocab::<IccsCode>()),
        prop::option::of(vocab::<VictimParticipation>()),
        prop::option::of(0u32..20),
        prop::option::of(0u32..10),
        prop::option::of(0u32..5),
    )
        .prop_map(
            |(investigation, prosecution, iccs, participation, a, b, c)| {
                let mut cj = CriminalJustice::default();
                cj.investigation = investigation;
                cj.prosecution = prosecution;
                cj.iccs = iccs;
                cj.victim_participation = participation;
                cj.persons_investigated = a;
                cj.persons_prosecuted = b;
                cj.persons_convicted = c;
                cj
            },
        )
        .boxed()
}

/// Needs (version 1.1) for some of the case's services: identified up to 20 days before the
/// service started (so none is unmet), the service requested between the two.
fn link_needs(case: &mut Case, needs: Vec<(bool, u64, ServiceType, Option<OrgId>, u64)>) {
    for (i, (a, (linked, before, service, by, requested))) in
        case.assistance.iter_mut().zip(needs).enumerate()
    {
        let Some(start) = a.start else { continue };
        if !linked {
            continue;
        }
        let day = start.earliest() - Days::new(before);
        let id: RecordId = format!("need-{i}").parse().unwrap();
        let mut need = Need::new(id.clone(), service, PartialDate::from_naive(day).unwrap());
        need.assessed_by = by;
        case.needs.push(need);
        a.need = Some(id);
        let asked = day + Days::new(requested.min(before));
        a.requested = Some(
            PartialDate::from_naive(asked)
                .unwrap()
                .coarsen(start.precision()),
        );
    }
}

/// One defendant's path through the proceedings: (ps1 or label, how far they went: 0
/// arrest, 1 charge, 2 first appearance, 3 verdict, 4 sentence, convicted, start day
/// after identification, days between stages, day precision).
type Path = (Option<String>, usize, bool, u64, u64, DatePrecision);

fn proceedings(identified: NaiveDate) -> BoxedStrategy<(NaiveDate, Vec<Path>, u32)> {
    prop::collection::vec(
        (
            prop::option::of("ps1:k[0-9]:[a-z2-7]{32}"),
            0usize..=4,
            any::<bool>(),
            0u64..60,
            1u64..40,
            select(vec![
                DatePrecision::Year,
                DatePrecision::Month,
                DatePrecision::Day,
            ]),
        ),
        0..3,
    )
    .prop_flat_map(move |paths| (Just(identified), Just(paths), 0u32..3))
    .boxed()
}

fn perpetrator_details() -> BoxedStrategy<(Option<Sex>, Option<AgeStatus>, Option<bool>)> {
    (
        prop::option::of(vocab::<Sex>()),
        prop::option::of(vocab::<AgeStatus>()),
        prop::option::of(any::<bool>()),
    )
        .boxed()
}

/// Consistent proceedings (version 1.1): each defendant goes through some stages in date
/// order; the summary fields are set to agree (counts at least the defendants shown).
fn add_proceedings(
    case: &mut Case,
    (identified, paths, extra): (NaiveDate, Vec<Path>, u32),
    details: Vec<(Option<Sex>, Option<AgeStatus>, Option<bool>)>,
) {
    if paths.is_empty() {
        return;
    }
    let statute = Statute::new(
        "TT".parse().unwrap(),
        "Trafficking in Persons Act, 2011".to_owned(),
    );
    let mut events: Vec<(NaiveDate, usize, ProceedingEvent)> = Vec::new();
    let mut refs = Vec::new();
    let (mut prosecuted, mut convicted) = (0u32, 0u32);
    for (i, (ps1, depth, guilty, start, gap, precision)) in paths.into_iter().enumerate() {
        let r: DefendantRef = ps1
            .unwrap_or_else(|| format!("D{}", i + 1))
            .parse()
            .unwrap();
        if refs.contains(&r) {
            continue;
        }
        refs.push(r.clone());
        let kinds = [
            ProceedingEventKind::Arrest,
            ProceedingEventKind::ChargeLaid,
            ProceedingEventKind::FirstAppearance,
            ProceedingEventKind::Verdict,
            ProceedingEventKind::Sentence,
        ];
        let depth = if guilty { depth } else { depth.min(3) };
        prosecuted += u32::from(depth >= 1);
        convicted += u32::from(depth >= 3 && guilty);
        for (stage, kind) in kinds.into_iter().enumerate().take(depth + 1) {
            let day = identified + Days::new(start + gap * stage as u64);
            let mut e = ProceedingEvent::new(
                kind,
                PartialDate::from_naive(day).unwrap().coarsen(precision),
            );
            e.defendant = Some(r.clone());
            match kind {
                ProceedingEventKind::ChargeLaid => {
                    let mut c = Charge::new(Some(IccsCode::ForcedLabour));
                    c.statute = Some(statute.clone());
                    c.offences = Some(1 + stage as u32);
                    e.charges.push(c);
                }
                ProceedingEventKind::Verdict => {
                    let mut c = Charge::new(Some(IccsCode::ForcedLabour));
                    c.outcome = Some(if guilty {
                        ChargeOutcome::Convicted
                    } else {
                        ChargeOutcome::Acquitted
                    });
                    e.charges.push(c);
                    e.court_level = Some(CourtLevel::HighCourt);
                }
                ProceedingEventKind::Sentence => {
                    let mut prison = SentencePart::new(SentenceType::Imprisonment);
                    prison.months = Some(12 * (1 + i as u32));
                    let mut fine = SentencePart::new(SentenceType::Fine);
                    fine.amount = Some(
                        MonetaryAmount::new(2500.25 * (i + 1) as f64, "TTD".parse().unwrap())
                            .unwrap(),
                    );
                    e.sentence = vec![prison, fine];
                }
                _ => {}
            }
            events.push((day, events.len(), e));
        }
    }
    events.sort_by_key(|(day, n, _)| (*day, *n));
    let any_verdict = events
        .iter()
        .any(|(_, _, e)| e.kind == ProceedingEventKind::Verdict);
    let cj = case
        .criminal_justice
        .get_or_insert_with(CriminalJustice::default);
    cj.proceedings = events.into_iter().map(|(_, _, e)| e).collect();
    cj.protective_measures = [ProtectiveMeasure::VideoLink].into_iter().collect();
    cj.investigation = Some(if prosecuted > 0 {
        InvestigationStatus::ChargesFiled
    } else {
        InvestigationStatus::Ongoing
    });
    cj.prosecution = if convicted > 0 {
        Some(ProsecutionStatus::Convicted)
    } else if any_verdict {
        Some(ProsecutionStatus::Acquitted)
    } else if prosecuted > 0 {
        Some(ProsecutionStatus::Ongoing)
    } else {
        None
    };
    cj.persons_investigated = Some(refs.len() as u32 + extra);
    cj.persons_prosecuted = Some(prosecuted + extra);
    cj.persons_convicted = Some(convicted);
    for ((p, r), (sex, age, legal)) in case.perpetrators.iter_mut().zip(refs).zip(details) {
        p.defendant = Some(r);
        p.sex = sex;
        p.age_status = age;
        p.legal_person = legal;
    }
}

/// A consent decided around `on`, never withdrawn before it was given.
pub fn consent(on: NaiveDate) -> BoxedStrategy<Consent> {
    (
        vocab::<ConsentPurpose>(),
        vocab::<ConsentStatus>(),
        date_between(on - Days::new(30), on),
        1u64..200,
        prop::collection::vec(org(), 0..3),
        prop::option::of(200u64..800),
    )
        .prop_flat_map(|(purpose, status, decided, later, orgs, expires)| {
            (
                Just(purpose),
                Just(status),
                partial(decided),
                partial(decided + Days::new(later)),
                Just(orgs),
                Just(expires.map(|e| PartialDate::from_naive(decided + Days::new(e)).unwrap())),
            )
        })
        .prop_map(|(purpose, status, decided, withdrawn, orgs, expires)| {
            let mut c = Consent::new(purpose, status, decided);
            c.withdrawn_on = (status == ConsentStatus::Withdrawn).then_some(withdrawn);
            c.organizations = orgs.into_iter().collect();
            c.expires_on = expires;
            c
        })
        .boxed()
}

/// A random walk over the allowed referral transitions.
fn history(
    start: NaiveDate,
    steps: Vec<(usize, u32)>,
    from: OrgId,
    to: OrgId,
) -> Vec<StatusChange> {
    let mut at = NaiveDateTime::new(start, NaiveTime::from_hms_opt(9, 0, 0).unwrap()).and_utc();
    let mut status = ReferralStatus::Requested;
    let mut out = vec![StatusChange::new(
        status,
        Timestamp::from_datetime(at).expect("a year in range"),
        from.clone(),
    )];
    for (pick, minutes) in steps {
        let next = status.successors();
        if next.is_empty() {
            break;
        }
        status = next[pick % next.len()];
        at += chrono::Duration::minutes(i64::from(minutes));
        let by = if status == ReferralStatus::Cancelled {
            from.clone()
        } else {
            to.clone()
        };
        out.push(StatusChange::new(
            status,
            Timestamp::from_datetime(at).expect("a year in range"),
            by,
        ));
    }
    out
}

prop_compose! {
    /// A consistent referral.
    pub fn referral()(
        requested in date_between(day(2020, 1, 1), day(2029, 6, 30)),
        from in org(),
        to in org(),
        from_type in vocab::<OrganizationType>(),
        to_type in vocab::<OrganizationType>(),
        services in subsequence(ServiceType::ALL.to_vec(), 1..=3),
        reason in vocab::<ReferralReason>(),
        urgency in vocab::<Urgency>(),
        use_override in prop::bool::weighted(0.2),
        override_reason in vocab::<ConsentOverrideReason>(),
        days_before in 0u64..60,
        more_orgs in prop::collection::vec(org(), 0..2),
        expires_after in prop::option::of(1u64..400),
        summary in subject_summary(),
        steps in prop::collection::vec((any::<usize>(), 1u32..10_000), 0..5),
        id in record_id(),
        case_ref in record_id(),
        subject_ref in prop::option::of("ps1:k[0-9]:[a-z2-7]{32}"),
        note in prop::option::of(safe_text()),
        extensions in extensions(),
    ) -> Referral {
        let to = if to == from { format!("{to}-2").parse().unwrap() } else { to };
        let history = history(requested, steps, from.clone(), to.clone());
        let decided = PartialDate::from_naive(requested - Days::new(days_before)).unwrap();
        let consent = if use_override {
            ConsentBasis::Override(ConsentOverride::new(override_reason, from.clone(), decided))
        } else {
            let mut organizations: UniqueList<OrgId> = more_orgs.into_iter().collect();
            organizations.insert(to.clone());
            let mut consent = Consent::new(ConsentPurpose::Referral, ConsentStatus::Granted, decided);
            consent.organizations = organizations;
            // after the reference time: a consent that has run out makes an open referral suspect
            consent.expires_on = expires_after.map(|e| PartialDate::from_naive(day(2030, 1, 2) + Days::new(e)).unwrap());
            ConsentBasis::Consent(consent)
        };
        let created_at = history[0].at;
        let last = history[history.len() - 1].clone();
        let mut referral = Referral::new(
            id,
            created_at,
            case_ref,
            Party::new(from, from_type),
            Party::new(to, to_type),
            NonEmptyList::new(services).unwrap(),
            reason,
            urgency,
            consent,
        );
        referral.updated_at = (history.len() > 1).then_some(last.at);
        referral.subject_ref = subject_ref.map(|s| s.parse().unwrap());
        referral.subject = summary;
        referral.status = last.status;
        referral.history = NonEmptyList::new(history).unwrap();
        referral.note = note;
        referral.extensions = extensions;
        referral
    }
}

fn subject_summary() -> BoxedStrategy<SubjectSummary> {
    (
        prop::option::of(vocab::<Gender>()),
        prop::option::of(vocab::<AgeBand>()),
        any::<bool>(),
        prop::collection::vec(language(), 0..3),
        vocab_set::<SpecialNeed>(3),
        prop::option::of(vocab::<SafetyRisk>()),
    )
        .prop_map(|(gender, band, show_majority, languages, needs, risk)| {
            let mut s = SubjectSummary::default();
            s.gender = gender;
            s.age_band = band;
            s.majority = band.filter(|_| show_majority).map(AgeBand::majority);
            s.languages = languages.into_iter().collect();
            s.needs = needs;
            s.safety_risk = risk;
            s
        })
        .boxed()
}

/// The codes a dimension's cells use in generated tables (a few, plus unknown).
fn codes_of(d: Dimension) -> Vec<String> {
    let mut codes: Vec<String> = match d {
        Dimension::Sex => Sex::ALL.iter().map(|v| v.code().to_owned()).collect(),
        Dimension::AgeGroup => AgeGroup::ALL.iter().map(|v| v.code().to_owned()).collect(),
        Dimension::AgeBand => AgeBand::ALL
            .iter()
            .take(4)
            .map(|v| v.code().to_owned())
            .collect(),
        Dimension::ExploitationType => ExploitationType::ALL
            .iter()
            .take(3)
            .map(|v| v.code().to_owned())
            .collect(),
        Dimension::Citizenship | Dimension::CountryOfExploitation => {
            vec!["TT".into(), "JM".into(), "VE".into()]
        }
        Dimension::IdentificationChannel => IdentificationChannel::ALL
            .iter()
            .take(3)
            .map(|v| v.code().to_owned())
            .collect(),
        Dimension::Year => vec!["2023".into(), "2024".into()],
        Dimension::Iccs => IccsCode::ALL
            .iter()
            .skip(1)
            .map(|v| v.code().to_owned())
            .collect(),
        Dimension::AgeStatus => vec!["adult".into(), "juvenile".into()],
        Dimension::TimeToFirstService => vec!["0-7".into(), "8-30".into(), "91+".into()],
        Dimension::TipChannel => TipChannel::ALL
            .iter()
            .take(3)
            .map(|v| v.code().to_owned())
            .collect(),
        Dimension::MinorsSuspected => vec!["yes".into(), "no".into()],
    };
    codes.push(UNKNOWN.to_owned());
    codes
}

/// The position of a dimension in `Dimension::ALL`: a person's codes are listed in that
/// order, so that every indicator of a set sees the same person the same way.
fn dimension_index(d: Dimension) -> usize {
    Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0)
}

/// The persons' codes folded into the code lists of `dims`: one code for a single-select
/// dimension, one or more for a multi-select one, where `unknown` excludes the others.
fn fold_persons(dims: &[(Dimension, bool)], persons: &[Vec<Vec<usize>>]) -> Vec<Vec<Vec<usize>>> {
    let sizes: Vec<usize> = dims.iter().map(|(d, _)| codes_of(*d).len()).collect();
    persons
        .iter()
        .map(|p| {
            dims.iter()
                .enumerate()
                .map(|(i, (d, multi))| {
                    let mut c: Vec<usize> = p
                        .get(dimension_index(*d))
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|x| x % sizes[i])
                        .collect();
                    c.sort_unstable();
                    c.dedup();
                    if c.is_empty() {
                        c.push(0);
                    }
                    if !multi {
                        c.truncate(1);
                    } else if c.len() > 1 {
                        c.retain(|&x| x != sizes[i] - 1);
                    }
                    c
                })
                .collect()
        })
        .collect()
}

/// An indicator over `dims` counting `persons` (each with a list of code indexes per
/// dimension of `Dimension::ALL`, see [`fold_persons`]), published
/// with every margin; counts below the threshold are suppressed, and further cells so that no
/// suppressed cell can be recovered (the crate's `protect`, secondary suppression included).
/// In a multi-select dimension `unknown` excludes the other codes, as tabulation counts it.
fn indicator(
    dims: Vec<(Dimension, bool)>,
    persons: &[Vec<Vec<usize>>],
    threshold: u64,
    kind: IndicatorKind,
    may_protect: bool,
) -> (Indicator, bool) {
    let codes: Vec<Vec<String>> = dims.iter().map(|(d, _)| codes_of(*d)).collect();
    let sizes: Vec<usize> = codes.iter().map(Vec::len).collect();
    let persons = fold_persons(&dims, persons);
    // Small tables go through the crate's `protect` (an LP per suppressed cell: kept small so
    // that the suite stays fast); larger ones get primary suppression only, and the set then
    // declares no suppression method (see `indicator_set`).
    let interior: usize = sizes.iter().product();
    if may_protect
        && threshold > 0
        && !dims.is_empty()
        && interior <= 16
        && let Some(ind) = protected(&dims, &codes, &persons, threshold, kind)
    {
        return (ind, true);
    }
    let mut cells = Vec::new();
    // choice[i] in 0..sizes[i] is a code, sizes[i] is the total
    let mut choice = vec![0usize; dims.len()];
    loop {
        let count = persons
            .iter()
            .filter(|p| {
                choice
                    .iter()
                    .enumerate()
                    .all(|(i, &c)| c == sizes[i] || p[i].contains(&c))
            })
            .count() as u64;
        let coordinates = dims
            .iter()
            .enumerate()
            .map(|(i, (d, _))| {
                (
                    *d,
                    if choice[i] < sizes[i] {
                        codes[i][choice[i]].clone()
                    } else {
                        TOTAL.to_owned()
                    },
                )
            })
            .collect();
        let value = if count > 0 && count < threshold {
            CellValue::Suppressed
        } else {
            CellValue::Exact { count }
        };
        cells.push(Cell::new(coordinates, value));
        let mut i = 0;
        loop {
            if i == dims.len() {
                let mut indicator =
                    Indicator::new("indicator".parse().unwrap(), kind, Unit::Persons, cells);
                indicator.dimensions = dims
                    .iter()
                    .map(|(d, m)| {
                        let mut spec = DimensionSpec::new(*d);
                        spec.multi_select = *m;
                        spec
                    })
                    .collect();
                return (indicator, false);
            }
            choice[i] += 1;
            if choice[i] <= sizes[i] {
                break;
            }
            choice[i] = 0;
            i += 1;
        }
    }
}

/// Without the solver nothing is protected (the strategy then declares no suppression).
#[cfg(not(feature = "disclosure"))]
fn protected(
    _: &[(Dimension, bool)],
    _: &[Vec<String>],
    _: &[Vec<Vec<usize>>],
    _: u64,
    _: IndicatorKind,
) -> Option<Indicator> {
    None
}

/// The table dimension of an indicator dimension, with these category codes.
#[cfg(feature = "disclosure")]
fn table_dimension(
    d: Dimension,
    multi: bool,
    codes: &[String],
) -> ctip_exchange::disclosure::TableDimension {
    use ctip_exchange::disclosure::TableDimension;
    if multi {
        TableDimension::multi_select(d.as_str(), codes.iter().cloned()).unwrap()
    } else {
        TableDimension::additive(d.as_str(), codes.iter().cloned()).unwrap()
    }
}

/// The indicator of `protect`ed counts (threshold and secondary suppression).
#[cfg(feature = "disclosure")]
fn protected(
    dims: &[(Dimension, bool)],
    codes: &[Vec<String>],
    persons: &[Vec<Vec<usize>>],
    threshold: u64,
    kind: IndicatorKind,
) -> Option<Indicator> {
    use ctip_exchange::disclosure::{DisclosurePolicy, Table, TableDimension, protect};
    let table_dims: Vec<TableDimension> = dims
        .iter()
        .zip(codes)
        .map(|((d, multi), c)| table_dimension(*d, *multi, c))
        .collect();
    let mut table = Table::zeros(table_dims).unwrap();
    for p in persons {
        let per_dim: Vec<Vec<&str>> = p
            .iter()
            .enumerate()
            .map(|(i, c)| c.iter().map(|&x| codes[i][x].as_str()).collect())
            .collect();
        let refs: Vec<&[&str]> = per_dim.iter().map(Vec::as_slice).collect();
        table.add_person(&refs).unwrap();
    }
    let release = protect(&table, &DisclosurePolicy::new(threshold)).ok()?;
    let dimensions: Vec<Dimension> = dims.iter().map(|(d, _)| *d).collect();
    release
        .to_indicator("indicator".parse().unwrap(), kind, &dimensions)
        .ok()
}

/// The victims kinds nested in victims identified (victims assisted, in investigations,
/// prosecutions and convictions), which the crate's whole-set audit links to it.
fn nested_victims(kind: IndicatorKind) -> bool {
    matches!(
        kind,
        IndicatorKind::VictimsAssisted
            | IndicatorKind::VictimsInInvestigations
            | IndicatorKind::VictimsInProsecutions
            | IndicatorKind::VictimsInConvictions
    )
}

/// Whether a person with these membership bits is counted by an indicator of `kind`: a
/// nested victims kind counts the persons whose bit for it is set (a subset of the victims
/// identified, who are everyone); any other kind counts everyone of its own population.
fn counted(kind: IndicatorKind, member: u8) -> bool {
    match kind {
        IndicatorKind::VictimsAssisted => member & 1 != 0,
        IndicatorKind::VictimsInInvestigations => member & 2 != 0,
        IndicatorKind::VictimsInProsecutions => member & 4 != 0,
        IndicatorKind::VictimsInConvictions => member & 8 != 0,
        _ => true,
    }
}

/// The groups of indicators that count the same or nested persons, as the crate links them:
/// every victims kind together, any other kind with itself.
fn linked_groups(kinds: &[IndicatorKind]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(Option<IndicatorKind>, Vec<usize>)> = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        let victims = *kind == IndicatorKind::VictimsIdentified || nested_victims(*kind);
        let key = (!victims).then_some(*kind);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, m)) => m.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups.into_iter().map(|(_, m)| m).collect()
}

/// Without the solver nothing is protected (the strategy then declares no suppression).
#[cfg(not(feature = "disclosure"))]
fn protected_jointly(
    _: &[(Vec<(Dimension, bool)>, IndicatorKind)],
    _: &[Vec<Vec<usize>>],
    _: &[u8],
    _: u64,
) -> Option<Vec<Indicator>> {
    None
}

/// Linked indicators (breakdowns of the same persons, nested victims kinds) protected
/// together by the crate's `protect_release`, as one release of the table of all their
/// dimensions (plus `yes` / `no` for each nested kind): `None` when that table is too large
/// for the suite to stay fast, an indicator has no dimension, or protection fails.
#[cfg(feature = "disclosure")]
fn protected_jointly(
    members: &[(Vec<(Dimension, bool)>, IndicatorKind)],
    persons: &[Vec<Vec<usize>>],
    member: &[u8],
    threshold: u64,
) -> Option<Vec<Indicator>> {
    use ctip_exchange::disclosure::{
        DisclosurePolicy, Slice, Table, TableDimension, protect_release,
    };
    if members.iter().any(|(d, _)| d.is_empty()) {
        return None;
    }
    let mut dims: Vec<(Dimension, bool)> = Vec::new();
    for (d, _) in members {
        for x in d {
            if !dims.iter().any(|y| y.0 == x.0) {
                dims.push(*x);
            }
        }
    }
    let mut nested: Vec<IndicatorKind> = Vec::new();
    for (_, k) in members {
        if nested_victims(*k) && !nested.contains(k) {
            nested.push(*k);
        }
    }
    let codes: Vec<Vec<String>> = dims.iter().map(|(d, _)| codes_of(*d)).collect();
    let interior: usize = codes.iter().map(Vec::len).product::<usize>() << nested.len();
    if interior > 64 {
        return None;
    }
    let mut table_dims: Vec<TableDimension> = dims
        .iter()
        .zip(&codes)
        .map(|((d, multi), c)| table_dimension(*d, *multi, c))
        .collect();
    for k in &nested {
        table_dims.push(TableDimension::additive(k.as_str(), ["yes", "no"]).unwrap());
    }
    let mut table = Table::zeros(table_dims).unwrap();
    for (p, bits) in fold_persons(&dims, persons).iter().zip(member) {
        let mut per_dim: Vec<Vec<&str>> = p
            .iter()
            .enumerate()
            .map(|(i, c)| c.iter().map(|&x| codes[i][x].as_str()).collect())
            .collect();
        for k in &nested {
            per_dim.push(vec![if counted(*k, *bits) { "yes" } else { "no" }]);
        }
        let refs: Vec<&[&str]> = per_dim.iter().map(Vec::as_slice).collect();
        table.add_person(&refs).unwrap();
    }
    let keeps: Vec<Vec<&str>> = members
        .iter()
        .map(|(d, _)| d.iter().map(|(x, _)| x.as_str()).collect())
        .collect();
    let fixes: Vec<Vec<(&str, &str)>> = members
        .iter()
        .map(|(_, k)| {
            if nested_victims(*k) {
                vec![(k.as_str(), "yes")]
            } else {
                Vec::new()
            }
        })
        .collect();
    let slices: Vec<Slice<'_>> = keeps
        .iter()
        .zip(&fixes)
        .map(|(k, f)| Slice::new(k).fixed(f))
        .collect();
    let releases = protect_release(&table, &slices, &[], &DisclosurePolicy::new(threshold)).ok()?;
    members
        .iter()
        .zip(&releases)
        .map(|((d, k), r)| {
            let dimensions: Vec<Dimension> = d.iter().map(|(x, _)| *x).collect();
            r.to_indicator("indicator".parse().unwrap(), *k, &dimensions)
                .ok()
        })
        .collect()
}

prop_compose! {
    /// A consistent indicator set of one to three indicators of up to three dimensions: every
    /// indicator counts the same persons (each person has one code per dimension, or several
    /// in a multi-select one), a nested victims kind a subset of them, so that breakdowns of
    /// one kind agree and victims assisted are among the victims identified. Linked
    /// indicators (same or nested persons) are protected together, others one by one.
    pub fn indicator_set()(
        n in 1usize..=3,
        dims in prop::collection::vec(subsequence(Dimension::ALL.to_vec(), 0..=3).prop_shuffle(), 3),
        // which of exploitation type and citizenship are multi-select (validation does not
        // audit a table with two: such an indicator counts as unprotected below)
        multi in (any::<bool>(), any::<bool>()),
        persons in prop::collection::vec(
            (prop::collection::vec(prop::collection::vec(0usize..12, 1..3), Dimension::ALL.len()), any::<u8>()),
            0..60,
        ),
        threshold in prop_oneof![Just(0u64), 3u64..12],
        // half of the kinds among the victims kinds, so that linked indicators are common
        kinds in prop::collection::vec(prop_oneof![vocab::<IndicatorKind>(), select(vec![
            IndicatorKind::VictimsIdentified,
            IndicatorKind::VictimsAssisted,
            IndicatorKind::VictimsInInvestigations,
            IndicatorKind::VictimsInProsecutions,
            IndicatorKind::VictimsInConvictions,
        ])], 3),
        year in 2015u16..2029,
        countries in prop::collection::vec(country(), 1..4),
        id in record_id(),
        producer in org(),
        created in timestamp_between(day(2029, 7, 1), day(2029, 12, 31)),
        title in prop::option::of(safe_text()),
        extensions in extensions(),
    ) -> IndicatorSet {
        let (persons, member): (Vec<Vec<Vec<usize>>>, Vec<u8>) = persons.into_iter().unzip();
        let specs: Vec<(Vec<(Dimension, bool)>, IndicatorKind)> = (0..n)
            .map(|i| {
                let d: Vec<(Dimension, bool)> = dims[i]
                    .iter()
                    .map(|d| {
                        let m = match d {
                            Dimension::ExploitationType => multi.0,
                            Dimension::Citizenship => multi.1,
                            _ => false,
                        };
                        (*d, m)
                    })
                    .collect();
                (d, kinds[i])
            })
            .collect();
        let mut indicators: Vec<Option<(Indicator, bool)>> = vec![None; n];
        let kinds_of: Vec<IndicatorKind> = specs.iter().map(|(_, k)| *k).collect();
        for group in linked_groups(&kinds_of) {
            // the joint table of the group has every dimension of its members: with two
            // multi-select ones, validation would not audit it, so it is not protected
            let mut union: Vec<Dimension> = Vec::new();
            for &i in &group {
                for (d, m) in &specs[i].0 {
                    if *m && !union.contains(d) {
                        union.push(*d);
                    }
                }
            }
            let joint = (group.len() > 1 && threshold > 0 && union.len() < 2)
                .then(|| {
                    let members: Vec<_> = group.iter().map(|&i| specs[i].clone()).collect();
                    protected_jointly(&members, &persons, &member, threshold)
                })
                .flatten();
            match joint {
                Some(inds) => {
                    for (&i, ind) in group.iter().zip(inds) {
                        indicators[i] = Some((ind, true));
                    }
                }
                None => {
                    for &i in &group {
                        let (d, kind) = specs[i].clone();
                        let counted_persons: Vec<Vec<Vec<usize>>> = persons
                            .iter()
                            .zip(&member)
                            .filter(|(_, m)| counted(kind, **m))
                            .map(|(p, _)| p.clone())
                            .collect();
                        // a linked indicator alone is not protected: its links would be
                        // left out
                        indicators[i] = Some(indicator(d, &counted_persons, threshold, kind, group.len() == 1));
                    }
                }
            }
        }
        let indicators: Vec<(Indicator, bool)> = indicators
            .into_iter()
            .enumerate()
            .map(|(i, ind)| {
                let (mut ind, protected) = ind.expect("every indicator is in a group");
                ind.id = format!("indicator-{i}").parse().unwrap();
                // two multi-select dimensions: validation cannot prove the suppression
                // (`indicator.audit_incomplete`), so the set may not declare it
                let audited = ind.dimensions.iter().filter(|d| d.multi_select).count() < 2;
                (ind, protected && audited)
            })
            .collect();
        // Declare suppression only when every indicator that hides a cell was protected.
        let safe = indicators
            .iter()
            .all(|(ind, protected)| *protected || !ind.cells.iter().any(|c| c.value == CellValue::Suppressed));
        let threshold = if safe { threshold } else { 0 };
        let indicators: Vec<Indicator> = indicators.into_iter().map(|(ind, _)| ind).collect();
        let mut methods = UniqueList::default();
        if threshold > 0 {
            methods.insert(DisclosureMethod::ThresholdSuppression);
            methods.insert(DisclosureMethod::SecondarySuppression);
        } else {
            methods.insert(DisclosureMethod::None);
        }
        let mut disclosure = Disclosure::new(methods);
        disclosure.threshold = (threshold > 0).then_some(threshold);
        let mut set = IndicatorSet::new(
            id,
            producer,
            created,
            Period::new(PartialDate::year(year).unwrap(), PartialDate::year(year).unwrap()),
            Geography::new(NonEmptyList::new(countries.into_iter().collect::<UniqueList<_>>().into_vec()).unwrap()),
            indicators,
            disclosure,
        );
        set.title = title;
        set.extensions = extensions;
        set
    }
}

/// `t` plus `seconds`.
fn later(t: Timestamp, seconds: u32) -> Timestamp {
    Timestamp::from_datetime(t.as_datetime() + chrono::Duration::seconds(i64::from(seconds)))
        .expect("a year in range")
}

/// A location: a country (or unknown), with a subdivision of that country sometimes.
fn tip_location() -> BoxedStrategy<TipLocation> {
    (country_or_unknown(), prop::option::of("[A-Z0-9]{1,3}"))
        .prop_map(|(country, local)| {
            let mut location = TipLocation::new(country);
            if let (Some(code), Some(local)) = (country.code(), local) {
                location.subdivision = Some(format!("{code}-{local}").parse().unwrap());
            }
            location
        })
        .boxed()
}

prop_compose! {
    /// A consistent tip (version 1.1): received, recorded up to two days later, routed after
    /// receipt, an outcome decided after receipt that names a case exactly when it is
    /// `case_opened`, a reporter that is at most a ps1 pseudonym. Every time stays before
    /// [`REFERENCE_TIME`]: received by June 2029, the outcome at most 199 days later, the
    /// routing at most 116 days later (a later receipt once gave a future outcome date).
    pub fn tip()(
        received in timestamp_between(day(2020, 1, 1), day(2029, 6, 1)),
        record_delay in 0u32..172_800,
        update in prop::option::of(0u32..1_000_000),
        id in record_id(),
        producer in org(),
        channel in vocab::<TipChannel>(),
        location in prop::option::of(tip_location()),
        exploitation_types in vocab_set::<ExploitationType>(3),
        indicators_observed in vocab_set::<MeansOfControl>(4),
        platforms in vocab_set::<OnlinePlatform>(3),
        estimate in prop::option::of((1u64..20, 0u64..30)),
        minors_suspected in prop::option::of(any::<bool>()),
        routing in prop::collection::vec((org(), 0u32..10_000_000, vocab::<TipRoutingStatus>()), 0..4),
        outcome in prop::option::of((vocab::<TipOutcomeKind>(), prop::option::of(0u64..200), record_id())),
        precision in select(vec![DatePrecision::Year, DatePrecision::Month, DatePrecision::Day]),
        reporter in prop::option::of("ps1:k[0-9]{1,4}:[a-z2-7]{32}"),
        note in prop::option::of(safe_text()),
        extensions in extensions(),
    ) -> Tip {
        let created_at = later(received, record_delay);
        let mut tip = Tip::new(id, producer, created_at, channel, received);
        tip.updated_at = update.map(|u| later(created_at, u));
        tip.location = location;
        tip.exploitation_types = exploitation_types;
        tip.indicators_observed = indicators_observed;
        tip.platforms = platforms;
        tip.persons_estimate = estimate.map(|(min, extra)| PersonsEstimate::new(min, min + extra));
        tip.minors_suspected = minors_suspected;
        tip.routing = routing
            .into_iter()
            .map(|(to, after, status)| TipRouting::new(to, later(received, after), status))
            .collect();
        tip.outcome = outcome.map(|(kind, days, case_ref)| {
            let mut outcome = if kind == TipOutcomeKind::CaseOpened {
                TipOutcome::case_opened(case_ref)
            } else {
                TipOutcome::new(kind)
            };
            outcome.decided_on = days.map(|d| {
                PartialDate::from_naive(received.date() + Days::new(d)).unwrap().coarsen(precision)
            });
            outcome
        });
        tip.reporter_pseudonym = reporter.map(|r| r.parse().unwrap());
        tip.note = note;
        tip.extensions = extensions;
        tip
    }
}

/// Any valid record.
pub fn record() -> BoxedStrategy<ctip_exchange::Record> {
    prop_oneof![
        case().prop_map(ctip_exchange::Record::from),
        referral().boxed().prop_map(ctip_exchange::Record::from),
        indicator_set()
            .boxed()
            .prop_map(ctip_exchange::Record::from),
        tip().boxed().prop_map(ctip_exchange::Record::from),
    ]
    .boxed()
}
