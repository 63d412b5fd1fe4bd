//! Password and client-secret hashing with argon2id (OWASP-recommended defaults).

use argon2::password_hash::phc::Output;
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

use crate::error::ApiError;

/// The shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Hashes a password into a PHC string (`$argon2id$v=19$…`).
pub fn hash(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::Internal(format!("password hashing failed: {e}")))
}

/// Whether `password` matches the PHC string `stored`.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Spends the time of one verification, so an unknown username is not faster to reject
/// than a wrong password (no user enumeration by timing).
pub fn verify_dummy(password: &str) {
    let _ = verify(password, dummy_hash());
}

/// A hash of nobody's password, made once, with the default parameters.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("not the password of anyone").unwrap_or_default())
}

/// The memory argon2 works in (19 MiB with the default parameters), kept by a thread that
/// checks passwords all day and lent to each check. Allocating and freeing 19 MiB per check
/// made glibc raise its mmap threshold and keep freed blocks in its arenas: after 200 parallel
/// sign-ins the process held 654 MiB with two checks at a time (README, benchmark).
#[derive(Debug, Default)]
pub struct WorkArea(Vec<Block>);

/// The largest work area kept between checks: four times the default memory cost. A stored
/// hash asking for more (none of ours does) gets a one-off allocation instead.
const KEPT_BLOCKS: usize = 4 * Params::DEFAULT_M_COST as usize;

/// [`verify`] in `area`, which grows to the hash's memory cost once and is reused after.
pub fn verify_in(password: &str, stored: &str, area: &mut WorkArea) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else { return false };
    let Ok(version) = parsed.version.map(Version::try_from).transpose() else { return false };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let blocks = params.block_count();
    if blocks > KEPT_BLOCKS {
        return verify(password, stored);
    }
    if area.0.len() < blocks {
        area.0.resize(blocks, Block::default());
    }
    let mut buffer = [0u8; Output::MAX_LENGTH];
    let Some(out) = buffer.get_mut(..expected.len()) else { return false };
    let argon2 = Argon2::new(algorithm, version.unwrap_or_default(), params);
    argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, &mut area.0[..blocks]).is_ok()
        // `Output` compares in constant time.
        && Output::new(out).is_ok_and(|computed| computed == *expected)
}

/// [`verify_dummy`] in `area`.
pub fn verify_dummy_in(password: &str, area: &mut WorkArea) {
    let _ = verify_in(password, dummy_hash(), area);
}

/// The stored form of a random secret handed out as a token (refresh tokens, inquiry access
/// tokens): its SHA-256 in hex. Such a secret has 256 bits of randomness, so a fast hash
/// suffices (unlike a password it cannot be guessed from a list), and a leaked database holds
/// nothing that opens anything.
pub fn secret_digest(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A random secret of 32 bytes, URL-safe base64 (for passwords and client secrets).
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("wrong horse battery", &stored));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn checks_in_a_work_area_agree_with_the_plain_ones_and_reuse_it() {
        let stored = hash("correct horse battery").unwrap();
        let mut area = WorkArea::default();
        assert!(verify_in("correct horse battery", &stored, &mut area));
        let kept = area.0.as_ptr();
        assert!(!verify_in("wrong horse battery", &stored, &mut area));
        assert_eq!(area.0.as_ptr(), kept, "the second check allocated anew");
        assert_eq!(area.0.len(), Params::DEFAULT_M_COST as usize);
        assert!(!verify_in("anything", "not a hash", &mut area));
        // Another algorithm's hash, and argon2i, are checked the same way.
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, Params::default())
            .hash_password(b"legacy password")
            .unwrap()
            .to_string();
        assert!(verify_in("legacy password", &argon2i, &mut area));
        assert!(!verify_in("legacy passwore", &argon2i, &mut area));
    }
}
