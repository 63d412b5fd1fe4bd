//! `GET /api/v1/credit-systems`: credit systems (seeded from `persistence/data/credit-systems.json`
//! with source, validity and status).

use actix_web::{get, web};
use chrono::NaiveDate;
use iro_persistence::models::credit_system::CreditSystemRecord;
use iro_persistence::repositories::credit_systems;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;

/// A credit system.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditSystemResponse {
    /// Code (`ECTS`, `RU-ZET`).
    #[schema(example = "RU-ZET")]
    pub code: String,
    /// Name.
    pub name: String,
    /// Credits in a full-time academic year.
    #[schema(example = 60)]
    pub credits_per_year: u16,
    /// Least hours of work per credit (60-minute hours); `null` when not known.
    #[schema(example = 27.0)]
    pub hours_per_credit_min: Option<f64>,
    /// Most hours of work per credit; `null` when not known.
    #[schema(example = 27.0)]
    pub hours_per_credit_max: Option<f64>,
    /// The hours per credit in words (`36 academic hours of 45 min = 27 h`).
    pub hours_per_credit: Option<String>,
    /// ISO country, when national.
    #[schema(example = "RU")]
    pub country: Option<String>,
    /// Where the facts come from.
    pub source: String,
    /// `confirmed` (an official source), `secondary` (secondary sources only) or `unconfirmed`.
    #[schema(example = "secondary")]
    pub status: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
}

impl From<CreditSystemRecord> for CreditSystemResponse {
    fn from(record: CreditSystemRecord) -> Self {
        let system = &record.system;
        let hours = system.hours_per_credit();
        CreditSystemResponse {
            code: system.code().to_owned(),
            name: system.name().to_owned(),
            credits_per_year: system.credits_per_year(),
            hours_per_credit_min: hours.map(|h| f64::from(h.min_minutes()) / 60.0),
            hours_per_credit_max: hours.map(|h| f64::from(h.max_minutes()) / 60.0),
            hours_per_credit: hours.map(|h| h.to_string()),
            country: record.data.country,
            source: record.data.source,
            status: record.data.status,
            valid_from: record.data.valid_from,
            valid_to: record.data.valid_to,
        }
    }
}

/// The credit systems.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreditSystemList {
    /// Every system.
    pub items: Vec<CreditSystemResponse>,
}

/// List credit systems
///
/// ECTS and the national systems of the partners, with credits a year and hours per credit
/// where known (Serbia's and Bulgaria's are not confirmed), each with its source and status.
#[utoipa::path(
    operation_id = "list_credit_systems",
    tag = "ects",
    responses((status = 200, description = "Every credit system", body = CreditSystemList)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "ects:read"])),
)]
#[get("/credit-systems")]
pub async fn list_credit_systems(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<CreditSystemList>> {
    principal.require(Access::ReadEcts)?;
    let records = db::run(&state.pool, |conn| Ok(credit_systems::list(conn)?)).await?;
    Ok(web::Json(CreditSystemList { items: records.into_iter().map(CreditSystemResponse::from).collect() }))
}
