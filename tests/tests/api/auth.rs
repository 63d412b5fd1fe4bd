//! Authentication: the OAuth 2.0 token endpoint, token revocation, `/me`, sign-in throttling,
//! and every way a request to a protected endpoint can fail to authenticate or authorise.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test helpers: a failed request is a failed test")]

use iro_tests::{ADMIN_PASSWORD, JWT_SECRET, TestApp, assert_problem, fixtures, json, spawn_app, spawn_app_with};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const TOKEN: &str = "/api/v1/auth/token";
const REVOKE: &str = "/api/v1/auth/revoke";
const ME: &str = "/api/v1/me";
const INSTITUTIONS: &str = "/api/v1/institutions";
const PASSWORD: &str = "a password for tests";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// POSTs a form to the token endpoint.
async fn token_form(app: &TestApp, form: &[(&str, &str)]) -> Response {
    app.request(Method::POST, TOKEN, None).form(form).send().await.unwrap()
}

/// POSTs JSON to the token endpoint.
async fn token_json(app: &TestApp, body: &Value) -> Response {
    app.request(Method::POST, TOKEN, None).json(body).send().await.unwrap()
}

/// Uses a refresh token.
async fn refresh(app: &TestApp, refresh_token: &str) -> Response {
    token_form(app, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token)]).await
}

/// Signs in with the password grant and returns the token response body.
async fn sign_in_ok(app: &TestApp, username: &str, password: &str) -> Value {
    let response = app.sign_in(username, password).await;
    assert_eq!(response.status(), 200, "sign-in of {username} failed");
    json(response).await
}

/// Signs in with the client-credentials grant (credentials in the body); returns the body.
async fn client_token(app: &TestApp, client_id: &str, secret: &str) -> Value {
    let response =
        token_form(app, &[("grant_type", "client_credentials"), ("client_id", client_id), ("client_secret", secret)])
            .await;
    assert_eq!(response.status(), 200, "client sign-in failed");
    json(response).await
}

/// The string field `name` of a JSON body.
fn text(body: &Value, name: &str) -> String {
    body[name].as_str().unwrap_or_else(|| panic!("{name} missing in {body}")).to_owned()
}

/// Asserts an OAuth 2.0 error response (RFC 6749 §5.2) and returns its body.
async fn assert_oauth_error(response: Response, status: u16, error: &str) -> Value {
    let actual = response.status().as_u16();
    let body = json(response).await;
    assert_eq!(actual, status, "unexpected status; body: {body}");
    assert_eq!(body["error"], error, "unexpected error; body: {body}");
    assert!(
        body["error_description"].as_str().is_some_and(|d| !d.is_empty()),
        "error_description missing; body: {body}"
    );
    body
}

/// Creates a user as admin and returns the created account.
async fn create_user(app: &TestApp, username: &str, role: &str) -> Value {
    let admin = app.admin_token().await;
    let response = app
        .post_json("/api/v1/users", &admin, &json!({"username": username, "password": PASSWORD, "role": role}))
        .await;
    assert_eq!(response.status(), 201, "creating {username} failed");
    json(response).await
}

/// Asserts the 401 of a protected endpoint: a Bearer challenge and the `unauthorized` problem.
async fn assert_unauthorized(response: Response) -> Value {
    let challenge = response.headers().get("www-authenticate").expect("a 401 carries WWW-Authenticate").as_bytes();
    assert!(challenge.starts_with(b"Bearer"), "challenge is {:?}", String::from_utf8_lossy(challenge));
    assert_problem(response, 401, "unauthorized").await
}

/// Seconds since the epoch.
fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Claims of a valid access token for `sub`, as iro would issue them.
fn claims(sub: &str) -> Value {
    let now = now();
    json!({
        "iss": "iro",
        "aud": "iro-api",
        "sub": sub,
        "exp": now + 600,
        "nbf": now - 10,
        "iat": now - 10,
        "jti": uuid::Uuid::now_v7().to_string(),
        "role": "admin",
        "scope": "role:admin",
    })
}

