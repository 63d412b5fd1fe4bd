//! `/api/v1/users`: accounts of people (admins only). Accounts are deactivated, not deleted.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::{Role, UnitId, User, UserId};
use iro_persistence::repositories::users::{self, NewUser, UserChanges, UserFilter};
use iro_persistence::repositories::{refresh_tokens, units};
use iro_persistence::{DbConnection, RepoError, write_transaction};
use regex::Regex;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::password::{self, MIN_PASSWORD_LEN};
use crate::auth::{Access, Principal, Subject};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation::{self, rules, trim};
use crate::routes::shared::text::clean;
use crate::state::AppState;

/// The shortest password accepted, in the unit `validator` counts a length in.
const MIN_PASSWORD_CHARS: u64 = MIN_PASSWORD_LEN as u64;

/// A sign-in name as typed (it is stored lower case).
static USERNAME: LazyLock<Regex> = LazyLock::new(|| rules::pattern(r"^[A-Za-z0-9._@-]{3,64}$"));

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
    /// The Student Organization: sees and answers the inquiries routed to it (student life).
    StudentOrganization,
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
            RoleName::StudentOrganization => Role::StudentOrganization,
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
            Role::StudentOrganization => RoleName::StudentOrganization,
        }
    }
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "m.petrova", "password": "a long passphrase", "role": "faculty_coordinator",
    "full_name": "Marija Petrova", "email": "m.petrova@finki.ukim.mk", "unit_ids": ["0193c9a2-0000-7000-8000-000000000001"]}))]
pub struct CreateUserRequest {
    /// Sign-in name: 3–64 characters of letters, digits, `.`, `_`, `-`, `@`; stored lower case.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(pattern = r"^[A-Za-z0-9._@-]{3,64}$")]
    #[validate(regex(path = *USERNAME, message = "username must be 3–64 letters, digits, '.', '_', '-' or '@'"))]
    pub username: String,
    /// At least 10 characters.
    #[schema(min_length = 10, format = Password)]
    #[validate(length(min = MIN_PASSWORD_CHARS))]
    pub password: String,
    /// What the user may do.
    pub role: RoleName,
    /// Display name.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub full_name: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(format = Email, max_length = 254)]
    #[validate(length(max = 254), custom(function = "rules::email"))]
    pub email: Option<String>,
    /// Units a faculty coordinator is responsible for (required for that role only).
    #[serde(default)]
    #[validate(length(max = 50, message = "a user coordinates at most 50 units"))]
    #[schema(max_items = 50)]
    pub unit_ids: Vec<Uuid>,
}

/// The changeable fields of an account, after a merge patch.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UserPatchView {
    /// Role.
    pub role: RoleName,
    /// Display name.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub full_name: Option<String>,
    /// Email.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(format = Email, max_length = 254)]
    #[validate(length(max = 254), custom(function = "rules::email"))]
    pub email: Option<String>,
    /// `false` deactivates the account and revokes its tokens.
    pub active: bool,
    /// Units coordinated.
    #[serde(default)]
    #[validate(length(max = 50, message = "a user coordinates at most 50 units"))]
    #[schema(max_items = 50)]
    pub unit_ids: Vec<Uuid>,
    /// A new password of at least 10 characters (revokes the user's refresh tokens).
    #[serde(default)]
    #[schema(min_length = 10, format = Password)]
    #[validate(length(min = MIN_PASSWORD_CHARS))]
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

/// A checked new account and its password, which is hashed on the blocking pool.
#[derive(Debug)]
pub struct NewAccount {
    /// The account, its password hash still empty.
    user: NewUser,
    /// The password to hash.
    password: String,
}

impl NewAccount {
    /// The account with its password hashed (slow: call it off the async executor).
    fn hashed(self) -> ApiResult<NewUser> {
        Ok(NewUser { password_hash: password::hash(&self.password)?, ..self.user })
    }
}

impl TryFrom<CreateUserRequest> for NewAccount {
    type Error = ApiError;

    fn try_from(input: CreateUserRequest) -> ApiResult<Self> {
        let mut errors = validation::errors_of(&input);
        let role = Role::from(input.role);
        errors.check("unit_ids", role.check_unit_count(input.unit_ids.len()));
        errors.finish()?;
        let user = NewUser {
            username: input.username.to_lowercase(),
            password_hash: String::new(),
            role,
            full_name: input.full_name,
            email: input.email,
            unit_ids: input.unit_ids.into_iter().map(UnitId::from_uuid).collect(),
        };
        Ok(NewAccount { user, password: input.password })
    }
}

impl TryFrom<UserPatchView> for UserChanges {
    type Error = ApiError;

