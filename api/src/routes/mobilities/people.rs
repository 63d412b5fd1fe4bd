//! `/api/v1/people`: students and staff, ours and partners' (issue 4 item 1).
//!
//! Personal data is visible only to officers and admins (and integrations with
//! `people:read`), to the coordinators of the person's unit or of a unit that sends or hosts
//! one of their mobilities, and to the person themself (through the linked account). Anyone
//! else is answered 404, so a person's existence does not leak.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::person::{ISO_5218_CODES, Person, PersonData};
use iro_domain::{CountryCode, EqfLevel, InstitutionId, IscedCode, PersonId, Role, UnitId, UserId};
use iro_persistence::repositories::people::{self, PersonFilter, PersonScope};
use iro_persistence::repositories::{institutions, users};
use iro_persistence::{DbConnection, RepoError, write_transaction};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::policy::linkable_to_person;
use crate::auth::{Access, Principal, Subject};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation::{self, rules, trim};
use crate::routes::mobilities::mobility::ParticipantKindName;
use crate::routes::shared::references::unit_of;
use crate::state::AppState;

/// A person as a client writes it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "given_names": "Ana", "family_name": "Petrovska", "email": "ana.petrovska@students.finki.ukim.mk",
    "birth_date": "2003-04-12", "citizenships": ["MK"], "gender": 2,
    "home_institution_id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b", "kind": "student",
    "eqf_level": 6, "isced_f_code": "0613"
}))]
pub struct PersonInput {
    /// Given names (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "given_names must not be blank"),
        custom(function = "rules::single_line")
    )]
    pub given_names: String,
    /// Family name (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "family_name must not be blank"),
        custom(function = "rules::single_line")
    )]
    pub family_name: String,
    /// E-mail address.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(format = Email, max_length = 254)]
    #[validate(length(max = 254), custom(function = "rules::email"))]
    pub email: Option<String>,
    /// Date of birth.
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// Citizenships (ISO 3166-1 alpha-2).
    #[serde(default)]
    #[validate(length(max = 10, message = "at most 10 citizenships"))]
    #[schema(max_items = 10)]
    pub citizenships: Vec<String>,
    /// ISO 5218 sex: 0 not known, 1 male, 2 female, 9 not applicable.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 9)]
    #[validate(range(max = 9))]
    pub gender: Option<u8>,
    /// The person's institution.
    pub home_institution_id: Uuid,
    /// The person's unit at that institution.
    #[serde(default)]
    pub home_unit_id: Option<Uuid>,
    /// Student or staff.
    pub kind: ParticipantKindName,
    /// Students: EQF level of the study cycle (1–8).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 8)]
    pub eqf_level: Option<u8>,
    /// Students: ISCED-F code of the field of study.
    #[serde(default)]
    pub isced_f_code: Option<String>,
    /// Staff: position.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub position: Option<String>,
    /// European Student Identifier.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub esi: Option<String>,
    /// Erasmus+ participant with fewer opportunities.
    #[serde(default)]
    pub fewer_opportunities: bool,
    /// Special needs (restricted: shown only to officers, admins and the person). Only
    /// officers and admins may send this field in a change (403 otherwise, even unchanged or
    /// `null`): whoever cannot read it must not overwrite or erase it.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub special_needs: Option<String>,
    /// The participant account of this person: the person themself, who then reads the record,
    /// its mobilities and checklist. Only officers and admins set or change it (403 otherwise),
    /// and only to a participant account (422 `role` on `user_id` otherwise).
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// A person as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonResponse {
    /// Id.
    pub id: Uuid,
    /// Given names.
    pub given_names: String,
    /// Family name.
    pub family_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Citizenships.
    pub citizenships: Vec<String>,
    /// ISO 5218 sex.
    pub gender: Option<u8>,
    /// Institution.
    pub home_institution_id: Uuid,
    /// Unit.
    pub home_unit_id: Option<Uuid>,
    /// Student or staff.
    pub kind: ParticipantKindName,
    /// EQF level.
    pub eqf_level: Option<u8>,
    /// ISCED-F code.
    pub isced_f_code: Option<String>,
    /// Position.
    pub position: Option<String>,
    /// European Student Identifier.
    pub esi: Option<String>,
    /// Fewer opportunities.
    pub fewer_opportunities: bool,
    /// Special needs; `null` for callers who may not see them.
    pub special_needs: Option<String>,
    /// Linked participant account.
    pub user_id: Option<Uuid>,
    /// When the personal data was erased.
    pub anonymised_at: Option<DateTime<Utc>>,
    /// Version (also the ETag).
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Person> for PersonResponse {
    fn from(p: Person) -> Self {
        let d = p.data;
        PersonResponse {
            id: p.id.as_uuid(),
            given_names: d.given_names,
            family_name: d.family_name,
            email: d.email,
            birth_date: d.birth_date,
            citizenships: d.citizenships.iter().map(|c| c.as_str().to_owned()).collect(),
            gender: d.gender,
            home_institution_id: d.home_institution_id.as_uuid(),
            home_unit_id: d.home_unit_id.map(|u| u.as_uuid()),
            kind: d.kind.into(),
            eqf_level: d.eqf_level.map(EqfLevel::value),
            isced_f_code: d.isced_f_code.map(|c| c.as_str().to_owned()),
            position: d.position,
            esi: d.esi,
            fewer_opportunities: d.fewer_opportunities,
            special_needs: d.special_needs,
            user_id: d.user_id.map(|u| u.as_uuid()),
            anonymised_at: p.anonymised_at,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Fields a merge patch may send back unchanged but never change.
const READ_ONLY: &[&str] = &["id", "anonymised_at", "version", "created_at", "updated_at"];

impl TryFrom<PersonInput> for PersonData {
    type Error = ApiError;

    fn try_from(input: PersonInput) -> Result<Self, Self::Error> {
        // Lengths, blanks, control characters and the e-mail's shape are declared on the body;
        // the domain's parsers add theirs, so one answer names every invalid field.
        let mut errors = validation::errors_of(&input);
        let mut citizenships = Vec::new();
        for (i, c) in input.citizenships.iter().enumerate() {
            if let Some(code) = errors.check(format!("citizenships[{i}]"), CountryCode::parse(c)) {
                citizenships.push(code);
            }
        }
        if let Some(g) = input.gender
            && !errors.has("gender")
            && !ISO_5218_CODES.contains(&g)
        {
            errors.push(FieldError::new(
                "gender",
                "range",
                format!("gender must be an ISO 5218 code (0, 1, 2 or 9), got {g}"),
            ));
        }
        let eqf_level = errors.check_opt("eqf_level", input.eqf_level, EqfLevel::new);
        let isced_f_code = errors.check_opt("isced_f_code", input.isced_f_code.as_deref(), IscedCode::parse);
        errors.finish_with(|| {
            Some(PersonData {
                given_names: input.given_names,
                family_name: input.family_name,
                email: input.email,
                birth_date: input.birth_date,
                citizenships,
                gender: input.gender,
                home_institution_id: InstitutionId::from_uuid(input.home_institution_id),
                home_unit_id: input.home_unit_id.map(UnitId::from_uuid),
                kind: input.kind.into(),
                eqf_level,
                isced_f_code,
                position: input.position,
                esi: input.esi,
                fewer_opportunities: input.fewer_opportunities,
                special_needs: input.special_needs,
                user_id: input.user_id.map(UserId::from_uuid),
            })
        })
    }
}

/// The response for `principal`: special needs only for officers, admins and the person.
fn response_for(principal: &Principal, person: Person) -> PersonResponse {
    let sees = principal.sees_restricted_personal_data(person.data.user_id);
    let mut response = PersonResponse::from(person);
    if !sees {
        response.special_needs = None;
    }
    response
}

fn with_etag(principal: &Principal, response: actix_web::HttpResponseBuilder, person: Person) -> HttpResponse {
    let version = person.version;
    tagged(response, version, response_for(principal, person))
}

/// Whether the person is the caller themself (a participant account, linked to the person).
fn is_self(principal: &Principal, person: &Person) -> bool {
    principal.is_account_of(person.data.user_id)
}

/// The people the caller may see.
pub fn scope_of(principal: &Principal) -> PersonScope {
    match (principal.role, principal.subject) {
        (Role::FacultyCoordinator, _) => PersonScope::Units(principal.unit_ids.clone()),
        (Role::Participant, Subject::User(user)) => PersonScope::Account(user),
        (Role::Participant, Subject::Client(_)) => PersonScope::Units(vec![]),
        _ => PersonScope::All,
    }
}

/// Finds a person the caller may see (404 otherwise).
pub fn find_visible(conn: &mut DbConnection, principal: &Principal, id: PersonId) -> ApiResult<Person> {
    let person = people::find(conn, id)?;
    let visible = match scope_of(principal) {
        PersonScope::All => true,
        PersonScope::Account(_) => is_self(principal, &person),
        PersonScope::Units(units) => {
            person.data.home_unit_id.is_some_and(|u| units.contains(&u))
                || people::has_mobility_of_units(conn, id, &units)?
        }
    };
    if visible { Ok(person) } else { Err(RepoError::NotFound.into()) }
}

/// Refuses a write a faculty coordinator may not make: only people of their own units.
fn require_write(principal: &Principal, data: &PersonData) -> ApiResult<()> {
    principal.require(Access::WritePeople)?;
    if principal.role == Role::FacultyCoordinator && !data.home_unit_id.is_some_and(|u| principal.coordinates(u)) {
        return Err(ApiError::Forbidden(
            "a faculty coordinator manages only people whose home_unit_id is one of their units".to_owned(),
        ));
    }
    Ok(())
}

/// Checks the references the database must confirm. A new account link (`user_id` other than
/// `linked_before`) must name a participant account.
fn check_references(conn: &mut DbConnection, data: &PersonData, linked_before: Option<UserId>) -> ApiResult<()> {
    let mut errors = Vec::new();
    match institutions::find(conn, data.home_institution_id) {
        Ok(_) => {
            if let Some(unit) = data.home_unit_id
                && !unit_of(conn, Some(data.home_institution_id), unit)?
            {
                errors.push(FieldError::new(
                    "home_unit_id",
                    "unknown",
                    "home_unit_id must name a unit of the home institution",
                ));
            }
        }
        Err(RepoError::NotFound) => {
            errors.push(FieldError::new("home_institution_id", "unknown", "no institution has this id"))
        }
        Err(other) => return Err(other.into()),
    }
    if let Some(user) = data.user_id.filter(|user| linked_before != Some(*user)) {
        match users::find(conn, user) {
            Ok(account) if linkable_to_person(account.role) => {}
            Ok(account) => errors.push(FieldError::new(
                "user_id",
                "role",
                format!("user_id must name a participant account; this one is a {} account", account.role),
            )),
            Err(RepoError::NotFound) => {
                errors.push(FieldError::new("user_id", "unknown", "no user account has this id"))
            }
            Err(other) => return Err(other.into()),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Filters and paging of the people list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonQuery {
    /// `student` or `staff`.
    #[param(inline)]
    pub kind: Option<ParticipantKindName>,
    /// Only people of this institution.
    pub home_institution_id: Option<Uuid>,
    /// Only people of this unit.
    pub home_unit_id: Option<Uuid>,
    /// Only the person linked to this account.
    pub user_id: Option<Uuid>,
    /// Only people changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(PersonPage, PersonResponse, "A page of people.");

/// List people
///
/// The people the caller may see: everyone for officers and admins, the people of their units
/// (or with a mobility their units send or host) for coordinators, themself for participants.
#[utoipa::path(
    operation_id = "list_people",
    tag = "people",
    params(PersonQuery),
    responses((status = 200, description = "A page of people", body = PersonPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "people:read"])),
)]
#[get("/people")]
pub async fn list_people(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<PersonQuery>,
) -> ApiResult<web::Json<PersonPage>> {
    principal.require(Access::ReadPeople)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = PersonFilter {
        kind: query.kind.map(Into::into),
        home_institution_id: query.home_institution_id.map(InstitutionId::from_uuid),
        home_unit_id: query.home_unit_id.map(UnitId::from_uuid),
        user_id: query.user_id.map(UserId::from_uuid),
        modified_since: query.modified_since,
        scope: scope_of(&principal),
    };
    let page = db::run(&state.pool, move |conn| Ok(people::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, |p| response_for(&principal, p)).into()))
}

/// Register a person
///
/// A student or staff member, ours or a partner's. The home institution (and unit) must exist;
/// `user_id` links a participant account (officers and admins only). Coordinators register
/// people of their own units.
#[utoipa::path(
    operation_id = "create_person",
    tag = "people",
    request_body = PersonInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    responses((status = 201, description = "Created", body = PersonResponse,
        headers(("Location" = String, description = "URL of the new person"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "people:write"])),
)]
#[post("/people")]
pub async fn create_person(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<PersonInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WritePeople)?;
    let data = PersonData::try_from(body.0)?;
    require_write(&principal, &data)?;
    if data.user_id.is_some() {
        principal.require_person_account_link()?;
    }
    db::write(
        &state.pool,
        move |conn| {
            check_references(conn, &data, None)?;
            Ok(people::insert(conn, &data, Utc::now())?)
        },
        move |person| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/people/{}", person.id)));
            with_etag(&principal, response, person)
        },
    )
    .await
}

