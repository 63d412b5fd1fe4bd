//! `POST /api/v1/conversions/credits`: converts credits, or a workload, into another credit
//! system with a stated rounding.

use actix_web::{post, web};
use iro_domain::InstitutionId;
use iro_domain::ects::{
    CreditConversion, CreditInput, CreditRounding, CreditSystem, Credits, Workload, WorkloadBasis, convert_credits,
    workload_to_credits,
};
use iro_persistence::DbConnection;
use iro_persistence::repositories::{conversions, credit_systems};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiResult, FieldError, FieldErrors};
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::routes::ects::policy::{CreditRoundingBody, parse_credit_rounding};
use crate::routes::shared::provenance::require_institution;
use crate::state::AppState;

/// The most hours (or academic hours) a workload may count: far above any course.
const MAX_WORKLOAD_HOURS: u32 = 100_000;

/// A workload: 60-minute hours, or academic hours of some minutes.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WorkloadBody {
    /// Hours of 60 minutes (at most 100,000).
    #[serde(default)]
    #[schema(maximum = 100000)]
    #[validate(range(max = MAX_WORKLOAD_HOURS))]
    pub hours: Option<u32>,
    /// Academic hours (with `minutes_each`; at most 100,000).
    #[serde(default)]
    #[schema(maximum = 100000)]
    #[validate(range(max = MAX_WORKLOAD_HOURS))]
    pub academic_hours: Option<u32>,
    /// Minutes of one academic hour (45 in Russia), 1–120.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 120)]
    #[validate(range(min = 1, max = 120))]
    pub minutes_each: Option<u32>,
}

/// What to convert: `amount` credits of system `from`, or a `workload`, into system `to`.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": "5", "from": "RU-ZET", "to": "ECTS"}))]
pub struct CreditConversionInput {
    /// Credits to convert (with `from`).
    #[serde(default)]
    #[schema(example = "5")]
    pub amount: Option<String>,
    /// The credits' system code.
    #[serde(default)]
    #[schema(example = "RU-ZET")]
    pub from: Option<String>,
    /// A workload to turn into credits (instead of `amount`).
    #[serde(default)]
    #[validate(nested)]
    pub workload: Option<WorkloadBody>,
    /// Which point of the target's hours-per-credit range a workload uses: `low_end`,
    /// `high_end`, `middle` (default).
    #[serde(default)]
    pub basis: Option<String>,
    /// Target system code.
    #[schema(example = "ECTS")]
    pub to: String,
    /// Rounding; by default the institution's policy, else the nearest half credit.
    #[serde(default)]
    #[validate(nested)]
    pub rounding: Option<CreditRoundingBody>,
    /// The institution whose policy supplies the rounding.
    #[serde(default)]
    pub institution: Option<Uuid>,
}

/// A credit conversion with its steps.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditConversionResponse {
    /// Credits given (credit input).
    pub amount: Option<String>,
    /// Their system.
    pub from: Option<String>,
    /// Workload given, in minutes (workload input).
    pub workload_minutes: Option<u64>,
    /// Point of the hours-per-credit range used (workload input).
    pub basis: Option<String>,
    /// Target system.
    pub to: String,
    /// Exact result before rounding.
    pub unrounded: f64,
    /// The result.
    #[schema(example = "5")]
    pub result: String,
    /// The rounding applied.
    pub rounding: CreditRoundingBody,
    /// The steps in words.
    pub explanation: Vec<String>,
}

impl From<CreditConversion> for CreditConversionResponse {
    fn from(c: CreditConversion) -> Self {
        let (amount, from, workload_minutes, basis) = match c.input {
            CreditInput::Credits { amount, system } => (Some(amount.to_string()), Some(system), None, None),
            CreditInput::Workload { workload, basis } => {
                (None, None, Some(workload.in_minutes()), Some(basis.code().to_owned()))
            }
        };
        CreditConversionResponse {
            amount,
            from,
            workload_minutes,
            basis,
            to: c.target_system,
            unrounded: c.unrounded,
            result: c.result.to_string(),
            rounding: c.rounding.into(),
            explanation: c.explanation,
        }
    }
}

/// The system with `code` (ignoring ASCII case) among the stored ones, or a field error.
fn system(systems: &[CreditSystem], errors: &mut FieldErrors, field: &str, code: &str) -> Option<CreditSystem> {
    let found = systems.iter().find(|s| s.code().eq_ignore_ascii_case(code.trim())).cloned();
    if found.is_none() {
        errors.push(FieldError::new(field, "unknown", format!("no credit system has the code {code:?}")));
    }
    found
}

/// What a credit conversion starts from.
#[derive(Debug)]
enum CreditSource {
    /// Credits of a system.
    Credits(Credits, CreditSystem),
    /// A workload, read at a point of the target's hours-per-credit range.
    Workload(Workload, WorkloadBasis),
}

/// A credit conversion request, checked against the stored credit systems.
#[derive(Debug)]
struct CreditRequest {
    source: CreditSource,
    to: CreditSystem,
    /// The rounding the request names, if any.
    rounding: Option<CreditRounding>,
    /// The institution whose policy rounds when the request names no rounding.
    institution: Option<InstitutionId>,
}

