//! The document's query parameters and headers say exactly what the server checks: for every
//! documented constraint (enum, pattern, format, minimum/maximum, maxLength, minLength) the
//! server refuses one value that breaks it with 400, and a string parameter documented with
//! no constraint takes any visible text, so the server checks nothing the document hides.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use std::collections::BTreeMap;

use iro_tests::json;
use reqwest::Method;
use serde_json::{Value, json};

use crate::exchange::{Exchange, id};

fn document() -> Value {
    serde_json::to_value(iro_api::openapi::document()).unwrap()
}

/// The schema of a parameter, through a `$ref` to a component.
fn schema_of<'a>(doc: &'a Value, parameter: &'a Value) -> &'a Value {
    let schema = &parameter["schema"];
    match schema["$ref"].as_str() {
        Some(reference) => doc.pointer(reference.trim_start_matches('#')).unwrap(),
        None => schema,
    }
}

fn has_type(schema: &Value, wanted: &str) -> bool {
    match &schema["type"] {
        Value::String(t) => t == wanted,
        Value::Array(ts) => ts.iter().any(|t| t == wanted),
        _ => false,
    }
}

/// One value per documented constraint that breaks it: (the constraint, the value).
fn violations(schema: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if schema.get("enum").is_some() {
        found.push(("enum".to_owned(), "not_a_member".to_owned()));
    }
    if let Some(pattern) = schema["pattern"].as_str() {
        let compiled = regex::Regex::new(pattern).unwrap();
        let outside = ["~~~", "-", "0", "zz", "A", "a/b", "2026-2027", "\u{1F600}"]
            .into_iter()
            .find(|c| !compiled.is_match(c))
            .unwrap_or_else(|| panic!("no test value lies outside {pattern}"));
        found.push((format!("pattern {pattern}"), outside.to_owned()));
    }
    match schema["format"].as_str() {
        Some("date-time") => found.push(("format date-time".to_owned(), "yesterday".to_owned())),
        Some("date") => found.push(("format date".to_owned(), "2026-13-45".to_owned())),
        Some("uuid") => found.push(("format uuid".to_owned(), "not-a-uuid".to_owned())),
        _ => {}
    }
    if let Some(max) = schema["maxLength"].as_u64() {
        found.push((format!("maxLength {max}"), "a".repeat(max as usize + 1)));
    }
    if let Some(min) = schema["minLength"].as_u64().filter(|m| *m > 1) {
        found.push((format!("minLength {min}"), "a".repeat(min as usize - 1)));
    }
    if has_type(schema, "integer") {
        found.push(("type integer".to_owned(), "many".to_owned()));
        if let Some(max) = schema["maximum"].as_i64() {
            found.push((format!("maximum {max}"), (max + 1).to_string()));
        }
        if let Some(min) = schema["minimum"].as_i64() {
            found.push((format!("minimum {min}"), (min - 1).to_string()));
        }
    }
    if has_type(schema, "boolean") {
        found.push(("type boolean".to_owned(), "maybe".to_owned()));
    }
    found
}

/// A string documented with no constraint at all.
fn unconstrained_text(schema: &Value) -> bool {
    has_type(schema, "string")
        && ["enum", "pattern", "format", "maxLength", "minLength"].iter().all(|key| schema.get(key).is_none())
}

/// A valid value for a required parameter (the only ones ours require).
fn valid(name: &str) -> &'static str {
    match name {
        "academic_year" => "2026/2027",
        other => panic!("give a valid value for the required query parameter {other}"),
    }
}

