//! `/api/v1/agreements/{id}/conditions`: the cooperation conditions of an agreement, each one
//! direction of the exchange (EWP IIAs API v7).
//!
//! A condition names its sides by institution (and unit) ids; exactly one side is our
//! university and the other the agreement's partner. The terms are validated by the domain's
//! `CooperationCondition::parse`. Changing the conditions of an approved agreement sends it
//! back for approval, after keeping the mutually approved version; all in one transaction.

mod body;
mod parse;

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::agreement::{Agreement, AgreementCondition, ConditionsChange};
use iro_domain::{AgreementId, ConditionId, InstitutionId};
use iro_persistence::repositories::agreements;
use iro_persistence::repositories::agreements::conditions::{self, ConditionFilter};
use iro_persistence::{DbConnection, write_transaction};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::routes::agreements::agreement::find_visible;
use crate::state::AppState;

use crate::routes::shared::actor::actor;
use crate::routes::shared::vocabulary::{DirectionName, MobilityTypeName};
pub use body::{ConditionInput, ConditionResponse, LanguageRequirementBody, SubjectAreaBody};
use parse::parse_condition;

/// Starts a change of an agreement's conditions: locks and reads the agreement, checks that
/// the caller may write it, and asks the domain what the change does to its status (a
/// terminated agreement refuses: 409 `agreement_terminated`).
fn begin_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: AgreementId,
) -> ApiResult<(Agreement, ConditionsChange)> {
    agreements::lock(conn, id)?;
    let agreement = agreements::find(conn, id)?;
    principal.require_agreement_write(agreement.data.local_unit_id)?;
    let change = agreement.status.on_conditions_changed()?;
    Ok((agreement, change))
}

/// Before the conditions change: keep the mutually approved version when the domain says so.
fn keep_approved_version(conn: &mut DbConnection, agreement: &Agreement, change: ConditionsChange) -> ApiResult<()> {
    if change.snapshot_required {
        let approved_at = agreement.approved_at.unwrap_or_else(Utc::now);
        agreements::store_snapshot(conn, agreement.id, approved_at)?;
    }
    Ok(())
}

/// After the conditions changed: move the agreement to the status the change leads to
/// (recorded in the history with what changed), or just mark it changed.
fn finish_change(
    conn: &mut DbConnection,
    principal: &Principal,
    agreement: &Agreement,
    change: ConditionsChange,
    what: &str,
) -> ApiResult<Agreement> {
    let now = Utc::now();
    if change.next == agreement.status {
        return Ok(agreements::touch(conn, agreement.id, now)?);
    }
    let reason = format!("cooperation conditions changed ({what}); the new version needs approval again");
    Ok(agreements::change_status(
        conn,
        agreement.id,
        agreement.status,
        change.next,
        Some(&reason),
        &actor(principal),
        now,
    )?)
}

/// Filters and paging of the condition list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConditionQuery {
    /// Only conditions of this type.
    #[param(inline)]
    pub mobility_type: Option<MobilityTypeName>,
    /// Only outgoing (we send) or incoming (we receive) conditions.
    #[param(inline)]
    pub direction: Option<DirectionName>,
    /// Only conditions changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(ConditionPage, ConditionResponse, "A page of cooperation conditions, in their agreed order.");

fn with_etag(
    response: actix_web::HttpResponseBuilder,
    condition: AgreementCondition,
    partner: InstitutionId,
) -> HttpResponse {
    tagged(response, condition.version, ConditionResponse::new(condition, partner))
}

/// List an agreement's conditions
///
/// In their agreed order, filterable by type, direction and change time.
#[utoipa::path(
    operation_id = "list_conditions",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), ConditionQuery),
    responses((status = 200, description = "A page of conditions", body = ConditionPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "agreements:read"])),
)]
#[get("/agreements/{id}/conditions")]
pub async fn list_conditions(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    query: web::Query<ConditionQuery>,
) -> ApiResult<web::Json<ConditionPage>> {
    principal.require(Access::ReadAgreements)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let (page, partner) = db::run(&state.pool, move |conn| {
        let agreement = find_visible(conn, &principal, id)?;
        let partner = agreement.data.partner_institution_id;
        let mut filter = ConditionFilter {
            mobility_type: query.mobility_type.map(Into::into),
            modified_since: query.modified_since,
            ..ConditionFilter::default()
        };
        match query.direction {
            Some(DirectionName::Outgoing) => filter.receiving_institution_id = Some(partner),
            Some(DirectionName::Incoming) => filter.sending_institution_id = Some(partner),
            None => {}
        }
        Ok((conditions::list(conn, id, &filter, &page)?, partner))
    })
    .await?;
    Ok(web::Json(Paged::from_page(page, |c| ConditionResponse::new(c, partner)).into()))
}

