//! `/api/v1/institutions`: create, validate, read, merge-patch, delete, list and who may do what.

// The helpers below are test code too: a failed unwrap there is a failed assertion.
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use iro_tests::fixtures::{institution, lipetsk, unit};
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const INSTITUTIONS: &str = "/api/v1/institutions";

/// A header of a response as text (panics when it is missing).
fn header(response: &Response, name: &str) -> String {
    response.headers().get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap().to_owned()
}

/// Creates an institution and returns its body, failing the test unless the answer is 201.
async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.post_json(INSTITUTIONS, token, body).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating an institution failed: {body}");
    body
}

/// The URL path of an institution body.
fn path_of(institution: &Value) -> String {
    format!("{INSTITUTIONS}/{}", institution["id"].as_str().unwrap())
}

/// GET the list with query parameters.
async fn list(app: &TestApp, token: &str, query: &[(&str, &str)]) -> Response {
    app.request(Method::GET, INSTITUTIONS, Some(token)).query(query).send().await.unwrap()
}

/// The whole list page for `query`, asserting 200.
async fn page(app: &TestApp, token: &str, query: &[(&str, &str)]) -> Value {
    let response = list(app, token, query).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "listing with {query:?} failed: {body}");
    body
}

/// The `hei_id`s a list query returns (one page), sorted.
async fn listed_hei_ids(app: &TestApp, token: &str, query: &[(&str, &str)]) -> Vec<String> {
    let body = page(app, token, query).await;
    let mut ids: Vec<String> =
        body["items"].as_array().unwrap().iter().map(|i| i["hei_id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

/// GET one institution, asserting 200.
async fn fetch(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.get(path, token).await;
    assert_eq!(response.status(), 200);
    json(response).await
}

/// PATCH a merge patch with an `If-Match` header.
async fn patch_if_match(app: &TestApp, path: &str, token: &str, if_match: &str, body: &Value) -> Response {
    app.request(Method::PATCH, path, Some(token))
        .header("content-type", "application/merge-patch+json")
        .header("if-match", if_match)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

/// DELETE with an `If-Match` header.
async fn delete_if_match(app: &TestApp, path: &str, token: &str, if_match: &str) -> Response {
    app.request(Method::DELETE, path, Some(token)).header("if-match", if_match).send().await.unwrap()
}

/// The `(field, code)` pairs of a problem's `errors`, sorted.
fn field_errors(problem: &Value) -> Vec<(String, String)> {
    let mut errors: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {problem}"))
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    errors.sort();
    errors
}

/// A token of an integration client holding `scopes`, from the client-credentials grant.
async fn client_token(app: &TestApp, scopes: &[&str]) -> String {
    let (client_id, secret) = app.create_client(scopes);
    let response = app
        .request(Method::POST, "/api/v1/auth/token", None)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "client sign-in failed: {body}");
    body["access_token"].as_str().unwrap().to_owned()
}

/// A token for a faculty coordinator of a fresh unit (the role needs one).
async fn coordinator_token(app: &TestApp, admin: &str) -> String {
    let home = create(app, admin, &institution("coordinated.example", "MK")).await;
    let response = app.post_json(&format!("{}/units", path_of(&home)), admin, &unit("FINKI")).await;
    assert_eq!(response.status(), 201);
    let unit_id = json(response).await["id"].as_str().unwrap().to_owned();
    app.token_for("faculty_coordinator", &[&unit_id]).await
}

/// Parses an RFC 3339 timestamp written in UTC with the `Z` offset.
fn utc_timestamp(value: &Value) -> DateTime<Utc> {
    let text = value.as_str().unwrap_or_else(|| panic!("{value} is not a string"));
    assert!(text.ends_with('Z'), "{text} is not written in UTC with offset Z");
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text} is not RFC 3339: {e}")).with_timezone(&Utc)
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn creating_an_institution_returns_201_with_location_etag_and_the_normalised_record() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let before = Utc::now();
    let response = app
        .post_json(
            INSTITUTIONS,
            &admin,
            &json!({
                "hei_id": "UW.Edu.PL",
                "erasmus_code": "pl   warszaw01",
                "pic": "999572094",
                "oid": "e10209488",
                "name": {"en": "University of Warsaw", "pl": "Uniwersytet Warszawski"},
                "abbreviation": "UW",
                "country": "pl",
                "city": "Warszawa",
                "website": "https://www.uw.edu.pl",
                "ewp_enabled": true,
                "contacts": [{"name": "Anna Nowak", "role": "Erasmus+ coordinator",
                              "emails": ["erasmus@uw.edu.pl"], "phones": ["+48 22 55 20 000"]}]
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let location = header(&response, "location");
    assert_eq!(header(&response, "etag"), "\"1\"");
    let body = json(response).await;

    let id = body["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "id {id} is not a UUID");
    assert_eq!(location, format!("{INSTITUTIONS}/{id}"));
    assert_eq!(body["hei_id"], "uw.edu.pl");
    assert_eq!(body["erasmus_code"], "PL WARSZAW01");
    assert_eq!(body["pic"], "999572094");
    assert_eq!(body["oid"], "E10209488");
    assert_eq!(body["name"], json!({"en": "University of Warsaw", "pl": "Uniwersytet Warszawski"}));
    assert_eq!(body["abbreviation"], "UW");
    assert_eq!(body["country"], "PL");
    assert_eq!(body["city"], "Warszawa");
    assert_eq!(body["website"], "https://www.uw.edu.pl");
    assert_eq!(body["is_local"], false);
    assert_eq!(body["ewp_enabled"], true);
    assert_eq!(
        body["contacts"],
        json!([{"name": "Anna Nowak", "role": "Erasmus+ coordinator",
                "emails": ["erasmus@uw.edu.pl"], "phones": ["+48 22 55 20 000"]}])
    );
    assert_eq!(body["version"], 1);
    let created_at = utc_timestamp(&body["created_at"]);
    let updated_at = utc_timestamp(&body["updated_at"]);
    assert_eq!(created_at, updated_at);
    assert!(created_at >= before - chrono::Duration::seconds(1) && created_at <= Utc::now());

    // The Location really points at the new resource.
    let fetched = app.get(&location, &admin).await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(json(fetched).await, body);
}

#[tokio::test]
async fn an_institution_with_many_invalid_fields_returns_422_listing_every_one() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = app
        .post_json(
            INSTITUTIONS,
            &admin,
            &json!({
                "hei_id": "not a domain",
                "erasmus_code": "PL WARSZAW1",
                "pic": "12345678",
                "oid": "E1234567",
                "name": {"pl": "Uniwersytet"},
                "abbreviation": "A".repeat(33),
                "country": "XX",
                "website": "ftp://files.example.org",
                "contacts": [
                    {"role": "International office", "emails": ["io@example.org"]},
                    {"role": "Incoming students", "emails": ["not-an-email"]}
                ]
            }),
        )
        .await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(
        field_errors(&problem),
        vec![
            ("abbreviation".to_owned(), "range".to_owned()),
            ("contacts[1]".to_owned(), "format".to_owned()),
            ("country".to_owned(), "unknown".to_owned()),
            ("erasmus_code".to_owned(), "format".to_owned()),
            ("hei_id".to_owned(), "format".to_owned()),
            ("name".to_owned(), "required".to_owned()),
            ("oid".to_owned(), "format".to_owned()),
            ("pic".to_owned(), "format".to_owned()),
            ("website".to_owned(), "format".to_owned()),
        ]
    );
    for error in problem["errors"].as_array().unwrap() {
        assert!(!error["message"].as_str().unwrap().is_empty(), "an error without a message: {error}");
    }
}

#[tokio::test]
async fn a_website_that_is_not_http_or_https_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for website in ["www.example.org", "mailto:io@example.org", "https://", "https://exa mple.org"] {
        let mut body = institution("example.org", "DE");
        body["website"] = json!(website);
        let problem = assert_problem(app.post_json(INSTITUTIONS, &admin, &body).await, 422, "validation_failed").await;
        assert_eq!(field_errors(&problem), vec![("website".to_owned(), "format".to_owned())], "{website}");
    }
    let mut body = institution("example.org", "DE");
    body["website"] = json!("http://example.org/io");
    create(&app, &admin, &body).await;
}

#[tokio::test]
async fn an_unknown_json_field_returns_422_unknown_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut body = institution("example.org", "DE");
    body["motto"] = json!("Veritas");
    let problem = assert_problem(app.post_json(INSTITUTIONS, &admin, &body).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "unknown_field", "{problem}");
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("motto"), "{problem}");
}

#[tokio::test]
async fn a_value_of_the_wrong_json_type_returns_422_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut body = institution("example.org", "DE");
    body["country"] = json!(5);
    let problem = assert_problem(app.post_json(INSTITUTIONS, &admin, &body).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "country", "{problem}");
    assert_eq!(problem["errors"][0]["code"], "type", "{problem}");
}

#[tokio::test]
async fn a_missing_required_field_returns_422_required() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let problem = assert_problem(
        app.post_json(INSTITUTIONS, &admin, &json!({"hei_id": "example.org", "name": {"en": "Example"}})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "required", "{problem}");
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("country"), "{problem}");
}

