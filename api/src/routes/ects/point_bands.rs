//! `/api/v1/point-bands`: how a points total becomes a grade (and possibly an ECTS letter) at
//! an institution or by law — the Serbian statutory 51–100 bands, a Russian university's
//! 100-point table — as data with source, validity and status; seeded from
//! `persistence/data/grade-mappings.json`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::InstitutionId;
use iro_persistence::models::point_bands::{BandEntry, PointBandsData, PointBandsRecord};
use iro_persistence::repositories::point_bands::{self, PointBandsFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiResult, FieldErrors};
use crate::http::etag::tagged;
use crate::http::json_body::JsonBody;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation::{self, trim};
use crate::routes::ects::fixed_tables::scale_named;
use crate::routes::shared::provenance::{CODE, check_status_and_validity, check_status_filter, require_institution};
use crate::state::AppState;

/// One band: from `min_points` up to the next band's minimum.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BandBody {
    /// The least points that reach the band.
    #[schema(example = "51")]
    pub min_points: String,
    /// The grade on the bands' scale.
    #[schema(example = "6")]
    pub grade: String,
    /// The ECTS letter the band gives, if it names one (A–E, FX, F).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ects_letter: Option<String>,
}

/// New point bands.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "LSU-100", "name": "Lipetsk State University: 100-point table", "scale": "RU",
    "max_points": "100", "bands": [{"min_points": "86", "grade": "5", "ects_letter": "A"},
    {"min_points": "51", "grade": "3", "ects_letter": "E"}, {"min_points": "0", "grade": "2", "ects_letter": "F"}],
    "source": "LSU regulations on the point-rating system", "status": "secondary"}))]
pub struct PointBandsInput {
    /// Unique code (1–64 ASCII letters, digits, inner `-`).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(pattern = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$")]
    #[validate(regex(path = *CODE, message = "code must be 1–64 ASCII letters, digits or inner '-'"))]
    pub code: String,
    /// Name.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// The institution whose table it is, if any.
    #[serde(default)]
    pub institution_id: Option<Uuid>,
    /// The scale the bands give grades on (code).
    pub scale: String,
    /// The most points (`"100"`).
    pub max_points: String,
    /// The bands in any order; the lowest starts at 0. At most 1001.
    #[schema(max_items = 1001)]
    #[validate(length(max = 1001, message = "at most 1001 bands"))]
    pub bands: Vec<BandBody>,
    /// Where the bands are published.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 1000)]
    #[validate(length(min = 1, max = 1000))]
    pub source: String,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// First day of validity.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
}

