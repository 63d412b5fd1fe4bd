//! `GET /api/v1/alerts/inquiries`: the inquiries of the caller's team whose first answer is
//! overdue, beside the mobility alerts of `/api/v1/alerts`.

use actix_web::{get, web};
use chrono::Utc;
use iro_persistence::repositories::inquiries::{self, InquiryFilter, InquiryScope};
use serde::Deserialize;
use utoipa::IntoParams;

use super::inquiry::{InquiryPage, InquiryResponse};
use super::vocabulary::TopicName;
use crate::auth::Principal;
use crate::db;
use crate::error::ApiResult;
use crate::http::pagination::{Paged, page_request};
use crate::state::AppState;

/// Filters and paging of the overdue inquiries.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InquiryAlertQuery {
    /// Only this topic.
    #[param(inline)]
    pub topic: Option<TopicName>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// Inquiries whose first answer is overdue
///
/// The inquiries routed to the caller's team (admins and officers: the office; Student
/// Organization accounts: theirs) that have no answer yet, are not closed, and whose due day
/// (`IRO_INQUIRY_ANSWER_DAYS` working days after arrival) has passed, in id order. Computed
/// for today, so `modified_since` does not apply.
#[utoipa::path(
    operation_id = "list_inquiry_alerts",
    tag = "inquiries",
    params(InquiryAlertQuery),
    responses((status = 200, description = "A page of overdue inquiries", body = InquiryPage)),
    security(("bearer" = ["admin", "officer", "student_organization"])),
)]
#[get("/alerts/inquiries")]
pub async fn list_inquiry_alerts(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<InquiryAlertQuery>,
) -> ApiResult<web::Json<InquiryPage>> {
    let team = principal.require_inquiry_team()?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = InquiryFilter {
        scope: InquiryScope::Team(team),
        topic: query.topic.map(Into::into),
        status: None,
        team: None,
        assignee: None,
        modified_since: None,
        overdue_on: Some(Utc::now().date_naive()),
    };
    let page = db::run(&state.pool, move |conn| Ok(inquiries::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, InquiryResponse::from).into()))
}
