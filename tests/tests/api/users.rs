//! `/api/v1/users`: creating, listing, reading and changing accounts (admins only), with
//! validation, duplicates, merge patches, preconditions and the last-admin rule.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed request is a failed test")]

use std::collections::HashSet;

use iro_tests::{ADMIN_PASSWORD, TestApp, assert_problem, fixtures, json, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const USERS: &str = "/api/v1/users";
const PASSWORD: &str = "a long enough password";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// POSTs a user body as admin.
async fn post_user(app: &TestApp, admin: &str, body: &Value) -> Response {
    app.post_json(USERS, admin, body).await
}

/// Creates a user as admin, asserting 201; returns the account.
async fn create_user(app: &TestApp, admin: &str, body: &Value) -> Value {
    let response = post_user(app, admin, body).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating a user failed: {body}");
    body
}

/// A minimal user body.
fn user(username: &str, role: &str) -> Value {
    json!({"username": username, "password": PASSWORD, "role": role})
}

/// The id of a JSON resource.
fn id(resource: &Value) -> String {
    resource["id"].as_str().unwrap_or_else(|| panic!("no id in {resource}")).to_owned()
}

/// The path of one user.
fn user_path(id: &str) -> String {
    format!("{USERS}/{id}")
}

/// Asserts a 422 validation failure that names `field` with `code`; returns the body.
async fn assert_field_error(response: Response, field: &str, code: &str) -> Value {
    let body = assert_problem(response, 422, "validation_failed").await;
    let errors = body["errors"].as_array().unwrap_or_else(|| panic!("no errors in {body}"));
    assert!(
        errors.iter().any(|e| e["field"] == field && e["code"] == code && e["message"].is_string()),
        "expected {field}/{code} in {body}"
    );
    body
}

/// Usernames of a list page.
fn usernames(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_owned()).collect()
}

/// GETs a list page as admin and returns its body.
async fn list(app: &TestApp, admin: &str, query: &str) -> Value {
    let response = app.get(&format!("{USERS}{query}"), admin).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "listing {query} failed: {body}");
    body
}

/// Sorted usernames of a list page.
fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

/// Creates an institution with one unit; returns the unit id.
async fn unit(app: &TestApp, admin: &str) -> String {
    let institution = app.post_json("/api/v1/institutions", admin, &fixtures::lipetsk()).await;
    assert_eq!(institution.status(), 201);
    let institution = id(&json(institution).await);
    let unit =
        app.post_json(&format!("/api/v1/institutions/{institution}/units"), admin, &fixtures::unit("FMATH")).await;
    assert_eq!(unit.status(), 201);
    id(&json(unit).await)
}

/// The id of the account behind `token`.
async fn my_id(app: &TestApp, token: &str) -> String {
    id(&json(app.get("/api/v1/me", token).await).await)
}