/// Point bands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PointBandsResponse {
    /// Id.
    pub id: Uuid,
    /// Unique code.
    #[schema(example = "RS-STATUTORY")]
    pub code: String,
    /// Name.
    pub name: String,
    /// The institution whose table it is.
    pub institution_id: Option<Uuid>,
    /// The scale the bands give grades on.
    #[schema(example = "RS")]
    pub scale: String,
    /// The most points.
    #[schema(example = "100")]
    pub max_points: String,
    /// The bands as published.
    pub bands: Vec<BandBody>,
    /// Where the bands are published.
    pub source: String,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// Version; the `ETag`.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<PointBandsRecord> for PointBandsResponse {
    fn from(record: PointBandsRecord) -> Self {
        let d = record.data;
        PointBandsResponse {
            id: record.id.as_uuid(),
            code: d.code,
            name: d.name,
            institution_id: d.institution_id.map(|id| id.as_uuid()),
            scale: d.scale,
            max_points: d.max_points,
            bands: d
                .bands
                .into_iter()
                .map(|b| BandBody { min_points: b.min_points, grade: b.grade, ects_letter: b.ects_letter })
                .collect(),
            source: d.source,
            status: d.status,
            valid_from: d.valid_from,
            valid_to: d.valid_to,
            version: record.version,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

impl TryFrom<PointBandsInput> for PointBandsData {
    type Error = crate::error::ApiError;

    /// Checks the fields that need no database; the scale and the bands themselves are checked
    /// by [`create_point_bands`].
    fn try_from(input: PointBandsInput) -> Result<Self, Self::Error> {
        let mut errors = validation::errors_of(&input);
        check_status_and_validity(&mut errors, &input.status, input.valid_from, input.valid_to);
        errors.finish()?;
        Ok(PointBandsData {
            code: input.code,
            name: input.name,
            institution_id: input.institution_id.map(InstitutionId::from_uuid),
            scale: input.scale.trim().to_owned(),
            max_points: input.max_points.trim().to_owned(),
            bands: input
                .bands
                .into_iter()
                .map(|b| BandEntry {
                    min_points: b.min_points.trim().to_owned(),
                    grade: b.grade.trim().to_owned(),
                    ects_letter: b.ects_letter.map(|l| l.trim().to_ascii_uppercase()),
                })
                .collect(),
            source: input.source,
            status: input.status,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
        })
    }
}

/// Filters and paging of the point bands list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PointBandsQuery {
    /// Scale code.
    #[param(example = "RS")]
    pub scale: Option<String>,
    /// The institution whose table it is.
    pub institution_id: Option<Uuid>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    #[param(value_type = Option<crate::routes::shared::query_schemas::FactStatus>, inline)]
    pub status: Option<String>,
    /// Only bands changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(PointBandsPage, PointBandsResponse, "A page of point bands.");

/// List point bands
///
/// Points-to-grade tables (seeded: Serbia's statutory bands, one Russian university's
/// 100-point table with ECTS letters), each with its source, validity and status.
#[utoipa::path(
    operation_id = "list_point_bands",
    tag = "ects",
    params(PointBandsQuery),
    responses((status = 200, description = "A page of point bands", body = PointBandsPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/point-bands")]
pub async fn list_point_bands(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<PointBandsQuery>,
) -> ApiResult<web::Json<PointBandsPage>> {
    principal.require(Access::ReadEcts)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    check_status_filter(&mut errors, query.status.as_deref());
    errors.finish_query()?;
    let filter = PointBandsFilter {
        scale: query.scale,
        institution: query.institution_id.map(InstitutionId::from_uuid),
        status: query.status,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(point_bands::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, PointBandsResponse::from).into()))
}

/// Get point bands
///
/// By id or by code (`/point-bands/RS-STATUTORY`).
#[utoipa::path(
    operation_id = "get_point_bands",
    tag = "ects",
    params(("id" = String, Path, description = "Bands id or code", example = "RS-STATUTORY")),
    responses((status = 200, description = "The bands", body = PointBandsResponse,
        headers(("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/point-bands/{id}")]
pub async fn get_point_bands(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadEcts)?;
    let key = id.into_inner();
    let record = db::read(&state.pool, move |conn| Ok(point_bands::find(conn, &key)?)).await?;
    Ok(tagged(HttpResponse::Ok(), record.version, PointBandsResponse::from(record)))
}

/// Add point bands
///
/// An institution's points table. The lowest band must start at 0, no two bands at the same
/// total, more points never give a worse grade or letter, letters agree with pass/fail (422
/// `invalid_bands`); every grade must be on the scale (422 `grade_not_on_scale`) and some band
/// must pass (422 `no_passing_grades`). Unknown scale or institution: 422 `validation_failed`;
/// a taken code: 409.
#[utoipa::path(
    operation_id = "create_point_bands",
    tag = "ects",
    request_body = PointBandsInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created", body = PointBandsResponse,
        headers(("Location" = String, description = "URL of the new bands"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[post("/point-bands")]
pub async fn create_point_bands(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<PointBandsInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let data = PointBandsData::try_from(body.0)?;
    db::write(
        &state.pool,
        move |conn| {
            if let Some(id) = data.institution_id {
                require_institution(conn, "institution_id", id)?;
            }
            let scale = scale_named(conn, "scale", &data.scale)?;
            data.to_domain(&scale)?;
            Ok(point_bands::insert(conn, &data, Utc::now())?)
        },
        move |record| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/point-bands/{}", record.id)));
            tagged(response, record.version, PointBandsResponse::from(record))
        },
    )
    .await
}
