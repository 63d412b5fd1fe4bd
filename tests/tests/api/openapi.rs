//! The OpenAPI document: served at `/api/openapi.json`, committed as `openapi.yaml`, and
//! complete (summaries, tags, operation ids, security, error responses, path parameters).
#![expect(clippy::expect_used, reason = "test helpers: a document that cannot be read is a failed test")]

use std::collections::BTreeSet;

use iro_tests::{json, spawn_app};
use reqwest::Method;
use serde_json::Value;

const REGENERATE: &str = "cargo run -p iro-api --bin iro -- openapi > openapi.yaml";

/// The document as JSON, exactly as the server builds it.
fn document() -> Value {
    serde_json::to_value(iro_api::openapi::document()).expect("the document serialises")
}

/// Every operation: (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut found = Vec::new();
    for (path, item) in paths {
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            if let Some(op) = item.get(method) {
                found.push((method.to_uppercase(), path.clone(), op.clone()));
            }
        }
    }
    assert!(found.len() >= 10, "the document has too few operations to be ours: {}", found.len());
    found
}

/// Operations anyone may call without a token: the probes, the token endpoints, and reading
/// the course catalogue.
fn is_public(method: &str, path: &str) -> bool {
    path.starts_with("/health/")
        || path == "/api/v1/auth/token"
        || path == "/api/v1/auth/revoke"
        || (method == "GET" && path.starts_with("/api/v1/catalogue/"))
        // The yearly factsheet and its published versions.
        || (method == "GET" && path.starts_with("/api/v1/factsheets/"))
        // Prospective students ask without a token and follow their thread with its access
        // token (`X-Inquiry-Token`).
        || (method == "POST" && path == "/api/v1/inquiries")
        || (method == "GET" && path == "/api/v1/inquiries/{id}")
        || (method == "POST" && (path == "/api/v1/inquiries/{id}/messages" || path == "/api/v1/inquiries/{id}/status"))
        // A calendar feed's secret is in its path: calendar programs send no token.
        || (method == "GET" && path == "/api/v1/calendar-feeds/{token}.ics")
}

/// Follows a `$ref` to `#/components/…` (one level, as responses use).
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("non-local $ref {reference}"));
            doc.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"))
        }
        None => value,
    }
}

#[tokio::test]
async fn the_server_serves_the_document_at_api_openapi_json() {
    let app = spawn_app().await;
    let response = app.request(Method::GET, "/api/openapi.json", None).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(content_type.starts_with("application/json"), "content type {content_type:?}");
    let served = json(response).await;
    let version = served["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1."), "OpenAPI 3.1.x, got {version:?}");
    assert_eq!(served, document(), "the served document is the one the code builds");
}

#[tokio::test]
async fn generators_revalidate_the_served_document_with_its_etag() {
    let app = spawn_app().await;
    let first = app.request(Method::GET, "/api/openapi.json", None).send().await.unwrap();
    let etag = first.headers().get("etag").and_then(|v| v.to_str().ok()).expect("an ETag").to_owned();
    let cache = first.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(cache.starts_with("public"), "anyone may cache the document, got {cache:?}");
    let again =
        app.request(Method::GET, "/api/openapi.json", None).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304, "the client already holds this document");
    let stale =
        app.request(Method::GET, "/api/openapi.json", None).header("If-None-Match", "\"other\"").send().await.unwrap();
    assert_eq!(stale.status(), 200);
}

#[test]
fn the_committed_openapi_yaml_is_the_generated_document() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
    let committed = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path} ({e}); generate it at the repository root with `{REGENERATE}`"));
    let generated = iro_api::openapi::yaml().expect("the document renders as YAML");
    assert!(
        committed == generated,
        "openapi.yaml differs from the document the code builds; regenerate it at the repository root with `{REGENERATE}`"
    );
}

#[test]
fn every_operation_has_a_summary_a_tag_and_a_unique_operation_id() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for (method, path, op) in operations(&doc) {
        let summary = op["summary"].as_str().unwrap_or_default();
        assert!(!summary.trim().is_empty(), "{method} {path} has no summary");
        let tags = op["tags"].as_array().cloned().unwrap_or_default();
        assert!(tags.iter().any(|t| t.as_str().is_some_and(|t| !t.is_empty())), "{method} {path} has no tag");
        let id = op["operationId"].as_str().unwrap_or_default();
        assert!(!id.is_empty(), "{method} {path} has no operationId");
        assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
    }
}

