//! The `indicator_set` record: published aggregate statistics with disclosure control.
//!
//! An indicator set holds one or more indicators for a period and a geography. Each
//! indicator is a table: its dimensions, and cells whose coordinates give one code per
//! dimension (`total` for the margin over a dimension, `unknown` for its unknown category)
//! and whose value is an exact count, suppressed, or not available. A real 0 is an exact
//! count; "suppressed" and "not available" are never 0.
//!
//! To read a record from untrusted JSON, use [`Record::from_slice`](crate::Record::from_slice):
//! it applies the input limits and reads structs from JSON objects only, as the schema does.
//! A plain `serde_json::from_str::<IndicatorSet>` also takes a struct written as an array of its
//! fields, which the schema refuses.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::types::{
    CountryCode, CurrentVersion, Extensions, NonEmptyList, OrgId, PartialDate, RecordId, Timestamp,
    UniqueList,
};
use crate::vocab::{Dimension, DisclosureMethod, IccsCode, IndicatorKind, Unit};

/// The `record_type` of an indicator set: always `"indicator_set"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum IndicatorSetType {
    /// `"indicator_set"`
    #[default]
    #[serde(rename = "indicator_set")]
    IndicatorSet,
}

/// Published aggregate statistics for a period and a geography.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "IndicatorSet")]
pub struct IndicatorSet {
    /// Always `"indicator_set"`.
    pub record_type: IndicatorSetType,
    /// The version of the standard: `"1.1"` (a 1.0 document is upgraded when read).
    pub schema_version: CurrentVersion,
    /// The indicator set id, unique within the producer.
    pub id: RecordId,
    /// The organization that publishes the statistics.
    pub producer: OrgId,
    /// When this record was first produced.
    pub created_at: Timestamp,
    /// When this record was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// A short title. Free text: scanned for contact details on validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The period the statistics cover.
    pub period: Period,
    /// The countries the statistics cover.
    pub geography: Geography,
    /// The indicators: at least one.
    pub indicators: Vec<Indicator>,
    /// The disclosure control applied to every indicator of the set.
    pub disclosure: Disclosure,
    /// Partner-specific data under namespaced keys; MUST round-trip untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

/// A period, both ends included.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day (or month, or year) covered.
    pub start: PartialDate,
    /// The last day (or month, or year) covered.
    pub end: PartialDate,
}

/// The countries the statistics cover.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Geography {
    /// One country for national statistics, several for regional ones.
    pub countries: NonEmptyList<CountryCode>,
}

/// One indicator: what is counted, how it is broken down, and the cells.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// An id unique within the set, e.g. `victims-by-sex-age`.
    pub id: RecordId,
    /// What is counted.
    pub kind: IndicatorKind,
    /// What one count stands for.
    pub unit: Unit,
    /// The ICCS code of the offence counted, for criminal-justice indicators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iccs: Option<IccsCode>,
    /// A short title. Free text: scanned for contact details on validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The dimensions, in order. Empty for a single total.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<DimensionSpec>,
    /// The cells: at least one.
    pub cells: Vec<Cell>,
}

/// A dimension of an indicator.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionSpec {
    /// Which dimension.
    pub dimension: Dimension,
    /// True when a person can fall in several categories (a person exploited in two forms):
    /// the total over such a dimension counts persons, and is NOT the sum of its categories.
    #[serde(default, skip_serializing_if = "is_false")]
    pub multi_select: bool,
}

/// A cell: its coordinates and its value.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// One code per dimension of the indicator: a code of the dimension's code list,
    /// `unknown`, or `total`.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::types::guarded::unique_map"
    )]
    pub coordinates: BTreeMap<Dimension, String>,
    /// The value.
    pub value: CellValue,
}

/// The value of a cell: an exact count, suppressed, or not available. Only an exact value
/// has a `count`.
// `Deserialize` is written by hand: serde's internally tagged unit variants would ignore a
// `count` on a suppressed cell, which the schema (and disclosure control) refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum CellValue {
    /// A count (after rounding, when the disclosure metadata says rounding was applied).
    Exact {
        /// The count; 0 is a real zero.
        count: u64,
    },
    /// Withheld by disclosure control.
    Suppressed,
    /// Not collected or not available; not the same as 0.
    NotAvailable,
}

