//! `/api/v1/institutions`: our university and its partners.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::funding::Coordinates;
use iro_domain::institution::LocalChange;
use iro_domain::{
    CountryCode, ErasmusCode, HeiId, Institution, InstitutionData, InstitutionId, LocalizedText, Oid, Pic,
};
use iro_persistence::repositories::institutions::{self, InstitutionFilter};
use iro_persistence::write_transaction;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::page_request;
use crate::http::representations::cached_list_page;
use crate::http::validation::{self, trim};
use crate::routes::shared::contact::{ContactBody, parse_contacts};
use crate::routes::shared::text::clean;
use crate::state::AppState;

/// An institution as clients write it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "hei_id": "uni-lipetsk.ru",
    "name": {"en": "Lipetsk State University", "ru": "Липецкий государственный университет"},
    "abbreviation": "LSU",
    "country": "RU",
    "city": "Lipetsk",
    "website": "https://www.uni-lipetsk.ru",
    "contacts": [{"role": "International office", "emails": ["international@uni-lipetsk.ru"]}]
}))]
pub struct InstitutionInput {
    /// SCHAC code: the institution's internet domain, unique (`uni-lipetsk.ru`).
    #[schema(
        pattern = r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$",
        max_length = 253
    )]
    pub hei_id: String,
    /// Erasmus code (`PL WARSZAW01`); spaces are normalised, unique ignoring spaces.
    #[serde(default)]
    #[schema(pattern = r"^ *([A-Za-z]{1,2} +|IRL|LUX|irl|lux)[A-Za-z][A-Za-z-]*[A-Za-z][0-9]{2,3} *$")]
    pub erasmus_code: Option<String>,
    /// PIC: 9 digits.
    #[serde(default)]
    #[schema(pattern = r"^[0-9]{9}$")]
    pub pic: Option<String>,
    /// OID: `E` and 8 digits.
    #[serde(default)]
    #[schema(pattern = r"^[Ee][0-9]{8}$")]
    pub oid: Option<String>,
    /// Names by BCP 47 language tag; `en` is required.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub name: BTreeMap<String, String>,
    /// Short name.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 32)]
    #[validate(length(max = 32))]
    pub abbreviation: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[schema(pattern = r"^[A-Za-z]{2}$")]
    pub country: String,
    /// City.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 100)]
    #[validate(length(max = 100))]
    pub city: Option<String>,
    /// Website (http or https URL).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(format = "uri", pattern = r"^https?://", max_length = 2048)]
    #[validate(custom(function = "http_url"))]
    pub website: Option<String>,
    /// Whether this is our own university; exactly one institution is. Only admins set or
    /// change it: `true` on another institution moves it there, `false` on ours is refused.
    #[serde(default)]
    pub is_local: bool,
    /// Whether the institution is reachable in the Erasmus Without Paper network.
    #[serde(default)]
    pub ewp_enabled: bool,
    /// Contacts (international office, coordinators).
    #[serde(default)]
    #[validate(length(max = 20, message = "at most 20 contacts"))]
    #[schema(max_items = 20)]
    pub contacts: Vec<ContactBody>,
    /// Latitude of the city in decimal degrees (WGS 84), with `longitude`: the distance band
    /// of an Erasmus+ mobility is measured between its two institutions.
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90, example = 52.6031)]
    #[validate(range(min = -90.0, max = 90.0))]
    pub latitude: Option<f64>,
    /// Longitude of the city in decimal degrees, with `latitude`.
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180, example = 39.5708)]
    #[validate(range(min = -180.0, max = 180.0))]
    pub longitude: Option<f64>,
}

