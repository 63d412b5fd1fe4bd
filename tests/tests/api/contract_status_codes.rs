//! Status codes the document promises are the ones the server sends (issue 12 item 4): OAuth
//! errors stay OAuthError, wrong methods are 405, every list is `{items, next_cursor}`, and
//! 503, 404 and 412 are documented where they can happen and only there.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::{assert_problem, json, spawn_app};
use reqwest::Method;
use serde_json::Value;

use crate::exchange::{Exchange, ok};

fn document() -> Value {
    serde_json::to_value(iro_api::openapi::document()).unwrap()
}

#[tokio::test]
async fn malformed_json_at_the_token_endpoint_is_an_oauth_invalid_request() {
    let app = spawn_app().await;
    for path in ["/api/v1/auth/token", "/api/v1/auth/revoke"] {
        let response = app
            .request(Method::POST, path, None)
            .header("content-type", "application/json")
            .body("{\"grant_type\": ")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{path}");
        let media = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(media.starts_with("application/json"), "{path}: the documented OAuthError media type, got {media}");
        let body = json(response).await;
        assert_eq!(body["error"], "invalid_request", "{path}: {body}");
        let documented = &document()["paths"][path]["post"]["responses"];
        assert!(documented.get("422").is_none(), "{path} documents a 422 it never sends");
    }
}

#[tokio::test]
async fn get_on_a_post_only_conversion_route_is_405_with_allow() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for name in ["credits", "grades", "points"] {
        let response = app.get(&format!("/api/v1/conversions/{name}"), &admin).await;
        assert_eq!(response.headers().get("allow").and_then(|v| v.to_str().ok()), Some("POST"), "{name}");
        assert_problem(response, 405, "method_not_allowed").await;
    }
    assert_problem(app.get("/api/v1/conversions/not-a-uuid", &admin).await, 400, "invalid_path").await;
}

#[tokio::test]
async fn an_agreements_quotas_are_a_list_envelope() {
    let x = Exchange::new(2, 10).await;
    let path = format!("/api/v1/agreements/{}/quotas?academic_year=2026/2027", x.agreement);
    let page = ok(x.app.get(&path, &x.admin).await, "quotas").await;
    assert!(page["items"].as_array().is_some_and(|items| !items.is_empty()), "{page}");
    assert_eq!(page["next_cursor"], Value::Null);
    let doc = document();
    let op = &doc["paths"]["/api/v1/agreements/{id}/quotas"]["get"];
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/QuotaPage"
    );
}

#[test]
fn every_list_answers_items_and_next_cursor() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        assert_ne!(schema["type"], "array", "GET {path} answers a bare array");
    }
}

#[test]
fn every_operation_but_liveness_documents_503_and_only_if_match_takers_document_412() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = &op["responses"];
            if path != "/health/live" {
                assert!(responses.get("503").is_some(), "{method} {path} does not document 503");
            }
            let takes_if_match = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("If-Match")));
            assert_eq!(
                responses.get("412").is_some(),
                takes_if_match,
                "{method} {path}: 412 without If-Match or the reverse"
            );
        }
    }
    let create = &doc["paths"]["/api/v1/mobilities"]["post"]["responses"];
    assert!(create.get("404").is_some(), "POST /mobilities answers 404 for a record a participant may not see");
}

#[test]
fn the_document_names_its_server_and_contact_and_uses_every_component() {
    let doc = document();
    assert!(doc["servers"].as_array().is_some_and(|s| !s.is_empty()), "servers");
    assert!(doc["info"]["contact"].is_object(), "contact");
    let text = doc.to_string();
    for kind in ["schemas", "responses"] {
        for name in doc["components"][kind].as_object().unwrap().keys() {
            let reference = format!("\"#/components/{kind}/{name}\"");
            assert!(text.contains(&reference), "components.{kind}.{name} is declared but never used");
        }
    }
}

#[tokio::test]
async fn a_public_operation_that_refuses_roles_documents_403_and_the_catalogue_does_not() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    // Staff do not ask inquiries (they answer them): found by the contract fuzz as an officer.
    let asked = app
        .post_json(
            "/api/v1/inquiries",
            &officer,
            &serde_json::json!({"topic": "accommodation", "subject": "A room", "message": "Is there one?"}),
        )
        .await;
    assert_problem(asked, 403, "forbidden").await;
    let document = document();
    let responses = |path: &str, method: &str| document["paths"][path][method]["responses"].clone();
    for (path, method) in [
        ("/api/v1/inquiries", "post"),
        ("/api/v1/inquiries/{id}", "get"),
        ("/api/v1/inquiries/{id}/messages", "post"),
        ("/api/v1/inquiries/{id}/status", "post"),
    ] {
        assert!(responses(path, method).get("403").is_some(), "{method} {path} does not document 403");
    }
    // A public catalogue read serves every role (named ones see drafts too): no 403.
    assert!(responses("/api/v1/catalogue/courses", "get").get("403").is_none());
    let participant = app.token_for("participant", &[]).await;
    let read = app.get("/api/v1/catalogue/courses", &participant).await;
    assert_eq!(read.status(), 200);
}