impl<'de> Deserialize<'de> for CellValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Status {
            Exact,
            Suppressed,
            NotAvailable,
        }
        /// The status, from a string only: serde's derived enums also take the object form
        /// of an externally tagged enum (`{"exact": null}`), which the schema refuses.
        fn status<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Status, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Status;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a cell status code")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Status, E> {
                    use serde::de::IntoDeserializer;
                    Status::deserialize(v.into_deserializer())
                }
            }
            d.deserialize_str(V)
        }
        fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
            // 3.0 is 3, as in the schema
            crate::types::whole::u64(d).map(Some)
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(deserialize_with = "status")]
            status: Status,
            #[serde(default, deserialize_with = "present")]
            count: Option<u64>,
        }
        use serde::de::Error;
        let raw = Raw::deserialize(d)?;
        match (raw.status, raw.count) {
            (Status::Exact, Some(count)) => Ok(CellValue::Exact { count }),
            (Status::Exact, None) => Err(D::Error::missing_field("count")),
            (_, Some(_)) => Err(D::Error::unknown_field("count", &["status"])),
            (Status::Suppressed, None) => Ok(CellValue::Suppressed),
            (Status::NotAvailable, None) => Ok(CellValue::NotAvailable),
        }
    }
}

impl CellValue {
    /// The count, for exact values.
    pub fn count(self) -> Option<u64> {
        match self {
            CellValue::Exact { count } => Some(count),
            _ => None,
        }
    }
}

/// The disclosure control applied to a set.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// The methods applied.
    pub methods: UniqueList<DisclosureMethod>,
    /// Counts from 1 to threshold - 1 are never published exactly (CTDC used 11).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::types::whole::option_u64"
    )]
    pub threshold: Option<u64>,
    /// The base published counts were rounded to.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::types::whole::option_u64"
    )]
    pub rounding_base: Option<u64>,
    /// The narrowest interval an attacker may be able to deduce for a suppressed cell.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::types::whole::option_u64"
    )]
    pub protection_width: Option<u64>,
    /// True when zeros were treated as sensitive (suppressed like small counts).
    #[serde(default, skip_serializing_if = "is_false")]
    pub zeros_sensitive: bool,
}

impl IndicatorSet {
    /// An indicator set with its required fields; no title, no update time, no extensions.
    pub fn new(
        id: RecordId,
        producer: OrgId,
        created_at: Timestamp,
        period: Period,
        geography: Geography,
        indicators: Vec<Indicator>,
        disclosure: Disclosure,
    ) -> Self {
        IndicatorSet {
            record_type: IndicatorSetType::IndicatorSet,
            schema_version: CurrentVersion,
            id,
            producer,
            created_at,
            updated_at: None,
            title: None,
            period,
            geography,
            indicators,
            disclosure,
            extensions: Extensions::default(),
        }
    }
}

impl Period {
    /// The period from `start` to `end`, both included.
    pub fn new(start: PartialDate, end: PartialDate) -> Self {
        Period { start, end }
    }
}

impl Geography {
    /// The countries covered.
    pub fn new(countries: NonEmptyList<CountryCode>) -> Self {
        Geography { countries }
    }
}

impl Indicator {
    /// An indicator without dimensions (a single total unless dimensions are added), ICCS
    /// code or title.
    pub fn new(id: RecordId, kind: IndicatorKind, unit: Unit, cells: Vec<Cell>) -> Self {
        Indicator {
            id,
            kind,
            unit,
            iccs: None,
            title: None,
            dimensions: Vec::new(),
            cells,
        }
    }
}

impl DimensionSpec {
    /// A single-select dimension; set `multi_select` for a multi-select one.
    pub fn new(dimension: Dimension) -> Self {
        DimensionSpec {
            dimension,
            multi_select: false,
        }
    }
}

impl Cell {
    /// A cell at `coordinates` (empty for a single total) with `value`.
    pub fn new(coordinates: BTreeMap<Dimension, String>, value: CellValue) -> Self {
        Cell { coordinates, value }
    }
}

