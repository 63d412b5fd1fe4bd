//! `/api/v1/alerts`: the mobilities that need action, from their checklists — insurance to
//! arrange and not yet confirmed, steps overdue or due soon, rules nobody knows (issue 6).

use actix_web::{get, web};
use chrono::{NaiveDate, Utc};
use iro_domain::UnitId;
use iro_domain::checklist::{AlertKind, RuleSet, alerts};
use iro_domain::mobility::Mobility;
use iro_persistence::models::checklist_progress::ProgressRecord;
use iro_persistence::repositories::checklist_progress;
use iro_persistence::repositories::mobilities::{self, MobilityFilter};
use iro_persistence::{DbConnection, Page, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::pagination::{Paged, page_request};
use crate::routes::checklists::checklist::generation::{Countries, checklist_of, load_rules};
use crate::routes::checklists::checklist::vocabulary::AlertKindName;
use crate::routes::checklists::checklist::{AlertResponse, within_days};
use crate::routes::shared::mobility_access::scope_of;
use crate::routes::shared::vocabulary::{DirectionName, MobilityStatusName};
use crate::state::AppState;

/// How many mobilities are examined per query while a page of alerts is filled.
const SCAN_BATCH: u32 = 200;

/// Filters and paging of the alerts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// Look-ahead: open items due within this many days are due soon (0–365, default 14).
    #[param(minimum = 0, maximum = 365)]
    pub within_days: Option<u16>,
    /// Only alerts of this kind.
    #[param(inline)]
    pub kind: Option<AlertKindName>,
    /// `outgoing` or `incoming`.
    #[param(inline)]
    pub direction: Option<DirectionName>,
    /// Only mobilities sent from or hosted by this unit.
    pub unit_id: Option<Uuid>,
    /// Mobilities per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// A mobility that needs action, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MobilityAlerts {
    /// The mobility.
    pub mobility_id: Uuid,
    /// Its participant.
    pub person_id: Uuid,
    /// Outgoing or incoming.
    pub direction: DirectionName,
    /// Its status.
    pub status: MobilityStatusName,
    /// The country of the mobility.
    pub destination: String,
    /// First day (actual if known, else planned).
    pub start: NaiveDate,
    /// Whether some mandatory insurance cover is the participant's to arrange.
    pub insurance_not_automatic: bool,
    /// What needs action, items in checklist order.
    pub alerts: Vec<AlertResponse>,
}

crate::page_type!(MobilityAlertsPage, MobilityAlerts, "A page of mobilities that need action.");

/// What a page of alerts looks for: the caller's mobilities under the query's filters, the
/// alerts of one kind (or all), due within `within` days of `today`.
#[derive(Debug)]
struct AlertScan {
    filter: MobilityFilter,
    kind: Option<AlertKind>,
    within: u16,
    today: NaiveDate,
}

impl AlertScan {
    /// The alerts of `mobility` that the scan looks for, with what a reader needs beside them;
    /// `None` when it has none.
    fn alerts_of(
        &self,
        conn: &mut DbConnection,
        (rules, countries): (&RuleSet, &mut Countries),
        mobility: &Mobility,
        progress: &[ProgressRecord],
    ) -> ApiResult<Option<MobilityAlerts>> {
        let (facts, checklist) = checklist_of(conn, countries, rules, mobility)?;
        let states: Vec<_> = progress.iter().map(|p| p.progress()).collect();
        let raised: Vec<AlertResponse> = alerts(&checklist, &states, self.today, self.within)
            .into_iter()
            .filter(|a| self.kind.is_none_or(|k| a.kind == k))
            .map(Into::into)
            .collect();
        Ok((!raised.is_empty()).then(|| MobilityAlerts {
            mobility_id: mobility.id.as_uuid(),
            person_id: mobility.data.person_id.as_uuid(),
            direction: mobility.data.direction.into(),
            status: mobility.status.into(),
            destination: facts.destination.to_string(),
            start: facts.start,
            insurance_not_automatic: checklist.insurance_not_automatic(),
            alerts: raised,
        }))
    }

    /// One page: mobilities are read in id order, [`SCAN_BATCH`] at a time, until `page.limit`
    /// of them have alerts; the cursor is the last one returned, so the next page goes on
    /// right after it.
    fn page(&self, conn: &mut DbConnection, page: &PageRequest) -> ApiResult<Page<MobilityAlerts>> {
        let rules = load_rules(conn)?;
        let mut countries = Countries::default();
        let mut found = Vec::new();
        let mut after = page.after.clone();
        loop {
            let batch = mobilities::list(conn, &self.filter, &PageRequest { limit: SCAN_BATCH, after: after.clone() })?;
            let active: Vec<_> = batch.items.into_iter().filter(|m| m.status.needs_checklist_follow_up()).collect();
            let ids: Vec<_> = active.iter().map(|m| m.id).collect();
            let mut progress = checklist_progress::of_mobilities(conn, &ids)?;
            for mobility in active {
                let states = progress.remove(&mobility.id).unwrap_or_default();
                let Some(raised) = self.alerts_of(conn, (&rules, &mut countries), &mobility, &states)? else {
                    continue;
                };
                found.push(raised);
                if found.len() == page.limit as usize {
                    return Ok(Page { items: found, next_after: Some(mobility.id.to_string()) });
                }
            }
            match batch.next_after {
                Some(next) => after = Some(next),
                None => return Ok(Page { items: found, next_after: None }),
            }
        }
    }
}

/// Mobilities that need action
///
/// For every nominated, accepted or live mobility the caller may see (coordinators: their
/// units'), in id order: the checklist's mandatory insurance covers that are not automatic
/// and not yet marked done, visa steps, documents and registrations overdue or due within
/// `within_days`, and items for which no rule is known. Items marked `done` or
/// `not_applicable` raise nothing. Mobilities without alerts are left out; a page may hold
/// fewer than `limit` mobilities, and the last page may be empty. Alerts are computed for
/// today, so `modified_since` does not apply: an item becomes due without any change.
/// Inquiries whose first answer is overdue are listed beside these, by team, at
/// `/api/v1/alerts/inquiries`.
#[utoipa::path(
    operation_id = "list_alerts",
    tag = "checklists",
    params(AlertQuery),
    responses((status = 200, description = "A page of mobilities with their alerts", body = MobilityAlertsPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "checklists:read"])),
)]
#[get("/alerts")]
pub async fn list_alerts(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<AlertQuery>,
) -> ApiResult<web::Json<MobilityAlertsPage>> {
    principal.require(Access::ReadAlerts)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let scan = AlertScan {
        filter: MobilityFilter {
            direction: query.direction.map(Into::into),
            unit_id: query.unit_id.map(UnitId::from_uuid),
            scope: scope_of(&principal),
            ..MobilityFilter::default()
        },
        kind: query.kind.map(Into::into),
        within: within_days(query.within_days)?,
        today: Utc::now().date_naive(),
    };
    let paged = db::run(&state.pool, move |conn| scan.page(conn, &page)).await?;
    Ok(web::Json(Paged::from_page(paged, |m| m).into()))
}
