//! `/api/v1/catalogue/courses`: the courses incoming students choose from. Public to read
//! (published ones); the office and the unit's coordinators maintain them.

pub mod body;
pub mod filters;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::Utc;
use iro_domain::CourseId;
use iro_domain::catalogue::{Course, CourseData};
use iro_persistence::repositories::catalogue::courses;
use iro_persistence::{DbConnection, write_transaction};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use self::body::READ_ONLY;
pub use self::body::{CourseInput, CourseResponse};
use self::filters::CourseFilterQuery;
use super::references::{check_unit, programme};
use super::viewer::Viewer;
use crate::auth::{Access, MaybePrincipal, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::http::conditional_get::{self, content_tag};
use crate::http::etag::{IfMatch, etag, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::state::AppState;

/// Paging of the course list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoursePaging {
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(CoursePage, CourseResponse, "A page of catalogue courses.");

fn with_etag(response: actix_web::HttpResponseBuilder, course: Course) -> HttpResponse {
    tagged(response, course.version, CourseResponse::from(course))
}

/// Refuses a course whose programme is missing or another unit's.
fn check_references(conn: &mut DbConnection, data: &CourseData) -> ApiResult<()> {
    check_unit(conn, data.unit_id)?;
    let programme = programme(conn, data.programme_id)?;
    data.check(programme.as_ref()).map_err(|p| ApiError::invalid(p.field, p.error))
}

/// List courses
///
/// The catalogue incoming students choose from, filtered by unit, programme, cycle (EQF
/// level), semester, language of instruction, ISCED-F field, openness to incoming students,
/// academic year and free text (`q`). Public: without a token only published courses are
/// listed, and the answer may be cached by anyone for five minutes (`Cache-Control`, `ETag`,
/// `If-None-Match` → 304).
#[utoipa::path(
    operation_id = "list_courses",
    tag = "catalogue",
    params(CourseFilterQuery, CoursePaging),
    responses(
        (status = 200, description = "A page of courses", body = CoursePage,
            headers(("ETag" = String, description = "Tag of this page"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "catalogue:read"])),
)]
#[get("/catalogue/courses")]
pub async fn list_courses(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    query: web::Query<CourseFilterQuery>,
    paging: web::Query<CoursePaging>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let page = page_request(paging.limit, paging.cursor.as_deref())?;
    let filter = query.into_inner().into_filter(viewer)?;
    let page = db::run(&state.pool, move |conn| Ok(courses::list(conn, &filter, &page)?)).await?;
    let page: CoursePage = Paged::from_page(page, CourseResponse::from).into();
    let body = serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(conditional_get::answer(&req, content_tag(&body), viewer.audience, "application/json", body))
}

/// Add a course
///
/// Faculty coordinators only for their own units. The programme, when given, must be one of
/// the course's unit; `places` only for a course open to incoming students.
#[utoipa::path(
    operation_id = "create_course",
    tag = "catalogue",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = CourseInput,
    responses((status = 201, description = "Created", body = CourseResponse,
        headers(("Location" = String, description = "URL of the new course"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "catalogue:write"])),
)]
#[post("/catalogue/courses")]
pub async fn create_course(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<CourseInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteCatalogue)?;
    let data = CourseData::try_from(body.0)?;
    principal.require_catalogue_write(data.unit_id)?;
    db::write(
        &state.pool,
        move |conn| {
            check_references(conn, &data)?;
            Ok(courses::insert(conn, &data, Utc::now())?)
        },
        move |course| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/catalogue/courses/{}", course.id)));
            with_etag(response, course)
        },
    )
    .await
}

/// Get a course
///
/// Public when published (a draft is 404 without a token); cacheable like the list.
#[utoipa::path(
    operation_id = "get_course",
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The course", body = CourseResponse,
            headers(("ETag" = String, description = "Version tag for If-Match and If-None-Match"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "catalogue:read"])),
)]
#[get("/catalogue/courses/{id}")]
pub async fn get_course(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let id = CourseId::from_uuid(id.into_inner());
    let course = db::run(&state.pool, move |conn| Ok(courses::find(conn, id)?)).await?;
    viewer.check_visible(course.data.published)?;
    let version = course.version;
    let body = serde_json::to_vec(&CourseResponse::from(course)).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(conditional_get::answer(&req, etag(version), viewer.audience, "application/json", body))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a course: the writable fields of `CourseInput`, each optional.
    CoursePatch = CourseInput, read_only = READ_ONLY
);

/// Change a course
///
/// A JSON Merge Patch. Faculty coordinators only courses of their units (and only to one of
/// their units).
#[utoipa::path(
    operation_id = "update_course",
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "Course id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on")),
    request_body(content = CoursePatch, content_type = "application/merge-patch+json",
        description = "The fields of a course to change", example = json!({"open_to_incoming": true, "places": 10})),
    responses((status = 200, description = "The changed course", body = CourseResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "catalogue:write"])),
)]
#[patch("/catalogue/courses/{id}")]
pub async fn update_course(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteCatalogue)?;
    let id = CourseId::from_uuid(id.into_inner());
    let course = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = courses::find(conn, id)?;
            principal.require_catalogue_write(current.data.unit_id)?;
            precondition.check(current.version)?;
            let data = CourseData::try_from(merge_patch::apply_to::<CourseInput>(
                &CourseResponse::from(current.clone()),
                patch.0,
                READ_ONLY,
            )?)?;
            principal.require_catalogue_write(data.unit_id)?;
            check_references(conn, &data)?;
            Ok(courses::update(conn, id, current.version, &data, Utc::now())?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), course))
}

/// Delete a course
#[utoipa::path(
    operation_id = "delete_course",
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "Course id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "catalogue:write"])),
)]
#[delete("/catalogue/courses/{id}")]
pub async fn delete_course(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteCatalogue)?;
    let id = CourseId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = courses::find(conn, id)?;
            principal.require_catalogue_write(current.data.unit_id)?;
            precondition.check(current.version)?;
            Ok(courses::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
