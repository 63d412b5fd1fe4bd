//! `/api/v1/fixed-tables`: conversion tables published by institutions (the conversion
//! method after grading tables), as data with source, validity and status; seeded from
//! `persistence/data/grade-mappings.json`. Grade conversions use them for their scale pair.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::InstitutionId;
use iro_domain::ects::GradingScale;
use iro_persistence::models::fixed_table::{FixedTableData, FixedTableRecord, MappingEntry};
use iro_persistence::repositories::fixed_tables::{self, FixedTableFilter};
use iro_persistence::repositories::grading_scales;
use iro_persistence::{DbConnection, RepoError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::tagged;
use crate::http::json_body::JsonBody;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation::{self, trim};
use crate::routes::shared::provenance::{CODE, check_status_and_validity, check_status_filter, require_institution};
use crate::state::AppState;

/// One line of a fixed table.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingEntryBody {
    /// The grade on the source scale (label or number).
    #[schema(example = "10")]
    pub from: String,
    /// The grade it gives on the target scale.
    #[schema(example = "A")]
    pub to: String,
}

/// A new fixed table.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "SU-BG-ECTS", "name": "Sofia University: ECTS letters", "source_scale": "BG",
    "target_scale": "ECTS", "entries": [{"from": "6", "to": "A"}, {"from": "5", "to": "B"}, {"from": "2", "to": "F"}],
    "source": "Sofia University grading regulations, art. 12", "status": "confirmed"}))]
