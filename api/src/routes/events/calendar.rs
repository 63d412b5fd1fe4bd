//! `GET /api/v1/events/{id}/calendar`: an event as an iCalendar (RFC 5545) file, so it can be
//! added to the calendars people already use; cancelled events carry `STATUS:CANCELLED`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use iro_domain::EventId;
use iro_domain::event::calendar::calendar;
use uuid::Uuid;

use super::event::find_visible;
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;

/// The media type of iCalendar files (RFC 5545 §8.1).
pub const TEXT_CALENDAR: &str = "text/calendar; charset=utf-8";

/// Get an event as an iCalendar file
///
/// One `VEVENT` (UID stable across changes, SEQUENCE growing with each change, start and end
/// in UTC, `STATUS:CANCELLED` once cancelled). Whoever may read the event may download it.
#[utoipa::path(
    operation_id = "get_event_calendar",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The event as an iCalendar file", body = String, content_type = "text/calendar",
        example = json!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nBEGIN:VEVENT\r\nUID:01938a70-0000-7d2a-9f3b-2c4d5e6f7a8b@iro\r\n…\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "events:read"])),
)]
#[get("/events/{id}/calendar")]
pub async fn get_event_calendar(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadEvents)?;
    let id = EventId::from_uuid(id.into_inner());
    let event = db::read(&state.pool, move |conn| find_visible(conn, &principal, id)).await?;
    let name = event.data.title_en.clone();
    let file = calendar(&name, &[event], Utc::now());
    Ok(HttpResponse::Ok()
        .content_type(TEXT_CALENDAR)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"event-{id}.ics\"")))
        .body(file))
}