#[tokio::test]
async fn malformed_json_returns_400_malformed_json() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = app
        .request(Method::POST, INSTITUTIONS, Some(&admin))
        .header("content-type", "application/json")
        .body(r#"{"hei_id": "example.org", "name": {"en": "Example"#)
        .send()
        .await
        .unwrap();
    assert_problem(response, 400, "malformed_json").await;
}

#[tokio::test]
async fn a_refused_create_stores_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let mut invalid = institution("example.org", "XX");
    invalid["pic"] = json!("1");
    assert_eq!(app.post_json(INSTITUTIONS, &admin, &invalid).await.status(), 422);
    let mut unknown = institution("example.org", "DE");
    unknown["motto"] = json!("Veritas");
    assert_eq!(app.post_json(INSTITUTIONS, &admin, &unknown).await.status(), 422);
    let mut wrong_type = institution("example.org", "DE");
    wrong_type["is_local"] = json!("yes");
    assert_eq!(app.post_json(INSTITUTIONS, &admin, &wrong_type).await.status(), 422);
    let malformed = app
        .request(Method::POST, INSTITUTIONS, Some(&admin))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);

    assert_eq!(page(&app, &admin, &[]).await, json!({"items": [], "next_cursor": null}));
    // The hei_id is still free: the refused attempts did not take it.
    create(&app, &admin, &institution("example.org", "DE")).await;
}

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn registering_a_taken_hei_id_returns_409_duplicate() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create(&app, &admin, &institution("uni-sofia.bg", "BG")).await;
    // hei_ids are stored lower case, so another spelling is the same institution.
    for hei_id in ["uni-sofia.bg", "UNI-Sofia.BG"] {
        let problem =
            assert_problem(app.post_json(INSTITUTIONS, &admin, &institution(hei_id, "BG")).await, 409, "duplicate")
                .await;
        assert_eq!(problem["errors"][0]["field"], "hei_id", "{problem}");
    }
    assert_eq!(listed_hei_ids(&app, &admin, &[]).await, vec!["uni-sofia.bg"]);
}

