//! `/api/v1/inquiries/{id}/handover` and `…/assignment`: the team an inquiry is routed to
//! hands it to the other team (recorded: who, when, from, to, why) or assigns it to one of
//! its members.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use iro_domain::inquiry::{Handover, Inquiry};
use iro_domain::{InquiryId, UserId};
use iro_persistence::DbConnection;
use iro_persistence::repositories::inquiries::changes;
use iro_persistence::repositories::users;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::inquiry::InquiryResponse;
use super::reader::Reader;
use super::vocabulary::TeamName;
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::validation::{self, rules, trim};
use crate::state::AppState;

/// A hand-over to the other team.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "student_organization", "reason": "A question about the buddy programme"}))]
pub struct HandoverInput {
    /// The team to hand it to (the other one).
    pub to: TeamName,
    /// Why (1–2,000 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 2000)]
    #[validate(
        length(max = 2000),
        custom(function = "rules::required", message = "say why the inquiry is handed over"),
        custom(function = "rules::multiline")
    )]
    pub reason: String,
}

/// An assignment to a member of the answering team.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"assignee_id": "01938a6e-c000-7d2a-9f3b-2c4d5e6f7a8b"}))]
pub struct AssignmentInput {
    /// The member's account (of the team the inquiry is routed to), or `null` for nobody.
    pub assignee_id: Option<Uuid>,
}

/// The current team's reader and the inquiry, or 404 (another team) / 403 (the asker).
fn find_as_team(conn: &mut DbConnection, principal: &Principal, id: InquiryId) -> ApiResult<(Reader, Inquiry)> {
    let reader = Reader::signed_in(principal)?;
    let inquiry = reader.find(conn, id)?;
    if !reader.answers(&inquiry) {
        return Err(ApiError::Forbidden("only the team the inquiry is routed to may do this".to_owned()));
    }
    Ok((reader, inquiry))
}

/// Hand an inquiry over to the other team
///
/// The office hands a student-life question to the Student Organization, or the Student
/// Organization hands one back; the hand-over is recorded and the assignment cleared. The
/// first answer stays due when it was.
#[utoipa::path(
    operation_id = "hand_over_inquiry",
    tag = "inquiries",
    params(("id" = Uuid, Path, description = "Inquiry id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = HandoverInput,
    responses((status = 200, description = "The inquiry, now with the other team", body = InquiryResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "student_organization"])),
)]
#[post("/inquiries/{id}/handover")]
pub async fn hand_over_inquiry(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    body: JsonBody<HandoverInput>,
) -> ApiResult<HttpResponse> {
    validation::validate(&body.0)?;
    let id = InquiryId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| {
            let (reader, current) = find_as_team(conn, &principal, id)?;
            precondition.check(current.version)?;
            let to = body.0.to.into();
            if to == current.team {
                return Err(ApiError::Validation(vec![FieldError::new(
                    "to",
                    "same_team",
                    format!("the inquiry is already with {}", current.team),
                )]));
            }
            let by = reader.user().ok_or_else(|| ApiError::Forbidden("hand-overs need a user account".into()))?;
            let handover = Handover { from: current.team, to, reason: body.0.reason, by, at: Utc::now() };
            Ok(changes::hand_over(conn, &current, &handover)?)
        },
        move |inquiry| {
            let version = inquiry.version;
            tagged(HttpResponse::Ok(), version, InquiryResponse::from(inquiry))
        },
    )
    .await
}

/// Assign an inquiry
///
/// To an active member of the team it is routed to (admins and officers for the office,
/// Student Organization accounts for it), or to nobody (`null`).
#[utoipa::path(
    operation_id = "assign_inquiry",
    tag = "inquiries",
    params(("id" = Uuid, Path, description = "Inquiry id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = AssignmentInput,
    responses((status = 200, description = "The assigned inquiry", body = InquiryResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "student_organization"])),
)]
#[post("/inquiries/{id}/assignment")]
pub async fn assign_inquiry(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    body: JsonBody<AssignmentInput>,
) -> ApiResult<HttpResponse> {
    let id = InquiryId::from_uuid(id.into_inner());
    let assignee = body.0.assignee_id.map(UserId::from_uuid);
    db::write(
        &state.pool,
        move |conn| {
            let (_, current) = find_as_team(conn, &principal, id)?;
            precondition.check(current.version)?;
            if let Some(assignee) = assignee {
                check_member(conn, assignee, &current)?;
            }
            Ok(changes::assign(conn, &current, assignee, Utc::now())?)
        },
        move |inquiry| {
            let version = inquiry.version;
            tagged(HttpResponse::Ok(), version, InquiryResponse::from(inquiry))
        },
    )
    .await
}

/// 422 on `assignee_id` unless it is an active account of the inquiry's team.
fn check_member(conn: &mut DbConnection, assignee: UserId, inquiry: &Inquiry) -> ApiResult<()> {
    let refused = |message: String| ApiError::Validation(vec![FieldError::new("assignee_id", "not_a_member", message)]);
    let user = match users::find(conn, assignee) {
        Ok(user) => user,
        Err(iro_persistence::RepoError::NotFound) => return Err(refused("no such user".to_owned())),
        Err(other) => return Err(other.into()),
    };
    let team = crate::auth::policy::team_of_role(user.role);
    if user.active && team == Some(inquiry.team) {
        Ok(())
    } else {
        Err(refused(format!("{} is not an active member of the {} team", user.username, inquiry.team)))
    }
}
