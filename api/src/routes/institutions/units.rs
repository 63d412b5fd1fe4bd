//! `/api/v1/institutions/{id}/units`: faculties and departments, a tree per institution.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::{InstitutionId, LocalizedText, Unit, UnitCode, UnitData, UnitId};
use iro_persistence::repositories::institutions;
use iro_persistence::repositories::units::{self, ParentProblem, UnitFilter};
use iro_persistence::{DbConnection, write_transaction};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation;
use crate::routes::shared::contact::{ContactBody, parse_contacts};
use crate::state::AppState;

/// A unit as clients write it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "FINKI",
    "name": {"en": "Faculty of Computer Science and Engineering", "mk": "Факултет за информатички науки и компјутерско инженерство"},
    "contacts": [{"role": "ECTS coordinator", "emails": ["ects@finki.ukim.mk"]}]
}))]
pub struct UnitInput {
    /// Code, unique within the institution.
    #[schema(pattern = r"^[A-Za-z0-9._-]{1,32}$")]
    pub code: String,
    /// Names by BCP 47 language tag; `en` is required.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub name: BTreeMap<String, String>,
    /// The enclosing unit (same institution); `null` for a top-level unit.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// Contacts (ECTS coordinator, faculty international office).
    #[serde(default)]
    #[validate(length(max = 20, message = "at most 20 contacts"))]
    #[schema(max_items = 20)]
    pub contacts: Vec<ContactBody>,
}

/// A unit as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "institution_id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
    "code": "FINKI",
    "name": {"en": "Faculty of Computer Science and Engineering"},
    "parent_id": null,
    "contacts": [],
    "version": 1,
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-09-01T08:30:00Z"
}))]
pub struct UnitResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The institution the unit belongs to.
    pub institution_id: Uuid,
    /// Code, unique within the institution.
    pub code: String,
    /// Names by language.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub name: BTreeMap<String, String>,
    /// The enclosing unit.
    pub parent_id: Option<Uuid>,
    /// Contacts.
    pub contacts: Vec<ContactBody>,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

const READ_ONLY: &[&str] = &["id", "institution_id", "version", "created_at", "updated_at"];

impl From<Unit> for UnitResponse {
    fn from(u: Unit) -> Self {
        UnitResponse {
            id: u.id.as_uuid(),
            institution_id: u.institution_id.as_uuid(),
            code: u.data.code.as_str().to_owned(),
            name: u.data.name.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            parent_id: u.data.parent_id.map(|p| p.as_uuid()),
            contacts: u.data.contacts.iter().map(ContactBody::from).collect(),
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

impl TryFrom<UnitInput> for UnitData {
    type Error = ApiError;

    fn try_from(input: UnitInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let code = errors.check("code", UnitCode::parse(input.code.trim()));
        let name = errors.check("name", LocalizedText::parse(input.name.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
        let contacts = parse_contacts(&mut errors, input.contacts);
        errors.finish_with(|| {
            Some(UnitData {
                code: code?,
                name: name?,
                parent_id: input.parent_id.map(UnitId::from_uuid),
                contacts: contacts?,
            })
        })
    }
}

/// Refuses a parent outside the institution or one that would close a cycle.
fn check_parent(
    conn: &mut DbConnection,
    institution: InstitutionId,
    unit: Option<UnitId>,
    data: &UnitData,
) -> ApiResult<()> {
    let Some(parent) = data.parent_id else {
        return Ok(());
    };
    match units::check_parent(conn, institution, unit, parent)? {
        None => Ok(()),
        Some(ParentProblem::NotInInstitution) => Err(ApiError::Validation(vec![FieldError::new(
            "parent_id",
            "unknown",
            "parent_id must name a unit of the same institution",
        )])),
        Some(ParentProblem::Cycle) => Err(ApiError::Conflict {
            code: "unit_cycle",
            detail: "a unit cannot be placed under itself or one of its own sub-units".to_owned(),
            errors: vec![FieldError::new("parent_id", "cycle", "this parent would make the unit its own ancestor")],
        }),
    }
}

/// Filters and paging of the unit list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// Only direct sub-units of this unit.
    pub parent_id: Option<Uuid>,
    /// `true`: only top-level units.
    pub top_level: Option<bool>,
    /// Exact code.
    pub code: Option<String>,
    /// Only units changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(UnitPage, UnitResponse, "A page of organisational units.");

fn with_etag(response: actix_web::HttpResponseBuilder, unit: Unit) -> HttpResponse {
    tagged(response, unit.version, UnitResponse::from(unit))
}

/// List an institution's units
#[utoipa::path(
    operation_id = "list_units",
    tag = "units",
    params(("id" = Uuid, Path, description = "Institution id"), UnitQuery),
    responses((status = 200, description = "A page of units", body = UnitPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "institutions:read"])),
)]
#[get("/institutions/{id}/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    query: web::Query<UnitQuery>,
) -> ApiResult<web::Json<UnitPage>> {
    principal.require(Access::ReadInstitutions)?;
    let institution = InstitutionId::from_uuid(id.into_inner());
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = UnitFilter {
        parent_id: query.parent_id.map(UnitId::from_uuid),
        top_level: query.top_level.unwrap_or(false),
        code: query.code,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| {
        institutions::find(conn, institution)?;
        Ok(units::list(conn, institution, &filter, &page)?)
    })
    .await?;
    Ok(web::Json(Paged::from_page(page, UnitResponse::from).into()))
}

/// Add a unit
#[utoipa::path(
    operation_id = "create_unit",
    tag = "units",
    params(("id" = Uuid, Path, description = "Institution id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = UnitInput,
    responses((status = 201, description = "Created", body = UnitResponse,
        headers(("Location" = String, description = "URL of the new unit"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "institutions:write"])),
)]
#[post("/institutions/{id}/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<UnitInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteInstitutions)?;
    let institution = InstitutionId::from_uuid(id.into_inner());
    let data = UnitData::try_from(body.0)?;
    db::write(
        &state.pool,
        move |conn| {
            institutions::find(conn, institution)?;
            check_parent(conn, institution, None, &data)?;
            Ok(units::insert(conn, institution, &data, Utc::now())?)
        },
        move |unit| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/institutions/{institution}/units/{}", unit.id)));
            with_etag(response, unit)
        },
    )
    .await
}

