//! `POST /api/v1/events/{id}/status`: moving an event through its life cycle (publish, mark
//! held, archive, or cancel with a reason), by the domain's state machine.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use iro_domain::EventId;
use iro_persistence::repositories::events;
use iro_persistence::write_transaction;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::event::{EventResponse, find_visible};
use super::vocabulary::EventStatusName;
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::validation::{self, rules, trim};
use crate::state::AppState;

/// A wanted status.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "cancelled", "reason": "The hall is closed for repairs; a new date follows."}))]
pub struct EventStatusInput {
    /// The status to move to; one of the event's `allowed_transitions`.
    pub to: EventStatusName,
    /// Why; required to cancel (up to 1,000 characters), told to whoever registered.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 1000)]
    #[validate(length(max = 1000), custom(function = "rules::multiline"))]
    pub reason: Option<String>,
}

/// Change an event's status
///
/// `planned` → `published` → `held` → `archived`; `planned` or `published` → `cancelled`
/// (with a `reason`) → `archived`. Another move is refused with 409 `illegal_transition`
/// naming the allowed ones; a cancellation without a reason with 422 `reason_required`.
#[utoipa::path(
    operation_id = "change_event_status",
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body = EventStatusInput,
    responses((status = 200, description = "The event in its new status", body = EventResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "events:write"])),
)]
#[post("/events/{id}/status")]
pub async fn change_event_status(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    body: JsonBody<EventStatusInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEvents)?;
    let input = body.0;
    validation::validate(&input)?;
    let id = EventId::from_uuid(id.into_inner());
    let event = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = find_visible(conn, &principal, id)?;
            principal.require_event_write(current.data.unit_id)?;
            precondition.check(current.version)?;
            let to = current.status.change_to(input.to.into(), input.reason.as_deref())?;
            Ok(events::set_status(conn, id, current.version, to, input.reason.as_deref(), Utc::now())?)
        })
    })
    .await?;
    let version = event.version;
    Ok(tagged(HttpResponse::Ok(), version, EventResponse::from(event)))
}
