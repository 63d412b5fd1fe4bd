//! `/api/v1/mobilities/{id}/learning-agreement/changes`: a change proposal of the approved
//! version (components deleted and inserted, with reasons), which becomes the current version
//! to sign.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use iro_domain::MobilityId;
use iro_domain::learning_agreement::{ComponentChange, LearningAgreementError, apply_changes};
use iro_persistence::DbConnection;
use iro_persistence::repositories::learning_agreements::{self, writes};
use uuid::Uuid;

use super::agreement::{answer, check_courses, location};
use super::body::ChangeProposalInput;
use super::reader::{readable, require_prepare};
use super::response::LearningAgreementResponse;
use crate::auth::Principal;
use crate::db;
use crate::error::ApiResult;
use crate::http::etag::tagged;
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::routes::shared::actor::actor;
use crate::state::AppState;

/// Propose a change
///
/// Deletes components of the approved version (the latest signed by all three) and inserts
/// new ones, each with a reason: delete `not_available`, `language_mismatch`,
/// `timetable_conflict`; insert `substituting_deleted`, `extending_mobility`,
/// `adding_virtual_component` (other codes are kept as sent, `reason_known: false`). The
/// proposal becomes the current version, with a new `proposal_id`, and is signed like the
/// first. An earlier proposal nobody signed is superseded; one that someone signed must be
/// declined first (409 `version_signed`); without an approved version 409 `nothing_approved`;
/// 422 `empty_change_proposal`, `unknown_component`, `course_not_found`.
#[utoipa::path(
    operation_id = "propose_learning_agreement_change",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = ChangeProposalInput,
    responses((status = 201, description = "The agreement with the proposal as its current version", body = LearningAgreementResponse,
        headers(("Location" = String, description = "URL of the agreement"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "learning_agreements:write"])),
)]
#[post("/mobilities/{id}/learning-agreement/changes")]
pub async fn propose_learning_agreement_change(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<ChangeProposalInput>,
) -> ApiResult<HttpResponse> {
    let id = MobilityId::from_uuid(id.into_inner());
    let input = body.0;
    validation::validate(&input)?;
    let changes = input.into_changes()?;
    db::write(
        &state.pool,
        move |conn| propose(conn, &principal, id, &changes),
        move |(version, body)| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, location(id)));
            tagged(response, version, body)
        },
    )
    .await
}

/// Proposes `changes` to the last version all three signed, for the mobility `id`: the new
/// version and the agreement's new version number.
fn propose(
    conn: &mut DbConnection,
    principal: &Principal,
    id: MobilityId,
    changes: &[ComponentChange],
) -> ApiResult<(u32, LearningAgreementResponse)> {
    let mobility = readable(conn, principal, id)?;
    require_prepare(principal, &mobility)?;
    writes::lock(conn, id)?;
    let agreement = learning_agreements::find_by_mobility(conn, id)?;
    let approved = agreement.approved_number.ok_or(LearningAgreementError::NothingApproved)?;
    let base = learning_agreements::versions(conn, agreement.id, Some(approved))?
        .pop()
        .ok_or(LearningAgreementError::NothingApproved)?;
    let content = apply_changes(&base.content, changes)?;
    let inserted: Vec<_> = changes
        .iter()
        .filter_map(|c| match c {
            ComponentChange::Inserted { component, .. } => Some(component.clone()),
            ComponentChange::Deleted { .. } => None,
        })
        .collect();
    check_courses(conn, &inserted, "inserted")?;
    let agreement = writes::propose(conn, &agreement, &content, changes, &actor(principal), Utc::now())?;
    Ok((agreement.version, answer(conn, &agreement, &mobility)?))
}
