//! Timely support (version 1.1): the needs assessed for the person, so that the time from
//! identification to the first service, and from a need to its service, can be computed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::types::{OrgId, PartialDate, RecordId};
use crate::vocab::ServiceType;

/// A need assessed for the person (version 1.1): the type of service needed and when the
/// need was identified. Assistance (`assistance[].need`) and referrals (`need_ref`) link to
/// it by its `id`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Need {
    /// An id unique among the needs of the case, e.g. `need-1`. MUST NOT be derived from
    /// personal data.
    pub id: RecordId,
    /// The type of service needed (the support-plan and service vocabulary).
    pub service: ServiceType,
    /// When the need was identified.
    pub identified_on: PartialDate,
    /// The organization that assessed the need.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_by: Option<OrgId>,
}

impl Need {
    /// A need of `service` identified on `identified_on`, assessor not given.
    pub fn new(id: RecordId, service: ServiceType, identified_on: PartialDate) -> Self {
        Need {
            id,
            service,
            identified_on,
            assessed_by: None,
        }
    }
}