/// An institution as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
    "hei_id": "uni-lipetsk.ru",
    "erasmus_code": null,
    "pic": null,
    "oid": null,
    "name": {"en": "Lipetsk State University", "ru": "Липецкий государственный университет"},
    "abbreviation": "LSU",
    "country": "RU",
    "city": "Lipetsk",
    "website": "https://www.uni-lipetsk.ru",
    "is_local": false,
    "ewp_enabled": false,
    "contacts": [{"role": "International office", "emails": ["international@uni-lipetsk.ru"], "phones": []}],
    "latitude": 52.6031,
    "longitude": 39.5708,
    "version": 3,
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-11-20T14:05:12Z"
}))]
pub struct InstitutionResponse {
    /// Opaque id.
    pub id: Uuid,
    /// SCHAC code.
    pub hei_id: String,
    /// Erasmus code with canonical spacing.
    pub erasmus_code: Option<String>,
    /// PIC.
    pub pic: Option<String>,
    /// OID.
    pub oid: Option<String>,
    /// Names by language.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub name: BTreeMap<String, String>,
    /// Short name.
    pub abbreviation: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// City.
    pub city: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Our own university?
    pub is_local: bool,
    /// Reachable through EWP?
    pub ewp_enabled: bool,
    /// Contacts.
    pub contacts: Vec<ContactBody>,
    /// Latitude of the city.
    pub latitude: Option<f64>,
    /// Longitude of the city.
    pub longitude: Option<f64>,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// The representation cache's name for institutions.
const REPRESENTATION: &str = "institution";

/// Fields a merge patch may not change.
const READ_ONLY: &[&str] = &["id", "version", "created_at", "updated_at"];

impl From<Institution> for InstitutionResponse {
    fn from(i: Institution) -> Self {
        let d = i.data;
        InstitutionResponse {
            id: i.id.as_uuid(),
            hei_id: d.hei_id.to_string(),
            erasmus_code: d.erasmus_code.map(|c| c.to_string()),
            pic: d.pic.map(|p| p.as_str().to_owned()),
            oid: d.oid.map(|o| o.as_str().to_owned()),
            name: d.name.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            abbreviation: d.abbreviation,
            country: d.country.to_string(),
            city: d.city,
            website: d.website,
            is_local: d.is_local,
            ewp_enabled: d.ewp_enabled,
            contacts: d.contacts.into_iter().map(ContactBody::from).collect(),
            latitude: d.coordinates.map(Coordinates::latitude),
            longitude: d.coordinates.map(Coordinates::longitude),
            version: i.version,
            created_at: i.created_at,
            updated_at: i.updated_at,
        }
    }
}

/// Checks that a website is an absolute http(s) URL of at most 2,048 bytes.
fn http_url(url: &str) -> Result<(), ValidationError> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 2048
        && !url.contains(char::is_whitespace)
        && url.split("://").nth(1).is_some_and(|rest| rest.split('/').next().is_some_and(|host| host.contains('.')));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("format").with_message(format!("website must be an http(s) URL, got {url:?}").into()))
    }
}

impl TryFrom<InstitutionInput> for InstitutionData {
    type Error = ApiError;

    fn try_from(input: InstitutionInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let hei_id = errors.check("hei_id", HeiId::parse(&input.hei_id));
        let erasmus_code = clean(input.erasmus_code).map(|c| errors.check("erasmus_code", ErasmusCode::parse(&c)));
        let pic = clean(input.pic).map(|p| errors.check("pic", Pic::parse(&p)));
        let oid = clean(input.oid).map(|o| errors.check("oid", Oid::parse(&o)));
        let name = errors.check("name", LocalizedText::parse(input.name.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
        let country = errors.check("country", CountryCode::parse(&input.country));
        let contacts = parse_contacts(&mut errors, input.contacts);
        let coordinates = match (input.latitude, input.longitude) {
            (Some(lat), Some(lon)) => errors.check("latitude", Coordinates::new(lat, lon)).map(Some),
            (None, None) => Some(None),
            (lat, _) => {
                let field = if lat.is_some() { "longitude" } else { "latitude" };
                errors.push(FieldError::new(field, "required", "latitude and longitude are given together"));
                None
            }
        };
        errors.finish_with(|| {
            Some(InstitutionData {
                hei_id: hei_id?,
                erasmus_code: erasmus_code.map(|c| c.ok_or(())).transpose().ok()?,
                pic: pic.map(|p| p.ok_or(())).transpose().ok()?,
                oid: oid.map(|o| o.ok_or(())).transpose().ok()?,
                name: name?,
                abbreviation: input.abbreviation,
                country: country?,
                city: input.city,
                website: input.website,
                is_local: input.is_local,
                ewp_enabled: input.ewp_enabled,
                contacts: contacts?,
                coordinates: coordinates?,
            })
        })
    }
}

/// Filters and paging of the institution list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InstitutionQuery {
    /// ISO 3166-1 alpha-2 country code.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Country>, inline)]
    pub country: Option<String>,
    /// Case-insensitive search in every name, the abbreviation, `hei_id` and city.
    #[param(example = "lipetsk")]
    pub q: Option<String>,
    /// `true`: only our university; `false`: only partners.
    pub is_local: Option<bool>,
    /// Exact SCHAC code.
    pub hei_id: Option<String>,
    /// Erasmus code; spaces are ignored.
    pub erasmus_code: Option<String>,
    /// Only institutions changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(InstitutionPage, InstitutionResponse, "A page of institutions.");

fn with_etag(response: actix_web::HttpResponseBuilder, institution: Institution) -> HttpResponse {
    tagged(response, institution.version, InstitutionResponse::from(institution))
}

/// List institutions
///
/// Our university and the partners, filterable by country, name, EWP identifiers and change
/// time, in stable pages.
#[utoipa::path(
    operation_id = "list_institutions",
    tag = "institutions",
    params(InstitutionQuery),
    responses((status = 200, description = "A page of institutions", body = InstitutionPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "institutions:read"])),
)]
#[get("/institutions")]
pub async fn list_institutions(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<InstitutionQuery>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadInstitutions)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let country = errors.check_opt("country", query.country.as_deref(), CountryCode::parse);
    errors.finish_query()?;
    let filter = InstitutionFilter {
        country: country.map(|c| c.to_string()),
        q: clean(query.q),
        is_local: query.is_local,
        hei_id: clean(query.hei_id).map(|h| h.to_ascii_lowercase()),
        erasmus_code_normalised: clean(query.erasmus_code).map(|c| c.replace(' ', "").to_ascii_uppercase()),
        modified_since: query.modified_since,
    };
    let cache = state.representations.clone();
    let body = db::run(&state.pool, move |conn| {
        let page = institutions::list_versions(conn, &filter, &page)?;
        let load = |ids: &[InstitutionId]| Ok(institutions::find_many(conn, ids)?);
        cached_list_page(
            &cache,
            REPRESENTATION,
            &page,
            load,
            |r| (r.id.as_uuid(), r.version),
            InstitutionResponse::from,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().content_type(header::ContentType::json()).body(body))
}

/// Register an institution
///
/// Adds a partner (or, once, our own university: admins only). `hei_id` and the Erasmus code
/// must be unique; a second local institution is refused (to move it, an admin sets
/// `is_local` on the other institution).
#[utoipa::path(
    operation_id = "create_institution",
    tag = "institutions",
    request_body = InstitutionInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created", body = InstitutionResponse,
        headers(("Location" = String, description = "URL of the new institution"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "institutions:write"])),
)]
#[post("/institutions")]
pub async fn create_institution(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<InstitutionInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteInstitutions)?;
    let data = InstitutionData::try_from(body.0)?;
    if data.is_local {
        principal.require(Access::ChooseLocalInstitution)?;
    }
    db::write(
        &state.pool,
        move |conn| Ok(institutions::insert(conn, &data, Utc::now())?),
        move |institution| {
            let location = format!("/api/v1/institutions/{}", institution.id);
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, location));
            with_etag(response, institution)
        },
    )
    .await
}

