//! First start: with no accounts at all, create `admin` so someone can sign in.

use chrono::Utc;
use iro_domain::Role;
use iro_persistence::DbPool;
use iro_persistence::repositories::users::{self, NewUser};

use crate::auth::password;
use crate::startup::error::StartupError;

/// Creates the `admin` account when the database has no users: with `password` if given,
/// otherwise with a random password printed once to the log.
pub fn ensure_admin(pool: &DbPool, password: Option<&str>) -> Result<(), StartupError> {
    let mut conn = pool.get().map_err(iro_persistence::RepoError::from)?;
    if users::count(&mut conn)? > 0 {
        return Ok(());
    }
    let (plain, generated) = match password.filter(|p| !p.is_empty()) {
        Some(p) if p.chars().count() >= password::MIN_PASSWORD_LEN => (p.to_owned(), false),
        Some(_) => {
            return Err(StartupError::Config(format!(
                "IRO_ADMIN_PASSWORD must have at least {} characters",
                password::MIN_PASSWORD_LEN
            )));
        }
        None => (password::random_secret(), true),
    };
    let hash = password::hash(&plain).map_err(|e| StartupError::Config(e.to_string()))?;
    let admin = NewUser {
        username: "admin".to_owned(),
        password_hash: hash,
        role: Role::Admin,
        full_name: Some("Administrator".to_owned()),
        email: None,
        unit_ids: vec![],
    };
    users::insert(&mut conn, &admin, Utc::now())?;
    if generated {
        // Printed once, on purpose: this is the only way to learn the first password.
        log::warn!("first start: created user \"admin\" with password {plain} — sign in and change it");
    } else {
        log::info!("first start: created user \"admin\" with the password from IRO_ADMIN_PASSWORD");
    }
    Ok(())
}
