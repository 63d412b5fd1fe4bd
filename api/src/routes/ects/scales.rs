//! `/api/v1/grading-scales`: national and institutional grading scales as data, each with its
//! source, validity and status; seeded from `persistence/data/grading-scales.json`.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::CountryCode;
use iro_domain::ects::GradingScale;
use iro_persistence::models::grading_scale::{ScaleData, ScaleDefinition, ScaleRecord};
use iro_persistence::repositories::grading_scales::{self, ScaleFilter};
use iro_persistence::write_transaction;
use regex::Regex;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::{IfMatch, etag};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation::{self, rules, trim};
use crate::routes::shared::provenance::STATUSES;
use crate::state::AppState;

mod names;

use names::{scale_direction, scale_kind};

/// A scale's code: 1–32 letters, digits or `-`, not starting with `-`.
static SCALE_CODE: LazyLock<Regex> = LazyLock::new(|| rules::pattern(r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$"));

/// A numeric scale's bounds and step.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeBody {
    /// Lowest value.
    #[schema(example = "0")]
    pub min: String,
    /// Highest value.
    #[schema(example = "10")]
    pub max: String,
    /// Step.
    #[schema(example = "0.1")]
    pub step: String,
}

/// One grade of a definition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeDefinitionBody {
    /// Numeric scales: the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The grade as the institution writes it (defaults to the number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native: Option<String>,
    /// English name (defaults to the native label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english: Option<String>,
    /// Published ECTS letter (A–E, FX, F).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ects_letter: Option<String>,
    /// Letter and pass/fail scales: whether the grade passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passing: Option<bool>,
}

/// How a scale is defined: a numeric scale by direction, pass mark and either its grades or a
/// range (with optional labels); a letter (`ordinal`) or `pass_fail` scale by its grades, best
/// first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "numeric", "direction": "higher_is_better", "pass_mark": "6",
    "grades": [{"value": "10", "ects_letter": "A"}, {"value": "9", "ects_letter": "B"}, {"value": "8", "ects_letter": "C"},
        {"value": "7", "ects_letter": "D"}, {"value": "6", "ects_letter": "E"}, {"value": "5", "ects_letter": "F"}]}))]
pub struct ScaleDefinitionBody {
    /// `numeric`, `ordinal` or `pass_fail`.
    #[schema(schema_with = scale_kind)]
    pub kind: String,
    /// Numeric scales: `higher_is_better` or `lower_is_better` (Germany).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = scale_direction)]
    pub direction: Option<String>,
    /// Numeric scales: the lowest passing grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<String>,
    /// Numeric scales with every value in a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeBody>,
    /// The grades, or labels for some grades of a range.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<GradeDefinitionBody>,
}

/// A scale as clients write it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ScaleInput {
    /// Unique short code (`MK`, `UNI-LIPETSK-100`): letters, digits and `-`; cannot change later.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(pattern = r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$", example = "MK")]
    #[validate(regex(path = *SCALE_CODE, message = "code must be 1–32 letters, digits or '-'"))]
    pub code: String,
    /// Name.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(example = "North Macedonia 5–10", min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// ISO 3166-1 alpha-2 country, for a national scale.
    #[serde(default)]
    #[schema(pattern = r"^[A-Za-z]{2}$")]
    pub country: Option<String>,
    /// The grades.
    pub definition: ScaleDefinitionBody,
    /// Where the facts come from.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(example = "Law on Higher Education", min_length = 1, max_length = 1000)]
    #[validate(length(min = 1, max = 1000))]
    pub source: String,
    /// First day the scale applies.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day the scale applies.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    #[schema(example = "secondary")]
    pub status: String,
}

/// One grade of a scale, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScaleGradeResponse {
    /// Position from the best grade (0).
    pub rank: usize,
    /// The number on numeric scales.
    pub value: Option<String>,
    /// The grade as written.
    pub native: String,
    /// English name.
    pub english: String,
    /// Published ECTS letter.
    pub ects_letter: Option<String>,
    /// Whether it passes.
    pub passing: bool,
}

