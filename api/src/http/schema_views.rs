//! The schema of a JSON Merge Patch of a request type, derived from the type so the patch
//! body and the body it merges into cannot drift apart.

use serde_json::Value;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// Declares `$name`, the schema of a JSON Merge Patch (RFC 7396) of `$source` (the body the
/// merged result is read as): its writable fields (those in the `read_only` lists left out), all optional;
/// `null` allowed where it clears the field (the fields `$source` does not require); unknown
/// members refused (`additionalProperties: false`), as the server refuses them.
#[macro_export]
macro_rules! merge_patch_schema {
    ($(#[$meta:meta])* $name:ident = $source:ty, read_only = $($read_only:expr),+) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::http::schema_views::merge_patch_of(<$source as utoipa::PartialSchema>::schema(), &[$($read_only),+])
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
                <$source as utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}

/// The merge-patch view of an object schema (see `merge_patch_schema!`). A schema that is not
/// an object with properties is returned unchanged (the black-box test of patch bodies fails
/// on it rather than the server failing at start-up).
pub fn merge_patch_of(schema: RefOr<Schema>, read_only: &[&[&str]]) -> RefOr<Schema> {
    let read_only = |name: &str| read_only.iter().any(|list| list.contains(&name));
    let Ok(mut value) = serde_json::to_value(&schema) else { return schema };
    let Some(object) = value.as_object_mut() else { return schema };
    let required: Vec<Value> = match object.remove("required") {
        Some(Value::Array(names)) => names,
        _ => Vec::new(),
    };
    let Some(Value::Object(properties)) = object.get_mut("properties") else { return schema };
    properties.retain(|name, _| !read_only(name));
    for (name, property) in properties.iter_mut() {
        // Merging `null` removes the member; a field the body requires is then missing (422),
        // so only the others may be cleared.
        if !required.iter().any(|r| r == name.as_str()) {
            make_nullable(property);
        }
    }
    object.insert("additionalProperties".to_owned(), Value::Bool(false));
    if let Some(example) = object.get_mut("example").and_then(Value::as_object_mut) {
        example.retain(|name, _| !read_only(name));
    }
    let description = object.get("description").and_then(Value::as_str).unwrap_or_default().to_owned();
    object.insert(
        "description".to_owned(),
        Value::String(format!(
            "A JSON Merge Patch (RFC 7396): send only the fields to change; `null` clears an optional field. \
             Read-only fields may be sent unchanged, never changed.\n\n{description}"
        )),
    );
    serde_json::from_value(value).unwrap_or(schema)
}

/// Lets `null` through `property` as well as what it took before.
fn make_nullable(property: &mut Value) {
    let nullable = |types: &Value| match types {
        Value::String(t) => t == "null",
        Value::Array(ts) => ts.iter().any(|t| t == "null"),
        _ => false,
    };
    if let Some(types) = property.get("type") {
        if nullable(types) {
            return;
        }
        if property.get("$ref").is_none() {
            let types = match types.clone() {
                Value::Array(mut ts) => {
                    ts.push(Value::from("null"));
                    Value::Array(ts)
                }
                other => Value::Array(vec![other, Value::from("null")]),
            };
            property["type"] = types;
            return;
        }
    }
    for combinator in ["oneOf", "anyOf"] {
        if let Some(options) = property.get(combinator).and_then(Value::as_array)
            && options.iter().any(|o| o.get("type").is_some_and(nullable))
        {
            return;
        }
    }
    let inner = property.take();
    *property = serde_json::json!({"oneOf": [{"type": "null"}, inner]});
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use utoipa::PartialSchema;

    use super::*;

    #[derive(serde::Deserialize, utoipa::ToSchema)]
    #[expect(dead_code, reason = "only its schema is read")]
    struct Sample {
        name: String,
        note: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        id: String,
    }

    #[test]
    fn a_patch_view_makes_every_field_optional_and_only_the_optional_ones_nullable() {
        let mut patch = serde_json::to_value(merge_patch_of(Sample::schema(), &[&["id"]])).unwrap();
        assert_eq!(patch["additionalProperties"], json!(false));
        assert!(patch.get("required").is_none(), "{patch}");
        assert!(patch["properties"].get("id").is_none(), "read-only fields are left out: {patch}");
        assert_eq!(patch["properties"]["name"]["type"], json!("string"), "a required field cannot be cleared");
        assert_eq!(patch["properties"]["note"]["type"], json!(["string", "null"]));
        let tags = patch["properties"]["tags"].take();
        assert!(tags["type"] == json!(["array", "null"]), "{tags}");
    }
}
