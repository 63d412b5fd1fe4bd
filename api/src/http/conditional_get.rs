//! Conditional GET for reads that caches and the web pages keep: an `ETag` on every answer,
//! `304 Not Modified` when `If-None-Match` names it, and a `Cache-Control` that lets shared
//! caches keep only what anyone may see.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

/// Who an answer is for, which decides how caches may keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone (no token): shared caches may keep it for a few minutes.
    Public,
    /// A signed-in caller (it may hold drafts): only their own cache, revalidated each time.
    Private,
}

impl Audience {
    /// The `Cache-Control` value.
    pub fn cache_control(self) -> &'static str {
        match self {
            // Five minutes: a catalogue changes a few times a term, and a coordinator's edit
            // should reach the public pages the same morning.
            Audience::Public => "public, max-age=300",
            Audience::Private => "private, no-cache",
        }
    }
}

/// A strong entity tag from the bytes of a representation.
pub fn content_tag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2) or is `*`.
fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    let Some(value) = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let bare = etag.trim_start_matches("W/");
    value.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == bare)
}

/// Answers `body` (of `content_type`) with `etag` and `Cache-Control`, or 304 when the client
/// already holds it. `Vary: Authorization` keeps a signed-in view out of the anonymous cache entry.
pub fn answer(
    req: &HttpRequest,
    etag: String,
    audience: Audience,
    content_type: &str,
    body: impl Into<Bytes>,
) -> HttpResponse {
    let mut response = if not_modified(req, &etag) { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, etag.clone()))
        .insert_header((header::CACHE_CONTROL, audience.cache_control()))
        .insert_header((header::VARY, "Authorization"));
    if not_modified(req, &etag) { response.finish() } else { response.content_type(content_type).body(body.into()) }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn a_matching_if_none_match_answers_304() {
        let tag = content_tag(b"{}");
        let req = TestRequest::default().insert_header((header::IF_NONE_MATCH, format!("W/{tag}"))).to_http_request();
        assert_eq!(answer(&req, tag.clone(), Audience::Public, "application/json", b"{}".to_vec()).status(), 304);
        let req = TestRequest::default().insert_header((header::IF_NONE_MATCH, "\"other\"")).to_http_request();
        assert_eq!(answer(&req, tag, Audience::Public, "application/json", b"{}".to_vec()).status(), 200);
        assert_ne!(content_tag(b"a"), content_tag(b"b"));
    }
}
