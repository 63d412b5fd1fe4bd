//! `/api/v1/factsheets/{academic_year}/versions`: every version of a year's factsheet, past
//! ones included (drafts for the office only), one version by number, and writing a new
//! version (the office).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use iro_domain::factsheet::in_effect;
use iro_persistence::repositories::{factsheets, institutions};
use serde::Deserialize;
use utoipa::IntoParams;

use super::body::{FactsheetResponse, FactsheetVersionInput, FactsheetVersionPage, FactsheetVersionSummary};
use super::factsheet::{answer, representation};
use super::viewer::Viewer;
use super::year;
use crate::auth::{Access, MaybePrincipal, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::conditional_get::{self, content_tag};
use crate::http::json_body::JsonBody;
use crate::http::pagination::{Paged, page_request};
use crate::routes::shared::actor::actor;
use crate::state::AppState;

/// Paging of the version list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// The version number a cursor continues after.
fn after(cursor: Option<String>) -> ApiResult<Option<u32>> {
    cursor
        .map(|c| {
            c.parse::<u32>().map_err(|_| {
                ApiError::InvalidQuery(vec![FieldError::new("cursor", "format", "cursor is not one this API issued")])
            })
        })
        .transpose()
}

/// List a year's factsheet versions
///
/// Public: every published version by number, past ones included, each saying whether it is
/// the one in effect today; the office (admins, officers, reporting, integrations with
/// `factsheets:read`) sees drafts too. Cached like the factsheet.
#[utoipa::path(
    operation_id = "list_factsheet_versions",
    tag = "factsheets",
    params(("academic_year" = String, Path, pattern = r"^[0-9]{4}(-|/|%2F|%2f)[0-9]{4}$", example = "2026-2027",
        description = "The academic year, written `2026-2027` (or `2026/2027` with the `/` encoded as `%2F`)"), VersionQuery),
    responses(
        (status = 200, description = "A page of versions", body = FactsheetVersionPage,
            headers(("ETag" = String, description = "Tag of this page"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = ["admin", "officer", "reporting", "factsheets:read"])),
)]
#[get("/factsheets/{academic_year}/versions")]
pub async fn list_factsheet_versions(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    path: web::Path<String>,
    query: web::Query<VersionQuery>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let year = year::parse(&path)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let after = after(page.after)?;
    let page = db::run(&state.pool, move |conn| {
        let current = in_effect(&factsheets::facts(conn, year)?, Utc::now().date_naive());
        let page = factsheets::list(conn, year, viewer.sees_drafts, after, page.limit)?;
        Ok(Paged::from_page(page, |v| FactsheetVersionSummary::new(&v, current)))
    })
    .await?;
    let page: FactsheetVersionPage = page.into();
    let body = serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(conditional_get::answer(&req, content_tag(&body), viewer.audience, "application/json", body))
}

/// One version of a year's factsheet
///
/// Public for published versions, past ones included, as they were written (the visa and
/// insurance blocks are generated from the rules valid on each term's first day); a draft is
/// answered 404 unless the caller is the office. Cached like the factsheet.
#[utoipa::path(
    operation_id = "get_factsheet_version",
    tag = "factsheets",
    params(("academic_year" = String, Path, pattern = r"^[0-9]{4}(-|/|%2F|%2f)[0-9]{4}$", example = "2026-2027",
            description = "The academic year, written `2026-2027` (or `2026/2027` with the `/` encoded as `%2F`)"),
        ("number" = u32, Path, description = "The version's number within the year", minimum = 1)),
    responses(
        (status = 200, description = "The version", body = FactsheetResponse,
            headers(("ETag" = String, description = "Tag of this answer"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = ["admin", "officer", "reporting", "factsheets:read"])),
)]
#[get("/factsheets/{academic_year}/versions/{number}")]
pub async fn get_factsheet_version(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    path: web::Path<(String, u32)>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let (year, number) = path.into_inner();
    let year = year::parse(&year)?;
    let response = db::run(&state.pool, move |conn| {
        let version = factsheets::find(conn, year, number)?;
        if !version.facts.published && !viewer.sees_drafts {
            // Answered as missing, so a draft's existence does not leak.
            return Err(iro_persistence::RepoError::NotFound.into());
        }
        let current = in_effect(&factsheets::facts(conn, year)?, Utc::now().date_naive());
        representation(conn, &version, current)
    })
    .await?;
    answer(&req, viewer, &response)
}

/// Write a new version of a year's factsheet
///
/// Versions are never changed: a correction or an update is a new version, numbered after the
/// year's last, shown from `effective_from` once `published` (a draft is for the office to
/// review; publish it by writing it again with `published: true`). Every invalid field is
/// named in `errors[]`: amounts non-negative, ranges with `min` ≤ `max`, periods in order,
/// deadlines before the term, terms within the academic year, e-mail addresses and web
/// addresses shaped as such, checked figures with their source and date. Our university must
/// be registered (409 `local_institution_missing`): the factsheet shows its identifiers.
#[utoipa::path(
    operation_id = "create_factsheet_version",
    tag = "factsheets",
    params(("academic_year" = String, Path, pattern = r"^[0-9]{4}(-|/|%2F|%2f)[0-9]{4}$", example = "2026-2027",
            description = "The academic year, written `2026-2027` (or `2026/2027` with the `/` encoded as `%2F`)"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = FactsheetVersionInput,
    responses((status = 201, description = "Created", body = FactsheetResponse,
        headers(("Location" = String, description = "URL of the new version")))),
    security(("bearer" = ["admin", "officer"])),
)]
#[post("/factsheets/{academic_year}/versions")]
pub async fn create_factsheet_version(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: JsonBody<FactsheetVersionInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteFactsheets)?;
    let year = year::parse(&path)?;
    let new = body.0.checked(year)?;
    let by = actor(&principal);
    db::write(
        &state.pool,
        move |conn| {
            if institutions::find_local(conn)?.is_none() {
                return Err(ApiError::Conflict {
                    code: "local_institution_missing",
                    detail: "register our own university (an institution with is_local) before writing a factsheet: \
                             it shows its identifiers"
                        .to_owned(),
                    errors: vec![],
                });
            }
            let stored = factsheets::insert(conn, &new, &by, Utc::now())?;
            let current = in_effect(&factsheets::facts(conn, year)?, Utc::now().date_naive());
            representation(conn, &stored, current)
        },
        move |response| {
            let location = format!("/api/v1/factsheets/{}/versions/{}", year::in_path(year), response.version.version);
            HttpResponse::Created().insert_header((header::LOCATION, location)).json(response)
        },
    )
    .await
}