#[tokio::test]
async fn an_erasmus_code_spaced_differently_is_a_duplicate() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut first = institution("uw.edu.pl", "PL");
    first["erasmus_code"] = json!("pl warszaw01");
    create(&app, &admin, &first).await;

    let mut second = institution("other.edu.pl", "PL");
    second["erasmus_code"] = json!("PL  WARSZAW01");
    let problem = assert_problem(app.post_json(INSTITUTIONS, &admin, &second).await, 409, "duplicate").await;
    assert_eq!(problem["errors"][0]["field"], "erasmus_code", "{problem}");

    // Another code is fine.
    second["erasmus_code"] = json!("PL WARSZAW02");
    create(&app, &admin, &second).await;
}

#[tokio::test]
async fn a_second_local_institution_returns_409_on_is_local() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut ours = institution("ukim.edu.mk", "MK");
    ours["is_local"] = json!(true);
    create(&app, &admin, &ours).await;

    let mut another = institution("uklo.edu.mk", "MK");
    another["is_local"] = json!(true);
    let problem = assert_problem(app.post_json(INSTITUTIONS, &admin, &another).await, 409, "duplicate").await;
    assert_eq!(problem["errors"][0]["field"], "is_local", "{problem}");

    // Any number of partners is fine.
    another["is_local"] = json!(false);
    create(&app, &admin, &another).await;
    create(&app, &admin, &institution("uni-sofia.bg", "BG")).await;
}

// ---------------------------------------------------------------------------------------------
// Get
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn getting_an_institution_returns_it_with_its_etag() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let response = app.get(&path_of(&created), &admin).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "etag"), "\"1\"");
    assert_eq!(json(response).await, created);
}

#[tokio::test]
async fn getting_an_unknown_institution_returns_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = app.get(&format!("{INSTITUTIONS}/{}", uuid::Uuid::now_v7()), &admin).await;
    assert_problem(response, 404, "not_found").await;
}

#[tokio::test]
async fn an_institution_id_that_is_not_a_uuid_returns_400() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = app.get(&format!("{INSTITUTIONS}/uni-lipetsk.ru"), &admin).await;
    assert_eq!(response.status(), 400);
    assert_eq!(header(&response, "content-type"), "application/problem+json");
}

