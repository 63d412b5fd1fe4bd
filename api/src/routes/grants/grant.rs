//! `/api/v1/grants`: the Erasmus+ grant projects (grant agreements with the National Agency)
//! the office's Erasmus+ mobilities are funded and reported under.

pub mod body;

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::GrantId;
use iro_domain::funding::{Grant, GrantData};
use iro_persistence::repositories::grants::projects::{self, GrantFilter};
use iro_persistence::write_transaction;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub use self::body::{BudgetLineBody, GrantInput, GrantResponse};
use super::vocabulary::GrantActionName;
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::state::AppState;

/// Fields a merge patch may not change.
const READ_ONLY: &[&str] = &["id", "version", "created_at", "updated_at"];

/// Filters and paging of the grant list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrantQuery {
    /// Only this key action.
    #[param(inline)]
    pub action: Option<GrantActionName>,
    /// Only this call year.
    #[param(minimum = 2000, maximum = 2099)]
    pub call_year: Option<u16>,
    /// Only grant projects changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(GrantPage, GrantResponse, "A page of grant projects.");

/// Refuses a `call_year` filter outside 2000–2099 (400 naming it), as documented.
pub(super) fn check_call_year(year: Option<u16>) -> ApiResult<()> {
    match year {
        Some(year) if !(2000..=2099).contains(&year) => Err(ApiError::InvalidQuery(vec![FieldError::new(
            "call_year",
            "range",
            format!("call_year is between 2000 and 2099, got {year}"),
        )])),
        _ => Ok(()),
    }
}

fn with_etag(response: actix_web::HttpResponseBuilder, grant: Grant) -> HttpResponse {
    tagged(response, grant.version, GrantResponse::from(grant))
}

/// List grant projects
///
/// The office's Erasmus+ grant projects, filterable by key action, call year and change time.
#[utoipa::path(
    operation_id = "list_grants",
    tag = "grants",
    params(GrantQuery),
    responses((status = 200, description = "A page of grant projects", body = GrantPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "grants:read"])),
)]
#[get("/grants")]
pub async fn list_grants(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<GrantQuery>,
) -> ApiResult<web::Json<GrantPage>> {
    principal.require(Access::ReadGrants)?;
    let query = query.into_inner();
    check_call_year(query.call_year)?;
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = GrantFilter {
        action: query.action.map(Into::into),
        call_year: query.call_year,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(projects::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, GrantResponse::from).into()))
}

/// Register a grant project
///
/// The number must be valid and unique (409 `duplicate` on `project_number`), and its action
/// and call year are the number's. KA171 projects name their partner countries, KA131 none.
#[utoipa::path(
    operation_id = "create_grant",
    tag = "grants",
    request_body = GrantInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created", body = GrantResponse,
        headers(("Location" = String, description = "URL of the new grant project"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "grants:write"])),
)]
#[post("/grants")]
pub async fn create_grant(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<GrantInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteGrants)?;
    let data = GrantData::try_from(body.0)?;
    db::write(
        &state.pool,
        move |conn| Ok(projects::insert(conn, &data, Utc::now())?),
        move |grant| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/grants/{}", grant.id)));
            with_etag(response, grant)
        },
    )
    .await
}

/// Get a grant project
#[utoipa::path(
    operation_id = "get_grant",
    tag = "grants",
    params(("id" = Uuid, Path, description = "Grant project id")),
    responses((status = 200, description = "The grant project", body = GrantResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "grants:read"])),
)]
#[get("/grants/{id}")]
pub async fn get_grant(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadGrants)?;
    let id = GrantId::from_uuid(id.into_inner());
    let grant = db::run(&state.pool, move |conn| Ok(projects::find(conn, id)?)).await?;
    Ok(with_etag(HttpResponse::Ok(), grant))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a grant project: the writable fields of `GrantInput`, each optional.
    GrantPatch = GrantInput, read_only = READ_ONLY
);

/// Change a grant project
///
/// A JSON Merge Patch (RFC 7396); with `If-Match`, only that version is changed (else 412).
#[utoipa::path(
    operation_id = "update_grant",
    tag = "grants",
    params(
        ("id" = Uuid, Path, description = "Grant project id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = GrantPatch, content_type = "application/merge-patch+json",
        description = "The fields of a grant project to change", example = json!({"period_end": "2028-08-31"})),
    responses((status = 200, description = "The changed grant project", body = GrantResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "grants:write"])),
)]
#[patch("/grants/{id}")]
pub async fn update_grant(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteGrants)?;
    let id = GrantId::from_uuid(id.into_inner());
    let grant = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = projects::find(conn, id)?;
            precondition.check(current.version)?;
            let input: GrantInput = merge_patch::apply_to(&GrantResponse::from(current.clone()), patch.0, READ_ONLY)?;
            let data = GrantData::try_from(input)?;
            Ok(projects::update(conn, id, current.version, &data, Utc::now())?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), grant))
}

/// Delete a grant project
///
/// Only while no mobility names it (409 `in_use` otherwise).
#[utoipa::path(
    operation_id = "delete_grant",
    tag = "grants",
    params(
        ("id" = Uuid, Path, description = "Grant project id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "grants:write"])),
)]
#[delete("/grants/{id}")]
pub async fn delete_grant(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteGrants)?;
    let id = GrantId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = projects::find(conn, id)?;
            precondition.check(current.version)?;
            Ok(projects::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
