//! Partial dates: a year, a month or a day, as survivors often know only the year.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{InvalidValue, deserialize_from_str, serialize_display};

/// How precise a [`PartialDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    /// `YYYY`
    Year,
    /// `YYYY-MM`
    Month,
    /// `YYYY-MM-DD`
    Day,
}

/// An ISO 8601 calendar date that may be partial: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, for years
/// 1000 to 9999.
///
/// Parsing is strict: exactly four year digits, two month and two day digits, a real calendar
/// day (`2021-02-30` is rejected, `2024-02-29` accepted), no sign, no time, no spaces.
///
/// A partial date stands for an interval of days ([`earliest`](Self::earliest) to
/// [`latest`](Self::latest)); comparisons between partial dates are therefore three-valued:
/// [`is_surely_before`](Self::is_surely_before) holds only when every day of one interval is
/// before every day of the other.
///
/// ```
/// use ctip_exchange::types::PartialDate;
/// let born: PartialDate = "2003".parse().unwrap();
/// let identified: PartialDate = "2021-07-15".parse().unwrap();
/// assert!(born.is_surely_before(identified));
/// let july: PartialDate = "2021-07".parse().unwrap();
/// assert!(!july.is_surely_before(identified) && !identified.is_surely_before(july));
/// assert!("2021-2-9".parse::<PartialDate>().is_err());
/// assert!("2021-02-30".parse::<PartialDate>().is_err());
/// assert!("+2021-01-01".parse::<PartialDate>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: u16,
    month: u8,
    day: u8,
}

/// The JSON Schema pattern for [`PartialDate`]: it accepts exactly the strings that
/// [`PartialDate::from_str`] accepts, leap years included.
pub(crate) const PARTIAL_DATE_PATTERN: &str = concat!(
    "^(",
    "[1-9][0-9]{3}(-(0[1-9]|1[0-2]))?",
    "|[1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])",
    "|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)",
    "|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])",
    "|([1-9][0-9]([02468][48]|[13579][26]|[2468]0)|([13579][26]|[2468][048])00)-02-29",
    ")$"
);