// ---------------------------------------------------------------------------------------------
// Merge patch
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn patching_the_city_changes_only_the_city() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut body = lipetsk();
    body["erasmus_code"] = json!("RU LIPETSK01");
    body["contacts"] = json!([{"role": "International office", "emails": ["io@uni-lipetsk.ru"]}]);
    let created = create(&app, &admin, &body).await;

    let response = app.patch_json(&path_of(&created), &admin, &json!({"city": "Lipetsk-2"})).await;
    assert_eq!(response.status(), 200);
    let patched = json(response).await;
    assert_eq!(patched["city"], "Lipetsk-2");
    for field in [
        "id",
        "hei_id",
        "erasmus_code",
        "pic",
        "oid",
        "name",
        "abbreviation",
        "country",
        "website",
        "is_local",
        "ewp_enabled",
        "contacts",
        "created_at",
    ] {
        assert_eq!(patched[field], created[field], "{field} changed");
    }
    assert_eq!(fetch(&app, &admin, &path_of(&created)).await, patched);
}

#[tokio::test]
async fn patching_null_clears_an_optional_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    assert_eq!(created["website"], "https://www.uni-lipetsk.ru");

    let response = app.patch_json(&path_of(&created), &admin, &json!({"website": null})).await;
    assert_eq!(response.status(), 200);
    let patched = json(response).await;
    assert_eq!(patched["website"], Value::Null);
    assert_eq!(patched["city"], "Lipetsk");
    assert_eq!(fetch(&app, &admin, &path_of(&created)).await["website"], Value::Null);
}

#[tokio::test]
async fn patching_null_on_a_required_field_returns_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let response = app.patch_json(&path_of(&created), &admin, &json!({"country": null})).await;
    assert_problem(response, 422, "validation_failed").await;
    assert_eq!(fetch(&app, &admin, &path_of(&created)).await, created);
}

#[tokio::test]
async fn patching_a_name_language_merges_into_the_name_map() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let response = app
        .patch_json(&path_of(&created), &admin, &json!({"name": {"de": "Staatliche Universität Lipezk", "ru": null}}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        json(response).await["name"],
        json!({"en": "Lipetsk State University", "de": "Staatliche Universität Lipezk"})
    );
}

#[tokio::test]
async fn sending_the_read_only_id_unchanged_in_a_patch_is_accepted() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let response = app
        .patch_json(
            &path_of(&created),
            &admin,
            &json!({"id": created["id"], "version": created["version"], "created_at": created["created_at"], "city": "Липецк"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let patched = json(response).await;
    assert_eq!(patched["id"], created["id"]);
    assert_eq!(patched["city"], "Липецк");
}

#[tokio::test]
async fn changing_the_id_in_a_patch_returns_422_read_only_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let other_id = uuid::Uuid::now_v7().to_string();
    let response = app.patch_json(&path_of(&created), &admin, &json!({"id": other_id, "city": "Moscow"})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(field_errors(&problem), vec![("id".to_owned(), "read_only".to_owned())]);

    let response = app.patch_json(&path_of(&created), &admin, &json!({"version": 7})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(field_errors(&problem), vec![("version".to_owned(), "read_only".to_owned())]);

    assert_eq!(fetch(&app, &admin, &path_of(&created)).await, created);
    assert_problem(app.get(&format!("{INSTITUTIONS}/{other_id}"), &admin).await, 404, "not_found").await;
}

#[tokio::test]
async fn an_invalid_patch_returns_422_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let response =
        app.patch_json(&path_of(&created), &admin, &json!({"city": "Moscow", "pic": "12", "website": "lipetsk"})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(
        field_errors(&problem),
        vec![("pic".to_owned(), "format".to_owned()), ("website".to_owned(), "format".to_owned())]
    );
    let response = app.patch_json(&path_of(&created), &admin, &json!({"motto": "x"})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "unknown_field");

    let response = app.get(&path_of(&created), &admin).await;
    assert_eq!(header(&response, "etag"), "\"1\"");
    assert_eq!(json(response).await, created);
}

#[tokio::test]
async fn a_patch_that_is_not_a_json_object_returns_400() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let response = app.patch_json(&path_of(&created), &admin, &json!(["city", "Moscow"])).await;
    assert_eq!(response.status(), 400);
    assert_eq!(fetch(&app, &admin, &path_of(&created)).await, created);
}

#[tokio::test]
async fn every_patch_increments_the_version_and_changes_the_etag() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let path = path_of(&created);

    let first = app.patch_json(&path, &admin, &json!({"city": "A"})).await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "etag"), "\"2\"");
    let first = json(first).await;
    assert_eq!(first["version"], 2);
    assert!(utc_timestamp(&first["updated_at"]) >= utc_timestamp(&created["updated_at"]));
    assert_eq!(first["created_at"], created["created_at"]);

    let second = app.patch_json(&path, &admin, &json!({"city": "B"})).await;
    assert_eq!(second.status(), 200);
    assert_eq!(header(&second, "etag"), "\"3\"");
    assert_eq!(json(second).await["version"], 3);

    let fetched = app.get(&path, &admin).await;
    assert_eq!(header(&fetched, "etag"), "\"3\"");
}