    /// The changes without a password hash: the handler hashes a new password before it takes
    /// the write lock and adds it.
    fn try_from(view: UserPatchView) -> ApiResult<Self> {
        let mut errors = validation::errors_of(&view);
        let role = Role::from(view.role);
        errors.check("unit_ids", role.check_unit_count(view.unit_ids.len()));
        errors.finish()?;
        Ok(UserChanges {
            role,
            full_name: view.full_name,
            email: view.email,
            active: view.active,
            unit_ids: view.unit_ids.into_iter().map(UnitId::from_uuid).collect(),
            password_hash: None,
        })
    }
}

/// The hash of the new password a patch sets, if it sets one long enough to be accepted (a
/// shorter one is refused by the view's validation; hashing it would be wasted time).
fn new_password_hash(patch: &serde_json::Value) -> ApiResult<Option<String>> {
    match patch.get("password").and_then(|p| p.as_str()) {
        Some(p) if p.chars().count() >= MIN_PASSWORD_LEN => Ok(Some(password::hash(p)?)),
        _ => Ok(None),
    }
}

/// Refuses a change that would leave no active admin: demoting or deactivating the last one.
fn refuse_removing_last_admin(conn: &mut DbConnection, current: &User, changes: &UserChanges) -> ApiResult<()> {
    let stays_admin = changes.role == Role::Admin && changes.active;
    if current.role == Role::Admin && current.active && !stays_admin && users::count_active_admins_locked(conn)? < 2 {
        return Err(ApiError::Conflict {
            code: "last_admin",
            detail: "this is the last active admin; appoint another admin first".to_owned(),
            errors: vec![],
        });
    }
    Ok(())
}

/// Applies a merge patch to the account inside the write transaction: the version check,
/// the rules, then the update; deactivating or a new password revokes its refresh tokens.
fn patch_user(
    conn: &mut DbConnection,
    id: UserId,
    precondition: &IfMatch,
    patch: serde_json::Value,
    password_hash: Option<String>,
) -> ApiResult<User> {
    let current = users::find(conn, id)?;
    precondition.check(current.version)?;
    let view: UserPatchView = merge_patch::apply_to(&UserResponse::from(current.clone()), patch, READ_ONLY)?;
    let changes = UserChanges { password_hash, ..UserChanges::try_from(view)? };
    check_units_exist(conn, &changes.unit_ids)?;
    refuse_removing_last_admin(conn, &current, &changes)?;
    let now = Utc::now();
    let updated = users::update(conn, id, current.version, &changes, now)?;
    if !updated.active || changes.password_hash.is_some() {
        refresh_tokens::revoke_user(conn, id, now)?;
    }
    Ok(updated)
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
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(UserPage, UserResponse, "A page of user accounts.");

fn with_etag(response: actix_web::HttpResponseBuilder, user: User) -> HttpResponse {
    tagged(response, user.version, UserResponse::from(user))
}

/// List user accounts
#[utoipa::path(
    operation_id = "list_users",
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
    operation_id = "create_user",
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
    let account = NewAccount::try_from(body.0)?;
    // Hashed before the transaction, which would otherwise hold the write lock meanwhile.
    let new_user = web::block(move || account.hashed()).await??;
    db::write(
        &state.pool,
        move |conn| {
            check_units_exist(conn, &new_user.unit_ids)?;
            Ok(users::insert(conn, &new_user, Utc::now())?)
        },
        move |user| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/users/{}", user.id)));
            with_etag(response, user)
        },
    )
    .await
}

/// Get a user account
#[utoipa::path(
    operation_id = "get_user",
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
    let user = db::read(&state.pool, move |conn| Ok(users::find(conn, id)?)).await?;
    Ok(with_etag(HttpResponse::Ok(), user))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a user account: the writable fields of `UserPatchView`, each optional.
    UserPatch = UserPatchView, read_only = READ_ONLY
);

/// Change a user account
///
/// A JSON Merge Patch over `role`, `full_name`, `email`, `active`, `unit_ids` and `password`.
/// Deactivating an account or changing its password revokes its refresh tokens, and its
/// access tokens stop working at once. The last active admin cannot be demoted or deactivated.
#[utoipa::path(
    operation_id = "update_user",
    tag = "users",
    params(("id" = Uuid, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on")),
    request_body(content = UserPatch, content_type = "application/merge-patch+json",
        description = "The fields of a user account to change", example = json!({"active": false})),
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
        let password_hash = new_password_hash(&patch.0)?;
        write_transaction(conn, |conn| patch_user(conn, id, &precondition, patch.0, password_hash))
    })
    .await;
    // Committed or not, the cached copy goes: the next request reads the account as it is.
    state.accounts.forget(Subject::User(id));
    Ok(with_etag(HttpResponse::Ok(), user?))
}
