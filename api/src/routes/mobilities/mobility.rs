//! `/api/v1/mobilities`: outgoing and incoming students and staff (issue 4).
//!
//! This module owns the mobility resource (list, create, read, merge-patch, delete) and the
//! vocabulary shared with people; status changes and history are in `status.rs`.
//! Everything stored that holds a place in a quota is checked by [`rules::check_holding_place`]
//! inside the write transaction, after [`rules::confirm`] locked the cooperation condition.

mod body;
pub mod rules;
mod vocabulary;

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::mobility::{Mobility, MobilityData};
use iro_domain::{AcademicYear, AgreementId, ConditionId, CountryCode, InstitutionId, MobilityId, MobilityStatus};
use iro_domain::{PersonId, UnitId};
use iro_persistence::repositories::mobilities::{self, MobilityFilter, MobilityScope, NewMobility};
use iro_persistence::{DbConnection, write_transaction};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::page_request;
use crate::http::representations::cached_list_page;
use crate::routes::shared::actor::actor;
use crate::routes::shared::mobility_access;
use crate::routes::shared::vocabulary::{DirectionName, MobilityProgrammeName, MobilityStatusName, MobilityTypeName};
use crate::state::AppState;

pub use body::{DocumentBody, LanguageSkillBody, MobilityInput, MobilityResponse, amount};
pub use vocabulary::{EwpReceivingStatusName, EwpSendingStatusName, ParticipantKindName, StudentActivityAttributeName};

/// A response carrying the mobility and its `ETag`.
pub fn with_etag(response: actix_web::HttpResponseBuilder, mobility: Mobility) -> HttpResponse {
    tagged(response, mobility.version, MobilityResponse::from(mobility))
}

/// Filters and paging of the mobility list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MobilityQuery {
    /// `outgoing` or `incoming`.
    #[param(inline)]
    pub direction: Option<DirectionName>,
    /// Only mobilities in this status.
    #[param(inline)]
    pub status: Option<MobilityStatusName>,
    /// Only this programme.
    #[param(inline)]
    pub programme: Option<MobilityProgrammeName>,
    /// Only this activity type.
    #[param(inline)]
    pub activity_type: Option<MobilityTypeName>,
    /// Only mobilities with this partner institution (receiving for outgoing, sending for incoming).
    pub partner_institution_id: Option<Uuid>,
    /// Only mobilities with partners in this country (ISO 3166-1 alpha-2).
    #[param(value_type = Option<crate::routes::shared::query_schemas::Country>, inline)]
    pub partner_country: Option<String>,
    /// Only this receiving academic year (`YYYY/YYYY`).
    #[param(value_type = Option<crate::routes::shared::query_schemas::AcademicYear>, inline)]
    pub academic_year: Option<String>,
    /// Only mobilities sent from or hosted by this unit.
    pub unit_id: Option<Uuid>,
    /// Only this person's mobilities.
    pub person_id: Option<Uuid>,
    /// Only mobilities under this agreement.
    pub agreement_id: Option<Uuid>,
    /// Only mobilities under this cooperation condition.
    pub condition_id: Option<Uuid>,
    /// Only mobilities changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(MobilityPage, MobilityResponse, "A page of mobilities.");

/// List mobilities
///
/// Filterable by direction, status, programme, activity type, partner, partner country,
/// academic year, unit, person, agreement, condition and change time, in stable pages.
/// Coordinators see their units' outgoing mobilities and the incoming ones their units host;
/// participants their own.
#[utoipa::path(
    operation_id = "list_mobilities",
    tag = "mobilities",
    params(MobilityQuery),
    responses((status = 200, description = "A page of mobilities", body = MobilityPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "mobilities:read"])),
)]
#[get("/mobilities")]
pub async fn list_mobilities(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<MobilityQuery>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadMobilities)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = filter_of(&query, mobility_access::scope_of(&principal))?;
    let cache = state.representations.clone();
    let body = db::run(&state.pool, move |conn| {
        let page = mobilities::list_versions(conn, &filter, &page)?;
        let load = |ids: &[MobilityId]| Ok(mobilities::find_many(conn, ids)?);
        cached_list_page(&cache, REPRESENTATION, &page, load, |r| (r.id.as_uuid(), r.version), MobilityResponse::from)
    })
    .await?;
    Ok(HttpResponse::Ok().content_type(header::ContentType::json()).body(body))
}

