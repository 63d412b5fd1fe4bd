//! `/api/v1/agreements/{id}/status`, `…/history` and `…/approved-version`: an agreement's
//! approval, as the domain's state machine allows it, its history, and the last version both
//! sides approved (EWP IIAs API v7).

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use iro_domain::AgreementId;
use iro_domain::agreement::{Agreement, AgreementStatus, ApprovedVersion, StatusChange};
use iro_persistence::DbConnection;
use iro_persistence::repositories::agreements;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::http::json_body::JsonBody;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation::{self, rules, trim};
use crate::routes::agreements::agreement::{AgreementResponse, AgreementStatusName, find_visible, with_etag};
use crate::routes::agreements::conditions::ConditionResponse;
use crate::routes::shared::actor::actor;
use crate::state::AppState;

/// A requested status change.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "approved_by_partner", "reason": "Signed copy received from Lipetsk on 20 May 2025"}))]
pub struct StatusChangeInput {
    /// The status to move to; one of the agreement's `allowed_next_statuses`.
    pub to: AgreementStatusName,
    /// Why (at most 2,000 characters); kept in the history.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub reason: Option<String>,
}

/// Moves the agreement to `to` inside the write transaction, if the caller may write it and
/// the domain's state machine allows the move; reaching `approved_by_both` keeps the approved
/// version.
fn apply_status_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: AgreementId,
    to: AgreementStatus,
    reason: Option<&str>,
) -> ApiResult<Agreement> {
    agreements::lock(conn, id)?;
    let current = agreements::find(conn, id)?;
    principal.require_agreement_write(current.data.local_unit_id)?;
    current.status.transition(to)?;
    let now = Utc::now();
    let changed = agreements::change_status(conn, id, current.status, to, reason, &actor(principal), now)?;
    if to != AgreementStatus::ApprovedByBoth {
        return Ok(changed);
    }
    agreements::store_snapshot(conn, id, now)?;
    Ok(agreements::find(conn, id)?)
}

/// One entry of an agreement's status history.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6f-1000-7d2a-9f3b-2c4d5e6f7a8b",
    "from_status": "approved_by_us",
    "to_status": "approved_by_both",
    "reason": "Signed copy received from Lipetsk",
    "changed_by": "e.stojanovska",
    "changed_by_id": "user:01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b",
    "changed_at": "2025-05-20T10:00:00Z"
}))]
pub struct StatusChangeResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The status before.
    pub from_status: AgreementStatusName,
    /// The status after.
    pub to_status: AgreementStatusName,
    /// Why; for changes that followed from changed conditions, which change it was.
    pub reason: Option<String>,
    /// Who: a username or an integration client's name.
    pub changed_by: String,
    /// Who, as a stable reference: `user:<uuid>` or `client:<uuid>` (`system:…` for data
    /// loaded by the `iro` command).
    pub changed_by_id: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}

impl From<StatusChange> for StatusChangeResponse {
    fn from(c: StatusChange) -> Self {
        StatusChangeResponse {
            id: c.id.into(),
            from_status: c.from.into(),
            to_status: c.to.into(),
            reason: c.reason,
            changed_by: c.changed_by.name,
            changed_by_id: c.changed_by.id,
            changed_at: c.changed_at,
        }
    }
}

/// The last version both sides approved.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApprovedVersionResponse {
    /// When both sides had approved it.
    pub approved_at: DateTime<Utc>,
    /// The agreement as it was then.
    pub agreement: AgreementResponse,
    /// Its cooperation conditions as they were then, in order.
    pub conditions: Vec<ConditionResponse>,
}

impl From<ApprovedVersion> for ApprovedVersionResponse {
    fn from(v: ApprovedVersion) -> Self {
        let partner = v.agreement.data.partner_institution_id;
        ApprovedVersionResponse {
            approved_at: v.approved_at,
            agreement: v.agreement.into(),
            conditions: v.conditions.into_iter().map(|c| ConditionResponse::new(c, partner)).collect(),
        }
    }
}

/// Change an agreement's status
///
/// Moves the agreement along its approval: `draft → submitted → approved_by_us |
/// approved_by_partner → approved_by_both`, and `terminated` from any submitted or approved
/// status. Anything else is refused with 409 `illegal_transition`, naming the statuses allowed
/// from the current one (also shown as `allowed_next_statuses`). Reaching `approved_by_both`
/// keeps the agreement and its conditions as the approved version. Every change is recorded
/// in the history with the caller and the reason.
#[utoipa::path(
    operation_id = "change_agreement_status",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = StatusChangeInput,
    responses((status = 200, description = "The agreement in its new status", body = AgreementResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "agreements:write"])),
)]
#[post("/agreements/{id}/status")]
pub async fn change_agreement_status(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<StatusChangeInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteAgreements)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let input = body.0;
    validation::validate(&input)?;
    let to = AgreementStatus::from(input.to);
    db::write(
        &state.pool,
        move |conn| apply_status_change(conn, &principal, id, to, input.reason.as_deref()),
        move |agreement| with_etag(HttpResponse::Ok(), agreement),
    )
    .await
}

/// Paging of the history.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Only changes at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(StatusChangePage, StatusChangeResponse, "A page of an agreement's status changes.");

/// An agreement's status history
///
/// Every status change, oldest first: explicit ones with their reason, and the return to
/// `submitted` that follows a change of conditions. Not for participants.
#[utoipa::path(
    operation_id = "list_agreement_history",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), HistoryQuery),
    responses((status = 200, description = "A page of status changes", body = StatusChangePage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "agreements:read"])),
)]
#[get("/agreements/{id}/history")]
pub async fn list_agreement_history(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    query: web::Query<HistoryQuery>,
) -> ApiResult<web::Json<StatusChangePage>> {
    principal.require(Access::ReadAgreementHistory)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let since = query.modified_since;
    let page = db::run(&state.pool, move |conn| {
        agreements::find(conn, id)?;
        Ok(agreements::history(conn, id, since, &page)?)
    })
    .await?;
    Ok(web::Json(Paged::from_page(page, StatusChangeResponse::from).into()))
}

/// The last mutually approved version
///
/// The agreement and its conditions as both sides last approved them. While a change awaits
/// approval, this is the version that applies. 404 until both sides have approved a version.
#[utoipa::path(
    operation_id = "get_approved_version",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id")),
    responses((status = 200, description = "The approved version", body = ApprovedVersionResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "agreements:read"])),
)]
#[get("/agreements/{id}/approved-version")]
pub async fn get_approved_version(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ApprovedVersionResponse>> {
    principal.require(Access::ReadAgreements)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let version = db::run(&state.pool, move |conn| {
        find_visible(conn, &principal, id)?;
        agreements::approved_version(conn, id)?.ok_or_else(|| {
            ApiError::NotFound("no version of this agreement has been approved by both sides yet".to_owned())
        })
    })
    .await?;
    Ok(web::Json(version.into()))
}
