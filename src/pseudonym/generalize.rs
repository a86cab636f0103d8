//! Generalization: ages from partial birth dates, age bands, majority, date coarsening and
//! shifting, locations to countries.

use chrono::{Datelike, Duration, NaiveDate};

use crate::types::{CountryCode, DatePrecision, PartialDate};
use crate::vocab::{AgeBand, AgeGroup, MajorityStatus};

/// Largest date-shift window, in days (ten years).
pub const MAX_SHIFT_WINDOW_DAYS: u16 = 3650;

/// The age a person can have at a reference date, in completed years, when the birth date or
/// the reference date is partial.
///
/// A birth year alone gives a range of two ages at a full reference date (before and after the
/// birthday). Values that are certain are offered as such: [`exact`](Self::exact) only when the
/// range is one age, [`band`](Self::band) and [`majority`](Self::majority) only when every age
/// of the range has the same band or status. Uncertain values are left out rather than
/// guessed, because a wrong "adult" for a child changes what protection the child gets.
///
/// ```
/// use ctip_exchange::pseudonym::AgeRange;
/// use ctip_exchange::types::PartialDate;
/// use ctip_exchange::vocab::{AgeBand, MajorityStatus};
/// let d = |s: &str| s.parse::<PartialDate>().unwrap();
/// let age = AgeRange::at(d("2005"), d("2022-06-15")).unwrap();
/// assert_eq!((age.min(), age.max()), (16, 17));
/// assert_eq!(age.exact(), None);
/// assert_eq!(age.band(), Some(AgeBand::Age9To17));
/// assert_eq!(age.majority(), Some(MajorityStatus::Minor));
/// let age = AgeRange::at(d("2004-03-02"), d("2022-03-02")).unwrap();
/// assert_eq!(age.exact(), Some(18));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeRange {
    min: u8,
    max: u8,
}

impl AgeRange {
    /// The possible ages at `reference` of a person born on `birth`; `None` when the
    /// reference date is surely before the birth date.
    pub fn at(birth: PartialDate, reference: PartialDate) -> Option<AgeRange> {
        if reference.latest() < birth.earliest() {
            return None;
        }
        let min = completed_years(birth.latest(), reference.earliest()).unwrap_or(0);
        let max = completed_years(birth.earliest(), reference.latest()).unwrap_or(0);
        Some(AgeRange {
            min: clamp_age(min),
            max: clamp_age(max),
        })
    }

    /// The youngest possible age.
    pub fn min(self) -> u8 {
        self.min
    }

    /// The oldest possible age.
    pub fn max(self) -> u8 {
        self.max
    }

    /// The age, when only one is possible.
    pub fn exact(self) -> Option<u8> {
        (self.min == self.max).then_some(self.min)
    }

    /// The CTDC age band, when every possible age falls in the same band.
    pub fn band(self) -> Option<AgeBand> {
        let band = AgeBand::from_age(self.min);
        (band == AgeBand::from_age(self.max)).then_some(band)
    }

    /// Minor (0-17) or adult (18+), when every possible age has the same status.
    pub fn majority(self) -> Option<MajorityStatus> {
        let status = MajorityStatus::from_age(self.min);
        (status == MajorityStatus::from_age(self.max)).then_some(status)
    }

    /// The UNODC age group (0-17 or 18+) of the indicators, when certain.
    pub fn age_group(self) -> Option<AgeGroup> {
        self.majority().map(AgeGroup::from_majority)
    }
}

