//! Idempotency keys: the first response to a POST, replayed for a retry with the same key.
//!
//! A key is claimed by one running request at a time, for a lease. A request that writes
//! stores its answer with the key in the transaction of its writes ([`store_answer`], called
//! by `api::db::write`), so the writes and the answer a retry gets commit together, or neither
//! does. A retry then finds one of:
//! - an answer: it is replayed;
//! - no answer and the lease still running: the retry waits (`InProgress`);
//! - no answer and the lease over: the first attempt died without changing anything (killed
//!   before its commit), so the retry takes the key over and runs afresh; should the first
//!   attempt still be alive, its commit fails, as its claim no longer matches.
//!
//! A request that changes nothing (a refusal, a conversion) stores its answer after it was
//! sent; should the process die in between, the retry runs it again, which is harmless.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::models::db_time;
use crate::models::utc;
use crate::schema::idempotency_keys;
use crate::{DbConnection, RepoError};

/// How long a key is remembered.
pub const RETENTION_HOURS: i64 = 24;

/// A response as replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers to replay, as a JSON object.
    pub headers: String,
    /// The body.
    pub body: String,
}

/// One request's hold on a key: the subject and key it was claimed for, and the random token
/// that tells this request's claim from a later one's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Who sent the request (`Subject::to_sub`): keys are scoped to the caller.
    pub principal: String,
    /// The `Idempotency-Key` header.
    pub key: String,
    /// Unique to this attempt.
    pub token: String,
}

/// What a request learns when it tries to claim its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// The key is ours: run the request.
    Claimed,
    /// The first attempt finished: answer with its response.
    Replay(StoredResponse),
    /// The same key came with another request (method, path or body).
    Mismatch,
    /// Another attempt holds the key and its lease is still running.
    InProgress,
}

type Columns =
    (String, Option<i32>, Option<String>, Option<String>, chrono::NaiveDateTime, String, Option<chrono::NaiveDateTime>);

/// The stored state of a key.
struct KeyRow {
    request_hash: String,
    response: Option<StoredResponse>,
    created_at: DateTime<Utc>,
    claim_token: String,
    lease_until: Option<DateTime<Utc>>,
}

fn find(conn: &mut DbConnection, principal: &str, key: &str) -> Result<Option<KeyRow>, RepoError> {
    let row = idempotency_keys::table
        .find((principal, key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::response_status,
            idempotency_keys::response_headers,
            idempotency_keys::response_body,
            idempotency_keys::created_at,
            idempotency_keys::claim_token,
            idempotency_keys::lease_until,
        ))
        .first::<Columns>(conn)
        .optional()?;
    Ok(row.map(|(request_hash, status, headers, body, created_at, claim_token, lease_until)| KeyRow {
        request_hash,
        response: status.map(|status| StoredResponse {
            status: u16::try_from(status).unwrap_or(500),
            headers: headers.unwrap_or_else(|| "{}".to_owned()),
            body: body.unwrap_or_default(),
        }),
        created_at: utc(created_at),
        claim_token,
        lease_until: lease_until.map(utc),
    }))
}

/// Claims `claim.key` for a request with fingerprint `request_hash`, for `lease`; or says why
/// not. Keys older than [`RETENTION_HOURS`] are forgotten first.
pub fn claim(
    conn: &mut DbConnection,
    claim: &Claim,
    request_hash: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<ClaimOutcome, RepoError> {
    let expired = db_time(now - Duration::hours(RETENTION_HOURS));
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::principal.eq(&claim.principal))
            .filter(idempotency_keys::idempotency_key.eq(&claim.key))
            .filter(idempotency_keys::created_at.le(expired)),
    )
    .execute(conn)?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::principal.eq(&claim.principal),
            idempotency_keys::idempotency_key.eq(&claim.key),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::created_at.eq(db_time(now)),
            idempotency_keys::claim_token.eq(&claim.token),
            idempotency_keys::lease_until.eq(db_time(now + lease)),
        ))
        .execute(conn);
    match inserted.map_err(RepoError::from) {
        Ok(_) => return Ok(ClaimOutcome::Claimed),
        Err(RepoError::Duplicate { .. }) => {}
        Err(other) => return Err(other),
    }
    let Some(row) = find(conn, &claim.principal, &claim.key)? else {
        // Deleted between our insert and this read (its retention ended): a retry claims it.
        return Ok(ClaimOutcome::InProgress);
    };
    if row.created_at + Duration::hours(RETENTION_HOURS) <= now {
        return Ok(ClaimOutcome::InProgress);
    }
    if row.request_hash != request_hash {
        return Ok(ClaimOutcome::Mismatch);
    }
    if let Some(response) = row.response {
        return Ok(ClaimOutcome::Replay(response));
    }
    // Keys claimed before leases existed have none: their lease is over.
    let lease_until = row.lease_until.unwrap_or(row.created_at);
    if lease_until > now {
        return Ok(ClaimOutcome::InProgress);
    }
    take_over(conn, claim, &row.claim_token, now, lease)
}

/// Moves an expired claim without an answer to `claim`. The filter repeats what was read, so
/// of two retries racing for one dead claim only one wins, and an answer committed in between
/// makes the take-over fail.
fn take_over(
    conn: &mut DbConnection,
    claim: &Claim,
    previous_token: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<ClaimOutcome, RepoError> {
    let moved = diesel::update(
        idempotency_keys::table
            .filter(idempotency_keys::principal.eq(&claim.principal))
            .filter(idempotency_keys::idempotency_key.eq(&claim.key))
            .filter(idempotency_keys::claim_token.eq(previous_token))
            .filter(idempotency_keys::response_status.is_null()),
    )
    .set((idempotency_keys::claim_token.eq(&claim.token), idempotency_keys::lease_until.eq(db_time(now + lease))))
    .execute(conn)?;
    Ok(if moved == 1 { ClaimOutcome::Claimed } else { ClaimOutcome::InProgress })
}

/// Stores the `response` of the request that holds `claim`; `false` (and nothing stored) when
/// the claim is no longer this request's, its lease having run out and a retry having taken the
/// key over. Called inside the transaction of a request's writes, that `false` is the fence:
/// the caller rolls back, so the request never runs twice.
pub fn store_answer(conn: &mut DbConnection, claim: &Claim, response: &StoredResponse) -> Result<bool, RepoError> {
    let stored = diesel::update(idempotency_keys::table.find((&claim.principal, &claim.key)))
        .filter(idempotency_keys::claim_token.eq(&claim.token))
        .set((
            idempotency_keys::response_status.eq(i32::from(response.status)),
            idempotency_keys::response_headers.eq(&response.headers),
            idempotency_keys::response_body.eq(&response.body),
        ))
        .execute(conn)?;
    Ok(stored == 1)
}

/// Frees a key whose request failed on our side without an answer stored, so the client may
/// retry at once.
pub fn release(conn: &mut DbConnection, claim: &Claim) -> Result<(), RepoError> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::principal.eq(&claim.principal))
            .filter(idempotency_keys::idempotency_key.eq(&claim.key))
            .filter(idempotency_keys::claim_token.eq(&claim.token))
            .filter(idempotency_keys::response_status.is_null()),
    )
    .execute(conn)?;
    Ok(())
}
