//! The error envelope (RFC 9457 problem details for routing, body, path and query failures),
//! request ids, CORS and the offline API docs.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test helpers: a failed request is a failed test")]

use std::collections::BTreeSet;

use iro_tests::fixtures::institution;
use iro_tests::{TestApp, assert_problem, json, spawn_app, spawn_app_with};
use reqwest::{Method, Response};
use serde_json::Value;

/// Asserts the members every problem body carries, beyond what `assert_problem` checks.
fn assert_envelope(body: &Value, status: u16, code: &str) {
    for member in ["type", "title", "detail", "code"] {
        assert!(body[member].as_str().is_some_and(|s| !s.is_empty()), "problem member {member} missing: {body}");
    }
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["type"], format!("/problems/{code}"), "{body}");
}

/// Asserts a complete problem response; returns its body.
async fn assert_full_problem(response: Response, status: u16, code: &str) -> Value {
    let body = assert_problem(response, status, code).await;
    assert_envelope(&body, status, code);
    body
}

/// The `Allow` header as a set of methods.
fn allowed_methods(response: &Response) -> BTreeSet<String> {
    let allow = response.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default();
    allow.split(',').map(|m| m.trim().to_ascii_uppercase()).filter(|m| !m.is_empty()).collect()
}

/// A POST to the institution list with the admin's token and a raw body.
async fn post_raw(app: &TestApp, content_type: Option<&str>, body: impl Into<reqwest::Body>) -> Response {
    let token = app.admin_token().await;
    let mut request = app.request(Method::POST, "/api/v1/institutions", Some(&token)).body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.send().await.unwrap()
}

async fn institution_count(app: &TestApp) -> usize {
    let token = app.admin_token().await;
    let body = json(app.get("/api/v1/institutions", &token).await).await;
    body["items"].as_array().expect("items").len()
}

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = spawn_app().await;
    for path in ["/api/v1/no-such-thing", "/nothing/here", "/api/v2/institutions"] {
        let response = app.request(Method::GET, path, None).send().await.unwrap();
        let body = assert_full_problem(response, 404, "not_found").await;
        assert_eq!(body["title"], "Not Found", "{path}: {body}");
    }
}

#[tokio::test]
async fn a_wrong_method_on_a_known_route_is_a_405_problem_with_an_allow_header() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for method in [Method::PUT, Method::DELETE] {
        let response = app.request(method.clone(), "/api/v1/institutions", Some(&token)).send().await.unwrap();
        let allow = allowed_methods(&response);
        let body = assert_full_problem(response, 405, "method_not_allowed").await;
        assert_eq!(
            allow,
            BTreeSet::from(["GET".to_owned(), "POST".to_owned()]),
            "{method} /api/v1/institutions: Allow lists the route's methods; body {body}"
        );
    }
}

#[tokio::test]
async fn a_wrong_method_on_a_templated_route_lists_that_routes_methods() {
    let app = spawn_app().await;
    let path = format!("/api/v1/institutions/{}", uuid::Uuid::now_v7());
    let response = app.request(Method::PUT, &path, None).send().await.unwrap();
    let allow = allowed_methods(&response);
    assert_full_problem(response, 405, "method_not_allowed").await;
    assert_eq!(allow, BTreeSet::from(["GET".to_owned(), "PATCH".to_owned(), "DELETE".to_owned()]));
}

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = spawn_app().await;
    let response = post_raw(&app, Some("application/json"), r#"{"hei_id": "uni-a.example", "name": "#).await;
    assert_full_problem(response, 400, "malformed_json").await;
    assert_eq!(institution_count(&app).await, 0);
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let mut body = institution("uni-a.example", "DE");
    body["hei_id"] = Value::from(42);
    let response = post_raw(&app, Some("application/json"), body.to_string()).await;
    let problem = assert_full_problem(response, 422, "validation_failed").await;
    let errors = problem["errors"].as_array().expect("errors[]");
    assert!(errors.iter().any(|e| e["field"] == "hei_id"), "errors[] names hei_id: {problem}");

    let mut body = institution("uni-a.example", "DE");
    body["contacts"][0]["emails"] = Value::from("io@uni-a.example");
    let response = post_raw(&app, Some("application/json"), body.to_string()).await;
    let problem = assert_full_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "contacts[0].emails", "nested fields are named by path: {problem}");
    assert_eq!(institution_count(&app).await, 0);
}

