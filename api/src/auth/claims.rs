//! What an access token says (its claims), apart from how tokens are signed and checked, so
//! the per-worker cache of verified tokens can hold them without depending on the checking.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an access token says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Subject: `user:<uuid>` or `client:<uuid>`.
    pub sub: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Not before.
    pub nbf: i64,
    /// Issued at.
    pub iat: i64,
    /// Token id.
    pub jti: String,
    /// Role at issue time (the server re-reads the account on each request).
    pub role: String,
    /// Space-separated scopes.
    pub scope: String,
    /// The issue instant in milliseconds: `iat` counts whole seconds, too coarse to tell a
    /// token signed just before a password change from one signed just after. Absent in
    /// tokens of earlier releases (then `iat` counts).
    #[serde(default)]
    pub iat_ms: Option<i64>,
}

impl Claims {
    /// When the token was issued, as precisely as it says.
    pub fn issued_at(&self) -> Option<DateTime<Utc>> {
        match self.iat_ms {
            Some(ms) => DateTime::from_timestamp_millis(ms),
            None => DateTime::from_timestamp(self.iat, 0),
        }
    }
}