/// Completed years from `birth` to `at` (`None` when `at` is before `birth`). A person born on
/// 29 February completes a year on 1 March in common years.
pub fn completed_years(birth: NaiveDate, at: NaiveDate) -> Option<u32> {
    if at < birth {
        return None;
    }
    let mut years = at.year() - birth.year();
    if (at.month(), at.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

fn clamp_age(years: u32) -> u8 {
    u8::try_from(years).unwrap_or(u8::MAX)
}

/// The year of birth, the most a record needs in most exchanges.
pub fn year_of_birth(birth: PartialDate) -> PartialDate {
    birth.coarsen(DatePrecision::Year)
}

/// A date generalized to at most `precision` (a thin name for [`PartialDate::coarsen`]).
pub fn coarsen_date(date: PartialDate, precision: DatePrecision) -> PartialDate {
    date.coarsen(precision)
}

/// A consistent date shift for one case: every date of the case moves by the same number of
/// days, so intervals between them are kept while the true dates are hidden.
///
/// The offset is derived with a keyed function from the case id (see
/// [`Pseudonymizer::date_shift`](super::Pseudonymizer::date_shift) and `schemas/PSEUDONYMS.md`,
/// "Date shift"), lies in `-window..=window` days and is never 0.
///
/// ```
/// use ctip_exchange::pseudonym::{KeySet, Pseudonymizer, SecretKey};
/// let key = SecretKey::from_bytes("demo".parse().unwrap(), [42; 32]);
/// let pz = Pseudonymizer::new(&KeySet::new(key), "research-extract".parse().unwrap());
/// let shift = pz.date_shift("case-2024-0017", 30).unwrap();
/// assert!(shift.days() != 0 && shift.days().abs() <= 30);
/// assert_eq!(shift, pz.date_shift("case-2024-0017", 30).unwrap());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DateShift {
    days: i32,
}

impl DateShift {
    /// The offset from a 64-bit draw: `k = draw mod 2w`; `k - w` when `k < w`, else
    /// `k - w + 1`.
    pub(crate) fn from_draw(draw: u64, window_days: u16) -> DateShift {
        let w = u64::from(window_days);
        let k = draw % (2 * w);
        let offset = if k < w {
            k as i64 - w as i64
        } else {
            k as i64 - w as i64 + 1
        };
        DateShift {
            days: i32::try_from(offset).expect("the window is at most 3650 days"),
        }
    }

    /// The offset in days.
    pub fn days(self) -> i32 {
        self.days
    }

    /// Shifts a full date.
    pub fn shift_day(self, date: NaiveDate) -> Option<NaiveDate> {
        date.checked_add_signed(Duration::days(i64::from(self.days)))
    }

    /// Shifts a partial date: a full date moves by the offset; a month or a year moves its
    /// middle day (the first day plus half the number of days after it, rounded down) by the
    /// offset and is reduced again to its precision. Moving the middle rather than the first
    /// day keeps the sign of the offset hidden: from the first day, every negative offset would
    /// change the month or year and no positive offset below a month would. `None` when the
    /// result leaves the years 1000 to 9999.
    pub fn shift(self, date: PartialDate) -> Option<PartialDate> {
        let (first, last) = (date.earliest(), date.latest());
        let middle = first + Duration::days((last - first).num_days() / 2);
        let shifted = self.shift_day(middle)?;
        PartialDate::from_naive(shifted)
            .ok()
            .map(|d| d.coarsen(date.precision()))
    }
}

impl std::fmt::Debug for DateShift {
    /// The offset is a secret of the agency (it undoes the shift): it is not printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DateShift(..)")
    }
}

/// A place generalized to its country: everything finer (street, town, region) is dropped.
pub fn location_to_country(address: &super::Address) -> Option<CountryCode> {
    address.country()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn ages() {
        let r = AgeRange::at(d("2000-02-29"), d("2018-02-28")).unwrap();
        assert_eq!(r.exact(), Some(17));
        let r = AgeRange::at(d("2000-02-29"), d("2018-03-01")).unwrap();
        assert_eq!(r.exact(), Some(18));
        let r = AgeRange::at(d("2004"), d("2022")).unwrap();
        assert_eq!((r.min(), r.max()), (17, 18));
        assert_eq!(r.band(), None);
        assert_eq!(r.majority(), None);
        let r = AgeRange::at(d("2004-06"), d("2022-06")).unwrap();
        assert_eq!((r.min(), r.max()), (17, 18));
        let r = AgeRange::at(d("1990"), d("2024-01-01")).unwrap();
        assert_eq!(r.band(), Some(AgeBand::Age30To38));
        assert_eq!(r.majority(), Some(MajorityStatus::Adult));
        assert_eq!(r.age_group(), Some(AgeGroup::Adults));
        // Same year: a newborn, age 0.
        assert_eq!(
            AgeRange::at(d("2022"), d("2022-06-01")).unwrap().exact(),
            Some(0)
        );
        assert_eq!(AgeRange::at(d("2022-06-02"), d("2022-06-01")), None);
        assert_eq!(AgeRange::at(d("1000"), d("9999")).unwrap().max(), 255);
    }

    #[test]
    fn shifts_stay_in_the_window_and_are_never_zero() {
        for w in [1u16, 2, 30, 3650] {
            let mut seen_min = false;
            let mut seen_max = false;
            for draw in 0..(4 * u64::from(w)) {
                let s = DateShift::from_draw(draw, w).days();
                assert!(s != 0 && s.unsigned_abs() <= u32::from(w));
                seen_min |= s == -i32::from(w);
                seen_max |= s == i32::from(w);
            }
            assert!(seen_min && seen_max);
        }
        let s = DateShift { days: -10 };
        assert_eq!(s.shift(d("2021-07-05")).unwrap(), d("2021-06-25"));
        // middle of July 2021: the 16th
        assert_eq!(s.shift(d("2021-07")).unwrap(), d("2021-07"));
        assert_eq!(
            DateShift { days: -16 }.shift(d("2021-07")).unwrap(),
            d("2021-06")
        );
        assert_eq!(
            DateShift { days: 16 }.shift(d("2021-07")).unwrap(),
            d("2021-08")
        );
        assert_eq!(
            DateShift { days: 15 }.shift(d("2021-07")).unwrap(),
            d("2021-07")
        );
        // middle of 2021: 2 July
        assert_eq!(s.shift(d("2021")).unwrap(), d("2021"));
        assert_eq!(
            DateShift { days: -183 }.shift(d("2021")).unwrap(),
            d("2020")
        );
        assert_eq!(DateShift { days: 183 }.shift(d("2021")).unwrap(), d("2022"));
        assert!(format!("{s:?}").find("10").is_none());
    }
}
