//! `Idempotency-Key` on POST: a retried request with the same key and body replays the first
//! response instead of creating a second record; the same key with another body is refused.
//!
//! Keys are scoped to the authenticated subject and kept in the database for 24 hours, so
//! several iro instances behind one load balancer behave as one.

use std::collections::BTreeMap;

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpResponse, ResponseError, web};
use chrono::Utc;
use iro_persistence::repositories::idempotency::{self, StoredResponse};
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// The request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a replayed response.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Response headers worth replaying.
const REPLAYED_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

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

    let pool = state.pool.clone();
    let (principal, claim_key, hash) = (subject.clone(), key.clone(), fingerprint.clone());
    let claimed = web::block(move || -> Result<Result<(), Option<StoredResponse>>, ApiError> {
        let mut conn = pool.get().map_err(|e| ApiError::Internal(format!("no database connection: {e}")))?;
        let now = Utc::now();
        if let Some(record) = idempotency::find(&mut conn, &principal, &claim_key, now)? {
            if record.request_hash != hash {
                return Err(ApiError::Unprocessable {
                    code: "idempotency_key_reused",
                    detail: "this Idempotency-Key was used with a different request; use a new key".into(),
                });
            }
            return Ok(Err(record.response));
        }
        if idempotency::claim(&mut conn, &principal, &claim_key, &hash, now)? { Ok(Ok(())) } else { Ok(Err(None)) }
    })
    .await
    .map_err(ApiError::from)
    .and_then(|inner| inner);
    match claimed {
        Err(error) => return Ok(fail(req, &error)),
        Ok(Err(Some(stored))) => return Ok(req.into_response(replay(&stored))),
        Ok(Err(None)) => {
            let error = ApiError::Conflict {
                code: "idempotency_key_in_progress",
                detail: "a request with this Idempotency-Key is still being processed; retry shortly".into(),
                errors: vec![],
            };
            return Ok(fail(req, &error));
        }
        Ok(Ok(())) => {}
    }

    let response = next.call(req).await?;
    let (request, response) = response.into_parts();
    let status = response.status();
    let mut headers = BTreeMap::new();
    for name in REPLAYED_HEADERS {
        if let Some(value) = response.headers().get(&name).and_then(|v| v.to_str().ok()) {
            headers.insert(name.as_str().to_owned(), value.to_owned());
        }
    }
    let body = actix_web::body::to_bytes(response.into_body()).await.unwrap_or_default();
    let stored = StoredResponse {
        status: status.as_u16(),
        headers: serde_json::to_string(&headers).unwrap_or_else(|_| "{}".into()),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let pool = state.pool.clone();
    let keep = !status.is_server_error();
    let outcome = web::block(move || -> Result<(), ApiError> {
        let mut conn = pool.get().map_err(|e| ApiError::Internal(format!("no database connection: {e}")))?;
        // A server error is not the answer to the request; free the key for a retry.
        if keep {
            idempotency::complete(&mut conn, &subject, &key, &stored)?;
        } else {
            idempotency::release(&mut conn, &subject, &key)?;
        }
        Ok(())
    })
    .await;
    if let Err(e) = outcome.map_err(ApiError::from).and_then(|inner| inner) {
        log::error!("could not record an idempotency key: {e}");
    }
    let mut rebuilt = HttpResponse::build(status);
    for name in REPLAYED_HEADERS {
        if let Some(value) = headers.get(name.as_str()).and_then(|v| HeaderValue::from_str(v).ok()) {
            rebuilt.insert_header((name, value));
        }
    }
    Ok(ServiceResponse::new(request, rebuilt.body(body).map_into_boxed_body()))
}

fn replay(stored: &StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let headers: BTreeMap<String, String> = serde_json::from_str(&stored.headers).unwrap_or_default();
    let mut response = HttpResponse::build(status);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::from_str(&value)) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((REPLAYED, "true"));
    response.body(stored.body.clone())
}
