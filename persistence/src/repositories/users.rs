//! User accounts and the units a faculty coordinator is responsible for.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::{Role, UnitId, User, UserId};

use crate::models::account::UserRow;
use crate::models::corrupt;
use crate::models::db_time;
use crate::repositories::institutions::like_pattern;
use crate::schema::{user_units, users};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// A new account; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in name.
    pub username: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Display name.
    pub full_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Units coordinated (faculty coordinators).
    pub unit_ids: Vec<UnitId>,
}

/// The changeable parts of an account.
#[derive(Debug, Clone)]
pub struct UserChanges {
    /// Role.
    pub role: Role,
    /// Display name.
    pub full_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// May sign in?
    pub active: bool,
    /// Units coordinated.
    pub unit_ids: Vec<UnitId>,
    /// A new password hash, when the password changes.
    pub password_hash: Option<String>,
}

/// Filters of the user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<Role>,
    /// Only active or only inactive accounts.
    pub active: Option<bool>,
    /// Substring of username, name or email (case-insensitive).
    pub q: Option<String>,
}

diesel::define_sql_function! {
    /// SQL `lower()`, so the name search ignores case on both engines.
    fn lower(text: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

fn unit_ids_of(conn: &mut DbConnection, user: &str) -> Result<Vec<UnitId>, RepoError> {
    user_units::table
        .filter(user_units::user_id.eq(user))
        .select(user_units::unit_id)
        .order(user_units::unit_id.asc())
        .load::<String>(conn)?
        .iter()
        .map(|id| UnitId::parse(id).map_err(corrupt("unit id")))
        .collect()
}

fn replace_units(conn: &mut DbConnection, user: &str, unit_ids: &[UnitId]) -> Result<(), RepoError> {
    diesel::delete(user_units::table.filter(user_units::user_id.eq(user))).execute(conn)?;
    // MultiConnection has no batch insert: one row at a time, inside the caller's transaction.
    for unit in unit_ids {
        diesel::insert_into(user_units::table)
            .values((user_units::user_id.eq(user), user_units::unit_id.eq(unit.to_string())))
            .execute(conn)?;
    }
    Ok(())
}

fn load(conn: &mut DbConnection, row: UserRow) -> Result<User, RepoError> {
    let units = unit_ids_of(conn, &row.id)?;
    row.into_user(units)
}

/// Finds an account by id.
pub fn find(conn: &mut DbConnection, id: UserId) -> Result<User, RepoError> {
    let row = users::table.find(id.to_string()).select(UserRow::as_select()).first::<UserRow>(conn)?;
    load(conn, row)
}

/// Finds an account and its password hash by username (for signing in).
pub fn find_for_login(conn: &mut DbConnection, username: &str) -> Result<Option<(User, String)>, RepoError> {
    let Some(row) = users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first::<UserRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let hash = row.password_hash.clone();
    Ok(Some((load(conn, row)?, hash)))
}

/// How many accounts exist (zero on first start).
pub fn count(conn: &mut DbConnection) -> Result<i64, RepoError> {
    Ok(users::table.count().get_result(conn)?)
}

/// Lists accounts ordered by id.
pub fn list(conn: &mut DbConnection, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>, RepoError> {
    let mut query = users::table.select(UserRow::as_select()).order(users::id.asc()).into_boxed();
    if let Some(role) = filter.role {
        query = query.filter(users::role.eq(role.as_str()));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::active.eq(active));
    }
    if let Some(q) = &filter.q {
        let pattern = like_pattern(&q.to_lowercase());
        query = query.filter(
            users::username
                .like(pattern.clone())
                .escape('\\')
                .or(lower(users::full_name).like(pattern.clone()).escape('\\'))
                .or(lower(users::email).like(pattern).escape('\\')),
        );
    }
    if let Some(after) = &page.after {
        query = query.filter(users::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<UserRow>(conn)?;
    let page = Page::from_overfetch(rows, page.limit, |row| row.id.clone());
    let next_after = page.next_after;
    let items = page.items.into_iter().map(|row| load(conn, row)).collect::<Result<_, _>>()?;
    Ok(Page { items, next_after })
}

/// Creates an account; a taken username is `Duplicate { field: "username" }`.
pub fn insert(conn: &mut DbConnection, user: &NewUser, now: DateTime<Utc>) -> Result<User, RepoError> {
    let id = UserId::generate().to_string();
    conn.transaction(|conn| {
        diesel::insert_into(users::table)
            .values((
                users::id.eq(&id),
                users::username.eq(&user.username),
                users::password_hash.eq(&user.password_hash),
                users::role.eq(user.role.as_str()),
                users::full_name.eq(&user.full_name),
                users::email.eq(&user.email),
                users::active.eq(true),
                users::version.eq(1),
                users::created_at.eq(db_time(now)),
                users::updated_at.eq(db_time(now)),
            ))
            .execute(conn)?;
        replace_units(conn, &id, &user.unit_ids)
    })?;
    find(conn, UserId::parse(&id).map_err(corrupt("user id"))?)
}

/// Changes an account if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: UserId,
    expected_version: u32,
    changes: &UserChanges,
    now: DateTime<Utc>,
) -> Result<User, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let key = id.to_string();
    conn.transaction(|conn| {
        let target = users::table.filter(users::id.eq(&key)).filter(users::version.eq(expected));
        let changed = diesel::update(target)
            .set((
                users::role.eq(changes.role.as_str()),
                users::full_name.eq(&changes.full_name),
                users::email.eq(&changes.email),
                users::active.eq(changes.active),
                users::version.eq(users::version + 1),
                users::updated_at.eq(db_time(now)),
            ))
            .execute(conn)?;
        if changed == 0 {
            find(conn, id)?;
            return Err(RepoError::Stale);
        }
        if let Some(hash) = &changes.password_hash {
            // A new password ends the access tokens issued before it at once (checked with the
            // account on every request), not only when they expire. A new role needs no such
            // cut: the account, role included, is re-read on every request anyway.
            diesel::update(users::table.find(&key))
                .set((users::password_hash.eq(hash), users::credentials_changed_at.eq(Some(db_time(now)))))
                .execute(conn)?;
        }
        replace_units(conn, &key, &changes.unit_ids)
    })?;
    find(conn, id)
}

/// Counts the active admins, locking their rows until the transaction ends, so two admins
/// stepping down at once cannot both see "another admin remains".
///
/// PostgreSQL: `SELECT … FOR UPDATE`; a waiting transaction re-checks the locked rows after
/// the first commits and no longer counts an admin who stepped down. SQLite: the caller's
/// `write_transaction` already holds the database's single write lock.
pub fn count_active_admins_locked(conn: &mut DbConnection) -> Result<usize, RepoError> {
    let admins = users::table
        .filter(users::role.eq(Role::Admin.as_str()))
        .filter(users::active.eq(true))
        .select(users::id)
        .order(users::id.asc());
    let ids: Vec<String> = match conn {
        DbConnection::Postgresql(pg) => admins.for_update().load(pg)?,
        DbConnection::Sqlite(sqlite) => admins.load(sqlite)?,
    };
    Ok(ids.len())
}