#[tokio::test]
async fn an_unknown_member_is_a_422_naming_that_member() {
    let app = spawn_app().await;
    let mut body = institution("uni-a.example", "DE");
    body["motto"] = Value::from("Per aspera ad astra");
    let response = post_raw(&app, Some("application/json"), body.to_string()).await;
    let problem = assert_full_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "motto", "{problem}");
    assert_eq!(institution_count(&app).await, 0);
}

#[tokio::test]
async fn a_missing_required_member_is_a_422_naming_that_member() {
    let app = spawn_app().await;
    let mut body = institution("uni-a.example", "DE");
    body.as_object_mut().expect("object").remove("hei_id");
    let response = post_raw(&app, Some("application/json"), body.to_string()).await;
    let problem = assert_full_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "hei_id", "the missing member is named in errors[].field: {problem}");
    assert_eq!(problem["errors"][0]["code"], "required", "{problem}");
    assert_eq!(institution_count(&app).await, 0);
}

#[tokio::test]
async fn invalid_values_are_a_422_with_one_entry_per_field() {
    let app = spawn_app().await;
    let mut body = institution("not-a-domain", "XX");
    body["website"] = Value::from("ftp://example");
    body["contacts"] = Value::Array(vec![]);
    let response = post_raw(&app, Some("application/json"), body.to_string()).await;
    let problem = assert_full_problem(response, 422, "validation_failed").await;
    let fields: BTreeSet<&str> =
        problem["errors"].as_array().expect("errors[]").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, BTreeSet::from(["hei_id", "country", "website"]), "{problem}");
}

#[tokio::test]
async fn a_body_without_a_json_content_type_is_a_415_problem() {
    let app = spawn_app().await;
    let body = institution("uni-a.example", "DE").to_string();
    let response = post_raw(&app, None, body.clone()).await;
    assert_full_problem(response, 415, "unsupported_media_type").await;
    let response = post_raw(&app, Some("text/plain"), body).await;
    assert_full_problem(response, 415, "unsupported_media_type").await;
    assert_eq!(institution_count(&app).await, 0);
}

#[tokio::test]
async fn a_body_over_256_kib_is_a_413_problem() {
    let app = spawn_app().await;
    let mut body = institution("uni-a.example", "DE");
    body["city"] = Value::from("x".repeat(256 * 1024 + 1));
    let response = post_raw(&app, Some("application/json"), body.to_string()).await;
    assert_full_problem(response, 413, "payload_too_large").await;
    assert_eq!(institution_count(&app).await, 0);
}

#[tokio::test]
async fn a_path_id_that_is_not_a_uuid_is_a_400_problem() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let response = app.get("/api/v1/institutions/not-a-uuid", &token).await;
    assert_full_problem(response, 400, "invalid_path").await;
    let response = app.patch_json("/api/v1/institutions/12345", &token, &serde_json::json!({"city": "X"})).await;
    assert_full_problem(response, 400, "invalid_path").await;
}

#[tokio::test]
async fn a_query_value_of_the_wrong_type_is_a_400_problem() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    for query in ["limit=abc", "is_local=maybe", "modified_since=yesterday"] {
        let response = app.get(&format!("/api/v1/institutions?{query}"), &token).await;
        assert_full_problem(response, 400, "invalid_query").await;
    }
}

#[tokio::test]
async fn a_request_id_is_generated_when_the_client_sends_none() {
    let app = spawn_app().await;
    let ok = app.request(Method::GET, "/health/live", None).send().await.unwrap();
    let error = app.request(Method::GET, "/api/v1/no-such-thing", None).send().await.unwrap();
    let unauthorized = app.request(Method::GET, "/api/v1/institutions", None).send().await.unwrap();
    assert_eq!(error.status(), 404);
    assert_eq!(unauthorized.status(), 401);
    let ids: Vec<String> = [&ok, &error, &unauthorized]
        .iter()
        .map(|response| {
            let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(!id.is_empty(), "{} has no X-Request-Id", response.url());
            id.to_owned()
        })
        .collect();
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "every request gets its own id: {ids:?}");
}

