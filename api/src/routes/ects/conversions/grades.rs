//! `POST /api/v1/conversions/grades` and `GET /api/v1/conversions/{id}`: grade conversion with
//! the best method the data allows (grading tables, fixed tables, the linear formula), its
//! explanation, and conversions stored with their approving person for recognition.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use iro_domain::ects::{
    ConversionMethod, ConversionPolicy, ConversionRequest, GradeConversion, GradeError, MethodKind, OverlapPolicy,
    convert_grade,
};
use iro_domain::{ConversionId, EqfLevel, InstitutionId, IscedCode};
use iro_persistence::DbConnection;
use iro_persistence::repositories::conversions::{self, NewConversion};
use iro_persistence::repositories::institutions;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::routes::ects::policy::PolicyBody;
use crate::state::AppState;

use super::sources::{Scales, fixed_tables_for, scale_for, tables_of};

/// The grade to convert: on a `scale`, or at a host `institution` for a course of an ISCED-F
/// field and cycle (the scale then defaults to the one of its grading table).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct GradeSourceBody {
    /// Scale code.
    #[serde(default)]
    #[schema(example = "BG")]
    pub scale: Option<String>,
    /// Host institution id (its grading tables are used).
    #[serde(default)]
    pub institution: Option<Uuid>,
    /// ISCED-F code of the course.
    #[serde(default)]
    #[schema(example = "0613")]
    pub isced: Option<String>,
    /// Cycle of the course as EQF level.
    #[serde(default)]
    #[schema(example = 6)]
    pub eqf: Option<u8>,
    /// The grade: a label, a number, or an average for the linear method.
    #[schema(example = "5")]
    pub value: String,
}

/// The scale to convert to: a `scale`, or a home `institution` (with the reference group of the
/// source, or its own `isced`/`eqf`, which must then agree).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct GradeTargetBody {
    /// Scale code.
    #[serde(default)]
    #[schema(example = "MK")]
    pub scale: Option<String>,
    /// Home institution id: its grading tables and conversion policy are used.
    #[serde(default)]
    pub institution: Option<Uuid>,
    /// ISCED-F code (must match the source's).
    #[serde(default)]
    pub isced: Option<String>,
    /// EQF level (must match the source's).
    #[serde(default)]
    pub eqf: Option<u8>,
}

/// A grade conversion request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": {"scale": "BG", "value": "5"}, "to": {"scale": "MK"}}))]
pub struct GradeConversionInput {
    /// The grade and where it comes from.
    #[validate(nested)]
    pub from: GradeSourceBody,
    /// Where it goes.
    #[validate(nested)]
    pub to: GradeTargetBody,
    /// Use only this method: `grading_table`, `fixed_table`, `ects_letter` or `linear`.
    #[serde(default)]
    pub method: Option<String>,
    /// Overlap policy for this conversion instead of the institution's: `min`, `max`,
    /// `midpoint`, `largest_overlap`.
    #[serde(default)]
    pub policy: Option<String>,
    /// Store the conversion, approved by the caller, for recognition (officers and admins);
    /// answers 201 with the stored record.
    #[serde(default)]
    pub store: bool,
}

/// A grade with its labels.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConvertedGrade {
    /// The grade as written on its scale.
    pub grade: String,
    /// English name.
    pub english: String,
    /// The number, on numeric scales.
    pub value: Option<String>,
    /// Published ECTS letter.
    pub ects_letter: Option<String>,
    /// Whether it passes.
    pub passed: bool,
}

/// A better method that was not available, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SkippedMethodBody {
    /// The method.
    pub method: String,
    /// Why it was not available.
    pub reason: String,
}

/// The data the method used.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct MethodDetails {
    /// Grading tables: the overlap policy.
    pub overlap: Option<String>,
    /// Grading tables: the host reference group.
    pub host_group: Option<String>,
    /// Grading tables: the home reference group.
    pub home_group: Option<String>,
    /// Fixed table: its name.
    pub table: Option<String>,
    /// ECTS letters: the source grade's letter.
    pub letter: Option<String>,
    /// Linear: the formula's value before rounding.
    pub unrounded: Option<f64>,
    /// Linear: the rounding rule.
    pub rounding: Option<String>,
}