pub struct FixedTableInput {
    /// Unique code (1–64 ASCII letters, digits, inner `-`), used in URLs and explanations.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(pattern = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$")]
    #[validate(regex(path = *CODE, message = "code must be 1–64 ASCII letters, digits or inner '-'"))]
    pub code: String,
    /// Name.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// The publishing institution, if the table is one institution's.
    #[serde(default)]
    pub institution_id: Option<Uuid>,
    /// Scale converted from (code).
    pub source_scale: String,
    /// Scale converted to (code).
    pub target_scale: String,
    /// The lines: a pass maps to a pass, a fail to a fail, a better grade never to a worse one.
    /// Unlisted passes have no result; unlisted fails stay fails. At most 1001.
    #[schema(max_items = 1001)]
    #[validate(length(max = 1001, message = "a table lists at most 1001 grades"))]
    pub entries: Vec<MappingEntryBody>,
    /// Where the table is published.
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

/// A fixed table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FixedTableResponse {
    /// Id.
    pub id: Uuid,
    /// Unique code.
    #[schema(example = "MK-ECTS-LETTERS")]
    pub code: String,
    /// Name.
    pub name: String,
    /// The publishing institution.
    pub institution_id: Option<Uuid>,
    /// Scale converted from.
    #[schema(example = "MK")]
    pub source_scale: String,
    /// Scale converted to.
    #[schema(example = "ECTS")]
    pub target_scale: String,
    /// The lines as published.
    pub entries: Vec<MappingEntryBody>,
    /// Where the table is published.
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

impl From<FixedTableRecord> for FixedTableResponse {
    fn from(record: FixedTableRecord) -> Self {
        let d = record.data;
        FixedTableResponse {
            id: record.id.as_uuid(),
            code: d.code,
            name: d.name,
            institution_id: d.institution_id.map(|id| id.as_uuid()),
            source_scale: d.source_scale,
            target_scale: d.target_scale,
            entries: d.entries.into_iter().map(|e| MappingEntryBody { from: e.from, to: e.to }).collect(),
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

/// The stored scale with `code`, or 422 naming `field`.
pub fn scale_named(conn: &mut DbConnection, field: &str, code: &str) -> Result<GradingScale, ApiError> {
    match grading_scales::find(conn, code.trim()) {
        Ok(record) => Ok(record.scale),
        Err(RepoError::NotFound) => Err(ApiError::Validation(vec![FieldError::new(
            field,
            "unknown",
            format!("no grading scale has the code {code:?}"),
        )])),
        Err(other) => Err(other.into()),
    }
}

impl TryFrom<FixedTableInput> for FixedTableData {
    type Error = ApiError;

    /// Checks the fields that need no database; scales and the mapping are checked by
    /// [`create_fixed_table`].
    fn try_from(input: FixedTableInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        check_status_and_validity(&mut errors, &input.status, input.valid_from, input.valid_to);
        errors.finish()?;
        Ok(FixedTableData {
            code: input.code,
            name: input.name,
            institution_id: input.institution_id.map(InstitutionId::from_uuid),
            source_scale: input.source_scale.trim().to_owned(),
            target_scale: input.target_scale.trim().to_owned(),
            entries: input
                .entries
                .into_iter()
                .map(|e| MappingEntry { from: e.from.trim().to_owned(), to: e.to.trim().to_owned() })
                .collect(),
            source: input.source,
            status: input.status,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
        })
    }
}

/// Filters and paging of the fixed table list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FixedTableQuery {
    /// Source scale code.
    #[param(example = "MK")]
    pub source_scale: Option<String>,
    /// Target scale code.
    #[param(example = "ECTS")]
    pub target_scale: Option<String>,
    /// Publishing institution.
    pub institution_id: Option<Uuid>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    #[param(value_type = Option<crate::routes::shared::query_schemas::FactStatus>, inline)]
    pub status: Option<String>,
    /// Only tables changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(FixedTablePage, FixedTableResponse, "A page of fixed conversion tables.");

/// List fixed conversion tables
///
/// Published tables from one grading scale to another (seeded: North Macedonia's ECTS letters,
/// the ECTS letters of Bulgaria's two best grades), each with its source, validity and status.
#[utoipa::path(
    operation_id = "list_fixed_tables",
    tag = "ects",
    params(FixedTableQuery),
    responses((status = 200, description = "A page of fixed tables", body = FixedTablePage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/fixed-tables")]
pub async fn list_fixed_tables(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<FixedTableQuery>,
) -> ApiResult<web::Json<FixedTablePage>> {
    principal.require(Access::ReadEcts)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    check_status_filter(&mut errors, query.status.as_deref());
    errors.finish_query()?;
    let filter = FixedTableFilter {
        source_scale: query.source_scale,
        target_scale: query.target_scale,
        institution: query.institution_id.map(InstitutionId::from_uuid),
        status: query.status,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(fixed_tables::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, FixedTableResponse::from).into()))
}

/// Get a fixed conversion table
///
/// By id or by code (`/fixed-tables/MK-ECTS-LETTERS`).
#[utoipa::path(
    operation_id = "get_fixed_table",
    tag = "ects",
    params(("id" = String, Path, description = "Table id or code", example = "MK-ECTS-LETTERS")),
    responses((status = 200, description = "The table", body = FixedTableResponse,
        headers(("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/fixed-tables/{id}")]
pub async fn get_fixed_table(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadEcts)?;
    let key = id.into_inner();
    let record = db::read(&state.pool, move |conn| Ok(fixed_tables::find(conn, &key)?)).await?;
    Ok(tagged(HttpResponse::Ok(), record.version, FixedTableResponse::from(record)))
}

/// Add a fixed conversion table
///
/// A table an institution publishes. Every grade must be on its scale (422
/// `grade_not_on_scale`); a pass must map to a pass and a fail to a fail, a better grade never
/// to a worse one and each source grade once (422 `invalid_mapping`). Unknown scales or
/// institution: 422 `validation_failed`; a taken code: 409.
#[utoipa::path(
    operation_id = "create_fixed_table",
    tag = "ects",
    request_body = FixedTableInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created", body = FixedTableResponse,
        headers(("Location" = String, description = "URL of the new table"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[post("/fixed-tables")]
pub async fn create_fixed_table(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<FixedTableInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let data = FixedTableData::try_from(body.0)?;
    db::write(
        &state.pool,
        move |conn| {
            if let Some(id) = data.institution_id {
                require_institution(conn, "institution_id", id)?;
            }
            let source = scale_named(conn, "source_scale", &data.source_scale)?;
            let target = scale_named(conn, "target_scale", &data.target_scale)?;
            data.to_domain(&source, &target)?;
            Ok(fixed_tables::insert(conn, &data, Utc::now())?)
        },
        move |record| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/fixed-tables/{}", record.id)));
            tagged(response, record.version, FixedTableResponse::from(record))
        },
    )
    .await
}