/// Add a condition
///
/// Appends a condition (one direction of the exchange) to the agreement. Exactly one side must
/// be our university and the other the agreement's partner; years within the agreement's;
/// students give `total_months_per_year`, staff `total_days_per_year` (422 with the field
/// path otherwise). On an agreement approved by one or both sides the change needs approval
/// again: the mutually approved version is kept and the agreement goes back to `submitted`.
/// A terminated agreement refuses (409 `agreement_terminated`).
#[utoipa::path(
    operation_id = "create_condition",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = ConditionInput,
    responses((status = 201, description = "Created", body = ConditionResponse,
        headers(("Location" = String, description = "URL of the new condition"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "agreements:write"])),
)]
#[post("/agreements/{id}/conditions")]
pub async fn create_condition(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<ConditionInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteAgreements)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let input = body.0;
    db::write(
        &state.pool,
        move |conn| {
            let (agreement, change) = begin_change(conn, &principal, id)?;
            let data = parse_condition(conn, &agreement, input)?;
            keep_approved_version(conn, &agreement, change)?;
            let condition = conditions::insert(conn, id, &data, Utc::now())?;
            finish_change(conn, &principal, &agreement, change, &format!("condition {} added", condition.position))?;
            Ok((condition, agreement.data.partner_institution_id))
        },
        move |(condition, partner)| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/agreements/{id}/conditions/{}", condition.id)));
            with_etag(response, condition, partner)
        },
    )
    .await
}

/// Applies a merge patch to a condition inside the write transaction: the version check,
/// validation like a new condition, then the change and its effect on the agreement's
/// approval. Returns the condition and the agreement's partner (its responses name it).
fn patch_condition(
    conn: &mut DbConnection,
    principal: &Principal,
    precondition: &IfMatch,
    (id, condition_id): (AgreementId, ConditionId),
    patch: serde_json::Value,
) -> ApiResult<(AgreementCondition, InstitutionId)> {
    let (agreement, change) = begin_change(conn, principal, id)?;
    let partner = agreement.data.partner_institution_id;
    let current = conditions::find(conn, id, condition_id)?;
    precondition.check(current.version)?;
    let input: ConditionInput =
        merge_patch::apply_to(&ConditionResponse::new(current.clone(), partner), patch, body::READ_ONLY)?;
    let data = parse_condition(conn, &agreement, input)?;
    if data == current.data {
        // Nothing changed: no new version, no new approval round.
        return Ok((current, partner));
    }
    keep_approved_version(conn, &agreement, change)?;
    let condition = conditions::update(conn, id, condition_id, current.version, &data, Utc::now())?;
    finish_change(conn, principal, &agreement, change, &format!("condition {} changed", condition.position))?;
    Ok((condition, partner))
}

/// Get a condition
#[utoipa::path(
    operation_id = "get_condition",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), ("condition_id" = Uuid, Path, description = "Condition id")),
    responses((status = 200, description = "The condition", body = ConditionResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "agreements:read"])),
)]
#[get("/agreements/{id}/conditions/{condition_id}")]
pub async fn get_condition(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadAgreements)?;
    let (id, condition_id) = path.into_inner();
    let (id, condition_id) = (AgreementId::from_uuid(id), ConditionId::from_uuid(condition_id));
    let (condition, partner) = db::run(&state.pool, move |conn| {
        let agreement = find_visible(conn, &principal, id)?;
        Ok((conditions::find(conn, id, condition_id)?, agreement.data.partner_institution_id))
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), condition, partner))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a cooperation condition: the writable fields of `ConditionInput`, each optional.
    ConditionPatch = ConditionInput, read_only = body::READ_ONLY
);

/// Change a condition
///
/// A JSON Merge Patch over the fields of ConditionInput, validated like a new condition. A
/// patch that changes something on an approved agreement sends it back for approval, keeping
/// the mutually approved version; a terminated agreement refuses (409 `agreement_terminated`).
#[utoipa::path(
    operation_id = "update_condition",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), ("condition_id" = Uuid, Path, description = "Condition id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on")),
    request_body(content = ConditionPatch, content_type = "application/merge-patch+json",
        description = "The fields of a cooperation condition to change", example = json!({"mobilities_per_year": 4, "total_months_per_year": 20})),
    responses((status = 200, description = "The changed condition", body = ConditionResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "agreements:write"])),
)]
#[patch("/agreements/{id}/conditions/{condition_id}")]
pub async fn update_condition(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteAgreements)?;
    let (id, condition_id) = path.into_inner();
    let (id, condition_id) = (AgreementId::from_uuid(id), ConditionId::from_uuid(condition_id));
    let (condition, partner) = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| patch_condition(conn, &principal, &precondition, (id, condition_id), patch.0))
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), condition, partner))
}

/// Delete a condition
///
/// Removes the condition from the agreement. On an approved agreement this is a change that
/// needs approval again (the mutually approved version is kept); a terminated agreement
/// refuses (409 `agreement_terminated`).
#[utoipa::path(
    operation_id = "delete_condition",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), ("condition_id" = Uuid, Path, description = "Condition id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "agreements:write"])),
)]
#[delete("/agreements/{id}/conditions/{condition_id}")]
pub async fn delete_condition(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteAgreements)?;
    let (id, condition_id) = path.into_inner();
    let (id, condition_id) = (AgreementId::from_uuid(id), ConditionId::from_uuid(condition_id));
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let (agreement, change) = begin_change(conn, &principal, id)?;
            let current = conditions::find(conn, id, condition_id)?;
            precondition.check(current.version)?;
            keep_approved_version(conn, &agreement, change)?;
            conditions::delete(conn, id, condition_id)?;
            finish_change(conn, &principal, &agreement, change, &format!("condition {} deleted", current.position))?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
