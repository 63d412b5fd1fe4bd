//! JWT access tokens: HS256 only, with issuer, audience, expiry and not-before checked.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

use super::verified_tokens;
use crate::error::ApiError;

/// The `iss` of every token iro issues.
pub const ISSUER: &str = "iro";
/// The `aud` every token must carry.
pub const AUDIENCE: &str = "iro-api";

pub use super::claims::Claims;

/// Keys and rules for issuing and checking access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// Tells these keys apart from others in the same process (tests run several servers), so
    /// a token verified with one secret is never taken as verified by another.
    id: u64,
    /// Lifetime of an access token in seconds.
    pub access_ttl: i64,
}

impl TokenKeys {
    /// Keys from a shared secret.
    pub fn new(secret: &[u8], access_ttl: u32) -> Self {
        // Only HS256: a token claiming `none` or any other algorithm is refused before its
        // signature is even looked at.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            id: rand::random(),
            access_ttl: i64::from(access_ttl),
        }
    }

    /// Signs an access token for `sub` with `role` and `scope`, valid from `now`.
    pub fn issue(&self, sub: &str, role: &str, scope: &str, now: DateTime<Utc>) -> Result<String, ApiError> {
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: sub.to_owned(),
            exp: now.timestamp() + self.access_ttl,
            nbf: now.timestamp(),
            iat: now.timestamp(),
            jti: uuid::Uuid::now_v7().to_string(),
            role: role.to_owned(),
            scope: scope.to_owned(),
            iat_ms: Some(now.timestamp_millis()),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(format!("cannot sign a token: {e}")))
    }

    /// Verifies a token and returns its claims; every failure is a 401 naming the cause. A
    /// token this worker verified before is only checked for its time window again.
    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let leeway = i64::try_from(self.validation.leeway).unwrap_or(i64::MAX);
        verified_tokens::claims_of(self.id, token, Utc::now().timestamp(), leeway, || self.verify_signed(token))
    }

    /// The full check: signature, algorithm, issuer, audience and time window.
    fn verify_signed(&self, token: &str) -> Result<Claims, ApiError> {
        use jsonwebtoken::errors::ErrorKind;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(|e| {
            let why = match e.kind() {
                ErrorKind::ExpiredSignature => "the access token has expired",
                ErrorKind::ImmatureSignature => "the access token is not valid yet",
                ErrorKind::InvalidSignature => "the access token's signature is invalid",
                ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                    "the access token must be signed with HS256"
                }
                ErrorKind::InvalidAudience => "the access token is not meant for this API",
                ErrorKind::InvalidIssuer => "the access token was not issued by iro",
                ErrorKind::MissingRequiredClaim(_) => "the access token lacks a required claim",
                _ => "the access token is malformed",
            };
            ApiError::Unauthorized(why.to_owned())
        })
    }
}
