//! `/api/v1/alerts/learning-agreements`: agreements not yet signed by all three whose mobility
//! departs within 14 days (or has already started without one).

use actix_web::{get, web};
use chrono::{Duration, NaiveDate, Utc};
use iro_domain::UnitId;
use iro_persistence::repositories::learning_agreements::{self, AgreementFilter};
use iro_persistence::repositories::mobilities;
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

/// How long before departure an unsigned agreement raises an alert: two weeks, the time a
/// partner's signature round usually takes.
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

/// An agreement that must be signed before its mobility departs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningAgreementAlert {
    /// The agreement.
    pub agreement: LearningAgreementSummary,
    /// The mobility's planned first day.
    pub departure: NaiveDate,
    /// Days left until then (negative once passed).
    pub days_left: i64,
}

crate::page_type!(LearningAgreementAlertPage, LearningAgreementAlert, "A page of learning agreement alerts.");

/// Learning agreements unsigned before departure
///
/// Agreements of nominated or accepted mobilities the caller sees that no version signed by
/// all three yet, when the mobility departs within 14 days (or its planned start has passed),
/// in agreement creation order. Beside `/api/v1/alerts` (checklists) and
/// `/api/v1/alerts/inquiries`.
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
    let filter = AgreementFilter {
        scope: scope_of(&principal),
        status: None,
        unsigned_by: None,
        academic_year: None,
        unit: query.unit.map(UnitId::from_uuid),
        modified_since: None,
        unapproved_departing_by: Some(today + Duration::days(DAYS_BEFORE_DEPARTURE)),
    };
    let page = db::run(&state.pool, move |conn| {
        let page = learning_agreements::list(conn, &filter, &page)?;
        let ids: Vec<_> = page.items.iter().map(|a| a.mobility_id).collect();
        let starts = mobilities::find_many(conn, &ids)?;
        let alerts = page.try_map(|agreement| {
            let departure = starts
                .iter()
                .find(|m| m.id == agreement.mobility_id)
                .map(|m| m.data.planned.start())
                .ok_or(iro_persistence::RepoError::NotFound)?;
            Ok::<_, iro_persistence::RepoError>(LearningAgreementAlert {
                agreement: (&agreement).into(),
                departure,
                days_left: (departure - today).num_days(),
            })
        })?;
        Ok(alerts)
    })
    .await?;
    Ok(web::Json(Paged::from_page(page, |a| a).into()))
}
