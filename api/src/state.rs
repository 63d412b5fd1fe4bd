//! What every handler shares: the database pool, token keys and settings.

use std::sync::Arc;

use actix_web::http::header::HeaderName;

use iro_persistence::DbPool;
use iro_persistence::repositories::throttles::ThrottlePolicy;

use crate::auth::accounts::AccountCache;
use crate::auth::hashing::PasswordChecks;
use crate::auth::jwt::TokenKeys;
use crate::http::draining::Draining;
use crate::http::representations::Representations;
use crate::settings::Settings;

/// Application state, cloned cheaply into each worker.
#[derive(Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// Access-token keys.
    pub keys: TokenKeys,
    /// Settings the server started with.
    pub settings: Arc<Settings>,
    /// The header a trusted reverse proxy reports the client's address in (from
    /// `IRO_TRUSTED_PROXY_HEADER`); none: the peer address is the client's.
    pub trusted_proxy_header: Option<HeaderName>,
    /// The places where sign-ins check passwords and client secrets, and their queue.
    pub password_checks: PasswordChecks,
    /// Set when a stop signal arrived: readiness then answers 503.
    pub draining: Draining,
    /// The accounts behind recent access tokens; a change to an account forgets it.
    pub accounts: AccountCache,
    /// The JSON of the resource versions list pages showed recently.
    pub representations: Representations,
}

impl AppState {
    /// The sign-in throttling rule from the settings, for one (username or client, address)
    /// pair; an address alone gets [`crate::auth::throttle::ADDRESS_FACTOR`] times as many.
    pub fn throttle_policy(&self) -> ThrottlePolicy {
        ThrottlePolicy {
            max_failures: self.settings.login_max_failures,
            window: chrono::Duration::minutes(15),
            lockout: chrono::Duration::seconds(i64::from(self.settings.login_lockout)),
        }
    }
}
