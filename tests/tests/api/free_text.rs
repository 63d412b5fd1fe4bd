//! Free text refuses control characters (NUL, terminal escapes …) with a 422 naming the
//! field; line breaks and tabs only where text may span lines (issue 11, low a).

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::fixtures::institution;
use iro_tests::{assert_problem, json};
use reqwest::Method;
use serde_json::{Value, json};

use crate::exchange::{Exchange, MOBILITIES, ok};

const NUL: &str = "before\u{0}after";
const ESCAPE: &str = "\u{1b}[31mred\u{1b}[0m";

/// Asserts a 422 that names `field` among its errors.
async fn assert_field_refused(response: reqwest::Response, field: &str) -> Value {
    let problem = assert_problem(response, 422, "validation_failed").await;
    let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(fields.contains(&field), "{field} not named in {problem}");
    problem
}

#[tokio::test]
async fn checklist_notes_and_evidence_refuse_control_characters_but_notes_keep_line_breaks() {
    let x = Exchange::new(5, 25).await;
    let mobility = x.application("Petrovska").await;
    x.walk(&mobility, &[json!({"to": "nominated"})]).await;
    let path = format!("{MOBILITIES}/{}/checklist/items/document:hiv_certificate", mobility["id"].as_str().unwrap());
    for bad in [NUL, ESCAPE, "bell\u{7}", "c1\u{9b}31m"] {
        assert_field_refused(x.app.patch_json(&path, &x.admin, &json!({"note": bad})).await, "note").await;
        let patch = json!({"evidence_reference": bad});
        assert_field_refused(x.app.patch_json(&path, &x.admin, &patch).await, "evidence_reference").await;
    }
    let patch = json!({"evidence_reference": "certificate\n2026/114"});
    assert_field_refused(x.app.patch_json(&path, &x.admin, &patch).await, "evidence_reference").await;
    let noted = x.app.patch_json(&path, &x.admin, &json!({"note": "first line\n\tsecond line"})).await;
    assert_eq!(ok(noted, "multi-line note").await["note"], "first line\n\tsecond line");
}

#[tokio::test]
async fn user_names_refuse_control_characters_and_line_breaks() {
    let x = Exchange::new(5, 25).await;
    for bad in [NUL, ESCAPE, "Ana\nPetrovska"] {
        let body = json!({"username": "ana", "password": "a password for tests", "role": "officer", "full_name": bad});
        assert_field_refused(x.app.post_json("/api/v1/users", &x.admin, &body).await, "full_name").await;
    }
    let body = json!({"username": "ana", "password": "a password for tests", "role": "officer", "full_name": "Ana"});
    let response = x.app.post_json("/api/v1/users", &x.admin, &body).await;
    assert_eq!(response.status(), 201);
    let user = json(response).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    assert_field_refused(x.app.patch_json(&path, &x.admin, &json!({"full_name": NUL})).await, "full_name").await;
}

#[tokio::test]
async fn grading_scale_texts_refuse_control_characters() {
    let x = Exchange::new(5, 25).await;
    let scale = |name: &str, native: &str| {
        json!({"code": "UNI-PF", "name": name, "source": "statute", "status": "unconfirmed",
            "definition": {"kind": "pass_fail", "grades": [
                {"native": native, "passing": true}, {"native": "fail", "passing": false}]}})
    };
    let response = x.app.post_json("/api/v1/grading-scales", &x.admin, &scale(NUL, "pass")).await;
    assert_field_refused(response, "name").await;
    let response = x.app.post_json("/api/v1/grading-scales", &x.admin, &scale("Pass/fail", ESCAPE)).await;
    assert_field_refused(response, "definition.grades[0].native").await;
}

#[tokio::test]
async fn any_text_of_a_json_body_refuses_nul_with_its_path() {
    let x = Exchange::new(5, 25).await;
    let mut body = institution("uni-ni.ac.rs", "RS");
    body["contacts"] = json!([{"name": NUL, "role": "International office"}]);
    let response = x.app.post_json("/api/v1/institutions", &x.admin, &body).await;
    assert_field_refused(response, "contacts[0].name").await;
    let mut body = institution("uni-ni.ac.rs", "RS");
    body["name"] = json!({"en": ESCAPE});
    assert_field_refused(x.app.post_json("/api/v1/institutions", &x.admin, &body).await, "name.en").await;
}

#[tokio::test]
async fn a_search_with_a_control_character_is_a_bad_query_not_a_server_error() {
    let x = Exchange::new(5, 25).await;
    for path in ["/api/v1/institutions?q=a%00b", "/api/v1/users?q=a%00b", "/api/v1/institutions?hei_id=a%1Bb"] {
        let response = x.app.request(Method::GET, path, Some(&x.admin)).send().await.unwrap();
        assert_problem(response, 400, "invalid_query").await;
    }
}

#[tokio::test]
async fn a_sign_in_naming_an_account_with_a_control_character_is_an_invalid_request() {
    let x = Exchange::new(5, 25).await;
    for form in [
        [("grant_type", "password"), ("username", NUL), ("password", "x")],
        [("grant_type", "client_credentials"), ("client_id", NUL), ("client_secret", "x")],
    ] {
        let response = x.app.request(Method::POST, "/api/v1/auth/token", None).form(&form).send().await.unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(json(response).await["error"], "invalid_request");
    }
}
