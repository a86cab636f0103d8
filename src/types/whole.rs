//! Unsigned integers read as JSON Schema reads them.
//!
//! JSON Schema (draft 2020-12) counts any number with a zero fractional part as an integer:
//! `26`, `26.0` and `2.6e1` all pass `"type": "integer"`. Producers that keep numbers as
//! floats (pandas, spreadsheets) write `26.0`. serde's own integer types refuse a number
//! written with a fraction or an exponent, which made typed parsing stricter than the
//! published schema. These helpers (used with `#[serde(deserialize_with = ...)]`, which
//! leaves the generated schemas unchanged) accept a number with a zero fractional part
//! within the type's range, and refuse fractions, negatives and values out of range.
//! Serialization is untouched: integers are always written as plain integers.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Error, Unexpected, Visitor};

/// 2^64, the first whole `f64` beyond `u64::MAX`.
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

/// The whole number `v` stands for, if it is one in the range of `u64`.
pub(crate) fn whole_f64(v: f64) -> Option<u64> {
    // NaN and the infinities have a NaN fractional part; -0.0 is 0
    if v.fract() == 0.0 && (0.0..TWO_POW_64).contains(&v) {
        // exact: v is a whole number below 2^64
        Some(v as u64)
    } else {
        None
    }
}

/// An unsigned integer type the helpers read.
pub(crate) trait Unsigned: TryFrom<u64> {
    /// What serde's own visitor says it expects (`u32`, `u64`), kept for the same messages.
    const EXPECTING: &'static str;
}

impl Unsigned for u32 {
    const EXPECTING: &'static str = "u32";
}

impl Unsigned for u64 {
    const EXPECTING: &'static str = "u64";
}

struct Whole<T>(PhantomData<T>);

impl<T: Unsigned> Visitor<'_> for Whole<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        if v.fract() != 0.0 {
            // not a whole number: the wrong type, as serde's own integers say
            return Err(E::invalid_type(Unexpected::Float(v), &self));
        }
        match whole_f64(v) {
            Some(v) => self.visit_u64(v),
            None => Err(E::invalid_value(Unexpected::Float(v), &self)),
        }
    }
}

struct OptionWhole<T>(PhantomData<T>);

impl<'de, T: Unsigned> Visitor<'de> for OptionWhole<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "option of {}", T::EXPECTING)
    }

    fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_u64(Whole(PhantomData)).map(Some)
    }
}

/// A `u64` written as an integer or as a whole number with a fraction or an exponent.
pub(crate) fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_u64(Whole(PhantomData))
}

/// An optional `u32` (`null` is `None`), written as an integer or as a whole number with a
/// fraction or an exponent.
pub(crate) fn option_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_option(OptionWhole(PhantomData))
}

/// An optional `u64` (`null` is `None`), read like [`u64()`].
pub(crate) fn option_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_option(OptionWhole(PhantomData))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Counts {
        #[serde(default, deserialize_with = "option_u32")]
        small: Option<u32>,
        #[serde(deserialize_with = "u64")]
        big: u64,
        #[serde(default, deserialize_with = "option_u32")]
        maybe_small: Option<u32>,
        #[serde(default, deserialize_with = "option_u64")]
        maybe_big: Option<u64>,
    }

    fn small(n: &str) -> Result<u32, serde_json::Error> {
        let counts = serde_json::from_str::<Counts>(&format!(r#"{{"small":{n},"big":0}}"#))?;
        Ok(counts.small.expect("null is tested apart"))
    }

    fn big(n: &str) -> Result<u64, serde_json::Error> {
        serde_json::from_str::<Counts>(&format!(r#"{{"small":0,"big":{n}}}"#)).map(|c| c.big)
    }

    #[test]
    fn whole_numbers_in_any_spelling() {
        for (text, n) in [
            ("26", 26),
            ("26.0", 26),
            ("2.6e1", 26),
            ("2.60E+1", 26),
            ("260e-1", 26),
            ("0", 0),
            ("0.0", 0),
            ("-0", 0),
            ("-0.0", 0),
            ("0e5", 0),
            ("4294967295", 4_294_967_295),
            ("4294967295.0", 4_294_967_295),
        ] {
            assert_eq!(small(text).unwrap(), n, "{text}");
            assert_eq!(big(text).unwrap(), u64::from(n), "{text}");
        }
        assert_eq!(big("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(big("1e19").unwrap(), 10_000_000_000_000_000_000);
        assert_eq!(big("9007199254740992.0").unwrap(), 1 << 53);
    }

    #[test]
    fn fractions_negatives_and_out_of_range_are_refused() {
        for text in ["26.5", "0.1", "2.65e1", "-1", "-1.0", "-1e3", "1e-1"] {
            assert!(small(text).is_err(), "{text}");
            assert!(big(text).is_err(), "{text}");
        }
        for text in ["4294967296", "4294967296.0", "1e10"] {
            assert!(small(text).is_err(), "{text}");
            assert!(big(text).is_ok(), "{text}");
        }
        for text in [
            "18446744073709551616",
            "1.8446744073709552e19",
            "1e20",
            "1e300",
        ] {
            assert!(big(text).is_err(), "{text}");
        }
        // not numbers at all
        for text in [r#""26""#, "true", "[26]", "{}"] {
            assert!(small(text).is_err(), "{text}");
            assert!(big(text).is_err(), "{text}");
        }
        assert!(big("null").is_err());
    }

    #[test]
    fn same_kinds_of_error_as_serde_integers() {
        let message = |r: Result<u32, serde_json::Error>| r.unwrap_err().to_string();
        assert!(message(small("26.5")).starts_with("invalid type: floating point"));
        assert!(message(small("-1")).starts_with("invalid value: integer `-1`"));
        assert!(message(small("1e10")).starts_with("invalid value: integer"));
        assert!(message(small("1e20")).starts_with("invalid value: floating point"));
        assert!(message(small("1e20")).contains(", expected u32"));
    }

    #[test]
    fn optional_counts() {
        let parse = |s: &str| serde_json::from_str::<Counts>(s).unwrap();
        let c = parse(r#"{"small":1,"big":2}"#);
        assert_eq!((c.maybe_small, c.maybe_big), (None, None));
        let c = parse(r#"{"small":1,"big":2,"maybe_small":null,"maybe_big":null}"#);
        assert_eq!((c.maybe_small, c.maybe_big), (None, None));
        let c = parse(r#"{"small":1,"big":2,"maybe_small":3.0,"maybe_big":4e0}"#);
        assert_eq!((c.maybe_small, c.maybe_big), (Some(3), Some(4)));
        assert!(
            serde_json::from_str::<Counts>(r#"{"small":1,"big":2,"maybe_small":3.5}"#).is_err()
        );
        assert!(serde_json::from_str::<Counts>(r#"{"small":1,"big":2,"maybe_big":-4}"#).is_err());
    }
}
