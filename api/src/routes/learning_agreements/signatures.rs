//! `/api/v1/mobilities/{id}/learning-agreement/signatures`, `…/comments`, `…/decline`: signing
//! the current version in order (participant, sending, receiving), commenting on it, and
//! declining it (which removes its signatures). Each names the `proposal_id` it read: a stale
//! one is 409 `stale_proposal`.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use iro_domain::MobilityId;
use iro_domain::learning_agreement::{
    Evidence, LaSignature, LearningAgreementError, Side, check_proposal, check_signature, fully_signed,
};
use iro_persistence::DbConnection;
use iro_persistence::repositories::learning_agreements::{self, writes};
use uuid::Uuid;

use super::agreement::answer;
use super::body::{CommentInput, SignatureInput};
use super::reader::{Signing, readable, require_party, signing};
use super::response::LearningAgreementResponse;
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::etag::tagged;
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::routes::shared::actor::actor;
use crate::state::AppState;

/// The evidence a recorded signature needs, or 422 naming what is missing; a signature in
/// person carries none.
fn evidence(input: &SignatureInput, how: Signing) -> ApiResult<Option<Evidence>> {
    match (how, &input.evidence_reference, input.evidence_date) {
        (Signing::InPerson, None, None) => Ok(None),
        (Signing::InPerson, _, _) => Err(ApiError::Validation(vec![FieldError::new(
            "evidence_reference",
            "not_allowed",
            "a signature given here needs no evidence; evidence records a signature given elsewhere",
        )])),
        (Signing::Recorded, Some(reference), Some(signed_on)) => {
            Ok(Some(Evidence { reference: reference.clone(), signed_on }))
        }
        (Signing::Recorded, reference, date) => {
            let mut errors = Vec::new();
            if reference.is_none() {
                errors.push(FieldError::new(
                    "evidence_reference",
                    "evidence_required",
                    "a signature given elsewhere is recorded with a reference to the signed document",
                ));
            }
            if date.is_none() {
                errors.push(FieldError::new("evidence_date", "evidence_required", "the day the signature was given"));
            }
            Err(ApiError::Validation(errors))
        }
    }
}

/// Sign the current version
///
/// Signs (or records the signature of) one side of the current version, in order: the
/// participant, then the sending institution, then the receiving one (409
/// `signature_out_of_order`, `already_signed`). The participant signs their own side; the
/// office and the coordinator of the mobility's unit of ours sign our side (sending for
/// outgoing, receiving for incoming) and record the partner's, given elsewhere, with its
/// evidence (`evidence_reference`, `evidence_date`; 422 `evidence_required`). The office may
/// record a participant's signature given on paper, with evidence too. 409 `stale_proposal`
/// when `proposal_id` is not the current version's. Once all three signed, the version is the
/// approved one.
#[utoipa::path(
    operation_id = "sign_learning_agreement",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = SignatureInput,
    responses((status = 200, description = "The agreement with the signature", body = LearningAgreementResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "learning_agreements:write"])),
)]
#[post("/mobilities/{id}/learning-agreement/signatures")]
pub async fn sign_learning_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<SignatureInput>,
) -> ApiResult<HttpResponse> {
    let id = MobilityId::from_uuid(id.into_inner());
    let input = body.0;
    validation::validate(&input)?;
    db::write(
        &state.pool,
        move |conn| sign(conn, &principal, id, input),
        move |(version, body)| tagged(HttpResponse::Ok(), version, body),
    )
    .await
}

/// Records `input`'s signature on the current version of the mobility `id`'s agreement, in
/// the signing order: the agreement after it and its new version number.
fn sign(
    conn: &mut DbConnection,
    principal: &Principal,
    id: MobilityId,
    input: SignatureInput,
) -> ApiResult<(u32, LearningAgreementResponse)> {
    let mobility = readable(conn, principal, id)?;
    let side = Side::from(input.side);
    let how = signing(principal, &mobility, side)?;
    let evidence = evidence(&input, how)?;
    writes::lock(conn, id)?;
    let agreement = learning_agreements::find_by_mobility(conn, id)?;
    let current = learning_agreements::latest(conn, &agreement)?;
    check_signature(&current.proposal_id, &input.proposal_id, &current.signatures, side)?;
    let now = Utc::now();
    let signature =
        LaSignature { side, name: input.name, position: input.position, email: input.email, signed_at: now, evidence };
    let agreement = writes::sign(conn, &agreement, &current, &signature, &actor(principal), now)?;
    Ok((agreement.version, answer(conn, &agreement, &mobility)?))
}

/// Shared by comments and declines.
async fn comment_on(
    state: web::Data<AppState>,
    principal: Principal,
    id: MobilityId,
    input: CommentInput,
    decline: bool,
) -> ApiResult<HttpResponse> {
    validation::validate(&input)?;
    db::write(
        &state.pool,
        move |conn| {
            let mobility = readable(conn, &principal, id)?;
            require_party(&principal, &mobility)?;
            writes::lock(conn, id)?;
            let agreement = learning_agreements::find_by_mobility(conn, id)?;
            let current = learning_agreements::latest(conn, &agreement)?;
            check_proposal(&current.proposal_id, &input.proposal_id)?;
            // An approved version stays approved: change it with a proposal.
            if decline && fully_signed(&current.signatures) {
                return Err(LearningAgreementError::VersionSigned { number: current.number }.into());
            }
            let agreement =
                writes::comment(conn, &agreement, &current, &input.comment, decline, &actor(&principal), Utc::now())?;
            Ok((agreement.version, answer(conn, &agreement, &mobility)?))
        },
        move |(version, body)| tagged(HttpResponse::Ok(), version, body),
    )
    .await
}

/// Comment on the current version
///
/// Leaves a comment on the current version (kept in its history) without changing it. 409
/// `stale_proposal` when `proposal_id` is not the current version's. The parties comment: the
/// participant, the office, the coordinator of the mobility's unit of ours.
#[utoipa::path(
    operation_id = "comment_learning_agreement",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = CommentInput,
    responses((status = 200, description = "The agreement with the comment", body = LearningAgreementResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "learning_agreements:write"])),
)]
#[post("/mobilities/{id}/learning-agreement/comments")]
pub async fn comment_learning_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<CommentInput>,
) -> ApiResult<HttpResponse> {
    comment_on(state, principal, MobilityId::from_uuid(id.into_inner()), body.0, false).await
}

/// Decline the current version
///
/// Removes every signature of the current version and records the comment saying why; the
/// version can then be changed (the first) or proposed again (a change). A version signed by
/// all three is approved and is changed by a proposal instead (409 `version_signed`). 409 `stale_proposal`
/// when `proposal_id` is not the current version's.
#[utoipa::path(
    operation_id = "decline_learning_agreement",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = CommentInput,
    responses((status = 200, description = "The agreement, its current version unsigned", body = LearningAgreementResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "learning_agreements:write"])),
)]
#[post("/mobilities/{id}/learning-agreement/decline")]
pub async fn decline_learning_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<CommentInput>,
) -> ApiResult<HttpResponse> {
    comment_on(state, principal, MobilityId::from_uuid(id.into_inner()), body.0, true).await
}
