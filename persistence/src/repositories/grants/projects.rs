//! Grant projects: list, find, insert, update, delete, and assigning a mobility's grant.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::GrantId;
use iro_domain::funding::{Grant, GrantAction, GrantData};

use crate::models::db_time;
use crate::models::grant::{GrantChanges, GrantRow};
use crate::schema::{grant_projects, mobilities};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the grant list.
#[derive(Debug, Clone, Default)]
pub struct GrantFilter {
    /// Only this action.
    pub action: Option<GrantAction>,
    /// Only this call year.
    pub call_year: Option<u16>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Lists grant projects ordered by id.
pub fn list(conn: &mut DbConnection, filter: &GrantFilter, page: &PageRequest) -> Result<Page<Grant>, RepoError> {
    let mut query = grant_projects::table.select(GrantRow::as_select()).order(grant_projects::id.asc()).into_boxed();
    if let Some(action) = filter.action {
        query = query.filter(grant_projects::action.eq(action.as_str()));
    }
    if let Some(year) = filter.call_year {
        query = query.filter(grant_projects::call_year.eq(i32::from(year)));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(grant_projects::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(grant_projects::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<GrantRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Grant::try_from)
}

/// Finds a grant project.
pub fn find(conn: &mut DbConnection, id: GrantId) -> Result<Grant, RepoError> {
    grant_projects::table.find(id.to_string()).select(GrantRow::as_select()).first::<GrantRow>(conn)?.try_into()
}

/// Stores a new grant project; a taken project number is `Duplicate { project_number }`.
pub fn insert(conn: &mut DbConnection, data: &GrantData, now: DateTime<Utc>) -> Result<Grant, RepoError> {
    let id = GrantId::generate();
    diesel::insert_into(grant_projects::table)
        .values((
            grant_projects::id.eq(id.to_string()),
            GrantChanges::try_from(data)?,
            grant_projects::version.eq(1),
            grant_projects::created_at.eq(db_time(now)),
            grant_projects::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Replaces a grant project's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: GrantId,
    expected_version: u32,
    data: &GrantData,
    now: DateTime<Utc>,
) -> Result<Grant, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        grant_projects::table
            .filter(grant_projects::id.eq(id.to_string()))
            .filter(grant_projects::version.eq(expected)),
    )
    .set((
        GrantChanges::try_from(data)?,
        grant_projects::version.eq(grant_projects::version + 1),
        grant_projects::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// How many mobilities a grant funds.
pub fn mobility_count(conn: &mut DbConnection, id: GrantId) -> Result<i64, RepoError> {
    Ok(mobilities::table.filter(mobilities::grant_id.eq(id.to_string())).count().get_result(conn)?)
}

/// Deletes a grant project that funds no mobility (`InUse` otherwise).
pub fn delete(conn: &mut DbConnection, id: GrantId) -> Result<(), RepoError> {
    find(conn, id)?;
    let funded = mobility_count(conn, id)?;
    if funded > 0 {
        return Err(RepoError::InUse(format!("{funded} mobility(ies)")));
    }
    diesel::delete(grant_projects::table.find(id.to_string())).execute(conn)?;
    Ok(())
}
