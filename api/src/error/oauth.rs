//! OAuth 2.0 token-endpoint errors (RFC 6749 §5.2), answered as bodies that are also RFC 9457
//! problems; the statuses follow from the error codes here, not in the handler.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use iro_persistence::RepoError;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, title};

/// An OAuth 2.0 error (RFC 6749 §5.2) that is also an RFC 9457 problem.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": "invalid_grant", "error_description": "the username or password is wrong",
    "type": "/problems/invalid_grant", "title": "Bad Request", "status": 400, "detail": "the username or password is wrong", "code": "invalid_grant"}))]
pub struct OAuthError {
    /// RFC 6749 error code: `invalid_request`, `invalid_client`, `invalid_grant`,
    /// `unsupported_grant_type`, `invalid_scope`, or `slow_down` with 429.
    pub error: String,
    /// Explanation.
    pub error_description: String,
    /// Problem type, `/problems/{error}`.
    #[serde(rename = "type")]
    pub type_: String,
    /// HTTP reason phrase.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Same as `error_description`.
    pub detail: String,
    /// Same as `error`.
    pub code: String,
}

/// Why a token request failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// RFC 6749 error with its status.
    #[error("{description}")]
    OAuth {
        /// RFC 6749 code.
        error: &'static str,
        /// Explanation.
        description: String,
    },
    /// Too many failures: locked for `retry_after` seconds.
    #[error("too many failed sign-ins; retry after {retry_after} seconds")]
    Throttled {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Our own failure.
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl From<RepoError> for TokenError {
    fn from(e: RepoError) -> Self {
        TokenError::Api(e.into())
    }
}

impl TokenError {
    /// An RFC 6749 §5.2 error: `invalid_request`, `invalid_client`, `invalid_grant`,
    /// `unsupported_grant_type` or `invalid_scope`.
    pub fn oauth(error: &'static str, description: impl Into<String>) -> Self {
        TokenError::OAuth { error, description: description.into() }
    }

    /// `invalid_request`: a parameter is missing or unreadable.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::oauth("invalid_request", description)
    }
}

impl ResponseError for TokenError {
    fn status_code(&self) -> StatusCode {
        match self {
            // RFC 6749 §5.2: a failed client authentication is 401, every other error 400.
            TokenError::OAuth { error: "invalid_client", .. } => StatusCode::UNAUTHORIZED,
            TokenError::OAuth { .. } => StatusCode::BAD_REQUEST,
            TokenError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            TokenError::Api(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (error, description) = match self {
            TokenError::OAuth { error, description, .. } => (*error, description.clone()),
            TokenError::Throttled { .. } => ("slow_down", self.to_string()),
            TokenError::Api(e) => return e.error_response(),
        };
        let status = self.status_code();
        let body = OAuthError {
            error: error.to_owned(),
            error_description: description.clone(),
            type_: format!("/problems/{error}"),
            title: title(status).to_owned(),
            status: status.as_u16(),
            detail: description,
            code: error.to_owned(),
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        if let TokenError::Throttled { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"iro\""));
        }
        response.json(body)
    }
}
