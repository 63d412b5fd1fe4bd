//! `/api/v1/mobilities/{id}/status` and `…/history`: a mobility's lifecycle as the domain's
//! state machine allows it (applied → nominated → accepted → live → completed → recognized,
//! rejected, cancelled), with the quota checked atomically when a status takes a place.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::mobility::MobilityStatusChange;
use iro_domain::nomination::StatusChangeRequest;
use iro_domain::{MobilityId, MobilityStatus};
use iro_persistence::repositories::mobilities;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::json_body::JsonBody;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation::{self, rules, trim};
use crate::routes::mobilities::mobility::{MobilityResponse, with_etag};
use crate::routes::shared::actor::actor;
use crate::routes::shared::mobility_access;
use crate::routes::shared::vocabulary::MobilityStatusName;
use crate::state::AppState;

/// A requested status change.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "nominated", "reason": "Selected by the faculty committee on 3 March"}))]
pub struct MobilityStatusChangeInput {
    /// The status to move to; one of the mobility's `allowed_next_statuses`.
    pub to: MobilityStatusName,
    /// Why (required to cancel; at most 2,000 characters); kept in the history and, with
    /// `override_quota`, as the override's reason.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub reason: Option<String>,
    /// Nominate past the quota (coordinators, officers, admins; needs a `reason`).
    #[serde(default)]
    pub override_quota: bool,
    /// The actual first day, recorded with the change (needed to go `live`).
    #[serde(default)]
    pub actual_start: Option<NaiveDate>,
    /// The actual last day, recorded with the change (needed to complete).
    #[serde(default)]
    pub actual_end: Option<NaiveDate>,
    /// Go live without a learning agreement signed by all three parties (officers and admins;
    /// needs a `reason`, kept on the mobility and in the history).
    #[serde(default)]
    pub override_learning_agreement: bool,
}

/// One entry of a mobility's status history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MobilityStatusChangeResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The status before; `null` for the creation.
    pub from_status: Option<MobilityStatusName>,
    /// The status after.
    pub to_status: MobilityStatusName,
    /// Why.
    pub reason: Option<String>,
    /// Who: a username or an integration client's name.
    pub changed_by: String,
    /// Who, as a stable reference: `user:<uuid>` or `client:<uuid>`.
    pub changed_by_id: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}

impl From<MobilityStatusChange> for MobilityStatusChangeResponse {
    fn from(c: MobilityStatusChange) -> Self {
        MobilityStatusChangeResponse {
            id: c.id.into(),
            from_status: c.from.map(Into::into),
            to_status: c.to.into(),
            reason: c.reason,
            changed_by: c.changed_by.name,
            changed_by_id: c.changed_by.id,
            changed_at: c.changed_at,
        }
    }
}

/// Change a mobility's status
///
/// Moves the mobility along its lifecycle. Refused with 409 `illegal_transition` (naming the
/// allowed statuses) for a move the lifecycle does not have; 422 `reason_required` to cancel
/// without a reason, `actual_start_required` / `actual_end_required` to go live or complete
/// without the actual dates. A move that takes a place (→ `nominated`) checks the Erasmus+
/// rules and the condition's quota atomically: 409 `quota_exhausted` names the places and
/// months/days allowed, used and requested, unless `override_quota` with a `reason`. A
/// student mobility goes `live` only with a learning agreement signed by all three parties:
/// 409 `learning_agreement_unsigned`, unless an officer sets `override_learning_agreement`
/// with a `reason` (422 `override_reason_required` without one), recorded in the history.
/// Every change is recorded in the history.
#[utoipa::path(
    operation_id = "change_mobility_status",
    tag = "mobilities",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = MobilityStatusChangeInput,
    responses((status = 200, description = "The mobility in its new status", body = MobilityResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "mobilities:write"])),
)]
#[post("/mobilities/{id}/status")]
pub async fn change_mobility_status(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<MobilityStatusChangeInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteMobilities)?;
    let id = MobilityId::from_uuid(id.into_inner());
    let input = body.0;
    validation::validate(&input)?;
    require_overrides(&principal, &input)?;
    db::write(
        &state.pool,
        move |conn| {
            let request = request_of(&input);
            mobilities::change_status_by_rules(conn, id, &request, &actor(&principal), Utc::now(), |facts| {
                let owner = facts.references.person.and_then(|person| person.user_id);
                mobility_access::require_write_of(&principal, &facts.mobility.data, owner)
            })
        },
        move |mobility| with_etag(HttpResponse::Ok(), mobility),
    )
    .await
}

/// Only those who may override a guard ask for its override.
fn require_overrides(principal: &Principal, input: &MobilityStatusChangeInput) -> ApiResult<()> {
    if input.override_quota {
        principal.require_quota_override()?;
    }
    if input.override_learning_agreement {
        principal.require_learning_agreement_override()?;
    }
    Ok(())
}

/// The use case's request from the body.
fn request_of(input: &MobilityStatusChangeInput) -> StatusChangeRequest<'_> {
    StatusChangeRequest {
        to: MobilityStatus::from(input.to),
        reason: input.reason.as_deref(),
        override_quota: input.override_quota,
        actual_start: input.actual_start,
        actual_end: input.actual_end,
        override_learning_agreement: input.override_learning_agreement,
    }
}

/// Paging of the history.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MobilityHistoryQuery {
    /// Only changes at or after this instant (RFC 3339); recorded changes never change
    /// afterwards, so this is when they were made.
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(MobilityStatusChangePage, MobilityStatusChangeResponse, "A page of a mobility's status changes.");

/// A mobility's status history
///
/// Every status change, oldest first, starting with the creation: who, when, from, to, why.
#[utoipa::path(
    operation_id = "list_mobility_history",
    tag = "mobilities",
    params(("id" = Uuid, Path, description = "Mobility id"), MobilityHistoryQuery),
    responses((status = 200, description = "A page of status changes", body = MobilityStatusChangePage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "mobilities:read"])),
)]
#[get("/mobilities/{id}/history")]
pub async fn list_mobility_history(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    query: web::Query<MobilityHistoryQuery>,
) -> ApiResult<web::Json<MobilityStatusChangePage>> {
    principal.require(Access::ReadMobilities)?;
    let id = MobilityId::from_uuid(id.into_inner());
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let since = query.modified_since;
    let page = db::run(&state.pool, move |conn| {
        mobility_access::find_visible(conn, &principal, id)?;
        Ok(mobilities::history(conn, id, since, &page)?)
    })
    .await?;
    Ok(web::Json(Paged::from_page(page, MobilityStatusChangeResponse::from).into()))
}
