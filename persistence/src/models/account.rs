//! `users` and `api_clients` rows and their mapping to domain accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iro_domain::{ApiClient, ClientId, Role, Scope, UnitId, User, UserId};

use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::{api_clients, users};

/// A row of `users`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Id.
    pub id: String,
    /// Sign-in name.
    pub username: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Role name.
    pub role: String,
    /// Display name.
    pub full_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// May sign in?
    pub active: bool,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
    /// Password last changed (UTC).
    pub credentials_changed_at: Option<NaiveDateTime>,
}

impl UserRow {
    /// The domain user, given the ids of the units the user coordinates.
    pub fn into_user(self, unit_ids: Vec<UnitId>) -> Result<User, RepoError> {
        Ok(User {
            id: UserId::parse(&self.id).map_err(corrupt("user id"))?,
            username: self.username,
            role: self.role.parse::<Role>().map_err(corrupt("role"))?,
            full_name: self.full_name,
            email: self.email,
            active: self.active,
            unit_ids,
            version: version(self.version)?,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            credentials_changed_at: self.credentials_changed_at.map(utc),
        })
    }
}

/// A row of `api_clients`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_clients)]
pub struct ApiClientRow {
    /// Id.
    pub id: String,
    /// Public client identifier.
    pub client_id: String,
    /// argon2id PHC string of the secret.
    pub secret_hash: String,
    /// Display name.
    pub name: String,
    /// Space-separated scopes.
    pub scopes: String,
    /// May obtain tokens?
    pub active: bool,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
}

impl TryFrom<ApiClientRow> for ApiClient {
    type Error = RepoError;

    fn try_from(row: ApiClientRow) -> Result<Self, Self::Error> {
        Ok(ApiClient {
            id: ClientId::parse(&row.id).map_err(corrupt("client id"))?,
            client_id: row.client_id,
            name: row.name,
            scopes: row
                .scopes
                .split_whitespace()
                .map(Scope::parse)
                .collect::<Result<_, _>>()
                .map_err(corrupt("scopes"))?,
            active: row.active,
            created_at: utc(row.created_at),
        })
    }
}