#[tokio::test]
async fn a_usable_client_request_id_is_echoed() {
    let app = spawn_app().await;
    for path in ["/health/live", "/api/v1/no-such-thing"] {
        let response =
            app.request(Method::GET, path, None).header("x-request-id", "trace-4711-abc").send().await.unwrap();
        assert_eq!(response.headers().get("x-request-id").unwrap(), "trace-4711-abc", "{path}");
    }
}

#[tokio::test]
async fn an_unusable_client_request_id_is_replaced() {
    let app = spawn_app().await;
    let too_long = "a".repeat(300);
    let response =
        app.request(Method::GET, "/health/live", None).header("x-request-id", &too_long).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(!id.is_empty() && id != too_long && id.len() <= 128, "replaced with a fresh id, got {id:?}");
}

fn allow_origin(response: &Response) -> Option<String> {
    response.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

#[tokio::test]
async fn cors_allows_a_configured_origin() {
    let app = spawn_app_with(|s| s.cors_origins = vec!["https://office.example".into()]).await;
    let preflight = app
        .request(Method::OPTIONS, "/api/v1/institutions", None)
        .header("origin", "https://office.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization, content-type, idempotency-key")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "preflight answered {}", preflight.status());
    assert_eq!(allow_origin(&preflight).as_deref(), Some("https://office.example"));
    let methods = preflight.headers().get("access-control-allow-methods").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(methods.contains("POST"), "allowed methods: {methods:?}");

    let token = app.admin_token().await;
    let actual = app
        .request(Method::GET, "/api/v1/institutions", Some(&token))
        .header("origin", "https://office.example")
        .send()
        .await
        .unwrap();
    assert_eq!(actual.status(), 200);
    assert_eq!(allow_origin(&actual).as_deref(), Some("https://office.example"));
    let exposed = actual.headers().get("access-control-expose-headers").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(exposed.to_ascii_lowercase().contains("x-request-id"), "exposed headers: {exposed:?}");
}

#[tokio::test]
async fn cors_does_not_allow_another_origin() {
    let app = spawn_app_with(|s| s.cors_origins = vec!["https://office.example".into()]).await;
    let preflight = app
        .request(Method::OPTIONS, "/api/v1/institutions", None)
        .header("origin", "https://elsewhere.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(allow_origin(&preflight), None, "preflight from a foreign origin");

    let token = app.admin_token().await;
    let actual = app
        .request(Method::GET, "/api/v1/institutions", Some(&token))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(allow_origin(&actual), None, "request from a foreign origin");
}

/// Every `src="…"` and `href="…"` in an HTML page.
fn referenced_assets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    found
}

#[tokio::test]
async fn the_docs_page_serves_swagger_ui_with_embedded_assets() {
    let app = spawn_app().await;
    let page = app.request(Method::GET, "/docs/", None).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let content_type = page.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(content_type.starts_with("text/html"), "content type {content_type:?}");
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "not the Swagger UI page: {html}");

    // Offline: every asset the page names is a relative URL iro serves itself.
    let assets = referenced_assets(&html);
    assert!(assets.iter().any(|a| a.ends_with(".css")) && assets.iter().any(|a| a.ends_with(".js")), "{assets:?}");
    for asset in &assets {
        assert!(!asset.contains("://") && !asset.starts_with("//"), "the page loads {asset} from elsewhere");
        let url = format!("/docs/{}", asset.trim_start_matches("./"));
        let response = app.request(Method::GET, &url, None).send().await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        assert!(!response.bytes().await.unwrap().is_empty(), "{url} is empty");
    }
    for asset in ["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js"] {
        let response = app.request(Method::GET, asset, None).send().await.unwrap();
        assert_eq!(response.status(), 200, "{asset}");
    }
    let initializer = app.request(Method::GET, "/docs/swagger-initializer.js", None).send().await.unwrap();
    assert_eq!(initializer.status(), 200);
    assert!(initializer.text().await.unwrap().contains("/api/openapi.json"), "the UI loads our document");
}

#[tokio::test]
async fn docs_without_a_slash_redirects_to_the_docs_page() {
    let app = spawn_app().await;
    let response = app.request(Method::GET, "/docs", None).send().await.unwrap();
    assert!(response.status().is_redirection(), "status {}", response.status());
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(location == "/docs/" || location.ends_with("/docs/"), "location {location:?}");
}
