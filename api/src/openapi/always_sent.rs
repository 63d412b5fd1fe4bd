//! Response members are required: the server serializes every field of a response type,
//! `null` included, so a client may rely on each being present. utoipa marks an `Option`
//! field optional; this pass marks it required in every schema that only responses use (a
//! schema a request body also uses keeps its optional members, which clients may leave out).

use std::collections::BTreeSet;

use serde_json::Value;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

/// Response members the server leaves out instead of sending `null` or `[]`
/// (`#[serde(skip_serializing_if = …)]` on the field): (schema, member).
pub const OMITTED_WHEN_EMPTY: [(&str, &str); 3] = [
    // RFC 9457: `errors` only for invalid fields (error.rs).
    ("Problem", "errors"),
    // RFC 6749 §5.1: no refresh token for client credentials (identity/token.rs).
    ("TokenResponse", "refresh_token"),
    // Only `GET /mobilities/{id}` sends it (mobilities/mobility/body.rs).
    ("MobilityResponse", "checklist"),
];

/// The schema names `value` refers to with `$ref`.
fn references(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner.as_str()) {
                    ("$ref", Some(reference)) => {
                        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                            found.insert(name.to_owned());
                        }
                    }
                    _ => references(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

/// `start` and every schema reachable from it through `$ref`s.
fn closure(schemas: &Value, start: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = start.into_iter().collect();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            let mut next = BTreeSet::new();
            references(&schemas[&name], &mut next);
            todo.extend(next.into_iter().filter(|n| !seen.contains(n)));
        }
    }
    seen
}

/// Marks every member of a response-only object schema required, but those the server omits.
pub fn require_response_members(doc: &mut OpenApi) {
    let Ok(paths) = serde_json::to_value(&doc.paths) else { return };
    let Some(components) = doc.components.as_mut() else { return };
    let Ok(schemas) = serde_json::to_value(&components.schemas) else { return };
    let (mut requests, mut responses) = (BTreeSet::new(), BTreeSet::new());
    for item in paths.as_object().into_iter().flat_map(|p| p.values()) {
        for operation in item.as_object().into_iter().flat_map(|ops| ops.values()) {
            references(&operation["requestBody"], &mut requests);
            references(&operation["parameters"], &mut requests);
            references(&operation["responses"], &mut responses);
        }
    }
    if let Ok(shared) = serde_json::to_value(&components.responses) {
        references(&shared, &mut responses);
    }
    let requests = closure(&schemas, requests);
    for name in closure(&schemas, responses).difference(&requests) {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) else { continue };
        let members: Vec<String> = object.properties.keys().cloned().collect();
        object.required = members
            .into_iter()
            .filter(|member| !OMITTED_WHEN_EMPTY.contains(&(name.as_str(), member.as_str())))
            .collect();
    }
}