/// Signs `claims` with `algorithm` and `secret`.
fn forge_with(algorithm: Algorithm, claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

/// Signs `claims` with HS256 and `secret`.
fn forge(claims: &Value, secret: &str) -> String {
    forge_with(Algorithm::HS256, claims, secret)
}

/// Unpadded base64url (RFC 4648 §5), for hand-built tokens.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The JWT `sub` of the built-in admin, read from `/me`.
async fn admin_sub(app: &TestApp) -> String {
    let token = app.admin_token().await;
    let me = json(app.get(ME, &token).await).await;
    format!("user:{}", text(&me, "id"))
}

/// GET /institutions with a raw `Authorization` header value.
async fn institutions_with_authorization(app: &TestApp, authorization: &str) -> Response {
    app.request(Method::GET, INSTITUTIONS, None).header("authorization", authorization).send().await.unwrap()
}

// ---------------------------------------------------------------------------------------------
// Password grant
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_password_grant_as_a_form_issues_bearer_tokens_that_must_not_be_cached() {
    let app = spawn_app().await;
    let response = app.sign_in("admin", ADMIN_PASSWORD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], i64::from(app.settings.access_token_ttl));
    assert_eq!(body["scope"], "role:admin");
    assert!(body["refresh_token"].as_str().is_some_and(|t| t.len() >= 32), "refresh_token: {body}");
    let access = text(&body, "access_token");
    assert_eq!(access.split('.').count(), 3, "a JWT has three parts: {access}");
    let me = app.get(ME, &access).await;
    assert_eq!(me.status(), 200);
    assert_eq!(json(me).await["name"], "admin");
}

#[tokio::test]
async fn the_password_grant_as_json_issues_the_same_kind_of_tokens() {
    let app = spawn_app().await;
    let response =
        token_json(&app, &json!({"grant_type": "password", "username": "admin", "password": ADMIN_PASSWORD})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], i64::from(app.settings.access_token_ttl));
    assert_eq!(body["scope"], "role:admin");
    assert!(body["refresh_token"].is_string());
    assert_eq!(app.get(INSTITUTIONS, &text(&body, "access_token")).await.status(), 200);
}

#[tokio::test]
async fn usernames_are_matched_case_insensitively_at_sign_in() {
    let app = spawn_app().await;
    let body = sign_in_ok(&app, "  ADMIN ", ADMIN_PASSWORD).await;
    assert_eq!(body["scope"], "role:admin");
}

#[tokio::test]
async fn a_wrong_password_is_an_invalid_grant() {
    let app = spawn_app().await;
    let response = app.sign_in("admin", "not the admin password").await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = assert_oauth_error(response, 400, "invalid_grant").await;
    assert!(body.get("access_token").is_none());
}

#[tokio::test]
async fn an_unknown_user_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    let wrong_password =
        assert_oauth_error(app.sign_in("admin", "not the admin password").await, 400, "invalid_grant").await;
    let unknown_user =
        assert_oauth_error(app.sign_in("nobody", "not the admin password").await, 400, "invalid_grant").await;
    assert_eq!(wrong_password, unknown_user, "the answers must not reveal which usernames exist");
}

#[tokio::test]
async fn missing_parameters_are_an_invalid_request() {
    let app = spawn_app().await;
    let cases: [&[(&str, &str)]; 7] = [
        &[],
        &[("username", "admin"), ("password", ADMIN_PASSWORD)],
        &[("grant_type", "password"), ("username", "admin")],
        &[("grant_type", "password"), ("password", ADMIN_PASSWORD)],
        &[("grant_type", "password"), ("username", "admin"), ("password", "")],
        &[("grant_type", "refresh_token")],
        &[("grant_type", "client_credentials"), ("client_id", "someone")],
    ];
    for form in cases {
        let response = token_form(&app, form).await;
        let status = response.status();
        let body = json(response).await;
        assert_eq!(status, 400, "{form:?}: {body}");
        assert_eq!(body["error"], "invalid_request", "{form:?}: {body}");
        assert!(body["error_description"].is_string(), "{form:?}: {body}");
    }
    let json_without_password = token_json(&app, &json!({"grant_type": "password", "username": "admin"})).await;
    assert_oauth_error(json_without_password, 400, "invalid_request").await;
}

#[tokio::test]
async fn an_unknown_grant_type_is_unsupported() {
    let app = spawn_app().await;
    let response = token_form(&app, &[("grant_type", "authorization_code"), ("code", "abc")]).await;
    assert_oauth_error(response, 400, "unsupported_grant_type").await;
    let response = token_json(&app, &json!({"grant_type": "implicit"})).await;
    assert_oauth_error(response, 400, "unsupported_grant_type").await;
}

