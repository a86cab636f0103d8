//! Controlled vocabularies and their crosswalks from HTCDS 2.0 and the CTDC global dataset.
//!
//! Most vocabularies come from the **Human Trafficking Case Data Standard (HTCDS) 2.0** by
//! IOM, licensed under CC BY 4.0 (<http://creativecommons.org/licenses/by/4.0/>): its picklist
//! value names, in snake_case, are the codes. This project is not endorsed by IOM. Where the
//! CTDC global dataset (2018 dictionary) has the concept, each value lists the CTDC variable or
//! code it replaces. Values that neither standard has, or that only CTDC has, say so in their
//! label and in [`Vocabulary::origin`].
//!
//! Every vocabulary implements [`Vocabulary`]: its codes, labels, and `from_htcds` /
//! `from_ctdc` crosswalks, tested value by value against the reference sheets.
//!
//! ```
//! use ctip_exchange::vocab::{MeansOfControl, Vocabulary};
//! assert_eq!(MeansOfControl::from_htcds("DebtBondage"), Some(MeansOfControl::DebtBondage));
//! assert_eq!(MeansOfControl::from_ctdc("meansOfControlDebtBondage"), Some(MeansOfControl::DebtBondage));
//! assert_eq!(MeansOfControl::DebtBondage.code(), "debt_bondage");
//! ```

mod case;
mod indicator;
mod justice;
mod person;
mod referral;
mod tip;
mod trafficking;

pub use case::*;
pub use indicator::*;
pub use justice::*;
pub use person::*;
pub use referral::*;
pub use tip::*;
pub use trafficking::*;

/// Where a vocabulary value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An HTCDS 2.0 picklist value.
    Htcds,
    /// Only in the CTDC dataset (not an HTCDS value).
    Ctdc,
    /// Added by this standard (neither HTCDS nor CTDC has it).
    Exchange,
}

/// What every controlled vocabulary offers.
pub trait Vocabulary: Sized + Copy + Eq + std::hash::Hash + 'static {
    /// The name of the vocabulary (the type name).
    const NAME: &'static str;
    /// The HTCDS 2.0 fields whose picklist this vocabulary carries (empty when none).
    const HTCDS_FIELDS: &'static [&'static str];
    /// Every value, in definition order.
    const ALL: &'static [Self];
    /// The exchange code (snake_case).
    fn code(self) -> &'static str;
    /// A human-readable label.
    fn label(self) -> &'static str;
    /// Where the value comes from.
    fn origin(self) -> Origin;
    /// The HTCDS 2.0 value names that map to this value.
    fn htcds_names(self) -> &'static [&'static str];
    /// The CTDC variables or codes that map to this value.
    fn ctdc_names(self) -> &'static [&'static str];
    /// The value with this exchange code.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
    /// The value an HTCDS value name maps to (surrounding white space ignored).
    fn from_htcds(name: &str) -> Option<Self> {
        let name = name.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.htcds_names().contains(&name))
    }
    /// The value a CTDC variable name or code maps to (surrounding white space ignored).
    fn from_ctdc(name: &str) -> Option<Self> {
        let name = name.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.ctdc_names().contains(&name))
    }
}

/// Defines a vocabulary enum with its codes, labels and crosswalks.
/// A value's place in definition order (as in [`Vocabulary::ALL`]): a number to compare and
/// sort by inside the crate, not part of the standard.
pub(crate) trait Ordinal {
    fn ordinal(self) -> u32;
}

macro_rules! vocab {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($description:literal, htcds = [$($field:literal),*]) {
            $(
                $variant:ident = $code:literal, $origin:ident, $label:literal,
                    htcds [$($h:literal),*], ctdc [$($c:literal),*];
            )+
        }
    ) => {
        $(#[$meta])*
        #[doc = ""]
        #[doc = $description]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("`", $code, "`: ", $label)]
                $variant,
            )+
        }

        impl $crate::vocab::Vocabulary for $name {
            const NAME: &'static str = stringify!($name);
            const HTCDS_FIELDS: &'static [&'static str] = &[$($field),*];
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
            fn origin(self) -> $crate::vocab::Origin {
                match self { $($name::$variant => $crate::vocab::Origin::$origin,)+ }
            }
            fn htcds_names(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($h),*],)+ }
            }
            fn ctdc_names(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($c),*],)+ }
            }
        }

        impl $name {
            /// The exchange code (snake_case), as written in JSON.
            pub fn as_str(self) -> &'static str {
                $crate::vocab::Vocabulary::code(self)
            }
        }

        impl $crate::vocab::Ordinal for $name {
            fn ordinal(self) -> u32 {
                self as u32
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}::{}", stringify!($name), self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::types::InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::vocab::Vocabulary>::from_code(s).ok_or(
                    $crate::types::InvalidValue::new(
                        stringify!($name),
                        concat!("expected one of:" $(, " ", $code)+),
                    ),
                )
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        $crate::types::deserialize_from_str!($name, concat!("a code of the ", stringify!($name), " vocabulary"));

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "description": $description,
                    "enum": [$($code),+],
                })
            }
        }
    };
}
pub(crate) use vocab;

#[cfg(test)]
mod tests;
