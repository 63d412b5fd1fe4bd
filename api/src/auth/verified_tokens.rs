//! Access tokens this worker has already verified, so a client's next requests with the same
//! token skip the signature check and the parsing of its claims.

use std::cell::RefCell;
use std::collections::HashMap;

use super::claims::Claims;
use crate::error::ApiError;

/// How many tokens a worker remembers; when full it forgets them all and starts again (a token
/// is then verified once more, which is only the cost the cache saves).
const CAPACITY: usize = 1024;

/// A token's claims as the keys identified by `keys` verified them.
struct Verified {
    keys: u64,
    claims: Claims,
}

thread_local! {
    // Per worker thread: a request never waits for another worker's lock.
    static VERIFIED: RefCell<HashMap<Box<str>, Verified>> = RefCell::new(HashMap::new());
}

/// The claims of `token`: from this worker's memory when the keys identified by `keys` verified
/// it before and it is still within its validity (`leeway` seconds either side, as the full
/// check allows), else from `verify`, remembered when it succeeds.
///
/// A verified token's signature cannot stop being valid, so only its time window needs checking
/// again. Under the by-id load the check and the parsing took 7 % of the CPU (README,
/// benchmark): every request of a client carries the same token for its lifetime.
pub fn claims_of(
    keys: u64,
    token: &str,
    now: i64,
    leeway: i64,
    verify: impl FnOnce() -> Result<Claims, ApiError>,
) -> Result<Claims, ApiError> {
    let remembered = VERIFIED.with_borrow(|verified| {
        verified
            .get(token)
            .filter(|entry| entry.keys == keys && entry.claims.exp + leeway >= now && entry.claims.nbf - leeway <= now)
            .map(|entry| entry.claims.clone())
    });
    if let Some(claims) = remembered {
        return Ok(claims);
    }
    let claims = verify()?;
    VERIFIED.with_borrow_mut(|verified| {
        if verified.len() >= CAPACITY {
            verified.clear();
        }
        verified.insert(token.into(), Verified { keys, claims: claims.clone() });
    });
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64, nbf: i64) -> Claims {
        Claims {
            iss: "iro".into(),
            aud: "iro-api".into(),
            sub: "user:1".into(),
            exp,
            nbf,
            iat: nbf,
            jti: "j".into(),
            role: "officer".into(),
            scope: String::new(),
            iat_ms: None,
        }
    }

    fn refused() -> Result<Claims, ApiError> {
        Err(ApiError::Unauthorized("checked again".into()))
    }

    #[test]
    fn a_verified_token_is_not_checked_again_within_its_window() {
        let first = claims_of(1, "token-a", 1_000, 30, || Ok(claims(2_000, 900))).unwrap();
        let again = claims_of(1, "token-a", 1_500, 30, refused).unwrap();
        assert_eq!(first.sub, again.sub);
    }

    #[test]
    fn an_expired_or_not_yet_valid_token_is_checked_again() {
        claims_of(1, "token-b", 1_000, 30, || Ok(claims(2_000, 900))).unwrap();
        assert!(claims_of(1, "token-b", 2_031, 30, refused).is_err(), "expired beyond the leeway");
        assert!(claims_of(1, "token-b", 2_030, 30, || Ok(claims(2_000, 900))).is_ok(), "within the leeway");
        assert!(claims_of(1, "token-b", 869, 30, refused).is_err(), "not valid yet");
    }

    #[test]
    fn other_keys_check_the_token_themselves() {
        claims_of(1, "token-c", 1_000, 30, || Ok(claims(2_000, 900))).unwrap();
        assert!(claims_of(2, "token-c", 1_000, 30, refused).is_err());
    }

    #[test]
    fn a_refused_token_is_not_remembered() {
        assert!(claims_of(1, "token-d", 1_000, 30, refused).is_err());
        assert!(claims_of(1, "token-d", 1_000, 30, refused).is_err());
    }
}
