//! Field rules declared on request bodies (`validator` derives) and the one mapping of their
//! failures into the problem's `errors[]`: field paths like `contacts[0].emails[1]`, our codes
//! (lengths and ranges → `range`, e-mail and patterns → `format`) and our messages.
//!
//! A body declares its length, range, e-mail and pattern rules with `#[validate(…)]` beside the
//! `#[schema(…)]` that documents them (`openapi::constraints` checks that the two agree); rules
//! that need the database or the domain stay in the body's `TryFrom` or the handler.

pub mod rules;
pub mod trim;

use serde_json::Value;
use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::error::{ApiError, FieldError, FieldErrors};

/// The field errors of `body`'s declared rules, one per field (the first rule it breaks), in
/// path order.
pub fn field_errors(body: &impl Validate) -> Vec<FieldError> {
    let mut found = Vec::new();
    if let Err(errors) = body.validate() {
        collect("", &errors, &mut found);
    }
    found
}

/// Starts a [`FieldErrors`] with the failures of `body`'s declared rules, so the semantic checks
/// that follow add theirs and the client learns of every invalid field at once.
pub fn errors_of(body: &impl Validate) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for error in field_errors(body) {
        errors.push(error);
    }
    errors
}

/// `Ok` when `body` keeps its declared rules, else the 422 naming every offending field.
pub fn validate(body: &impl Validate) -> Result<(), ApiError> {
    errors_of(body).finish()
}

/// Walks the tree validator builds (structs, lists, fields) depth first, names sorted so the
/// order of `errors[]` does not depend on hashing.
fn collect(prefix: &str, errors: &ValidationErrors, found: &mut Vec<FieldError>) {
    let mut entries: Vec<_> = errors.errors().iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (name, kind) in entries {
        // `__all__` holds a struct-level rule's failures: they concern the object itself.
        let path = match (prefix, name.as_ref()) {
            (prefix, "__all__") => prefix.to_owned(),
            ("", name) => name.to_owned(),
            (prefix, name) => format!("{prefix}.{name}"),
        };
        match kind {
            ValidationErrorsKind::Field(list) => found.extend(list.first().map(|error| field_error(&path, error))),
            ValidationErrorsKind::Struct(inner) => collect(&path, inner, found),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(&format!("{path}[{index}]"), inner, found);
                }
            }
        }
    }
}

/// One failure in our vocabulary. A rule's own message wins (`{field}` in it names the field);
/// otherwise lengths and ranges get a message built from their bounds.
fn field_error(field: &str, error: &ValidationError) -> FieldError {
    let code = match error.code.as_ref() {
        "length" | "range" => "range",
        "email" | "regex" | "url" | "non_control_character" => "format",
        // Custom rules speak our codes already (`format`, `required`, `unknown` …).
        other => other,
    };
    let message = match &error.message {
        Some(message) => message.replace("{field}", field),
        None => default_message(field, error),
    };
    FieldError::new(field, code, message)
}

fn default_message(field: &str, error: &ValidationError) -> String {
    let param = |name: &str| error.params.get(name).filter(|v| !v.is_null()).map(Value::to_string);
    match error.code.as_ref() {
        "length" => {
            let unit = if error.params.get("value").is_some_and(Value::is_array) { "items" } else { "characters" };
            match (param("min"), param("max")) {
                (Some(min), Some(max)) => format!("{field} must be {min}–{max} {unit}"),
                (Some(min), None) => format!("{field} must have at least {min} {unit}"),
                (None, Some(max)) => format!("{field} must be at most {max} {unit}"),
                (None, None) => format!("{field} has the wrong length"),
            }
        }
        "range" => match (param("min").or(param("exclusive_min")), param("max").or(param("exclusive_max"))) {
            (Some(min), Some(max)) => format!("{field} must be from {min} to {max}"),
            (Some(min), None) => format!("{field} must be at least {min}"),
            (None, Some(max)) => format!("{field} must be at most {max}"),
            (None, None) => format!("{field} is out of range"),
        },
        "email" => format!("{field} must be an email address"),
        _ => format!("{field} is invalid"),
    }
}

#[cfg(test)]
mod tests {
    use validator::Validate;

    use super::*;

    #[derive(Validate)]
    struct Inner {
        #[validate(length(max = 3))]
        code: String,
        #[validate(custom(function = "rules::email"))]
        email: Option<String>,
    }

    #[derive(Validate)]
    struct Outer {
        #[validate(length(min = 1, max = 5))]
        name: String,
        #[validate(range(min = 1, max = 10))]
        count: u32,
        #[validate(nested)]
        items: Vec<Inner>,
        #[validate(length(min = 10))]
        password: String,
    }

    #[test]
    fn paths_codes_and_messages_are_ours() {
        let body = Outer {
            name: "too long".into(),
            count: 11,
            items: vec![
                Inner { code: "ok".into(), email: None },
                Inner { code: "long".into(), email: Some("nope".into()) },
            ],
            password: "short".into(),
        };
        let found: Vec<(String, String, String)> =
            field_errors(&body).into_iter().map(|e| (e.field, e.code, e.message)).collect();
        assert_eq!(
            found,
            vec![
                ("count".into(), "range".into(), "count must be from 1 to 10".into()),
                ("items[1].code".into(), "range".into(), "items[1].code must be at most 3 characters".into()),
                ("items[1].email".into(), "format".into(), "\"nope\" is not an email address".into()),
                ("name".into(), "range".into(), "name must be 1–5 characters".into()),
                ("password".into(), "range".into(), "password must have at least 10 characters".into()),
            ]
        );
    }

    #[test]
    fn a_valid_body_has_no_errors() {
        let body = Outer { name: "a".into(), count: 1, items: vec![], password: "0123456789".into() };
        assert!(field_errors(&body).is_empty());
        assert!(validate(&body).is_ok());
    }
}
