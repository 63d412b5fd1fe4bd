//! Sign-in throttling (issue 11.3): every password or client-secret attempt is counted against
//! its (username or client, client address) pair and against its client address alone, before
//! the credentials are checked. A guesser elsewhere therefore cannot lock the real user out,
//! and of any number of parallel guesses at most the limit are ever checked.

use chrono::{DateTime, Utc};
use iro_persistence::DbConnection;
use iro_persistence::RepoError;
use iro_persistence::repositories::throttles::{self, Attempt, ThrottlePolicy};

use crate::error::oauth::TokenError;

/// How many more attempts one client address may make, over all usernames and clients, than
/// one (username or client, address) pair: enough for a handful of people behind one NAT who
/// mistype, few enough to stop one address from guessing at many accounts.
pub const ADDRESS_FACTOR: u32 = 4;

/// The counters one sign-in attempt is counted against.
#[derive(Debug, Clone)]
pub struct SignInAttempt {
    /// The username or client at this address.
    pair: String,
    /// The address alone.
    address: String,
}

impl SignInAttempt {
    /// A password sign-in of `username` (already normalised) from `address`.
    pub fn password(username: &str, address: &str) -> Self {
        // An address never contains a space, so `<address> <name>` cannot be forged by a
        // username that contains one.
        SignInAttempt { pair: format!("user {address} {username}"), address: format!("address {address}") }
    }

    /// A client-credentials sign-in of `client_id` from `address`.
    pub fn client(client_id: &str, address: &str) -> Self {
        SignInAttempt { pair: format!("client {address} {client_id}"), address: format!("address {address}") }
    }

    /// Counts the attempt; fails with 429 (and checks nothing) while the pair or the address
    /// is locked or over its limit. An attempt refused for its pair is not counted against the
    /// address, so one locked account does not use up the address's allowance.
    pub fn begin(&self, conn: &mut DbConnection, policy: ThrottlePolicy, now: DateTime<Utc>) -> Result<(), TokenError> {
        refuse_when_locked(throttles::record_attempt(conn, &self.pair, now, policy)?, now)?;
        let address_policy =
            ThrottlePolicy { max_failures: policy.max_failures.saturating_mul(ADDRESS_FACTOR), ..policy };
        refuse_when_locked(throttles::record_attempt(conn, &self.address, now, address_policy)?, now)
    }

    /// The credentials were right: the pair's attempts are forgotten, and the address gets
    /// this one back (its other attempts still count).
    pub fn succeeded(&self, conn: &mut DbConnection) -> Result<(), RepoError> {
        throttles::clear(conn, &self.pair)?;
        throttles::refund(conn, &self.address)
    }
}

fn refuse_when_locked(attempt: Attempt, now: DateTime<Utc>) -> Result<(), TokenError> {
    match attempt {
        Attempt::Allowed => Ok(()),
        Attempt::Locked { until } => {
            let retry_after = u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1);
            Err(TokenError::Throttled { retry_after })
        }
    }
}
