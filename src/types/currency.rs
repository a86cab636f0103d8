//! ISO 4217 currency codes and monetary amounts (fines, compensation orders).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::currency_codes::ISO_4217;
use super::{InvalidValue, deserialize_from_str, serialize_display};

/// An ISO 4217 alphabetic currency code in upper case (`TTD`, `JMD`, `XCD`, `USD`, `EUR`).
///
/// Only currencies are accepted: the fund codes (`USN`, `CLF`...), precious metals, SDR and
/// the testing and "no currency" codes (`XTS`, `XXX`) are not amounts a court imposes.
///
/// ```
/// use ctip_exchange::types::CurrencyCode;
/// let ttd: CurrencyCode = "TTD".parse().unwrap();
/// assert_eq!(ttd.name(), "Trinidad and Tobago Dollar");
/// assert!("ttd".parse::<CurrencyCode>().is_err());
/// assert!("XXX".parse::<CurrencyCode>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode(u8);

const EXPECTED: &str = "expected an ISO 4217 alphabetic currency code in upper case";

impl CurrencyCode {
    /// Every accepted code, in alphabetical order.
    pub fn all() -> impl ExactSizeIterator<Item = CurrencyCode> {
        (0..ISO_4217.len()).map(|i| CurrencyCode(i as u8))
    }

    /// The three-letter code.
    pub fn as_str(self) -> &'static str {
        ISO_4217[self.0 as usize].0
    }

    /// The English name from ISO 4217.
    pub fn name(self) -> &'static str {
        ISO_4217[self.0 as usize].1
    }
}

impl FromStr for CurrencyCode {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        ISO_4217
            .binary_search_by(|(code, _)| (*code).cmp(s))
            .map(|i| CurrencyCode(i as u8))
            .map_err(|_| InvalidValue::new("currency code", EXPECTED))
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CurrencyCode({})", self.as_str())
    }
}

serialize_display!(CurrencyCode);
deserialize_from_str!(CurrencyCode, "an ISO 4217 currency code");

impl JsonSchema for CurrencyCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("CurrencyCode")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = ISO_4217.iter().map(|(c, _)| *c).collect();
        json_schema!({
            "type": "string",
            "description": "An ISO 4217 alphabetic currency code, upper case.",
            "enum": codes,
        })
    }
}

/// An amount of money in a currency, e.g. a fine: `{"amount": 50000, "currency": "TTD"}`.
/// The amount is a finite number, 0 or more, in the currency's main unit (dollars, not cents).
///
/// ```
/// use ctip_exchange::types::MonetaryAmount;
/// let fine: MonetaryAmount = serde_json::from_str(r#"{"amount":2500.5,"currency":"JMD"}"#).unwrap();
/// assert_eq!(fine.amount(), 2500.5);
/// assert!(serde_json::from_str::<MonetaryAmount>(r#"{"amount":-1,"currency":"JMD"}"#).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonetaryAmount {
    /// The amount, 0 or more, in the currency's main unit.
    #[schemars(range(min = 0))]
    amount: f64,
    /// The currency.
    currency: CurrencyCode,
}

impl MonetaryAmount {
    /// An amount, when it is finite and not negative.
    pub fn new(amount: f64, currency: CurrencyCode) -> Result<Self, InvalidValue> {
        if amount.is_finite() && amount >= 0.0 {
            // -0.0 is written as 0
            Ok(MonetaryAmount {
                amount: amount.abs(),
                currency,
            })
        } else {
            Err(InvalidValue::new(
                "monetary amount",
                "expected a finite amount of 0 or more",
            ))
        }
    }

    /// The amount, in the currency's main unit.
    pub fn amount(self) -> f64 {
        self.amount
    }

    /// The currency.
    pub fn currency(self) -> CurrencyCode {
        self.currency
    }
}

/// A whole amount is written as an integer (`500000`, not `500000.0`), so that a document
/// round-trips as it was written.
impl Serialize for MonetaryAmount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("MonetaryAmount", 2)?;
        // below 2^53 every whole f64 is exactly a u64
        if self.amount.fract() == 0.0 && self.amount < 9_007_199_254_740_992.0 {
            st.serialize_field("amount", &(self.amount as u64))?;
        } else {
            st.serialize_field("amount", &self.amount)?;
        }
        st.serialize_field("currency", &self.currency)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for MonetaryAmount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            amount: f64,
            currency: CurrencyCode,
        }
        let raw = Raw::deserialize(d)?;
        MonetaryAmount::new(raw.amount, raw.currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caribbean_currencies_and_no_funds_or_metals() {
        for code in [
            "TTD", "JMD", "XCD", "BBD", "BSD", "GYD", "SRD", "HTG", "DOP", "BZD",
        ] {
            assert!(code.parse::<CurrencyCode>().is_ok(), "{code}");
        }
        for bad in ["XXX", "XTS", "XAU", "USN", "CLF", "usd", "US", "USDD", ""] {
            assert!(bad.parse::<CurrencyCode>().is_err(), "{bad}");
        }
        for c in CurrencyCode::all() {
            assert_eq!(c.as_str().parse::<CurrencyCode>().unwrap(), c);
        }
        assert!(ISO_4217.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn amounts_are_finite_and_not_negative() {
        let ttd: CurrencyCode = "TTD".parse().unwrap();
        assert!(MonetaryAmount::new(0.0, ttd).is_ok());
        assert_eq!(
            MonetaryAmount::new(-0.0, ttd).unwrap().amount().to_bits(),
            0f64.to_bits()
        );
        for bad in [-0.01, f64::NAN, f64::INFINITY] {
            assert!(MonetaryAmount::new(bad, ttd).is_err());
        }
        let parse = |s: &str| serde_json::from_str::<MonetaryAmount>(s);
        for text in [
            r#"{"amount":100,"currency":"TTD"}"#,
            r#"{"amount":0.5,"currency":"TTD"}"#,
            r#"{"amount":1e300,"currency":"TTD"}"#,
        ] {
            let back = serde_json::to_string(&parse(text).unwrap()).unwrap();
            assert_eq!(parse(&back).unwrap(), parse(text).unwrap(), "{text}");
        }
        assert_eq!(
            serde_json::to_string(&parse(r#"{"amount":100.0,"currency":"TTD"}"#).unwrap()).unwrap(),
            r#"{"amount":100,"currency":"TTD"}"#
        );
        for bad in [
            r#"{"amount":"100","currency":"TTD"}"#,
            r#"{"amount":100}"#,
            r#"{"amount":100,"currency":"TTD","note":"x"}"#,
            r#"{"amount":-5,"currency":"TTD"}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let err = parse(r#"{"amount":1,"currency":"SECRET"}"#).unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
    }
}
