//! `/api/v1/alerts/learning-agreements`: student mobilities departing within 14 days (or
//! already past their planned start) without a learning agreement signed by all three,
//! whether one was started or not.

use actix_web::{get, web};
use chrono::{Duration, NaiveDate, Utc};
use iro_domain::UnitId;
use iro_persistence::repositories::learning_agreements;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::response::LearningAgreementSummary;
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::pagination::{Paged, page_request};
use crate::routes::shared::mobility_access::scope_of;
use crate::state::AppState;

/// How long before departure a missing signature raises an alert: two weeks, about what a
/// partner's signing round takes.
pub const DAYS_BEFORE_DEPARTURE: i64 = 14;

/// Filters and paging of the alerts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LearningAgreementAlertQuery {
    /// Only mobilities sent from or hosted by this unit.
    pub unit: Option<Uuid>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// A student mobility whose learning agreement must be signed before it departs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningAgreementAlert {
    /// The mobility.
    pub mobility_id: Uuid,
    /// `agreement_missing` (none started) or `agreement_unsigned` (not signed by all three).
    #[schema(example = "agreement_unsigned")]
    pub kind: String,
    /// The agreement; `null` when none was started.
    pub agreement: Option<LearningAgreementSummary>,
    /// The mobility's planned first day.
    pub departure: NaiveDate,
    /// Days left until then (negative once passed).
    pub days_left: i64,
}

crate::page_type!(LearningAgreementAlertPage, LearningAgreementAlert, "A page of learning agreement alerts.");

/// Learning agreements unsigned before departure
///
/// The nominated or accepted student mobilities (studies, traineeships) the caller sees that
/// depart within 14 days, or are past their planned start, without a learning agreement
/// signed by all three parties: `agreement_missing` when none was started,
/// `agreement_unsigned` when one waits for signatures. In mobility id order. Beside
/// `/api/v1/alerts` (checklists) and `/api/v1/alerts/inquiries`.
#[utoipa::path(
    operation_id = "list_learning_agreement_alerts",
    tag = "learning_agreements",
    params(LearningAgreementAlertQuery),
    responses((status = 200, description = "A page of alerts", body = LearningAgreementAlertPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "learning_agreements:read"])),
)]
#[get("/alerts/learning-agreements")]
pub async fn list_learning_agreement_alerts(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<LearningAgreementAlertQuery>,
) -> ApiResult<web::Json<LearningAgreementAlertPage>> {
    principal.require(Access::ReadLearningAgreements)?;
    principal.require(Access::ReadAlerts)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let today = Utc::now().date_naive();
    let by = today + Duration::days(DAYS_BEFORE_DEPARTURE);
    let scope = scope_of(&principal);
    let unit = query.unit.map(UnitId::from_uuid);
    let page = db::run(&state.pool, move |conn| {
        Ok(learning_agreements::unapproved_departures(conn, &scope, unit, by, &page)?)
    })
    .await?;
    Ok(web::Json(
        Paged::from_page(page, |d| LearningAgreementAlert {
            mobility_id: d.mobility_id.as_uuid(),
            kind: if d.agreement.is_some() { "agreement_unsigned" } else { "agreement_missing" }.to_owned(),
            agreement: d.agreement.as_ref().map(Into::into),
            departure: d.departure,
            days_left: (d.departure - today).num_days(),
        })
        .into(),
    ))
}
