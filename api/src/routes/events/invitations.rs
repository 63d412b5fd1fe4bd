//! `/api/v1/events/{id}/invitations`: invitations drawn from mobilities, generated on request
//! and again when new people qualify (never twice for one person), and their list.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::event::audience::{AudienceRequest, audience_for};
use iro_domain::{AcademicYear, CountryCode, EventId, Role, UnitId};
use iro_persistence::repositories::events::{invitations, registrations};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::event::find_visible;
use crate::auth::{Access, Principal, Subject};
use crate::db;
use crate::error::ApiResult;
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::state::AppState;

/// Whom to invite. An info meeting needs `academic_year` (and may narrow by `unit_id` and
/// `partner_country`); a dissemination debate and a welcome day need the period `from`–`to`.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"academic_year": "2026/2027", "partner_country": "RU"}))]
pub struct InvitationRequestInput {
    /// Info meetings: the academic year of the nominated outgoing mobilities (`2026/2027`).
    #[serde(default)]
    #[schema(example = "2026/2027")]
    pub academic_year: Option<String>,
    /// Info meetings: only mobilities this unit sends.
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// Info meetings: only mobilities to an institution in this country (ISO 3166-1 alpha-2).
    #[serde(default)]
    #[schema(example = "RU")]
    pub partner_country: Option<String>,
    /// Debates: the first day a mobility may have ended; welcome days: the first arrival day.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Debates: the last day a mobility may have ended; welcome days: the last arrival day.
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

/// What a generation did.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"added": 3, "invited": 12}))]
pub struct InvitationsGenerated {
    /// Newly invited now.
    pub added: u32,
    /// Invited in all.
    pub invited: u32,
}

/// One invitation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitationResponse {
    /// The invited person.
    pub person_id: Uuid,
    /// When they were invited.
    pub invited_at: DateTime<Utc>,
}

/// The invitations of an event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitationList {
    /// By person (a participant sees only their own).
    pub items: Vec<InvitationResponse>,
}

/// Generate invitations from mobilities
///
/// An info meeting invites the outgoing participants nominated (or accepted) for an academic
/// year, optionally of one unit and to one partner country; a dissemination debate everyone
/// whose mobility was completed or recognized with its end (actual, else planned) in the
/// period; a welcome day the incoming participants (nominated, accepted or here) arriving in
/// the period. Generating again adds only people who newly qualify. Conferences and guest
/// receptions have no such rule (422 `no_audience_rule`).
#[utoipa::path(
    operation_id = "generate_event_invitations",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = InvitationRequestInput,
    responses((status = 200, description = "How many were added", body = InvitationsGenerated)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "events:write"])),
)]
#[post("/events/{id}/invitations:generate")]
pub async fn generate_event_invitations(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<InvitationRequestInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteEvents)?;
    let input = body.0;
    let mut errors = validation::errors_of(&input);
    let academic_year = errors.check_opt("academic_year", input.academic_year.as_deref(), AcademicYear::parse);
    let partner_country = errors.check_opt("partner_country", input.partner_country.as_deref(), CountryCode::parse);
    errors.finish()?;
    let request = AudienceRequest {
        academic_year,
        unit: input.unit_id.map(UnitId::from_uuid),
        partner_country,
        from: input.from,
        to: input.to,
    };
    let id = EventId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| {
            registrations::lock_event(conn, id)?;
            let event = find_visible(conn, &principal, id)?;
            principal.require_event_write(event.data.unit_id)?;
            let audience = audience_for(event.data.kind, &request)??;
            let people = invitations::candidates(conn, &audience)?;
            let added = invitations::add_missing(conn, id, &people, Utc::now())?;
            let invited = u32::try_from(invitations::list(conn, id)?.len()).unwrap_or(u32::MAX);
            Ok(InvitationsGenerated { added, invited })
        },
        |generated| HttpResponse::Ok().json(generated),
    )
    .await
}

/// List an event's invitations
///
/// Staff and reporting see all of them; a participant only their own.
#[utoipa::path(
    operation_id = "list_event_invitations",
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, description = "The invitations", body = InvitationList)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "events:read"])),
)]
#[get("/events/{id}/invitations")]
pub async fn list_event_invitations(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InvitationList>> {
    principal.require(Access::ReadEvents)?;
    let id = EventId::from_uuid(id.into_inner());
    let list = db::run(&state.pool, move |conn| {
        find_visible(conn, &principal, id)?;
        let mut items = invitations::list(conn, id)?;
        if let (Role::Participant, Subject::User(user)) = (principal.role, principal.subject) {
            let mine = registrations::people_of_account(conn, user)?;
            items.retain(|(person, _)| mine.contains(person));
        }
        Ok(InvitationList {
            items: items
                .into_iter()
                .map(|(person, at)| InvitationResponse { person_id: person.as_uuid(), invited_at: at })
                .collect(),
        })
    })
    .await?;
    Ok(web::Json(list))
}
