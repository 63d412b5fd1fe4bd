//! The OpenAPI document as the server serves it at `/api/openapi.json`: rendered to JSON once
//! at start-up and shared by every worker, with an entity tag so generators revalidate cheaply.

use actix_web::web::{Bytes, Data};
use actix_web::{HttpRequest, HttpResponse};
use utoipa::openapi::OpenApi;

use crate::http::conditional_get::{self, Audience, content_tag};

/// Where the document is served; the Swagger UI at `/docs/` loads it from here.
pub const DOCUMENT_PATH: &str = "/api/openapi.json";

/// The rendered document. Each worker used to hold its own copy of the document's tree (and
/// render it on every request): several megabytes per worker at idle for a value that never
/// changes while the process runs.
#[derive(Debug)]
pub struct ServedDocument {
    json: Bytes,
    etag: String,
}

impl ServedDocument {
    /// Renders `doc` once.
    pub fn render(doc: &OpenApi) -> Result<Self, serde_json::Error> {
        let json = serde_json::to_vec(doc)?;
        let etag = content_tag(&json);
        Ok(Self { json: Bytes::from(json), etag })
    }
}

/// `GET /api/openapi.json`: the document, public, cacheable, `304` when the client holds it.
pub async fn serve_document(req: HttpRequest, doc: Data<ServedDocument>) -> HttpResponse {
    conditional_get::answer(&req, doc.etag.clone(), Audience::Public, "application/json", doc.json.clone())
}