/// Get a person
///
/// 404 when the caller may not see the person.
#[utoipa::path(
    operation_id = "get_person",
    tag = "people",
    params(("id" = Uuid, Path, description = "Person id")),
    responses((status = 200, description = "The person", body = PersonResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "people:read"])),
)]
#[get("/people/{id}")]
pub async fn get_person(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadPeople)?;
    let id = PersonId::from_uuid(id.into_inner());
    let reader = principal.clone();
    let person = db::read(&state.pool, move |conn| find_visible(conn, &reader, id)).await?;
    Ok(with_etag(&principal, HttpResponse::Ok(), person))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a person: the writable fields of `PersonInput`, each optional.
    PersonPatch = PersonInput, read_only = READ_ONLY
);

/// Change a person
///
/// A JSON Merge Patch (RFC 7396) over the fields of PersonInput. With `If-Match`, only that
/// version is changed (else 412). An anonymised person cannot be changed (409). Changing
/// `user_id` and sending `special_needs` are for officers and admins (403 otherwise).
#[utoipa::path(
    operation_id = "update_person",
    tag = "people",
    params(
        ("id" = Uuid, Path, description = "Person id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = PersonPatch, content_type = "application/merge-patch+json",
        description = "The fields of a person to change", example = json!({"email": "ana@example.org"})),
    responses((status = 200, description = "The changed person", body = PersonResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "people:write"])),
)]
#[patch("/people/{id}")]
pub async fn update_person(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WritePeople)?;
    let id = PersonId::from_uuid(id.into_inner());
    let writer = principal.clone();
    let person = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| patch_person(conn, &writer, &precondition, id, patch.0))
    })
    .await?;
    Ok(with_etag(&principal, HttpResponse::Ok(), person))
}