/// PATCH with `If-Match`.
async fn patch_if_match(app: &TestApp, token: &str, path: &str, etag: &str, body: &Value) -> Response {
    app.request(Method::PATCH, path, Some(token))
        .header("content-type", "application/merge-patch+json")
        .header("if-match", etag)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn creating_a_user_returns_201_with_location_etag_and_no_password() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = post_user(
        &app,
        &admin,
        &json!({"username": "  M.Petrova ", "password": PASSWORD, "role": "officer",
            "full_name": "Marija Petrova", "email": "m.petrova@finki.ukim.mk"}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let text = response.text().await.unwrap();
    assert!(!text.contains(PASSWORD), "the password must never be echoed: {text}");
    let created: Value = serde_json::from_str(&text).unwrap();

    assert_eq!(created["username"], "m.petrova", "usernames are stored trimmed and lower case");
    assert_eq!(created["role"], "officer");
    assert_eq!(created["full_name"], "Marija Petrova");
    assert_eq!(created["email"], "m.petrova@finki.ukim.mk");
    assert_eq!(created["active"], true);
    assert_eq!(created["unit_ids"], json!([]));
    assert!(created.get("password").is_none() && created.get("password_hash").is_none(), "{created}");
    assert_eq!(location, user_path(&id(&created)));
    assert_eq!(etag, format!("\"{}\"", created["version"]));

    let fetched = app.get(&location, &admin).await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(json(fetched).await, created);

    // The new account can sign in with any spelling of its name.
    assert_eq!(app.sign_in("M.PETROVA", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_faculty_coordinator_is_created_with_their_units() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = unit(&app, &admin).await;
    let created = create_user(
        &app,
        &admin,
        &json!({"username": "coordinator", "password": PASSWORD, "role": "faculty_coordinator", "unit_ids": [unit]}),
    )
    .await;
    assert_eq!(created["role"], "faculty_coordinator");
    assert_eq!(created["unit_ids"], json!([unit]));
}

#[tokio::test]
async fn a_short_password_is_refused_with_its_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response =
        post_user(&app, &admin, &json!({"username": "shorty", "password": "123456789", "role": "officer"})).await;
    assert_field_error(response, "password", "range").await;
    // Exactly ten characters is enough.
    create_user(&app, &admin, &json!({"username": "tenner", "password": "1234567890", "role": "officer"})).await;
}

#[tokio::test]
async fn a_bad_username_is_refused_with_its_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let too_long = "x".repeat(65);
    for username in ["ab", "with space", "semi;colon", "émile", too_long.as_str(), ""] {
        let response = post_user(&app, &admin, &user(username, "officer")).await;
        assert_field_error(response, "username", "format").await;
    }
    let list = list(&app, &admin, "").await;
    assert_eq!(usernames(&list), ["admin"], "nothing was created");
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = post_user(
        &app,
        &admin,
        &json!({"username": "a b", "password": "short", "role": "officer", "email": "not-an-email"}),
    )
    .await;
    let body = assert_field_error(response, "username", "format").await;
    let fields: HashSet<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, HashSet::from(["username", "password", "email"]), "{body}");
}

#[tokio::test]
async fn a_faculty_coordinator_without_units_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = post_user(&app, &admin, &user("no.units", "faculty_coordinator")).await;
    assert_field_error(response, "unit_ids", "required").await;
    let response = post_user(
        &app,
        &admin,
        &json!({"username": "no.units", "password": PASSWORD, "role": "faculty_coordinator", "unit_ids": []}),
    )
    .await;
    assert_field_error(response, "unit_ids", "required").await;
}

#[tokio::test]
async fn units_for_a_role_other_than_faculty_coordinator_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = unit(&app, &admin).await;
    let response = post_user(
        &app,
        &admin,
        &json!({"username": "officer.with.units", "password": PASSWORD, "role": "officer", "unit_ids": [unit]}),
    )
    .await;
    assert_field_error(response, "unit_ids", "not_allowed").await;
}

#[tokio::test]
async fn an_unknown_unit_is_refused_with_its_index() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = unit(&app, &admin).await;
    let missing = uuid::Uuid::now_v7().to_string();
    let response = post_user(
        &app,
        &admin,
        &json!({"username": "coordinator", "password": PASSWORD, "role": "faculty_coordinator", "unit_ids": [missing]}),
    )
    .await;
    assert_field_error(response, "unit_ids[0]", "unknown").await;
    let response = post_user(
        &app,
        &admin,
        &json!({"username": "coordinator", "password": PASSWORD, "role": "faculty_coordinator", "unit_ids": [unit, missing]}),
    )
    .await;
    let body = assert_field_error(response, "unit_ids[1]", "unknown").await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 1, "the existing unit is fine: {body}");
    assert_eq!(usernames(&list(&app, &admin, "?q=coordinator").await), Vec::<String>::new());
}

#[tokio::test]
async fn an_unknown_role_is_refused_with_its_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = post_user(&app, &admin, &user("root.user", "root")).await;
    assert_field_error(response, "role", "type").await;
}

