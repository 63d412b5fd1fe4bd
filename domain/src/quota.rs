//! Exchange quotas: a cooperation condition read per academic year.
//!
//! Places and months/days used are derived from the mobilities linked to a condition, never
//! stored, so cancelling a mobility releases exactly what it held. The persistence layer runs
//! [`check_nomination`] inside the transaction that records the nomination, so concurrent
//! nominations cannot over-allocate.

mod nomination;
mod usage;

#[cfg(test)]
mod properties;

pub use crate::amount::{DurationUnit, Hundredths};
pub use nomination::{
    NominationDecision, NominationRefusal, NominationRequest, QuotaExcess, QuotaMeasure, QuotaOverride,
    check_nomination,
};
pub use usage::{LinkedMobility, QuotaUsage, Tally, quota_usage};
