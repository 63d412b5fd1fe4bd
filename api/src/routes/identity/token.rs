//! `/api/v1/auth`: the OAuth 2.0 token endpoint (RFC 6749) and token revocation (RFC 7009).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration, Utc};
use iro_domain::Scope;
use iro_persistence::repositories::{clients, refresh_tokens, users};
use iro_persistence::{DbConnection, RepoError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Subject;
use crate::auth::hashing::Admission;
use crate::auth::password::{self, secret_digest};
use crate::auth::throttle::SignInAttempt;
use crate::db;
use crate::error::ApiError;
use crate::error::oauth::{OAuthError, TokenError};
use crate::http::client_address::client_address;
use crate::http::json_body::{body_error, from_value, parse_value};
use crate::routes::shared::text::is_refused;
use crate::state::AppState;

/// A token request, as a form (`application/x-www-form-urlencoded`, RFC 6749) or JSON.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"grant_type": "password", "username": "admin", "password": "…"}))]
pub struct TokenRequest {
    /// `password`, `client_credentials` or `refresh_token`.
    pub grant_type: String,
    /// For `password`.
    #[serde(default)]
    pub username: Option<String>,
    /// For `password`.
    #[serde(default)]
    pub password: Option<String>,
    /// For `client_credentials` (or HTTP Basic authentication).
    #[serde(default)]
    pub client_id: Option<String>,
    /// For `client_credentials` (or HTTP Basic authentication).
    #[serde(default)]
    pub client_secret: Option<String>,
    /// For `refresh_token`.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Space-separated scopes requested (clients: a subset of their scopes).
    #[serde(default)]
    pub scope: Option<String>,
}

/// A successful token response (RFC 6749 §5.1).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyOi4uLiJ9.c2lnbmF0dXJl", "token_type": "Bearer",
    "expires_in": 900, "refresh_token": "q0vJ3cQ6o5x2YtV8nE1rK4wZ7bH9mD2sL6pF0aG3uI", "scope": "role:officer"}))]
pub struct TokenResponse {
    /// The JWT access token.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// A single-use refresh token (people only; integration clients sign in again).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// What the token allows: `role:<role>` for people, the granted scopes for clients.
    pub scope: String,
}

/// Reads a form or JSON body into `T`.
async fn read_body<T: serde::de::DeserializeOwned + 'static>(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<T, TokenError> {
    let bytes = payload.to_bytes_limited(16 * 1024).await.map_err(|_| ApiError::PayloadTooLarge(16 * 1024))?;
    let bytes = bytes.map_err(|e| body_error(&e))?;
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| TokenError::invalid_request(format!("the form is invalid: {e}"))),
        // Malformed JSON is an RFC 6749 `invalid_request` (§5.2), like a malformed form, so
        // this endpoint answers every 400 as the OAuthError it documents.
        "application/json" => from_value(
            parse_value(&bytes).map_err(|_| TokenError::invalid_request("the body is not well-formed JSON"))?,
        )
        .map_err(|_| TokenError::invalid_request("the JSON body is invalid")),
        _ => Err(TokenError::Api(ApiError::UnsupportedMediaType(
            "send application/x-www-form-urlencoded (RFC 6749) or application/json".to_owned(),
        ))),
    }
}

/// Client credentials from an HTTP Basic `Authorization` header (RFC 6749 §2.3.1).
fn basic_credentials(req: &HttpRequest) -> Option<(String, String)> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, TokenError> {
    value.as_deref().filter(|v| !v.is_empty()).ok_or_else(|| TokenError::invalid_request(format!("{name} is required")))
}

/// Refuses a name (username, client id) with control characters: no account has one, and
/// PostgreSQL cannot even look one with NUL up, so such a request is malformed (refused before
/// it is counted or checked, whoever it names).
fn check_name(value: &str, name: &str) -> Result<(), TokenError> {
    if value.chars().any(|c| is_refused(c, false)) {
        return Err(TokenError::invalid_request(format!("{name} must not contain control characters")));
    }
    Ok(())
}

/// Issues an access token and, for people, a new refresh token in `family`.
fn issue(
    conn: &mut DbConnection,
    state: &AppState,
    subject: Subject,
    role: &str,
    scope: &str,
    family: Option<String>,
    now: DateTime<Utc>,
) -> Result<TokenResponse, TokenError> {
    let access_token = state.keys.issue(&subject.to_sub(), role, scope, now)?;
    let refresh_token = match subject {
        Subject::User(user) => {
            let token = password::random_secret();
            let family = family.unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            let expires = now + Duration::seconds(i64::from(state.settings.refresh_token_ttl));
            refresh_tokens::insert(conn, &secret_digest(&token), &family, user, scope, now, expires)?;
            Some(token)
        }
        Subject::Client(_) => None,
    };
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer".to_owned(),
        expires_in: state.keys.access_ttl,
        refresh_token,
        scope: scope.to_owned(),
    })
}

