//! Failed sign-in counters per username or client, shared by every iro instance.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::models::db_time;
use crate::models::utc;
use crate::schema::login_throttles;
use crate::{DbConnection, RepoError};

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
///
/// Safe under concurrent failures on both engines: the count is an atomic increment (no
/// read-modify-write that could lose updates), and a lock is only ever extended, never
/// shortened or cleared, by a failure that finishes after it was set.
pub fn record_failure(
    conn: &mut DbConnection,
    subject: &str,
    now: DateTime<Utc>,
    policy: ThrottlePolicy,
) -> Result<Option<DateTime<Utc>>, RepoError> {
    let row = login_throttles::table.find(subject);
    // Create the counter if it is missing; a concurrent first failure may win the insert.
    let inserted = diesel::insert_into(login_throttles::table)
        .values((
            login_throttles::subject.eq(subject),
            login_throttles::failures.eq(0),
            login_throttles::window_started_at.eq(db_time(now)),
        ))
        .execute(conn);
    match inserted.map_err(RepoError::from) {
        Ok(_) | Err(RepoError::Duplicate { .. }) => {}
        Err(other) => return Err(other),
    }
    // A window that has run out starts again.
    let cutoff = db_time(now - policy.window);
    diesel::update(row.filter(login_throttles::window_started_at.le(cutoff)))
        .set((login_throttles::failures.eq(0), login_throttles::window_started_at.eq(db_time(now))))
        .execute(conn)?;
    let failures: i32 = diesel::update(row)
        .set(login_throttles::failures.eq(login_throttles::failures + 1))
        .returning(login_throttles::failures)
        .get_result(conn)?;
    if u32::try_from(failures).unwrap_or(u32::MAX) < policy.max_failures {
        return Ok(None);
    }
    let until = now + policy.lockout;
    let target = db_time(until);
    diesel::update(row.filter(login_throttles::locked_until.is_null().or(login_throttles::locked_until.lt(target))))
        .set((
            login_throttles::locked_until.eq(target),
            login_throttles::failures.eq(0),
            login_throttles::window_started_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    Ok(Some(until))
}

/// Forgets failures after a successful sign-in.
pub fn clear(conn: &mut DbConnection, subject: &str) -> Result<(), RepoError> {
    diesel::delete(login_throttles::table.find(subject)).execute(conn)?;
    Ok(())
}
