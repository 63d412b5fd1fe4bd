//! `/api/v1/events`: list (filters, keyset paging, `modified_since`), create, read and change
//! (merge patch with `If-Match`) outreach events.

pub mod body;

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::event::RegistrationStatus;
use iro_domain::event::{Event, EventData, EventStatus};
use iro_domain::{EventId, Role, UnitId};
use iro_persistence::repositories::events::{self, EventFilter, registrations};
use iro_persistence::repositories::units;
use iro_persistence::{DbConnection, RepoError, write_transaction};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub use self::body::{EventInput, EventResponse, MaterialBody};
use super::vocabulary::{EventKindName, EventStatusName};
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::state::AppState;

/// Fields a merge patch may send back unchanged but never change.
const READ_ONLY: &[&str] =
    &["id", "status", "cancel_reason", "allowed_transitions", "version", "created_at", "updated_at"];

/// Filters and paging of the event list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// Only this kind.
    #[param(inline)]
    pub kind: Option<EventKindName>,
    /// Only this status.
    #[param(inline)]
    pub status: Option<EventStatusName>,
    /// Only events organised by this unit.
    pub unit_id: Option<Uuid>,
    /// Only events that end at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Only events that start before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Only events changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(EventPage, EventResponse, "A page of events.");

/// The statuses a caller may not see: participants see announced events only.
fn hidden_statuses(principal: &Principal) -> Vec<EventStatus> {
    if principal.role == Role::Participant { vec![EventStatus::Planned] } else { vec![] }
}

/// Finds an event the caller may see (404 otherwise, so a planned event does not leak).
pub fn find_visible(conn: &mut DbConnection, principal: &Principal, id: EventId) -> ApiResult<Event> {
    let event = events::find(conn, id)?;
    if hidden_statuses(principal).contains(&event.status) {
        return Err(RepoError::NotFound.into());
    }
    Ok(event)
}

/// Checks that the organising unit is a unit of our university.
fn check_unit(conn: &mut DbConnection, unit: Option<UnitId>) -> ApiResult<()> {
    match unit.map(|unit| units::find_by_id(conn, unit)) {
        None | Some(Ok(_)) => Ok(()),
        Some(Err(RepoError::NotFound)) => {
            Err(ApiError::Validation(vec![FieldError::new("unit_id", "unknown", "no unit has this id")]))
        }
        Some(Err(other)) => Err(other.into()),
    }
}

/// List events
///
/// Every caller who may read events sees them all, except participants, who see announced
/// ones only (not `planned`).
#[utoipa::path(
    operation_id = "list_events",
    tag = "events",
    params(EventQuery),
    responses((status = 200, description = "A page of events", body = EventPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "events:read"])),
)]
#[get("/events")]
pub async fn list_events(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<EventQuery>,
) -> ApiResult<web::Json<EventPage>> {
    principal.require(Access::ReadEvents)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = EventFilter {
        kind: query.kind.map(Into::into),
        status: query.status.map(Into::into),
        unit: query.unit_id.map(UnitId::from_uuid),
        from: query.from,
        to: query.to,
        modified_since: query.modified_since,
        hidden_statuses: hidden_statuses(&principal),
    };
    let page = db::run(&state.pool, move |conn| Ok(events::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, EventResponse::from).into()))
}

/// Create an event
///
/// A new event starts `planned`. It needs a place or an online link (422 `place_required`)
/// and must end after it starts (422 `ends_before_start`). Faculty coordinators create events
/// of their own units only.
#[utoipa::path(
    operation_id = "create_event",
    tag = "events",
    request_body = EventInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    responses((status = 201, description = "Created", body = EventResponse,
        headers(("Location" = String, description = "URL of the new event"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "events:write"])),
)]
#[post("/events")]
pub async fn create_event(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<EventInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEvents)?;
    let data = EventData::try_from(body.0)?;
    principal.require_event_write(data.unit_id)?;
    db::write(
        &state.pool,
        move |conn| {
            check_unit(conn, data.unit_id)?;
            Ok(events::insert(conn, &data, Utc::now())?)
        },
        move |event| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/events/{}", event.id)));
            let version = event.version;
            tagged(response, version, EventResponse::from(event))
        },
    )
    .await
}

/// Get an event
///
/// 404 for a participant when the event is still `planned`.
#[utoipa::path(
    operation_id = "get_event",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The event", body = EventResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "events:read"])),
)]
#[get("/events/{id}")]
pub async fn get_event(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadEvents)?;
    let id = EventId::from_uuid(id.into_inner());
    let event = db::read(&state.pool, move |conn| find_visible(conn, &principal, id)).await?;
    let version = event.version;
    Ok(tagged(HttpResponse::Ok(), version, EventResponse::from(event)))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of an event: the writable fields of `EventInput`, each optional.
    EventPatch = EventInput, read_only = READ_ONLY
);

/// Change an event
///
/// A JSON Merge Patch (RFC 7396) over the fields of EventInput. With `If-Match`, only that
/// version is changed (else 412). The status changes through `POST …/status`; an archived event
/// cannot be changed (409 `event_archived`). A capacity below the seats
/// already taken is refused (409 `capacity_below_registered`); more seats move the waiting list
/// up..
#[utoipa::path(
    operation_id = "update_event",
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = EventPatch, content_type = "application/merge-patch+json",
        description = "The fields of an event to change", example = json!({"capacity": 120})),
    responses((status = 200, description = "The changed event", body = EventResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "events:write"])),
)]
#[patch("/events/{id}")]
pub async fn update_event(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEvents)?;
    let id = EventId::from_uuid(id.into_inner());
    let event = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| patch_event(conn, &principal, &precondition, id, patch.0))
    })
    .await?;
    let version = event.version;
    Ok(tagged(HttpResponse::Ok(), version, EventResponse::from(event)))
}

/// Applies a merge patch to an event inside the write transaction.
fn patch_event(
    conn: &mut DbConnection,
    writer: &Principal,
    precondition: &IfMatch,
    id: EventId,
    patch: serde_json::Value,
) -> ApiResult<Event> {
    let current = find_visible(conn, writer, id)?;
    writer.require_event_write(current.data.unit_id)?;
    precondition.check(current.version)?;
    if current.status == EventStatus::Archived {
        return Err(ApiError::Conflict {
            code: "event_archived",
            detail: "the event is archived; it cannot be changed".to_owned(),
            errors: vec![],
        });
    }
    let input: EventInput = merge_patch::apply_to(&EventResponse::from(current.clone()), patch, READ_ONLY)?;
    let data = EventData::try_from(input)?;
    writer.require_event_write(data.unit_id)?;
    check_unit(conn, data.unit_id)?;
    registrations::lock_event(conn, id)?;
    let taken = registrations::count(conn, id, RegistrationStatus::Registered)?;
    if let Some(seats) = data.capacity
        && seats < taken
    {
        return Err(ApiError::Conflict {
            code: "capacity_below_registered",
            detail: format!("{taken} people hold a seat; the capacity cannot go below that"),
            errors: vec![FieldError::new("capacity", "capacity_below_registered", "fewer seats than registered")],
        });
    }
    let now = Utc::now();
    let event = events::update(conn, id, current.version, &data, now)?;
    // More seats (or none limited any more): the waiting list moves up.
    registrations::fill_seats(conn, id, data.capacity, now)?;
    Ok(event)
}
