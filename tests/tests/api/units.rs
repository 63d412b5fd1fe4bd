//! `/api/v1/institutions/{id}/units`: the unit tree, its codes, versions, deletion and coordinators' rights.

// The helpers below are test code too: a failed unwrap there is a failed assertion.
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use std::collections::HashSet;

use iro_tests::fixtures::{institution, unit};
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

/// A header of a response as text (panics when it is missing).
fn header(response: &Response, name: &str) -> String {
    response.headers().get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap().to_owned()
}

/// Registers an institution and returns its id.
async fn create_institution(app: &TestApp, token: &str, hei_id: &str) -> String {
    let response = app.post_json("/api/v1/institutions", token, &institution(hei_id, "MK")).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating an institution failed: {body}");
    body["id"].as_str().unwrap().to_owned()
}

/// The unit collection of an institution.
fn units_of(institution_id: &str) -> String {
    format!("/api/v1/institutions/{institution_id}/units")
}

/// The URL path of a unit body.
fn path_of(unit: &Value) -> String {
    format!("{}/{}", units_of(unit["institution_id"].as_str().unwrap()), unit["id"].as_str().unwrap())
}

/// The id of a unit body.
fn id_of(unit: &Value) -> &str {
    unit["id"].as_str().unwrap()
}

/// Adds a unit, failing the test unless the answer is 201.
async fn create_unit(app: &TestApp, token: &str, institution_id: &str, body: &Value) -> Value {
    let response = app.post_json(&units_of(institution_id), token, body).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating a unit failed: {body}");
    body
}

/// A unit body with a parent.
fn unit_under(code: &str, parent: &Value) -> Value {
    let mut body = unit(code);
    body["parent_id"] = parent["id"].clone();
    body
}

/// GET one unit, asserting 200.
async fn fetch(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.get(path, token).await;
    assert_eq!(response.status(), 200);
    json(response).await
}

/// The list page of an institution's units for `query`, asserting 200.
async fn page(app: &TestApp, token: &str, institution_id: &str, query: &[(&str, &str)]) -> Value {
    let response = app.request(Method::GET, &units_of(institution_id), Some(token)).query(query).send().await.unwrap();
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "listing units with {query:?} failed: {body}");
    body
}

/// The codes one list page holds, sorted.
async fn listed_codes(app: &TestApp, token: &str, institution_id: &str, query: &[(&str, &str)]) -> Vec<String> {
    let body = page(app, token, institution_id, query).await;
    let mut codes: Vec<String> =
        body["items"].as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap().to_owned()).collect();
    codes.sort();
    codes
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

/// An institution with a faculty and one of its departments: `(institution_id, faculty, department)`.
async fn faculty_with_department(app: &TestApp, token: &str) -> (String, Value, Value) {
    let institution_id = create_institution(app, token, "ukim.edu.mk").await;
    let faculty = create_unit(app, token, &institution_id, &unit("FINKI")).await;
    let department = create_unit(app, token, &institution_id, &unit_under("FINKI-SE", &faculty)).await;
    (institution_id, faculty, department)
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn creating_a_unit_returns_201_with_location_and_etag() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let response = app
        .post_json(
            &units_of(&institution_id),
            &admin,
            &json!({
                "code": "FINKI",
                "name": {"en": "Faculty of Computer Science and Engineering",
                         "mk": "Факултет за информатички науки и компјутерско инженерство"},
                "contacts": [{"role": "ECTS coordinator", "emails": ["ects@finki.ukim.mk"]}]
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let location = header(&response, "location");
    assert_eq!(header(&response, "etag"), "\"1\"");
    let body = json(response).await;

    let id = id_of(&body);
    assert!(uuid::Uuid::parse_str(id).is_ok(), "id {id} is not a UUID");
    assert_eq!(location, format!("{}/{id}", units_of(&institution_id)));
    assert_eq!(body["institution_id"], institution_id.as_str());
    assert_eq!(body["code"], "FINKI");
    assert_eq!(
        body["name"],
        json!({"en": "Faculty of Computer Science and Engineering",
               "mk": "Факултет за информатички науки и компјутерско инженерство"})
    );
    assert_eq!(body["parent_id"], Value::Null);
    assert_eq!(
        body["contacts"],
        json!([{"name": null, "role": "ECTS coordinator", "emails": ["ects@finki.ukim.mk"], "phones": []}])
    );
    assert_eq!(body["version"], 1);
    assert_eq!(body["created_at"], body["updated_at"]);
    assert!(body["created_at"].as_str().unwrap().ends_with('Z'));

    let fetched = app.get(&location, &admin).await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(header(&fetched, "etag"), "\"1\"");
    assert_eq!(json(fetched).await, body);
}

#[tokio::test]
async fn an_invalid_unit_returns_422_listing_every_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let response = app
        .post_json(
            &units_of(&institution_id),
            &admin,
            &json!({"code": "has space", "name": {"mk": "Факултет"}, "contacts": [{"emails": ["x@y.mk"]}]}),
        )
        .await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    let mut fields: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("code".to_owned(), "format".to_owned()),
            ("contacts[0]".to_owned(), "required".to_owned()),
            ("name".to_owned(), "required".to_owned()),
        ]
    );
    assert_eq!(page(&app, &admin, &institution_id, &[]).await["items"], json!([]));
}

