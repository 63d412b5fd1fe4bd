//! Test harness: starts the real iro server on a random port with a fresh database (a
//! temporary SQLite file, or a fresh PostgreSQL database when `IRO_TEST_DATABASE_URL` is set)
//! and offers typed helpers to talk to it over HTTP.

// A harness that cannot set up its fixture has nothing better to do than fail the test, so it
// panics with a message instead of threading errors through every test.
#![expect(clippy::expect_used, reason = "test harness: a failed setup is a failed test")]

pub mod database;
pub mod fixtures;

use iro_api::{Application, Settings};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;

pub use database::TestDatabase;

/// The password of the `admin` account every test app starts with.
pub const ADMIN_PASSWORD: &str = "admin password for tests";
/// The JWT secret of test apps (tests forge tokens with it and with other secrets).
pub const JWT_SECRET: &str = "a test secret that is long enough for HS256!";

/// A running server and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The port.
    pub port: u16,
    /// HTTP client (no redirects followed, so 30x can be asserted).
    pub client: reqwest::Client,
    /// The database behind the server; dropped (and deleted) with the app.
    pub database: TestDatabase,
    /// Settings the server was started with.
    pub settings: Settings,
}

/// Starts a server with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server after letting the caller adjust the settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::create();
    let mut settings = Settings::defaults();
    settings.bind = "127.0.0.1:0".to_owned();
    settings.database_url = database.url().to_owned();
    settings.data_dir = database.data_dir();
    settings.jwt_secret = Some(JWT_SECRET.to_owned());
    settings.admin_password = Some(ADMIN_PASSWORD.to_owned());
    settings.db_pool_size = 8;
    settings.workers = Some(2);
    adjust(&mut settings);
    let app = Application::build(settings.clone()).expect("the server starts");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    TestApp { address: format!("http://127.0.0.1:{port}"), port, client, database, settings }
}

impl TestApp {
    /// A request to `path` (relative to the server), with a bearer token when given.
    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self.client.request(method, format!("{}{}", self.address, path));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    /// GET with a token.
    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token)).send().await.expect("request sent")
    }

    /// POST JSON with a token.
    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, Some(token)).json(body).send().await.expect("request sent")
    }

    /// PATCH a merge patch with a token.
    pub async fn patch_json(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::PATCH, path, Some(token))
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string())
            .send()
            .await
            .expect("request sent")
    }

    /// DELETE with a token.
    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.request(Method::DELETE, path, Some(token)).send().await.expect("request sent")
    }

    /// Signs in with the password grant; returns the whole token response.
    pub async fn sign_in(&self, username: &str, password: &str) -> Response {
        self.request(Method::POST, "/api/v1/auth/token", None)
            .form(&[("grant_type", "password"), ("username", username), ("password", password)])
            .send()
            .await
            .expect("request sent")
    }

    /// An access token for `username`.
    pub async fn token(&self, username: &str, password: &str) -> String {
        let response = self.sign_in(username, password).await;
        assert_eq!(response.status(), 200, "sign-in of {username} failed");
        let body: Value = response.json().await.expect("token json");
        body["access_token"].as_str().expect("access_token").to_owned()
    }

    /// An access token of the built-in admin.
    pub async fn admin_token(&self) -> String {
        self.token("admin", ADMIN_PASSWORD).await
    }

    /// Creates a user with `role` (and units for coordinators) and returns a token for them.
    pub async fn token_for(&self, role: &str, unit_ids: &[&str]) -> String {
        let username = format!("{role}-{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
        let password = "a password for tests";
        let admin = self.admin_token().await;
        let response = self
            .post_json(
                "/api/v1/users",
                &admin,
                &serde_json::json!({"username": username, "password": password, "role": role, "unit_ids": unit_ids}),
            )
            .await;
        assert_eq!(response.status(), 201, "creating a {role} failed: {}", response.text().await.unwrap_or_default());
        self.token(&username, password).await
    }
}

/// Reads a response body as JSON, failing the test with the body when it is not.
pub async fn json(response: Response) -> Value {
    let text = response.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Asserts a problem-details response with `status` and `code`; returns the body.
pub async fn assert_problem(response: Response, status: u16, code: &str) -> Value {
    let actual = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = json(response).await;
    assert_eq!(actual, status, "unexpected status; body: {body}");
    assert_eq!(content_type, "application/problem+json", "problem media type; body: {body}");
    assert_eq!(body["code"], code, "unexpected problem code; body: {body}");
    assert_eq!(body["status"], status);
    body
}

impl TestApp {
    /// Registers an integration client directly in the database (there is no HTTP endpoint for
    /// it: clients are created with `iro client create`); returns `(client_id, secret)`.
    pub fn create_client(&self, scopes: &[&str]) -> (String, String) {
        use iro_domain::Scope;
        let scopes: Vec<Scope> = scopes.iter().map(|s| Scope::parse(s).expect("valid scope")).collect();
        let client_id = format!("client-{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
        let secret = iro_api::auth::password::random_secret();
        let hash = iro_api::auth::password::hash(&secret).expect("hash");
        let mut conn = iro_persistence::establish(self.database.url()).expect("database");
        iro_persistence::repositories::clients::insert(
            &mut conn,
            &client_id,
            "Test ERP",
            &hash,
            &scopes,
            chrono::Utc::now(),
        )
        .expect("client stored");
        (client_id, secret)
    }
}