/// Get an institution
#[utoipa::path(
    operation_id = "get_institution",
    tag = "institutions",
    params(("id" = Uuid, Path, description = "Institution id")),
    responses((status = 200, description = "The institution", body = InstitutionResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "institutions:read"])),
)]
#[get("/institutions/{id}")]
pub async fn get_institution(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadInstitutions)?;
    let id = InstitutionId::from_uuid(id.into_inner());
    let institution = db::read(&state.pool, move |conn| Ok(institutions::find(conn, id)?)).await?;
    Ok(with_etag(HttpResponse::Ok(), institution))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of an institution: the writable fields of `InstitutionInput`, each optional.
    InstitutionPatch = InstitutionInput, read_only = READ_ONLY
);

/// Change an institution
///
/// A JSON Merge Patch (RFC 7396): send only what changes; `null` clears an optional field.
/// With `If-Match`, the change applies only to that version (else 412). Only admins change
/// `is_local` (403 otherwise): `true` moves "our university" here, and the institution that
/// was local becomes a partner in the same step (a new version of it); `false` on our
/// university is refused (409 `local_institution_required`), since exactly one is ours.
#[utoipa::path(
    operation_id = "update_institution",
    tag = "institutions",
    params(
        ("id" = Uuid, Path, description = "Institution id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = InstitutionPatch, content_type = "application/merge-patch+json",
        description = "The fields of an institution to change", example = json!({"city": "Lipetsk", "ewp_enabled": false})),
    responses((status = 200, description = "The changed institution", body = InstitutionResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "institutions:write"])),
)]
#[patch("/institutions/{id}")]
pub async fn update_institution(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteInstitutions)?;
    let id = InstitutionId::from_uuid(id.into_inner());
    let institution = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = institutions::find(conn, id)?;
            precondition.check(current.version)?;
            let input: InstitutionInput =
                merge_patch::apply_to(&InstitutionResponse::from(current.clone()), patch.0, READ_ONLY)?;
            let data = InstitutionData::try_from(input)?;
            if data.is_local != current.data.is_local {
                principal.require(Access::ChooseLocalInstitution)?;
            }
            let now = Utc::now();
            if current.data.local_change(&data)? == LocalChange::BecomesLocal {
                institutions::release_local(conn, id, now)?;
            }
            Ok(institutions::update(conn, id, current.version, &data, now)?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), institution))
}

/// Delete an institution
///
/// Only while nothing refers to it (units, agreements, mobilities): otherwise 409. Our
/// university cannot be deleted (409 `local_institution_required`; move `is_local` first).
#[utoipa::path(
    operation_id = "delete_institution",
    tag = "institutions",
    params(
        ("id" = Uuid, Path, description = "Institution id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "institutions:write"])),
)]
#[delete("/institutions/{id}")]
pub async fn delete_institution(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteInstitutions)?;
    let id = InstitutionId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = institutions::find(conn, id)?;
            precondition.check(current.version)?;
            current.check_delete()?;
            Ok(institutions::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
