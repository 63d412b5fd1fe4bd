//! Whether the server is shutting down, and what that changes for requests: readiness answers
//! 503, and responses close their connection so keep-alive clients reconnect elsewhere.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;

/// Set once a stop signal arrived (`startup::shutdown`); never cleared. Cloning shares it. The
/// app holds it in its state (for readiness) and as app data of its own (for the middleware).
#[derive(Debug, Clone, Default)]
pub struct Draining(Arc<AtomicBool>);

impl Draining {
    /// Marks the server as shutting down.
    pub fn start(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the server is shutting down.
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// While draining, answers with `Connection: close`: a client (or load balancer) holding a
/// keep-alive connection then opens its next one, which the balancer sends to another
/// instance, instead of reusing this one until the server closes it under a request in flight.
pub async fn close_connections_when_draining(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut response = next.call(req).await?;
    // Read after the handler: a request in flight when the signal came closes its connection too.
    let draining = response.request().app_data::<Draining>().is_some_and(Draining::is_draining);
    if draining {
        response.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(response)
}
