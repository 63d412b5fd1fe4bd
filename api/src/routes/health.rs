//! `/health`: liveness (the process answers) and readiness (the database answers and the
//! server is not shutting down).

use actix_web::{get, web};
use iro_persistence::repositories::health;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Health status.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    /// `ok`.
    #[schema(example = "ok")]
    pub status: String,
}

/// Liveness
///
/// Answers as long as the process serves HTTP; no database access.
#[utoipa::path(operation_id = "check_liveness", tag = "health", responses((status = 200, description = "Alive", body = HealthResponse)), security(()))]
#[get("/health/live")]
pub async fn live() -> web::Json<HealthResponse> {
    web::Json(HealthResponse { status: "ok".to_owned() })
}

/// Readiness
///
/// Answers 200 when the database answers a query, 503 otherwise, and 503 from the moment the
/// server received SIGTERM: it still serves for `IRO_SHUTDOWN_GRACE` seconds, so a load
/// balancer that sees the 503 stops sending before the server stops accepting.
#[utoipa::path(
    operation_id = "check_readiness",
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = HealthResponse),
        (status = 503, description = "The database is unreachable, or the server is shutting down", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(()),
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> ApiResult<web::Json<HealthResponse>> {
    if state.draining.is_draining() {
        return Err(ApiError::Unavailable("the server is shutting down".to_owned()));
    }
    db::run(&state.pool, |conn| {
        health::ping(conn).map_err(|e| ApiError::Unavailable(format!("the database does not answer: {e}")))
    })
    .await?;
    Ok(web::Json(HealthResponse { status: "ok".to_owned() }))
}

/// Registers the probes (outside `/api/v1`: they are for the platform, not for clients).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(live).service(ready);
}