#[tokio::test]
async fn a_missing_field_is_refused_with_its_name() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = post_user(&app, &admin, &json!({"username": "nopass", "role": "officer"})).await;
    assert_field_error(response, "password", "required").await;
}

#[tokio::test]
async fn an_unknown_field_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut body = user("sneaky", "officer");
    body["password_hash"] = json!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
    let response = post_user(&app, &admin, &body).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "unknown_field", "{problem}");
}

#[tokio::test]
async fn a_duplicate_username_is_a_409_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create_user(&app, &admin, &user("twin", "officer")).await;
    for username in ["twin", "TWIN", "admin"] {
        let response = post_user(&app, &admin, &user(username, "participant")).await;
        let body = assert_problem(response, 409, "duplicate").await;
        assert_eq!(body["errors"][0]["field"], "username", "{body}");
        assert_eq!(body["errors"][0]["code"], "duplicate", "{body}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = app
        .request(Method::POST, USERS, Some(&admin))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .unwrap();
    assert_problem(response, 400, "malformed_json").await;
    let response = app
        .request(Method::POST, USERS, Some(&admin))
        .header("content-type", "text/plain")
        .body(user("plain", "officer").to_string())
        .send()
        .await
        .unwrap();
    assert_problem(response, 415, "unsupported_media_type").await;
}

// ---------------------------------------------------------------------------------------------
// List and get
// ---------------------------------------------------------------------------------------------

/// Creates a small, varied set of accounts; the reporting one is deactivated.
async fn seed(app: &TestApp, admin: &str) {
    create_user(
        app,
        admin,
        &json!({"username": "alice", "password": PASSWORD, "role": "officer",
            "full_name": "Alice Example", "email": "alice@uni.example"}),
    )
    .await;
    create_user(
        app,
        admin,
        &json!({"username": "bob", "password": PASSWORD, "role": "participant",
            "full_name": "Bob Builder", "email": "bob@student.example"}),
    )
    .await;
    create_user(app, admin, &json!({"username": "dora", "password": PASSWORD, "role": "participant"})).await;
    let carol = create_user(app, admin, &user("carol", "reporting")).await;
    let response = app.patch_json(&user_path(&id(&carol)), admin, &json!({"active": false})).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_list_filters_by_role() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    seed(&app, &admin).await;
    assert_eq!(usernames(&list(&app, &admin, "?role=officer").await), ["alice"]);
    assert_eq!(sorted(usernames(&list(&app, &admin, "?role=participant").await)), ["bob", "dora"]);
    assert_eq!(usernames(&list(&app, &admin, "?role=admin").await), ["admin"]);
    assert_eq!(usernames(&list(&app, &admin, "?role=faculty_coordinator").await), Vec::<String>::new());
    let response = app.get(&format!("{USERS}?role=root"), &admin).await;
    assert_problem(response, 400, "invalid_query").await;
}

#[tokio::test]
async fn the_list_filters_by_active() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    seed(&app, &admin).await;
    let inactive = list(&app, &admin, "?active=false").await;
    assert_eq!(usernames(&inactive), ["carol"]);
    assert_eq!(inactive["items"][0]["active"], false);
    assert_eq!(sorted(usernames(&list(&app, &admin, "?active=true").await)), ["admin", "alice", "bob", "dora"]);
    assert_eq!(usernames(&list(&app, &admin, "?active=true&role=reporting").await), Vec::<String>::new());
}

#[tokio::test]
async fn the_list_searches_username_name_and_email() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    seed(&app, &admin).await;
    assert_eq!(usernames(&list(&app, &admin, "?q=ali").await), ["alice"], "username");
    assert_eq!(usernames(&list(&app, &admin, "?q=BUILDER").await), ["bob"], "full name, any case");
    assert_eq!(usernames(&list(&app, &admin, "?q=student.example").await), ["bob"], "email");
    assert_eq!(sorted(usernames(&list(&app, &admin, "?q=example").await)), ["alice", "bob"]);
    assert_eq!(usernames(&list(&app, &admin, "?q=example&role=participant").await), ["bob"]);
    assert_eq!(usernames(&list(&app, &admin, "?q=nobody-has-this").await), Vec::<String>::new());
}

