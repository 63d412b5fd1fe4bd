//! What can go wrong in the storage layer, in terms the API can map to statuses.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// A storage failure. Only `api/src/error.rs` turns these into HTTP statuses.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// No row with that id.
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; `field` names the offending column.
    #[error("a record with the same {field} already exists")]
    Duplicate {
        /// The column (API field) whose value is taken.
        field: String,
    },
    /// The row is referenced by others and cannot be deleted.
    #[error("still referenced by {0}")]
    InUse(String),
    /// The row changed since the caller read it (optimistic concurrency).
    #[error("the record was changed by someone else")]
    Stale,
    /// A stored value could not be read back into the domain (data corruption or a bug).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// Opening, migrating or pooling failed.
    #[error("{0}")]
    Setup(String),
    /// The pool had no connection to give.
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// The database stayed locked by other writers for longer than we wait (SQLite's
    /// "database is locked", or the write queue's own limit); retrying later may succeed.
    #[error("the database is busy: {0}")]
    Busy(String),
    /// `write_transaction` was called inside another one on the same thread: a bug that
    /// would otherwise wait for itself forever.
    #[error("a write transaction was started inside another one")]
    NestedWriteTransaction,
    /// The request's claim on its `Idempotency-Key` ran out and a retry took the key over, so
    /// this attempt's writes were rolled back (the retry's count).
    #[error("the Idempotency-Key was taken over by a retry")]
    IdempotencyClaimLost,
    /// Any other database error.
    #[error("database error: {0}")]
    Query(DieselError),
}

impl From<DieselError> for RepoError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => RepoError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, ref info) => {
                RepoError::Duplicate { field: duplicate_field(info.message(), info.details()) }
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                RepoError::InUse("other records".to_owned())
            }
            // SQLite reports a RESTRICT violation as a plain constraint failure (diesel does not
            // classify it without extended result codes): the row is still referenced.
            DieselError::DatabaseError(_, ref info) if info.message().contains("FOREIGN KEY constraint failed") => {
                RepoError::InUse("other records".to_owned())
            }
            DieselError::DatabaseError(_, ref info) if is_lock_timeout(info.message()) => {
                RepoError::Busy(info.message().to_owned())
            }
            other => RepoError::Query(other),
        }
    }
}

/// Whether the engine gave up waiting for a lock. SQLite: `SQLITE_BUSY` ("database is
/// locked") once `busy_timeout` passed, or `SQLITE_LOCKED` ("database table is locked");
/// diesel classifies neither, so the message is all we have. PostgreSQL: `lock_timeout`
/// ("canceling statement due to lock timeout"), should an operator set one.
fn is_lock_timeout(message: &str) -> bool {
    message.contains("database is locked")
        || message.contains("database table is locked")
        || message.contains("canceling statement due to lock timeout")
}

impl From<diesel::ConnectionError> for RepoError {
    fn from(error: diesel::ConnectionError) -> Self {
        RepoError::Setup(format!("cannot connect to the database: {error}"))
    }
}

/// Finds the duplicated column in the engine's message.
///
/// PostgreSQL: details `Key (hei_id)=(x) already exists.`; SQLite: message
/// `UNIQUE constraint failed: institutions.hei_id` (several columns are comma-separated; the
/// last one is the distinguishing one, e.g. a unit's `code` within its institution).
fn duplicate_field(message: &str, details: Option<&str>) -> String {
    let columns = details
        .and_then(|d| d.strip_prefix("Key ("))
        .and_then(|d| d.split_once(')'))
        .map(|(cols, _)| cols.to_owned())
        .or_else(|| message.split_once("failed: ").map(|(_, cols)| cols.to_owned()))
        .unwrap_or_default();
    let last = columns.rsplit(',').next().unwrap_or_default().trim();
    let column = last.rsplit('.').next().unwrap_or(last);
    match column {
        "" => "value".to_owned(),
        "erasmus_code_normalised" => "erasmus_code".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_duplicate_column_on_both_engines() {
        assert_eq!(duplicate_field("duplicate key", Some("Key (hei_id)=(a.b) already exists.")), "hei_id");
        assert_eq!(duplicate_field("UNIQUE constraint failed: institutions.hei_id", None), "hei_id");
        assert_eq!(duplicate_field("UNIQUE constraint failed: units.institution_id, units.code", None), "code");
        assert_eq!(
            duplicate_field("x", Some("Key (erasmus_code_normalised)=(PLWARSZAW01) already exists.")),
            "erasmus_code"
        );
        assert_eq!(duplicate_field("", None), "value");
    }

    #[test]
    fn a_lock_timeout_is_busy_and_other_failures_are_not() {
        assert!(is_lock_timeout("database is locked"));
        assert!(is_lock_timeout("database table is locked"));
        assert!(is_lock_timeout("canceling statement due to lock timeout"));
        assert!(!is_lock_timeout("no such table: mobilities"));
    }
}