impl Disclosure {
    /// The disclosure control of these methods, without parameters (threshold, rounding
    /// base, protection width) and with zeros not sensitive.
    pub fn new(methods: UniqueList<DisclosureMethod>) -> Self {
        Disclosure {
            methods,
            threshold: None,
            rounding_base: None,
            protection_width: None,
            zeros_sensitive: false,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The coordinate code of the margin (total) over a dimension.
pub const TOTAL: &str = "total";
/// The code of the unknown category of any dimension.
pub const UNKNOWN: &str = "unknown";
/// The code of `minors_suspected` for tips that suspect minors.
pub const YES: &str = "yes";
/// The code of `minors_suspected` for tips that suspect no minors.
pub const NO: &str = "no";

impl Dimension {
    /// True when `code` is valid for this dimension (its code list, `unknown` or `total`).
    ///
    /// ```
    /// use ctip_exchange::vocab::Dimension;
    /// assert!(Dimension::Sex.accepts("female"));
    /// assert!(Dimension::Citizenship.accepts("TT"));
    /// assert!(Dimension::Year.accepts("2024"));
    /// assert!(Dimension::AgeGroup.accepts("total"));
    /// assert!(!Dimension::Sex.accepts("feminine"));
    /// ```
    pub fn accepts(self, code: &str) -> bool {
        self.code_id(code).is_some()
    }

    /// A number for each code this dimension accepts, distinct within the dimension (`total`
    /// is [`TOTAL_ID`], `unknown` 1, then the code list): cells compare and sort by numbers
    /// instead of hashing their texts. `None` exactly when [`Dimension::accepts`] is false.
    pub(crate) fn code_id(self, code: &str) -> Option<u32> {
        use crate::vocab::{self as v, Vocabulary};
        fn of<V: Vocabulary + v::Ordinal>(code: &str) -> Option<u32> {
            V::from_code(code).map(|c| 2 + c.ordinal())
        }
        match code {
            TOTAL => return Some(TOTAL_ID),
            UNKNOWN => return Some(1),
            _ => {}
        }
        match self {
            Dimension::Sex => of::<v::Sex>(code),
            Dimension::AgeGroup => of::<v::AgeGroup>(code),
            Dimension::AgeBand => of::<v::AgeBand>(code),
            Dimension::ExploitationType => of::<v::ExploitationType>(code),
            Dimension::Citizenship | Dimension::CountryOfExploitation => code
                .parse::<CountryCode>()
                .ok()
                .map(|c| 2 + u32::from(c.index())),
            Dimension::IdentificationChannel => of::<v::IdentificationChannel>(code),
            Dimension::Year => {
                // four digits, 1000 to 9999 (the years of a partial date)
                let b = code.as_bytes();
                (b.len() == 4 && b.iter().all(u8::is_ascii_digit) && b[0] != b'0')
                    .then(|| 2 + b.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
            }
            Dimension::Iccs => of::<v::IccsCode>(code),
            Dimension::AgeStatus => of::<v::AgeStatus>(code),
            Dimension::TimeToFirstService => of::<v::ServiceDelayBand>(code),
            // tip dimensions (version 1.1)
            Dimension::TipChannel => of::<v::TipChannel>(code),
            Dimension::MinorsSuspected => match code {
                YES => Some(2),
                NO => Some(3),
                _ => None,
            },
        }
    }
}

/// [`Dimension::code_id`] of [`TOTAL`].
pub(crate) const TOTAL_ID: u32 = 0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{self as v, Vocabulary};

    /// Every code of every dimension's list (and `unknown`, `total`, some refused texts).
    /// The codes a dimension lists (its vocabulary or years, with total and unknown), and
    /// texts it must refuse.
    fn candidates(d: Dimension) -> (Vec<String>, Vec<String>) {
        fn all<V: Vocabulary>() -> Vec<String> {
            V::ALL.iter().map(|c| c.code().to_owned()).collect()
        }
        let mut refused: Vec<String> = ["", "Total", "+202", "0999", "2024 ", "tt", "XX", "yes "]
            .map(String::from)
            .to_vec();
        let mut listed = match d {
            Dimension::Sex => all::<v::Sex>(),
            Dimension::AgeGroup => all::<v::AgeGroup>(),
            Dimension::AgeBand => all::<v::AgeBand>(),
            Dimension::ExploitationType => all::<v::ExploitationType>(),
            Dimension::Citizenship | Dimension::CountryOfExploitation => {
                CountryCode::all().map(|c| c.as_str().to_owned()).collect()
            }
            Dimension::IdentificationChannel => all::<v::IdentificationChannel>(),
            Dimension::Year => {
                let (years, others): (Vec<String>, Vec<String>) = (0..=10_000)
                    .map(|y| format!("{y:04}"))
                    .partition(|y| y.parse::<u16>().is_ok_and(|y| PartialDate::year(y).is_ok()));
                for y in others {
                    if !refused.contains(&y) {
                        refused.push(y);
                    }
                }
                years
            }
            Dimension::Iccs => all::<v::IccsCode>(),
            Dimension::AgeStatus => all::<v::AgeStatus>(),
            Dimension::TimeToFirstService => all::<v::ServiceDelayBand>(),
            Dimension::TipChannel => all::<v::TipChannel>(),
            Dimension::MinorsSuspected => vec![YES.into(), NO.into()],
        };
        // the refused texts are no code of any list (a test of the test)
        for r in &refused {
            assert!(!listed.contains(r), "{d}: {r:?} is listed");
        }
        listed.extend([TOTAL, UNKNOWN].map(String::from));
        (listed, refused)
    }

    #[test]
    fn code_ids_are_given_to_accepted_codes_only_and_are_distinct() {
        for &d in Dimension::ALL {
            let (listed, refused) = candidates(d);
            let mut seen = std::collections::HashMap::new();
            for code in &listed {
                let id = d.code_id(code);
                assert!(id.is_some(), "{d} {code:?} has no id");
                assert!(d.accepts(code), "{d} {code:?} is refused");
                if let Some(other) = seen.insert(id, code) {
                    panic!("{d}: {other:?} and {code:?} have one id");
                }
            }
            for text in &refused {
                assert_eq!(d.code_id(text), None, "{d} {text:?} has an id");
                assert!(!d.accepts(text), "{d} {text:?} is accepted");
            }
            assert_eq!(d.code_id(TOTAL), Some(TOTAL_ID));
            assert!(listed.len() >= 4, "{d}");
        }
    }

    #[test]
    fn only_exact_cells_have_a_count() {
        let parse = |s: &str| serde_json::from_str::<CellValue>(s);
        assert_eq!(
            parse(r#"{"status":"exact","count":3}"#).unwrap(),
            CellValue::Exact { count: 3 }
        );
        assert_eq!(
            parse(r#"{"status":"suppressed"}"#).unwrap(),
            CellValue::Suppressed
        );
        assert_eq!(
            parse(r#"{"status":"not_available"}"#).unwrap(),
            CellValue::NotAvailable
        );
        for bad in [
            r#"{"status":"suppressed","count":3}"#,
            r#"{"status":"not_available","count":0}"#,
            r#"{"status":"exact"}"#,
            r#"{"status":"exact","count":null}"#,
            r#"{"status":"exact","count":-1}"#,
            r#"{"status":"exact","count":3,"note":"x"}"#,
            r#"{"status":"rounded","count":3}"#,
            r#"{"status":{"exact":null},"count":3}"#,
            r#"{"status":{"suppressed":null}}"#,
            r#"{"status":["exact"],"count":3}"#,
            r#"{"count":3}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        // a whole number is an integer in any spelling, as in the schema
        for (text, count) in [
            (r#"{"status":"exact","count":3.0}"#, 3),
            (r#"{"status":"exact","count":1.4e1}"#, 14),
            (r#"{"status":"exact","count":0.0}"#, 0),
        ] {
            assert_eq!(parse(text).unwrap(), CellValue::Exact { count }, "{text}");
        }
        for bad in [
            r#"{"status":"exact","count":3.5}"#,
            r#"{"status":"exact","count":-3.0}"#,
            r#"{"status":"exact","count":1e20}"#,
            r#"{"status":"suppressed","count":3.0}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            serde_json::to_string(&parse(r#"{"status":"exact","count":3.0}"#).unwrap()).unwrap(),
            r#"{"status":"exact","count":3}"#
        );
        let err = parse(r#"{"status":"suppressed","count":3}"#).unwrap_err();
        assert!(
            err.to_string().starts_with("unknown field `count`"),
            "{err}"
        );
    }

    #[test]
    fn disclosure_parameters_are_integers_in_any_spelling() {
        let d: Disclosure = serde_json::from_str(
            r#"{"methods":["threshold_suppression","rounding"],"threshold":11.0,"rounding_base":5e0,"protection_width":null}"#,
        )
        .unwrap();
        assert_eq!(
            (d.threshold, d.rounding_base, d.protection_width),
            (Some(11), Some(5), None)
        );
        let json = serde_json::to_string(&d).unwrap();
        assert!(
            json.contains(r#""threshold":11,"rounding_base":5"#),
            "{json}"
        );
        for bad in [
            r#"{"methods":["threshold_suppression"],"threshold":11.5}"#,
            r#"{"methods":["rounding"],"rounding_base":-5.0}"#,
            r#"{"methods":["threshold_suppression"],"protection_width":"3"}"#,
        ] {
            assert!(serde_json::from_str::<Disclosure>(bad).is_err(), "{bad}");
        }
    }
}