/// Applies a merge patch to a person inside the write transaction: the caller's right to the
/// record before and after, the version, erased records, restricted fields and account links.
fn patch_person(
    conn: &mut DbConnection,
    writer: &Principal,
    precondition: &IfMatch,
    id: PersonId,
    patch: serde_json::Value,
) -> ApiResult<Person> {
    let current = find_visible(conn, writer, id)?;
    require_write(writer, &current.data)?;
    precondition.check(current.version)?;
    if current.anonymised_at.is_some() {
        return Err(ApiError::Conflict {
            code: "person_anonymised",
            detail: "the personal data of this person was erased; it cannot be changed".to_owned(),
            errors: vec![],
        });
    }
    // Refused whenever the patch names the field, even unchanged or null: a caller who cannot
    // read special needs must not erase them, nor learn whether any are stored.
    if patch.get("special_needs").is_some() {
        writer.require_restricted_personal_data_write()?;
    }
    let input: PersonInput = merge_patch::apply_to(&PersonResponse::from(current.clone()), patch, READ_ONLY)?;
    let data = PersonData::try_from(input)?;
    require_write(writer, &data)?;
    if data.user_id != current.data.user_id {
        writer.require_person_account_link()?;
    }
    check_references(conn, &data, current.data.user_id)?;
    Ok(people::update(conn, id, current.version, &data, Utc::now())?)
}

