//! Settings a production deployment must not run with: a guessable signing secret, access or
//! refresh tokens that live for months, browsers of any site allowed in. Refused in
//! production, warned about in development (where a laptop may want them).

use super::{Environment, Settings};

/// The fewest distinct bytes a signing secret may have: 32 identical bytes (or `abab…`) are
/// long enough but guessable; a random secret of 32 bytes has far more.
pub const MIN_DISTINCT_SECRET_BYTES: usize = 8;
/// The longest access-token lifetime accepted in production: one day. Access tokens cannot be
/// revoked one by one, so a long lifetime keeps a stolen one useful.
pub const MAX_ACCESS_TTL: u32 = 24 * 3600;
/// The longest refresh-token lifetime accepted in production: 90 days.
pub const MAX_REFRESH_TTL: u32 = 90 * 24 * 3600;

/// What is wrong with `settings` for production, one sentence each.
pub fn unsafe_settings(settings: &Settings) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(secret) = &settings.jwt_secret {
        let mut bytes: Vec<u8> = secret.bytes().collect();
        bytes.sort_unstable();
        bytes.dedup();
        if bytes.len() < MIN_DISTINCT_SECRET_BYTES {
            found.push(format!(
                "IRO_JWT_SECRET has only {} distinct bytes; use at least 32 random bytes (e.g. openssl rand -base64 48)",
                bytes.len()
            ));
        }
    }
    if settings.access_token_ttl > MAX_ACCESS_TTL {
        found.push(format!(
            "IRO_ACCESS_TOKEN_TTL is {} s; at most {MAX_ACCESS_TTL} s (one day)",
            settings.access_token_ttl
        ));
    }
    if settings.refresh_token_ttl > MAX_REFRESH_TTL {
        found.push(format!(
            "IRO_REFRESH_TOKEN_TTL is {} s; at most {MAX_REFRESH_TTL} s (90 days)",
            settings.refresh_token_ttl
        ));
    }
    if settings.cors_origins.iter().any(|origin| origin.trim() == "*") {
        found.push("IRO_CORS_ORIGINS=* lets every web site call the API from a browser; name the origins".to_owned());
    }
    found
}

/// Refuses unsafe settings in production; in development logs each as a warning.
pub fn check(settings: &Settings) -> Result<(), String> {
    let found = unsafe_settings(settings);
    match settings.environment {
        Environment::Production if !found.is_empty() => {
            Err(format!("refusing to start in production: {}", found.join("; ")))
        }
        _ => {
            for problem in found {
                log::warn!("unsafe outside development: {problem}");
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn production() -> Settings {
        let mut settings = Settings::defaults();
        settings.environment = Environment::Production;
        settings.jwt_secret = Some("k3J9xQ2mV7pL0sT4wY8zB1nC5dF6gH0j".to_owned());
        settings
    }

    #[test]
    fn a_sound_production_configuration_passes() {
        assert_eq!(unsafe_settings(&production()), Vec::<String>::new());
        assert!(check(&production()).is_ok());
    }

    #[test]
    fn each_unsafe_setting_is_named_and_refused_in_production_only() {
        let mut settings = production();
        settings.jwt_secret = Some("a".repeat(32));
        settings.access_token_ttl = 4_000_000_000;
        settings.refresh_token_ttl = MAX_REFRESH_TTL + 1;
        settings.cors_origins = vec!["*".to_owned()];
        let found = unsafe_settings(&settings);
        assert_eq!(found.len(), 4, "{found:?}");
        for name in ["IRO_JWT_SECRET", "IRO_ACCESS_TOKEN_TTL", "IRO_REFRESH_TOKEN_TTL", "IRO_CORS_ORIGINS"] {
            assert!(found.iter().any(|f| f.starts_with(name)), "{name} not named: {found:?}");
        }
        assert!(check(&settings).is_err());
        settings.environment = Environment::Development;
        assert!(check(&settings).is_ok(), "development only warns");
    }
}