/// The representation cache's name for mobilities.
const REPRESENTATION: &str = "mobility";

/// The list's filter from its query; every malformed parameter named at once (400).
fn filter_of(query: &MobilityQuery, scope: MobilityScope) -> ApiResult<MobilityFilter> {
    let mut errors = FieldErrors::default();
    let country = errors.check_opt("partner_country", query.partner_country.as_deref(), CountryCode::parse);
    let year = errors.check_opt("academic_year", query.academic_year.as_deref(), AcademicYear::parse);
    errors.finish_query()?;
    Ok(MobilityFilter {
        direction: query.direction.map(Into::into),
        status: query.status.map(Into::into),
        programme: query.programme.map(Into::into),
        activity_type: query.activity_type.map(Into::into),
        partner_institution_id: query.partner_institution_id.map(InstitutionId::from_uuid),
        partner_country: country.map(|c| c.to_string()),
        academic_year: year,
        unit_id: query.unit_id.map(UnitId::from_uuid),
        person_id: query.person_id.map(PersonId::from_uuid),
        agreement_id: query.agreement_id.map(AgreementId::from_uuid),
        condition_id: query.condition_id.map(ConditionId::from_uuid),
        modified_since: query.modified_since,
        scope,
    })
}

/// Register a mobility
///
/// One person cannot hold two overlapping non-cancelled mobilities (409 `overlapping_mobility`).
/// An outgoing mobility starts as `applied` (the person's application; no place held yet).
/// An incoming mobility starts as `nominated` (the partner's nomination), so it is checked
/// like a nomination: the Erasmus+ rules and, under a cooperation condition, the quota —
/// refused with 409 `quota_exhausted` naming the numbers, or another rule's code. Erasmus+
/// student mobilities need their cooperation condition. Participants may apply for their own
/// outgoing mobility under an agreement in force.
#[utoipa::path(
    operation_id = "create_mobility",
    tag = "mobilities",
    request_body = MobilityInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    responses(
        (status = 201, description = "Created", body = MobilityResponse,
            headers(("Location" = String, description = "URL of the new mobility"), ("ETag" = String, description = "Version tag"))),
        (status = 404, description = "A referenced record (person, agreement, condition, institution or unit) does not exist or, for a participant, is not theirs to see",
            body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "mobilities:write"])),
)]
#[post("/mobilities")]
pub async fn create_mobility(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<MobilityInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteMobilities)?;
    let data = MobilityData::try_from(body.0)?;
    db::write(
        &state.pool,
        move |conn| {
            mobility_access::require_own_application(conn, &principal, &data)?;
            rules::check_grant(conn, &principal, &data, None)?;
            let id = MobilityId::generate();
            let status = MobilityStatus::initial(data.direction);
            let confirmed = rules::confirm(conn, &data, status.holds_place())?;
            rules::check_overlap(id, &data, &confirmed)?;
            let override_reason = if status.holds_place() {
                rules::check_holding_place(conn, id, &data, &confirmed, None)?
            } else {
                None
            };
            let new = NewMobility { id, data: &data, status, quota_override_reason: override_reason.as_deref() };
            Ok(mobilities::insert(conn, &new, &actor(&principal), Utc::now())?)
        },
        move |mobility| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/mobilities/{}", mobility.id)));
            with_etag(response, mobility)
        },
    )
    .await
}

/// Get a mobility
///
/// With its status, the statuses it may move to next, its EWP statuses and the summary of its
/// visa and insurance checklist (`checklist.insurance_not_automatic`: tell the participant).
#[utoipa::path(
    operation_id = "get_mobility",
    tag = "mobilities",
    params(("id" = Uuid, Path, description = "Mobility id")),
    responses((status = 200, description = "The mobility", body = MobilityResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "mobilities:read"])),
)]
#[get("/mobilities/{id}")]
pub async fn get_mobility(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadMobilities)?;
    let id = MobilityId::from_uuid(id.into_inner());
    let (mobility, summary) = db::read(&state.pool, move |conn| {
        let mobility = mobility_access::find_visible(conn, &principal, id)?;
        let summary = crate::routes::checklists::checklist::summary_of(conn, &mobility)?;
        Ok((mobility, summary))
    })
    .await?;
    let version = mobility.version;
    let mut body = MobilityResponse::from(mobility);
    body.checklist = Some(summary);
    Ok(tagged(HttpResponse::Ok(), version, body))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a mobility: the writable fields of `MobilityInput`, each optional.
    MobilityPatch = MobilityInput,
    // Direction and person are kept for life (refused apart, by `keep_fixed`).
    read_only = body::READ_ONLY_PATCH, &["direction", "person_id"]
);