#[tokio::test]
async fn a_token_request_in_an_unsupported_media_type_is_refused_with_415() {
    let app = spawn_app().await;
    let response = app
        .request(Method::POST, TOKEN, None)
        .header("content-type", "text/plain")
        .body(format!("grant_type=password&username=admin&password={ADMIN_PASSWORD}"))
        .send()
        .await
        .unwrap();
    assert_problem(response, 415, "unsupported_media_type").await;
    let no_content_type = app.request(Method::POST, TOKEN, None).body("grant_type=password").send().await.unwrap();
    assert_eq!(no_content_type.status(), 415);
}

#[tokio::test]
async fn a_deactivated_account_cannot_sign_in() {
    let app = spawn_app().await;
    let user = create_user(&app, "leaving.officer", "officer").await;
    let admin = app.admin_token().await;
    let patched =
        app.patch_json(&format!("/api/v1/users/{}", text(&user, "id")), &admin, &json!({"active": false})).await;
    assert_eq!(patched.status(), 200);
    assert_oauth_error(app.sign_in("leaving.officer", PASSWORD).await, 400, "invalid_grant").await;
}

// ---------------------------------------------------------------------------------------------
// Client credentials
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn client_credentials_in_the_body_issue_a_scoped_token_without_a_refresh_token() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:read"]);
    let response = token_form(
        &app,
        &[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "institutions:read");
    assert_eq!(body["expires_in"], i64::from(app.settings.access_token_ttl));
    assert!(body.get("refresh_token").is_none(), "clients sign in again instead of refreshing: {body}");
    assert_eq!(app.get(INSTITUTIONS, &text(&body, "access_token")).await.status(), 200);
}

#[tokio::test]
async fn client_credentials_with_http_basic_issue_a_token() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:read"]);
    let response = app
        .request(Method::POST, TOKEN, None)
        .basic_auth(&client_id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["scope"], "institutions:read");
    assert!(body.get("refresh_token").is_none());
    let me = json(app.get(ME, &text(&body, "access_token")).await).await;
    assert_eq!(me["kind"], "client");
}

#[tokio::test]
async fn client_credentials_as_json_issue_a_token() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:read"]);
    let response =
        token_json(&app, &json!({"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}))
            .await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["scope"], "institutions:read");
}

#[tokio::test]
async fn a_wrong_client_secret_is_an_invalid_client_with_a_challenge() {
    let app = spawn_app().await;
    let (client_id, _) = app.create_client(&["institutions:read"]);
    let response = token_form(
        &app,
        &[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", "wrong secret")],
    )
    .await;
    assert!(response.headers().contains_key("www-authenticate"), "RFC 6749 §5.2: a 401 carries a challenge");
    assert_oauth_error(response, 401, "invalid_client").await;

    let basic = app
        .request(Method::POST, TOKEN, None)
        .basic_auth(&client_id, Some("wrong secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_oauth_error(basic, 401, "invalid_client").await;
}

#[tokio::test]
async fn an_unknown_client_is_an_invalid_client() {
    let app = spawn_app().await;
    let response = token_form(
        &app,
        &[("grant_type", "client_credentials"), ("client_id", "no-such-client"), ("client_secret", "whatever")],
    )
    .await;
    assert_oauth_error(response, 401, "invalid_client").await;
}

#[tokio::test]
async fn requesting_a_scope_the_client_lacks_is_an_invalid_scope() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:read"]);
    for scope in ["institutions:write", "institutions:read agreements:read", "not a scope!"] {
        let response = token_form(
            &app,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &client_id),
                ("client_secret", &secret),
                ("scope", scope),
            ],
        )
        .await;
        let body = assert_oauth_error(response, 400, "invalid_scope").await;
        assert!(body.get("access_token").is_none(), "{scope}: {body}");
    }
}

#[tokio::test]
async fn a_client_may_request_a_narrower_scope_than_it_holds() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:write"]);
    let response = token_form(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &client_id),
            ("client_secret", &secret),
            ("scope", "institutions:read"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["scope"], "institutions:read");
    assert_eq!(app.get(INSTITUTIONS, &text(&body, "access_token")).await.status(), 200);
}

#[tokio::test]
async fn a_client_token_is_limited_to_the_scope_that_was_granted() {
    // RFC 6749 §3.3: the `scope` of the token response is the scope of the access token. A
    // client holding institutions:write that asked for (and was told it got) only
    // institutions:read must not be able to write with that token.
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:write"]);
    let response = token_form(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &client_id),
            ("client_secret", &secret),
            ("scope", "institutions:read"),
        ],
    )
    .await;
    let body = json(response).await;
    assert_eq!(body["scope"], "institutions:read");
    let created = app.post_json(INSTITUTIONS, &text(&body, "access_token"), &fixtures::lipetsk()).await;
    assert_problem(created, 403, "forbidden").await;
}

