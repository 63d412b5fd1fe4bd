//! HTTP mechanics shared by every resource: bodies, paging, versions, request ids,
//! idempotency and the 404/405 fallback.

pub mod etag;
pub mod extractors;
pub mod fallback;
pub mod idempotency;
pub mod json_body;
pub mod merge_patch;
pub mod pagination;
pub mod request_id;
pub mod validation;