#[tokio::test]
async fn unit_codes_are_unique_within_an_institution() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;

    let response = app.post_json(&units_of(&institution_id), &admin, &unit("FINKI")).await;
    let problem = assert_problem(response, 409, "duplicate").await;
    assert_eq!(problem["errors"][0]["field"], "code", "{problem}");
    assert_eq!(listed_codes(&app, &admin, &institution_id, &[]).await, vec!["FINKI"]);
}

#[tokio::test]
async fn the_same_unit_code_is_fine_at_another_institution() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ukim = create_institution(&app, &admin, "ukim.edu.mk").await;
    let uklo = create_institution(&app, &admin, "uklo.edu.mk").await;
    let first = create_unit(&app, &admin, &ukim, &unit("FIT")).await;
    let second = create_unit(&app, &admin, &uklo, &unit("FIT")).await;
    assert_ne!(first["id"], second["id"]);
    assert_eq!(listed_codes(&app, &admin, &ukim, &[]).await, vec!["FIT"]);
    assert_eq!(listed_codes(&app, &admin, &uklo, &[]).await, vec!["FIT"]);
}

#[tokio::test]
async fn renaming_a_unit_code_to_a_taken_one_returns_409() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;
    let feit = create_unit(&app, &admin, &institution_id, &unit("FEIT")).await;
    let problem =
        assert_problem(app.patch_json(&path_of(&feit), &admin, &json!({"code": "FINKI"})).await, 409, "duplicate")
            .await;
    assert_eq!(problem["errors"][0]["field"], "code");
    assert_eq!(fetch(&app, &admin, &path_of(&feit)).await, feit);
}

#[tokio::test]
async fn a_unit_of_an_unknown_institution_returns_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let nowhere = uuid::Uuid::now_v7().to_string();
    assert_problem(app.post_json(&units_of(&nowhere), &admin, &unit("FINKI")).await, 404, "not_found").await;
    assert_problem(app.get(&units_of(&nowhere), &admin).await, 404, "not_found").await;
}

#[tokio::test]
async fn a_parent_from_another_institution_returns_422_on_parent_id() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ukim = create_institution(&app, &admin, "ukim.edu.mk").await;
    let uklo = create_institution(&app, &admin, "uklo.edu.mk").await;
    let foreign = create_unit(&app, &admin, &uklo, &unit("FIT")).await;

    let response = app.post_json(&units_of(&ukim), &admin, &unit_under("FINKI", &foreign)).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "parent_id", "{problem}");

    // A parent that does not exist at all is refused the same way.
    let mut orphan = unit("FINKI");
    orphan["parent_id"] = json!(uuid::Uuid::now_v7().to_string());
    let problem =
        assert_problem(app.post_json(&units_of(&ukim), &admin, &orphan).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "parent_id", "{problem}");

    // Nor may an existing unit be moved under a foreign one.
    let own = create_unit(&app, &admin, &ukim, &unit("FEIT")).await;
    let response = app.patch_json(&path_of(&own), &admin, &json!({"parent_id": foreign["id"]})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "parent_id", "{problem}");
    assert_eq!(listed_codes(&app, &admin, &ukim, &[]).await, vec!["FEIT"]);
    assert_eq!(fetch(&app, &admin, &path_of(&own)).await, own);
}

