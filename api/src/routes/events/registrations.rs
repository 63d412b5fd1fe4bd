//! `/api/v1/events/{id}/registrations`: registering (participants for themselves, staff for
//! anyone, external guests by name), declining (the waiting list moves up), check-in of
//! attendance by staff, and the list of an event's registrations.
//!
//! Seats are counted and given under the event's lock (`registrations::lock_event`), so an
//! event is never over capacity, however many register at once.

pub mod body;

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use iro_domain::event::registration::{check_in, check_open, seat_for};
use iro_domain::event::{Attendee, Event, Registration, RegistrationStatus};
use iro_domain::{EventId, PersonId, RegistrationId, Role};
use iro_persistence::DbConnection;
use iro_persistence::repositories::events::registrations;
use iro_persistence::repositories::people;
use uuid::Uuid;

pub use self::body::{ExternalAttendeeBody, RegistrationInput, RegistrationList, RegistrationResponse};
use super::event::find_visible;
use crate::auth::{Access, Principal, Subject};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::http::json_body::JsonBody;
use crate::state::AppState;

/// The people the caller is (a participant's linked person); empty for other callers.
fn own_people(conn: &mut DbConnection, principal: &Principal) -> ApiResult<Vec<PersonId>> {
    match (principal.role, principal.subject) {
        (Role::Participant, Subject::User(user)) => Ok(registrations::people_of_account(conn, user)?),
        _ => Ok(vec![]),
    }
}

/// Whether the caller acts only for themself (a participant).
fn acts_for_self(principal: &Principal) -> bool {
    principal.role == Role::Participant
}

/// Checks that the caller may change `registration` of `event`: staff who may write the event,
/// or the participant whose registration it is.
fn require_change(
    conn: &mut DbConnection,
    principal: &Principal,
    event: &Event,
    registration: &Registration,
) -> ApiResult<()> {
    if acts_for_self(principal) {
        let mine = matches!(registration.attendee, Attendee::Person(p) if own_people(conn, principal)?.contains(&p));
        if mine { Ok(()) } else { Err(iro_persistence::RepoError::NotFound.into()) }
    } else {
        principal.require_event_write(event.data.unit_id)
    }
}

/// The attendee a caller registers: a participant themself; staff whoever they name.
fn attendee_for(
    conn: &mut DbConnection,
    principal: &Principal,
    event: &Event,
    named: Option<Attendee>,
) -> ApiResult<Attendee> {
    if acts_for_self(principal) {
        let mine = own_people(conn, principal)?;
        return match named {
            None => mine.first().copied().map(Attendee::Person).ok_or_else(|| {
                ApiError::Forbidden("this account is not linked to a person; the office links it".to_owned())
            }),
            Some(Attendee::Person(p)) if mine.contains(&p) => Ok(Attendee::Person(p)),
            Some(_) => Err(ApiError::Forbidden("a participant registers only themself".to_owned())),
        };
    }
    principal.require_event_write(event.data.unit_id)?;
    match named {
        Some(Attendee::Person(p)) => {
            people::find(conn, p).map_err(|e| match e {
                iro_persistence::RepoError::NotFound => ApiError::Validation(vec![crate::error::FieldError::new(
                    "person_id",
                    "unknown",
                    "no person has this id",
                )]),
                other => other.into(),
            })?;
            Ok(Attendee::Person(p))
        }
        Some(external) => Ok(external),
        None => Err(ApiError::Validation(vec![crate::error::FieldError::new(
            "person_id",
            "required",
            "name the person (person_id) or the guest (external)",
        )])),
    }
}

/// Register for an event
///
/// Participants register themselves (leave `person_id` out, or name their own person); staff
/// who may write the event register any person, or an external guest by name. A seat is given
/// while the capacity lasts, first come first served; after that the registration joins the
/// waiting list (`waitlisted`). Only a `published` event takes registrations (409
/// `event_not_open`); a person registers once per event (409 `already_registered`; one who
/// declined may register again, at the end of the queue).
#[utoipa::path(
    operation_id = "register_for_event",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = RegistrationInput,
    responses((status = 201, description = "Registered or waitlisted", body = RegistrationResponse,
        headers(("Location" = String, description = "URL of the event's registrations")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "events:write"])),
)]
#[post("/events/{id}/registrations")]
pub async fn register_for_event(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<RegistrationInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::RegisterForEvents)?;
    let named = body.0.attendee()?;
    let id = EventId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| {
            registrations::lock_event(conn, id)?;
            let event = find_visible(conn, &principal, id)?;
            let attendee = attendee_for(conn, &principal, &event, named)?;
            check_open(event.status)?;
            let now = Utc::now();
            let taken = registrations::count(conn, id, RegistrationStatus::Registered)?;
            let status = seat_for(event.data.capacity, taken);
            if let Attendee::Person(person) = attendee
                && let Some(existing) = registrations::of_person(conn, id, person)?
            {
                if existing.status != RegistrationStatus::Declined {
                    return Err(iro_domain::event::RegistrationRefusal::AlreadyRegistered(existing.status).into());
                }
                return Ok(registrations::set_status(conn, &existing, status, true, now)?);
            }
            Ok(registrations::insert(conn, id, &attendee, status, now)?)
        },
        move |registration| {
            let mut response = HttpResponse::Created();
            response
                .insert_header((header::LOCATION, format!("/api/v1/events/{}/registrations", registration.event_id)));
            response.json(RegistrationResponse::from(registration))
        },
    )
    .await
}