#[tokio::test]
async fn the_search_treats_like_wildcards_literally() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    seed(&app, &admin).await;
    create_user(&app, &admin, &user("under_score", "participant")).await;
    assert_eq!(usernames(&list(&app, &admin, "?q=%25").await), Vec::<String>::new(), "q=%");
    assert_eq!(usernames(&list(&app, &admin, "?q=_").await), ["under_score"], "q=_");
}

#[tokio::test]
async fn paging_with_limit_one_walks_every_user_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    seed(&app, &admin).await;
    let everyone = list(&app, &admin, "?limit=200").await;
    assert!(everyone["next_cursor"].is_null());
    let all: Vec<String> = everyone["items"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(all.len(), 5);

    let mut walked = Vec::new();
    let mut query = "?limit=1".to_owned();
    for _ in 0..=all.len() {
        let page = list(&app, &admin, &query).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 1, "limit=1 gave {page}");
        walked.extend(items.iter().map(id));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, all, "paging must neither skip nor repeat, in a stable order");
    let unique: HashSet<&String> = walked.iter().collect();
    assert_eq!(unique.len(), walked.len());
}

#[tokio::test]
async fn paging_keeps_the_filters() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    seed(&app, &admin).await;
    let first = list(&app, &admin, "?role=participant&limit=1").await;
    let cursor = first["next_cursor"].as_str().expect("a second page").to_owned();
    let second = list(&app, &admin, &format!("?role=participant&limit=1&cursor={cursor}")).await;
    assert!(second["next_cursor"].is_null(), "{second}");
    let names = sorted([usernames(&first), usernames(&second)].concat());
    assert_eq!(names, ["bob", "dora"]);
}

#[tokio::test]
async fn bad_paging_parameters_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for (query, field, code) in
        [("limit=0", "limit", "range"), ("limit=201", "limit", "range"), ("cursor=!!!", "cursor", "format")]
    {
        let body = assert_problem(app.get(&format!("{USERS}?{query}"), &admin).await, 400, "invalid_query").await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
        assert_eq!(body["errors"][0]["code"], code, "{query}: {body}");
    }
    assert_problem(app.get(&format!("{USERS}?limit=many"), &admin).await, 400, "invalid_query").await;
}

#[tokio::test]
async fn getting_a_user_returns_it_with_its_etag() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("gettable", "reporting")).await;
    let response = app.get(&user_path(&id(&created)), &admin).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"1\"");
    let fetched = json(response).await;
    assert_eq!(fetched["username"], "gettable");
    assert_eq!(fetched["role"], "reporting");
    assert_eq!(fetched["version"], 1);
}

#[tokio::test]
async fn getting_an_unknown_user_is_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = app.get(&user_path(&uuid::Uuid::now_v7().to_string()), &admin).await;
    assert_problem(response, 404, "not_found").await;
    assert_problem(app.get(&user_path("not-a-uuid"), &admin).await, 400, "invalid_path").await;
    let response =
        app.patch_json(&user_path(&uuid::Uuid::now_v7().to_string()), &admin, &json!({"full_name": "X"})).await;
    assert_problem(response, 404, "not_found").await;
}