#[tokio::test]
async fn a_unit_is_only_found_under_its_own_institution() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, faculty, _) = faculty_with_department(&app, &admin).await;
    let other = create_institution(&app, &admin, "uklo.edu.mk").await;
    let wrong_path = format!("{}/{}", units_of(&other), id_of(&faculty));
    assert_problem(app.get(&wrong_path, &admin).await, 404, "not_found").await;
    assert_problem(app.patch_json(&wrong_path, &admin, &json!({"code": "X"})).await, 404, "not_found").await;
    assert_problem(app.delete(&wrong_path, &admin).await, 404, "not_found").await;
    assert_eq!(fetch(&app, &admin, &path_of(&faculty)).await, faculty);
}

// ---------------------------------------------------------------------------------------------
// The tree and the list
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn units_form_a_tree_the_list_filters_by_parent_top_level_and_code() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let finki = create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;
    let feit = create_unit(&app, &admin, &institution_id, &unit("FEIT")).await;
    let se = create_unit(&app, &admin, &institution_id, &unit_under("FINKI-SE", &finki)).await;
    create_unit(&app, &admin, &institution_id, &unit_under("FINKI-AI", &finki)).await;
    create_unit(&app, &admin, &institution_id, &unit_under("FINKI-SE-LAB", &se)).await;
    create_unit(&app, &admin, &institution_id, &unit_under("FEIT-EE", &feit)).await;
    assert_eq!(se["parent_id"], finki["id"]);

    assert_eq!(listed_codes(&app, &admin, &institution_id, &[]).await.len(), 6);
    assert_eq!(
        listed_codes(&app, &admin, &institution_id, &[("parent_id", id_of(&finki))]).await,
        vec!["FINKI-AI", "FINKI-SE"]
    );
    assert_eq!(listed_codes(&app, &admin, &institution_id, &[("parent_id", id_of(&se))]).await, vec!["FINKI-SE-LAB"]);
    assert_eq!(listed_codes(&app, &admin, &institution_id, &[("top_level", "true")]).await, vec!["FEIT", "FINKI"]);
    assert_eq!(listed_codes(&app, &admin, &institution_id, &[("code", "FEIT-EE")]).await, vec!["FEIT-EE"]);
    assert!(listed_codes(&app, &admin, &institution_id, &[("code", "FEIT-")]).await.is_empty());

    // Another institution's list does not show these units.
    let other = create_institution(&app, &admin, "uklo.edu.mk").await;
    assert!(listed_codes(&app, &admin, &other, &[]).await.is_empty());
}

#[tokio::test]
async fn moving_a_unit_under_its_own_descendant_returns_409_unit_cycle() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (institution_id, faculty, department) = faculty_with_department(&app, &admin).await;
    let lab = create_unit(&app, &admin, &institution_id, &unit_under("FINKI-SE-LAB", &department)).await;

    for descendant in [&department, &lab] {
        let response = app.patch_json(&path_of(&faculty), &admin, &json!({"parent_id": descendant["id"]})).await;
        let problem = assert_problem(response, 409, "unit_cycle").await;
        assert_eq!(problem["errors"][0]["field"], "parent_id", "{problem}");
    }
    assert_eq!(fetch(&app, &admin, &path_of(&faculty)).await, faculty);
}

#[tokio::test]
async fn moving_a_unit_under_itself_returns_409_unit_cycle() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, faculty, department) = faculty_with_department(&app, &admin).await;
    for unit in [&faculty, &department] {
        let response = app.patch_json(&path_of(unit), &admin, &json!({"parent_id": unit["id"]})).await;
        assert_problem(response, 409, "unit_cycle").await;
        assert_eq!(&fetch(&app, &admin, &path_of(unit)).await, unit);
    }
}

#[tokio::test]
async fn officers_may_move_a_unit_elsewhere_in_the_tree_or_to_the_top() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let officer = app.token_for("officer", &[]).await;
    let (institution_id, faculty, department) = faculty_with_department(&app, &admin).await;
    let feit = create_unit(&app, &admin, &institution_id, &unit("FEIT")).await;

    let response = app.patch_json(&path_of(&department), &officer, &json!({"parent_id": feit["id"]})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["parent_id"], feit["id"]);
    assert_eq!(listed_codes(&app, &admin, &institution_id, &[("parent_id", id_of(&feit))]).await, vec!["FINKI-SE"]);
    assert!(listed_codes(&app, &admin, &institution_id, &[("parent_id", id_of(&faculty))]).await.is_empty());

    // The former parent may now sit under its former child.
    let response = app.patch_json(&path_of(&faculty), &officer, &json!({"parent_id": department["id"]})).await;
    assert_eq!(response.status(), 200);

    let response = app.patch_json(&path_of(&department), &officer, &json!({"parent_id": null})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["parent_id"], Value::Null);
    assert_eq!(listed_codes(&app, &admin, &institution_id, &[("top_level", "true")]).await, vec!["FEIT", "FINKI-SE"]);
}

