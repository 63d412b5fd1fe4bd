//! Sign-in throttling per (username or client, client address) and per client address, with
//! the attempt counted before the password is checked (issue 11.3).

#![expect(clippy::unwrap_used, reason = "test helpers: a failed request is a failed test")]

use iro_tests::{ADMIN_PASSWORD, TestApp, json, spawn_app_with};
use reqwest::{Method, Response};

const TOKEN: &str = "/api/v1/auth/token";
const FORWARDED: &str = "X-Forwarded-For";

/// A server that trusts `X-Forwarded-For` (as behind a reverse proxy), locking after `max`.
async fn behind_a_proxy(max: u32) -> TestApp {
    spawn_app_with(|s| {
        s.login_max_failures = max;
        s.login_lockout = 60;
        s.trusted_proxy_header = Some(FORWARDED.to_owned());
    })
    .await
}

/// A password sign-in that claims to come from `address` through the proxy header.
async fn sign_in_from(app: &TestApp, address: &str, username: &str, password: &str) -> Response {
    app.request(Method::POST, TOKEN, None)
        .header(FORWARDED, address)
        .form(&[("grant_type", "password"), ("username", username), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// A client-credentials sign-in from `address`.
async fn client_sign_in_from(app: &TestApp, address: &str, client_id: &str, secret: &str) -> Response {
    app.request(Method::POST, TOKEN, None)
        .header(FORWARDED, address)
        .form(&[("grant_type", "client_credentials"), ("client_id", client_id), ("client_secret", secret)])
        .send()
        .await
        .unwrap()
}

/// Creates an officer `username` with the tests' password.
async fn create_officer(app: &TestApp, username: &str) {
    let admin = app.admin_token().await;
    let body = serde_json::json!({"username": username, "password": "a password for tests", "role": "officer"});
    assert_eq!(app.post_json("/api/v1/users", &admin, &body).await.status(), 201);
}

#[tokio::test]
async fn failures_from_one_address_do_not_lock_the_user_out_from_another() {
    let app = behind_a_proxy(3).await;
    for _ in 0..3 {
        assert_eq!(sign_in_from(&app, "198.51.100.7", "admin", "a wrong guess").await.status(), 400);
    }
    let locked = sign_in_from(&app, "198.51.100.7", "admin", ADMIN_PASSWORD).await;
    assert_eq!(locked.status(), 429, "the attacker's address is locked for this username");
    assert!(locked.headers().contains_key("retry-after"));
    // The real admin, elsewhere, signs in.
    assert_eq!(sign_in_from(&app, "203.0.113.20", "admin", ADMIN_PASSWORD).await.status(), 200);
    // A proxy appends the address it saw: the last one counts, not what the client wrote first.
    let spoofed = sign_in_from(&app, "203.0.113.20, 198.51.100.7", "admin", ADMIN_PASSWORD).await;
    assert_eq!(spoofed.status(), 429);
}

#[tokio::test]
async fn one_address_guessing_many_usernames_is_locked_at_four_times_the_limit() {
    let app = behind_a_proxy(2).await;
    create_officer(&app, "bystander").await;
    // 8 = 4 × 2 failures over four usernames, none of which reaches its own limit of 2 twice.
    for round in 0..2 {
        for user in ["anna", "boris", "cvetan", "dora"] {
            let response = sign_in_from(&app, "198.51.100.7", user, "a wrong guess").await;
            assert_eq!(response.status(), 400, "round {round}, {user}");
        }
    }
    let locked = sign_in_from(&app, "198.51.100.7", "bystander", "a password for tests").await;
    assert_eq!(locked.status(), 429, "the address itself is locked now");
    assert_eq!(sign_in_from(&app, "203.0.113.20", "bystander", "a password for tests").await.status(), 200);
}

#[tokio::test]
async fn parallel_wrong_guesses_check_at_most_the_limit() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 5;
        s.login_lockout = 60;
    })
    .await;
    let guesses = (0..30).map(|i| app.sign_in("admin", if i % 2 == 0 { "guess one" } else { "guess two" }));
    let statuses: Vec<u16> =
        futures_util::future::join_all(guesses).await.iter().map(|r| r.status().as_u16()).collect();
    let checked = statuses.iter().filter(|s| **s == 400).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + throttled, 30, "only 400 and 429 are expected: {statuses:?}");
    assert_eq!(checked, 5, "exactly the limit of guesses is checked: {statuses:?}");
}

#[tokio::test]
async fn the_forwarded_header_is_ignored_unless_it_is_configured() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 3;
        s.login_lockout = 60;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(sign_in_from(&app, "198.51.100.7", "admin", "a wrong guess").await.status(), 400);
    }
    // Without IRO_TRUSTED_PROXY_HEADER every request comes from the peer address (127.0.0.1),
    // whatever it claims, so claiming another address does not escape the lock.
    assert_eq!(sign_in_from(&app, "203.0.113.20", "admin", ADMIN_PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn wrong_client_secrets_from_one_address_do_not_lock_the_client_out_from_another() {
    let app = behind_a_proxy(3).await;
    let (client_id, secret) = app.create_client(&["institutions:read"]);
    for _ in 0..3 {
        let response = client_sign_in_from(&app, "198.51.100.7", &client_id, "wrong").await;
        assert_eq!(response.status(), 401);
    }
    assert_eq!(client_sign_in_from(&app, "198.51.100.7", &client_id, &secret).await.status(), 429);
    let response = client_sign_in_from(&app, "203.0.113.20", &client_id, &secret).await;
    assert_eq!(response.status(), 200, "{}", json(response).await);
}
