//! UTC timestamps in RFC 3339 form with `Z`.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Timelike, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{InvalidValue, deserialize_from_str, serialize_display};

/// An instant in UTC, written in RFC 3339 form with the `Z` designator:
/// `YYYY-MM-DDTHH:MM:SSZ`, optionally with 1 to 9 fraction digits. Offsets other than `Z`,
/// lower-case `t`/`z`, a space instead of `T`, leap seconds and impossible dates are rejected.
///
/// ```
/// use ctip_exchange::types::Timestamp;
/// let t: Timestamp = "2024-03-01T14:30:00Z".parse().unwrap();
/// assert_eq!(t.to_string(), "2024-03-01T14:30:00Z");
/// assert!("2024-03-01T14:30:00+01:00".parse::<Timestamp>().is_err());
/// assert!("2024-02-30T00:00:00Z".parse::<Timestamp>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

/// The JSON Schema pattern for [`Timestamp`]: it accepts exactly the strings that
/// [`Timestamp::from_str`] accepts, days of month and leap years included, so that a
/// validator without `format` support (Python `jsonschema` without its optional
/// `rfc3339-validator`) still agrees with the parser.
pub(crate) const TIMESTAMP_PATTERN: &str = concat!(
    "^(",
    "[1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])",
    "|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)",
    "|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])",
    "|([1-9][0-9]([02468][48]|[13579][26]|[2468]0)|([13579][26]|[2468][048])00)-02-29",
    ")T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z$"
);

const EXPECTED: &str = "expected an RFC 3339 UTC timestamp like 2024-03-01T14:30:00Z";

const EXPECTED_INSTANT: &str =
    "expected an instant from year 1000 to year 9999, not in a leap second";

impl Timestamp {
    /// Builds a timestamp from a chrono `DateTime<Utc>`, refusing what the parser refuses:
    /// a year before 1000 or after 9999 (the text form has exactly four year digits, the first
    /// not 0) and a leap second (chrono's second 60). So every timestamp prints as text that
    /// parses back to it.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use ctip_exchange::types::Timestamp;
    /// let t = Timestamp::from_datetime(Utc.with_ymd_and_hms(2024, 3, 1, 14, 30, 0).unwrap());
    /// assert_eq!(t.unwrap().to_string(), "2024-03-01T14:30:00Z");
    /// let old = Utc.with_ymd_and_hms(999, 12, 31, 0, 0, 0).unwrap();
    /// assert!(Timestamp::from_datetime(old).is_err());
    /// ```
    pub fn from_datetime(dt: DateTime<Utc>) -> Result<Self, InvalidValue> {
        if (1000..=9999).contains(&dt.year()) && dt.nanosecond() < 1_000_000_000 {
            Ok(Timestamp(dt))
        } else {
            Err(InvalidValue::new("timestamp", EXPECTED_INSTANT))
        }
    }

    /// The current instant from the system clock, with the precision the clock gives (up to
    /// nanoseconds; the text form then has a fraction of 3, 6 or 9 digits).
    ///
    /// A clock set outside the years 1000 to 9999 gives the nearest instant of that range
    /// (the first instant of year 1000 or the last of year 9999), never a panic.
    ///
    /// ```
    /// use ctip_exchange::types::Timestamp;
    /// let now = Timestamp::now();
    /// assert_eq!(now.to_string().parse::<Timestamp>().unwrap(), now);
    /// ```
    pub fn now() -> Self {
        use std::time::{SystemTime, UNIX_EPOCH};
        let (secs, nanos) = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => (
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            // before 1970: whole seconds are enough for a clock this wrong
            Err(e) => (
                i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
                0,
            ),
        };
        DateTime::from_timestamp(secs, nanos)
            .and_then(|dt| Timestamp::from_datetime(dt).ok())
            .unwrap_or_else(|| {
                if secs < 0 {
                    Self::first()
                } else {
                    Self::last()
                }
            })
    }

