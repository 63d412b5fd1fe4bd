//! `/api/v1/me`: who the caller is and what they may do.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Principal, Subject};
use crate::error::ApiResult;
use crate::routes::identity::users::RoleName;

/// The kind of account behind a token.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A person.
    User,
    /// An integration client.
    Client,
}

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b", "kind": "user", "name": "m.petrova",
    "role": "faculty_coordinator", "scopes": [], "unit_ids": ["01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b"]}))]
pub struct MeResponse {
    /// User or client id.
    pub id: Uuid,
    /// A person or a system.
    pub kind: AccountKind,
    /// Username or client name.
    pub name: String,
    /// Role.
    pub role: RoleName,
    /// Scopes (integration clients).
    pub scopes: Vec<String>,
    /// Units the caller coordinates (faculty coordinators).
    pub unit_ids: Vec<Uuid>,
}

/// Who am I?
///
/// The account behind the access token, as the server sees it now (role changes apply at once).
#[utoipa::path(
    operation_id = "get_me",
    tag = "auth",
    responses((status = 200, description = "The caller", body = MeResponse)),
    security(("bearer" = [])),
)]
#[get("/me")]
pub async fn me(principal: Principal) -> ApiResult<web::Json<MeResponse>> {
    let (id, kind) = match principal.subject {
        Subject::User(id) => (id.as_uuid(), AccountKind::User),
        Subject::Client(id) => (id.as_uuid(), AccountKind::Client),
    };
    Ok(web::Json(MeResponse {
        id,
        kind,
        name: principal.name,
        role: principal.role.into(),
        scopes: principal.scopes.iter().map(ToString::to_string).collect(),
        unit_ids: principal.unit_ids.iter().map(|u| u.as_uuid()).collect(),
    }))
}
