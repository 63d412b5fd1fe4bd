//! Failed sign-in counters per username or client, shared by every iro instance.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::models::db_time;
use crate::models::utc;
use crate::schema::login_throttles;
use crate::{DbConnection, RepoError, write_transaction};

/// When sign-ins count as repeated failures and how long a lock lasts.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures allowed within `window` before locking.
    pub max_failures: u32,
    /// How long failures are remembered.
    pub window: Duration,
    /// How long a lock lasts.
    pub lockout: Duration,
}

/// Until when `subject` is locked, if it is locked at `now`.
pub fn locked_until(
    conn: &mut DbConnection,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, RepoError> {
    let until = login_throttles::table
        .find(subject)
        .select(login_throttles::locked_until)
        .first::<Option<chrono::NaiveDateTime>>(conn)
        .optional()?
        .flatten()
        .map(utc);
    Ok(until.filter(|until| *until > now))
}

/// Counts a failure; returns the lock's end when this failure locks the subject.
pub fn record_failure(
    conn: &mut DbConnection,
    subject: &str,
    now: DateTime<Utc>,
    policy: ThrottlePolicy,
) -> Result<Option<DateTime<Utc>>, RepoError> {
    write_transaction(conn, |conn| {
        let current = login_throttles::table
            .find(subject)
            .select((login_throttles::failures, login_throttles::window_started_at))
            .first::<(i32, chrono::NaiveDateTime)>(conn)
            .optional()?;
        let (failures, started) = match current {
            Some((failures, started)) if utc(started) + policy.window > now => (failures.saturating_add(1), started),
            _ => (1, db_time(now)),
        };
        let locked = u32::try_from(failures).unwrap_or(u32::MAX) >= policy.max_failures;
        let until = locked.then(|| now + policy.lockout);
        let values = (
            login_throttles::failures.eq(if locked { 0 } else { failures }),
            login_throttles::window_started_at.eq(if locked { db_time(now) } else { started }),
            login_throttles::locked_until.eq(until.map(db_time)),
        );
        if current.is_some() {
            diesel::update(login_throttles::table.find(subject)).set(values).execute(conn)?;
        } else {
            diesel::insert_into(login_throttles::table)
                .values((login_throttles::subject.eq(subject), values))
                .execute(conn)?;
        }
        Ok(until)
    })
}

/// Forgets failures after a successful sign-in.
pub fn clear(conn: &mut DbConnection, subject: &str) -> Result<(), RepoError> {
    diesel::delete(login_throttles::table.find(subject)).execute(conn)?;
    Ok(())
}
