//! Shared value types: validated newtypes that cannot hold an invalid value.
//!
//! Every type here checks itself while it is parsed (from a string or from JSON), so a value
//! of one of these types is always valid: a [`CountryCode`] is an officially assigned
//! ISO 3166-1 alpha-2 code, a [`PartialDate`] is a real calendar date at its precision, and
//! so on. Error messages never repeat the rejected value: it may be personal data.

mod age;
mod codes;
mod country;
mod currency;
mod currency_codes;
mod date;
mod defendant;
mod extensions;
pub(crate) mod guarded;
mod id;
mod language;
mod list;
pub(crate) mod strict;
mod subdivision;
mod timestamp;
mod version;
pub(crate) mod whole;

pub use age::{Age, MAX_AGE};
pub use country::{Country, CountryCode};
pub use currency::{CurrencyCode, MonetaryAmount};
pub use date::{DatePrecision, PartialDate};
pub use defendant::DefendantRef;
pub use extensions::{ExtensionKey, Extensions};
pub use id::{OrgId, PseudonymRef, RecordId};
pub use language::LanguageCode;
pub use list::{NonEmptyList, UniqueList};
pub use subdivision::SubdivisionCode;
pub use timestamp::Timestamp;
pub use version::{CurrentVersion, SchemaVersion};

/// Why a value was rejected by one of the value types. The message names the expected form
/// and never contains the rejected value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {expected}")]
pub struct InvalidValue {
    /// What kind of value was being parsed (e.g. "country code").
    pub what: &'static str,
    /// The form that was expected.
    pub expected: &'static str,
}

impl InvalidValue {
    pub(crate) const fn new(what: &'static str, expected: &'static str) -> Self {
        Self { what, expected }
    }
}

/// Implements `Deserialize` for a type with `FromStr<Err = InvalidValue>` by visiting a string,
/// so that the error never includes the input value.
macro_rules! deserialize_from_str {
    ($ty:ty, $expecting:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse::<$ty>().map_err(|e| E::custom(e))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use deserialize_from_str;

/// `Debug` of a value that may be personal data (a birth date, free text): shows whether it
/// is there, never what it is.
pub(crate) struct Redacted<'a, T>(pub(crate) &'a Option<T>);

impl<T> std::fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Some(<redacted>)"
        } else {
            "None"
        })
    }
}

/// Implements `Serialize` through `Display`.
macro_rules! serialize_display {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}
pub(crate) use serialize_display;