#[tokio::test]
async fn patching_with_the_current_etag_succeeds_and_a_stale_one_returns_412() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let path = path_of(&created);

    let response = patch_if_match(&app, &path, &admin, "\"1\"", &json!({"city": "Current"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "etag"), "\"2\"");
    let current = json(response).await;

    // Someone still holding version 1 must not overwrite version 2.
    let response = patch_if_match(&app, &path, &admin, "\"1\"", &json!({"city": "Stale"})).await;
    assert_problem(response, 412, "precondition_failed").await;
    assert_eq!(fetch(&app, &admin, &path).await, current);
}

#[tokio::test]
async fn changing_hei_id_to_a_taken_one_returns_409() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create(&app, &admin, &institution("uni-sofia.bg", "BG")).await;
    let other = create(&app, &admin, &institution("tu-sofia.bg", "BG")).await;
    let response = app.patch_json(&path_of(&other), &admin, &json!({"hei_id": "UNI-SOFIA.BG"})).await;
    let problem = assert_problem(response, 409, "duplicate").await;
    assert_eq!(problem["errors"][0]["field"], "hei_id");
    assert_eq!(fetch(&app, &admin, &path_of(&other)).await, other);

    // A free hei_id is fine, and is stored lower case.
    let response = app.patch_json(&path_of(&other), &admin, &json!({"hei_id": "TU-Sofia.bg.example"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["hei_id"], "tu-sofia.bg.example");
}

#[tokio::test]
async fn patching_an_unknown_institution_returns_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response =
        app.patch_json(&format!("{INSTITUTIONS}/{}", uuid::Uuid::now_v7()), &admin, &json!({"city": "X"})).await;
    assert_problem(response, 404, "not_found").await;
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn deleting_an_institution_returns_204_and_then_it_is_gone() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let path = path_of(&created);
    let response = app.delete(&path, &admin).await;
    assert_eq!(response.status(), 204);
    assert!(response.text().await.unwrap().is_empty());

    assert_problem(app.get(&path, &admin).await, 404, "not_found").await;
    assert_problem(app.delete(&path, &admin).await, 404, "not_found").await;
    assert!(page(&app, &admin, &[]).await["items"].as_array().unwrap().is_empty());
    // Its hei_id is free again.
    create(&app, &admin, &lipetsk()).await;
}

#[tokio::test]
async fn deleting_an_institution_with_units_returns_409_in_use() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let path = path_of(&created);
    let response = app.post_json(&format!("{path}/units"), &admin, &unit("PHYS")).await;
    assert_eq!(response.status(), 201);
    let unit_path = header(&response, "location");

    assert_problem(app.delete(&path, &admin).await, 409, "in_use").await;
    assert_eq!(fetch(&app, &admin, &path).await, created);

    // Once the unit is gone the institution may go too.
    assert_eq!(app.delete(&unit_path, &admin).await.status(), 204);
    assert_eq!(app.delete(&path, &admin).await.status(), 204);
}

#[tokio::test]
async fn deleting_with_a_stale_if_match_returns_412_and_keeps_the_institution() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let path = path_of(&created);
    let changed = app.patch_json(&path, &admin, &json!({"city": "Changed"})).await;
    assert_eq!(changed.status(), 200);
    let changed = json(changed).await;

    assert_problem(delete_if_match(&app, &path, &admin, "\"1\"").await, 412, "precondition_failed").await;
    assert_eq!(fetch(&app, &admin, &path).await, changed);

    assert_eq!(delete_if_match(&app, &path, &admin, "\"2\"").await.status(), 204);
    assert_problem(app.get(&path, &admin).await, 404, "not_found").await;
}

