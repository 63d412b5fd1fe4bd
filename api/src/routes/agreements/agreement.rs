//! `/api/v1/agreements`: inter-institutional agreements with our partners (EWP IIAs API v7).
//!
//! This module owns the agreement resource itself (list, create, read, merge-patch, delete)
//! and the vocabulary shared with its sub-resources; status changes, history and the approved
//! version are in `agreement_status`, cooperation conditions in `agreement_conditions`.

mod body;
mod vocabulary;

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::agreement::{Agreement, AgreementCondition, AgreementData, AgreementStatus};
use iro_domain::{AcademicYear, AgreementId, CountryCode, InstitutionId, UnitId};
use iro_persistence::repositories::agreements::{self, AgreementFilter, conditions};
use iro_persistence::repositories::institutions;
use iro_persistence::{DbConnection, RepoError, write_transaction};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::routes::shared::references::unit_of;
use crate::routes::shared::text::check_text;
use crate::state::AppState;

pub use body::{AgreementInput, AgreementResponse, parse_period};
pub use vocabulary::{AgreementStatusName, ProgrammeName};

/// Refuses references the database must confirm: the partner exists and is not our own
/// university, the partner unit is the partner's, the local unit is ours.
fn check_references(conn: &mut DbConnection, data: &AgreementData) -> ApiResult<()> {
    let mut errors = Vec::new();
    match institutions::find(conn, data.partner_institution_id) {
        Ok(partner) if partner.data.is_local => errors.push(FieldError::new(
            "partner_institution_id",
            "range",
            "the partner must be another institution, not our own university",
        )),
        Ok(_) => {}
        Err(RepoError::NotFound) => {
            errors.push(FieldError::new("partner_institution_id", "unknown", "no institution has this id"))
        }
        Err(other) => return Err(other.into()),
    }
    if let Some(unit) = data.partner_unit_id
        && !unit_of(conn, Some(data.partner_institution_id), unit)?
    {
        errors.push(FieldError::new("partner_unit_id", "unknown", "partner_unit_id must name a unit of the partner"));
    }
    if let Some(unit) = data.local_unit_id {
        let local = institutions::find_local(conn)?.map(|i| i.id);
        if !unit_of(conn, local, unit)? {
            errors.push(FieldError::new(
                "local_unit_id",
                "unknown",
                "local_unit_id must name a unit of our university",
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Refuses agreement changes that would strand its conditions: another partner while
/// conditions name the current one (409), or a period that no longer covers them (422).
fn check_conditions_still_fit(conn: &mut DbConnection, current: &Agreement, data: &AgreementData) -> ApiResult<()> {
    if data.partner_institution_id == current.data.partner_institution_id && data.period == current.data.period {
        return Ok(());
    }
    let conditions = conditions::all(conn, current.id)?;
    if conditions.is_empty() {
        return Ok(());
    }
    if data.partner_institution_id != current.data.partner_institution_id {
        return Err(ApiError::Conflict {
            code: "agreement_has_conditions",
            detail: "the partner of an agreement with cooperation conditions cannot change; delete the conditions \
                     or register a new agreement"
                .to_owned(),
            errors: vec![FieldError::new("partner_institution_id", "read_only", "the conditions name this partner")],
        });
    }
    let mut errors = Vec::new();
    let years = |c: &AgreementCondition| c.data.terms.years();
    if let Some(c) = conditions.iter().find(|c| years(c).first() < data.period.first()) {
        errors.push(FieldError::new(
            "first_academic_year",
            "range",
            format!("condition {} starts in {}, before this first academic year", c.position, years(c).first()),
        ));
    }
    if let Some(c) = conditions.iter().find(|c| years(c).last() > data.period.last()) {
        errors.push(FieldError::new(
            "last_academic_year",
            "range",
            format!("condition {} runs until {}, after this last academic year", c.position, years(c).last()),
        ));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Finds an agreement the caller may see (participants: only agreements in force).
pub fn find_visible(conn: &mut DbConnection, principal: &Principal, id: AgreementId) -> ApiResult<Agreement> {
    let agreement = agreements::find(conn, id)?;
    if principal.sees_agreement(agreement.in_force()) { Ok(agreement) } else { Err(RepoError::NotFound.into()) }
}

/// Filters and paging of the agreement list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementQuery {
    /// Only agreements with this partner institution.
    pub partner_institution_id: Option<Uuid>,
    /// Only agreements with partners in this country (ISO 3166-1 alpha-2).
    #[param(value_type = Option<crate::routes::shared::query_schemas::Country>, inline)]
    pub partner_country: Option<String>,
    /// `erasmus_plus` or `bilateral`.
    #[param(inline)]
    pub programme: Option<ProgrammeName>,
    /// Only agreements in this status.
    #[param(inline)]
    pub status: Option<AgreementStatusName>,
    /// Only agreements whose period includes this academic year (`YYYY/YYYY`).
    #[param(value_type = Option<crate::routes::shared::query_schemas::AcademicYear>, inline)]
    pub academic_year: Option<String>,
    /// Only agreements of this unit of ours (faculty-level agreements).
    pub local_unit_id: Option<Uuid>,
    /// Exact agreement number (at most 64 characters once trimmed).
    #[param(max_length = 64)]
    pub code: Option<String>,
    /// Only agreements changed (or whose conditions changed) at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(AgreementPage, AgreementResponse, "A page of agreements.");

/// A response carrying the agreement and its `ETag`.
pub fn with_etag(response: actix_web::HttpResponseBuilder, agreement: Agreement) -> HttpResponse {
    tagged(response, agreement.version, AgreementResponse::from(agreement))
}

/// List agreements
///
/// Our agreements with partner institutions, filterable by partner, partner country,
/// programme, status, academic year in force (`first_academic_year ≤ y ≤ last_academic_year`),
/// our unit and change time, in stable pages. Participants see only agreements in force.
#[utoipa::path(
    operation_id = "list_agreements",
    tag = "agreements",
    params(AgreementQuery),
    responses((status = 200, description = "A page of agreements", body = AgreementPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "agreements:read"])),
)]
#[get("/agreements")]
pub async fn list_agreements(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<AgreementQuery>,
) -> ApiResult<web::Json<AgreementPage>> {
    principal.require(Access::ReadAgreements)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let country = errors.check_opt("partner_country", query.partner_country.as_deref(), CountryCode::parse);
    let year = errors.check_opt("academic_year", query.academic_year.as_deref(), AcademicYear::parse);
    let code = check_text(&mut errors, "code", query.code, 64, false);
    errors.finish_query()?;
    let filter = AgreementFilter {
        partner_institution_id: query.partner_institution_id.map(InstitutionId::from_uuid),
        partner_country: country.map(|c| c.to_string()),
        programme: query.programme.map(Into::into),
        status: query.status.map(Into::into),
        academic_year: year,
        local_unit_id: query.local_unit_id.map(UnitId::from_uuid),
        code,
        modified_since: query.modified_since,
        in_force_only: principal.sees_only_agreements_in_force(),
    };
    let page = db::run(&state.pool, move |conn| Ok(agreements::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, AgreementResponse::from).into()))
}

/// Register an agreement
///
/// Creates a `draft`. The partner must be a registered institution other than our own; the
/// units, when given, must be the partner's and ours. `code` (and the partner's agreement id,
/// per partner) must be unique. Faculty coordinators may register agreements of their own
/// units only (`local_unit_id`).
#[utoipa::path(
    operation_id = "create_agreement",
    tag = "agreements",
    request_body = AgreementInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created, as a draft", body = AgreementResponse,
        headers(("Location" = String, description = "URL of the new agreement"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "agreements:write"])),
)]
#[post("/agreements")]
pub async fn create_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<AgreementInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteAgreements)?;
    let data = AgreementData::try_from(body.0)?;
    principal.require_agreement_write(data.local_unit_id)?;
    db::write(
        &state.pool,
        move |conn| {
            check_references(conn, &data)?;
            Ok(agreements::insert(conn, &data, Utc::now())?)
        },
        move |agreement| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/agreements/{}", agreement.id)));
            with_etag(response, agreement)
        },
    )
    .await
}

