//! `/api/v1/learning-agreements`: the agreements of the mobilities the caller sees, filtered by
//! signing state, whose signature they wait for, academic year, unit and change time.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use iro_domain::{AcademicYear, UnitId};
use iro_persistence::repositories::learning_agreements::{self, AgreementFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::response::LearningAgreementSummary;
use super::vocabulary::{SideName, SigningStatusName};
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiResult, FieldErrors};
use crate::http::pagination::{Paged, page_request};
use crate::routes::shared::mobility_access::scope_of;
use crate::state::AppState;

/// Filters and paging of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LearningAgreementQuery {
    /// Only agreements whose latest version is in this signing state.
    #[param(inline)]
    pub status: Option<SigningStatusName>,
    /// Only agreements whose latest version this side has not signed yet.
    #[param(inline)]
    pub unsigned_by: Option<SideName>,
    /// Only mobilities of this academic year (`YYYY/YYYY`).
    #[param(value_type = Option<crate::routes::shared::query_schemas::AcademicYear>, inline)]
    pub academic_year: Option<String>,
    /// Only mobilities sent from or hosted by this unit.
    pub unit: Option<Uuid>,
    /// Only agreements changed (a version, a signature, a comment) at or after this instant.
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(LearningAgreementPage, LearningAgreementSummary, "A page of learning agreements.");

/// List learning agreements
///
/// The agreements of the mobilities the caller sees (coordinators: their units' outgoing and
/// hosted ones; participants: their own), in creation order, with their signing state. Open
/// one at `/api/v1/mobilities/{mobility_id}/learning-agreement`.
#[utoipa::path(
    operation_id = "list_learning_agreements",
    tag = "learning_agreements",
    params(LearningAgreementQuery),
    responses((status = 200, description = "A page of agreements", body = LearningAgreementPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "learning_agreements:read"])),
)]
#[get("/learning-agreements")]
pub async fn list_learning_agreements(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<LearningAgreementQuery>,
) -> ApiResult<web::Json<LearningAgreementPage>> {
    principal.require(Access::ReadLearningAgreements)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let year = errors.check_opt("academic_year", query.academic_year.as_deref(), AcademicYear::parse);
    errors.finish_query()?;
    let filter = AgreementFilter {
        scope: scope_of(&principal),
        status: query.status.map(Into::into),
        unsigned_by: query.unsigned_by.map(Into::into),
        academic_year: year,
        unit: query.unit.map(UnitId::from_uuid),
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(learning_agreements::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, |a| LearningAgreementSummary::from(&a)).into()))
}