// ---------------------------------------------------------------------------------------------
// List and filters
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_list_filters_by_country() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create(&app, &admin, &lipetsk()).await;
    create(&app, &admin, &institution("uni-sofia.bg", "BG")).await;
    create(&app, &admin, &institution("tu-sofia.bg", "BG")).await;
    create(&app, &admin, &institution("bg.ac.rs", "RS")).await;

    assert_eq!(listed_hei_ids(&app, &admin, &[("country", "RU")]).await, vec!["uni-lipetsk.ru"]);
    assert_eq!(listed_hei_ids(&app, &admin, &[("country", "BG")]).await, vec!["tu-sofia.bg", "uni-sofia.bg"]);
    assert_eq!(listed_hei_ids(&app, &admin, &[("country", "rs")]).await, vec!["bg.ac.rs"]);
    assert!(listed_hei_ids(&app, &admin, &[("country", "MK")]).await.is_empty());
    assert_eq!(listed_hei_ids(&app, &admin, &[]).await.len(), 4);

    // A bad query parameter is a bad request (conventions §4), naming the parameter.
    let problem = assert_problem(list(&app, &admin, &[("country", "XX")]).await, 400, "invalid_query").await;
    assert_eq!(problem["errors"][0]["field"], "country");
}

#[tokio::test]
async fn the_list_searches_names_case_insensitively_in_any_script() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create(&app, &admin, &lipetsk()).await;
    create(
        &app,
        &admin,
        &json!({"hei_id": "uni-sofia.bg", "name": {"en": "Sofia University", "bg": "Софийски университет"},
                "abbreviation": "SU", "country": "BG", "city": "Sofia"}),
    )
    .await;
    create(&app, &admin, &institution("bg.ac.rs", "RS")).await;

    let lipetsk_only = vec!["uni-lipetsk.ru".to_owned()];
    for q in ["липецкий", "ЛИПЕЦКИЙ", "Липецкий ГОСУДАРСТВЕННЫЙ", "lipetsk state", "LIPETSK", "lsu", "uni-lipetsk"]
    {
        assert_eq!(listed_hei_ids(&app, &admin, &[("q", q)]).await, lipetsk_only, "q={q}");
    }
    assert_eq!(listed_hei_ids(&app, &admin, &[("q", "СОФИЙСКИ")]).await, vec!["uni-sofia.bg"]);
    assert_eq!(listed_hei_ids(&app, &admin, &[("q", "Университет")]).await, vec!["uni-lipetsk.ru", "uni-sofia.bg"]);
    assert_eq!(listed_hei_ids(&app, &admin, &[("q", "university")]).await.len(), 3);
    assert!(listed_hei_ids(&app, &admin, &[("q", "Oxford")]).await.is_empty());
    // LIKE wildcards are matched literally, not as wildcards.
    assert!(listed_hei_ids(&app, &admin, &[("q", "%")]).await.is_empty());
    assert!(listed_hei_ids(&app, &admin, &[("q", "uni_lipetsk")]).await.is_empty());
}

#[tokio::test]
async fn the_list_filters_by_is_local() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut ours = institution("ukim.edu.mk", "MK");
    ours["is_local"] = json!(true);
    create(&app, &admin, &ours).await;
    create(&app, &admin, &lipetsk()).await;
    create(&app, &admin, &institution("uni-sofia.bg", "BG")).await;

    assert_eq!(listed_hei_ids(&app, &admin, &[("is_local", "true")]).await, vec!["ukim.edu.mk"]);
    assert_eq!(listed_hei_ids(&app, &admin, &[("is_local", "false")]).await, vec!["uni-lipetsk.ru", "uni-sofia.bg"]);
    assert_problem(list(&app, &admin, &[("is_local", "yes")]).await, 400, "invalid_query").await;
}

#[tokio::test]
async fn the_list_filters_by_exact_hei_id() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create(&app, &admin, &lipetsk()).await;
    create(&app, &admin, &institution("lipetsk.example", "RU")).await;
    assert_eq!(listed_hei_ids(&app, &admin, &[("hei_id", "uni-lipetsk.ru")]).await, vec!["uni-lipetsk.ru"]);
    assert_eq!(listed_hei_ids(&app, &admin, &[("hei_id", "UNI-LIPETSK.RU")]).await, vec!["uni-lipetsk.ru"]);
    // Exact, not a substring.
    assert!(listed_hei_ids(&app, &admin, &[("hei_id", "lipetsk.ru")]).await.is_empty());
}

