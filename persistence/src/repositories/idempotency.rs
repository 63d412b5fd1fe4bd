//! Idempotency keys: the first response to a POST, replayed for a retry with the same key.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::models::db_time;
use crate::models::utc;
use crate::schema::idempotency_keys;
use crate::{DbConnection, RepoError};

/// How long a key is remembered.
pub const RETENTION_HOURS: i64 = 24;

/// A remembered request and, once it finished, its response.
#[derive(Debug, Clone)]
pub struct IdempotencyRecord {
    /// Fingerprint of method, path and body.
    pub request_hash: String,
    /// The stored response, absent while the first request is still running.
    pub response: Option<StoredResponse>,
    /// When the key was first seen.
    pub created_at: DateTime<Utc>,
}

/// A response as replayed.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers to replay, as a JSON object.
    pub headers: String,
    /// The body.
    pub body: String,
}

type Columns = (String, Option<i32>, Option<String>, Option<String>, chrono::NaiveDateTime);

/// Finds a key that has not expired.
pub fn find(
    conn: &mut DbConnection,
    principal: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<IdempotencyRecord>, RepoError> {
    let row = idempotency_keys::table
        .find((principal, key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::response_status,
            idempotency_keys::response_headers,
            idempotency_keys::response_body,
            idempotency_keys::created_at,
        ))
        .first::<Columns>(conn)
        .optional()?;
    Ok(row
        .map(|(request_hash, status, headers, body, created_at)| IdempotencyRecord {
            request_hash,
            response: status.map(|status| StoredResponse {
                status: u16::try_from(status).unwrap_or(500),
                headers: headers.unwrap_or_else(|| "{}".to_owned()),
                body: body.unwrap_or_default(),
            }),
            created_at: utc(created_at),
        })
        .filter(|record| record.created_at + Duration::hours(RETENTION_HOURS) > now))
}

/// Claims a key for a request now starting; `false` if another request holds it.
pub fn claim(
    conn: &mut DbConnection,
    principal: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, RepoError> {
    // An expired key may be reused.
    let expired = db_time(now - Duration::hours(RETENTION_HOURS));
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::principal.eq(principal))
            .filter(idempotency_keys::idempotency_key.eq(key))
            .filter(idempotency_keys::created_at.le(expired)),
    )
    .execute(conn)?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::principal.eq(principal),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::created_at.eq(db_time(now)),
        ))
        .execute(conn);
    match inserted.map_err(RepoError::from) {
        Ok(_) => Ok(true),
        Err(RepoError::Duplicate { .. }) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Stores the response of a claimed key.
pub fn complete(
    conn: &mut DbConnection,
    principal: &str,
    key: &str,
    response: &StoredResponse,
) -> Result<(), RepoError> {
    diesel::update(idempotency_keys::table.find((principal, key)))
        .set((
            idempotency_keys::response_status.eq(i32::from(response.status)),
            idempotency_keys::response_headers.eq(&response.headers),
            idempotency_keys::response_body.eq(&response.body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Releases a claimed key whose request failed on our side, so the client may retry.
pub fn release(conn: &mut DbConnection, principal: &str, key: &str) -> Result<(), RepoError> {
    diesel::delete(idempotency_keys::table.find((principal, key))).execute(conn)?;
    Ok(())
}
