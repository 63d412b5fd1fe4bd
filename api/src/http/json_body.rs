//! `JsonBody<T>`: a JSON request body whose errors are problem details with field paths.
//!
//! actix's `web::Json` answers shape errors with a bare 400 and no field name. We read the
//! bytes ourselves: unreadable JSON is 400 `malformed_json`; JSON of the wrong shape is 422
//! with the path of the offending field (serde_path_to_error), and so is a text with a
//! control character anywhere in the body (`routes::text`).

use actix_web::error::PayloadError;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};
use crate::http::body_deadline;
use crate::routes::shared::text::check_json_text;

/// The largest JSON body accepted.
pub const BODY_LIMIT: usize = 256 * 1024;

/// A deserialised JSON body.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

/// Checks the media type: JSON, merge-patch JSON, or any `+json` type.
pub fn require_json(req: &HttpRequest) -> Result<(), ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(format!(
            "the body must be JSON (Content-Type: application/json), got {:?}",
            if content_type.is_empty() { "nothing" } else { content_type }
        )))
    }
}

/// Parses bytes as JSON into a value; malformed JSON is a 400.
pub fn parse_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::BadRequest {
        code: "malformed_json",
        detail: format!("the body is not valid JSON: {e}"),
    })
}

/// Converts a JSON value into `T`; a wrong shape is a 422 naming the field.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // serde reports a missing member at its parent's path; name the member itself.
        let missing = inner.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
        let field = match (path.as_str(), missing) {
            (".", Some(member)) => member.to_owned(),
            (".", None) => String::new(),
            (parent, Some(member)) => format!("{parent}.{member}"),
            (parent, None) => parent.to_owned(),
        };
        let code = if inner.starts_with("missing field") {
            "required"
        } else if inner.starts_with("unknown field") {
            "unknown_field"
        } else {
            "type"
        };
        ApiError::Validation(vec![FieldError::new(field, code, inner)])
    })
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let media = require_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            media?;
            let bytes = bytes.await.map_err(|e| body_error(&e))?;
            let value = parse_value(&bytes)?;
            check_json_text(&value)?;
            from_value(value).map(JsonBody)
        })
    }
}

/// Maps a failure to read the body (too large, broken connection) to a problem.
pub fn body_error(error: &actix_web::Error) -> ApiError {
    if error.as_error::<PayloadError>().is_some_and(body_deadline::is_timeout) {
        ApiError::BodyTimeout
    } else if error.as_response_error().status_code() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(BODY_LIMIT)
    } else {
        ApiError::BadRequest { code: "unreadable_body", detail: format!("the body could not be read: {error}") }
    }
}