#[tokio::test]
async fn the_list_matches_erasmus_codes_ignoring_spaces() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut warsaw = institution("uw.edu.pl", "PL");
    warsaw["erasmus_code"] = json!("PL WARSZAW01");
    create(&app, &admin, &warsaw).await;
    let mut paris = institution("sorbonne.example.fr", "FR");
    paris["erasmus_code"] = json!("F  PARIS001");
    create(&app, &admin, &paris).await;
    create(&app, &admin, &lipetsk()).await;

    for code in ["PL WARSZAW01", "PLWARSZAW01", "pl   warszaw01", "  PL WARSZAW01 "] {
        assert_eq!(listed_hei_ids(&app, &admin, &[("erasmus_code", code)]).await, vec!["uw.edu.pl"], "{code:?}");
    }
    assert_eq!(listed_hei_ids(&app, &admin, &[("erasmus_code", "FPARIS001")]).await, vec!["sorbonne.example.fr"]);
    assert!(listed_hei_ids(&app, &admin, &[("erasmus_code", "PL WARSZAW02")]).await.is_empty());
}

#[tokio::test]
async fn modified_since_returns_only_institutions_changed_at_or_after_that_instant() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let a = create(&app, &admin, &institution("a.example", "DE")).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let since = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let b = create(&app, &admin, &institution("b.example", "DE")).await;

    assert_eq!(listed_hei_ids(&app, &admin, &[("modified_since", &since)]).await, vec!["b.example"]);
    // "At or after": B's own timestamp includes B.
    let b_time = b["updated_at"].as_str().unwrap();
    assert_eq!(listed_hei_ids(&app, &admin, &[("modified_since", b_time)]).await, vec!["b.example"]);
    // An offset other than Z means the same instant.
    let b_in_skopje =
        utc_timestamp(&b["updated_at"]).with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap()).to_rfc3339();
    assert_eq!(listed_hei_ids(&app, &admin, &[("modified_since", &b_in_skopje)]).await, vec!["b.example"]);

    // Changing A makes it modified again.
    assert_eq!(app.patch_json(&path_of(&a), &admin, &json!({"city": "Berlin"})).await.status(), 200);
    assert_eq!(listed_hei_ids(&app, &admin, &[("modified_since", &since)]).await, vec!["a.example", "b.example"]);

    assert_problem(list(&app, &admin, &[("modified_since", "yesterday")]).await, 400, "invalid_query").await;
}

#[tokio::test]
async fn a_limit_outside_1_to_200_is_refused_naming_limit() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create(&app, &admin, &lipetsk()).await;
    for limit in ["0", "201"] {
        let problem = assert_problem(list(&app, &admin, &[("limit", limit)]).await, 400, "invalid_query").await;
        assert_eq!(problem["errors"][0]["field"], "limit", "limit={limit}");
    }
    for limit in ["1", "200"] {
        assert_eq!(page(&app, &admin, &[("limit", limit)]).await["items"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn an_unreadable_cursor_is_refused_naming_cursor() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let problem = assert_problem(list(&app, &admin, &[("cursor", "not a cursor!")]).await, 400, "invalid_query").await;
    assert_eq!(problem["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn paging_with_limit_3_walks_all_7_institutions_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut created = HashSet::new();
    for n in 0..7 {
        created.insert(create(&app, &admin, &institution(&format!("u{n}.example"), "DE")).await["id"].clone());
    }

    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("limit", "3".to_owned())];
        if let Some(cursor) = &cursor {
            query.push(("cursor", cursor.clone()));
        }
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let body = page(&app, &admin, &query).await;
        let items = body["items"].as_array().unwrap();
        sizes.push(items.len());
        seen.extend(items.iter().map(|i| i["id"].clone()));
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => {
                assert_eq!(body["next_cursor"], Value::Null);
                break;
            }
        }
        assert!(sizes.len() < 10, "paging does not end");
    }
    assert_eq!(sizes, vec![3, 3, 1]);
    let distinct: HashSet<Value> = seen.iter().cloned().collect();
    assert_eq!(distinct.len(), seen.len(), "an institution was listed twice: {seen:?}");
    assert_eq!(distinct, created);
}

#[tokio::test]
async fn institutions_added_while_paging_neither_repeat_nor_hide_earlier_ones() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut originals = HashSet::new();
    for n in 0..5 {
        originals.insert(create(&app, &admin, &institution(&format!("old{n}.example"), "DE")).await["id"].clone());
    }

    let first = page(&app, &admin, &[("limit", "2")]).await;
    let mut seen: Vec<Value> = first["items"].as_array().unwrap().clone();
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    let mut added = HashSet::new();
    for n in 0..3 {
        added.insert(create(&app, &admin, &institution(&format!("new{n}.example"), "DE")).await["id"].clone());
    }
    while let Some(current) = cursor {
        let body = page(&app, &admin, &[("limit", "2"), ("cursor", &current)]).await;
        seen.extend(body["items"].as_array().unwrap().iter().cloned());
        cursor = body["next_cursor"].as_str().map(str::to_owned);
        assert!(seen.len() <= 20, "paging does not end");
    }

    let ids: Vec<Value> = seen.iter().map(|i| i["id"].clone()).collect();
    let distinct: HashSet<Value> = ids.iter().cloned().collect();
    assert_eq!(distinct.len(), ids.len(), "an institution was listed twice: {ids:?}");
    assert!(originals.is_subset(&distinct), "an institution present before paging was skipped");
    // New records sort after the old ones (time-ordered ids), so this walk also reaches them.
    assert!(added.is_subset(&distinct), "an institution added while paging was not reached");
}

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn read_only_roles_can_list_and_get_but_get_403_on_writes() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let partner = create(&app, &admin, &lipetsk()).await;
    let path = path_of(&partner);
    let coordinator = coordinator_token(&app, &admin).await;
    let participant = app.token_for("participant", &[]).await;
    let reporting = app.token_for("reporting", &[]).await;

    for (role, token) in
        [("participant", &participant), ("reporting", &reporting), ("faculty_coordinator", &coordinator)]
    {
        assert_eq!(listed_hei_ids(&app, token, &[]).await.len(), 2, "{role} lists");
        assert_eq!(app.get(&path, token).await.status(), 200, "{role} gets");

        let response = app
            .post_json(INSTITUTIONS, token, &institution(&format!("{}.example", role.replace('_', "-")), "DE"))
            .await;
        assert_problem(response, 403, "forbidden").await;
        assert_problem(app.patch_json(&path, token, &json!({"city": "Hacked"})).await, 403, "forbidden").await;
        assert_problem(app.delete(&path, token).await, 403, "forbidden").await;
    }
    assert_eq!(fetch(&app, &admin, &path).await, partner);
    assert_eq!(listed_hei_ids(&app, &admin, &[]).await.len(), 2);
}