/// `^[a-z]+(_[a-z0-9]+)+$`: a verb, then at least one noun word, so generated method names
/// read as actions (`get_me`, `check_liveness`), never as a bare handler name (`me`, `live`).
fn is_verb_noun(id: &str) -> bool {
    let mut words = id.split('_');
    let verb_ok = words.next().is_some_and(|verb| !verb.is_empty() && verb.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = words.collect();
    verb_ok
        && !rest.is_empty()
        && rest.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[test]
fn every_operation_id_is_a_verb_and_a_noun_and_no_handler_name() {
    assert!(is_verb_noun("get_me") && is_verb_noun("list_point_bands2"));
    assert!(!is_verb_noun("me") && !is_verb_noun("get__me") && !is_verb_noun("Get_me") && !is_verb_noun("get_"));
    let doc = document();
    let mut ids = BTreeSet::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_default();
        assert!(is_verb_noun(id), "{method} {path}: operationId {id:?} does not match ^[a-z]+(_[a-z0-9]+)+$");
        assert!(!id.ends_with("_handler"), "{method} {path}: operationId {id:?} is a handler name");
        assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
    }
}

#[test]
fn every_tag_used_is_declared() {
    let doc = document();
    let declared: BTreeSet<&str> =
        doc["tags"].as_array().expect("tags").iter().filter_map(|t| t["name"].as_str()).collect();
    for (method, path, op) in operations(&doc) {
        for tag in op["tags"].as_array().cloned().unwrap_or_default() {
            let tag = tag.as_str().unwrap_or_default();
            assert!(declared.contains(tag), "{method} {path} uses undeclared tag {tag:?}");
        }
    }
}

#[test]
fn every_operation_documents_success_400_and_500() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let responses = op["responses"].as_object().unwrap_or_else(|| panic!("{method} {path} has no responses"));
        assert!(responses.keys().any(|s| s.starts_with('2')), "{method} {path} has no 2xx response");
        for status in ["400", "500"] {
            assert!(responses.contains_key(status), "{method} {path} does not document {status}");
        }
    }
}

#[test]
fn every_protected_operation_requires_a_bearer_token_and_documents_401_and_403() {
    let doc = document();
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    for (method, path, op) in operations(&doc).into_iter().filter(|(method, path, _)| !is_public(method, path)) {
        let security = op["security"].as_array().cloned().unwrap_or_default();
        assert!(!security.is_empty(), "{method} {path} has no security requirement");
        assert!(
            security.iter().all(|req| req.get("bearer").is_some()),
            "{method} {path} must require the bearer scheme in every alternative: {security:?}"
        );
        for status in ["401", "403"] {
            assert!(op["responses"].get(status).is_some(), "{method} {path} does not document {status}");
        }
    }
}

#[test]
fn public_operations_do_not_require_a_token() {
    let doc = document();
    let public: Vec<_> = operations(&doc).into_iter().filter(|(method, path, _)| is_public(method, path)).collect();
    let paths: BTreeSet<&str> = public.iter().map(|(_, path, _)| path.as_str()).collect();
    for expected in [
        "/health/live",
        "/health/ready",
        "/api/v1/auth/token",
        "/api/v1/auth/revoke",
        "/api/v1/catalogue/courses",
        "/api/v1/catalogue/programmes",
        "/api/v1/inquiries",
        "/api/v1/factsheets/{academic_year}",
        "/api/v1/factsheets/{academic_year}/versions",
        "/api/v1/factsheets/{academic_year}/versions/{number}",
    ] {
        assert!(paths.contains(expected), "{expected} is not documented: {paths:?}");
    }
    for (method, path, op) in public {
        if let Some(security) = op["security"].as_array() {
            assert!(
                security.iter().any(|req| req.as_object().is_some_and(|r| r.is_empty())),
                "{method} {path} must allow anonymous callers: {security:?}"
            );
        }
    }
}

