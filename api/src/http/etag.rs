//! Entity tags from record versions, and `If-Match` preconditions (RFC 9110 §13.1.1).

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};
use serde::Serialize;

use crate::error::ApiError;

/// The strong entity tag of a record version: `"7"`.
pub fn etag(version: u32) -> String {
    format!("\"{version}\"")
}

/// Finishes a response with the JSON body of a record and its version's `ETag`.
pub fn tagged(mut response: HttpResponseBuilder, version: u32, body: impl Serialize) -> HttpResponse {
    response.insert_header((header::ETAG, etag(version))).json(body)
}

/// The request's `If-Match` precondition, extracted up front so it can travel to the
/// blocking pool with the rest of the work.
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<String>);

impl IfMatch {
    /// Passes when there is no precondition, when it is `*`, or when one of its tags is the
    /// current version's; otherwise 412.
    pub fn check(&self, current: u32) -> Result<(), ApiError> {
        let Some(value) = &self.0 else {
            return Ok(());
        };
        if value.trim() == "*" {
            return Ok(());
        }
        let current = etag(current);
        let matches = value.split(',').map(str::trim).any(|tag| tag == current);
        if matches { Ok(()) } else { Err(ApiError::PreconditionFailed) }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match req.headers().get(header::IF_MATCH) {
            None => Ok(IfMatch(None)),
            Some(value) => {
                value.to_str().map(|v| IfMatch(Some(v.to_owned()))).map_err(|_| ApiError::PreconditionFailed)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_current_version_star_or_absence() {
        assert!(IfMatch(None).check(3).is_ok());
        assert!(IfMatch(Some("*".into())).check(3).is_ok());
        assert!(IfMatch(Some("\"2\", \"3\"".into())).check(3).is_ok());
        assert!(matches!(IfMatch(Some("\"2\"".into())).check(3), Err(ApiError::PreconditionFailed)));
    }
}