/// List an event's registrations
///
/// In queue order, with the counts of seats taken, the waiting list and check-ins. Staff who
/// may write the event, officers, admins and reporting see all of them; a participant sees
/// only their own.
#[utoipa::path(
    operation_id = "list_event_registrations",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The registrations", body = RegistrationList)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "events:read"])),
)]
#[get("/events/{id}/registrations")]
pub async fn list_event_registrations(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RegistrationList>> {
    principal.require(Access::ReadEvents)?;
    let id = EventId::from_uuid(id.into_inner());
    let list = db::run(&state.pool, move |conn| {
        let event = find_visible(conn, &principal, id)?;
        let only = if acts_for_self(&principal) {
            Some(own_people(conn, &principal)?)
        } else {
            if principal.role == Role::FacultyCoordinator {
                principal.require_event_write(event.data.unit_id)?;
            }
            None
        };
        let items = registrations::list(conn, id, only.as_deref())?;
        let count = |status| u32::try_from(items.iter().filter(|r| r.status == status).count()).unwrap_or(u32::MAX);
        let attended = u32::try_from(items.iter().filter(|r| r.attended_at.is_some()).count()).unwrap_or(u32::MAX);
        Ok(RegistrationList {
            registered: count(RegistrationStatus::Registered),
            waitlisted: count(RegistrationStatus::Waitlisted),
            attended,
            items: items.into_iter().map(Into::into).collect(),
        })
    })
    .await?;
    Ok(web::Json(list))
}

/// Decline a registration
///
/// The person (a participant for their own) or staff withdraw it. A seat it held goes to the
/// first of the waiting list. Only while the event is `published` (409 `event_not_open`).
#[utoipa::path(
    operation_id = "decline_event_registration",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"),
        ("registration_id" = Uuid, Path, description = "Registration id")),
    responses((status = 200, description = "The declined registration", body = RegistrationResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "events:write"])),
)]
#[post("/events/{id}/registrations/{registration_id}/decline")]
pub async fn decline_event_registration(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::RegisterForEvents)?;
    let (id, registration) = path.into_inner();
    let id = EventId::from_uuid(id);
    db::write(
        &state.pool,
        move |conn| {
            registrations::lock_event(conn, id)?;
            let event = find_visible(conn, &principal, id)?;
            let current = registrations::find(conn, id, RegistrationId::from_uuid(registration))?;
            require_change(conn, &principal, &event, &current)?;
            check_open(event.status)?;
            let now = Utc::now();
            let declined = registrations::set_status(conn, &current, RegistrationStatus::Declined, false, now)?;
            registrations::fill_seats(conn, id, event.data.capacity, now)?;
            Ok(declined)
        },
        move |registration| HttpResponse::Ok().json(RegistrationResponse::from(registration)),
    )
    .await
}

/// Check an attendee in
///
/// Staff who may write the event record that a registered attendee came (409
/// `not_registered` for the waiting list or a decline; `check_in_closed` unless the event is
/// `published` or `held`). Checking in twice keeps the first time.
#[utoipa::path(
    operation_id = "check_in_event_registration",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"),
        ("registration_id" = Uuid, Path, description = "Registration id")),
    responses((status = 200, description = "The registration with its check-in", body = RegistrationResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "events:write"])),
)]
#[post("/events/{id}/registrations/{registration_id}/check-in")]
pub async fn check_in_event_registration(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEvents)?;
    let (id, registration) = path.into_inner();
    let id = EventId::from_uuid(id);
    db::write(
        &state.pool,
        move |conn| {
            let event = find_visible(conn, &principal, id)?;
            principal.require_event_write(event.data.unit_id)?;
            let current = registrations::find(conn, id, RegistrationId::from_uuid(registration))?;
            check_in(event.status, current.status)?;
            Ok(registrations::check_in(conn, &current, Utc::now())?)
        },
        move |registration| HttpResponse::Ok().json(RegistrationResponse::from(registration)),
    )
    .await
}
