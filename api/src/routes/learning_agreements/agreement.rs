//! `/api/v1/mobilities/{id}/learning-agreement`: read a mobility's agreement with its current
//! version, create it (the first version), and change the first version while nobody signed
//! it (`If-Match`).

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::Utc;
use iro_domain::MobilityId;
use iro_domain::learning_agreement::{AgreementContent, Component};
use iro_domain::mobility::Mobility;
use iro_persistence::DbConnection;
use iro_persistence::models::learning_agreement::StoredAgreement;
use iro_persistence::repositories::learning_agreements::{self, writes};
use uuid::Uuid;

use super::body::LearningAgreementInput;
use super::reader::{readable, require_prepare};
use super::response::{LearningAgreementResponse, VersionResponse};
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::routes::shared::actor::actor;
use crate::state::AppState;

/// The agreement with its latest version, as answered.
pub fn answer(
    conn: &mut DbConnection,
    agreement: &StoredAgreement,
    mobility: &Mobility,
) -> ApiResult<LearningAgreementResponse> {
    let current = learning_agreements::latest(conn, agreement)?;
    Ok(LearningAgreementResponse {
        agreement: agreement.into(),
        direction: mobility.data.direction.into(),
        activity_type: mobility.data.activity_type.into(),
        current: VersionResponse::of(&current, mobility),
    })
}

/// The location of a mobility's agreement.
pub fn location(mobility: MobilityId) -> String {
    format!("/api/v1/mobilities/{mobility}/learning-agreement")
}

/// Checks content against the mobility's activity and the catalogue: 422 with the rule's code,
/// or `course_not_found` under each component naming a course that does not exist.
pub fn check_content(conn: &mut DbConnection, content: &AgreementContent, mobility: &Mobility) -> ApiResult<()> {
    content.check(mobility.data.activity_type)?;
    check_courses(conn, &content.components, "components")
}

/// 422 `course_not_found` for each component referencing a course the catalogue lacks.
pub fn check_courses(conn: &mut DbConnection, components: &[Component], field: &str) -> ApiResult<()> {
    let courses: Vec<_> = components.iter().filter_map(|c| c.course_id).collect();
    if courses.is_empty() {
        return Ok(());
    }
    let missing = learning_agreements::missing_courses(conn, &courses)?;
    let errors: Vec<FieldError> = components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.course_id.is_some_and(|id| missing.contains(&id)))
        .map(|(i, _)| {
            FieldError::new(format!("{field}[{i}].course_id"), "course_not_found", "no such catalogue course")
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Get a mobility's learning agreement
///
/// The agreement with its current (latest) version: header, components, traineeship or staff
/// terms, signatures in order, comments, the ECTS credits per table and warnings (tables A and
/// B differ; a semester of studies outside 20–40 ECTS). Whoever sees the mobility reads it:
/// the office, the coordinator of its unit of ours, its participant. 404 when the mobility
/// has no agreement (or the caller does not see it).
#[utoipa::path(
    operation_id = "get_learning_agreement",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id")),
    responses((status = 200, description = "The agreement", body = LearningAgreementResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "learning_agreements:read"])),
)]
#[get("/mobilities/{id}/learning-agreement")]
pub async fn get_learning_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = MobilityId::from_uuid(id.into_inner());
    let (version, body) = db::run(&state.pool, move |conn| {
        let mobility = readable(conn, &principal, id)?;
        let agreement = learning_agreements::find_by_mobility(conn, id)?;
        Ok((agreement.version, answer(conn, &agreement, &mobility)?))
    })
    .await?;
    Ok(tagged(HttpResponse::Ok(), version, body))
}

/// Create a mobility's learning agreement
///
/// The first version. `kind` follows the mobility's activity (`studies`, `traineeship`,
/// `staff`; 422 `agreement_kind_mismatch` otherwise); a component may reference a catalogue
/// course (422 `course_not_found` when it does not exist); a virtual component needs a
/// `short_description` (422 `short_description_required`); table A carries no recognition
/// conditions (422 `recognition_conditions_not_allowed`). One agreement per mobility: 409
/// `learning_agreement_exists`. Prepared by the office or the coordinator of the mobility's
/// unit of ours.
#[utoipa::path(
    operation_id = "create_learning_agreement",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = LearningAgreementInput,
    responses((status = 201, description = "Created", body = LearningAgreementResponse,
        headers(("Location" = String, description = "URL of the agreement"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "learning_agreements:write"])),
)]
#[post("/mobilities/{id}/learning-agreement")]
pub async fn create_learning_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<LearningAgreementInput>,
) -> ApiResult<HttpResponse> {
    let id = MobilityId::from_uuid(id.into_inner());
    let input = body.0;
    validation::validate(&input)?;
    let content = input.into_content(&[])?;
    db::write(
        &state.pool,
        move |conn| {
            let mobility = readable(conn, &principal, id)?;
            require_prepare(&principal, &mobility)?;
            check_content(conn, &content, &mobility)?;
            let agreement = writes::insert(conn, id, &content, &actor(&principal), Utc::now())?;
            Ok((agreement.version, answer(conn, &agreement, &mobility)?))
        },
        move |(version, body)| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, location(id)));
            tagged(response, version, body)
        },
    )
    .await
}

/// Change the unsigned first version
///
/// Replaces the first version's content while nobody has signed it (its `proposal_id` changes
/// with it; unchanged components keep their ids). Once anyone signed, the version is immutable:
/// 409 `version_signed` (propose a change instead, or decline it first); when the current
/// version is a change proposal, 409 `change_proposal_pending` (propose again). `If-Match` with the agreement's `ETag`
/// guards against overwriting a change made since it was read (412).
#[utoipa::path(
    operation_id = "replace_learning_agreement",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("If-Match" = Option<String>, Header, description = "The ETag read; 412 when the agreement changed since")),
    request_body = LearningAgreementInput,
    responses((status = 200, description = "The agreement with the changed version", body = LearningAgreementResponse,
        headers(("ETag" = String, description = "New version tag"))),
        (status = 409, description = "The version is signed (`version_signed`) or a change proposal (`change_proposal_pending`)",
            body = crate::error::Problem, content_type = "application/problem+json")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "learning_agreements:write"])),
)]
#[put("/mobilities/{id}/learning-agreement")]
pub async fn replace_learning_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    precondition: IfMatch,
    body: JsonBody<LearningAgreementInput>,
) -> ApiResult<HttpResponse> {
    let id = MobilityId::from_uuid(id.into_inner());
    let input = body.0;
    validation::validate(&input)?;
    db::write(
        &state.pool,
        move |conn| {
            let mobility = readable(conn, &principal, id)?;
            require_prepare(&principal, &mobility)?;
            writes::lock(conn, id)?;
            let agreement = learning_agreements::find_by_mobility(conn, id)?;
            precondition.check(agreement.version)?;
            let previous = learning_agreements::latest(conn, &agreement)?;
            let content = input.into_content(&previous.content.components)?;
            check_content(conn, &content, &mobility)?;
            let agreement = writes::replace_unsigned(conn, &agreement, &content, Utc::now())?;
            Ok((agreement.version, answer(conn, &agreement, &mobility)?))
        },
        move |(version, body)| tagged(HttpResponse::Ok(), version, body),
    )
    .await
}
