//! `Idempotency-Key` on POST: a retried request with the same key and body replays the first
//! response instead of creating a second record; the same key with another body is refused.
//!
//! Keys are scoped to the authenticated subject and kept in the database for 24 hours, so
//! several iro instances behind one load balancer behave as one. A request holds its key for a
//! lease (`IRO_IDEMPOTENCY_LEASE`) and its writes mark the key executed in their own
//! transaction (`db::write`), so a retry after a lost answer — the client hung up, or the
//! process was killed — gets the original response or one fresh execution, never two
//! (`iro_persistence::repositories::idempotency` says how).

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpResponse, ResponseError, web};
use chrono::{Duration, Utc};
use iro_persistence::repositories::idempotency::{self, Claim, ClaimOutcome, StoredResponse};
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::error::ApiError;
use crate::http::keyed_request::{self, rebuild};
use crate::state::AppState;

/// The request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a replayed response.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

fn applies(req: &ServiceRequest) -> bool {
    req.method() == Method::POST
        && req.path().starts_with("/api/v1/")
        && !req.path().starts_with("/api/v1/auth/")
        && req.headers().contains_key(&IDEMPOTENCY_KEY)
}

fn fail(req: ServiceRequest, error: &ApiError) -> ServiceResponse<BoxBody> {
    req.into_response(error.error_response())
}

/// Middleware implementing the key protocol.
pub async fn idempotency(mut req: ServiceRequest, next: Next<BoxBody>) -> Result<ServiceResponse<BoxBody>, Error> {
    if !applies(&req) {
        return next.call(req).await;
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await;
    };
    // The caller first, with the account re-read: a missing or bad token, or an account
    // deactivated (or whose password changed) since the first request, is 401 before anything
    // about the key is said, and a stored answer is never replayed to it.
    let subject = match Principal::extract(req.request()).await {
        Ok(principal) => principal.subject.to_sub(),
        Err(error) => return Ok(fail(req, &error)),
    };
    let key = req.headers().get(&IDEMPOTENCY_KEY).and_then(|v| v.to_str().ok()).unwrap_or("").trim().to_owned();
    if !(1..=255).contains(&key.len()) {
        let error = ApiError::BadRequest {
            code: "invalid_idempotency_key",
            detail: "Idempotency-Key must be 1–255 visible ASCII characters".into(),
        };
        return Ok(fail(req, &error));
    }
    let body = match req.extract::<web::Bytes>().await {
        Ok(body) => body,
        Err(e) => return Ok(fail(req, &crate::http::json_body::body_error(&e))),
    };
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update([0]);
    hasher.update(req.path());
    hasher.update([0]);
    hasher.update(req.query_string());
    hasher.update([0]);
    hasher.update(&body);
    let fingerprint: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    req.set_payload(Payload::from(body));

    let claim = Claim { principal: subject, key, token: Uuid::now_v7().to_string() };

    // From here on the request runs as a task of its own: when the client goes away, actix
    // drops this middleware's future, but the claim, the request and the storing of its answer
    // still finish, instead of the key staying "in progress" until its lease runs out.
    let (answer, answered) = oneshot::channel();
    actix_web::rt::spawn(async move {
        // The client may be gone: then nobody waits for the answer, which is stored anyway.
        let _ = answer.send(run_keyed(state, req, next, claim, fingerprint).await);
    });
    answered.await.map_err(|_| Error::from(ApiError::Internal("the request task ended without an answer".into())))?
}

/// Claims the key, then replays, refuses, or runs the request and stores its answer.
async fn run_keyed(
    state: web::Data<AppState>,
    req: ServiceRequest,
    next: Next<BoxBody>,
    claim: Claim,
    fingerprint: String,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let lease = Duration::seconds(i64::try_from(state.settings.idempotency_lease).unwrap_or(i64::MAX / 1000));
    let attempt = claim.clone();
    let outcome =
        db::run(&state.pool, move |conn| Ok(idempotency::claim(conn, &attempt, &fingerprint, Utc::now(), lease)?))
            .await;
    let refusal = match outcome {
        Ok(ClaimOutcome::Claimed) => None,
        Ok(ClaimOutcome::Replay(stored)) => return Ok(req.into_response(replay(&stored))),
        Ok(ClaimOutcome::Mismatch) => Some(ApiError::Unprocessable {
            code: "idempotency_key_reused",
            detail: "this Idempotency-Key was used with a different request; use a new key".into(),
        }),
        // A live request usually finishes within a second; a dead one's lease ends within
        // `IRO_IDEMPOTENCY_LEASE`: either way, asking again each second finds out soonest.
        Ok(ClaimOutcome::InProgress) => Some(ApiError::IdempotencyKeyInProgress { retry_after: 1 }),
        Err(error) => Some(error),
    };
    if let Some(error) = refusal {
        return Ok(fail(req, &error));
    }
    let (outcome, answer_stored) = keyed_request::run(claim.clone(), next.call(req)).await;
    match outcome {
        Ok(response) if answer_stored => Ok(response),
        Ok(response) => Ok(remember(&state, &claim, response).await),
        Err(error) => {
            forget(&state, &claim).await;
            Err(error)
        }
    }
}

/// Stores the answer of a request that changed nothing, once it is known (or frees the key
/// after a server error), and gives the response back, rebuilt from what was stored.
async fn remember(state: &AppState, claim: &Claim, response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let (request, response) = response.into_parts();
    let (status, headers) = (response.status(), response.headers().clone());
    let body = actix_web::body::to_bytes(response.into_body()).await.unwrap_or_default();
    let stored = keyed_request::stored_parts(status, &headers, &body);
    let (claim, answer) = (claim.clone(), stored.clone());
    let outcome = db::run(&state.pool, move |conn| {
        // A server error is not the answer to the request: free the key for a retry.
        if status.is_server_error() {
            idempotency::release(conn, &claim)?;
        } else {
            idempotency::store_answer(conn, &claim, &answer)?;
        }
        Ok(())
    })
    .await;
    if let Err(e) = outcome {
        log::error!("could not record an idempotency key: {e}");
    }
    ServiceResponse::new(request, rebuild(&stored))
}

/// Frees the key of a request that ended in an error before producing a response.
async fn forget(state: &AppState, claim: &Claim) {
    let claim = claim.clone();
    if let Err(e) = db::run(&state.pool, move |conn| Ok(idempotency::release(conn, &claim)?)).await {
        log::error!("could not release an idempotency key: {e}");
    }
}

fn replay(stored: &StoredResponse) -> HttpResponse {
    let mut response = rebuild(stored);
    response.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
    response
}
