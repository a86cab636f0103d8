//! Which indicators of one set count the same persons (or persons nested in each other), so
//! that the attacker combines them: the groups of the whole-set audit
//! ([`audit_linked_indicators`](super::audit_linked_indicators)). Needs no solver, so that
//! validation without the `disclosure` feature knows the groups it cannot audit.

use crate::indicator::Indicator;
use crate::vocab::IndicatorKind;

/// True for the kinds that count victims identified or a subset of them (see
/// [`TabulationSpec`](super::TabulationSpec)): victims assisted, in investigations, in
/// prosecutions and in convictions are victims identified.
pub(crate) fn victims(kind: IndicatorKind) -> bool {
    use IndicatorKind as K;
    matches!(
        kind,
        K::VictimsIdentified
            | K::VictimsAssisted
            | K::VictimsInInvestigations
            | K::VictimsInProsecutions
            | K::VictimsInConvictions
    )
}

/// The indices of the indicators of each group, in order of first appearance: every victims
/// kind together, any other kind with itself. Groups of one indicator are included. Cost
/// linear in the indicators times the number of kinds.
pub(crate) fn linked_groups(indicators: &[Indicator]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(Option<IndicatorKind>, Vec<usize>)> = Vec::new();
    for (i, ind) in indicators.iter().enumerate() {
        let key = (!victims(ind.kind)).then_some(ind.kind);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups.into_iter().map(|(_, m)| m).collect()
}
