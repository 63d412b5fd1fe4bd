//! `/api/v1/institutions/{id}/conversion-policy`: how an institution converts, decided in
//! advance as the ECTS Users' Guide 2015 requires (overlap policy, rounding, fallback order).
//! The policy carries an `ETag` (its version; `"0"` while the defaults apply) so two officers
//! cannot overwrite each other's change unseen: `PUT` with a stale `If-Match` is 412.

use actix_web::{HttpResponse, get, put, web};
use chrono::{DateTime, Utc};
use iro_domain::InstitutionId;
use iro_domain::ects::{ConversionPolicy, CreditRounding, Credits, GradeRounding, MethodKind, OverlapPolicy};
use iro_persistence::models::conversion::rounding_mode;
use iro_persistence::repositories::{conversions, institutions};
use iro_persistence::write_transaction;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors, Problem};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::state::AppState;

/// How converted credits are rounded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreditRoundingBody {
    /// The step, in credits (`0.5`, `0.1`, `1`); it must divide one credit.
    #[schema(example = "0.5")]
    pub step: String,
    /// `nearest` (halfway up), `down` or `up`.
    #[schema(example = "nearest")]
    pub mode: String,
}

impl From<CreditRounding> for CreditRoundingBody {
    fn from(rounding: CreditRounding) -> Self {
        let step = Credits::from_hundredths(rounding.step_hundredths()).map(|c| c.to_string()).unwrap_or_default();
        CreditRoundingBody { step, mode: rounding.mode().code().to_owned() }
    }
}

/// Reads a credit rounding rule, recording problems under `field`.
pub fn parse_credit_rounding(
    errors: &mut FieldErrors,
    field: &str,
    body: &CreditRoundingBody,
) -> Option<CreditRounding> {
    let step = errors.check(format!("{field}.step"), Credits::parse(&body.step));
    let mode = rounding_mode(&body.mode);
    if mode.is_none() {
        errors.push(FieldError::new(format!("{field}.mode"), "unknown", "mode must be nearest, down or up"));
    }
    let rounding = CreditRounding::new(step?.hundredths(), mode?);
    errors.check(format!("{field}.step"), rounding.map_err(Into::into))
}

/// A conversion policy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"overlap": "midpoint", "grade_rounding": "nearest",
    "credit_rounding": {"step": "0.5", "mode": "nearest"}, "fallback_order": ["grading_table", "fixed_table", "linear"]}))]
pub struct PolicyBody {
    /// A host grade overlapping several home grades: `min`, `max`, `midpoint`, `largest_overlap`.
    pub overlap: String,
    /// Linear results onto the scale's steps: `nearest`, `toward_better`, `toward_worse`.
    pub grade_rounding: String,
    /// Credit rounding.
    #[validate(nested)]
    pub credit_rounding: CreditRoundingBody,
    /// Methods to try, best first: `grading_table`, `fixed_table`, `ects_letter`, `linear`.
    pub fallback_order: Vec<String>,
}

impl From<&ConversionPolicy> for PolicyBody {
    fn from(policy: &ConversionPolicy) -> Self {
        PolicyBody {
            overlap: policy.overlap().code().to_owned(),
            grade_rounding: policy.grade_rounding().code().to_owned(),
            credit_rounding: policy.credit_rounding().into(),
            fallback_order: policy.fallback_order().iter().map(|m| m.code().to_owned()).collect(),
        }
    }
}

impl TryFrom<PolicyBody> for ConversionPolicy {
    type Error = ApiError;