#[tokio::test]
async fn a_client_with_read_scope_lists_institutions_but_cannot_create_one() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:read"]);
    let token = text(&client_token(&app, &client_id, &secret).await, "access_token");
    let list = app.get(INSTITUTIONS, &token).await;
    assert_eq!(list.status(), 200);
    assert!(json(list).await["items"].is_array());
    let created = app.post_json(INSTITUTIONS, &token, &fixtures::lipetsk()).await;
    assert_problem(created, 403, "forbidden").await;
}

#[tokio::test]
async fn a_client_with_write_scope_can_create_an_institution() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:write"]);
    let token = text(&client_token(&app, &client_id, &secret).await, "access_token");
    assert_eq!(app.post_json(INSTITUTIONS, &token, &fixtures::lipetsk()).await.status(), 201);
    assert_eq!(app.get(INSTITUTIONS, &token).await.status(), 200);
}

#[tokio::test]
async fn a_client_without_an_institutions_scope_cannot_read_institutions() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["agreements:read"]);
    let token = text(&client_token(&app, &client_id, &secret).await, "access_token");
    assert_problem(app.get(INSTITUTIONS, &token).await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_client_cannot_manage_users_whatever_its_scopes() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:write"]);
    let token = text(&client_token(&app, &client_id, &secret).await, "access_token");
    assert_problem(app.get("/api/v1/users", &token).await, 403, "forbidden").await;
}