/// Get a unit
#[utoipa::path(
    operation_id = "get_unit",
    tag = "units",
    params(("id" = Uuid, Path, description = "Institution id"), ("unit_id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The unit", body = UnitResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "institutions:read"])),
)]
#[get("/institutions/{id}/units/{unit_id}")]
pub async fn get_unit(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadInstitutions)?;
    let (institution, unit) = path.into_inner();
    let (institution, unit) = (InstitutionId::from_uuid(institution), UnitId::from_uuid(unit));
    let unit = db::run(&state.pool, move |conn| Ok(units::find(conn, institution, unit)?)).await?;
    Ok(with_etag(HttpResponse::Ok(), unit))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a unit: the writable fields of `UnitInput`, each optional.
    UnitPatch = UnitInput, read_only = READ_ONLY
);

/// Change a unit
///
/// A JSON Merge Patch. Faculty coordinators may change the names and contacts of the units
/// they coordinate (403 for their code or parent), officers and admins any unit.
#[utoipa::path(
    operation_id = "update_unit",
    tag = "units",
    params(("id" = Uuid, Path, description = "Institution id"), ("unit_id" = Uuid, Path, description = "Unit id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on")),
    request_body(content = UnitPatch, content_type = "application/merge-patch+json",
        description = "The fields of a unit to change", example = json!({"contacts": [{"role": "ECTS coordinator", "emails": ["ects@finki.ukim.mk"]}]})),
    responses((status = 200, description = "The changed unit", body = UnitResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "institutions:write"])),
)]
#[patch("/institutions/{id}/units/{unit_id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    let (institution, unit_id) = path.into_inner();
    let (institution, unit_id) = (InstitutionId::from_uuid(institution), UnitId::from_uuid(unit_id));
    principal.require_unit_write(unit_id)?;
    let unit = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = units::find(conn, institution, unit_id)?;
            precondition.check(current.version)?;
            let data = UnitData::try_from(merge_patch::apply_to::<UnitInput>(
                &UnitResponse::from(current.clone()),
                patch.0,
                READ_ONLY,
            )?)?;
            if data.parent_id != current.data.parent_id {
                principal.require_unit_structure_change("place in the tree (parent_id)")?;
            }
            if data.code != current.data.code {
                principal.require_unit_structure_change("code")?;
            }
            check_parent(conn, institution, Some(unit_id), &data)?;
            Ok(units::update(conn, institution, unit_id, current.version, &data, Utc::now())?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), unit))
}

/// Delete a unit
///
/// Only a unit without sub-units and without coordinators (or other records) referring to it.
#[utoipa::path(
    operation_id = "delete_unit",
    tag = "units",
    params(("id" = Uuid, Path, description = "Institution id"), ("unit_id" = Uuid, Path, description = "Unit id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "institutions:write"])),
)]
#[delete("/institutions/{id}/units/{unit_id}")]
pub async fn delete_unit(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteInstitutions)?;
    let (institution, unit_id) = path.into_inner();
    let (institution, unit_id) = (InstitutionId::from_uuid(institution), UnitId::from_uuid(unit_id));
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = units::find(conn, institution, unit_id)?;
            precondition.check(current.version)?;
            Ok(units::delete(conn, institution, unit_id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
