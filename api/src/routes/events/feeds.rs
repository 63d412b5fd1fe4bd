//! Personal calendar feeds: `POST`/`DELETE /api/v1/people/{id}/calendar-feed` create (or
//! rotate) and revoke a person's secret link; `GET /api/v1/calendar-feeds/{token}.ics` serves,
//! without any other credential, an iCalendar file of the events the person registered for.
//! Only the secret's digest is stored.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::Utc;
use iro_domain::PersonId;
use iro_domain::event::calendar::calendar;
use iro_persistence::repositories::events::feeds;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::calendar::TEXT_CALENDAR;
use crate::auth::password::{random_secret, secret_digest};
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::routes::mobilities::people::find_visible;
use crate::state::AppState;

/// A new feed link, shown once.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"token": "q2bqMf0y…", "url": "/api/v1/calendar-feeds/q2bqMf0y….ics"}))]
pub struct CalendarFeedResponse {
    /// The secret; only its digest is stored, so it is shown only now.
    pub token: String,
    /// The feed's path (relative to the server): subscribe to it from any calendar.
    pub url: String,
}

/// Create or rotate a person's calendar feed
///
/// A new secret link to an iCalendar feed of the events the person registered for (seat or
/// waiting list). Any earlier link of the person stops working. For the person themself (a
/// participant) and staff who may see the person (officers, admins; coordinators for the people
/// of their units).
#[utoipa::path(
    operation_id = "create_calendar_feed",
    tag = "events",
    params(("id" = Uuid, Path, description = "Person id")),
    responses((status = 201, description = "The new feed link", body = CalendarFeedResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant"])),
)]
#[post("/people/{id}/calendar-feed")]
pub async fn create_calendar_feed(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ManageCalendarFeeds)?;
    let person = PersonId::from_uuid(id.into_inner());
    let token = random_secret();
    let hash = secret_digest(&token);
    db::run(&state.pool, move |conn| {
        iro_persistence::write_transaction(conn, |conn| {
            find_visible(conn, &principal, person)?;
            Ok(feeds::replace(conn, person, &hash, Utc::now())?)
        })
    })
    .await?;
    let url = format!("/api/v1/calendar-feeds/{token}.ics");
    Ok(HttpResponse::Created().json(CalendarFeedResponse { token, url }))
}

/// Revoke a person's calendar feed
///
/// The link stops working (404 when the person has none).
#[utoipa::path(
    operation_id = "revoke_calendar_feed",
    tag = "events",
    params(("id" = Uuid, Path, description = "Person id")),
    responses((status = 204, description = "Revoked")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant"])),
)]
#[delete("/people/{id}/calendar-feed")]
pub async fn revoke_calendar_feed(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ManageCalendarFeeds)?;
    let person = PersonId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        iro_persistence::write_transaction(conn, |conn| {
            find_visible(conn, &principal, person)?;
            Ok(feeds::revoke(conn, person)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A person's calendar feed
///
/// Public: the secret in the path is the credential (404 for an unknown or revoked one). The
/// events the person holds a seat for or waits for, once announced; cancelled ones stay, with
/// `STATUS:CANCELLED`.
#[utoipa::path(
    operation_id = "get_calendar_feed",
    tag = "events",
    params(("token" = String, Path, description = "The feed's secret")),
    responses((status = 200, description = "The feed as an iCalendar file", body = String, content_type = "text/calendar")),
    security(()),
)]
#[get("/calendar-feeds/{token}.ics")]
pub async fn get_calendar_feed(state: web::Data<AppState>, token: web::Path<String>) -> ApiResult<HttpResponse> {
    let hash = secret_digest(&token.into_inner());
    let events = db::run(&state.pool, move |conn| Ok(feeds::events_of(conn, &hash)?)).await?;
    let file = calendar("iro events", &events, Utc::now());
    Ok(HttpResponse::Ok().content_type(TEXT_CALENDAR).body(file))
}
