//! `POST /api/v1/conversions/credits`: converts credits, or a workload, into another credit
//! system with a stated rounding.

use actix_web::{post, web};
use iro_domain::InstitutionId;
use iro_domain::ects::{
    CreditConversion, CreditInput, CreditRounding, CreditSystem, Credits, Workload, WorkloadBasis, convert_credits,
    workload_to_credits,
};
use iro_persistence::RepoError;
use iro_persistence::repositories::{conversions, credit_systems, institutions};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::json_body::JsonBody;
use crate::routes::ects::policy::{CreditRoundingBody, parse_credit_rounding};
use crate::state::AppState;

/// A workload: 60-minute hours, or academic hours of some minutes.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkloadBody {
    /// Hours of 60 minutes.
    #[serde(default)]
    pub hours: Option<u32>,
    /// Academic hours (with `minutes_each`).
    #[serde(default)]
    pub academic_hours: Option<u32>,
    /// Minutes of one academic hour (45 in Russia).
    #[serde(default)]
    pub minutes_each: Option<u32>,
}

/// What to convert: `amount` credits of system `from`, or a `workload`, into system `to`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
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

/// Convert credits
///
/// Credits convert in proportion to the credits each system gives a full-time year (ECTS
/// Users' Guide 2015): 5 зачётных единиц are 5 ECTS. A workload is divided by the target's
/// hours per credit (422 `unknown_workload` when those are not known).
#[utoipa::path(
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
    let input = body.0;
    let systems: Vec<CreditSystem> = db::run(&state.pool, |conn| Ok(credit_systems::list(conn)?))
        .await?
        .into_iter()
        .map(|record| record.system)
        .collect();
    let mut errors = FieldErrors::default();
    let to = system(&systems, &mut errors, "to", &input.to);
    let explicit = input.rounding.as_ref().and_then(|r| parse_credit_rounding(&mut errors, "rounding", r));
    enum What {
        Credits(Credits, Option<CreditSystem>),
        Workload(Workload, WorkloadBasis),
    }
    let what = match (&input.amount, &input.workload) {
        (Some(amount), None) => {
            let amount = errors.check("amount", Credits::parse(amount));
            let from = match &input.from {
                Some(code) => system(&systems, &mut errors, "from", code),
                None => {
                    errors.push(FieldError::new("from", "required", "from is required with amount"));
                    None
                }
            };
            amount.map(|a| What::Credits(a, from))
        }
        (None, Some(workload)) => {
            let workload = match (workload.hours, workload.academic_hours, workload.minutes_each) {
                (Some(hours), None, None) if hours <= 100_000 => Some(Workload::hours(hours)),
                (None, Some(count), Some(minutes)) if count <= 100_000 && (1..=120).contains(&minutes) => {
                    Some(Workload::academic_hours(count, minutes))
                }
                _ => {
                    errors.push(FieldError::new(
                        "workload",
                        "format",
                        "give hours (≤ 100000), or academic_hours (≤ 100000) with minutes_each (1–120)",
                    ));
                    None
                }
            };
            let basis = match input.basis.as_deref().unwrap_or("middle") {
                "low_end" => Some(WorkloadBasis::LowEnd),
                "high_end" => Some(WorkloadBasis::HighEnd),
                "middle" => Some(WorkloadBasis::Middle),
                _ => {
                    errors.push(FieldError::new("basis", "unknown", "basis must be low_end, high_end or middle"));
                    None
                }
            };
            workload.zip(basis).map(|(w, b)| What::Workload(w, b))
        }
        _ => {
            errors.push(FieldError::new("amount", "required", "give either amount (with from) or workload"));
            None
        }
    };
    errors.finish()?;
    let (Some(to), Some(what)) = (to, what) else {
        return Err(ApiError::Internal("a checked value was missing without an error".to_owned()));
    };
    let institution = input.institution.map(InstitutionId::from_uuid);
    let rounding = match (explicit, institution) {
        (Some(rounding), _) => rounding,
        (None, Some(id)) => db::run(&state.pool, move |conn| {
            match institutions::find(conn, id) {
                Ok(_) => {}
                Err(RepoError::NotFound) => {
                    let unknown = FieldError::new("institution", "unknown", "no institution has this id");
                    return Err(ApiError::Validation(vec![unknown]));
                }
                Err(other) => return Err(other.into()),
            }
            Ok(conversions::find_policy(conn, id)?.map(|p| p.policy.credit_rounding()))
        })
        .await?
        .unwrap_or(CreditRounding::NEAREST_HALF),
        (None, None) => CreditRounding::NEAREST_HALF,
    };
    let conversion = match what {
        What::Credits(amount, Some(from)) => convert_credits(amount, &from, &to, rounding)?,
        What::Workload(workload, basis) => workload_to_credits(workload, &to, basis, rounding)?,
        What::Credits(_, None) => {
            return Err(ApiError::Internal("a checked value was missing without an error".to_owned()));
        }
    };
    Ok(web::Json(conversion.into()))
}