/// Change a mobility
///
/// A JSON Merge Patch (RFC 7396) over the fields of MobilityInput; `direction`, `person_id`
/// and `status` do not change here. A mobility that holds a place is checked again against
/// the rules and the quota (keeping a recorded override). With `If-Match`, only that version
/// is changed (else 412).
#[utoipa::path(
    operation_id = "update_mobility",
    tag = "mobilities",
    params(
        ("id" = Uuid, Path, description = "Mobility id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = MobilityPatch, content_type = "application/merge-patch+json",
        description = "The fields of a mobility to change", example = json!({"actual_start": "2026-09-02"})),
    responses((status = 200, description = "The changed mobility", body = MobilityResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "mobilities:write"])),
)]
#[patch("/mobilities/{id}")]
pub async fn update_mobility(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteMobilities)?;
    let id = MobilityId::from_uuid(id.into_inner());
    let mobility = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| patch_mobility(conn, &principal, &precondition, id, patch.0))
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), mobility))
}

/// Refuses a change of what a mobility keeps for life: its direction and its person.
fn refuse_fixed_changes(current: &MobilityData, data: &MobilityData) -> ApiResult<()> {
    let mut fixed = Vec::new();
    if data.direction != current.direction {
        fixed.push(FieldError::new("direction", "read_only", "direction cannot be changed"));
    }
    if data.person_id != current.person_id {
        fixed.push(FieldError::new("person_id", "read_only", "person_id cannot be changed"));
    }
    if fixed.is_empty() { Ok(()) } else { Err(ApiError::Validation(fixed)) }
}

/// Applies a merge patch to a mobility inside the write transaction: the caller's right to it
/// before and after, the version, then the references, overlaps and, for a mobility holding
/// a place, the rules and the quota again (keeping a recorded override).
fn patch_mobility(
    conn: &mut DbConnection,
    principal: &Principal,
    precondition: &IfMatch,
    id: MobilityId,
    patch: serde_json::Value,
) -> ApiResult<Mobility> {
    mobilities::lock(conn, id)?;
    let current = mobility_access::find_visible(conn, principal, id)?;
    mobility_access::require_write(principal, &current.data)?;
    precondition.check(current.version)?;
    let input: MobilityInput =
        merge_patch::apply_to(&MobilityResponse::from(current.clone()), patch, body::READ_ONLY_PATCH)?;
    let data = MobilityData::try_from(input)?;
    refuse_fixed_changes(&current.data, &data)?;
    mobility_access::require_write(principal, &data)?;
    rules::check_grant(conn, principal, &data, current.data.grant_id)?;
    let confirmed = rules::confirm(conn, &data, current.status.holds_place())?;
    if current.status != MobilityStatus::Cancelled {
        rules::check_overlap(id, &data, &confirmed)?;
    }
    if current.status.holds_place() {
        let kept = current.quota_override_reason.as_deref();
        rules::check_holding_place(conn, id, &data, &confirmed, kept)?;
    }
    Ok(mobilities::update(conn, id, current.version, &data, Utc::now())?)
}

/// Delete a mobility
///
/// Only an `applied` or `cancelled` mobility may be deleted, with its history; a nominated one
/// is cancelled instead (409 `mobility_in_progress`).
#[utoipa::path(
    operation_id = "delete_mobility",
    tag = "mobilities",
    params(
        ("id" = Uuid, Path, description = "Mobility id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "mobilities:write"])),
)]
#[delete("/mobilities/{id}")]
pub async fn delete_mobility(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteMobilities)?;
    let id = MobilityId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            mobilities::lock(conn, id)?;
            let current = mobility_access::find_visible(conn, &principal, id)?;
            mobility_access::require_write(&principal, &current.data)?;
            precondition.check(current.version)?;
            if !matches!(current.status, MobilityStatus::Applied | MobilityStatus::Cancelled) {
                return Err(ApiError::Conflict {
                    code: "mobility_in_progress",
                    detail: format!(
                        "only applied or cancelled mobilities can be deleted; this one is {}: cancel it instead",
                        current.status
                    ),
                    errors: vec![],
                });
            }
            Ok(mobilities::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
