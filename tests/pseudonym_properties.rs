//! Properties of the pseudonym module that hold for every input.

use chrono::NaiveDate;
use ctip_exchange::pseudonym::{
    AgeRange, KeySet, NamePart, PersonName, Pseudonym, Pseudonymizer, SecretKey, completed_years,
    redact, scan,
};
use ctip_exchange::types::{PartialDate, PseudonymRef};
use ctip_exchange::vocab::{AgeBand, MajorityStatus};
use proptest::prelude::*;

fn pz(key_id: &str) -> Pseudonymizer {
    let key = SecretKey::from_bytes(key_id.parse().unwrap(), [3; 32]);
    Pseudonymizer::new(&KeySet::new(key), "subject-linkage".parse().unwrap())
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2100, 1u32..=366).prop_map(|(y, d)| {
        NaiveDate::from_yo_opt(y, d).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
    })
}

fn partial(d: NaiveDate, precision: u8) -> PartialDate {
    use ctip_exchange::types::DatePrecision;
    let full = PartialDate::from_naive(d).unwrap();
    full.coarsen(match precision {
        0 => DatePrecision::Year,
        1 => DatePrecision::Month,
        _ => DatePrecision::Day,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Parts of different labels may come in any order; only the order within a label counts.
    #[test]
    fn order_of_labelled_name_parts_does_not_matter(
        given in proptest::collection::vec("[A-Za-zéñ' -]{1,8}", 1..3),
        family in proptest::collection::vec("[A-Za-zéñ' -]{1,8}", 1..3),
        interleave in proptest::collection::vec(any::<bool>(), 6),
    ) {
        let ordered: Vec<(NamePart, &str)> = given.iter().map(|g| (NamePart::Given, g.as_str()))
            .chain(family.iter().map(|f| (NamePart::Family, f.as_str())))
            .collect();
        // Merge the two sequences in an order chosen by `interleave`.
        let (mut g, mut f) = (given.iter().peekable(), family.iter().peekable());
        let mut mixed = Vec::new();
        let mut choices = interleave.iter().cycle();
        while g.peek().is_some() || f.peek().is_some() {
            let take_family = *choices.next().unwrap();
            match (take_family, g.peek().is_some(), f.peek().is_some()) {
                (true, _, true) | (false, false, true) => mixed.push((NamePart::Family, f.next().unwrap().as_str())),
                _ => mixed.push((NamePart::Given, g.next().unwrap().as_str())),
            }
        }
        let a = PersonName::from_parts(ordered);
        let b = PersonName::from_parts(mixed);
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            let born = "2001-02".parse().unwrap();
            let p = pz("k");
            prop_assert_eq!(p.name_and_birth_date(&a, born), p.name_and_birth_date(&b, born));
        }
    }

    #[test]
    fn pseudonym_text_round_trips(key_id in "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value in "\\PC{1,40}") {
        let p = match pz(&key_id).identifier("test", &value) {
            Ok(p) => p,
            Err(_) => return Ok(()), // blank values are refused
        };
        let text = p.to_string();
        prop_assert_eq!(text.parse::<Pseudonym>().unwrap(), p.clone());
        let r: PseudonymRef = p.to_ref();
        prop_assert_eq!(r.as_str(), text.as_str());
        prop_assert_eq!(Pseudonym::try_from(&r).unwrap(), p);
    }

    #[test]
    fn parsing_accepts_only_canonical_text(text in "ps1:[a-z0-9:]{1,8}:[a-zA-Z2-9=]{30,34}") {
        if let Ok(p) = text.parse::<Pseudonym>() {
            prop_assert_eq!(p.to_string(), text);
        }
    }

    #[test]
    fn scan_spans_are_ordered_disjoint_boundaries(text in "(\\PC|[0-9+@. -]){0,80}") {
        let found = scan(&text);
        for w in found.windows(2) {
            prop_assert!(w[0].span.end <= w[1].span.start);
        }
        for f in &found {
            prop_assert!(f.span.start < f.span.end);
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
        let _ = redact(&text);
    }

    #[test]
    fn redaction_removes_emails_and_phones(
        before in "[a-z ]{0,20}",
        local in "[a-z][a-z0-9._]{0,10}[a-z0-9]",
        domain in "[a-z]{2,10}\\.(org|com|ht|tt)",
        phone in "\\+[1-9][0-9]{1,2} [0-9]{3} [0-9]{4}",
    ) {
        let text = format!("{before} {local}@{domain} or {phone}.");
        let redacted = redact(&text);
        let email = format!("{local}@{domain}");
        prop_assert!(!redacted.contains(&email), "{}", redacted);
        prop_assert!(!redacted.contains(&phone), "{}", redacted);
    }

    /// The age range contains the true age for every pair of days the partial dates stand for,
    /// and the certain values agree with it.
    #[test]
    fn age_ranges_contain_the_true_age(birth in day(), gap in 0i64..40_000, bp in 0u8..3, rp in 0u8..3) {
        let reference = birth + chrono::Duration::days(gap);
        let (b, r) = (partial(birth, bp), partial(reference, rp));
        let Some(range) = AgeRange::at(b, r) else {
            return Err(TestCaseError::fail("the true birth is before the true reference"));
        };
        let truth = u8::try_from(completed_years(birth, reference).unwrap()).unwrap_or(u8::MAX);
        prop_assert!(range.min() <= truth && truth <= range.max());
        if let Some(age) = range.exact() {
            prop_assert_eq!(age, truth);
        }
        if let Some(band) = range.band() {
            prop_assert_eq!(band, AgeBand::from_age(truth));
        }
        if let Some(m) = range.majority() {
            prop_assert_eq!(m, MajorityStatus::from_age(truth));
        }
        if bp == 2 && rp == 2 {
            prop_assert_eq!(range.exact(), Some(truth));
        }
    }

    /// Every full date of a case moves by the same number of days.
    #[test]
    fn date_shifts_keep_intervals(case in "[a-z0-9-]{1,12}", a in day(), b in day(), window in 1u16..400) {
        let shift = pz("k").date_shift(&case, window).unwrap();
        let (sa, sb) = (shift.shift_day(a).unwrap(), shift.shift_day(b).unwrap());
        prop_assert_eq!(sb - sa, b - a);
        prop_assert!(shift.days() != 0 && shift.days().unsigned_abs() <= u32::from(window));
    }
}
