//! `GET /api/v1/statistics/services`: the service statistics of inquiries in an academic year —
//! counts by topic and status, time to the first answer for incoming and domestic askers, and
//! the share answered in time (computed by `iro_domain::inquiry::service_statistics`).

use std::collections::BTreeMap;

use actix_web::{get, web};
use chrono::{NaiveDate, TimeZone, Utc};
use iro_domain::AcademicYear;
use iro_domain::inquiry::statistics::AnswerTimes;
use iro_domain::inquiry::{ServiceStatistics, service_statistics as compute};
use iro_persistence::repositories::inquiries;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::state::AppState;

/// Which year to count.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceStatisticsQuery {
    /// The academic year (`YYYY/YYYY`): inquiries that arrived from 1 September of its first
    /// year to 31 August of its second.
    #[param(value_type = crate::routes::shared::query_schemas::AcademicYear, inline)]
    pub academic_year: String,
}

/// Times to the first answer of one group of askers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerTimesResponse {
    /// Inquiries of the group.
    pub inquiries: u64,
    /// Of them, answered at least once.
    pub answered: u64,
    /// Median hours to the first answer (nearest rank); `null` without answers.
    pub median_hours: Option<f64>,
    /// 90th-percentile hours to the first answer (nearest rank); `null` without answers.
    pub p90_hours: Option<f64>,
}

/// The service statistics of one academic year.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "academic_year": "2026/2027", "total": 4,
    "by_topic": {"accommodation": 2, "academic": 0, "food": 0, "insurance": 0, "other": 0, "student_life": 1, "transport": 0, "visa": 1},
    "by_status": {"answered": 3, "closed": 0, "open": 1},
    "incoming": {"inquiries": 3, "answered": 3, "median_hours": 10.0, "p90_hours": 100.0},
    "domestic": {"inquiries": 1, "answered": 0, "median_hours": null, "p90_hours": null},
    "answered_in_time_share": 0.75
}))]
pub struct ServiceStatisticsResponse {
    /// The academic year counted.
    pub academic_year: String,
    /// Inquiries that arrived in it.
    pub total: u64,
    /// By topic (every topic, zeros included).
    pub by_topic: BTreeMap<String, u64>,
    /// By status now (every status, zeros included).
    pub by_status: BTreeMap<String, u64>,
    /// Incoming askers: signed-in accounts linked to a person with an incoming mobility when
    /// they asked, and prospective students.
    pub incoming: AnswerTimesResponse,
    /// Every other asker.
    pub domestic: AnswerTimesResponse,
    /// Of the inquiries answered or past their due day, the share answered by their due day
    /// (0–1); `null` when there are none yet.
    pub answered_in_time_share: Option<f64>,
}

fn hours(seconds: Option<i64>) -> Option<f64> {
    // Seconds of a year fit f64 exactly; one decimal is enough for hours.
    #[expect(clippy::cast_precision_loss, reason = "durations of a year are far below 2^52 seconds")]
    seconds.map(|s| (s as f64 / 360.0).round() / 10.0)
}

impl From<AnswerTimes> for AnswerTimesResponse {
    fn from(t: AnswerTimes) -> Self {
        AnswerTimesResponse {
            inquiries: t.inquiries as u64,
            answered: t.answered as u64,
            median_hours: hours(t.median_seconds),
            p90_hours: hours(t.p90_seconds),
        }
    }
}

impl ServiceStatisticsResponse {
    fn of(year: AcademicYear, stats: ServiceStatistics) -> Self {
        ServiceStatisticsResponse {
            academic_year: year.to_string(),
            total: stats.total as u64,
            by_topic: stats.by_topic.into_iter().map(|(t, n)| (t.to_string(), n as u64)).collect(),
            by_status: stats.by_status.into_iter().map(|(s, n)| (s.to_string(), n as u64)).collect(),
            incoming: stats.incoming.into(),
            domestic: stats.domestic.into(),
            answered_in_time_share: stats.answered_in_time_share,
        }
    }
}

/// The first instant of 1 September of `year`.
fn september_first(year: u16) -> ApiResult<chrono::DateTime<Utc>> {
    NaiveDate::from_ymd_opt(i32::from(year), 9, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| Utc.from_utc_datetime(&d))
        .ok_or_else(|| ApiError::Internal(format!("no 1 September {year}")))
}

/// Service statistics of inquiries
///
/// For the inquiries that arrived in an academic year (1 September to 31 August): counts by
/// topic and by status, median and 90th-percentile hours to the first answer for incoming and
/// for domestic askers, and the share answered within the due time (`IRO_INQUIRY_ANSWER_DAYS`
/// working days). An asker is incoming when signed in with an account linked to a person who
/// had an incoming mobility when they asked, or when they asked as a prospective student;
/// everyone else is domestic.
#[utoipa::path(
    operation_id = "get_service_statistics",
    tag = "inquiries",
    params(ServiceStatisticsQuery),
    responses((status = 200, description = "The statistics", body = ServiceStatisticsResponse)),
    security(("bearer" = ["admin", "officer", "reporting"])),
)]
#[get("/statistics/services")]
pub async fn service_statistics(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ServiceStatisticsQuery>,
) -> ApiResult<web::Json<ServiceStatisticsResponse>> {
    principal.require(Access::ReadServiceStatistics)?;
    let mut errors = FieldErrors::default();
    let year = errors.check("academic_year", AcademicYear::parse(query.academic_year.trim()));
    errors.finish_query()?;
    let Some(year) = year else { return Err(ApiError::Internal("academic year not parsed".into())) };
    let from = september_first(year.start_year())?;
    let to = september_first(year.start_year() + 1)?;
    let facts = db::run(&state.pool, move |conn| Ok(inquiries::facts_between(conn, from, to)?)).await?;
    Ok(web::Json(ServiceStatisticsResponse::of(year, compute(&facts, Utc::now()))))
}