impl CreditRequest {
    /// Checks every field at once (422 naming each): the declared rules, the systems by code,
    /// the rounding, and that exactly one of `amount` (with `from`) or `workload` is given.
    fn parse(input: CreditConversionInput, systems: &[CreditSystem]) -> ApiResult<Self> {
        let mut errors = validation::errors_of(&input);
        let to = system(systems, &mut errors, "to", &input.to);
        let rounding = input.rounding.as_ref().and_then(|r| parse_credit_rounding(&mut errors, "rounding", r));
        let source = match (&input.amount, &input.workload) {
            (Some(amount), None) => {
                let amount = errors.check("amount", Credits::parse(amount));
                let from = match &input.from {
                    Some(code) => system(systems, &mut errors, "from", code),
                    None => {
                        errors.push(FieldError::new("from", "required", "from is required with amount"));
                        None
                    }
                };
                amount.zip(from).map(|(amount, from)| CreditSource::Credits(amount, from))
            }
            (None, Some(workload)) => {
                let workload = workload_of(&mut errors, workload);
                let basis = basis_named(&mut errors, input.basis.as_deref().unwrap_or("middle"));
                workload.zip(basis).map(|(w, b)| CreditSource::Workload(w, b))
            }
            _ => {
                errors.push(FieldError::new("amount", "required", "give either amount (with from) or workload"));
                None
            }
        };
        let institution = input.institution.map(InstitutionId::from_uuid);
        errors.finish_with(|| Some(CreditRequest { source: source?, to: to?, rounding, institution }))
    }

    /// Converts with `rounding`.
    fn convert(self, rounding: CreditRounding) -> ApiResult<CreditConversion> {
        Ok(match self.source {
            CreditSource::Credits(amount, from) => convert_credits(amount, &from, &self.to, rounding)?,
            CreditSource::Workload(workload, basis) => workload_to_credits(workload, &self.to, basis, rounding)?,
        })
    }
}

/// A workload as hours, or as academic hours with their minutes (the bounds are the body's
/// declared rules); anything else is one `workload` error.
fn workload_of(errors: &mut FieldErrors, body: &WorkloadBody) -> Option<Workload> {
    match (body.hours, body.academic_hours, body.minutes_each) {
        (Some(hours), None, None) => Some(Workload::hours(hours)),
        (None, Some(count), Some(minutes)) => Some(Workload::academic_hours(count, minutes)),
        _ => {
            errors.push(FieldError::new(
                "workload",
                "format",
                "give hours (≤ 100000), or academic_hours (≤ 100000) with minutes_each (1–120)",
            ));
            None
        }
    }
}

/// The point of the hours-per-credit range a `basis` names.
fn basis_named(errors: &mut FieldErrors, basis: &str) -> Option<WorkloadBasis> {
    match basis {
        "low_end" => Some(WorkloadBasis::LowEnd),
        "high_end" => Some(WorkloadBasis::HighEnd),
        "middle" => Some(WorkloadBasis::Middle),
        _ => {
            errors.push(FieldError::new("basis", "unknown", "basis must be low_end, high_end or middle"));
            None
        }
    }
}

/// The credit rounding of `institution`'s conversion policy, if it set one (422 naming
/// `institution` when there is no such institution).
fn policy_rounding(conn: &mut DbConnection, institution: InstitutionId) -> ApiResult<Option<CreditRounding>> {
    require_institution(conn, "institution", institution)?;
    Ok(conversions::find_policy(conn, institution)?.map(|p| p.policy.credit_rounding()))
}

/// Convert credits
///
/// Credits convert in proportion to the credits each system gives a full-time year (ECTS
/// Users' Guide 2015): 5 зачётных единиц are 5 ECTS. A workload is divided by the target's
/// hours per credit (422 `unknown_workload` when those are not known).
#[utoipa::path(
    operation_id = "convert_credits",
    tag = "ects",
    request_body = CreditConversionInput,
    responses((status = 200, description = "The converted credits with the steps", body = CreditConversionResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[post("/conversions/credits")]
pub async fn convert_credits_handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<CreditConversionInput>,
) -> ApiResult<web::Json<CreditConversionResponse>> {
    principal.require(Access::ReadEcts)?;
    let systems = db::run(&state.pool, |conn| Ok(credit_systems::list(conn)?)).await?;
    let systems: Vec<CreditSystem> = systems.into_iter().map(|record| record.system).collect();
    let request = CreditRequest::parse(body.0, &systems)?;
    // The request's rounding, else the institution's policy, else the nearest half credit.
    let rounding = match (request.rounding, request.institution) {
        (Some(rounding), _) => Some(rounding),
        (None, Some(id)) => db::run(&state.pool, move |conn| policy_rounding(conn, id)).await?,
        (None, None) => None,
    };
    let conversion = request.convert(rounding.unwrap_or(CreditRounding::NEAREST_HALF))?;
    Ok(web::Json(conversion.into()))
}
