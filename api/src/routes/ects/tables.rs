//! `/api/v1/grading-tables`: an institution's grading tables (ECTS Users' Guide 2015; Egracons)
//! per reference group, with the percentages and cumulative intervals the domain computes.
//! Counts are uploaded as JSON or as CSV (`grade,count` lines, `Content-Type: text/csv`).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use iro_domain::{AcademicYear, EqfLevel, GradingTableId, InstitutionId, IscedCode, UnitId};
use iro_persistence::models::grading_table::{GradeCount, GradingTableData, GradingTableRecord};
use iro_persistence::repositories::grading_tables::{self, TableFilter};
use iro_persistence::repositories::{grading_scales, institutions, units};
use iro_persistence::{DbConnection, RepoError, write_transaction};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::{IfMatch, etag};
use crate::http::json_body::{JsonBody, from_value, parse_value};
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation;
use crate::routes::shared::text::check_json_text;
use crate::state::AppState;

/// How often one grade was awarded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct GradeCountBody {
    /// The grade as written on the table's scale (`6`, `Отличен`, `1,3`).
    #[schema(example = "6")]
    pub grade: String,
    /// How many times it was awarded in the reference group.
    #[schema(example = 15)]
    pub count: u32,
}

/// A grading table as clients write it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"institution_id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b", "isced": "0613", "eqf": 6,
    "academic_years": ["2023/2024", "2024/2025"], "scale": "BG",
    "counts": [{"grade": "6", "count": 15}, {"grade": "5", "count": 35}, {"grade": "4", "count": 30}, {"grade": "3", "count": 20}]}))]
pub struct GradingTableInput {
    /// The institution whose grades these are.
    pub institution_id: Uuid,
    /// The faculty or department, when the table is a unit's.
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// ISCED-F code of the reference group.
    #[schema(example = "0613", pattern = r"^[0-9]{2,4}$")]
    pub isced: String,
    /// Cycle as EQF level (6 bachelor, 7 master, 8 doctorate).
    #[schema(example = 6, minimum = 1, maximum = 8)]
    pub eqf: u8,
    /// Academic years covered (`2023/2024`); the Users' Guide asks for at least two.
    pub academic_years: Vec<String>,
    /// Code of the grading scale.
    #[schema(example = "BG")]
    pub scale: String,
    /// Counts of passing grades; grades not listed count 0.
    #[validate(nested)]
    pub counts: Vec<GradeCountBody>,
}

impl GradingTableInput {
    /// The stored table as input again, with new `counts` (a counts upload is checked like a
    /// change of the whole table).
    fn with_counts(data: GradingTableData, counts: Vec<GradeCountBody>) -> Self {
        GradingTableInput {
            institution_id: data.institution_id.as_uuid(),
            unit_id: data.unit_id.map(|u| u.as_uuid()),
            isced: data.isced.to_string(),
            eqf: data.eqf.value(),
            academic_years: data.years.iter().map(ToString::to_string).collect(),
            scale: data.scale_code,
            counts,
        }
    }
}

/// One passing grade with its share and cumulative interval (from the top grade).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GradingTableRowResponse {
    /// The grade as written on the scale (`Отличен`).
    pub grade: String,
    /// Its number, on numeric scales (`6`).
    pub value: Option<String>,
    /// English name.
    pub english: String,
    /// How many times it was awarded.
    pub count: u32,
    /// Share of all passing grades, in percent.
    pub percent: f64,
    /// Start of its cumulative interval, in percent.
    pub cumulative_from: f64,
    /// End of its cumulative interval, in percent.
    pub cumulative_to: f64,
}

/// A grading table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GradingTableResponse {
    /// Id.
    pub id: Uuid,
    /// Institution.
    pub institution_id: Uuid,
    /// Unit.
    pub unit_id: Option<Uuid>,
    /// ISCED-F code.
    pub isced: String,
    /// EQF level.
    pub eqf: u8,
    /// Academic years.
    pub academic_years: Vec<String>,
    /// Scale code.
    pub scale: String,
    /// Counts as uploaded.
    pub counts: Vec<GradeCountBody>,
    /// Number of passing grades counted.
    pub total: u64,
    /// Every passing grade, best first, with percentages and cumulative intervals.
    pub rows: Vec<GradingTableRowResponse>,
    /// Whether the table spans the two academic years the ECTS Users' Guide 2015 asks for.
    pub meets_minimum_years: bool,
    /// Version; the `ETag`.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Fields a merge patch may not change.
