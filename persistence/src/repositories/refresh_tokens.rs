//! Refresh tokens: stored hashed, single use, grouped in families so a reused token
//! revokes every token descended from the same sign-in (OAuth 2.0 Security BCP §4.14).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::UserId;

use crate::models::db_time;
use crate::models::{corrupt, utc};
use crate::schema::refresh_tokens;
use crate::{DbConnection, RepoError};

/// A stored refresh token.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    /// Row id.
    pub id: String,
    /// The sign-in this token descends from.
    pub family_id: String,
    /// Whose token it is.
    pub user_id: UserId,
    /// Scope granted at sign-in.
    pub scope: String,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// Set once the token has been exchanged.
    pub used_at: Option<DateTime<Utc>>,
    /// Set when the family was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

type Columns = (String, String, String, String, NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDateTime>);

/// Stores a token by its hash.
pub fn insert(
    conn: &mut DbConnection,
    token_hash: &str,
    family_id: &str,
    user: UserId,
    scope: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), RepoError> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(uuid::Uuid::now_v7().to_string()),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::user_id.eq(user.to_string()),
            refresh_tokens::scope.eq(scope),
            refresh_tokens::issued_at.eq(db_time(now)),
            refresh_tokens::expires_at.eq(db_time(expires_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Finds a token by its hash.
pub fn find_by_hash(conn: &mut DbConnection, token_hash: &str) -> Result<Option<RefreshToken>, RepoError> {
    let row = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((
            refresh_tokens::id,
            refresh_tokens::family_id,
            refresh_tokens::user_id,
            refresh_tokens::scope,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .first::<Columns>(conn)
        .optional()?;
    row.map(|(id, family_id, user_id, scope, expires_at, used_at, revoked_at)| {
        Ok(RefreshToken {
            id,
            family_id,
            user_id: UserId::parse(&user_id).map_err(corrupt("user id"))?,
            scope,
            expires_at: utc(expires_at),
            used_at: used_at.map(utc),
            revoked_at: revoked_at.map(utc),
        })
    })
    .transpose()
}

/// Marks a token used; `false` when it was already used or revoked (someone raced us).
pub fn mark_used(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> Result<bool, RepoError> {
    let changed = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(db_time(now)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Revokes every token of a family.
pub fn revoke_family(conn: &mut DbConnection, family_id: &str, now: DateTime<Utc>) -> Result<usize, RepoError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(db_time(now)))
    .execute(conn)?)
}

/// Revokes every token of a user (on deactivation or password change).
pub fn revoke_user(conn: &mut DbConnection, user: UserId, now: DateTime<Utc>) -> Result<usize, RepoError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user.to_string()))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(db_time(now)))
    .execute(conn)?)
}
