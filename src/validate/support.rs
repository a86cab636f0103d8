//! The rules of timely support in a case (version 1.1): needs, and the assistance that
//! answers them.
//!
//! Linear in the number of needs and services: needs are looked up by id in a map.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::common::{P, in_order, not_future};
use super::{Report, RuleCode, ValidationOptions};
use crate::case::Case;
use crate::vocab::AssistanceStatus;

/// What the assistance shows about one need.
#[derive(Default, Clone, Copy)]
struct Served {
    /// The earliest possible day the first linked service started.
    first_start: Option<NaiveDate>,
    /// A linked service is ongoing or completed (perhaps without a start date).
    given: bool,
}

pub(super) fn check(c: &Case, o: &ValidationOptions, r: &mut Report) {
    let birth = c.subject.birth_date;
    let mut needs: HashMap<&str, (usize, Served)> = HashMap::with_capacity(c.needs.len());
    for (i, need) in c.needs.iter().enumerate() {
        let p = P::at("/needs", i, "");
        not_future(
            Some(need.identified_on),
            p.field("/identified_on"),
            "identified_on",
            o,
            r,
        );
        in_order(
            birth,
            Some(need.identified_on),
            p.field("/identified_on"),
            "identified_on is before the birth date",
            r,
        );
        if let std::collections::hash_map::Entry::Vacant(slot) = needs.entry(need.id.as_str()) {
            slot.insert((i, Served::default()));
        } else {
            r.push(
                RuleCode::SupportNeedDuplicateId,
                p.field("/id"),
                "two needs have the same id; assistance and referrals link to a need by its id",
            );
        }
    }
    for (i, a) in c.assistance.iter().enumerate() {
        let p = P::at("/assistance", i, "");
        not_future(a.requested, p.field("/requested"), "requested", o, r);
        if let (Some(requested), Some(start)) = (a.requested, a.start)
            && start.is_surely_before(requested)
        {
            r.push(
                RuleCode::SupportStartedBeforeRequested,
                p.field("/start"),
                "the service starts before it was requested",
            );
        }
        in_order(
            birth,
            a.requested,
            p.field("/requested"),
            "requested is before the birth date",
            r,
        );
        let Some(id) = &a.need else { continue };
        match needs.get_mut(id.as_str()) {
            None => r.push(
                RuleCode::SupportNeedUnknown,
                p.field("/need"),
                "need names no need of this case (needs[].id)",
            ),
            Some((_, served)) => {
                if let Some(start) = a.start {
                    let day = start.earliest();
                    served.first_start = Some(served.first_start.map_or(day, |d| d.min(day)));
                }
                if matches!(
                    a.status,
                    AssistanceStatus::Ongoing | AssistanceStatus::Completed
                ) {
                    served.given = true;
                }
            }
        }
    }
    let days = o.unmet_need_days;
    for (i, need) in c.needs.iter().enumerate() {
        // a repeated id is an error of its own: only the first need of an id is checked
        let Some(&(first, served)) = needs.get(need.id.as_str()) else {
            continue;
        };
        if first != i {
            continue;
        }
        let Some(deadline) = need
            .identified_on
            .latest()
            .checked_add_days(Days::new(u64::from(days)))
        else {
            continue;
        };
        let p = P::at("/needs", i, "");
        match served.first_start {
            Some(start) if start > deadline => r.push(
                RuleCode::SupportNeedUnmet,
                p,
                format!(
                    "the first service for this need started more than {days} days after the need was identified"
                ),
            ),
            Some(_) => {}
            None if served.given => {}
            None if o.reference_date() > deadline => r.push(
                RuleCode::SupportNeedUnmet,
                p,
                format!("no service linked to this need started within {days} days of its identification"),
            ),
            None => {}
        }
    }
}