// ---------------------------------------------------------------------------------------------
// Change
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_merge_patch_changes_only_the_fields_it_names() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(
        &app,
        &admin,
        &json!({"username": "patchy", "password": PASSWORD, "role": "officer",
            "full_name": "Pat Chy", "email": "pat@uni.example"}),
    )
    .await;
    let path = user_path(&id(&created));
    let response = app.patch_json(&path, &admin, &json!({"full_name": "Patricia Chy", "email": null})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"2\"");
    let patched = json(response).await;
    assert_eq!(patched["full_name"], "Patricia Chy");
    assert!(patched["email"].is_null(), "null removes the email: {patched}");
    assert_eq!(patched["role"], "officer");
    assert_eq!(patched["username"], "patchy");
    assert_eq!(patched["active"], true);
    assert_eq!(patched["version"], 2);
    assert_eq!(patched["created_at"], created["created_at"]);
    assert_eq!(json(app.get(&path, &admin).await).await, patched);
}

#[tokio::test]
async fn a_role_change_applies_to_the_next_request_with_the_same_token() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let officer = app.token_for("officer", &[]).await;
    let officer_id = my_id(&app, &officer).await;
    assert_eq!(app.post_json("/api/v1/institutions", &officer, &fixtures::lipetsk()).await.status(), 201);

    let response = app.patch_json(&user_path(&officer_id), &admin, &json!({"role": "participant"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["role"], "participant");

    let again = fixtures::institution("uni-example.de", "DE");
    assert_problem(app.post_json("/api/v1/institutions", &officer, &again).await, 403, "forbidden").await;
    assert_eq!(json(app.get("/api/v1/me", &officer).await).await["role"], "participant");
    assert_eq!(app.get("/api/v1/institutions", &officer).await.status(), 200);
}

#[tokio::test]
async fn a_promotion_to_faculty_coordinator_needs_units() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = unit(&app, &admin).await;
    let created = create_user(&app, &admin, &user("promoted", "participant")).await;
    let path = user_path(&id(&created));
    let response = app.patch_json(&path, &admin, &json!({"role": "faculty_coordinator"})).await;
    assert_field_error(response, "unit_ids", "required").await;
    let response = app.patch_json(&path, &admin, &json!({"role": "faculty_coordinator", "unit_ids": [unit]})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["unit_ids"], json!([unit]));
    let response = app.patch_json(&path, &admin, &json!({"unit_ids": [uuid::Uuid::now_v7()]})).await;
    assert_field_error(response, "unit_ids[0]", "unknown").await;
}

#[tokio::test]
async fn a_password_change_retires_the_old_password() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("forgetful", "participant")).await;
    let before = app.sign_in("forgetful", PASSWORD).await;
    let refresh_token = json(before).await["refresh_token"].as_str().unwrap().to_owned();

    let new_password = "a brand new passphrase";
    let response = app.patch_json(&user_path(&id(&created)), &admin, &json!({"password": new_password})).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(!text.contains(new_password) && !text.contains("password"), "{text}");

    assert_eq!(app.sign_in("forgetful", PASSWORD).await.status(), 400, "the old password no longer works");
    assert_eq!(app.sign_in("forgetful", new_password).await.status(), 200, "the new one does");
    let refreshed = app
        .request(Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 400, "a password change ends earlier sign-ins");
}

#[tokio::test]
async fn a_short_new_password_is_refused_and_the_old_one_kept() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("careful", "participant")).await;
    let response = app.patch_json(&user_path(&id(&created)), &admin, &json!({"password": "short"})).await;
    assert_field_error(response, "password", "range").await;
    assert_eq!(app.sign_in("careful", PASSWORD).await.status(), 200);
    assert_eq!(json(app.get(&user_path(&id(&created)), &admin).await).await["version"], 1);
}

