//! Tabulation of `tip` records (version 1.1) into tables of tips, with all margins: the
//! indicators `tips_received`, `tips_routed` and `tips_leading_to_case`.
//!
//! Each tip is one report (unit `tips`), not one person: a tip can be about several persons,
//! and several tips can be about the same situation. A tip is counted for an indicator when
//! it meets the indicator's condition, its `received_at` lies within the period, and its
//! location's country is one of the geography's countries. Tips left out are never dropped
//! silently: [`TipTabulation::excluded`] says how many were left out and why.
//!
//! | kind | counted when |
//! |---|---|
//! | `tips_received` | every tip |
//! | `tips_routed` | the tip was passed on to at least one organization that did not decline it ([`Tip::is_routed`]) |
//! | `tips_leading_to_case` | the outcome is `case_opened` ([`Tip::led_to_case`]) |
//!
//! The dimensions a tip has: `tip_channel`, `exploitation_type` (the suspected forms;
//! multi-select, so its margin counts distinct tips and is not the sum of its categories),
//! `minors_suspected` (`yes`, `no`, or `unknown` when not recorded) and `year` (of receipt).
//! Other dimensions are refused. The table holds true counts: protect it with
//! [`protect`](super::protect) before publishing, like any other.

use chrono::Datelike;

use super::DisclosureError;
use super::table::{Table, TableDimension, UNKNOWN};
use crate::indicator::{NO, Period, YES};
use crate::tip::Tip;
use crate::types::{Country, CountryCode};
use crate::vocab::{Dimension, ExploitationType, IndicatorKind, TipChannel, Vocabulary};

/// What to tabulate from tips: an indicator, over a period (of receipt) and a geography (the
/// tips' location countries), by some dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TipTabulationSpec {
    /// What is counted: `tips_received`, `tips_routed` or `tips_leading_to_case`.
    pub kind: IndicatorKind,
    /// The period, both ends included, applied to the day the tip was received.
    pub period: Period,
    /// The countries covered (the tips' `location.country`).
    pub countries: Vec<CountryCode>,
    /// The dimensions, in order: at least one of `tip_channel`, `exploitation_type`,
    /// `minors_suspected`, `year`.
    pub dimensions: Vec<Dimension>,
}

impl TipTabulationSpec {
    /// A specification.
    pub fn new(
        kind: IndicatorKind,
        period: Period,
        countries: Vec<CountryCode>,
        dimensions: Vec<Dimension>,
    ) -> Self {
        TipTabulationSpec {
            kind,
            period,
            countries,
            dimensions,
        }
    }
}

/// How many tips were left out of a tabulation, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TipExclusions {
    /// The tip does not meet the indicator's condition (not routed, no case opened).
    pub not_counted_by_indicator: usize,
    /// The tip was received outside the period.
    pub outside_period: usize,
    /// The tip has no location, or its country is `unknown`.
    pub country_unknown: usize,
    /// The tip's country is not in the geography.
    pub outside_geography: usize,
}

impl TipExclusions {
    /// The number of tips left out, for any reason.
    pub fn total(&self) -> usize {
        self.not_counted_by_indicator
            + self.outside_period
            + self.country_unknown
            + self.outside_geography
    }
}

/// The result of a tabulation of tips: a table of true counts (protect it with
/// [`protect`](super::protect) before publishing), and what was left out.
#[derive(Debug, Clone)]
pub struct TipTabulation {
    /// The table of tips, with every margin; its dimensions are named by the codes of the
    /// [`Dimension`]s.
    pub table: Table,
    /// The dimensions, in the table's order.
    pub dimensions: Vec<Dimension>,
    /// The number of tips counted (the grand total).
    pub counted: usize,
    /// The tips left out, by reason.
    pub excluded: TipExclusions,
}

/// True for the indicators tabulated from tips.
pub fn is_tip_indicator(kind: IndicatorKind) -> bool {
    matches!(
        kind,
        IndicatorKind::TipsReceived | IndicatorKind::TipsRouted | IndicatorKind::TipsLeadingToCase
    )
}

/// True for the dimensions a tip has (`tip_channel`, `exploitation_type`,
/// `minors_suspected`, `year`).
pub fn is_tip_dimension(d: Dimension) -> bool {
    matches!(
        d,
        Dimension::TipChannel
            | Dimension::ExploitationType
            | Dimension::MinorsSuspected
            | Dimension::Year
    )
}