#[tokio::test]
async fn paging_units_with_a_limit_sees_each_unit_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let mut created = HashSet::new();
    for n in 0..5 {
        created.insert(create_unit(&app, &admin, &institution_id, &unit(&format!("U{n}"))).await["id"].clone());
    }

    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let body = match &cursor {
            None => page(&app, &admin, &institution_id, &[("limit", "2")]).await,
            Some(cursor) => page(&app, &admin, &institution_id, &[("limit", "2"), ("cursor", cursor)]).await,
        };
        let items = body["items"].as_array().unwrap();
        sizes.push(items.len());
        seen.extend(items.iter().map(|u| u["id"].clone()));
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        assert!(sizes.len() < 10, "paging does not end");
    }
    assert_eq!(sizes, vec![2, 2, 1]);
    let distinct: HashSet<Value> = seen.iter().cloned().collect();
    assert_eq!(distinct.len(), seen.len(), "a unit was listed twice: {seen:?}");
    assert_eq!(distinct, created);

    for limit in ["0", "201"] {
        let response = app
            .request(Method::GET, &units_of(&institution_id), Some(&admin))
            .query(&[("limit", limit)])
            .send()
            .await
            .unwrap();
        let problem = assert_problem(response, 400, "invalid_query").await;
        assert_eq!(problem["errors"][0]["field"], "limit");
    }
}

// ---------------------------------------------------------------------------------------------
// Versions, patch and delete
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn patching_a_unit_with_the_current_etag_succeeds_and_a_stale_one_returns_412() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let finki = create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;
    let path = path_of(&finki);

    let response = patch_if_match(&app, &path, &admin, "\"1\"", &json!({"name": {"mk": "ФИНКИ"}})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "etag"), "\"2\"");
    let current = json(response).await;
    assert_eq!(current["version"], 2);
    assert_eq!(current["name"], json!({"en": "Faculty FINKI", "mk": "ФИНКИ"}));
    assert_eq!(current["code"], "FINKI");

    let response = patch_if_match(&app, &path, &admin, "\"1\"", &json!({"code": "STALE"})).await;
    assert_problem(response, 412, "precondition_failed").await;
    let response = app.get(&path, &admin).await;
    assert_eq!(header(&response, "etag"), "\"2\"");
    assert_eq!(json(response).await, current);
}

#[tokio::test]
async fn changing_a_units_read_only_fields_returns_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let other = create_institution(&app, &admin, "uklo.edu.mk").await;
    let finki = create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;

    let response = app.patch_json(&path_of(&finki), &admin, &json!({"institution_id": other})).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "institution_id");
    assert_eq!(problem["errors"][0]["code"], "read_only");

    // Sent back unchanged, read-only fields are fine.
    let response = app
        .patch_json(
            &path_of(&finki),
            &admin,
            &json!({"id": finki["id"], "institution_id": institution_id, "code": "FINKI2"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["code"], "FINKI2");
}

#[tokio::test]
async fn deleting_a_unit_returns_204_and_then_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let finki = create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;
    let path = path_of(&finki);

    assert_eq!(app.delete(&path, &admin).await.status(), 204);
    assert_problem(app.get(&path, &admin).await, 404, "not_found").await;
    assert_problem(app.delete(&path, &admin).await, 404, "not_found").await;
    assert!(listed_codes(&app, &admin, &institution_id, &[]).await.is_empty());
    // The code is free again.
    create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;
}

#[tokio::test]
async fn deleting_a_unit_with_a_stale_if_match_returns_412_and_keeps_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let finki = create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;
    let path = path_of(&finki);
    let response = app.patch_json(&path, &admin, &json!({"contacts": [{"role": "Dean's office"}]})).await;
    assert_eq!(response.status(), 200);
    let changed = json(response).await;

    assert_problem(delete_if_match(&app, &path, &admin, "\"1\"").await, 412, "precondition_failed").await;
    assert_eq!(fetch(&app, &admin, &path).await, changed);
    assert_eq!(delete_if_match(&app, &path, &admin, "\"2\"").await.status(), 204);
}

