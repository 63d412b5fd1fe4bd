//! `/api/v1/users`: accounts of people (admins only). Accounts are deactivated, not deleted.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::contact::check_email;
use iro_domain::{Role, UnitId, User, UserId};
use iro_persistence::repositories::users::{self, NewUser, UserChanges, UserFilter};
use iro_persistence::repositories::{refresh_tokens, units};
use iro_persistence::{DbConnection, RepoError, write_transaction};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::password::{self, MIN_PASSWORD_LEN};
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::routes::shared::text::{check_text, clean};
use crate::state::AppState;

/// A role, as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    /// Manages users and everything else.
    Admin,
    /// IRO staff, Erasmus+ coordinator.
    Officer,
    /// A faculty's coordinator, scoped to its units.
    FacultyCoordinator,
    /// A student or staff member: own records only.
    Participant,
    /// A service account (normally an integration client, not a user).
    Integration,
    /// Read-only reporting.
    Reporting,
}

impl From<RoleName> for Role {
    fn from(r: RoleName) -> Self {
        match r {
            RoleName::Admin => Role::Admin,
            RoleName::Officer => Role::Officer,
            RoleName::FacultyCoordinator => Role::FacultyCoordinator,
            RoleName::Participant => Role::Participant,
            RoleName::Integration => Role::Integration,
            RoleName::Reporting => Role::Reporting,
        }
    }
}

impl From<Role> for RoleName {
    fn from(r: Role) -> Self {
        match r {
            Role::Admin => RoleName::Admin,
            Role::Officer => RoleName::Officer,
            Role::FacultyCoordinator => RoleName::FacultyCoordinator,
            Role::Participant => RoleName::Participant,
            Role::Integration => RoleName::Integration,
            Role::Reporting => RoleName::Reporting,
        }
    }
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "m.petrova", "password": "a long passphrase", "role": "faculty_coordinator",
    "full_name": "Marija Petrova", "email": "m.petrova@finki.ukim.mk", "unit_ids": ["0193c9a2-0000-7000-8000-000000000001"]}))]
pub struct CreateUserRequest {
    /// Sign-in name: 3–64 characters of letters, digits, `.`, `_`, `-`, `@`; stored lower case.
    #[schema(pattern = r"^[A-Za-z0-9._@-]{3,64}$")]
    pub username: String,
    /// At least 10 characters.
    #[schema(min_length = 10, format = Password)]
    pub password: String,
    /// What the user may do.
    pub role: RoleName,
    /// Display name.
    #[serde(default)]
    pub full_name: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Units a faculty coordinator is responsible for (required for that role only).
    #[serde(default)]
    pub unit_ids: Vec<Uuid>,
}

/// The changeable fields of an account, after a merge patch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatchView {
    /// Role.
    pub role: RoleName,
    /// Display name.
    #[serde(default)]
    pub full_name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// `false` deactivates the account and revokes its tokens.
    pub active: bool,
    /// Units coordinated.
    #[serde(default)]
    pub unit_ids: Vec<Uuid>,
    /// A new password (revokes the user's refresh tokens).
    #[serde(default)]
    pub password: Option<String>,
}

