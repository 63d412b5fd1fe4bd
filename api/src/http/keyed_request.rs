//! The context of a request that came with an `Idempotency-Key`, for the code it runs: which
//! claim it holds (`db::write` stores the answer with it, in the transaction of the writes),
//! and how answers are stored and rebuilt for replay. Apart from the middleware
//! (`http::idempotency`) so that `db` can use it without depending on authentication.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::future::Future;

use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use iro_persistence::repositories::idempotency::{Claim, StoredResponse};

use crate::error::ApiError;

/// Response headers worth replaying.
pub const REPLAYED_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

/// What a keyed request's task knows about its key.
struct KeyedRequest {
    claim: Claim,
    /// Set by `db::write` once the answer was stored with the request's writes.
    answer_stored: Cell<bool>,
}

tokio::task_local! {
    static KEYED_REQUEST: KeyedRequest;
}

/// Runs `request` holding `claim`; gives back its outcome and whether `db::write` stored its
/// answer already.
pub async fn run<T>(claim: Claim, request: impl Future<Output = T>) -> (T, bool) {
    let context = KeyedRequest { claim, answer_stored: Cell::new(false) };
    KEYED_REQUEST
        .scope(context, async move {
            let outcome = request.await;
            (outcome, KEYED_REQUEST.with(|keyed| keyed.answer_stored.get()))
        })
        .await
}

/// The claim of the request running in this task, if it came with an `Idempotency-Key`:
/// `db::write` stores the answer with it, in the transaction of the writes.
pub fn current_claim() -> Option<Claim> {
    KEYED_REQUEST.try_with(|keyed| keyed.claim.clone()).ok()
}

/// Tells the middleware that the answer of this task's request is stored already.
pub fn answered() {
    let _ = KEYED_REQUEST.try_with(|keyed| keyed.answer_stored.set(true));
}

/// A response as stored for replay: its status, the headers worth replaying and its body,
/// which must be in memory (every answer of ours is).
pub fn stored(response: HttpResponse) -> Result<StoredResponse, ApiError> {
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response
        .into_body()
        .try_into_bytes()
        .map_err(|_| ApiError::Internal("a streamed answer cannot be stored for replay".into()))?;
    Ok(stored_parts(status, &headers, &body))
}

/// A response as stored for replay, from its parts: the headers worth replaying only.
pub fn stored_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> StoredResponse {
    let replayed: BTreeMap<&str, &str> =
        REPLAYED_HEADERS.iter().filter_map(|name| Some((name.as_str(), headers.get(name)?.to_str().ok()?))).collect();
    StoredResponse {
        status: status.as_u16(),
        headers: serde_json::to_string(&replayed).unwrap_or_else(|_| "{}".into()),
        body: String::from_utf8_lossy(body).into_owned(),
    }
}

/// The response a stored answer stands for.
pub fn rebuild(stored: &StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let headers: BTreeMap<String, String> = serde_json::from_str(&stored.headers).unwrap_or_default();
    let mut response = HttpResponse::build(status);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::from_str(&value)) {
            response.insert_header((name, value));
        }
    }
    response.body(stored.body.clone())
}