/// A suggested grade with its method and explanation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GradeConversionResponse {
    /// Source scale code.
    pub source_scale: String,
    /// Source grade as given.
    pub source_grade: String,
    /// Whether the source grade passes.
    pub source_passed: bool,
    /// Target scale code.
    pub target_scale: String,
    /// The suggested grade.
    pub result: ConvertedGrade,
    /// The method used: `grading_table`, `fixed_table`, `ects_letter` or `linear`.
    #[schema(example = "grading_table")]
    pub method: String,
    /// The data the method used.
    pub method_details: MethodDetails,
    /// Every eligible target grade (e.g. all overlapping home grades).
    pub candidates: Vec<String>,
    /// Better methods that were not available, and why.
    pub skipped: Vec<SkippedMethodBody>,
    /// The steps in words.
    pub explanation: Vec<String>,
    /// The policy applied (with any overrides of the request).
    pub policy: PolicyBody,
    /// Where the policy came from: `home_institution`, `local_institution` or `default`, and
    /// `+request` when the request overrode it.
    pub policy_source: String,
}

/// A conversion stored for recognition.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoredConversionResponse {
    /// Id.
    pub id: Uuid,
    /// The request as sent.
    pub inputs: GradeConversionInput,
    /// The conversion.
    pub conversion: GradeConversionResponse,
    /// Who approved it (`user:<uuid>`).
    pub approved_by: String,
    /// Their name.
    pub approved_by_name: String,
    /// When.
    pub approved_at: DateTime<Utc>,
}

impl From<&iro_domain::ects::GradeLevel> for ConvertedGrade {
    fn from(level: &iro_domain::ects::GradeLevel) -> Self {
        converted(level)
    }
}

fn converted(level: &iro_domain::ects::GradeLevel) -> ConvertedGrade {
    ConvertedGrade {
        grade: level.native().to_owned(),
        english: level.english().to_owned(),
        value: level.value().map(|v| v.to_string()),
        ects_letter: level.ects_letter().map(|l| l.as_str().to_owned()),
        passed: level.is_passing(),
    }
}

fn respond(conversion: GradeConversion, policy: &ConversionPolicy, policy_source: String) -> GradeConversionResponse {
    let details = match &conversion.method {
        ConversionMethod::GradingTable { host_group, home_group, overlap } => MethodDetails {
            overlap: Some(overlap.code().to_owned()),
            host_group: Some(host_group.to_string()),
            home_group: Some(home_group.to_string()),
            ..MethodDetails::default()
        },
        ConversionMethod::FixedTable { table } => {
            MethodDetails { table: Some(table.clone()), ..MethodDetails::default() }
        }
        ConversionMethod::EctsLetter { letter, pick } => MethodDetails {
            letter: letter.map(|l| l.as_str().to_owned()),
            overlap: Some(pick.code().to_owned()),
            ..MethodDetails::default()
        },
        ConversionMethod::Linear { unrounded, rounding } => MethodDetails {
            unrounded: Some(*unrounded),
            rounding: Some(rounding.code().to_owned()),
            ..MethodDetails::default()
        },
    };
    GradeConversionResponse {
        source_scale: conversion.source_scale,
        source_grade: conversion.source_grade,
        source_passed: conversion.source_passed,
        target_scale: conversion.target_scale,
        result: converted(&conversion.result),
        method: conversion.method.kind().code().to_owned(),
        method_details: details,
        candidates: conversion.candidates.iter().map(|c| c.native().to_owned()).collect(),
        skipped: conversion
            .skipped
            .into_iter()
            .map(|s| SkippedMethodBody { method: s.method.code().to_owned(), reason: s.reason })
            .collect(),
        explanation: conversion.explanation,
        policy: PolicyBody::from(policy),
        policy_source,
    }
}

