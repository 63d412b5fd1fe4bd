//! JSON Merge Patch (RFC 7396): a PATCH is the current representation with the patch
//! merged in, then validated like a create.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, FieldError};
use crate::http::json_body::from_value;

/// Applies `patch` to `target` as RFC 7396 describes: objects merge key by key, `null`
/// removes, anything else replaces.
pub fn merge(target: &mut Value, patch: Value) {
    match patch {
        Value::Object(patch) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            if let Value::Object(map) = target {
                for (key, value) in patch {
                    if value.is_null() {
                        map.remove(&key);
                    } else {
                        merge(map.entry(key).or_insert(Value::Null), value);
                    }
                }
            }
        }
        other => *target = other,
    }
}

/// Merges `patch` into `current` (the resource as the API shows it) and reads the result as
/// the writable request type `T`. Read-only fields may be sent unchanged (clients often send
/// back what they read) but never changed.
pub fn apply<T: DeserializeOwned>(current: Value, patch: Value, read_only: &[&str]) -> Result<T, ApiError> {
    if !patch.is_object() {
        return Err(ApiError::BadRequest {
            code: "malformed_patch",
            detail: "a merge patch must be a JSON object".to_owned(),
        });
    }
    let mut merged = current.clone();
    merge(&mut merged, patch);
    let changed: Vec<FieldError> = read_only
        .iter()
        .filter(|field| merged.get(**field) != current.get(**field))
        .map(|field| FieldError::new(*field, "read_only", format!("{field} cannot be changed")))
        .collect();
    if !changed.is_empty() {
        return Err(ApiError::Validation(changed));
    }
    if let Value::Object(map) = &mut merged {
        for field in read_only {
            map.remove(*field);
        }
    }
    from_value(merged)
}

/// Like `apply`, starting from the resource's response type.
pub fn apply_to<T: DeserializeOwned>(
    current: &impl Serialize,
    patch: Value,
    read_only: &[&str],
) -> Result<T, ApiError> {
    let current =
        serde_json::to_value(current).map_err(|e| ApiError::Internal(format!("cannot represent the resource: {e}")))?;
    apply(current, patch, read_only)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn follows_the_rfc_7396_example() {
        let mut target = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge(&mut target, json!({"a": "z", "c": {"f": null}}));
        assert_eq!(target, json!({"a": "z", "c": {"d": "e"}}));
    }

    #[test]
    fn refuses_changes_to_read_only_fields_but_accepts_them_unchanged() {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Writable {
            name: String,
        }
        let current = json!({"id": "1", "name": "a"});
        let ok: Writable = apply(current.clone(), json!({"id": "1", "name": "b"}), &["id"]).unwrap();
        assert_eq!(ok.name, "b");
        let Err(ApiError::Validation(errors)) = apply::<Writable>(current, json!({"id": "2"}), &["id"]) else {
            panic!("changing a read-only field was accepted");
        };
        assert_eq!(errors[0].code, "read_only");
    }
}