/// A grading scale.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScaleResponse {
    /// Id.
    pub id: Uuid,
    /// Unique code.
    #[schema(example = "MK")]
    pub code: String,
    /// Name.
    pub name: String,
    /// ISO country.
    pub country: Option<String>,
    /// The definition as stored.
    pub definition: ScaleDefinitionBody,
    /// `numeric`, `ordinal` or `pass_fail`.
    #[schema(schema_with = scale_kind)]
    pub kind: String,
    /// Numeric scales: `higher_is_better` or `lower_is_better`.
    #[schema(schema_with = scale_direction)]
    pub direction: Option<String>,
    /// Numeric scales: the lowest passing grade.
    pub pass_mark: Option<String>,
    /// Every grade, best first.
    pub grades: Vec<ScaleGradeResponse>,
    /// Source of the facts.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// Version; the `ETag`.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Fields a merge patch may not change.
/// (`code` too: it is checked separately because the input needs it.)
const READ_ONLY: &[&str] = &["id", "kind", "direction", "pass_mark", "grades", "version", "created_at", "updated_at"];

/// The grades of a domain scale, best first.
pub fn grades_of(scale: &GradingScale) -> Vec<ScaleGradeResponse> {
    scale
        .levels()
        .iter()
        .enumerate()
        .map(|(rank, level)| ScaleGradeResponse {
            rank,
            value: level.value().map(|v| v.to_string()),
            native: level.native().to_owned(),
            english: level.english().to_owned(),
            ects_letter: level.ects_letter().map(|l| l.as_str().to_owned()),
            passing: level.is_passing(),
        })
        .collect()
}

