//! Exchange quotas: a cooperation condition read per academic year.
//!
//! Places and months/days used are derived from the mobilities linked to a condition, never
//! stored, so cancelling a mobility releases exactly what it held. [`check_nomination`] is a
//! pure decision over the linked mobilities it is given; `nomination::check_place` applies it
//! to every mobility that takes a place. Its callers read those mobilities after locking the
//! condition and record the outcome in the same write transaction
//! (`mobilities::change_status_by_rules` in persistence for a status change, the mobility
//! handlers for a mobility created or changed while holding a place), so concurrent
//! nominations cannot over-allocate.

mod nomination;
mod usage;

#[cfg(test)]
mod properties;

pub use crate::amount::{DurationUnit, Hundredths};
pub use nomination::{
    NominationDecision, NominationRefusal, NominationRequest, QuotaExcess, QuotaMeasure, QuotaOverride,
    check_nomination, check_nomination_against,
};
pub use usage::{HeldPlaces, LinkedMobility, QuotaUsage, Tally, quota_usage};
