//! Exchange quota views (issue 3 item 5): per cooperation condition and academic year, the
//! places and months/days allowed, used and remaining, and the mobilities holding them.
//!
//! `GET /api/v1/agreements/{id}/quotas` reads one agreement; `GET /api/v1/quotas` is the
//! office's planning view across agreements ("where can we still send people this year?").
//! Participants see the numbers of agreements in force, never the mobilities holding places.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use iro_domain::agreement::{Agreement, AgreementCondition};
use iro_domain::quota::{DurationUnit, quota_usage};
use iro_domain::{AcademicYear, AgreementId, CountryCode, Direction, IscedCode, MobilityId, Role};
use iro_persistence::repositories::agreements::conditions;
use iro_persistence::repositories::quotas::{self, QuotaFilter};
use iro_persistence::repositories::{institutions, mobilities};
use iro_persistence::{DbConnection, Page, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::pagination::{Paged, page_request};
use crate::routes::agreements::agreement::find_visible;
use crate::routes::mobilities::mobility::amount;
use crate::routes::shared::vocabulary::{DirectionName, MobilityStatusName, MobilityTypeName};
use crate::state::AppState;

/// A mobility holding a place of the quota.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuotaHolder {
    /// The mobility.
    pub mobility_id: Uuid,
    /// Its status (one that holds a place).
    pub status: MobilityStatusName,
    /// The months or days it holds.
    pub planned: f64,
}

/// A cooperation condition's quota for one academic year.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "condition_id": "01938a6f-0100-7d2a-9f3b-2c4d5e6f7a8b", "agreement_id": "01938a6f-0000-7d2a-9f3b-2c4d5e6f7a8b",
    "agreement_code": "BIL-2025-LIPETSK-0613", "partner_institution_id": "01938a6e-9200-7d2a-9f3b-2c4d5e6f7a8b",
    "partner_country": "RU", "direction": "outgoing", "mobility_type": "student_studies",
    "academic_year": "2026/2027", "subject_areas": ["0613"],
    "places_allowed": 5, "places_used": 3, "places_remaining": 2, "duration_unit": "months",
    "months_allowed": 25.0, "months_used": 15.0, "months_remaining": 10.0,
    "days_allowed": null, "days_used": null, "days_remaining": null, "holders": []
}))]
pub struct QuotaResponse {
    /// The condition.
    pub condition_id: Uuid,
    /// Its agreement.
    pub agreement_id: Uuid,
    /// The agreement's number.
    pub agreement_code: String,
    /// The partner.
    pub partner_institution_id: Uuid,
    /// The partner's country.
    pub partner_country: String,
    /// Seen from our university.
    pub direction: DirectionName,
    /// The condition's type.
    pub mobility_type: MobilityTypeName,
    /// The academic year read.
    pub academic_year: String,
    /// The condition's ISCED-F codes.
    pub subject_areas: Vec<String>,
    /// People allowed in the year.
    pub places_allowed: u32,
    /// Places held (nominated, accepted, live, completed, recognized).
    pub places_used: u32,
    /// Places left (never negative; 0 once an override passed the quota).
    pub places_remaining: u32,
    /// `months` (students) or `days` (staff).
    pub duration_unit: String,
    /// Students: months allowed.
    pub months_allowed: Option<f64>,
    /// Students: months held.
    pub months_used: Option<f64>,
    /// Students: months left.
    pub months_remaining: Option<f64>,
    /// Staff: days allowed.
    pub days_allowed: Option<f64>,
    /// Staff: days held.
    pub days_used: Option<f64>,
    /// Staff: days left.
    pub days_remaining: Option<f64>,
    /// The mobilities holding places; `null` for participants.
    pub holders: Option<Vec<QuotaHolder>>,
}