/// An account as the API shows it (never with its password).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b",
    "username": "m.petrova",
    "role": "faculty_coordinator",
    "full_name": "Marija Petrova",
    "email": "m.petrova@finki.ukim.mk",
    "active": true,
    "unit_ids": ["01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b"],
    "version": 2,
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-10-02T10:00:00Z"
}))]
pub struct UserResponse {
    /// Opaque id.
    pub id: Uuid,
    /// Sign-in name.
    pub username: String,
    /// Role.
    pub role: RoleName,
    /// Display name.
    pub full_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// Units coordinated.
    pub unit_ids: Vec<Uuid>,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When the account last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<User> for UserResponse {
    fn from(u: User) -> Self {
        UserResponse {
            id: u.id.as_uuid(),
            username: u.username,
            role: u.role.into(),
            full_name: u.full_name,
            email: u.email,
            active: u.active,
            unit_ids: u.unit_ids.iter().map(UnitId::as_uuid).collect(),
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

const READ_ONLY: &[&str] = &["id", "username", "version", "created_at", "updated_at"];

/// Checks and normalises a username.
pub fn parse_username(errors: &mut FieldErrors, username: &str) -> Option<String> {
    let lower = username.trim().to_lowercase();
    let ok = (3..=64).contains(&lower.len())
        && lower.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b));
    if ok {
        Some(lower)
    } else {
        errors.push(FieldError::new(
            "username",
            "format",
            "username must be 3–64 letters, digits, '.', '_', '-' or '@'",
        ));
        None
    }
}

/// Checks a new password's length.
pub fn check_password(errors: &mut FieldErrors, password: &str) {
    if password.chars().count() < MIN_PASSWORD_LEN {
        errors.push(FieldError::new(
            "password",
            "range",
            format!("password must have at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
}

fn check_profile(errors: &mut FieldErrors, role: Role, email: &Option<String>, unit_ids: &[Uuid]) {
    errors.check_opt("email", email.as_deref(), check_email);
    errors.check("unit_ids", role.check_unit_count(unit_ids.len()));
}

/// Refuses unit ids that name no unit.
fn check_units_exist(conn: &mut DbConnection, unit_ids: &[UnitId]) -> ApiResult<()> {
    let mut errors = FieldErrors::default();
    for (i, unit) in unit_ids.iter().enumerate() {
        match units::find_by_id(conn, *unit) {
            Ok(_) => {}
            Err(RepoError::NotFound) => {
                errors.push(FieldError::new(format!("unit_ids[{i}]"), "unknown", "no such unit"))
            }
            Err(other) => return Err(other.into()),
        }
    }
    errors.finish()
}

/// Filters and paging of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Only this role.
    pub role: Option<RoleName>,
    /// Only active (`true`) or deactivated (`false`) accounts.
    pub active: Option<bool>,
    /// Search in username, name and email.
    pub q: Option<String>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

crate::page_type!(UserPage, UserResponse, "A page of user accounts.");

fn with_etag(response: actix_web::HttpResponseBuilder, user: User) -> HttpResponse {
    tagged(response, user.version, UserResponse::from(user))
}

/// List user accounts
#[utoipa::path(
    tag = "users",
    params(UserQuery),
    responses((status = 200, description = "A page of accounts", body = UserPage)),
    security(("bearer" = ["admin"])),
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<UserQuery>,
) -> ApiResult<web::Json<UserPage>> {
    principal.require(Access::ManageUsers)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = UserFilter { role: query.role.map(Role::from), active: query.active, q: clean(query.q) };
    let page = db::run(&state.pool, move |conn| Ok(users::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, UserResponse::from).into()))
}

/// Create a user account
#[utoipa::path(
    tag = "users",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = CreateUserRequest,
    responses((status = 201, description = "Created", body = UserResponse,
        headers(("Location" = String, description = "URL of the new account"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin"])),
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ManageUsers)?;
    let input = body.0;
    let mut errors = FieldErrors::default();
    let username = parse_username(&mut errors, &input.username);
    check_password(&mut errors, &input.password);
    let role = Role::from(input.role);
    let email = check_text(&mut errors, "email", input.email, 254, false);
    let full_name = check_text(&mut errors, "full_name", input.full_name, 200, false);
    check_profile(&mut errors, role, &email, &input.unit_ids);
    let username = errors.finish_with(|| username)?;
    let new_user = NewUser {
        username,
        password_hash: String::new(),
        role,
        full_name,
        email,
        unit_ids: input.unit_ids.into_iter().map(UnitId::from_uuid).collect(),
    };
    let plain = input.password;
    let user = db::run(&state.pool, move |conn| {
        let new_user = NewUser { password_hash: password::hash(&plain)?, ..new_user };
        write_transaction(conn, |conn| {
            check_units_exist(conn, &new_user.unit_ids)?;
            Ok(users::insert(conn, &new_user, Utc::now())?)
        })
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/users/{}", user.id)));
    Ok(with_etag(response, user))
}

/// Get a user account
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The account", body = UserResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin"])),
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ManageUsers)?;
    let id = UserId::from_uuid(id.into_inner());
    let user = db::run(&state.pool, move |conn| Ok(users::find(conn, id)?)).await?;
    Ok(with_etag(HttpResponse::Ok(), user))
}

/// Change a user account
///
/// A JSON Merge Patch over `role`, `full_name`, `email`, `active`, `unit_ids` and `password`.
/// Deactivating an account or changing its password revokes its refresh tokens, and its
/// access tokens stop working at once. The last active admin cannot be demoted or deactivated.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on")),
    request_body(content = Object, content_type = "application/merge-patch+json",
        description = "Fields of UserPatchView to change", example = json!({"active": false})),
    responses((status = 200, description = "The changed account", body = UserResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin"])),
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ManageUsers)?;
    let id = UserId::from_uuid(id.into_inner());
    let user = db::run(&state.pool, move |conn| {
        // Hashing is slow; do it before taking the write lock.
        let new_password = patch.0.get("password").and_then(|p| p.as_str()).map(str::to_owned);
        let new_hash = match &new_password {
            Some(p) if p.chars().count() >= MIN_PASSWORD_LEN => Some(password::hash(p)?),
            _ => None,
        };
        write_transaction(conn, |conn| {
            let current = users::find(conn, id)?;
            precondition.check(current.version)?;
            let view: UserPatchView = merge_patch::apply_to(&UserResponse::from(current.clone()), patch.0, READ_ONLY)?;
            let role = Role::from(view.role);
            let mut errors = FieldErrors::default();
            if let Some(p) = &view.password {
                check_password(&mut errors, p);
            }
            let email = check_text(&mut errors, "email", view.email, 254, false);
            let full_name = check_text(&mut errors, "full_name", view.full_name, 200, false);
            check_profile(&mut errors, role, &email, &view.unit_ids);
            errors.finish()?;
            let unit_ids: Vec<UnitId> = view.unit_ids.into_iter().map(UnitId::from_uuid).collect();
            check_units_exist(conn, &unit_ids)?;
            let stays_admin = role == Role::Admin && view.active;
            if current.role == Role::Admin
                && current.active
                && !stays_admin
                && users::count_active_admins_locked(conn)? < 2
            {
                return Err(ApiError::Conflict {
                    code: "last_admin",
                    detail: "this is the last active admin; appoint another admin first".to_owned(),
                    errors: vec![],
                });
            }
            let changes =
                UserChanges { role, full_name, email, active: view.active, unit_ids, password_hash: new_hash };
            let now = Utc::now();
            let updated = users::update(conn, id, current.version, &changes, now)?;
            if !updated.active || changes.password_hash.is_some() {
                refresh_tokens::revoke_user(conn, id, now)?;
            }
            Ok(updated)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), user))
}