/// Get an agreement
///
/// The agreement with its status and the statuses it may move to next. Participants see only
/// agreements in force (404 otherwise).
#[utoipa::path(
    operation_id = "get_agreement",
    tag = "agreements",
    params(("id" = Uuid, Path, description = "Agreement id")),
    responses((status = 200, description = "The agreement", body = AgreementResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "agreements:read"])),
)]
#[get("/agreements/{id}")]
pub async fn get_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadAgreements)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let agreement = db::read(&state.pool, move |conn| find_visible(conn, &principal, id)).await?;
    Ok(with_etag(HttpResponse::Ok(), agreement))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of an agreement: the writable fields of `AgreementInput`, each optional.
    AgreementPatch = AgreementInput, read_only = body::READ_ONLY
);

/// Change an agreement
///
/// A JSON Merge Patch (RFC 7396) over the fields of AgreementInput; `status` changes only
/// through `POST …/status`. These fields are not part of what the partners approve (that is
/// the conditions), so the status stays. The partner cannot change while conditions exist
/// (409 `agreement_has_conditions`), and the period must keep covering every condition (422).
/// With `If-Match`, the change applies only to that version (else 412).
#[utoipa::path(
    operation_id = "update_agreement",
    tag = "agreements",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = AgreementPatch, content_type = "application/merge-patch+json",
        description = "The fields of an agreement to change", example = json!({"partner_signing_date": "2025-05-20", "other_info": null})),
    responses((status = 200, description = "The changed agreement", body = AgreementResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "agreements:write"])),
)]
#[patch("/agreements/{id}")]
pub async fn update_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteAgreements)?;
    let id = AgreementId::from_uuid(id.into_inner());
    let agreement = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            agreements::lock(conn, id)?;
            let current = agreements::find(conn, id)?;
            principal.require_agreement_write(current.data.local_unit_id)?;
            precondition.check(current.version)?;
            let input: AgreementInput =
                merge_patch::apply_to(&AgreementResponse::from(current.clone()), patch.0, body::READ_ONLY)?;
            let data = AgreementData::try_from(input)?;
            principal.require_agreement_write(data.local_unit_id)?;
            check_references(conn, &data)?;
            check_conditions_still_fit(conn, &current, &data)?;
            Ok(agreements::update(conn, id, current.version, &data, Utc::now())?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), agreement))
}

/// Delete a draft agreement
///
/// Only a `draft` may be deleted (with its conditions): nothing was promised yet. A submitted
/// or approved agreement is ended with the status `terminated` instead (409
/// `agreement_not_draft`). A deleted agreement's id is never reused.
#[utoipa::path(
    operation_id = "delete_agreement",
    tag = "agreements",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "agreements:write"])),
)]
#[delete("/agreements/{id}")]
pub async fn delete_agreement(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteAgreements)?;
    let id = AgreementId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            agreements::lock(conn, id)?;
            let current = agreements::find(conn, id)?;
            principal.require_agreement_write(current.data.local_unit_id)?;
            precondition.check(current.version)?;
            if current.status != AgreementStatus::Draft {
                return Err(ApiError::Conflict {
                    code: "agreement_not_draft",
                    detail: format!(
                        "only draft agreements can be deleted; this one is {}: terminate it instead",
                        current.status
                    ),
                    errors: vec![],
                });
            }
            Ok(agreements::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