/// Reads one condition's quota for `year`.
fn quota_of(
    conn: &mut DbConnection,
    principal: &Principal,
    agreement: &Agreement,
    condition: AgreementCondition,
    year: AcademicYear,
) -> ApiResult<QuotaResponse> {
    let partner = institutions::find(conn, agreement.data.partner_institution_id)?;
    let linked = mobilities::linked_to_condition(conn, condition.id)?;
    let terms = &condition.data.terms;
    let usage = quota_usage(terms, year, &linked);
    let holders: Vec<QuotaHolder> = linked
        .iter()
        .filter(|m| m.academic_year == year && m.status.holds_place())
        .map(|m| QuotaHolder {
            mobility_id: MobilityId::as_uuid(&m.id),
            status: m.status.into(),
            planned: amount(m.planned),
        })
        .collect();
    let months = usage.unit == DurationUnit::Months;
    let pick = |wanted: bool, value| wanted.then(|| amount(value));
    Ok(QuotaResponse {
        condition_id: condition.id.as_uuid(),
        agreement_id: agreement.id.as_uuid(),
        agreement_code: agreement.data.code.as_str().to_owned(),
        partner_institution_id: partner.id.as_uuid(),
        partner_country: partner.data.country.as_str().to_owned(),
        direction: condition.data.direction(agreement.data.partner_institution_id).into(),
        mobility_type: terms.mobility_type().into(),
        academic_year: year.to_string(),
        subject_areas: terms.subject_areas().iter().map(|s| s.isced_f_code.as_str().to_owned()).collect(),
        places_allowed: usage.places.allowed,
        places_used: usage.places.used,
        places_remaining: usage.places.remaining,
        duration_unit: if months { "months" } else { "days" }.to_owned(),
        months_allowed: pick(months, usage.amount.allowed),
        months_used: pick(months, usage.amount.used),
        months_remaining: pick(months, usage.amount.remaining),
        days_allowed: pick(!months, usage.amount.allowed),
        days_used: pick(!months, usage.amount.used),
        days_remaining: pick(!months, usage.amount.remaining),
        holders: (principal.role != Role::Participant).then_some(holders),
    })
}

/// The academic year of a quota view.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementQuotaQuery {
    /// The academic year to read (`YYYY/YYYY`).
    #[param(value_type = crate::routes::shared::query_schemas::AcademicYear, inline)]
    pub academic_year: String,
}

/// The quotas of an agreement
///
/// Per cooperation condition: direction, type, places and months (students) or days (staff)
/// allowed, used and remaining in the academic year, and the mobilities holding them.
/// A year a condition does not cover allows nothing.
#[utoipa::path(
    operation_id = "list_agreement_quotas",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), AgreementQuotaQuery),
    responses((status = 200, description = "One quota per condition, in the agreed order, on one page (`next_cursor` is always null: an agreement has few conditions)", body = QuotaPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "agreements:read"])),
)]
#[get("/agreements/{id}/quotas")]
pub async fn list_agreement_quotas(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    query: web::Query<AgreementQuotaQuery>,
) -> ApiResult<web::Json<QuotaPage>> {
    principal.require(Access::ReadQuotas)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let mut errors = FieldErrors::default();
    let year = errors.check("academic_year", AcademicYear::parse(query.academic_year.trim()));
    errors.finish_query()?;
    let year = year.ok_or_else(|| ApiError::Internal("academic year missing without an error".to_owned()))?;
    let quotas = db::run(&state.pool, move |conn| {
        let agreement = find_visible(conn, &principal, id)?;
        conditions::all(conn, id)?
            .into_iter()
            .map(|condition| quota_of(conn, &principal, &agreement, condition, year))
            .collect::<ApiResult<Vec<_>>>()
    })
    .await?;
    // The list envelope every list answers, so clients page all lists alike.
    Ok(web::Json(QuotaPage { items: quotas, next_cursor: None }))
}

