//! Refuses query strings with control characters before any handler runs: no filter needs
//! one, and NUL in a search term made PostgreSQL fail (500) instead of a 400.

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

use crate::routes::shared::text::check_query_text;

/// Middleware: 400 `invalid_query` when a decoded query parameter of an API request holds a
/// control character (the rule of [`crate::routes::shared::text`]).
pub async fn query_text(req: ServiceRequest, next: Next<BoxBody>) -> Result<ServiceResponse<BoxBody>, Error> {
    if req.path().starts_with("/api/")
        && let Err(error) = check_query_text(req.query_string())
    {
        return Ok(req.into_response(error.error_response()));
    }
    next.call(req).await
}
