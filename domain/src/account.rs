//! Accounts that can sign in: people (users) and systems (integration clients).

use chrono::{DateTime, Utc};

use crate::{ClientId, Role, Scope, UnitId, UserId};

/// A person's account. Accounts are deactivated, never deleted, so history keeps its authors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Opaque id.
    pub id: UserId,
    /// Sign-in name, unique.
    pub username: String,
    /// What the user may do.
    pub role: Role,
    /// Display name.
    pub full_name: Option<String>,
    /// Contact address.
    pub email: Option<String>,
    /// Inactive users cannot sign in and their tokens stop working.
    pub active: bool,
    /// Units a faculty coordinator is responsible for.
    pub unit_ids: Vec<UnitId>,
    /// Increases with every change; the API's ETag.
    pub version: u32,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When the account last changed.
    pub updated_at: DateTime<Utc>,
    /// When its password last changed; access tokens issued before then no longer count.
    /// `None`: never since it was created.
    pub credentials_changed_at: Option<DateTime<Utc>>,
}

/// A service account of an ERP or reporting system (OAuth 2.0 client credentials).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// Opaque id.
    pub id: ClientId,
    /// The public client identifier used to sign in.
    pub client_id: String,
    /// What the client is, e.g. "Faculty ERP".
    pub name: String,
    /// What the client may do.
    pub scopes: Vec<Scope>,
    /// Inactive clients cannot obtain tokens.
    pub active: bool,
    /// When the client was registered.
    pub created_at: DateTime<Utc>,
}
