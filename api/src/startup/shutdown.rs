//! Stopping without dropping requests: on SIGTERM, readiness turns 503 first and the server
//! keeps serving for a grace period (so a load balancer stops sending), then stops accepting
//! and lets the requests in flight finish, up to a timeout.
//!
//! actix's own handling stops accepting at once, closing connections it had accepted but not
//! yet read and those still waiting in the listen queue: with 32 requests in flight, 2–23
//! were closed unanswered (issue 11 item 9). So actix's signal handling is off and this
//! module drives the server's handle instead.

use std::io;
use std::time::Duration;

use actix_web::dev::ServerHandle;

use crate::http::draining::Draining;

/// How the server stops, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct ShutdownPlan {
    /// After SIGTERM, how long readiness answers 503 while everything else is still served.
    pub grace: Duration,
    /// After the grace, how long requests in flight may take before their connections close.
    pub timeout: Duration,
}

/// Which stop signal arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// SIGTERM: an orchestrator or `kill` stops the service.
    Terminate,
    /// SIGINT: Ctrl-C in a terminal.
    Interrupt,
}

/// The process's stop signals, listened to from start-up on, so none arriving while the server
/// starts is missed (or kills the process before its handler exists).
pub struct StopSignals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Starts listening; must be called inside the runtime that serves.
    pub fn listen() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals { terminate: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
        }
        #[cfg(not(unix))]
        {
            Ok(StopSignals {})
        }
    }

    /// The next stop signal.
    async fn next(&mut self) -> Stop {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.terminate.recv() => Stop::Terminate,
                _ = self.interrupt.recv() => Stop::Interrupt,
            }
        }
        #[cfg(not(unix))]
        {
            // Without SIGTERM, Ctrl-C (and the console's close event) is the only stop.
            match tokio::signal::ctrl_c().await {
                Ok(()) => Stop::Interrupt,
                Err(_) => std::future::pending().await,
            }
        }
    }
}

/// Waits for a stop signal and stops `server` as `plan` says; the server's own future then
/// completes once the requests in flight are answered. SIGINT (someone at a terminal, with no
/// load balancer to inform) skips the grace; a second signal ends the grace early.
///
/// Returns only when a signal comes during the drain: the caller then stops serving at once
/// (actix handles one stop command at a time, so a forced stop cannot overtake the graceful one).
pub async fn stop_on_signal(mut signals: StopSignals, server: ServerHandle, draining: Draining, plan: ShutdownPlan) {
    let first = signals.next().await;
    draining.start();
    if first == Stop::Terminate && !plan.grace.is_zero() {
        log::info!(
            "SIGTERM: readiness answers 503 from now on; still serving for {} s (IRO_SHUTDOWN_GRACE) so load balancers stop sending",
            plan.grace.as_secs()
        );
        tokio::select! {
            () = tokio::time::sleep(plan.grace) => {}
            _ = signals.next() => log::info!("a second stop signal: the grace period ends now"),
        }
    }
    log::info!(
        "stopping: no new connections; finishing the requests in flight (up to {} s, IRO_SHUTDOWN_TIMEOUT)",
        plan.timeout.as_secs()
    );
    // The command is sent now; the server's future reports the end of the drain.
    drop(server.stop(true));
    signals.next().await;
    log::warn!("a second stop signal during the drain: closing the remaining connections now");
}