#[tokio::test]
async fn officers_can_create_change_and_delete_institutions() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let created = create(&app, &officer, &lipetsk()).await;
    let path = path_of(&created);
    assert_eq!(app.patch_json(&path, &officer, &json!({"city": "Lipetsk-2"})).await.status(), 200);
    assert_eq!(fetch(&app, &officer, &path).await["city"], "Lipetsk-2");
    assert_eq!(app.delete(&path, &officer).await.status(), 204);
}

#[tokio::test]
async fn an_integration_client_with_the_read_scope_reads_but_cannot_write() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let partner = create(&app, &admin, &lipetsk()).await;
    let path = path_of(&partner);
    let client = client_token(&app, &["institutions:read"]).await;

    assert_eq!(listed_hei_ids(&app, &client, &[]).await, vec!["uni-lipetsk.ru"]);
    assert_eq!(app.get(&path, &client).await.status(), 200);
    assert_problem(app.post_json(INSTITUTIONS, &client, &institution("erp.example", "DE")).await, 403, "forbidden")
        .await;
    assert_problem(app.patch_json(&path, &client, &json!({"city": "X"})).await, 403, "forbidden").await;
    assert_problem(app.delete(&path, &client).await, 403, "forbidden").await;
    assert_eq!(fetch(&app, &admin, &path).await, partner);
}

#[tokio::test]
async fn an_integration_client_with_the_write_scope_can_write() {
    let app = spawn_app().await;
    let client = client_token(&app, &["institutions:write"]).await;
    let created = create(&app, &client, &lipetsk()).await;
    let path = path_of(&created);
    assert_eq!(listed_hei_ids(&app, &client, &[]).await, vec!["uni-lipetsk.ru"]);
    assert_eq!(app.patch_json(&path, &client, &json!({"city": "X"})).await.status(), 200);
    assert_eq!(app.delete(&path, &client).await.status(), 204);
}

#[tokio::test]
async fn a_client_without_an_institutions_scope_gets_403_even_on_reads() {
    let app = spawn_app().await;
    let client = client_token(&app, &["agreements:read"]).await;
    assert_problem(list(&app, &client, &[]).await, 403, "forbidden").await;
}

#[tokio::test]
async fn requests_without_a_token_return_401() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = create(&app, &admin, &lipetsk()).await;
    let response = app.request(Method::GET, INSTITUTIONS, None).send().await.unwrap();
    assert!(response.headers().contains_key("www-authenticate"));
    assert_problem(response, 401, "unauthorized").await;
    let response = app.request(Method::DELETE, &path_of(&created), None).send().await.unwrap();
    assert_problem(response, 401, "unauthorized").await;
    assert_eq!(fetch(&app, &admin, &path_of(&created)).await, created);
}
