//! `POST /api/v1/conversions/points`: the grade (and ECTS letter) a points total earns under
//! stored point bands, with the band that gave it and the step in words.

use actix_web::{post, web};
use iro_domain::ects::{BandGrade, GradeValue, GradingScale};
use iro_persistence::models::point_bands::PointBandsRecord;
use iro_persistence::repositories::point_bands;
use iro_persistence::{DbConnection, RepoError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::routes::ects::conversions::grades::ConvertedGrade;
use crate::routes::ects::fixed_tables::scale_named;
use crate::state::AppState;

/// A points total to convert.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"bands": "RU-100-EXAMPLE", "points": "87"}))]
pub struct PointsConversionInput {
    /// The point bands: id or code.
    #[schema(example = "RS-STATUTORY")]
    pub bands: String,
    /// The points total (up to two decimals).
    #[schema(example = "87")]
    pub points: String,
}

/// The grade a points total earns.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PointsConversionResponse {
    /// The bands' id.
    pub bands_id: Uuid,
    /// The bands' code.
    #[schema(example = "RS-STATUTORY")]
    pub bands: String,
    /// The scale of the grade.
    #[schema(example = "RS")]
    pub scale: String,
    /// The points given.
    #[schema(example = "87")]
    pub points: String,
    /// The grade.
    pub result: ConvertedGrade,
    /// The band's ECTS letter, or else the grade's published one.
    #[schema(example = "B")]
    pub ects_letter: Option<String>,
    /// The band's lower threshold.
    #[schema(example = "81")]
    pub min_points: String,
    /// The next band's threshold (exclusive); `null` for the top band.
    #[schema(example = "91")]
    pub below: Option<String>,
    /// The steps in words.
    pub explanation: Vec<String>,
    /// Where the bands come from, and their status.
    pub source: String,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
}

impl PointsConversionResponse {
    /// The answer for `grade`, found under the bands of `record` on `scale`.
    fn new(record: PointBandsRecord, scale: &GradingScale, grade: BandGrade) -> Self {
        let data = record.data;
        let method = format!("Method: the point bands {} ({}), status {}.", data.code, data.source, data.status);
        PointsConversionResponse {
            bands_id: record.id.as_uuid(),
            bands: data.code,
            scale: scale.code().to_owned(),
            points: grade.points.to_string(),
            result: ConvertedGrade::from(&grade.grade),
            ects_letter: grade.ects_letter.map(|l| l.as_str().to_owned()),
            min_points: grade.min_points.to_string(),
            below: grade.below.map(|b| b.to_string()),
            explanation: vec![method, format!("{}.", grade.explanation)],
            source: data.source,
            status: data.status,
        }
    }
}

/// The stored point bands with `key` (id or code), or 422 naming `bands`.
fn bands_named(conn: &mut DbConnection, key: &str) -> ApiResult<PointBandsRecord> {
    match point_bands::find(conn, key.trim()) {
        Ok(record) => Ok(record),
        Err(RepoError::NotFound) => Err(ApiError::Validation(vec![FieldError::new(
            "bands",
            "unknown",
            format!("no point bands have the id or code {key:?}"),
        )])),
        Err(other) => Err(other.into()),
    }
}

/// Finds the grade `points` earns under the bands named `key`.
fn convert(conn: &mut DbConnection, key: &str, points: GradeValue) -> ApiResult<PointsConversionResponse> {
    let record = bands_named(conn, key)?;
    let scale = scale_named(conn, "bands", &record.data.scale)?;
    let bands = record.data.to_domain(&scale).map_err(|e| ApiError::Internal(format!("stored bands: {e}")))?;
    let grade = bands.grade_for(points)?;
    Ok(PointsConversionResponse::new(record, &scale, grade))
}

/// Convert a points total
///
/// The grade (and ECTS letter, where the bands or the scale give one) that a points total
/// earns, e.g. 87 points under `RS-STATUTORY` → 9. Unknown bands: 422 `validation_failed`;
/// points outside 0 to the maximum: 422 `points_out_of_range`.
#[utoipa::path(
    operation_id = "convert_points",
    tag = "ects",
    request_body = PointsConversionInput,
    responses((status = 200, description = "The grade with the band that gave it", body = PointsConversionResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[post("/conversions/points")]
pub async fn convert_points(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<PointsConversionInput>,
) -> ApiResult<web::Json<PointsConversionResponse>> {
    principal.require(Access::ReadEcts)?;
    let input = body.0;
    let mut errors = validation::errors_of(&input);
    let points = errors.check("points", GradeValue::parse(&input.points));
    let points = errors.finish_with(|| points)?;
    let response = db::run(&state.pool, move |conn| convert(conn, &input.bands, points)).await?;
    Ok(web::Json(response))
}