const EXPECTED: &str = "expected an ISO 8601 date YYYY, YYYY-MM or YYYY-MM-DD (years 1000 to 9999)";

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: u16) -> Result<Self, InvalidValue> {
        Self::new(year, 0, 0)
    }

    /// A date known to the month (1 to 12).
    pub fn month(year: u16, month: u8) -> Result<Self, InvalidValue> {
        if month == 0 {
            return Err(InvalidValue::new("partial date", EXPECTED));
        }
        Self::new(year, month, 0)
    }

    /// A full date.
    pub fn day(year: u16, month: u8, day: u8) -> Result<Self, InvalidValue> {
        if month == 0 || day == 0 {
            return Err(InvalidValue::new("partial date", EXPECTED));
        }
        Self::new(year, month, day)
    }

    fn new(year: u16, month: u8, day: u8) -> Result<Self, InvalidValue> {
        let err = || InvalidValue::new("partial date", EXPECTED);
        if !(1000..=9999).contains(&year) || month > 12 || (month == 0 && day != 0) {
            return Err(err());
        }
        if day > days_in_month(year, month) {
            return Err(err());
        }
        Ok(PartialDate { year, month, day })
    }

    /// The first day this date can stand for, as a number that orders like the day.
    fn earliest_key(self) -> u32 {
        day_key(self.year, self.month.max(1), self.day.max(1))
    }

    /// The last day this date can stand for, as a number that orders like the day.
    fn latest_key(self) -> u32 {
        match (self.month, self.day) {
            (0, _) => day_key(self.year, 12, 31),
            (m, 0) => day_key(self.year, m, days_in_month(self.year, m)),
            (m, d) => day_key(self.year, m, d),
        }
    }

    /// A full date from a chrono date.
    pub fn from_naive(date: NaiveDate) -> Result<Self, InvalidValue> {
        let year =
            u16::try_from(date.year()).map_err(|_| InvalidValue::new("partial date", EXPECTED))?;
        Self::day(year, date.month() as u8, date.day() as u8)
    }

    /// The year.
    pub fn year_value(self) -> u16 {
        self.year
    }

    /// The month, when known.
    pub fn month_value(self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day, when known.
    pub fn day_value(self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// How precise the date is.
    pub fn precision(self) -> DatePrecision {
        match (self.month, self.day) {
            (0, _) => DatePrecision::Year,
            (_, 0) => DatePrecision::Month,
            _ => DatePrecision::Day,
        }
    }

    /// The first day the date can stand for.
    pub fn earliest(self) -> NaiveDate {
        let month = self.month.max(1);
        let day = self.day.max(1);
        NaiveDate::from_ymd_opt(self.year.into(), month.into(), day.into())
            .expect("a PartialDate is always a valid calendar date")
    }

    /// The last day the date can stand for.
    pub fn latest(self) -> NaiveDate {
        match self.precision() {
            DatePrecision::Day => self.earliest(),
            DatePrecision::Month => {
                let (y, m) = if self.month == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, self.month + 1)
                };
                match NaiveDate::from_ymd_opt(y.into(), m.into(), 1) {
                    Some(first_of_next) => first_of_next.pred_opt().unwrap_or(first_of_next),
                    None => NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX),
                }
            }
            DatePrecision::Year => NaiveDate::from_ymd_opt(self.year.into(), 12, 31)
                .expect("December 31 exists in every year"),
        }
    }

    /// True when every day this date can stand for is before every day `other` can stand for.
    pub fn is_surely_before(self, other: PartialDate) -> bool {
        self.latest_key() < other.earliest_key()
    }

    /// True when every day this date can stand for is after `day`.
    pub fn is_surely_after_day(self, day: NaiveDate) -> bool {
        self.earliest_key() > naive_key(day)
    }

    /// True when every day this date can stand for is before `day`.
    pub fn is_surely_before_day(self, day: NaiveDate) -> bool {
        self.latest_key() < naive_key(day)
    }

    /// The date reduced to at most `precision` (e.g. a full date to its month).
    ///
    /// ```
    /// use ctip_exchange::types::{DatePrecision, PartialDate};
    /// let d: PartialDate = "2021-07-15".parse().unwrap();
    /// assert_eq!(d.coarsen(DatePrecision::Month).to_string(), "2021-07");
    /// assert_eq!(d.coarsen(DatePrecision::Year).to_string(), "2021");
    /// ```
    pub fn coarsen(self, precision: DatePrecision) -> PartialDate {
        match precision {
            DatePrecision::Year => PartialDate {
                year: self.year,
                month: 0,
                day: 0,
            },
            DatePrecision::Month => PartialDate { day: 0, ..self },
            DatePrecision::Day => self,
        }
    }

    /// Compares the intervals: `Some(Less)` when surely before, `Some(Greater)` when surely
    /// after, `Some(Equal)` when both are the same day, `None` when they overlap otherwise.
    pub fn compare(self, other: PartialDate) -> Option<Ordering> {
        if self.is_surely_before(other) {
            Some(Ordering::Less)
        } else if other.is_surely_before(self) {
            Some(Ordering::Greater)
        } else if self.precision() == DatePrecision::Day && self == other {
            Some(Ordering::Equal)
        } else {
            None
        }
    }
}

/// The days of a month of the Gregorian calendar (0 for month 0: no day).
pub(crate) const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// A day as a number that orders like the days: year, month, day in bit fields.
const fn day_key(year: u16, month: u8, day: u8) -> u32 {
    ((year as u32) << 9) | ((month as u32) << 5) | day as u32
}

/// The key of a chrono date ([`day_key`]); years outside 0..=65535 saturate, which keeps the
/// order against every partial date (years 1000 to 9999).
fn naive_key(day: NaiveDate) -> u32 {
    let year = day.year().clamp(0, i32::from(u16::MAX)) as u16;
    let key = day_key(year, day.month() as u8, day.day() as u8);
    if day.year() < 0 {
        0
    } else if day.year() > i32::from(u16::MAX) {
        u32::MAX
    } else {
        key
    }
}

fn two_digits(b: &[u8]) -> Option<u8> {
    match b {
        [a @ b'0'..=b'9', c @ b'0'..=b'9'] => Some((a - b'0') * 10 + (c - b'0')),
        _ => None,
    }
}

impl FromStr for PartialDate {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        let err = || InvalidValue::new("partial date", EXPECTED);
        let b = s.as_bytes();
        if !matches!(b.len(), 4 | 7 | 10) || !b[..4].iter().all(u8::is_ascii_digit) {
            return Err(err());
        }
        let year = b[..4]
            .iter()
            .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
        let (month, day) = match b.len() {
            4 => (0, 0),
            7 if b[4] == b'-' => (two_digits(&b[5..7]).filter(|m| *m != 0).ok_or_else(err)?, 0),
            10 if b[4] == b'-' && b[7] == b'-' => (
                two_digits(&b[5..7]).filter(|m| *m != 0).ok_or_else(err)?,
                two_digits(&b[8..10]).filter(|d| *d != 0).ok_or_else(err)?,
            ),
            _ => return Err(err()),
        };
        PartialDate::new(year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartialDate({self})")
    }
}