    fn try_from(body: PolicyBody) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&body);
        let overlap = errors.check("overlap", OverlapPolicy::parse(&body.overlap));
        let grade_rounding = errors.check("grade_rounding", GradeRounding::parse(&body.grade_rounding));
        let credit_rounding = parse_credit_rounding(&mut errors, "credit_rounding", &body.credit_rounding);
        let order: Vec<Option<MethodKind>> = body
            .fallback_order
            .iter()
            .enumerate()
            .map(|(index, method)| errors.check(format!("fallback_order[{index}]"), MethodKind::parse(method)))
            .collect();
        errors.finish()?;
        let (Some(overlap), Some(grade_rounding), Some(credit_rounding)) = (overlap, grade_rounding, credit_rounding)
        else {
            return Err(ApiError::Internal("a checked value was missing without an error".to_owned()));
        };
        let order = order.into_iter().flatten().collect();
        ConversionPolicy::new(overlap, grade_rounding, credit_rounding, order)
            .map_err(|e| ApiError::Validation(vec![FieldError::new("fallback_order", e.code(), e.to_string())]))
    }
}

/// An institution's policy.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PolicyResponse {
    /// The institution.
    pub institution_id: Uuid,
    /// The policy (what `PUT` takes).
    pub policy: PolicyBody,
    /// `true` when the institution has not set one and the defaults apply.
    pub is_default: bool,
    /// Version (0 while the default applies); the `ETag` is this number in quotes.
    pub version: u32,
    /// When it was last set.
    pub updated_at: Option<DateTime<Utc>>,
}

/// Get an institution's conversion policy
///
/// The policy the institution set, or the defaults (midpoint, nearest, half credits, grading
/// tables → fixed tables → linear) with `is_default: true`.
#[utoipa::path(
    operation_id = "get_conversion_policy",
    tag = "ects",
    params(("id" = Uuid, Path, description = "Institution id")),
    responses((status = 200, description = "The policy", body = PolicyResponse,
        headers(("ETag" = String, description = "Version tag for If-Match (\"0\" while the defaults apply)")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/institutions/{id}/conversion-policy")]
pub async fn get_conversion_policy(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadEcts)?;
    let id = InstitutionId::from_uuid(id.into_inner());
    let response = db::run(&state.pool, move |conn| {
        institutions::find(conn, id)?;
        Ok(match conversions::find_policy(conn, id)? {
            Some(record) => PolicyResponse {
                institution_id: id.as_uuid(),
                policy: PolicyBody::from(&record.policy),
                is_default: false,
                version: record.version,
                updated_at: Some(record.updated_at),
            },
            None => PolicyResponse {
                institution_id: id.as_uuid(),
                policy: PolicyBody::from(&ConversionPolicy::default()),
                is_default: true,
                version: 0,
                updated_at: None,
            },
        })
    })
    .await?;
    Ok(tagged(HttpResponse::Ok(), response.version, response))
}

/// Set an institution's conversion policy
///
/// Replaces the whole policy; conversions into this institution's grades use it from now on.
/// Send the `ETag` of the policy you read in `If-Match` (`"0"` for the defaults): a policy
/// changed in between answers 412 `precondition_failed`.
#[utoipa::path(
    operation_id = "put_conversion_policy",
    tag = "ects",
    params(
        ("id" = Uuid, Path, description = "Institution id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the policy the change is based on"),
    ),
    request_body = PolicyBody,
    responses(
        (status = 200, description = "The policy now in force", body = PolicyResponse,
            headers(("ETag" = String, description = "New version tag"))),
        (status = 412, description = "If-Match names a version that is no longer current", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = ["admin", "officer", "ects:write"])),
)]
#[put("/institutions/{id}/conversion-policy")]
pub async fn put_conversion_policy(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    body: JsonBody<PolicyBody>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEcts)?;
    let id = InstitutionId::from_uuid(id.into_inner());
    let policy = ConversionPolicy::try_from(body.0)?;
    let record = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            institutions::find(conn, id)?;
            let current = conversions::find_policy(conn, id)?.map_or(0, |record| record.version);
            precondition.check(current)?;
            Ok(conversions::put_policy(conn, id, &policy, Utc::now())?)
        })
    })
    .await?;
    let response = PolicyResponse {
        institution_id: id.as_uuid(),
        policy: PolicyBody::from(&record.policy),
        is_default: false,
        version: record.version,
        updated_at: Some(record.updated_at),
    };
    Ok(tagged(HttpResponse::Ok(), response.version, response))
}
