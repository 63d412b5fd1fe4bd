//! A deadline for reading request bodies: a client that sends its body slowly (a few bytes
//! now and then) would otherwise hold a connection and a worker's attention for as long as it
//! likes (issue 11 item 6). actix times out the request head (`client_request_timeout`), not
//! the body; this middleware fails the body's stream once `IRO_BODY_TIMEOUT` seconds have
//! passed since the request arrived, which the body's reader answers with 408.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage};
use futures_util::{Stream, StreamExt};
use tokio::time::Sleep;

use crate::state::AppState;

/// Middleware: gives the request's body a deadline.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let timeout = req.app_data::<web::Data<AppState>>().map(|state| state.settings.body_timeout);
    if let Some(seconds) = timeout {
        let timed = Deadline {
            body: req.take_payload(),
            deadline: Box::pin(tokio::time::sleep(Duration::from_secs(seconds))),
            over: false,
        };
        req.set_payload(Payload::Stream { payload: timed.boxed_local() });
    }
    next.call(req).await
}

/// Whether a body error is this deadline's.
pub fn is_timeout(error: &PayloadError) -> bool {
    matches!(error, PayloadError::Io(io) if io.kind() == io::ErrorKind::TimedOut)
}

/// A body stream that fails with `TimedOut` at its deadline, and ends after that.
struct Deadline {
    body: Payload,
    deadline: Pin<Box<Sleep>>,
    over: bool,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.over {
            return Poll::Ready(None);
        }
        if let Poll::Ready(chunk) = self.body.poll_next_unpin(cx) {
            return Poll::Ready(chunk);
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.over = true;
                let late = io::Error::new(io::ErrorKind::TimedOut, "the body did not arrive in time");
                Poll::Ready(Some(Err(PayloadError::Io(late))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
