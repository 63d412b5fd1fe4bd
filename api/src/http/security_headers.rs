//! Headers every response carries so browsers do not sniff, store or frame what they should
//! not (issue 11, low b): `X-Content-Type-Options: nosniff` everywhere; `Cache-Control:
//! no-store` on everything but the docs (API answers hold personal data and tokens; a handler
//! that wants a response cached sets its own `Cache-Control`, which is kept); and on the
//! Swagger UI at `/docs` no framing and a policy that runs only its own scripts.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// The docs' content security policy. Swagger UI (vendored, served from `/docs/`) loads its
/// scripts and styles from files and the document from `/api/openapi.json`; it sets inline
/// styles and uses `data:` images, so styles and images need those, scripts never do.
pub const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn is_docs(path: &str) -> bool {
    path == "/docs" || path.starts_with("/docs/")
}

/// Middleware adding the headers.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let docs = is_docs(req.path());
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if docs {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOCS_CONTENT_SECURITY_POLICY));
    } else if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