#[tokio::test]
async fn every_documented_query_constraint_is_checked_and_nothing_undocumented_is() {
    let x = Exchange::new(2, 10).await;
    let mobility = id(&x.application("Query").await);
    let grant = json!({"project_number": "2026-1-MK01-KA131-HED-000123456", "action": "KA131", "call_year": 2026,
        "period_start": "2026-06-01", "period_end": "2028-07-31"});
    let grant = id(&json(x.app.post_json("/api/v1/grants", &x.admin, &grant).await).await);
    let doc = document();
    let ids: BTreeMap<&str, String> = BTreeMap::from([
        ("/api/v1/institutions/{id}/units", x.ukim.clone()),
        ("/api/v1/agreements/{id}/history", x.agreement.clone()),
        ("/api/v1/agreements/{id}/conditions", x.agreement.clone()),
        ("/api/v1/agreements/{id}/quotas", x.agreement.clone()),
        ("/api/v1/mobilities/{id}/history", mobility.clone()),
        ("/api/v1/mobilities/{id}/checklist", mobility.clone()),
        ("/api/v1/grants/{id}/beneficiary-report", grant),
    ]);
    // Paths whose parameter is not an id.
    let named: BTreeMap<&str, &str> =
        BTreeMap::from([("/api/v1/factsheets/{academic_year}/versions", "/api/v1/factsheets/2026-2027/versions")]);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let query: Vec<&Value> =
            op["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "query").collect();
        if query.is_empty() {
            continue;
        }
        let path = match ids.get(template.as_str()) {
            Some(id) => template.replace("{id}", id),
            None if named.contains_key(template.as_str()) => named[template.as_str()].to_owned(),
            None if !template.contains('{') => template.clone(),
            None => panic!("give GET {template} an id in this test"),
        };
        let required: Vec<(String, String)> = query
            .iter()
            .filter(|p| p["required"] == true)
            .map(|p| {
                let name = p["name"].as_str().unwrap();
                (name.to_owned(), valid(name).to_owned())
            })
            .collect();
        let send = |name: &str, value: &str| {
            let mut pairs = required.clone();
            pairs.retain(|(n, _)| n != name);
            pairs.push((name.to_owned(), value.to_owned()));
            let request = x.app.request(Method::GET, &path, Some(&x.admin)).query(&pairs);
            async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                // Only a refusal's body is read (a problem, JSON); a taken value's answer may be
                // another media type (the catalogue's CSV export).
                let body = if status == 200 { Value::Null } else { json(response).await };
                (status, body)
            }
        };
        let baseline = x.app.request(Method::GET, &path, Some(&x.admin)).query(&required).send().await.unwrap();
        let status = baseline.status();
        assert_eq!(status, 200, "GET {path} with its required parameters only: {}", json(baseline).await);
        for parameter in query {
            let name = parameter["name"].as_str().unwrap();
            let schema = schema_of(&doc, parameter);
            for (constraint, value) in violations(schema) {
                checked += 1;
                let (status, body) = send(name, &value).await;
                if status != 400 {
                    problems
                        .push(format!("GET {template} ?{name}={value:?} breaks {constraint} but answered {status}"));
                } else if !body["errors"].as_array().is_none_or(|e| e.iter().any(|e| e["field"] == name)) {
                    problems.push(format!("GET {template} ?{name}={value:?}: 400 names another field: {body}"));
                }
            }
            if unconstrained_text(schema) {
                for value in ["~~~ \u{1F600}", &"a".repeat(1000)] {
                    checked += 1;
                    let (status, body) = send(name, value).await;
                    if status == 400 {
                        problems.push(format!(
                            "GET {template} ?{name} is documented without a constraint but {:?}… is refused: {body}",
                            &value[..value.len().min(12)]
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 100, "too few parameter checks to be the document's: {checked}");
    assert!(problems.is_empty(), "query parameters and their checks disagree:\n{}", problems.join("\n"));
}

#[tokio::test]
async fn the_idempotency_key_is_documented_as_the_server_checks_it() {
    let x = Exchange::new(2, 10).await;
    let doc = document();
    let mut posts = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("post") else { continue };
        let Some(key) = op["parameters"].as_array().into_iter().flatten().find(|p| p["name"] == "Idempotency-Key")
        else {
            continue;
        };
        posts += 1;
        let schema = schema_of(&doc, key);
        assert_eq!(schema["type"], "string", "POST {template}: a header is never null: {schema}");
        assert_eq!((schema["minLength"].as_u64(), schema["maxLength"].as_u64()), (Some(1), Some(255)), "{template}");
        let path = template.replace("{id}", &x.agreement);
        let mut values: Vec<(String, Vec<u8>)> = violations(schema)
            .into_iter()
            .filter(|(_, value)| value.is_ascii())
            .map(|(constraint, value)| (constraint, value.into_bytes()))
            .collect();
        // A header value can carry bytes past ASCII; the documented pattern refuses them.
        values.push(("pattern (not ASCII)".to_owned(), "cl\u{e9}".as_bytes().to_vec()));
        values.push(("minLength 1".to_owned(), Vec::new()));
        for (constraint, value) in values {
            let response = x
                .app
                .request(Method::POST, &path, Some(&x.admin))
                .header("Idempotency-Key", reqwest::header::HeaderValue::from_bytes(&value).unwrap())
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body = json(response).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (400, Some("invalid_idempotency_key")),
                "POST {template} with a key breaking {constraint}: {body}"
            );
        }
        let fine = "order-2026/04-\u{21}~".to_owned();
        assert!(regex::Regex::new(schema["pattern"].as_str().unwrap()).unwrap().is_match(&fine));
        let response = x
            .app
            .request(Method::POST, &path, Some(&x.admin))
            .header("Idempotency-Key", fine)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let body = json(response).await;
        assert_ne!(body["code"], "invalid_idempotency_key", "POST {template}: a documented key is refused");
    }
    assert!(posts >= 10, "too few POSTs take Idempotency-Key: {posts}");
}
