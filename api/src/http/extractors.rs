//! Problem-details answers for actix's own extractors (query strings, path segments, and any
//! `web::Json` use), instead of actix's plain-text 400s.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web;

use crate::error::{ApiError, FieldError};
use crate::http::body_deadline;
use crate::http::json_body::BODY_LIMIT;

/// `web::Query` errors: 400 naming the parameter when serde says which.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _| {
        let detail = match &error {
            QueryPayloadError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::BadRequest { code: "invalid_query", detail: format!("a query parameter is invalid: {detail}") }.into()
    })
}

/// `web::Path` errors: 400 (for example an id that is not a UUID).
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _| {
        let detail = match &error {
            PathError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::BadRequest { code: "invalid_path", detail: format!("a path segment is invalid: {detail}") }.into()
    })
}

/// `web::Json` errors, for completeness (handlers use `JsonBody`).
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(BODY_LIMIT).error_handler(|error, _| {
        match error {
            JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
                ApiError::PayloadTooLarge(BODY_LIMIT)
            }
            JsonPayloadError::ContentType => ApiError::UnsupportedMediaType("the body must be JSON".to_owned()),
            JsonPayloadError::Payload(ref e) if body_deadline::is_timeout(e) => ApiError::BodyTimeout,
            JsonPayloadError::Deserialize(e) if e.is_data() => {
                ApiError::Validation(vec![FieldError::new("", "type", e.to_string())])
            }
            other => ApiError::BadRequest { code: "malformed_json", detail: other.to_string() },
        }
        .into()
    })
}