impl From<ScaleRecord> for ScaleResponse {
    fn from(record: ScaleRecord) -> Self {
        let d = record.data;
        let definition = ScaleDefinitionBody {
            kind: d.definition.kind,
            direction: d.definition.direction,
            pass_mark: d.definition.pass_mark,
            range: d.definition.range.map(|r| RangeBody { min: r.min, max: r.max, step: r.step }),
            grades: d
                .definition
                .grades
                .into_iter()
                .map(|g| GradeDefinitionBody {
                    value: g.value,
                    native: g.native,
                    english: g.english,
                    ects_letter: g.ects_letter,
                    passing: g.passing,
                })
                .collect(),
        };
        ScaleResponse {
            id: record.id.as_uuid(),
            code: d.code,
            name: d.name,
            country: d.country,
            definition,
            kind: ScaleDefinition::kind_code(record.scale.kind()).to_owned(),
            direction: record.scale.direction().map(|dir| dir.code().to_owned()),
            pass_mark: record.scale.pass_mark().map(|v| v.to_string()),
            grades: grades_of(&record.scale),
            source: d.source,
            valid_from: d.valid_from,
            valid_to: d.valid_to,
            status: d.status,
            version: record.version,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

fn definition_of(body: ScaleDefinitionBody) -> ScaleDefinition {
    use iro_persistence::models::grading_scale::{GradeDefinition, RangeDefinition};
    ScaleDefinition {
        kind: body.kind,
        direction: body.direction,
        pass_mark: body.pass_mark,
        range: body.range.map(|r| RangeDefinition { min: r.min, max: r.max, step: r.step }),
        grades: body
            .grades
            .into_iter()
            .map(|g| GradeDefinition {
                value: g.value,
                native: g.native,
                english: g.english,
                ects_letter: g.ects_letter,
                passing: g.passing,
            })
            .collect(),
    }
}

impl TryFrom<ScaleInput> for ScaleData {
    type Error = ApiError;

    fn try_from(input: ScaleInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let (code, name, source) = (input.code, input.name, input.source);
        if !STATUSES.contains(&input.status.as_str()) {
            errors.push(FieldError::new("status", "unknown", "status must be confirmed, secondary or unconfirmed"));
        }
        let country = input
            .country
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .and_then(|c| errors.check("country", CountryCode::parse(&c)))
            .map(|c| c.to_string());
        if let (Some(from), Some(to)) = (input.valid_from, input.valid_to)
            && from > to
        {
            errors.push(FieldError::new("valid_to", "range", "valid_to must not be before valid_from"));
        }
        let definition = definition_of(input.definition);
        // The domain names the scale by its code; an invalid one is already reported.
        if !errors.has("code") {
            errors.check("definition", definition.to_domain(&code, &name));
        }
        errors.finish()?;
        Ok(ScaleData {
            code,
            name,
            country,
            definition,
            source,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            status: input.status,
        })
    }
}

/// Filters and paging of the scale list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScaleQuery {
    /// ISO country.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Country>, inline)]
    pub country: Option<String>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    #[param(value_type = Option<crate::routes::shared::query_schemas::FactStatus>, inline)]
    pub status: Option<String>,
    /// Only scales changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(ScalePage, ScaleResponse, "A page of grading scales.");

fn with_etag(mut response: actix_web::HttpResponseBuilder, record: ScaleRecord) -> HttpResponse {
    response.insert_header((header::ETAG, etag(record.version))).json(ScaleResponse::from(record))
}

/// List grading scales
///
/// The national scales iro ships (seeded) and any an officer added, each with its source,
/// validity and status.
#[utoipa::path(
    operation_id = "list_grading_scales",
    tag = "ects",
    params(ScaleQuery),
    responses((status = 200, description = "A page of grading scales", body = ScalePage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/grading-scales")]
pub async fn list_grading_scales(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ScaleQuery>,
) -> ApiResult<web::Json<ScalePage>> {
    principal.require(Access::ReadEcts)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let country = errors.check_opt("country", query.country.as_deref(), CountryCode::parse);
    if let Some(status) = &query.status
        && !STATUSES.contains(&status.as_str())
    {
        errors.push(FieldError::new("status", "unknown", "status must be confirmed, secondary or unconfirmed"));
    }
    errors.finish_query()?;
    let filter = ScaleFilter {
        country: country.map(|c| c.to_string()),
        status: query.status,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(grading_scales::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, ScaleResponse::from).into()))
}

/// Get a grading scale
///
/// By id or by code (`/grading-scales/MK`).
#[utoipa::path(
    operation_id = "get_grading_scale",
    tag = "ects",
    params(("id" = String, Path, description = "Scale id or code", example = "MK")),
    responses((status = 200, description = "The scale", body = ScaleResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/grading-scales/{id}")]
pub async fn get_grading_scale(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadEcts)?;
    let key = id.into_inner();
    let record = db::read(&state.pool, move |conn| Ok(grading_scales::find(conn, &key)?)).await?;
    Ok(with_etag(HttpResponse::Ok(), record))
}

/// Add a grading scale
///
/// An institution's own scale or a national one not seeded. The definition is checked
/// (pass mark on the scale, passes above fails, letters consistent): 422 with the domain's
/// code otherwise.
#[utoipa::path(
    operation_id = "create_grading_scale",
    tag = "ects",
    request_body = ScaleInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created", body = ScaleResponse,
        headers(("Location" = String, description = "URL of the new scale"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[post("/grading-scales")]
pub async fn create_grading_scale(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<ScaleInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let data = ScaleData::try_from(body.0)?;
    db::write(
        &state.pool,
        move |conn| Ok(grading_scales::insert(conn, &data, Utc::now())?),
        move |record| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/grading-scales/{}", record.id)));
            with_etag(response, record)
        },
    )
    .await
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a grading scale (its code never changes): the writable fields of `ScaleInput`, each optional.
    ScalePatch = ScaleInput,
    // The code never changes (refused apart: the input needs it).
    read_only = READ_ONLY, &["code"]
);

/// Change a grading scale
///
/// A JSON Merge Patch (RFC 7396) of name, country, definition, source, validity or status;
/// the code never changes (grading tables refer to it).
#[utoipa::path(
    operation_id = "update_grading_scale",
    tag = "ects",
    params(
        ("id" = String, Path, description = "Scale id or code", example = "MK"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = ScalePatch, content_type = "application/merge-patch+json",
        description = "The fields of a grading scale (its code never changes) to change", example = json!({"status": "confirmed", "source": "Law on Higher Education, art. 12"})),
    responses((status = 200, description = "The changed scale", body = ScaleResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[patch("/grading-scales/{id}")]
pub async fn update_grading_scale(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<String>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let key = id.into_inner();
    let record = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = grading_scales::find(conn, &key)?;
            precondition.check(current.version)?;
            let (id, version, code) = (current.id, current.version, current.data.code.clone());
            let input: ScaleInput = merge_patch::apply_to(&ScaleResponse::from(current), patch.0, READ_ONLY)?;
            if input.code != code {
                return Err(ApiError::Validation(vec![FieldError::new("code", "read_only", "code cannot be changed")]));
            }
            let data = ScaleData::try_from(input)?;
            Ok(grading_scales::update(conn, id, version, &data, Utc::now())?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), record))
}
