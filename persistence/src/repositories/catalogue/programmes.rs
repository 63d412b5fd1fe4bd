//! Study programmes of the catalogue: codes unique per unit, drafts hidden from the public.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::catalogue::{Programme, ProgrammeData};
use iro_domain::{EqfLevel, ProgrammeId, UnitId};

use super::{isced_pattern, language_pattern};
use crate::models::catalogue::programme::{ProgrammeChanges, ProgrammeRow};
use crate::models::db_time;
use crate::repositories::institutions::like_pattern;
use crate::schema::{catalogue_courses, catalogue_programmes};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the programme list.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeFilter {
    /// Only published programmes (the public catalogue).
    pub published_only: bool,
    /// Only this unit's.
    pub unit_id: Option<UnitId>,
    /// Only this cycle.
    pub eqf_level: Option<EqfLevel>,
    /// Only those taught in this language (a BCP 47 tag as stored).
    pub language: Option<String>,
    /// Only this ISCED-F field or those under it.
    pub isced_code: Option<String>,
    /// Code or name contains this text (any case).
    pub q: Option<String>,
    /// Changed at or after this instant.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Lists programmes ordered by id.
pub fn list(
    conn: &mut DbConnection,
    filter: &ProgrammeFilter,
    page: &PageRequest,
) -> Result<Page<Programme>, RepoError> {
    let mut query = catalogue_programmes::table
        .select(ProgrammeRow::as_select())
        .order(catalogue_programmes::id.asc())
        .into_boxed();
    if filter.published_only {
        query = query.filter(catalogue_programmes::published.eq(true));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(catalogue_programmes::unit_id.eq(unit.to_string()));
    }
    if let Some(level) = filter.eqf_level {
        query = query.filter(catalogue_programmes::eqf_level.eq(i32::from(level.value())));
    }
    if let Some(language) = &filter.language {
        query = query.filter(catalogue_programmes::languages.like(language_pattern(language)).escape('\\'));
    }
    if let Some(code) = &filter.isced_code {
        query = query.filter(catalogue_programmes::isced_code.like(isced_pattern(code)).escape('\\'));
    }
    if let Some(q) = &filter.q {
        query = query.filter(catalogue_programmes::search_text.like(like_pattern(&q.to_lowercase())).escape('\\'));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(catalogue_programmes::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(catalogue_programmes::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<ProgrammeRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Programme::try_from)
}

/// Finds a programme.
pub fn find(conn: &mut DbConnection, id: ProgrammeId) -> Result<Programme, RepoError> {
    catalogue_programmes::table
        .find(id.to_string())
        .select(ProgrammeRow::as_select())
        .first::<ProgrammeRow>(conn)?
        .try_into()
}

/// Every programme of a unit, drafts included (an import names them by code).
pub fn of_unit(conn: &mut DbConnection, unit: UnitId) -> Result<Vec<Programme>, RepoError> {
    catalogue_programmes::table
        .filter(catalogue_programmes::unit_id.eq(unit.to_string()))
        .select(ProgrammeRow::as_select())
        .load::<ProgrammeRow>(conn)?
        .into_iter()
        .map(Programme::try_from)
        .collect()
}

/// Stores a new programme.
pub fn insert(conn: &mut DbConnection, data: &ProgrammeData, now: DateTime<Utc>) -> Result<Programme, RepoError> {
    let id = ProgrammeId::generate();
    diesel::insert_into(catalogue_programmes::table)
        .values((
            catalogue_programmes::id.eq(id.to_string()),
            ProgrammeChanges::from(data),
            catalogue_programmes::version.eq(1),
            catalogue_programmes::created_at.eq(db_time(now)),
            catalogue_programmes::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Replaces a programme's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: ProgrammeId,
    expected_version: u32,
    data: &ProgrammeData,
    now: DateTime<Utc>,
) -> Result<Programme, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        catalogue_programmes::table
            .filter(catalogue_programmes::id.eq(id.to_string()))
            .filter(catalogue_programmes::version.eq(expected)),
    )
    .set((
        ProgrammeChanges::from(data),
        catalogue_programmes::version.eq(catalogue_programmes::version + 1),
        catalogue_programmes::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Deletes a programme no course belongs to.
pub fn delete(conn: &mut DbConnection, id: ProgrammeId) -> Result<(), RepoError> {
    find(conn, id)?;
    let courses: i64 =
        catalogue_courses::table.filter(catalogue_courses::programme_id.eq(id.to_string())).count().get_result(conn)?;
    if courses > 0 {
        return Err(RepoError::InUse(format!("{courses} course(s)")));
    }
    diesel::delete(catalogue_programmes::table.find(id.to_string())).execute(conn)?;
    Ok(())
}