#[tokio::test]
async fn deleting_a_unit_with_sub_units_returns_409_in_use() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, faculty, department) = faculty_with_department(&app, &admin).await;

    assert_problem(app.delete(&path_of(&faculty), &admin).await, 409, "in_use").await;
    assert_eq!(fetch(&app, &admin, &path_of(&faculty)).await, faculty);

    assert_eq!(app.delete(&path_of(&department), &admin).await.status(), 204);
    assert_eq!(app.delete(&path_of(&faculty), &admin).await.status(), 204);
}

#[tokio::test]
async fn deleting_a_unit_that_a_faculty_coordinator_coordinates_returns_409_in_use() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let finki = create_unit(&app, &admin, &institution_id, &unit("FINKI")).await;
    app.token_for("faculty_coordinator", &[id_of(&finki)]).await;

    assert_problem(app.delete(&path_of(&finki), &admin).await, 409, "in_use").await;
    assert_eq!(fetch(&app, &admin, &path_of(&finki)).await, finki);
}

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_faculty_coordinator_may_change_the_name_and_contacts_of_their_own_unit() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, faculty, department) = faculty_with_department(&app, &admin).await;
    let coordinator = app.token_for("faculty_coordinator", &[id_of(&department)]).await;

    let response = app
        .patch_json(
            &path_of(&department),
            &coordinator,
            &json!({"name": {"mk": "Софтверско инженерство"},
                    "contacts": [{"name": "Ana Petrovska", "role": "ECTS coordinator", "emails": ["ects@finki.ukim.mk"]}]}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let changed = json(response).await;
    assert_eq!(changed["name"]["mk"], "Софтверско инженерство");
    assert_eq!(changed["contacts"][0]["name"], "Ana Petrovska");
    assert_eq!(changed["parent_id"], faculty["id"]);
    assert_eq!(fetch(&app, &admin, &path_of(&department)).await, changed);

    // Sending the unchanged parent back is not a move.
    let response =
        app.patch_json(&path_of(&department), &coordinator, &json!({"parent_id": faculty["id"], "contacts": []})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["contacts"], json!([]));
}

#[tokio::test]
async fn a_faculty_coordinator_gets_403_on_a_unit_they_do_not_coordinate() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, faculty, department) = faculty_with_department(&app, &admin).await;
    let coordinator = app.token_for("faculty_coordinator", &[id_of(&department)]).await;

    // Not even the parent of their own unit.
    let response = app.patch_json(&path_of(&faculty), &coordinator, &json!({"name": {"en": "Taken over"}})).await;
    assert_problem(response, 403, "forbidden").await;
    assert_eq!(fetch(&app, &admin, &path_of(&faculty)).await, faculty);
}

#[tokio::test]
async fn a_faculty_coordinator_gets_403_when_moving_their_unit() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (institution_id, _, department) = faculty_with_department(&app, &admin).await;
    let feit = create_unit(&app, &admin, &institution_id, &unit("FEIT")).await;
    let coordinator = app.token_for("faculty_coordinator", &[id_of(&department)]).await;

    let response = app.patch_json(&path_of(&department), &coordinator, &json!({"parent_id": feit["id"]})).await;
    assert_problem(response, 403, "forbidden").await;
    let response = app.patch_json(&path_of(&department), &coordinator, &json!({"parent_id": null})).await;
    assert_problem(response, 403, "forbidden").await;
    assert_eq!(fetch(&app, &admin, &path_of(&department)).await, department);
}

#[tokio::test]
async fn a_faculty_coordinator_gets_403_when_changing_their_units_code() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, _, department) = faculty_with_department(&app, &admin).await;
    let coordinator = app.token_for("faculty_coordinator", &[id_of(&department)]).await;

    let response = app.patch_json(&path_of(&department), &coordinator, &json!({"code": "RENAMED"})).await;
    assert_problem(response, 403, "forbidden").await;
    assert_eq!(fetch(&app, &admin, &path_of(&department)).await, department);
    // Sending the unchanged code back is not a change; an officer may change it.
    let same = json!({"code": department["code"], "contacts": []});
    assert_eq!(app.patch_json(&path_of(&department), &coordinator, &same).await.status(), 200);
    let officer = app.token_for("officer", &[]).await;
    let response = app.patch_json(&path_of(&department), &officer, &json!({"code": "RENAMED"})).await;
    assert_eq!(json(response).await["code"], "RENAMED");
}

