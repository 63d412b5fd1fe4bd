//! HTTP mechanics shared by every resource: bodies (compressed ones inflated within the
//! limit), paging, versions, request ids, idempotency, the client's address, query texts, the
//! request log, security headers, draining at shutdown, the 404/405 fallback, and the merge-patch
//! view of a request schema, and conditional GET (`If-None-Match`, `Cache-Control`) for public reads.

pub mod body_deadline;
pub mod client_address;
pub mod conditional_get;
pub mod content_encoding;
pub mod csv;
pub mod draining;
pub mod etag;
pub mod extractors;
pub mod fallback;
pub mod idempotency;
pub mod json_body;
pub mod keyed_request;
pub mod merge_patch;
pub mod pagination;
pub mod query_text;
pub mod representations;
pub mod request_id;
pub mod request_log;
pub mod schema_views;
pub mod security_headers;
pub mod validation;