/// Filters and paging of the cross-agreement quota view.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuotaQuery {
    /// The academic year to read (`YYYY/YYYY`).
    #[param(value_type = crate::routes::shared::query_schemas::AcademicYear, inline)]
    pub academic_year: String,
    /// `outgoing` (where can we send people?) or `incoming`.
    #[param(inline)]
    pub direction: Option<DirectionName>,
    /// Only partners in this country (ISO 3166-1 alpha-2).
    #[param(value_type = Option<crate::routes::shared::query_schemas::Country>, inline)]
    pub partner_country: Option<String>,
    /// Only conditions naming this ISCED-F code (or a narrower one under it).
    #[param(value_type = Option<crate::routes::shared::query_schemas::Isced>, inline)]
    pub isced_f_code: Option<String>,
    /// Only quotas that may have changed at or after this instant (RFC 3339): the agreement
    /// or any of its conditions was updated, or a mobility under the condition was created or
    /// changed.
    pub modified_since: Option<DateTime<Utc>>,
    /// Quotas per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(QuotaPage, QuotaResponse, "A page of quotas.");

/// The filters of a [`QuotaQuery`], checked; what only the database knows (our university)
/// and the caller's view (agreements in force only) are added when the page is read.
#[derive(Debug)]
struct QuotaSelection {
    academic_year: AcademicYear,
    direction: Option<Direction>,
    partner_country: Option<CountryCode>,
    isced_f_code: Option<IscedCode>,
    modified_since: Option<DateTime<Utc>>,
}

impl TryFrom<&QuotaQuery> for QuotaSelection {
    type Error = ApiError;

    /// 400 naming every unreadable filter.
    fn try_from(query: &QuotaQuery) -> ApiResult<Self> {
        let mut errors = FieldErrors::default();
        let year = errors.check("academic_year", AcademicYear::parse(query.academic_year.trim()));
        let partner_country = errors.check_opt("partner_country", query.partner_country.as_deref(), CountryCode::parse);
        let isced_f_code = errors.check_opt("isced_f_code", query.isced_f_code.as_deref(), IscedCode::parse);
        errors.finish_query()?;
        let academic_year =
            year.ok_or_else(|| ApiError::Internal("academic year missing without an error".to_owned()))?;
        Ok(QuotaSelection {
            academic_year,
            direction: query.direction.map(Direction::from),
            partner_country,
            isced_f_code,
            modified_since: query.modified_since,
        })
    }
}

/// One page of quotas across agreements: every filter runs in the query, so a page holds
/// `limit` quotas unless it is the last. Without our own university there are none.
fn quota_page(
    conn: &mut DbConnection,
    principal: &Principal,
    selection: QuotaSelection,
    page: &PageRequest,
) -> ApiResult<Page<QuotaResponse>> {
    let Some(local) = institutions::find_local(conn)? else {
        return Ok(Page { items: Vec::new(), next_after: None });
    };
    let year = selection.academic_year;
    let filter = QuotaFilter {
        academic_year: year,
        local_institution_id: local.id,
        outgoing: selection.direction.map(|d| d == Direction::Outgoing),
        partner_country: selection.partner_country.map(|c| c.to_string()),
        isced_f_code: selection.isced_f_code,
        in_force_only: principal.sees_only_agreements_in_force(),
        modified_since: selection.modified_since,
    };
    let page = quotas::conditions_page(conn, &filter, page)?;
    let mut items = Vec::with_capacity(page.items.len());
    for (agreement, condition) in page.items {
        items.push(quota_of(conn, principal, &agreement, condition, year)?);
    }
    Ok(Page { items, next_after: page.next_after })
}

/// Quotas across agreements
///
/// The planning view: every cooperation condition covering the academic year, with places and
/// months/days allowed, used and remaining — filterable by direction, partner country and
/// ISCED-F code, and `modified_since` for synchronising. Participants see only agreements in
/// force and no holders.
#[utoipa::path(
    operation_id = "list_quotas",
    tag = "quotas",
    params(QuotaQuery),
    responses((status = 200, description = "A page of quotas", body = QuotaPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "agreements:read"])),
)]
#[get("/quotas")]
pub async fn list_quotas(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<QuotaQuery>,
) -> ApiResult<web::Json<QuotaPage>> {
    principal.require(Access::ReadQuotas)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let selection = QuotaSelection::try_from(&query)?;
    let quotas = db::run(&state.pool, move |conn| quota_page(conn, &principal, selection, &page)).await?;
    Ok(web::Json(Paged::from_page(quotas, |q| q).into()))
}