/// Tabulates tips into a table of tips by the chosen dimensions, with every margin. Cost
/// linear in the number of tips (times the table's margins per tip).
///
/// ```
/// use ctip_exchange::disclosure::{tabulate_tips, Cell, TipTabulationSpec};
/// use ctip_exchange::indicator::Period;
/// use ctip_exchange::tip::{Tip, TipLocation};
/// use ctip_exchange::vocab::{Dimension, IndicatorKind, TipChannel};
/// let mut tip = Tip::new("tip-1".parse()?, "tt.gov.hotline".parse()?,
///     "2025-03-02T10:00:00Z".parse()?, TipChannel::Hotline, "2025-03-02T09:41:00Z".parse()?);
/// tip.location = Some(TipLocation::new("TT".parse()?));
/// let spec = TipTabulationSpec::new(
///     IndicatorKind::TipsReceived,
///     Period::new("2025".parse()?, "2025".parse()?),
///     vec!["TT".parse()?],
///     vec![Dimension::TipChannel, Dimension::MinorsSuspected],
/// );
/// let t = tabulate_tips([&tip], &spec)?;
/// assert_eq!(t.counted, 1);
/// assert_eq!(t.table.get(&["hotline", "unknown"])?, Cell::Count(1));
/// assert_eq!(t.table.get(&["total", "total"])?, Cell::Count(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tabulate_tips<'a, I>(
    tips: I,
    spec: &TipTabulationSpec,
) -> Result<TipTabulation, DisclosureError>
where
    I: IntoIterator<Item = &'a Tip>,
{
    if !is_tip_indicator(spec.kind) {
        return Err(DisclosureError::UnsupportedIndicator(
            spec.kind.as_str().into(),
        ));
    }
    if spec.dimensions.is_empty() {
        return Err(DisclosureError::InvalidTable(
            "a tabulation needs at least one dimension".into(),
        ));
    }
    if let Some(d) = spec.dimensions.iter().find(|d| !is_tip_dimension(**d)) {
        return Err(DisclosureError::InvalidTable(format!(
            "tips have no dimension {d}: use tip_channel, exploitation_type, minors_suspected or year"
        )));
    }
    let (p_start, p_end) = (spec.period.start.earliest(), spec.period.end.latest());
    if p_start > p_end {
        return Err(DisclosureError::InvalidTable(
            "the period ends before it starts".into(),
        ));
    }
    let mut excluded = TipExclusions::default();
    let mut included: Vec<&Tip> = Vec::new();
    for tip in tips {
        let counts = match spec.kind {
            IndicatorKind::TipsRouted => tip.is_routed(),
            IndicatorKind::TipsLeadingToCase => tip.led_to_case(),
            _ => true,
        };
        if !counts {
            excluded.not_counted_by_indicator += 1;
            continue;
        }
        let day = tip.received_at.date();
        if day < p_start || day > p_end {
            excluded.outside_period += 1;
            continue;
        }
        match tip.location.map(|l| l.country).and_then(Country::code) {
            None => {
                excluded.country_unknown += 1;
                continue;
            }
            Some(c) if !spec.countries.contains(&c) => {
                excluded.outside_geography += 1;
                continue;
            }
            Some(_) => {}
        }
        included.push(tip);
    }

    let mut dims = Vec::with_capacity(spec.dimensions.len());
    for &d in &spec.dimensions {
        let mut cats = categories(d, &spec.period);
        cats.push(UNKNOWN.to_owned());
        dims.push(if d == Dimension::ExploitationType {
            TableDimension::multi_select(d.as_str(), cats)?
        } else {
            TableDimension::additive(d.as_str(), cats)?
        });
    }
    let table = super::tabulate::fill(dims, &spec.dimensions, included.iter().copied(), values)?;
    Ok(TipTabulation {
        table,
        dimensions: spec.dimensions.clone(),
        counted: included.len(),
        excluded,
    })
}

fn codes<V: Vocabulary>() -> Vec<String> {
    V::ALL.iter().map(|v| v.code().to_owned()).collect()
}

/// The categories of a dimension, without `unknown`.
fn categories(d: Dimension, period: &Period) -> Vec<String> {
    match d {
        Dimension::TipChannel => codes::<TipChannel>(),
        Dimension::ExploitationType => codes::<ExploitationType>(),
        Dimension::MinorsSuspected => vec![YES.to_owned(), NO.to_owned()],
        // Year: every year of the period
        _ => (period.start.year_value()..=period.end.year_value())
            .map(|y| format!("{y:04}"))
            .collect(),
    }
}

