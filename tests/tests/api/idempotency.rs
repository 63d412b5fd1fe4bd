//! `Idempotency-Key` on POST: replay of the first answer, refusal of a reused key with another
//! body, keys scoped per caller, and plain POSTs without a key.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test helpers: a failed request is a failed test")]

use iro_tests::fixtures::institution;
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::{Method, Response};
use serde_json::Value;

const PATH: &str = "/api/v1/institutions";

/// POSTs an institution body with a key.
async fn post_with_key(app: &TestApp, token: &str, key: &str, body: &Value) -> Response {
    app.request(Method::POST, PATH, Some(token)).header("idempotency-key", key).json(body).send().await.unwrap()
}

fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn replayed(response: &Response) -> bool {
    header(response, "idempotent-replayed").as_deref() == Some("true")
}

/// The hei_ids of every institution, as the admin sees them.
async fn hei_ids(app: &TestApp) -> Vec<String> {
    let token = app.admin_token().await;
    let body = json(app.get(&format!("{PATH}?limit=200"), &token).await).await;
    body["items"].as_array().expect("items").iter().map(|i| i["hei_id"].as_str().expect("hei_id").to_owned()).collect()
}

#[tokio::test]
async fn the_same_key_and_body_replays_the_first_response_and_creates_one_record() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = institution("uni-replay.example", "DE");

    let first = post_with_key(&app, &token, "create-replay-1", &body).await;
    assert_eq!(first.status(), 201);
    assert!(!replayed(&first), "the first response is not a replay");
    let (location, etag) = (header(&first, "location"), header(&first, "etag"));
    let first_body = first.text().await.unwrap();

    let second = post_with_key(&app, &token, "create-replay-1", &body).await;
    assert_eq!(second.status(), 201, "a replay keeps the status");
    assert!(replayed(&second), "the replay says so with idempotent-replayed: true");
    assert!(location.is_some());
    assert_eq!(header(&second, "location"), location);
    assert_eq!(header(&second, "etag"), etag);
    let content_type = header(&second, "content-type").unwrap_or_default();
    assert!(content_type.starts_with("application/json"), "replayed content type {content_type:?}");
    assert_eq!(second.text().await.unwrap(), first_body, "the replay has the first body");

    assert_eq!(hei_ids(&app).await, vec!["uni-replay.example".to_owned()]);
    let created: Value = serde_json::from_str(&first_body).unwrap();
    let fetched = app.get(location.as_deref().unwrap_or_default(), &token).await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(json(fetched).await["id"], created["id"]);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_a_422() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let first = post_with_key(&app, &token, "key-reused", &institution("uni-first.example", "DE")).await;
    assert_eq!(first.status(), 201);

    let other = post_with_key(&app, &token, "key-reused", &institution("uni-second.example", "FR")).await;
    assert!(!replayed(&other));
    assert_problem(other, 422, "idempotency_key_reused").await;
    assert_eq!(hei_ids(&app).await, vec!["uni-first.example".to_owned()], "the second body was not executed");
}

#[tokio::test]
async fn another_caller_with_the_same_key_and_body_is_executed_not_replayed() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let officer = app.token_for("officer", &[]).await;
    let body = institution("uni-shared.example", "DE");

    let first = post_with_key(&app, &admin, "shared-key", &body).await;
    assert_eq!(first.status(), 201);

    // hei_id is unique, so executing the officer's request must answer 409; a replay of the
    // admin's answer would be a 201.
    let second = post_with_key(&app, &officer, "shared-key", &body).await;
    assert!(!replayed(&second), "another caller's key must not replay the admin's response");
    let problem = assert_problem(second, 409, "duplicate").await;
    assert_eq!(problem["errors"][0]["field"], "hei_id", "{problem}");
}

#[tokio::test]
async fn another_caller_may_use_the_same_key_with_another_body() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let officer = app.token_for("officer", &[]).await;

    let first = post_with_key(&app, &admin, "per-caller", &institution("uni-admin.example", "DE")).await;
    assert_eq!(first.status(), 201);
    let second = post_with_key(&app, &officer, "per-caller", &institution("uni-officer.example", "FR")).await;
    assert_eq!(second.status(), 201, "the key is the officer's own, not reused");
    assert!(!replayed(&second));
    assert_ne!(header(&second, "location"), header(&first, "location"));

    let mut ids = hei_ids(&app).await;
    ids.sort();
    assert_eq!(ids, vec!["uni-admin.example".to_owned(), "uni-officer.example".to_owned()]);
}

#[tokio::test]
async fn a_failed_request_is_remembered_and_replayed() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let invalid = institution("not a domain", "DE");

    let first = post_with_key(&app, &token, "failing-key", &invalid).await;
    assert!(!replayed(&first));
    let first_problem = assert_problem(first, 422, "validation_failed").await;

    let second = post_with_key(&app, &token, "failing-key", &invalid).await;
    assert!(replayed(&second), "the 422 is replayed, not recomputed");
    let second_problem = assert_problem(second, 422, "validation_failed").await;
    assert_eq!(second_problem, first_problem);
    assert!(hei_ids(&app).await.is_empty());
}

#[tokio::test]
async fn an_empty_or_overlong_key_is_a_400() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = institution("uni-keys.example", "DE");
    for key in [String::new(), "   ".to_owned(), "k".repeat(256)] {
        let response = post_with_key(&app, &token, &key, &body).await;
        let problem = assert_problem(response, 400, "invalid_idempotency_key").await;
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    assert!(hei_ids(&app).await.is_empty(), "a refused key executes nothing");

    // 255 characters is the longest key accepted.
    let response = post_with_key(&app, &token, &"k".repeat(255), &body).await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn authentication_comes_before_the_key_and_a_deactivated_caller_gets_no_replay() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    // No valid token: 401, even with a malformed key.
    let bad_key =
        app.request(Method::POST, PATH, None).header("idempotency-key", "").json(&institution("a.example", "DE"));
    assert_problem(bad_key.send().await.unwrap(), 401, "unauthorized").await;
    // An officer creates with a key, is deactivated, and retries: the stored answer is not
    // replayed to a token whose account no longer may act.
    let officer = app.token_for("officer", &[]).await;
    let body = institution("uni-gone.example", "DE");
    assert_eq!(post_with_key(&app, &officer, "gone-1", &body).await.status(), 201);
    let me = json(app.get("/api/v1/me", &officer).await).await;
    let path = format!("/api/v1/users/{}", me["id"].as_str().unwrap());
    assert_eq!(app.patch_json(&path, &admin, &serde_json::json!({"active": false})).await.status(), 200);
    let retried = post_with_key(&app, &officer, "gone-1", &body).await;
    assert!(!replayed(&retried), "a deactivated account got the stored answer");
    assert_problem(retried, 401, "unauthorized").await;
}

#[tokio::test]
async fn without_a_key_two_identical_posts_give_201_then_409() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = institution("uni-twice.example", "DE");

    let first = app.post_json(PATH, &token, &body).await;
    assert_eq!(first.status(), 201);
    let second = app.post_json(PATH, &token, &body).await;
    assert!(!replayed(&second));
    let problem = assert_problem(second, 409, "duplicate").await;
    assert_eq!(problem["errors"][0]["field"], "hei_id", "{problem}");
    assert_eq!(hei_ids(&app).await, vec!["uni-twice.example".to_owned()]);
}
