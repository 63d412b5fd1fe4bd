//! Rows as diesel sees them, and their mapping to and from domain types.

pub mod account;
pub mod agreement;
pub mod catalogue;
pub mod checklist_progress;
pub mod checklist_rule;
pub mod conversion;
pub mod credit_system;
pub mod event;
pub mod factsheet;
pub mod fixed_table;
pub mod grade_mappings;
pub mod grading_scale;
pub mod grading_table;
pub mod grant;
pub mod inquiry;
pub mod institution;
pub mod json;
pub mod learning_agreement;
pub mod mobility;
pub mod person;
pub mod point_bands;
pub mod unit;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::RepoError;

/// Stored timestamps are UTC without offset (MultiConnection has no timestamptz).
pub(crate) fn utc(naive: NaiveDateTime) -> DateTime<Utc> {
    naive.and_utc()
}

/// Reads a non-negative version counter.
pub(crate) fn version(raw: i32) -> Result<u32, RepoError> {
    u32::try_from(raw).map_err(|_| RepoError::Corrupt(format!("negative version {raw}")))
}

/// Wraps a domain parse failure of stored data.
pub(crate) fn corrupt(what: &str) -> impl Fn(iro_domain::InvalidValue) -> RepoError + '_ {
    move |e| RepoError::Corrupt(format!("{what}: {e}"))
}

/// A timestamp as stored: UTC, truncated to microseconds, the precision both engines keep
/// (SQLite would keep nanoseconds, PostgreSQL rounds to microseconds).
pub fn db_time(instant: DateTime<Utc>) -> NaiveDateTime {
    use chrono::SubsecRound;
    instant.naive_utc().trunc_subsecs(6)
}
