//! `iro user …` and `iro client …`: accounts managed from the server's shell.

use std::io::{BufRead, IsTerminal, Write};

use chrono::Utc;
use iro_domain::{Role, Scope, UnitId};
use iro_persistence::repositories::users::{self, NewUser, UserChanges, UserFilter};
use iro_persistence::repositories::{clients, institutions, refresh_tokens, units};
use iro_persistence::{DbConnection, PageRequest, write_transaction};

use crate::auth::password;
use crate::settings::Settings;
use crate::startup::open_database;

/// Writes a line to standard output (the command's result, not a log line).
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

fn connection(settings: &Settings) -> Result<iro_persistence::PooledDb, String> {
    let pool = open_database(settings).map_err(|e| e.to_string())?;
    pool.get().map_err(|e| e.to_string())
}

/// Reads the password: from standard input when it is not a terminal (scripts), else prompted
/// twice without echo. Never from the command line, where it would land in shell history.
fn read_password() -> Result<String, String> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let second = rpassword::prompt_password("Repeat password: ").map_err(|e| e.to_string())?;
        if first != second {
            return Err("the passwords differ".to_owned());
        }
        first
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|e| e.to_string())?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.chars().count() < password::MIN_PASSWORD_LEN {
        return Err(format!("the password must have at least {} characters", password::MIN_PASSWORD_LEN));
    }
    Ok(password)
}

/// Finds units of our university by code.
pub fn local_units(conn: &mut DbConnection, codes: &[String]) -> Result<Vec<UnitId>, String> {
    if codes.is_empty() {
        return Ok(vec![]);
    }
    let local = institutions::find_local(conn)
        .map_err(|e| e.to_string())?
        .ok_or("no local institution is registered yet, so --unit cannot be resolved")?;
    codes
        .iter()
        .map(|code| {
            units::find_by_code(conn, local.id, code)
                .map(|u| u.id)
                .map_err(|_| format!("no unit {code:?} at {}", local.data.hei_id))
        })
        .collect()
}

/// `iro user create`.
pub fn create_user(
    settings: &Settings,
    username: &str,
    role: &str,
    unit_codes: &[String],
    full_name: Option<String>,
    email: Option<String>,
) -> Result<(), String> {
    let role: Role = role.parse().map_err(|e: iro_domain::InvalidValue| e.message)?;
    role.check_unit_count(unit_codes.len()).map_err(|e| format!("{} (use --unit CODE)", e.message))?;
    let password = read_password()?;
    let mut conn = connection(settings)?;
    let unit_ids = local_units(&mut conn, unit_codes)?;
    let user = NewUser {
        username: username.trim().to_lowercase(),
        password_hash: password::hash(&password).map_err(|e| e.to_string())?,
        role,
        full_name,
        email,
        unit_ids,
    };
    let created = users::insert(&mut conn, &user, Utc::now()).map_err(|e| e.to_string())?;
    print(&format!("created user {} ({}) with id {}", created.username, created.role, created.id));
    Ok(())
}

/// `iro user set-password`: the way back in when a password is lost, the first admin's
/// included (its generated password is printed only once). Revokes the user's refresh tokens.
pub fn set_password(settings: &Settings, username: &str) -> Result<(), String> {
    let password = read_password()?;
    let hash = password::hash(&password).map_err(|e| e.to_string())?;
    let mut conn = connection(settings)?;
    let username = username.trim().to_lowercase();
    let user = write_transaction(&mut conn, |conn| {
        let (user, _) = users::find_for_login(conn, &username)?.ok_or(iro_persistence::RepoError::NotFound)?;
        let changes = UserChanges {
            role: user.role,
            full_name: user.full_name.clone(),
            email: user.email.clone(),
            active: user.active,
            unit_ids: user.unit_ids.clone(),
            password_hash: Some(hash.clone()),
        };
        let now = Utc::now();
        let changed = users::update(conn, user.id, user.version, &changes, now)?;
        refresh_tokens::revoke_user(conn, user.id, now)?;
        Ok(changed)
    })
    .map_err(|e| match e {
        iro_persistence::RepoError::NotFound => format!("no user {username:?}"),
        other => other.to_string(),
    })?;
    print(&format!("set the password of {} ({})", user.username, user.role));
    Ok(())
}

/// `iro user list`.
pub fn list_users(settings: &Settings) -> Result<(), String> {
    let mut conn = connection(settings)?;
    let mut page = PageRequest { limit: 200, after: None };
    print("USERNAME\tROLE\tACTIVE\tID");
    loop {
        let found = users::list(&mut conn, &UserFilter::default(), &page).map_err(|e| e.to_string())?;
        for user in &found.items {
            print(&format!("{}\t{}\t{}\t{}", user.username, user.role, user.active, user.id));
        }
        match found.next_after {
            Some(after) => page.after = Some(after),
            None => return Ok(()),
        }
    }
}

/// `iro client create`: prints the secret once.
pub fn create_client(settings: &Settings, name: &str, scopes: &[String]) -> Result<(), String> {
    let scopes: Vec<Scope> = scopes.iter().map(|s| Scope::parse(s).map_err(|e| e.message)).collect::<Result<_, _>>()?;
    let mut conn = connection(settings)?;
    let client_id = format!("iro-{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let secret = password::random_secret();
    let hash = password::hash(&secret).map_err(|e| e.to_string())?;
    let client = clients::insert(&mut conn, &client_id, name, &hash, &scopes, Utc::now()).map_err(|e| e.to_string())?;
    print(&format!("client_id:     {}", client.client_id));
    print(&format!("client_secret: {secret}"));
    print("Store the secret now: it is not shown again.");
    Ok(())
}

/// `iro client list`.
pub fn list_clients(settings: &Settings) -> Result<(), String> {
    let mut conn = connection(settings)?;
    print("CLIENT_ID\tNAME\tACTIVE\tSCOPES");
    for client in clients::list(&mut conn).map_err(|e| e.to_string())? {
        let scopes = client.scopes.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
        print(&format!("{}\t{}\t{}\t{}", client.client_id, client.name, client.active, scopes));
    }
    Ok(())
}