/// Runs the whole conversion on a connection.
fn convert(conn: &mut DbConnection, input: &GradeConversionInput) -> ApiResult<GradeConversionResponse> {
    let mut errors = validation::errors_of(input);
    let from_isced = errors.check_opt("from.isced", input.from.isced.as_deref(), IscedCode::parse);
    let from_eqf = errors.check_opt("from.eqf", input.from.eqf, EqfLevel::new);
    let to_isced = errors.check_opt("to.isced", input.to.isced.as_deref(), IscedCode::parse);
    let to_eqf = errors.check_opt("to.eqf", input.to.eqf, EqfLevel::new);
    let method = errors.check_opt("method", input.method.as_deref(), MethodKind::parse);
    let overlap = errors.check_opt("policy", input.policy.as_deref(), OverlapPolicy::parse);
    errors.finish()?;
    // Host and home must describe the same cycle and field (ECTS Users' Guide 2015).
    if let (Some(host), Some(home)) = (from_eqf, to_eqf)
        && host != home
    {
        return Err(GradeError::CycleMismatch { host, home }.into());
    }
    if let (Some(host), Some(home)) = (&from_isced, &to_isced)
        && host != home
    {
        return Err(GradeError::FieldMismatch { host: host.clone(), home: home.clone() }.into());
    }
    let isced = from_isced.or(to_isced);
    let eqf = from_eqf.or(to_eqf);
    let reference = isced.as_ref().zip(eqf);
    let mut scales = Scales(HashMap::new());
    let host_tables = tables_of(conn, &mut scales, "from.institution", input.from.institution)?;
    let home_tables = tables_of(conn, &mut scales, "to.institution", input.to.institution)?;
    let host = (input.from.institution, host_tables.as_slice());
    let home = (input.to.institution, home_tables.as_slice());
    let source = scale_for(conn, &mut scales, "from.scale", input.from.scale.as_deref(), host, reference)?;
    let target = scale_for(conn, &mut scales, "to.scale", input.to.scale.as_deref(), home, reference)?;
    // The home institution decides in advance; else our own university; else the defaults.
    let home_policy = match input.to.institution {
        Some(id) => {
            conversions::find_policy(conn, InstitutionId::from_uuid(id))?.map(|p| (p.policy, "home_institution"))
        }
        None => None,
    };
    let local_policy = match home_policy {
        Some(found) => Some(found),
        None => match institutions::find_local(conn)? {
            Some(local) => conversions::find_policy(conn, local.id)?.map(|p| (p.policy, "local_institution")),
            None => None,
        },
    };
    let (mut policy, mut source_name) =
        local_policy.map_or_else(|| (ConversionPolicy::default(), "default".to_owned()), |(p, s)| (p, s.to_owned()));
    if method.is_some() || overlap.is_some() {
        let order = method.map_or_else(|| policy.fallback_order().to_vec(), |m| vec![m]);
        policy = ConversionPolicy::new(
            overlap.unwrap_or(policy.overlap()),
            policy.grade_rounding(),
            policy.credit_rounding(),
            order,
        )?;
        source_name.push_str("+request");
    }
    let fixed = fixed_tables_for(
        conn,
        &source,
        &target,
        input.from.institution.map(InstitutionId::from_uuid),
        input.to.institution.map(InstitutionId::from_uuid),
    )?;
    let mut request = ConversionRequest::new(&source, &input.from.value, &target)
        .with_grading_tables(&host_tables, &home_tables)
        .with_fixed_tables(&fixed);
    if let Some((isced, eqf)) = reference {
        request = request.with_reference(isced, eqf);
    }
    let conversion = convert_grade(&request, &policy)?;
    Ok(respond(conversion, &policy, source_name))
}

/// Convert a grade
///
/// Converts host → home with the best method available in the policy's order: grading tables
/// when both institutions have one for the course's ISCED-F field and cycle, else a stored
/// fixed table of the scale pair (`/fixed-tables`: the host's, then the home's, then national
/// ones, in force today), else the linear formula; `skipped` and the explanation say why
/// better methods were not used. Errors are 422 with the domain's code:
/// `grade_not_on_scale`, `cycle_mismatch`, `field_mismatch`, `no_conversion_method`. With
/// `"store": true` (officers, admins) the conversion is stored as approved by the caller: 201
/// with the record.
#[utoipa::path(
    operation_id = "convert_grades",
    tag = "ects",
    request_body = GradeConversionInput,
    responses(
        (status = 200, description = "The suggested grade with method and explanation", body = GradeConversionResponse),
        (status = 201, description = "Stored as approved by the caller", body = StoredConversionResponse,
            headers(("Location" = String, description = "URL of the stored conversion"))),
    ),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[post("/conversions/grades")]