/// The category codes of a tip in a dimension (one for an additive dimension; for the
/// multi-select forms of exploitation, each suspected form, or `unknown` when none is).
fn values(d: Dimension, tip: &Tip) -> Vec<String> {
    match d {
        Dimension::TipChannel => vec![tip.channel.as_str().to_owned()],
        Dimension::ExploitationType => {
            let mut v: Vec<String> = tip
                .exploitation_types
                .iter()
                .map(|e| e.as_str().to_owned())
                .collect();
            if v.is_empty() {
                v.push(UNKNOWN.to_owned());
            }
            v
        }
        Dimension::MinorsSuspected => vec![
            match tip.minors_suspected {
                Some(true) => YES,
                Some(false) => NO,
                None => UNKNOWN,
            }
            .to_owned(),
        ],
        _ => vec![format!("{:04}", tip.received_at.date().year())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::Cell;
    use crate::tip::{TipLocation, TipOutcome, TipRouting};
    use crate::vocab::{TipOutcomeKind, TipRoutingStatus};

    fn tip(i: usize, channel: TipChannel, country: &str, received: &str) -> Tip {
        let mut t = Tip::new(
            format!("tip-{i}").parse().unwrap(),
            "tt.gov.hotline".parse().unwrap(),
            "2026-01-01T00:00:00Z".parse().unwrap(),
            channel,
            received.parse().unwrap(),
        );
        t.location = Some(TipLocation::new(country.parse().unwrap()));
        t
    }

    fn spec(kind: IndicatorKind, dims: Vec<Dimension>) -> TipTabulationSpec {
        TipTabulationSpec::new(
            kind,
            Period::new("2025".parse().unwrap(), "2025".parse().unwrap()),
            vec!["TT".parse().unwrap()],
            dims,
        )
    }

    #[test]
    fn counts_exclusions_and_margins() {
        let mut tips = vec![
            tip(0, TipChannel::Hotline, "TT", "2025-01-05T10:00:00Z"),
            tip(1, TipChannel::Hotline, "TT", "2025-12-31T23:59:59Z"),
            tip(2, TipChannel::WebForm, "TT", "2025-06-01T00:00:00Z"),
            tip(3, TipChannel::WebForm, "JM", "2025-06-01T00:00:00Z"),
            tip(4, TipChannel::Sms, "TT", "2024-12-31T23:59:59Z"),
            tip(5, TipChannel::Sms, "unknown", "2025-02-01T00:00:00Z"),
        ];
        tips[0].minors_suspected = Some(true);
        tips[1].minors_suspected = Some(false);
        tips[2]
            .exploitation_types
            .insert(ExploitationType::ForcedLabour);
        tips[2]
            .exploitation_types
            .insert(ExploitationType::SexualExploitation);
        tips[0].routing.push(TipRouting::new(
            "tt.police.ctu".parse().unwrap(),
            "2025-01-05T11:00:00Z".parse().unwrap(),
            TipRoutingStatus::Accepted,
        ));
        tips[1].routing.push(TipRouting::new(
            "tt.police.ctu".parse().unwrap(),
            "2026-01-01T00:00:00Z".parse().unwrap(),
            TipRoutingStatus::Declined,
        ));
        tips[0].outcome = Some(TipOutcome::case_opened("case-1".parse().unwrap()));
        tips[2].outcome = Some(TipOutcome::new(TipOutcomeKind::Unfounded));

        let t = tabulate_tips(
            &tips,
            &spec(
                IndicatorKind::TipsReceived,
                vec![Dimension::TipChannel, Dimension::MinorsSuspected],
            ),
        )
        .unwrap();
        assert_eq!(t.counted, 3);
        assert_eq!(
            t.excluded,
            TipExclusions {
                not_counted_by_indicator: 0,
                outside_period: 1,
                country_unknown: 1,
                outside_geography: 1,
            }
        );
        assert_eq!(t.table.get(&["hotline", "total"]).unwrap(), Cell::Count(2));
        assert_eq!(t.table.get(&["hotline", "yes"]).unwrap(), Cell::Count(1));
        assert_eq!(
            t.table.get(&["web_form", "unknown"]).unwrap(),
            Cell::Count(1)
        );
        assert_eq!(t.table.get(&["total", "total"]).unwrap(), Cell::Count(3));

        let routed = tabulate_tips(
            &tips,
            &spec(IndicatorKind::TipsRouted, vec![Dimension::Year]),
        )
        .unwrap();
        assert_eq!(routed.counted, 1, "a declined routing is not routed");
        assert_eq!(routed.table.get(&["2025"]).unwrap(), Cell::Count(1));
        let cases = tabulate_tips(
            &tips,
            &spec(
                IndicatorKind::TipsLeadingToCase,
                vec![Dimension::TipChannel],
            ),
        )
        .unwrap();
        assert_eq!(cases.counted, 1);
        assert_eq!(cases.excluded.not_counted_by_indicator, 5);

        // multi-select: the margin counts tips, not the sum of the forms
        let forms = tabulate_tips(
            &tips,
            &spec(
                IndicatorKind::TipsReceived,
                vec![Dimension::ExploitationType],
            ),
        )
        .unwrap();
        assert_eq!(forms.table.get(&["forced_labour"]).unwrap(), Cell::Count(1));
        assert_eq!(forms.table.get(&["unknown"]).unwrap(), Cell::Count(2));
        assert_eq!(forms.table.get(&["total"]).unwrap(), Cell::Count(3));
    }

    #[test]
    fn refuses_what_tips_do_not_have() {
        let tips: Vec<Tip> = Vec::new();
        assert!(matches!(
            tabulate_tips(
                &tips,
                &spec(IndicatorKind::VictimsIdentified, vec![Dimension::Year])
            ),
            Err(DisclosureError::UnsupportedIndicator(_))
        ));
        assert!(matches!(
            tabulate_tips(
                &tips,
                &spec(IndicatorKind::TipsReceived, vec![Dimension::Sex])
            ),
            Err(DisclosureError::InvalidTable(_))
        ));
        assert!(matches!(
            tabulate_tips(&tips, &spec(IndicatorKind::TipsReceived, vec![])),
            Err(DisclosureError::InvalidTable(_))
        ));
    }
}