#[test]
fn every_error_response_uses_the_problem_schema() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let oauth = path.starts_with("/api/v1/auth/");
        for (status, response) in op["responses"].as_object().expect("responses") {
            // 304 Not Modified has no body by definition (RFC 9110 §15.4.5).
            if status.starts_with('2') || status == "304" {
                continue;
            }
            let response = resolve(&doc, response);
            let content = response["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{method} {path} {status} has no body: {response}"));
            assert!(!content.is_empty(), "{method} {path} {status} has no body");
            for (media, body) in content {
                let schema = body["schema"]["$ref"].as_str().unwrap_or_default();
                let problem = schema == "#/components/schemas/Problem" && media == "application/problem+json";
                let oauth_error = oauth && schema == "#/components/schemas/OAuthError" && media == "application/json";
                assert!(
                    problem || oauth_error,
                    "{method} {path} {status}: {media} must be a Problem (application/problem+json){}, got {body}",
                    if oauth { " or an OAuthError" } else { "" }
                );
            }
        }
    }
}

#[test]
fn the_problem_schema_requires_the_rfc_9457_members_and_code() {
    let doc = document();
    let problem = &doc["components"]["schemas"]["Problem"];
    let required: BTreeSet<&str> =
        problem["required"].as_array().expect("required").iter().filter_map(Value::as_str).collect();
    for member in ["type", "title", "status", "detail", "code"] {
        assert!(required.contains(member), "Problem.{member} is not required: {problem}");
    }
    assert!(problem["properties"]["errors"].is_object(), "Problem documents errors[]");
}

#[test]
fn every_path_parameter_is_documented() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let in_template: BTreeSet<String> = path
            .split('/')
            // A parameter may be followed by a fixed suffix (`{token}.ics`).
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.split_once('}')).map(|(name, _)| name))
            .map(str::to_owned)
            .collect();
        let path_level = doc["paths"][&path]["parameters"].as_array().cloned().unwrap_or_default();
        let op_level = op["parameters"].as_array().cloned().unwrap_or_default();
        let documented: Vec<Value> = path_level
            .iter()
            .chain(&op_level)
            .map(|p| resolve(&doc, p).clone())
            .filter(|p| p["in"] == "path")
            .collect();
        let names: BTreeSet<String> = documented.iter().filter_map(|p| p["name"].as_str().map(str::to_owned)).collect();
        assert_eq!(names, in_template, "{method} {path}: documented path parameters");
        for parameter in &documented {
            assert_eq!(parameter["required"], true, "{method} {path}: path parameters are required: {parameter}");
            assert!(parameter["schema"].is_object(), "{method} {path}: {parameter} has no schema");
        }
    }
}

#[test]
fn the_oauth_bodies_are_forms_only_and_no_body_offers_one_schema_twice() {
    // openapi-python-client generates token and revoke clients that do not import
    // (`NameError: Unset`) for a body offered under two media types.
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let schemas: Vec<&Value> = op
            .pointer("/requestBody/content")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|c| c.values())
            .map(|body| &body["schema"])
            .collect();
        let distinct: BTreeSet<String> = schemas.iter().map(|s| s.to_string()).collect();
        assert_eq!(distinct.len(), schemas.len(), "{method} {path} offers one schema under several media types");
    }
    for (path, schema) in [("/api/v1/auth/token", "TokenRequest"), ("/api/v1/auth/revoke", "RevokeRequest")] {
        let content = doc["paths"][path]["post"]["requestBody"]["content"].as_object().cloned().unwrap_or_default();
        let media: Vec<&String> = content.keys().collect();
        assert_eq!(media, vec!["application/x-www-form-urlencoded"], "{path}");
        let form = &content["application/x-www-form-urlencoded"]["schema"]["$ref"];
        assert_eq!(form, &format!("#/components/schemas/{schema}"), "{path}");
    }
}

#[test]
fn the_document_carries_the_body_rules_the_domain_enforces() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    // LocalizedText::parse: English is required.
    for body in ["InstitutionInput", "UnitInput", "InstitutionResponse", "UnitResponse"] {
        let name = resolve(&doc, &schemas[body]["properties"]["name"]);
        assert_eq!(name["required"], serde_json::json!(["en"]), "{body}.name: {name}");
    }
    // ScaleDefinition::to_domain: the kinds and directions it reads.
    let definition = &schemas["ScaleDefinitionBody"]["properties"];
    assert_eq!(definition["kind"]["enum"], serde_json::json!(["numeric", "ordinal", "pass_fail"]));
    assert_eq!(definition["direction"]["enum"], serde_json::json!(["higher_is_better", "lower_is_better", null]));
    // Contact::validate: each address is checked.
    assert_eq!(schemas["ContactBody"]["properties"]["emails"]["items"]["format"], "email");
}
