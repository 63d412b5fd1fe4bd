//! `GET /api/v1/statistics/mobilities`: the office overview (issue 4 item 7) — counts of
//! mobilities by direction, programme, activity type, status, partner country and unit, so
//! "how many outgoing students a year to Russia, Bulgaria and Serbia?" is one call.

use std::collections::BTreeMap;

use actix_web::{get, web};
use iro_domain::AcademicYear;
use iro_persistence::repositories::mobilities::{self, MobilityFacts, MobilityFilter, MobilityScope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiResult, FieldErrors};
use crate::routes::shared::mobility_access;
use crate::routes::shared::vocabulary::{DirectionName, MobilityProgrammeName, MobilityStatusName, MobilityTypeName};
use crate::state::AppState;

/// What to count.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// Only mobilities of this receiving academic year (`YYYY/YYYY`).
    #[param(value_type = Option<crate::routes::shared::query_schemas::AcademicYear>, inline)]
    pub academic_year: Option<String>,
    /// Only `outgoing` or `incoming` mobilities.
    #[param(inline)]
    pub direction: Option<DirectionName>,
    /// Only this programme.
    #[param(inline)]
    pub programme: Option<MobilityProgrammeName>,
    /// Only this activity type.
    #[param(inline)]
    pub activity_type: Option<MobilityTypeName>,
    /// Only this status (by default every status is counted, see `by_status`).
    #[param(inline)]
    pub status: Option<MobilityStatusName>,
}

/// Counts of the mobilities matching the query.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "academic_year": "2026/2027", "total": 31,
    "by_direction": {"outgoing": 28, "incoming": 3},
    "by_programme": {"bilateral": 12, "erasmus_ka131": 16, "erasmus_ka171": 3},
    "by_activity_type": {"student_studies": 27, "staff_teaching": 4},
    "by_status": {"applied": 5, "nominated": 20, "cancelled": 6},
    "by_partner_country": {"BG": 10, "RS": 8, "RU": 13},
    "by_unit": {"01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b": 25, "none": 6}
}))]
pub struct MobilityStatistics {
    /// The academic year counted, if one was asked for.
    pub academic_year: Option<String>,
    /// Mobilities counted.
    pub total: u64,
    /// By `outgoing` / `incoming`.
    pub by_direction: BTreeMap<String, u64>,
    /// By programme.
    pub by_programme: BTreeMap<String, u64>,
    /// By activity type.
    pub by_activity_type: BTreeMap<String, u64>,
    /// By status.
    pub by_status: BTreeMap<String, u64>,
    /// By the partner's country (ISO 3166-1 alpha-2).
    pub by_partner_country: BTreeMap<String, u64>,
    /// By our unit (sending unit of outgoing, receiving unit of incoming mobilities); `none`
    /// for university-wide ones.
    pub by_unit: BTreeMap<String, u64>,
}

impl MobilityStatistics {
    /// The counts of `facts`, one per mobility.
    fn count(academic_year: Option<AcademicYear>, facts: Vec<MobilityFacts>) -> Self {
        let mut stats = MobilityStatistics {
            academic_year: academic_year.map(|y| y.to_string()),
            total: 0,
            by_direction: BTreeMap::new(),
            by_programme: BTreeMap::new(),
            by_activity_type: BTreeMap::new(),
            by_status: BTreeMap::new(),
            by_partner_country: BTreeMap::new(),
            by_unit: BTreeMap::new(),
        };
        for fact in facts {
            stats.total += 1;
            *stats.by_direction.entry(fact.direction).or_default() += 1;
            *stats.by_programme.entry(fact.programme).or_default() += 1;
            *stats.by_activity_type.entry(fact.activity_type).or_default() += 1;
            *stats.by_status.entry(fact.status).or_default() += 1;
            *stats.by_partner_country.entry(fact.partner_country).or_default() += 1;
            *stats.by_unit.entry(fact.unit_id.unwrap_or_else(|| "none".to_owned())).or_default() += 1;
        }
        stats
    }
}

/// The query's academic year (400 when unreadable) and the filter of the mobilities counted:
/// the caller's, as for the list, except that a participant's own scope never counts here
/// (participants may not read statistics; the office and reporting count everything).
fn counted(principal: &Principal, query: StatisticsQuery) -> ApiResult<(Option<AcademicYear>, MobilityFilter)> {
    let mut errors = FieldErrors::default();
    let year = errors.check_opt("academic_year", query.academic_year.as_deref(), AcademicYear::parse);
    errors.finish_query()?;
    let scope = match mobility_access::scope_of(principal) {
        MobilityScope::Account(_) => MobilityScope::Units(vec![]),
        other => other,
    };
    let filter = MobilityFilter {
        direction: query.direction.map(Into::into),
        status: query.status.map(Into::into),
        programme: query.programme.map(Into::into),
        activity_type: query.activity_type.map(Into::into),
        academic_year: year,
        scope,
        ..MobilityFilter::default()
    };
    Ok((year, filter))
}

/// Mobility statistics
///
/// Counts by direction, programme, activity type, status, partner country and unit, for an
/// academic year and optional filters. Coordinators count their units' mobilities only.
#[utoipa::path(
    operation_id = "get_mobility_statistics",
    tag = "mobilities",
    params(StatisticsQuery),
    responses((status = 200, description = "The counts", body = MobilityStatistics)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "mobilities:read"])),
)]
#[get("/statistics/mobilities")]
pub async fn mobility_statistics(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<StatisticsQuery>,
) -> ApiResult<web::Json<MobilityStatistics>> {
    principal.require(Access::ReadStatistics)?;
    let (year, filter) = counted(&principal, query.into_inner())?;
    let facts = db::run(&state.pool, move |conn| Ok(mobilities::facts(conn, &filter)?)).await?;
    Ok(web::Json(MobilityStatistics::count(year, facts)))
}