/// Runs `work` with a pooled connection on the blocking pool; the connection goes back to
/// the pool when `work` returns.
async fn with_connection<T: Send + 'static>(
    state: &web::Data<AppState>,
    work: impl FnOnce(&mut DbConnection, &AppState) -> Result<T, TokenError> + Send + 'static,
) -> Result<T, TokenError> {
    let state = state.clone();
    web::block(move || {
        let mut conn = state.pool.get().map_err(|e| ApiError::Internal(format!("no database connection: {e}")))?;
        work(&mut conn, state.get_ref())
    })
    .await
    .map_err(ApiError::from)?
}

/// Checks `secret` against `stored` (or spends the same time on a dummy hash when there is no
/// such account) in one of the password-check slots, holding no database connection: argon2
/// takes far longer than the queries around it, and the pool is small (issue 11 item 3).
async fn check_secret(admission: Admission, secret: String, stored: Option<String>) -> Result<bool, TokenError> {
    let matches = admission
        .check(move |area| match stored {
            Some(hash) => password::verify_in(&secret, &hash, area),
            None => {
                password::verify_dummy_in(&secret, area);
                false
            }
        })
        .await?;
    Ok(matches)
}

async fn password_grant(
    state: &web::Data<AppState>,
    request: TokenRequest,
    address: String,
) -> Result<TokenResponse, TokenError> {
    let username = required(&request.username, "username")?.trim().to_lowercase();
    check_name(&username, "username")?;
    let password = required(&request.password, "password")?.to_owned();
    // Admitted, or refused as busy, before the attempt is counted or anything is read.
    let admission = state.password_checks.admit()?;
    let attempt = SignInAttempt::password(&username, &address);
    let now = Utc::now();
    let counted = attempt.clone();
    let found = with_connection(state, move |conn, state| {
        counted.begin(conn, state.throttle_policy(), now)?;
        Ok(users::find_for_login(conn, &username)?)
    })
    .await?;
    let stored = found.as_ref().map(|(_, hash)| hash.clone());
    let matches = check_secret(admission, password, stored).await?;
    let Some((user, _)) = found.filter(|(user, _)| matches && user.active) else {
        return Err(TokenError::oauth(
            "invalid_grant",
            "the username or password is wrong, or the account is deactivated",
        ));
    };
    with_connection(state, move |conn, state| {
        attempt.succeeded(conn)?;
        let scope = format!("role:{}", user.role);
        issue(conn, state, Subject::User(user.id), user.role.as_str(), &scope, None, now)
    })
    .await
}

async fn client_grant(
    state: &web::Data<AppState>,
    request: TokenRequest,
    basic: Option<(String, String)>,
    address: String,
) -> Result<TokenResponse, TokenError> {
    let (client_id, secret) = match basic {
        Some(credentials) => credentials,
        None => (
            required(&request.client_id, "client_id")?.to_owned(),
            required(&request.client_secret, "client_secret")?.to_owned(),
        ),
    };
    check_name(&client_id, "client_id")?;
    let admission = state.password_checks.admit()?;
    let attempt = SignInAttempt::client(&client_id, &address);
    let now = Utc::now();
    let counted = attempt.clone();
    let found = with_connection(state, move |conn, state| {
        counted.begin(conn, state.throttle_policy(), now)?;
        Ok(clients::find_for_login(conn, &client_id)?)
    })
    .await?;
    let stored = found.as_ref().map(|(_, hash)| hash.clone());
    let matches = check_secret(admission, secret, stored).await?;
    let Some((client, _)) = found.filter(|(client, _)| matches && client.active) else {
        return Err(TokenError::oauth("invalid_client", "unknown client, wrong secret, or deactivated client"));
    };
    with_connection(state, move |conn, state| {
        attempt.succeeded(conn)?;
        let granted: Vec<Scope> = match request.scope.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => client.scopes.clone(),
            Some(requested) => {
                let mut granted = Vec::new();
                for word in requested.split_whitespace() {
                    let wanted = Scope::parse(word).map_err(|e| TokenError::oauth("invalid_scope", e.message))?;
                    if !client.scopes.iter().any(|held| held.grants(&wanted)) {
                        return Err(TokenError::oauth("invalid_scope", format!("the client may not request {wanted}")));
                    }
                    granted.push(wanted);
                }
                granted
            }
        };
        let scope = granted.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
        issue(conn, state, Subject::Client(client.id), "integration", &scope, None, now)
    })
    .await
}

