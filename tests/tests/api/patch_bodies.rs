//! Merge-patch bodies in the document: each has its real schema (every field optional,
//! unknown members refused), and the server refuses an unknown member as the schema says.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use std::collections::BTreeMap;

use iro_tests::json;
use serde_json::{Value, json};

use crate::exchange::{Exchange, created, id, ok};

const MERGE_PATCH: &str = "application/merge-patch+json";

fn document() -> Value {
    serde_json::to_value(iro_api::openapi::document()).unwrap()
}

/// Every PATCH operation's path template and the schema its merge-patch body names.
fn patch_bodies(doc: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if let Some(op) = item.get("patch") {
            let schema = &op["requestBody"]["content"][MERGE_PATCH]["schema"];
            let reference = schema["$ref"].as_str().unwrap_or_else(|| panic!("PATCH {path}: no $ref schema: {op}"));
            let name = reference.trim_start_matches("#/components/schemas/");
            found.push((path.clone(), doc["components"]["schemas"][name].clone()));
        }
    }
    found
}

#[test]
fn every_patch_body_is_typed_optional_and_closed() {
    let doc = document();
    let bodies = patch_bodies(&doc);
    assert_eq!(
        bodies.len(),
        15,
        "the fifteen merge-patch operations: {:?}",
        bodies.iter().map(|b| &b.0).collect::<Vec<_>>()
    );
    for (path, schema) in bodies {
        assert_eq!(schema["type"], "object", "PATCH {path}: {schema}");
        assert_eq!(schema["additionalProperties"], json!(false), "PATCH {path} must refuse unknown members: {schema}");
        assert!(schema.get("required").is_none(), "PATCH {path}: every field of a merge patch is optional: {schema}");
        let properties = schema["properties"].as_object().map(|p| p.len()).unwrap_or(0);
        assert!(properties > 0, "PATCH {path} names no fields (a bare object types as Record<string, never>)");
    }
}

#[test]
fn a_patch_view_lets_null_clear_an_optional_field_but_not_a_required_one() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    // `city` is optional on an institution: null clears it; `country` is required: null would
    // remove it and the server would answer 422.
    assert_eq!(schemas["InstitutionPatch"]["properties"]["city"]["type"], json!(["string", "null"]));
    assert_eq!(schemas["InstitutionPatch"]["properties"]["country"]["type"], json!("string"));
    // Read-only fields are not offered.
    assert!(schemas["InstitutionPatch"]["properties"].get("id").is_none());
    assert!(schemas["MobilityPatch"]["properties"].get("person_id").is_none());
}

#[tokio::test]
async fn every_patch_operation_refuses_an_unknown_member() {
    let x = Exchange::new(2, 10).await;
    let (app, admin) = (&x.app, &x.admin);
    let person = x.student("Patchova").await;
    let mobility = x.application("Merge").await;
    x.walk(&mobility, &[json!({"to": "nominated"})]).await;
    let mobility = id(&mobility);
    let checklist = ok(app.get(&format!("/api/v1/mobilities/{mobility}/checklist"), admin).await, "checklist").await;
    let key = checklist["items"][0]["key"].as_str().unwrap().replace(' ', "%20");
    let me = json(app.get("/api/v1/me", admin).await).await;
    let counts = json!([{"grade": "10", "count": 10}, {"grade": "9", "count": 15}, {"grade": "8", "count": 25},
        {"grade": "7", "count": 25}, {"grade": "6", "count": 25}]);
    let table = json!({"institution_id": x.ukim, "isced": "0613", "eqf": 6,
        "academic_years": ["2023/2024", "2024/2025"], "scale": "MK", "counts": counts});
    let table = id(&created(app.post_json("/api/v1/grading-tables", admin, &table).await, "table").await);
    let (programme, course) = crate::catalogue::programme_and_course(app, admin, &x.finki).await;
    let grant = json!({"project_number": "2026-1-MK01-KA131-HED-000123456", "action": "KA131", "call_year": 2026,
        "period_start": "2026-06-01", "period_end": "2028-07-31"});
    let grant = id(&created(app.post_json("/api/v1/grants", admin, &grant).await, "grant").await);
    let rates = ok(app.get("/api/v1/funding-rates?limit=1", admin).await, "rates").await;
    let rate = rates["items"][0]["id"].as_str().unwrap().to_owned();
    let event = id(&crate::events::create_event(&x, admin, &crate::events::info_meeting(None, None)).await);
    let concrete: BTreeMap<&str, String> = BTreeMap::from([
        ("/api/v1/catalogue/programmes/{id}", format!("/api/v1/catalogue/programmes/{}", id(&programme))),
        ("/api/v1/catalogue/courses/{id}", format!("/api/v1/catalogue/courses/{}", id(&course))),
        ("/api/v1/users/{id}", format!("/api/v1/users/{}", me["id"].as_str().unwrap())),
        ("/api/v1/institutions/{id}", format!("/api/v1/institutions/{}", x.lipetsk)),
        ("/api/v1/institutions/{id}/units/{unit_id}", format!("/api/v1/institutions/{}/units/{}", x.ukim, x.finki)),
        ("/api/v1/grading-scales/{id}", "/api/v1/grading-scales/MK".to_owned()),
        ("/api/v1/grading-tables/{id}", format!("/api/v1/grading-tables/{table}")),
        ("/api/v1/agreements/{id}", format!("/api/v1/agreements/{}", x.agreement)),
        (
            "/api/v1/agreements/{id}/conditions/{condition_id}",
            format!("/api/v1/agreements/{}/conditions/{}", x.agreement, x.outgoing),
        ),
        ("/api/v1/people/{id}", format!("/api/v1/people/{person}")),
        ("/api/v1/grants/{id}", format!("/api/v1/grants/{grant}")),
        ("/api/v1/funding-rates/{id}", format!("/api/v1/funding-rates/{rate}")),
        ("/api/v1/events/{id}", format!("/api/v1/events/{event}")),
        ("/api/v1/mobilities/{id}", format!("/api/v1/mobilities/{mobility}")),
        (
            "/api/v1/mobilities/{id}/checklist/items/{key}",
            format!("/api/v1/mobilities/{mobility}/checklist/items/{key}"),
        ),
    ]);
    for (template, _) in patch_bodies(&document()) {
        let path = concrete.get(template.as_str()).unwrap_or_else(|| panic!("add PATCH {template} to this test"));
        let response = app.patch_json(path, admin, &json!({"no_such_field": 1})).await;
        let status = response.status().as_u16();
        let body = json(response).await;
        assert!(matches!(status, 400 | 422), "PATCH {template} took an unknown member: {status} {body}");
    }
}
