//! `POST /api/v1/conversions/points`: the grade (and ECTS letter) a points total earns under
//! stored point bands, with the band that gave it and the step in words.

use actix_web::{post, web};
use iro_domain::ects::GradeValue;
use iro_persistence::RepoError;
use iro_persistence::repositories::point_bands;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::json_body::JsonBody;
use crate::routes::ects::conversions::grades::ConvertedGrade;
use crate::routes::ects::fixed_tables::scale_named;
use crate::state::AppState;

/// A points total to convert.
#[derive(Debug, Clone, Deserialize, ToSchema)]
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

/// Convert a points total
///
/// The grade (and ECTS letter, where the bands or the scale give one) that a points total
/// earns, e.g. 87 points under `RS-STATUTORY` → 9. Unknown bands: 422 `validation_failed`;
/// points outside 0 to the maximum: 422 `points_out_of_range`.
#[utoipa::path(
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
    let mut errors = FieldErrors::default();
    let points = errors.check("points", GradeValue::parse(&input.points));
    errors.finish()?;
    let Some(points) = points else {
        return Err(ApiError::Internal("a checked value was missing without an error".to_owned()));
    };
    let response = db::run(&state.pool, move |conn| {
        let record = match point_bands::find(conn, input.bands.trim()) {
            Ok(record) => record,
            Err(RepoError::NotFound) => {
                let unknown = FieldError::new(
                    "bands",
                    "unknown",
                    format!("no point bands have the id or code {:?}", input.bands),
                );
                return Err(ApiError::Validation(vec![unknown]));
            }
            Err(other) => return Err(other.into()),
        };
        let scale = scale_named(conn, "bands", &record.data.scale)?;
        let bands = record.data.to_domain(&scale).map_err(|e| ApiError::Internal(format!("stored bands: {e}")))?;
        let grade = bands.grade_for(points)?;
        let mut explanation = vec![format!(
            "Method: the point bands {} ({}), status {}.",
            record.data.code, record.data.source, record.data.status
        )];
        explanation.push(format!("{}.", grade.explanation));
        Ok(PointsConversionResponse {
            bands_id: record.id.as_uuid(),
            bands: record.data.code,
            scale: scale.code().to_owned(),
            points: grade.points.to_string(),
            result: ConvertedGrade::from(&grade.grade),
            ects_letter: grade.ects_letter.map(|l| l.as_str().to_owned()),
            min_points: grade.min_points.to_string(),
            below: grade.below.map(|b| b.to_string()),
            explanation,
            source: record.data.source,
            status: record.data.status,
        })
    })
    .await?;
    Ok(web::Json(response))
}