pub async fn convert_grades(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<GradeConversionInput>,
) -> ApiResult<HttpResponse> {
    let input = body.0;
    principal.require_grade_conversion(input.store)?;
    let approver = (principal.subject.to_sub(), principal.name.clone());
    let outcome = db::run(&state.pool, move |conn| {
        let conversion = convert(conn, &input)?;
        if !input.store {
            return Ok(Outcome::Suggested(Box::new(conversion)));
        }
        Ok(Outcome::Stored(Box::new(store(conn, &input, &conversion, approver)?)))
    })
    .await?;
    Ok(outcome.into_response())
}

/// Stores `conversion` of `input` as approved by `approver` (its `sub` and name).
fn store(
    conn: &mut DbConnection,
    input: &GradeConversionInput,
    conversion: &GradeConversionResponse,
    (approved_by, approved_by_name): (String, String),
) -> ApiResult<StoredConversionResponse> {
    let new = NewConversion {
        source_scale: conversion.source_scale.clone(),
        source_grade: conversion.source_grade.clone(),
        target_scale: conversion.target_scale.clone(),
        method: conversion.method.clone(),
        result: conversion.result.grade.clone(),
        inputs: to_json(input)?,
        conversion: to_json(conversion)?,
        approved_by,
        approved_by_name,
        host_institution: input.from.institution.map(InstitutionId::from_uuid),
        home_institution: input.to.institution.map(InstitutionId::from_uuid),
    };
    let record = conversions::insert_conversion(conn, new, Utc::now())?;
    stored_response(record)
}

/// A value as JSON, for storage.
fn to_json<T: Serialize>(value: &T) -> ApiResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| ApiError::Internal(format!("cannot store the conversion: {e}")))
}

/// What `convert_grades` answers: a suggestion, or a stored record.
enum Outcome {
    Suggested(Box<GradeConversionResponse>),
    Stored(Box<StoredConversionResponse>),
}

impl Outcome {
    /// 200 with the suggestion, or 201 with the stored record and its `Location`.
    fn into_response(self) -> HttpResponse {
        match self {
            Outcome::Suggested(conversion) => HttpResponse::Ok().json(conversion),
            Outcome::Stored(record) => HttpResponse::Created()
                .insert_header((header::LOCATION, format!("/api/v1/conversions/{}", record.id)))
                .json(record),
        }
    }
}

/// The API view of a stored conversion.
pub fn stored_response(
    record: iro_persistence::models::conversion::StoredConversion,
) -> ApiResult<StoredConversionResponse> {
    let corrupt = |e: serde_json::Error| ApiError::Internal(format!("stored conversion: {e}"));
    Ok(StoredConversionResponse {
        id: record.id.as_uuid(),
        inputs: serde_json::from_value(record.inputs).map_err(corrupt)?,
        conversion: serde_json::from_value(record.conversion).map_err(corrupt)?,
        approved_by: record.approved_by,
        approved_by_name: record.approved_by_name,
        approved_at: record.approved_at,
    })
}

/// The conversions computed at `POST /conversions/<name>`, beside the stored ones' `{id}`.
const CONVERSION_ROUTES: [&str; 3] = ["grades", "credits", "points"];

/// Get a stored conversion
///
/// A conversion approved for recognition, with its inputs, method, explanation and approver.
#[utoipa::path(
    operation_id = "get_conversion",
    tag = "ects",
    params(("id" = Uuid, Path, description = "Conversion id")),
    responses((status = 200, description = "The stored conversion", body = StoredConversionResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "ects:read"])),
)]
#[get("/conversions/{id}")]
pub async fn get_conversion(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> ApiResult<web::Json<StoredConversionResponse>> {
    let id = id.into_inner();
    // `GET /conversions/credits` is the POST-only conversion route asked with the wrong
    // method (405), not a stored conversion with a malformed id (400).
    if CONVERSION_ROUTES.contains(&id.as_str()) {
        return Err(ApiError::MethodNotAllowed { allowed: vec!["POST".to_owned()] });
    }
    let id = Uuid::parse_str(&id).map_err(|e| ApiError::BadRequest {
        code: "invalid_path",
        detail: format!("a path segment is invalid: {e}"),
    })?;
    principal.require(Access::ReadConversionRecords)?;
    let id = ConversionId::from_uuid(id);
    let record = db::run(&state.pool, move |conn| Ok(conversions::find_conversion(conn, id)?)).await?;
    Ok(web::Json(stored_response(record)?))
}