// ---------------------------------------------------------------------------------------------
// Refresh tokens and revocation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn refreshing_rotates_the_refresh_token() {
    let app = spawn_app().await;
    let first = sign_in_ok(&app, "admin", ADMIN_PASSWORD).await;
    let first_refresh = text(&first, "refresh_token");

    let response = refresh(&app, &first_refresh).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let second = json(response).await;
    let second_refresh = text(&second, "refresh_token");
    assert_ne!(second_refresh, first_refresh, "a refresh hands out a new refresh token");
    assert_eq!(second["token_type"], "Bearer");
    assert_eq!(second["scope"], "role:admin");
    assert_eq!(app.get(ME, &text(&second, "access_token")).await.status(), 200);

    // The new one works (once) …
    let third = refresh(&app, &second_refresh).await;
    assert_eq!(third.status(), 200);
    // … and the old one no longer does.
    assert_oauth_error(refresh(&app, &first_refresh).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn a_refresh_token_can_be_sent_as_json() {
    let app = spawn_app().await;
    let first = sign_in_ok(&app, "admin", ADMIN_PASSWORD).await;
    let response =
        token_json(&app, &json!({"grant_type": "refresh_token", "refresh_token": text(&first, "refresh_token")})).await;
    assert_eq!(response.status(), 200);
    assert!(json(response).await["refresh_token"].is_string());
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_its_family() {
    let app = spawn_app().await;
    let first = sign_in_ok(&app, "admin", ADMIN_PASSWORD).await;
    let other_sign_in = sign_in_ok(&app, "admin", ADMIN_PASSWORD).await;
    let old = text(&first, "refresh_token");
    let newest = text(&json(refresh(&app, &old).await).await, "refresh_token");

    // The used token comes back: someone else has a copy of it.
    assert_oauth_error(refresh(&app, &old).await, 400, "invalid_grant").await;
    // So the newest token of that sign-in stops working too …
    assert_oauth_error(refresh(&app, &newest).await, 400, "invalid_grant").await;
    // … while an unrelated sign-in of the same user is unaffected.
    assert_eq!(refresh(&app, &text(&other_sign_in, "refresh_token")).await.status(), 200);
}

#[tokio::test]
async fn an_unknown_refresh_token_is_an_invalid_grant() {
    let app = spawn_app().await;
    assert_oauth_error(refresh(&app, "not-a-refresh-token").await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn an_expired_refresh_token_is_an_invalid_grant() {
    let app = spawn_app_with(|s| s.refresh_token_ttl = 1).await;
    let body = sign_in_ok(&app, "admin", ADMIN_PASSWORD).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_oauth_error(refresh(&app, &text(&body, "refresh_token")).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn a_revoked_refresh_token_can_no_longer_be_used() {
    let app = spawn_app().await;
    let body = sign_in_ok(&app, "admin", ADMIN_PASSWORD).await;
    let refresh_token = text(&body, "refresh_token");
    let revoked = app
        .request(Method::POST, REVOKE, None)
        .form(&[("token", refresh_token.as_str()), ("token_type_hint", "refresh_token")])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_oauth_error(refresh(&app, &refresh_token).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn revoking_a_refresh_token_ends_every_token_rotated_from_it() {
    let app = spawn_app().await;
    let first = text(&sign_in_ok(&app, "admin", ADMIN_PASSWORD).await, "refresh_token");
    let rotated = text(&json(refresh(&app, &first).await).await, "refresh_token");
    // Revoking the (already used) original ends the sign-in, including its rotated token.
    let revoked = app.request(Method::POST, REVOKE, None).json(&json!({"token": first})).send().await.unwrap();
    assert_eq!(revoked.status(), 200);
    assert_oauth_error(refresh(&app, &rotated).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn revoking_an_unknown_token_answers_200() {
    let app = spawn_app().await;
    let form = app.request(Method::POST, REVOKE, None).form(&[("token", "never-issued")]).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let json_body =
        app.request(Method::POST, REVOKE, None).json(&json!({"token": "never-issued"})).send().await.unwrap();
    assert_eq!(json_body.status(), 200);
}

#[tokio::test]
async fn malformed_json_is_an_oauth_invalid_request_on_both_auth_endpoints() {
    let app = spawn_app().await;
    for path in [TOKEN, REVOKE] {
        let response = app
            .request(Method::POST, path, None)
            .header("Content-Type", "application/json")
            .body(b"\x07{not json".to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-type"], "application/json", "{path}");
        assert_oauth_error(response, 400, "invalid_request").await;
    }
}

#[tokio::test]
async fn revoking_without_a_token_is_an_invalid_request() {
    let app = spawn_app().await;
    let response =
        app.request(Method::POST, REVOKE, None).form(&[("token_type_hint", "refresh_token")]).send().await.unwrap();
    assert_oauth_error(response, 400, "invalid_request").await;
}

// ---------------------------------------------------------------------------------------------
// Throttling
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn repeated_failed_sign_ins_lock_the_username_with_retry_after() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 3;
        s.login_lockout = 60;
    })
    .await;
    create_user(&app, "bystander", "officer").await;
    for attempt in 1..=3 {
        let response = app.sign_in("admin", "a wrong password").await;
        assert_eq!(response.status(), 400, "attempt {attempt} is an ordinary failure");
    }
    // Locked now: even the right password is refused.
    let response = app.sign_in("admin", ADMIN_PASSWORD).await;
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .expect("a 429 carries Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    let body = json(response).await;
    assert_eq!(body["status"], 429, "{body}");
    assert!(body["error"].is_string() && body["error_description"].is_string(), "{body}");
    // The lock is per username; it also covers other spellings of the same name.
    assert_eq!(app.sign_in("ADMIN", ADMIN_PASSWORD).await.status(), 429);
    assert_eq!(app.sign_in("bystander", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_successful_sign_in_resets_the_failure_count() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 3;
        s.login_lockout = 60;
    })
    .await;
    for _ in 0..2 {
        assert_eq!(app.sign_in("admin", "a wrong password").await.status(), 400);
    }
    assert_eq!(app.sign_in("admin", ADMIN_PASSWORD).await.status(), 200);
    for _ in 0..2 {
        assert_eq!(app.sign_in("admin", "a wrong password").await.status(), 400);
    }
    assert_eq!(app.sign_in("admin", ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_sign_in_lock_ends_after_the_lockout() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 2;
        s.login_lockout = 1;
    })
    .await;
    for _ in 0..2 {
        assert_eq!(app.sign_in("admin", "a wrong password").await.status(), 400);
    }
    assert_eq!(app.sign_in("admin", ADMIN_PASSWORD).await.status(), 429);
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(app.sign_in("admin", ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn failed_sign_ins_of_unknown_usernames_are_throttled_too() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 3;
        s.login_lockout = 60;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(app.sign_in("ghost", "a wrong password").await.status(), 400);
    }
    let response = app.sign_in("ghost", "a wrong password").await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(app.sign_in("admin", ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn repeated_wrong_client_secrets_lock_the_client() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 3;
        s.login_lockout = 60;
    })
    .await;
    let (client_id, secret) = app.create_client(&["institutions:read"]);
    let (other_id, other_secret) = app.create_client(&["institutions:read"]);
    for _ in 0..3 {
        let response = token_form(
            &app,
            &[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", "wrong")],
        )
        .await;
        assert_eq!(response.status(), 401);
    }
    let locked = token_form(
        &app,
        &[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)],
    )
    .await;
    assert_eq!(locked.status(), 429);
    assert!(locked.headers().contains_key("retry-after"));
    client_token(&app, &other_id, &other_secret).await;
}

// ---------------------------------------------------------------------------------------------
// Protected endpoints: authentication failures
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_request_without_a_token_is_401_with_a_challenge() {
    let app = spawn_app().await;
    let response = app.request(Method::GET, INSTITUTIONS, None).send().await.unwrap();
    assert_unauthorized(response).await;
    assert_unauthorized(app.request(Method::GET, ME, None).send().await.unwrap()).await;
}

#[tokio::test]
async fn the_bearer_challenge_is_plain_ascii_as_rfc_6750_requires() {
    // RFC 6750 §3: error_description may only hold %x20-21 / %x23-5B / %x5D-7E.
    let app = spawn_app().await;
    let no_token = app.request(Method::GET, INSTITUTIONS, None).send().await.unwrap();
    let bad_token = app.get(INSTITUTIONS, "not-a-jwt").await;
    let basic = institutions_with_authorization(&app, "Basic YWRtaW46eA==").await;
    for response in [no_token, bad_token, basic] {
        assert_eq!(response.status(), 401);
        let challenge = response.headers()["www-authenticate"].as_bytes();
        assert!(
            challenge.iter().all(|b| (0x20..=0x7e).contains(b)),
            "WWW-Authenticate must be visible ASCII, got {:?}",
            String::from_utf8_lossy(challenge)
        );
    }
}

#[tokio::test]
async fn a_malformed_token_is_401() {
    let app = spawn_app().await;
    for token in ["not-a-jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30"] {
        assert_unauthorized(app.get(INSTITUTIONS, token).await).await;
    }
    assert_unauthorized(institutions_with_authorization(&app, "Bearer ").await).await;
    assert_unauthorized(institutions_with_authorization(&app, "Bearer").await).await;
}

#[tokio::test]
async fn the_basic_scheme_is_not_accepted_on_the_api() {
    let app = spawn_app().await;
    let response =
        app.request(Method::GET, INSTITUTIONS, None).basic_auth("admin", Some(ADMIN_PASSWORD)).send().await.unwrap();
    assert_unauthorized(response).await;
}

#[tokio::test]
async fn the_bearer_scheme_name_is_case_insensitive() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let response = institutions_with_authorization(&app, &format!("bearer {token}")).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_token_forged_with_the_right_secret_and_claims_is_accepted() {
    // The control for the forged tokens below: only the one thing each of them changes makes
    // it fail.
    let app = spawn_app().await;
    let token = forge(&claims(&admin_sub(&app).await), JWT_SECRET);
    let response = app.get(ME, &token).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["name"], "admin");
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_401() {
    let app = spawn_app().await;
    let token = forge(&claims(&admin_sub(&app).await), "another secret that is long enough for HS256!");
    assert_unauthorized(app.get(INSTITUTIONS, &token).await).await;
}

#[tokio::test]
async fn an_expired_token_is_401() {
    let app = spawn_app().await;
    let mut claims = claims(&admin_sub(&app).await);
    claims["iat"] = json!(now() - 3600);
    claims["nbf"] = json!(now() - 3600);
    claims["exp"] = json!(now() - 120);
    assert_unauthorized(app.get(INSTITUTIONS, &forge(&claims, JWT_SECRET)).await).await;
}

#[tokio::test]
async fn an_unsigned_alg_none_token_is_401() {
    let app = spawn_app().await;
    let claims = claims(&admin_sub(&app).await);
    let header = base64url(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = base64url(claims.to_string().as_bytes());
    // The hand-made payload is exactly what a properly signed token carries.
    assert_eq!(Some(payload.as_str()), forge(&claims, JWT_SECRET).split('.').nth(1));
    let token = format!("{header}.{payload}.");
    assert_unauthorized(app.get(INSTITUTIONS, &token).await).await;
}

#[tokio::test]
async fn a_token_signed_with_another_algorithm_is_401() {
    let app = spawn_app().await;
    let token = forge_with(Algorithm::HS512, &claims(&admin_sub(&app).await), JWT_SECRET);
    assert_unauthorized(app.get(INSTITUTIONS, &token).await).await;
}

#[tokio::test]
async fn a_token_for_another_audience_is_401() {
    let app = spawn_app().await;
    let mut claims = claims(&admin_sub(&app).await);
    claims["aud"] = json!("another-api");
    assert_unauthorized(app.get(INSTITUTIONS, &forge(&claims, JWT_SECRET)).await).await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_401() {
    let app = spawn_app().await;
    let mut claims = claims(&admin_sub(&app).await);
    claims["iss"] = json!("someone-else");
    assert_unauthorized(app.get(INSTITUTIONS, &forge(&claims, JWT_SECRET)).await).await;
}

#[tokio::test]
async fn a_token_that_is_not_valid_yet_is_401() {
    let app = spawn_app().await;
    let mut claims = claims(&admin_sub(&app).await);
    claims["nbf"] = json!(now() + 600);
    claims["exp"] = json!(now() + 1200);
    assert_unauthorized(app.get(INSTITUTIONS, &forge(&claims, JWT_SECRET)).await).await;
}

#[tokio::test]
async fn a_token_without_an_expiry_is_401() {
    let app = spawn_app().await;
    let mut claims = claims(&admin_sub(&app).await);
    claims.as_object_mut().unwrap().remove("exp");
    assert_unauthorized(app.get(INSTITUTIONS, &forge(&claims, JWT_SECRET)).await).await;
}

#[tokio::test]
async fn a_token_for_an_account_that_does_not_exist_is_401() {
    let app = spawn_app().await;
    let ghost = format!("user:{}", uuid::Uuid::now_v7());
    assert_unauthorized(app.get(INSTITUTIONS, &forge(&claims(&ghost), JWT_SECRET)).await).await;
    let nonsense = forge(&claims("root"), JWT_SECRET);
    assert_unauthorized(app.get(INSTITUTIONS, &nonsense).await).await;
}

#[tokio::test]
async fn a_deactivated_users_tokens_stop_working_at_once() {
    let app = spawn_app().await;
    let user = create_user(&app, "soon.gone", "officer").await;
    let tokens = sign_in_ok(&app, "soon.gone", PASSWORD).await;
    let access = text(&tokens, "access_token");
    assert_eq!(app.get(INSTITUTIONS, &access).await.status(), 200);

    let admin = app.admin_token().await;
    let patched =
        app.patch_json(&format!("/api/v1/users/{}", text(&user, "id")), &admin, &json!({"active": false})).await;
    assert_eq!(patched.status(), 200);

    assert_unauthorized(app.get(INSTITUTIONS, &access).await).await;
    assert_unauthorized(app.get(ME, &access).await).await;
    assert_oauth_error(refresh(&app, &text(&tokens, "refresh_token")).await, 400, "invalid_grant").await;
}

// ---------------------------------------------------------------------------------------------
// Protected endpoints: authorisation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_officer_may_not_list_users() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    assert_problem(app.get("/api/v1/users", &officer).await, 403, "forbidden").await;
    // Authorised for what the role allows.
    assert_eq!(app.get(INSTITUTIONS, &officer).await.status(), 200);
    assert_eq!(app.post_json(INSTITUTIONS, &officer, &fixtures::lipetsk()).await.status(), 201);
}

#[tokio::test]
async fn a_participant_may_read_but_not_create_institutions() {
    let app = spawn_app().await;
    let participant = app.token_for("participant", &[]).await;
    assert_eq!(app.get(INSTITUTIONS, &participant).await.status(), 200);
    let response = app.post_json(INSTITUTIONS, &participant, &fixtures::lipetsk()).await;
    let body = assert_problem(response, 403, "forbidden").await;
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn reporting_and_faculty_coordinators_may_not_create_institutions() {
    let app = spawn_app().await;
    let reporting = app.token_for("reporting", &[]).await;
    assert_problem(app.post_json(INSTITUTIONS, &reporting, &fixtures::lipetsk()).await, 403, "forbidden").await;
    let (_, unit) = institution_with_unit(&app).await;
    let coordinator = app.token_for("faculty_coordinator", &[&unit]).await;
    assert_problem(app.post_json(INSTITUTIONS, &coordinator, &fixtures::lipetsk()).await, 403, "forbidden").await;
}

// ---------------------------------------------------------------------------------------------
// /me
// ---------------------------------------------------------------------------------------------

/// Creates an institution and a unit in it as admin; returns their ids.
async fn institution_with_unit(app: &TestApp) -> (String, String) {
    let admin = app.admin_token().await;
    let institution = app.post_json(INSTITUTIONS, &admin, &fixtures::lipetsk()).await;
    assert_eq!(institution.status(), 201);
    let institution = text(&json(institution).await, "id");
    let unit = app.post_json(&format!("{INSTITUTIONS}/{institution}/units"), &admin, &fixtures::unit("FINKI")).await;
    assert_eq!(unit.status(), 201);
    (institution, text(&json(unit).await, "id"))
}

#[tokio::test]
async fn me_shows_a_user_their_role() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let response = app.get(ME, &token).await;
    assert_eq!(response.status(), 200);
    let me = json(response).await;
    assert_eq!(me["kind"], "user");
    assert_eq!(me["name"], "admin");
    assert_eq!(me["role"], "admin");
    assert_eq!(me["scopes"], json!([]));
    assert_eq!(me["unit_ids"], json!([]));
    assert!(uuid::Uuid::parse_str(&text(&me, "id")).is_ok(), "{me}");

    let participant = app.token_for("participant", &[]).await;
    let me = json(app.get(ME, &participant).await).await;
    assert_eq!(me["kind"], "user");
    assert_eq!(me["role"], "participant");
}

#[tokio::test]
async fn me_shows_a_faculty_coordinator_their_units() {
    let app = spawn_app().await;
    let (_, unit) = institution_with_unit(&app).await;
    let token = app.token_for("faculty_coordinator", &[&unit]).await;
    let me = json(app.get(ME, &token).await).await;
    assert_eq!(me["kind"], "user");
    assert_eq!(me["role"], "faculty_coordinator");
    assert_eq!(me["scopes"], json!([]));
    assert_eq!(me["unit_ids"], json!([unit]));
}

#[tokio::test]
async fn me_shows_a_client_its_scopes() {
    let app = spawn_app().await;
    let (client_id, secret) = app.create_client(&["institutions:read", "agreements:write"]);
    let token = text(&client_token(&app, &client_id, &secret).await, "access_token");
    let me = json(app.get(ME, &token).await).await;
    assert_eq!(me["kind"], "client");
    assert_eq!(me["role"], "integration");
    assert_eq!(me["name"], "Test ERP");
    let mut scopes: Vec<&str> = me["scopes"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    scopes.sort_unstable();
    assert_eq!(scopes, ["agreements:write", "institutions:read"]);
    assert_eq!(me["unit_ids"], json!([]));
    assert!(uuid::Uuid::parse_str(&text(&me, "id")).is_ok(), "{me}");
}

#[tokio::test]
async fn concurrent_failed_sign_ins_all_count_towards_the_lock() {
    // A password-guessing client sends its guesses in parallel. Eight failures against a limit
    // of five must leave the username locked, however the requests interleave: a failure that
    // finishes after the lock was set must not lift it again.
    let app = spawn_app_with(|s| {
        s.login_max_failures = 5;
        s.login_lockout = 60;
    })
    .await;
    let guesses = (0..8).map(|i| {
        let app = &app;
        async move { app.sign_in("admin", &format!("guess number {i}")).await.status().as_u16() }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    assert!(statuses.iter().all(|s| *s == 400 || *s == 429), "unexpected answers: {statuses:?}");
    let after = app.sign_in("admin", ADMIN_PASSWORD).await.status();
    assert_eq!(after, 429, "8 failures against a limit of 5 must lock; the guesses got {statuses:?}");
}

#[tokio::test]
async fn two_concurrent_refreshes_of_one_token_cannot_both_succeed() {
    let app = spawn_app().await;
    for round in 0..5 {
        let refresh_token = text(&sign_in_ok(&app, "admin", ADMIN_PASSWORD).await, "refresh_token");
        let (a, b) = tokio::join!(refresh(&app, &refresh_token), refresh(&app, &refresh_token));
        let statuses = [a.status().as_u16(), b.status().as_u16()];
        assert!(statuses.contains(&400), "round {round}: a refresh token works once, got {statuses:?}");
        assert!(statuses.iter().all(|s| *s == 200 || *s == 400), "round {round}: {statuses:?}");
    }
}