fn refresh_grant(
    conn: &mut DbConnection,
    state: &AppState,
    request: &TokenRequest,
) -> Result<TokenResponse, TokenError> {
    let presented = required(&request.refresh_token, "refresh_token")?;
    let now = Utc::now();
    let invalid = || TokenError::oauth("invalid_grant", "the refresh token is invalid, expired or revoked");
    let Some(token) = refresh_tokens::find_by_hash(conn, &secret_digest(presented))? else {
        return Err(invalid());
    };
    if token.used_at.is_some() || token.revoked_at.is_some() {
        // A used token presented again means it leaked: revoke the whole family.
        refresh_tokens::revoke_family(conn, &token.family_id, now)?;
        log::warn!("refresh token reuse detected; revoked token family {}", token.family_id);
        return Err(invalid());
    }
    if token.expires_at <= now || !refresh_tokens::mark_used(conn, &token.id, now)? {
        return Err(invalid());
    }
    let user = match users::find(conn, token.user_id) {
        Ok(user) if user.active => user,
        Ok(_) | Err(RepoError::NotFound) => return Err(invalid()),
        Err(other) => return Err(other.into()),
    };
    let scope = format!("role:{}", user.role);
    issue(conn, state, Subject::User(user.id), user.role.as_str(), &scope, Some(token.family_id), now)
}

/// Obtain an access token
///
/// The OAuth 2.0 token endpoint; the body is a form (`application/x-www-form-urlencoded`,
/// RFC 6749 §4.3). The same fields as a JSON object (`application/json`) are accepted too and
/// left out of the schema: client generators emit code that does not import for a body
/// offered under two media types (openapi-python-client: `NameError: Unset`). Grant types: `password` (people), `client_credentials`
/// (integration clients; credentials in the body or HTTP Basic), `refresh_token` (rotating:
/// each refresh token works once; presenting a used one revokes every token of that sign-in).
/// Repeated failures for one username or client from one client address, or many from one
/// address, answer 429 with `Retry-After` (the attempt is then not checked). Passwords and
/// client secrets are checked a few at a time (argon2id is slow and takes 19 MiB per check);
/// when those places and the short queue behind them are taken, a password or client sign-in
/// answers 503 `server_busy` with `Retry-After` at once, and nothing is counted.
#[utoipa::path(
    operation_id = "issue_token",
    tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Tokens issued", body = TokenResponse),
        (status = 400, description = "invalid_request, invalid_grant, unsupported_grant_type or invalid_scope", body = OAuthError),
        (status = 401, description = "invalid_client", body = OAuthError),
        (status = 429, description = "Too many failed sign-ins", body = OAuthError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "server_busy: too many sign-ins are being checked at once (nothing was counted); database_busy: the database stayed locked too long. Retry after Retry-After seconds",
            body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(()),
)]
#[post("/auth/token")]
pub async fn issue_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, TokenError> {
    let request: TokenRequest = read_body(&req, payload).await?;
    let basic = basic_credentials(&req);
    let address = client_address(&req, state.trusted_proxy_header.as_ref());
    // No surrounding transaction: an attempt must count towards the throttle (before its
    // credentials are checked) and a detected reuse must still revoke the family. Each step is atomic on its own
    // (`mark_used` is a conditional update, so two refreshes of one token cannot both win).
    let grant_type = request.grant_type.clone();
    let response = match grant_type.as_str() {
        "password" => password_grant(&state, request, address).await?,
        "client_credentials" => client_grant(&state, request, basic, address).await?,
        "refresh_token" => with_connection(&state, move |conn, state| refresh_grant(conn, state, &request)).await?,
        "" => return Err(TokenError::invalid_request("grant_type is required")),
        other => {
            return Err(TokenError::oauth("unsupported_grant_type", format!("grant_type {other:?} is not supported")));
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(response))
}

/// A revocation request (RFC 7009).
#[derive(Debug, Deserialize, ToSchema)]
pub struct RevokeRequest {
    /// The refresh token to revoke (its whole sign-in family is revoked).
    pub token: String,
    /// `refresh_token` (access tokens are short-lived and expire by themselves).
    #[serde(default)]
    pub token_type_hint: Option<String>,
}

/// Revoke a refresh token
///
/// Ends a sign-in: the token and every token rotated from it stop working. Answers 200 even
/// for unknown tokens, as RFC 7009 requires. The body is a form (RFC 7009 §2.1); the same
/// fields as JSON are accepted too (not in the schema, as for the token endpoint).
#[utoipa::path(
    operation_id = "revoke_token",
    tag = "auth",
    request_body(content = RevokeRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Revoked (or unknown)"),
        (status = 400, description = "The token parameter is missing", body = OAuthError),
    ),
    security(()),
)]
#[post("/auth/revoke")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, TokenError> {
    let request: RevokeRequest = read_body(&req, payload).await?;
    let hash = secret_digest(&request.token);
    db::run(&state.pool, move |conn| {
        if let Some(token) = refresh_tokens::find_by_hash(conn, &hash)? {
            refresh_tokens::revoke_family(conn, &token.family_id, Utc::now())?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Ok().finish())
}
