//! Integration clients (OAuth 2.0 client credentials).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::{ApiClient, ClientId, Scope};

use crate::models::account::ApiClientRow;
use crate::models::db_time;
use crate::schema::api_clients;
use crate::{DbConnection, RepoError};

/// Registers a client; the secret is already hashed.
pub fn insert(
    conn: &mut DbConnection,
    client_id: &str,
    name: &str,
    secret_hash: &str,
    scopes: &[Scope],
    now: DateTime<Utc>,
) -> Result<ApiClient, RepoError> {
    let id = ClientId::generate();
    let scopes = scopes.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
    diesel::insert_into(api_clients::table)
        .values((
            api_clients::id.eq(id.to_string()),
            api_clients::client_id.eq(client_id),
            api_clients::secret_hash.eq(secret_hash),
            api_clients::name.eq(name),
            api_clients::scopes.eq(scopes),
            api_clients::active.eq(true),
            api_clients::created_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Finds a client by id.
pub fn find(conn: &mut DbConnection, id: ClientId) -> Result<ApiClient, RepoError> {
    api_clients::table.find(id.to_string()).select(ApiClientRow::as_select()).first::<ApiClientRow>(conn)?.try_into()
}

/// Finds a client and its secret hash by its public identifier.
pub fn find_for_login(conn: &mut DbConnection, client_id: &str) -> Result<Option<(ApiClient, String)>, RepoError> {
    let Some(row) = api_clients::table
        .filter(api_clients::client_id.eq(client_id))
        .select(ApiClientRow::as_select())
        .first::<ApiClientRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let hash = row.secret_hash.clone();
    Ok(Some((row.try_into()?, hash)))
}

/// Lists all clients, oldest first.
pub fn list(conn: &mut DbConnection) -> Result<Vec<ApiClient>, RepoError> {
    api_clients::table
        .select(ApiClientRow::as_select())
        .order(api_clients::id.asc())
        .load::<ApiClientRow>(conn)?
        .into_iter()
        .map(ApiClient::try_from)
        .collect()
}
