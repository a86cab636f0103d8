//! Ages in completed years.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::InvalidValue;

/// An age in completed years, 0 to 120.
///
/// ```
/// use ctip_exchange::types::Age;
/// assert_eq!(Age::new(17).unwrap().years(), 17);
/// assert!(Age::new(121).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Age(u8);

/// The oldest age the standard accepts.
pub const MAX_AGE: u8 = 120;

impl Age {
    /// An age, if it is at most [`MAX_AGE`].
    pub fn new(years: u8) -> Result<Age, InvalidValue> {
        if years <= MAX_AGE {
            Ok(Age(years))
        } else {
            Err(InvalidValue::new(
                "age",
                "expected a whole number of years from 0 to 120",
            ))
        }
    }

    /// The age in years.
    pub fn years(self) -> u8 {
        self.0
    }
}

impl fmt::Debug for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Age({})", self.0)
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Age {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for Age {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Age;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number of years from 0 to 120")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Age, E> {
                u8::try_from(v)
                    .ok()
                    .and_then(|v| Age::new(v).ok())
                    .ok_or_else(|| E::custom("age: expected a whole number of years from 0 to 120"))
            }
            /// A whole number written with a fraction or an exponent (`26.0`, `2.6e1`) is
            /// an integer to JSON Schema, and so to the standard.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Age, E> {
                super::whole::whole_f64(v)
                    .ok_or_else(|| E::custom("age: expected a whole number of years from 0 to 120"))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Age, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom("age: expected a whole number of years from 0 to 120"))
                    .and_then(|v| self.visit_u64(v))
            }
        }
        d.deserialize_u64(V)
    }
}

impl JsonSchema for Age {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Age")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_AGE,
            "description": "An age in completed years, 0 to 120.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_in_any_spelling() {
        for text in ["26", "26.0", "2.6e1", "260e-1", "26.000"] {
            let age: Age = serde_json::from_str(text).unwrap();
            assert_eq!(age.years(), 26, "{text}");
            // written back as a plain integer
            assert_eq!(serde_json::to_string(&age).unwrap(), "26");
        }
        assert_eq!(serde_json::from_str::<Age>("0.0").unwrap().years(), 0);
        assert_eq!(serde_json::from_str::<Age>("-0.0").unwrap().years(), 0);
        assert_eq!(serde_json::from_str::<Age>("120.0").unwrap().years(), 120);
    }

    #[test]
    fn fractions_negatives_and_out_of_range_are_refused() {
        for text in [
            "26.5", "0.5", "-1", "-1.0", "121", "121.0", "1.21e2", "1e300", "256", "\"26\"",
            "null", "true",
        ] {
            assert!(serde_json::from_str::<Age>(text).is_err(), "{text}");
        }
        // the message never quotes the value
        let err = serde_json::from_str::<Age>("121.0")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("age: expected a whole number"), "{err}");
    }
}