#[tokio::test]
async fn changing_a_read_only_field_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("fixed.name", "officer")).await;
    let path = user_path(&id(&created));
    let response = app.patch_json(&path, &admin, &json!({"username": "new.name"})).await;
    assert_field_error(response, "username", "read_only").await;
    let response = app.patch_json(&path, &admin, &json!({"version": 7})).await;
    assert_field_error(response, "version", "read_only").await;
    assert_eq!(json(app.get(&path, &admin).await).await["username"], "fixed.name");
    // Sending a read-only field back unchanged is fine.
    let response = app.patch_json(&path, &admin, &json!({"username": "fixed.name", "full_name": "Fixed"})).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_patch_that_is_not_an_object_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("target", "officer")).await;
    let response = app.patch_json(&user_path(&id(&created)), &admin, &json!(["active", false])).await;
    assert_problem(response, 400, "malformed_patch").await;
    let response = app.patch_json(&user_path(&id(&created)), &admin, &json!({"active": "no"})).await;
    assert_field_error(response, "active", "type").await;
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_the_current_one_succeeds() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("versioned", "officer")).await;
    let path = user_path(&id(&created));
    let first = patch_if_match(&app, &admin, &path, "\"1\"", &json!({"full_name": "First"})).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["etag"], "\"2\"");

    let stale = patch_if_match(&app, &admin, &path, "\"1\"", &json!({"full_name": "Lost update"})).await;
    assert_problem(stale, 412, "precondition_failed").await;
    assert_eq!(json(app.get(&path, &admin).await).await["full_name"], "First");

    let current = patch_if_match(&app, &admin, &path, "\"2\"", &json!({"full_name": "Second"})).await;
    assert_eq!(current.status(), 200);
    assert_eq!(json(current).await["full_name"], "Second");
}

#[tokio::test]
async fn the_last_active_admin_cannot_deactivate_or_demote_themself() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let path = user_path(&my_id(&app, &admin).await);
    for patch in [json!({"active": false}), json!({"role": "officer"}), json!({"role": "officer", "active": false})] {
        let response = app.patch_json(&path, &admin, &patch).await;
        assert_problem(response, 409, "last_admin").await;
    }
    let me = json(app.get(&path, &admin).await).await;
    assert_eq!(me["role"], "admin");
    assert_eq!(me["active"], true);
    assert_eq!(me["version"], 1);
    // Harmless changes to the last admin still work.
    assert_eq!(app.patch_json(&path, &admin, &json!({"full_name": "The Admin"})).await.status(), 200);
}

#[tokio::test]
async fn an_admin_can_step_down_once_another_admin_exists() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let path = user_path(&my_id(&app, &admin).await);
    create_user(&app, &admin, &user("second.admin", "admin")).await;
    let response = app.patch_json(&path, &admin, &json!({"role": "officer"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["role"], "officer");
    // No longer an admin: the same token may not manage users any more.
    assert_problem(app.get(USERS, &admin).await, 403, "forbidden").await;
    let second = app.token("second.admin", PASSWORD).await;
    assert_eq!(app.get(USERS, &second).await.status(), 200);
}

#[tokio::test]
async fn a_deactivated_admin_does_not_count_as_another_admin() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let path = user_path(&my_id(&app, &admin).await);
    let other = create_user(&app, &admin, &user("retired.admin", "admin")).await;
    let response = app.patch_json(&user_path(&id(&other)), &admin, &json!({"active": false})).await;
    assert_eq!(response.status(), 200);
    assert_problem(app.patch_json(&path, &admin, &json!({"active": false})).await, 409, "last_admin").await;
}