const READ_ONLY: &[&str] = &["id", "total", "rows", "meets_minimum_years", "version", "created_at", "updated_at"];

/// Builds the response, computing rows with the domain (the stored table is valid, so a domain
/// refusal here means corrupt data).
fn respond(conn: &mut DbConnection, record: GradingTableRecord) -> ApiResult<GradingTableResponse> {
    let scale = grading_scales::find(conn, &record.data.scale_code)?;
    let table = record.data.to_domain(&scale.scale).map_err(|e| ApiError::Internal(format!("stored table: {e}")))?;
    let d = record.data;
    Ok(GradingTableResponse {
        id: record.id.as_uuid(),
        institution_id: d.institution_id.as_uuid(),
        unit_id: d.unit_id.map(|u| u.as_uuid()),
        isced: d.isced.to_string(),
        eqf: d.eqf.value(),
        academic_years: d.years.iter().map(ToString::to_string).collect(),
        scale: d.scale_code,
        counts: d.counts.into_iter().map(|c| GradeCountBody { grade: c.grade, count: c.count }).collect(),
        total: table.total(),
        rows: table
            .rows()
            .into_iter()
            .map(|row| GradingTableRowResponse {
                grade: row.grade.native().to_owned(),
                value: row.grade.value().map(|v| v.to_string()),
                english: row.grade.english().to_owned(),
                count: row.count,
                percent: row.percent,
                cumulative_from: row.cumulative_from,
                cumulative_to: row.cumulative_to,
            })
            .collect(),
        meets_minimum_years: table.group().meets_minimum_years(),
        version: record.version,
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

/// Checks an input against the domain and the stored scales, institutions and units.
fn check(conn: &mut DbConnection, input: GradingTableInput) -> ApiResult<GradingTableData> {
    let mut errors = validation::errors_of(&input);
    let isced = errors.check("isced", IscedCode::parse(&input.isced));
    let eqf = errors.check("eqf", EqfLevel::new(input.eqf));
    let mut years = Vec::new();
    for (index, year) in input.academic_years.iter().enumerate() {
        if let Some(year) = errors.check(format!("academic_years[{index}]"), AcademicYear::parse(year)) {
            years.push(year);
        }
    }
    let institution_id = InstitutionId::from_uuid(input.institution_id);
    match institutions::find(conn, institution_id) {
        Ok(_) => {}
        Err(RepoError::NotFound) => {
            errors.push(FieldError::new("institution_id", "unknown", "no institution has this id"));
        }
        Err(other) => return Err(other.into()),
    }
    let unit_id = input.unit_id.map(UnitId::from_uuid);
    if let Some(unit) = unit_id {
        match units::find(conn, institution_id, unit) {
            Ok(_) => {}
            Err(RepoError::NotFound) => {
                errors.push(FieldError::new("unit_id", "unknown", "the institution has no unit with this id"));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let scale = match grading_scales::find(conn, input.scale.trim()) {
        Ok(scale) => Some(scale),
        Err(RepoError::NotFound) => {
            errors.push(FieldError::new(
                "scale",
                "unknown",
                format!("no grading scale has the code {:?}", input.scale),
            ));
            None
        }
        Err(other) => return Err(other.into()),
    };
    errors.finish()?;
    let (Some(isced), Some(eqf), Some(scale)) = (isced, eqf, scale) else {
        return Err(ApiError::Internal("a checked value was missing without an error".to_owned()));
    };
    let data = GradingTableData {
        institution_id,
        unit_id,
        isced,
        eqf,
        years,
        scale_code: scale.data.code.clone(),
        counts: input
            .counts
            .into_iter()
            .map(|c| GradeCount { grade: c.grade.trim().to_owned(), count: c.count })
            .collect(),
    };
    // Empty reference group, grades off the scale, counted fails, no passing grades: 422 with
    // the domain's code.
    data.to_domain(&scale.scale)?;
    Ok(data)
}

/// Filters and paging of the table list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GradingTableQuery {
    /// Institution id.
    pub institution_id: Option<Uuid>,
    /// ISCED-F code.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Isced>, inline)]
    pub isced: Option<String>,
    /// EQF level.
    #[param(minimum = 1, maximum = 8)]
    pub eqf: Option<u8>,
    /// Scale code.
    pub scale: Option<String>,
    /// Only tables changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(GradingTablePage, GradingTableResponse, "A page of grading tables.");

fn with_etag(mut response: actix_web::HttpResponseBuilder, table: GradingTableResponse) -> HttpResponse {
    response.insert_header((header::ETAG, etag(table.version))).json(table)
}

/// List grading tables
#[utoipa::path(
    operation_id = "list_grading_tables",
    tag = "ects",
    params(GradingTableQuery),
    responses((status = 200, description = "A page of grading tables", body = GradingTablePage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/grading-tables")]
pub async fn list_grading_tables(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<GradingTableQuery>,
) -> ApiResult<web::Json<GradingTablePage>> {
    principal.require(Access::ReadEcts)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let isced = errors.check_opt("isced", query.isced.as_deref(), IscedCode::parse);
    let eqf = errors.check_opt("eqf", query.eqf, EqfLevel::new);
    errors.finish_query()?;
    let filter = TableFilter {
        institution_id: query.institution_id.map(InstitutionId::from_uuid),
        isced: isced.map(|i| i.to_string()),
        eqf: eqf.map(EqfLevel::value),
        scale: query.scale,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| {
        let page = grading_tables::list(conn, &filter, &page)?;
        let items = page.items.into_iter().map(|record| respond(conn, record)).collect::<ApiResult<Vec<_>>>()?;
        Ok(iro_persistence::Page { items, next_after: page.next_after })
    })
    .await?;
    Ok(web::Json(Paged::from_page(page, |table| table).into()))
}

/// Add a grading table
///
/// Counts of passing grades for one reference group. Refused with 422 and the domain's code
/// when a grade is not on the scale (`grade_not_on_scale`), no passing grade is counted
/// (`no_passing_grades`), no academic year is given (`empty_reference_group`) or a failing
/// grade is counted (`invalid_table`).
#[utoipa::path(
    operation_id = "create_grading_table",
    tag = "ects",
    request_body = GradingTableInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created", body = GradingTableResponse,
        headers(("Location" = String, description = "URL of the new table"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[post("/grading-tables")]
pub async fn create_grading_table(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<GradingTableInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let input = body.0;
    db::write(
        &state.pool,
        move |conn| {
            let data = check(conn, input)?;
            let record = grading_tables::insert(conn, &data, Utc::now())?;
            respond(conn, record)
        },
        move |table| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/grading-tables/{}", table.id)));
            with_etag(response, table)
        },
    )
    .await
}

/// Get a grading table
#[utoipa::path(
    operation_id = "get_grading_table",
    tag = "ects",
    params(("id" = Uuid, Path, description = "Table id")),
    responses((status = 200, description = "The table with percentages and cumulative intervals", body = GradingTableResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/grading-tables/{id}")]
pub async fn get_grading_table(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadEcts)?;
    let id = GradingTableId::from_uuid(id.into_inner());
    let table = db::run(&state.pool, move |conn| {
        let record = grading_tables::find(conn, id)?;
        respond(conn, record)
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), table))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a grading table: the writable fields of `GradingTableInput`, each optional.
    GradingTablePatch = GradingTableInput, read_only = READ_ONLY
);

/// Change a grading table
///
/// A JSON Merge Patch (RFC 7396) of GradingTableInput's fields; `counts` is replaced whole.
#[utoipa::path(
    operation_id = "update_grading_table",
    tag = "ects",
    params(
        ("id" = Uuid, Path, description = "Table id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = GradingTablePatch, content_type = "application/merge-patch+json",
        description = "The fields of a grading table to change", example = json!({"academic_years": ["2023/2024", "2024/2025", "2025/2026"]})),
    responses((status = 200, description = "The changed table", body = GradingTableResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[patch("/grading-tables/{id}")]
pub async fn update_grading_table(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let id = GradingTableId::from_uuid(id.into_inner());
    let table = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = grading_tables::find(conn, id)?;
            precondition.check(current.version)?;
            let version = current.version;
            let shown = respond(conn, current)?;
            let input: GradingTableInput = merge_patch::apply_to(&shown, patch.0, READ_ONLY)?;
            let data = check(conn, input)?;
            let record = grading_tables::update(conn, id, version, &data, Utc::now())?;
            respond(conn, record)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), table))
}

/// Reads `grade,count` lines. A header line is skipped; `;` separates when present, else the
/// last comma does, so German grades such as `1,3` need no quotes (`1,3,12`).
pub fn parse_csv(text: &str) -> Result<Vec<GradeCountBody>, ApiError> {
    let mut counts = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let split = if line.contains(';') { line.rsplit_once(';') } else { line.rsplit_once(',') };
        let Some((grade, count)) = split else {
            return Err(csv_error(index, "expected grade,count"));
        };
        let unquote = |s: &str| s.trim().trim_matches('"').trim().to_owned();
        let (grade, count) = (unquote(grade), unquote(count));
        match count.parse::<u32>() {
            Ok(count) => counts.push(GradeCountBody { grade, count }),
            Err(_) if counts.is_empty() && index == 0 => {} // a header line
            Err(_) => return Err(csv_error(index, &format!("the count {count:?} is not a whole number"))),
        }
    }
    Ok(counts)
}

fn csv_error(index: usize, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(format!("line {}", index + 1), "format", message.to_owned())])
}

/// Reads counts from a JSON array or a CSV body, by `Content-Type`.
fn counts_from_body(req: &HttpRequest, bytes: &[u8]) -> Result<Vec<GradeCountBody>, ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "text/csv" {
        let text = std::str::from_utf8(bytes).map_err(|_| ApiError::BadRequest {
            code: "malformed_csv",
            detail: "the CSV body is not UTF-8".to_owned(),
        })?;
        parse_csv(text)
    } else if essence == "application/json" || essence.ends_with("+json") {
        let value = parse_value(bytes)?;
        check_json_text(&value)?;
        from_value(value)
    } else {
        Err(ApiError::UnsupportedMediaType(format!(
            "counts are JSON (application/json) or CSV (text/csv), got {:?}",
            if content_type.is_empty() { "nothing" } else { content_type }
        )))
    }
}

/// Upload a grading table's counts
///
/// Replaces the counts: a JSON array of `{grade, count}`, or CSV with `Content-Type: text/csv`
/// (`grade,count` lines, an optional header line; `;` also separates).
#[utoipa::path(
    operation_id = "put_grading_table_counts",
    tag = "ects",
    params(
        ("id" = Uuid, Path, description = "Table id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(description = "The counts", content(
        (Vec<GradeCountBody> = "application/json", example = json!([{"grade": "6", "count": 15}, {"grade": "5", "count": 35}])),
        (String = "text/csv", example = "grade,count\n6,15\n5,35\n4,30\n3,20\n"),
    )),
    responses((status = 200, description = "The table with its new counts", body = GradingTableResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[put("/grading-tables/{id}/counts")]
pub async fn put_grading_table_counts(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let counts = counts_from_body(&req, &body)?;
    let id = GradingTableId::from_uuid(id.into_inner());
    let table = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = grading_tables::find(conn, id)?;
            precondition.check(current.version)?;
            let data = check(conn, GradingTableInput::with_counts(current.data, counts))?;
            let record = grading_tables::update(conn, id, current.version, &data, Utc::now())?;
            respond(conn, record)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), table))
}

/// Delete a grading table
#[utoipa::path(
    operation_id = "delete_grading_table",
    tag = "ects",
    params(
        ("id" = Uuid, Path, description = "Table id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[delete("/grading-tables/{id}")]
pub async fn delete_grading_table(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let id = GradingTableId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = grading_tables::find(conn, id)?;
            precondition.check(current.version)?;
            Ok(grading_tables::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_with_a_header_semicolons_and_german_commas() {
        let counts = parse_csv("grade,count\n6,15\n\n5, 35\n").unwrap();
        assert_eq!(counts.len(), 2);
        assert_eq!((counts[1].grade.as_str(), counts[1].count), ("5", 35));
        let german = parse_csv("1,3,12\n\"2,0\";7\n").unwrap();
        assert_eq!((german[0].grade.as_str(), german[0].count), ("1,3", 12));
        assert_eq!((german[1].grade.as_str(), german[1].count), ("2,0", 7));
        assert!(parse_csv("6,15\n5,x\n").is_err());
    }
}
