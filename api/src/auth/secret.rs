//! The JWT signing secret: configured, or in development generated once and kept in the
//! data folder with owner-only permissions.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::auth::password::random_secret;
use crate::settings::{Environment, Settings};

/// The shortest secret accepted: HS256 wants a key at least as long as its output.
pub const MIN_SECRET_LEN: usize = 32;

/// Resolves the signing secret, or explains why iro must not start.
pub fn jwt_secret(settings: &Settings) -> Result<String, String> {
    if let Some(secret) = &settings.jwt_secret {
        if secret.len() < MIN_SECRET_LEN {
            return Err(format!("IRO_JWT_SECRET must be at least {MIN_SECRET_LEN} bytes long"));
        }
        return Ok(secret.clone());
    }
    if settings.environment == Environment::Production {
        return Err("IRO_ENV=production requires IRO_JWT_SECRET (at least 32 random bytes)".to_owned());
    }
    let path = settings.data_dir.join("jwt-secret");
    if let Ok(existing) = fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= MIN_SECRET_LEN {
            return Ok(existing);
        }
    }
    let secret = random_secret();
    write_private(&path, &secret)
        .map_err(|e| format!("cannot store the development JWT secret at {}: {e}", path.display()))?;
    log::warn!(
        "IRO_JWT_SECRET is not set: generated a development secret in {}; set IRO_JWT_SECRET in production",
        path.display()
    );
    Ok(secret)
}

/// Writes a file readable by its owner only.
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_refuses_to_start_without_a_secret() {
        let mut settings = Settings::defaults();
        settings.environment = Environment::Production;
        assert!(jwt_secret(&settings).is_err());
        settings.jwt_secret = Some("short".into());
        assert!(jwt_secret(&settings).is_err());
        settings.jwt_secret = Some("x".repeat(32));
        assert_eq!(jwt_secret(&settings).unwrap(), "x".repeat(32));
    }

    #[test]
    fn development_generates_a_private_secret_once() {
        let dir = std::env::temp_dir().join(format!("iro-secret-{}", uuid::Uuid::now_v7()));
        let mut settings = Settings::defaults();
        settings.data_dir = dir.clone();
        let first = jwt_secret(&settings).unwrap();
        assert_eq!(jwt_secret(&settings).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.join("jwt-secret")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::remove_dir_all(dir).unwrap();
    }
}