    /// 1000-01-01T00:00:00Z, the first instant a timestamp can hold.
    fn first() -> Self {
        let date = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap_or(NaiveDate::MIN);
        Timestamp(date.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// 9999-12-31T23:59:59.999999999Z, the last instant a timestamp can hold.
    fn last() -> Self {
        let date = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
        let time = chrono::NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999)
            .unwrap_or(chrono::NaiveTime::MIN);
        Timestamp(date.and_time(time).and_utc())
    }

    /// The instant as a chrono `DateTime<Utc>`.
    pub fn as_datetime(self) -> DateTime<Utc> {
        self.0
    }

    /// The calendar date (in UTC) of this instant.
    pub fn date(self) -> NaiveDate {
        // the UTC date straight away (`date_naive` adds the zero offset of UTC first, with
        // checked arithmetic); this runs for every date rule of every record
        self.0.naive_utc().date()
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
}

impl FromStr for Timestamp {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        let err = || InvalidValue::new("timestamp", EXPECTED);
        let b = s.as_bytes();
        if b.len() < 20 || b[b.len() - 1] != b'Z' {
            return Err(err());
        }
        let fixed = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if fixed.iter().any(|&(i, c)| b[i] != c) {
            return Err(err());
        }
        let year = digits(&b[0..4]).filter(|y| *y >= 1000).ok_or_else(err)?;
        let month = digits(&b[5..7]).ok_or_else(err)?;
        let day = digits(&b[8..10]).ok_or_else(err)?;
        let hour = digits(&b[11..13]).ok_or_else(err)?;
        let minute = digits(&b[14..16]).ok_or_else(err)?;
        let second = digits(&b[17..19]).ok_or_else(err)?;
        let rest = &b[19..b.len() - 1];
        let nanos = match rest {
            [] => 0,
            [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => {
                digits(frac).ok_or_else(err)? * 10u32.pow(9 - frac.len() as u32)
            }
            _ => return Err(err()),
        };
        let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(err)?;
        if hour > 23 || minute > 59 || second > 59 {
            return Err(err());
        }
        let time =
            chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or_else(err)?;
        Ok(Timestamp(NaiveDateTime::new(date, time).and_utc()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

serialize_display!(Timestamp);
deserialize_from_str!(Timestamp, "an RFC 3339 UTC timestamp");

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Timestamp")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "pattern": TIMESTAMP_PATTERN,
            "description": "An instant in UTC in RFC 3339 form with the Z designator, e.g. 2024-03-01T14:30:00Z.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_parsing() {
        for ok in [
            "2024-03-01T14:30:00Z",
            "2024-02-29T23:59:59Z",
            "2024-03-01T14:30:00.5Z",
            "2024-03-01T14:30:00.123456789Z",
        ] {
            let t: Timestamp = ok.parse().unwrap();
            assert_eq!(t.to_string().parse::<Timestamp>().unwrap(), t, "{ok}");
        }
        for bad in [
            "2024-03-01T14:30:00",
            "2024-03-01T14:30:00+00:00",
            "2024-03-01t14:30:00z",
            "2024-03-01 14:30:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-03-01T24:00:00Z",
            "2024-03-01T23:59:60Z",
            "2024-03-01T14:30:00.Z",
            "2024-03-01T14:30:00.1234567890Z",
            "+2024-03-01T14:30:00Z",
            "0999-03-01T14:30:00Z",
            "2024-3-01T14:30:00Z",
            "",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    #[test]
    fn pattern_agrees_with_parser() {
        let re = regex::Regex::new(TIMESTAMP_PATTERN).unwrap();
        for year in [1000u16, 1600, 1900, 1996, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=13u8 {
                for day in 0..=32u8 {
                    let s = format!("{year:04}-{month:02}-{day:02}T12:30:59Z");
                    assert_eq!(re.is_match(&s), s.parse::<Timestamp>().is_ok(), "{s}");
                }
            }
        }
        for s in [
            "2024-03-01T14:30:00Z",
            "2024-03-01T14:30:00.123456789Z",
            "2024-03-01T14:30:00.1234567890Z",
            "2024-03-01T24:00:00Z",
            "2024-03-01T23:60:00Z",
            "2024-03-01T23:59:60Z",
            "2024-03-01T14:30:00.Z",
            "2024-03-01t14:30:00z",
            "0999-03-01T14:30:00Z",
        ] {
            assert_eq!(re.is_match(s), s.parse::<Timestamp>().is_ok(), "{s}");
        }
    }

    #[test]
    fn from_datetime_refuses_what_the_parser_refuses() {
        use chrono::TimeZone;
        for year in [-1, 0, 1, 999, 1000, 1970, 2024, 9999, 10_000, 262_000] {
            let Some(dt) = Utc.with_ymd_and_hms(year, 6, 30, 12, 0, 0).single() else {
                continue;
            };
            let built = Timestamp::from_datetime(dt);
            // the parser reads the year as exactly four digits
            let text = format!("{year:04}-06-30T12:00:00Z");
            let parsed = text.parse::<Timestamp>();
            assert_eq!(built.is_ok(), parsed.is_ok(), "{year}");
            if let Ok(t) = built {
                assert_eq!(t.to_string(), text);
                assert_eq!(parsed.unwrap(), t);
            }
        }
        // a leap second: chrono holds it as a second with 1e9 or more nanoseconds
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        assert!(leap.to_rfc3339().contains(":60"));
        assert!(Timestamp::from_datetime(leap).is_err());
        for edge in [Timestamp::first(), Timestamp::last()] {
            assert_eq!(Timestamp::from_datetime(edge.0), Ok(edge));
            assert_eq!(edge.to_string().parse::<Timestamp>().unwrap(), edge);
        }
        assert_eq!(Timestamp::first().to_string(), "1000-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::last().to_string(),
            "9999-12-31T23:59:59.999999999Z"
        );
    }

    #[test]
    fn now_is_after_this_code_was_written_and_prints_back() {
        let now = Timestamp::now();
        assert!(now > "2026-01-01T00:00:00Z".parse().unwrap());
        assert_eq!(now.to_string().parse::<Timestamp>().unwrap(), now);
    }

    #[test]
    fn canonical_output() {
        let t: Timestamp = "2024-03-01T14:30:00.500Z".parse().unwrap();
        assert_eq!(t.to_string(), "2024-03-01T14:30:00.500Z");
    }
}