/// Delete a person
///
/// Only a person without mobilities (409 `in_use` otherwise; anonymise instead).
#[utoipa::path(
    operation_id = "delete_person",
    tag = "people",
    params(
        ("id" = Uuid, Path, description = "Person id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version to delete"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "people:write"])),
)]
#[delete("/people/{id}")]
pub async fn delete_person(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WritePeople)?;
    let id = PersonId::from_uuid(id.into_inner());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = find_visible(conn, &principal, id)?;
            require_write(&principal, &current.data)?;
            precondition.check(current.version)?;
            Ok(people::delete(conn, id)?)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Anonymise a person
///
/// Erases names, contact, birth date, citizenships, identifiers, special needs and the account
/// link, keeping kind, institution, unit, EQF, ISCED, gender and fewer-opportunities, so the
/// statistics stay intact. Cannot be undone. Admins only.
#[utoipa::path(
    operation_id = "anonymise_person",
    tag = "people",
    params(("id" = Uuid, Path, description = "Person id")),
    responses((status = 200, description = "The anonymised person", body = PersonResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin"])),
)]
#[post("/people/{id}/anonymise")]
pub async fn anonymise_person(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::AnonymisePeople)?;
    let id = PersonId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| Ok(people::anonymise(conn, id, Utc::now())?),
        move |person| with_etag(&principal, HttpResponse::Ok(), person),
    )
    .await
}
