//! Response members the document marks required are sent, `null` included: the server's
//! answers to real requests carry every required member of their schema, at every depth.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::json;
use serde_json::{Value, json};

use crate::exchange::{Exchange, id};

/// Follows `$ref`s and one-element (or nullable) combinators to the schema itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(reference) = schema["$ref"].as_str() {
        return resolve(doc, doc.pointer(reference.trim_start_matches('#')).unwrap());
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema[combinator].as_array() {
            let concrete: Vec<&Value> = options.iter().filter(|o| o["type"] != "null").collect();
            if let [only] = concrete.as_slice() {
                return resolve(doc, only);
            }
        }
    }
    schema
}

/// Lines naming each required member `value` lacks, under `at`.
fn missing(doc: &Value, schema: &Value, value: &Value, at: &str, found: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    match value {
        Value::Object(members) => {
            for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !members.contains_key(name) {
                    found.push(format!("{at}.{name}"));
                }
            }
            for (name, inner) in members {
                if let Some(property) = schema["properties"].get(name) {
                    missing(doc, property, inner, &format!("{at}.{name}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                missing(doc, &schema["items"], item, &format!("{at}[{index}]"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_required_response_member_is_sent() {
    let x = Exchange::new(2, 10).await;
    let mobility = x.application("Members").await;
    x.walk(&mobility, &[json!({"to": "nominated"})]).await;
    let mobility = id(&mobility);
    let person = x.student("Sent").await;
    let catalogue = crate::catalogue::programme_and_course(&x.app, &x.admin, &x.finki).await;
    let asked = x
        .app
        .request(reqwest::Method::POST, "/api/v1/inquiries", None)
        .json(&json!({"topic": "visa", "subject": "Visa", "message": "Do I need one?", "email": "a@example.ru"}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 201);
    let inquiry = json(asked).await["inquiry"]["id"].as_str().unwrap().to_owned();
    let factsheet = crate::factsheets::version("2020-01-01", true, crate::factsheets::content());
    let written = x.app.post_json("/api/v1/factsheets/2026-2027/versions", &x.admin, &factsheet).await;
    assert_eq!(written.status(), 201);
    let doc = serde_json::to_value(iro_api::openapi::document()).unwrap();
    let mut paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, item)| item.get("get").is_some() && !path.contains('{') && path.starts_with("/api/v1/"))
        // JSON answers only (the catalogue's CSV export has no members).
        .filter(|(_, item)| item["get"]["responses"]["200"]["content"].get("application/json").is_some())
        .map(|(path, _)| path.clone())
        .collect();
    paths.extend([
        format!("/api/v1/institutions/{}", x.lipetsk),
        format!("/api/v1/institutions/{}/units", x.ukim),
        format!("/api/v1/agreements/{}", x.agreement),
        format!("/api/v1/agreements/{}/conditions", x.agreement),
        format!("/api/v1/agreements/{}/history", x.agreement),
        format!("/api/v1/people/{person}"),
        format!("/api/v1/mobilities/{mobility}"),
        format!("/api/v1/mobilities/{mobility}/history"),
        format!("/api/v1/mobilities/{mobility}/checklist"),
        "/api/v1/grading-scales/MK".to_owned(),
        format!("/api/v1/catalogue/programmes/{}", id(&catalogue.0)),
        format!("/api/v1/catalogue/courses/{}", id(&catalogue.1)),
        format!("/api/v1/inquiries/{inquiry}"),
        "/api/v1/factsheets/2026-2027".to_owned(),
        "/api/v1/factsheets/2026-2027/versions".to_owned(),
        "/api/v1/factsheets/2026-2027/versions/1".to_owned(),
    ]);
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in paths {
        let query = if path.ends_with("/quotas")
            || path.ends_with("/statistics/mobilities")
            || path.ends_with("/statistics/services")
        {
            "?academic_year=2026/2027"
        } else {
            ""
        };
        let response = x.app.get(&format!("{path}{query}"), &x.admin).await;
        assert_eq!(response.status(), 200, "GET {path}");
        let body = json(response).await;
        let template = doc["paths"]
            .as_object()
            .unwrap()
            .keys()
            .find(|t| {
                let (t, p): (Vec<&str>, Vec<&str>) = (t.split('/').collect(), path.split('/').collect());
                t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
            })
            .unwrap()
            .clone();
        let schema = &doc["paths"][&template]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        checked += 1;
        missing(&doc, schema, &body, &format!("GET {path}"), &mut problems);
    }
    assert!(checked > 20, "too few responses checked: {checked}");
    assert!(problems.is_empty(), "required members not sent:\n{}", problems.join("\n"));
}

#[test]
fn nullable_response_members_are_required_not_optional() {
    // A member the server always sends, `null` or not, is required: generated clients then
    // type it `T | null` rather than `T | null | undefined`.
    let doc = serde_json::to_value(iro_api::openapi::document()).unwrap();
    let omitted = [("TokenResponse", "refresh_token"), ("MobilityResponse", "checklist")];
    let mut optional = Vec::new();
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        if !(name.ends_with("Response") || name.ends_with("Page")) {
            continue;
        }
        let required: Vec<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for member in schema["properties"].as_object().into_iter().flat_map(|p| p.keys()) {
            if !required.contains(&member.as_str()) && !omitted.contains(&(name.as_str(), member.as_str())) {
                optional.push(format!("{name}.{member}"));
            }
        }
    }
    assert!(optional.is_empty(), "response members documented as optional: {optional:?}");
}
