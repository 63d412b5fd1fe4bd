//! Sign-in attempt counters per throttled subject (a username or client at one client
//! address, or an address alone), shared by every iro instance.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::models::db_time;
use crate::models::utc;
use crate::schema::login_throttles;
use crate::{DbConnection, RepoError};

/// When sign-in attempts count as too many and how long a lock lasts.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Attempts allowed within `window`; the next one locks the subject.
    pub max_failures: u32,
    /// How long attempts are remembered.
    pub window: Duration,
    /// How long a lock lasts.
    pub lockout: Duration,
}

/// Whether an attempt may go on to have its credentials checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Counted, and within the limit: check the credentials.
    Allowed,
    /// Refused without checking anything: the subject is locked until then.
    Locked {
        /// When the lock ends.
        until: DateTime<Utc>,
    },
}

/// Counts an attempt for `subject` before its credentials are checked, and says whether it
/// may be checked.
///
/// The count is one conditional, atomic increment that skips a locked subject, so of any
/// number of parallel attempts at most `max_failures` per window are ever allowed on either
/// engine (the increment takes the row's write lock; PostgreSQL re-checks the condition on
/// the row it waited for). The first attempt over the limit locks the subject; a lock is only
/// ever extended, never shortened, by a later one. A successful sign-in gives its attempt back
/// with [`clear`] or [`refund`].
pub fn record_attempt(
    conn: &mut DbConnection,
    subject: &str,
    now: DateTime<Utc>,
    policy: ThrottlePolicy,
) -> Result<Attempt, RepoError> {
    // A successful sign-in of the same subject deletes the counter ([`clear`]); when that
    // happens between our insert and our increment, the increment finds no row. That is no
    // lock: start again, on a fresh counter. Only a success can delete it, so a few rounds are
    // plenty; should successes keep winning, this attempt follows a success and is allowed.
    for _ in 0..RACES_WITH_SUCCESS {
        if let Some(attempt) = count_once(conn, subject, now, policy)? {
            return Ok(attempt);
        }
    }
    Ok(Attempt::Allowed)
}

/// How often [`record_attempt`] starts again when a concurrent success deleted its counter.
const RACES_WITH_SUCCESS: usize = 3;

/// One try of [`record_attempt`]; `None` when the counter vanished under it.
fn count_once(
    conn: &mut DbConnection,
    subject: &str,
    now: DateTime<Utc>,
    policy: ThrottlePolicy,
) -> Result<Option<Attempt>, RepoError> {
    let row = login_throttles::table.find(subject);
    // Create the counter if it is missing; a concurrent first attempt may win the insert.
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
    let unlocked = login_throttles::locked_until.is_null().or(login_throttles::locked_until.le(db_time(now)));
    // A window that has run out starts again (not while locked: the lock restarts it).
    let cutoff = db_time(now - policy.window);
    diesel::update(row.filter(login_throttles::window_started_at.le(cutoff)).filter(unlocked))
        .set((login_throttles::failures.eq(0), login_throttles::window_started_at.eq(db_time(now))))
        .execute(conn)?;
    let counted: Option<i32> = diesel::update(row.filter(unlocked))
        .set(login_throttles::failures.eq(login_throttles::failures + 1))
        .returning(login_throttles::failures)
        .get_result(conn)
        .optional()?;
    let Some(attempts) = counted else {
        // Not counted: either the row is locked, or a success deleted it meanwhile (and
        // another attempt may have created it again since), which is no lock: try again.
        return Ok(lock_of(conn, subject)?
            .flatten()
            .filter(|until| *until > now)
            .map(|until| Attempt::Locked { until }));
    };
    if u32::try_from(attempts).unwrap_or(u32::MAX) <= policy.max_failures {
        return Ok(Some(Attempt::Allowed));
    }
    let until = now + policy.lockout;
    let target = db_time(until);
    // The window restarts with the lock, so the subject gets `max_failures` attempts again
    // once the lock ends.
    diesel::update(row.filter(login_throttles::locked_until.is_null().or(login_throttles::locked_until.lt(target))))
        .set((
            login_throttles::locked_until.eq(target),
            login_throttles::failures.eq(0),
            login_throttles::window_started_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    Ok(Some(Attempt::Locked { until }))
}

/// `subject`'s counter row, if it exists, with the end of its lock (possibly over, or none).
fn lock_of(conn: &mut DbConnection, subject: &str) -> Result<Option<Option<DateTime<Utc>>>, RepoError> {
    Ok(login_throttles::table
        .find(subject)
        .select(login_throttles::locked_until)
        .first::<Option<chrono::NaiveDateTime>>(conn)
        .optional()?
        .map(|until| until.map(utc)))
}

/// Forgets every attempt of `subject` (a successful sign-in of that username or client).
pub fn clear(conn: &mut DbConnection, subject: &str) -> Result<(), RepoError> {
    diesel::delete(login_throttles::table.find(subject)).execute(conn)?;
    Ok(())
}

/// Gives back one counted attempt of `subject` (a successful sign-in from that address), so
/// that successes never count towards its limit; the other attempts are kept, so signing in
/// to one's own account does not reset a count of guesses at other accounts.
pub fn refund(conn: &mut DbConnection, subject: &str) -> Result<(), RepoError> {
    diesel::update(login_throttles::table.find(subject).filter(login_throttles::failures.gt(0)))
        .set(login_throttles::failures.eq(login_throttles::failures - 1))
        .execute(conn)?;
    Ok(())
}