serialize_display!(PartialDate);
deserialize_from_str!(PartialDate, "an ISO 8601 date YYYY, YYYY-MM or YYYY-MM-DD");

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("PartialDate")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": PARTIAL_DATE_PATTERN,
            "description": "An ISO 8601 calendar date that may be partial: YYYY, YYYY-MM or YYYY-MM-DD (years 1000 to 9999). Survivors often know only the year.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The days-in-month check agrees with chrono on every day of 400 years and more.
    #[test]
    fn days_in_month_agrees_with_chrono() {
        for year in (1000..=1100).chain(1890..=2110).chain(9900..=9999) {
            for month in 1..=12u8 {
                for day in 1..=32u8 {
                    let chrono =
                        NaiveDate::from_ymd_opt(year.into(), month.into(), day.into()).is_some();
                    assert_eq!(
                        day <= days_in_month(year, month),
                        chrono,
                        "{year}-{month}-{day}"
                    );
                    assert_eq!(PartialDate::day(year, month, day).is_ok(), chrono);
                }
            }
        }
    }

    /// The comparisons on keys agree with the comparisons of chrono dates.
    #[test]
    fn key_comparisons_agree_with_chrono_dates() {
        let mut dates = Vec::new();
        for year in [1000u16, 1999, 2000, 2023, 2024, 9999] {
            dates.push(PartialDate::year(year).unwrap());
            for month in 1..=12 {
                dates.push(PartialDate::month(year, month).unwrap());
                for day in [1, 15, 28, 29, 30, 31] {
                    if let Ok(d) = PartialDate::day(year, month, day) {
                        dates.push(d);
                    }
                }
            }
        }
        for a in &dates {
            assert_eq!(
                a.earliest_key() <= a.latest_key(),
                a.earliest() <= a.latest()
            );
            for b in dates.iter().step_by(7) {
                assert_eq!(a.is_surely_before(*b), a.latest() < b.earliest(), "{a} {b}");
                assert_eq!(
                    a.is_surely_after_day(b.earliest()),
                    a.earliest() > b.earliest()
                );
                assert_eq!(a.is_surely_before_day(b.latest()), a.latest() < b.latest());
            }
        }
        let far = NaiveDate::from_ymd_opt(100_000, 1, 1).unwrap();
        let early = NaiveDate::from_ymd_opt(-5, 1, 1).unwrap();
        assert!(dates[0].is_surely_before_day(far) && dates[0].is_surely_after_day(early));
    }

    #[test]
    fn strict_parsing() {
        for ok in [
            "2021",
            "2021-07",
            "2021-07-15",
            "2024-02-29",
            "2000-02-29",
            "1000",
            "9999-12-31",
        ] {
            assert_eq!(ok.parse::<PartialDate>().unwrap().to_string(), ok);
        }
        for bad in [
            "2021-2-9",
            "2021-02-30",
            "+2021-01-01",
            "2023-02-29",
            "1900-02-29",
            "2021-00",
            "2021-13",
            "2021-07-00",
            "21",
            "02021",
            "0999",
            "2021-07-15T00:00:00Z",
            " 2021",
            "2021/07/15",
            "2021-07-1",
            "",
            "２０２１",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn intervals() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        assert_eq!(
            d("2024-02").latest(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            d("2021").earliest(),
            NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
        );
        assert_eq!(
            d("9999-12").latest(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()
        );
        assert!(d("2020").is_surely_before(d("2021-01-01")));
        assert!(!d("2021").is_surely_before(d("2021-12-31")));
        assert_eq!(d("2021-07").compare(d("2021")), None);
        assert_eq!(
            d("2021-07-01").compare(d("2021-07-01")),
            Some(Ordering::Equal)
        );
        assert_eq!(d("2022").compare(d("2021-07")), Some(Ordering::Greater));
    }

    #[test]
    fn pattern_agrees_with_parser() {
        let re = regex::Regex::new(PARTIAL_DATE_PATTERN).unwrap();
        // every day of a leap-cycle sample of years, and invalid neighbours
        for year in [
            1000u16, 1600, 1700, 1900, 1996, 2000, 2023, 2024, 2100, 2400, 9996, 9999,
        ] {
            for month in 0..=13u8 {
                for day in 0..=32u8 {
                    let s = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(re.is_match(&s), s.parse::<PartialDate>().is_ok(), "{s}");
                }
                let s = format!("{year:04}-{month:02}");
                assert_eq!(re.is_match(&s), s.parse::<PartialDate>().is_ok(), "{s}");
            }
        }
        for s in ["0999", "2021-2-9", "+2021", "20210"] {
            assert!(!re.is_match(s), "{s}");
        }
    }
}