#[tokio::test]
async fn a_faculty_coordinator_gets_403_on_creating_or_deleting_units() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (institution_id, faculty, department) = faculty_with_department(&app, &admin).await;
    let coordinator = app.token_for("faculty_coordinator", &[id_of(&department), id_of(&faculty)]).await;

    assert_problem(app.post_json(&units_of(&institution_id), &coordinator, &unit("NEW")).await, 403, "forbidden").await;
    assert_problem(
        app.post_json(&units_of(&institution_id), &coordinator, &unit_under("FINKI-NEW", &faculty)).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(app.delete(&path_of(&department), &coordinator).await, 403, "forbidden").await;
    assert_eq!(listed_codes(&app, &coordinator, &institution_id, &[]).await, vec!["FINKI", "FINKI-SE"]);
}

#[tokio::test]
async fn read_only_roles_list_and_get_units_but_get_403_on_writes() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (institution_id, faculty, _) = faculty_with_department(&app, &admin).await;
    for role in ["participant", "reporting"] {
        let token = app.token_for(role, &[]).await;
        assert_eq!(listed_codes(&app, &token, &institution_id, &[]).await.len(), 2, "{role}");
        assert_eq!(app.get(&path_of(&faculty), &token).await.status(), 200, "{role}");
        assert_problem(app.post_json(&units_of(&institution_id), &token, &unit("X")).await, 403, "forbidden").await;
        assert_problem(app.patch_json(&path_of(&faculty), &token, &json!({"code": "X"})).await, 403, "forbidden").await;
        assert_problem(app.delete(&path_of(&faculty), &token).await, 403, "forbidden").await;
    }
    assert_eq!(fetch(&app, &admin, &path_of(&faculty)).await, faculty);
}

#[tokio::test]
async fn officers_may_create_change_move_and_delete_units() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let officer = app.token_for("officer", &[]).await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;

    let faculty = create_unit(&app, &officer, &institution_id, &unit("FINKI")).await;
    let department = create_unit(&app, &officer, &institution_id, &unit("SE")).await;
    let response = app
        .patch_json(&path_of(&department), &officer, &json!({"parent_id": faculty["id"], "name": {"en": "Software"}}))
        .await;
    assert_eq!(response.status(), 200);
    let moved = json(response).await;
    assert_eq!(moved["parent_id"], faculty["id"]);
    assert_eq!(moved["name"], json!({"en": "Software"}));
    assert_eq!(app.delete(&path_of(&department), &officer).await.status(), 204);
    assert_eq!(app.delete(&path_of(&faculty), &officer).await.status(), 204);
    assert!(listed_codes(&app, &officer, &institution_id, &[]).await.is_empty());
}

#[tokio::test]
async fn a_parent_id_that_is_not_a_uuid_returns_422_on_parent_id() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let mut body = unit("FINKI");
    body["parent_id"] = json!("FEIT");
    let problem =
        assert_problem(app.post_json(&units_of(&institution_id), &admin, &body).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "parent_id", "{problem}");
    assert_eq!(problem["errors"][0]["code"], "type", "{problem}");
}

#[tokio::test]
async fn a_unit_id_that_is_not_a_uuid_returns_400() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let response = app.get(&format!("{}/FINKI", units_of(&institution_id)), &admin).await;
    assert_eq!(response.status(), 400);
    assert_eq!(header(&response, "content-type"), "application/problem+json");
}

#[tokio::test]
async fn the_unit_list_honours_modified_since() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let institution_id = create_institution(&app, &admin, "ukim.edu.mk").await;
    let old = create_unit(&app, &admin, &institution_id, &unit("OLD")).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    create_unit(&app, &admin, &institution_id, &unit("NEW")).await;

    assert_eq!(listed_codes(&app, &admin, &institution_id, &[("modified_since", &since)]).await, vec!["NEW"]);
    assert_eq!(app.patch_json(&path_of(&old), &admin, &json!({"name": {"mk": "Стар"}})).await.status(), 200);
    assert_eq!(listed_codes(&app, &admin, &institution_id, &[("modified_since", &since)]).await, vec!["NEW", "OLD"]);
}
