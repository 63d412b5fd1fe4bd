//! `/api/v1/catalogue/programmes`: study programmes per unit. Public to read (published ones);
//! the office and the unit's coordinators maintain them.

pub mod body;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::catalogue::{Programme, ProgrammeData};
use iro_domain::{ProgrammeId, UnitId};
use iro_persistence::repositories::catalogue::programmes::{self, ProgrammeFilter};
use iro_persistence::write_transaction;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use self::body::READ_ONLY;
pub use self::body::{ProgrammeInput, ProgrammeResponse};
use super::query::common_filters;
use super::references::check_unit;
use super::viewer::Viewer;
use crate::auth::{Access, MaybePrincipal, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::conditional_get::{self, content_tag};
use crate::http::etag::{IfMatch, etag, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::state::AppState;

/// Filters and paging of the programme list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgrammeQuery {
    /// Only this unit's programmes.
    pub unit_id: Option<Uuid>,
    /// Only this cycle, as an EQF level (6 bachelor, 7 master, 8 doctorate).
    #[param(minimum = 1, maximum = 8)]
    pub eqf_level: Option<u8>,
    /// Only programmes taught in this language.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Language>, inline)]
    pub language: Option<String>,
    /// Only this ISCED-F field or the fields under it (`06` matches `0613`).
    #[param(value_type = Option<crate::routes::shared::query_schemas::Isced>, inline)]
    pub isced_code: Option<String>,
    /// Code or a name contains this text (any case, any language).
    pub q: Option<String>,
    /// Only programmes changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(ProgrammePage, ProgrammeResponse, "A page of study programmes.");

fn with_etag(response: actix_web::HttpResponseBuilder, programme: Programme) -> HttpResponse {
    tagged(response, programme.version, ProgrammeResponse::from(programme))
}

/// List study programmes
///
/// Public: without a token only published programmes are listed, and the answer may be cached
/// by anyone for five minutes (`Cache-Control`, `ETag`, `If-None-Match` → 304).
#[utoipa::path(
    operation_id = "list_programmes",
    tag = "catalogue",
    params(ProgrammeQuery),
    responses(
        (status = 200, description = "A page of programmes", body = ProgrammePage,
            headers(("ETag" = String, description = "Tag of this page"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "catalogue:read"])),
)]
#[get("/catalogue/programmes")]
pub async fn list_programmes(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    query: web::Query<ProgrammeQuery>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let common =
        common_filters(&mut errors, query.eqf_level, query.language.as_deref(), query.isced_code.as_deref(), query.q);
    errors.finish_query()?;
    let filter = ProgrammeFilter {
        published_only: !viewer.sees_drafts,
        unit_id: query.unit_id.map(UnitId::from_uuid),
        eqf_level: common.eqf_level,
        language: common.language,
        isced_code: common.isced_code,
        q: common.q,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(programmes::list(conn, &filter, &page)?)).await?;
    let page: ProgrammePage = Paged::from_page(page, ProgrammeResponse::from).into();
    let body = serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(conditional_get::answer(&req, content_tag(&body), viewer.audience, "application/json", body))
}

/// Add a study programme
///
/// Faculty coordinators only for their own units.
#[utoipa::path(
    operation_id = "create_programme",
    tag = "catalogue",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = ProgrammeInput,
    responses((status = 201, description = "Created", body = ProgrammeResponse,
        headers(("Location" = String, description = "URL of the new programme"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "catalogue:write"])),
)]
#[post("/catalogue/programmes")]
pub async fn create_programme(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<ProgrammeInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteCatalogue)?;
    let data = ProgrammeData::try_from(body.0)?;
    principal.require_catalogue_write(data.unit_id)?;
    db::write(
        &state.pool,
        move |conn| {
            check_unit(conn, data.unit_id)?;
            Ok(programmes::insert(conn, &data, Utc::now())?)
        },
        move |programme| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/catalogue/programmes/{}", programme.id)));
            with_etag(response, programme)
        },
    )
    .await
}

/// Get a study programme
///
/// Public when published (a draft is 404 without a token); cacheable like the list.
#[utoipa::path(
    operation_id = "get_programme",
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The programme", body = ProgrammeResponse,
            headers(("ETag" = String, description = "Version tag for If-Match and If-None-Match"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "catalogue:read"])),
)]
#[get("/catalogue/programmes/{id}")]
pub async fn get_programme(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let id = ProgrammeId::from_uuid(id.into_inner());
    let programme = db::run(&state.pool, move |conn| Ok(programmes::find(conn, id)?)).await?;
    viewer.check_visible(programme.data.published)?;
    let version = programme.version;
    let body =
        serde_json::to_vec(&ProgrammeResponse::from(programme)).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(conditional_get::answer(&req, etag(version), viewer.audience, "application/json", body))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a study programme: the writable fields of `ProgrammeInput`, each optional.
    ProgrammePatch = ProgrammeInput, read_only = READ_ONLY
);

/// Change a study programme
///
/// A JSON Merge Patch. Faculty coordinators only programmes of their units (and only to one
/// of their units).
#[utoipa::path(
    operation_id = "update_programme",
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "Programme id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on")),
    request_body(content = ProgrammePatch, content_type = "application/merge-patch+json",
        description = "The fields of a programme to change", example = json!({"published": true})),
    responses((status = 200, description = "The changed programme", body = ProgrammeResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "catalogue:write"])),
)]
#[patch("/catalogue/programmes/{id}")]
pub async fn update_programme(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteCatalogue)?;
    let id = ProgrammeId::from_uuid(id.into_inner());
    let programme = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = programmes::find(conn, id)?;
            principal.require_catalogue_write(current.data.unit_id)?;
            precondition.check(current.version)?;
            let data = ProgrammeData::try_from(merge_patch::apply_to::<ProgrammeInput>(
                &ProgrammeResponse::from(current.clone()),
                patch.0,
                READ_ONLY,
            )?)?;
            if data.unit_id != current.data.unit_id {
                principal.require_catalogue_write(data.unit_id)?;
                check_unit(conn, data.unit_id)?;
            }
            Ok(programmes::update(conn, id, current.version, &data, Utc::now())?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), programme))
}

/// Delete a study programme
///
/// Only a programme no course belongs to (409 otherwise).
#[utoipa::path(
    operation_id = "delete_programme",
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "Programme id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "catalogue:write"])),
)]
#[delete("/catalogue/programmes/{id}")]
pub async fn delete_programme(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteCatalogue)?;
    let id = ProgrammeId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = programmes::find(conn, id)?;
            principal.require_catalogue_write(current.data.unit_id)?;
            precondition.check(current.version)?;
            Ok(programmes::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