#[tokio::test]
async fn a_deactivated_user_can_be_reactivated() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("comeback", "officer")).await;
    let path = user_path(&id(&created));
    assert_eq!(app.patch_json(&path, &admin, &json!({"active": false})).await.status(), 200);
    assert_eq!(app.sign_in("comeback", PASSWORD).await.status(), 400);
    let response = app.patch_json(&path, &admin, &json!({"active": true})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["active"], true);
    assert_eq!(app.sign_in("comeback", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_new_password_ends_the_access_tokens_issued_before_it_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create_user(&app, &admin, &user("moving.on", "officer")).await;
    let path = user_path(&id(&created));
    let before = app.token("moving.on", PASSWORD).await;
    // A change of name or role leaves the session alone (the role applies at once anyway).
    assert_eq!(app.patch_json(&path, &admin, &json!({"full_name": "Moving On"})).await.status(), 200);
    assert_eq!(app.get("/api/v1/me", &before).await.status(), 200, "a name change ended the session");
    // A new password: the old token stops working now, not in 15 minutes.
    let new_password = "a completely new passphrase";
    assert_eq!(app.patch_json(&path, &admin, &json!({"password": new_password})).await.status(), 200);
    let problem = assert_problem(app.get("/api/v1/me", &before).await, 401, "unauthorized").await;
    assert!(problem["detail"].as_str().unwrap_or_default().contains("password changed"), "{problem}");
    let after = app.token("moving.on", new_password).await;
    assert_eq!(app.get("/api/v1/me", &after).await.status(), 200, "a token issued after the change works");
}

// ---------------------------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn only_admins_may_manage_users() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let target = id(&create_user(&app, &admin, &user("target", "participant")).await);
    let unit = unit(&app, &admin).await;
    for (role, units) in [
        ("officer", vec![]),
        ("participant", vec![]),
        ("reporting", vec![]),
        ("faculty_coordinator", vec![unit.as_str()]),
    ] {
        let token = app.token_for(role, &units).await;
        assert_problem(app.get(USERS, &token).await, 403, "forbidden").await;
        assert_problem(app.get(&user_path(&target), &token).await, 403, "forbidden").await;
        let response = app.post_json(USERS, &token, &user(&format!("made.by.{role}"), "admin")).await;
        assert_problem(response, 403, "forbidden").await;
        let response = app.patch_json(&user_path(&target), &token, &json!({"role": "admin"})).await;
        assert_problem(response, 403, "forbidden").await;
        // Not even their own account.
        let own = my_id(&app, &token).await;
        let response = app.patch_json(&user_path(&own), &token, &json!({"role": "admin"})).await;
        assert_problem(response, 403, "forbidden").await;
    }
    let fetched = json(app.get(&user_path(&target), &admin).await).await;
    assert_eq!(fetched["role"], "participant");
    assert_eq!(fetched["version"], 1);
    assert_eq!(usernames(&list(&app, &admin, "?role=admin").await), ["admin"]);
}

#[tokio::test]
async fn the_user_endpoints_need_a_token() {
    let app = spawn_app().await;
    let response = app.request(Method::GET, USERS, None).send().await.unwrap();
    assert_problem(response, 401, "unauthorized").await;
    let response = app.request(Method::POST, USERS, None).json(&user("anonymous", "admin")).send().await.unwrap();
    assert_problem(response, 401, "unauthorized").await;
    assert_eq!(app.sign_in("anonymous", PASSWORD).await.status(), 400);
    assert_eq!(app.sign_in("admin", ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn two_admins_stepping_down_at_once_leave_one_admin() {
    // The last-admin rule must hold under concurrency too (conventions §3): when the only two
    // admins demote themselves at the same moment, exactly one of them may succeed.
    let app = spawn_app().await;
    let first = app.admin_token().await;
    let first_path = user_path(&my_id(&app, &first).await);
    let second_id = id(&create_user(&app, &first, &user("second.admin", "admin")).await);
    let second_path = user_path(&second_id);
    let second = app.token("second.admin", PASSWORD).await;
    let demote = json!({"role": "officer"});
    for round in 0..20 {
        let (a, b) =
            tokio::join!(app.patch_json(&first_path, &first, &demote), app.patch_json(&second_path, &second, &demote));
        let statuses = [a.status().as_u16(), b.status().as_u16()];
        assert!(
            statuses == [200, 409] || statuses == [409, 200],
            "round {round}: exactly one admin may step down, got {statuses:?}"
        );
        // Restore the second admin with whoever is still admin.
        let (remaining, path) = if statuses[0] == 200 { (&second, &first_path) } else { (&first, &second_path) };
        let restored = app.patch_json(path, remaining, &json!({"role": "admin"})).await;
        assert_eq!(restored.status(), 200, "round {round}");
    }
}
