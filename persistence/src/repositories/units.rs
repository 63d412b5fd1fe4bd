//! Organisational units of an institution: a tree with codes unique per institution.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::{InstitutionId, Unit, UnitData, UnitId, would_create_cycle};

use crate::models::db_time;
use crate::models::unit::{UnitChanges, UnitRow};
use crate::schema::{units, user_units};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the unit list.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    /// Only direct children of this unit.
    pub parent_id: Option<UnitId>,
    /// Only top-level units (no parent).
    pub top_level: bool,
    /// Exact code.
    pub code: Option<String>,
    /// Changed at or after this instant.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Why a unit's parent was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentProblem {
    /// The parent does not exist or belongs to another institution.
    NotInInstitution,
    /// The parent is the unit itself or one of its descendants.
    Cycle,
}

/// Lists an institution's units ordered by id.
pub fn list(
    conn: &mut DbConnection,
    institution: InstitutionId,
    filter: &UnitFilter,
    page: &PageRequest,
) -> Result<Page<Unit>, RepoError> {
    let mut query = units::table
        .filter(units::institution_id.eq(institution.to_string()))
        .select(UnitRow::as_select())
        .order(units::id.asc())
        .into_boxed();
    if let Some(parent) = filter.parent_id {
        query = query.filter(units::parent_id.eq(parent.to_string()));
    }
    if filter.top_level {
        query = query.filter(units::parent_id.is_null());
    }
    if let Some(code) = &filter.code {
        query = query.filter(units::code.eq(code.clone()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(units::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(units::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<UnitRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Unit::try_from)
}

/// Finds a unit of the given institution.
pub fn find(conn: &mut DbConnection, institution: InstitutionId, id: UnitId) -> Result<Unit, RepoError> {
    units::table
        .filter(units::institution_id.eq(institution.to_string()))
        .filter(units::id.eq(id.to_string()))
        .select(UnitRow::as_select())
        .first::<UnitRow>(conn)?
        .try_into()
}

/// Finds a unit by id alone.
pub fn find_by_id(conn: &mut DbConnection, id: UnitId) -> Result<Unit, RepoError> {
    units::table.find(id.to_string()).select(UnitRow::as_select()).first::<UnitRow>(conn)?.try_into()
}

/// Finds units of an institution by code.
pub fn find_by_code(conn: &mut DbConnection, institution: InstitutionId, code: &str) -> Result<Unit, RepoError> {
    units::table
        .filter(units::institution_id.eq(institution.to_string()))
        .filter(units::code.eq(code))
        .select(UnitRow::as_select())
        .first::<UnitRow>(conn)?
        .try_into()
}

/// Checks that `parent` may become the parent of `unit` (`None` for a new unit).
pub fn check_parent(
    conn: &mut DbConnection,
    institution: InstitutionId,
    unit: Option<UnitId>,
    parent: UnitId,
) -> Result<Option<ParentProblem>, RepoError> {
    let tree: HashMap<String, Option<String>> = units::table
        .filter(units::institution_id.eq(institution.to_string()))
        .select((units::id, units::parent_id))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .collect();
    if !tree.contains_key(&parent.to_string()) {
        return Ok(Some(ParentProblem::NotInInstitution));
    }
    let cycle = unit.is_some_and(|unit| {
        would_create_cycle(&unit.to_string(), &parent.to_string(), |id| tree.get(id).cloned().flatten())
    });
    Ok(cycle.then_some(ParentProblem::Cycle))
}

/// Stores a new unit (the caller has checked the parent).
pub fn insert(
    conn: &mut DbConnection,
    institution: InstitutionId,
    data: &UnitData,
    now: DateTime<Utc>,
) -> Result<Unit, RepoError> {
    let id = UnitId::generate();
    diesel::insert_into(units::table)
        .values((
            units::id.eq(id.to_string()),
            units::institution_id.eq(institution.to_string()),
            UnitChanges::from(data),
            units::version.eq(1),
            units::created_at.eq(db_time(now)),
            units::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, institution, id)
}

/// Replaces a unit's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    institution: InstitutionId,
    id: UnitId,
    expected_version: u32,
    data: &UnitData,
    now: DateTime<Utc>,
) -> Result<Unit, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        units::table
            .filter(units::id.eq(id.to_string()))
            .filter(units::institution_id.eq(institution.to_string()))
            .filter(units::version.eq(expected)),
    )
    .set((UnitChanges::from(data), units::version.eq(units::version + 1), units::updated_at.eq(db_time(now))))
    .execute(conn)?;
    if changed == 0 {
        find(conn, institution, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, institution, id)
}

/// Deletes a unit with no sub-units and no coordinators.
pub fn delete(conn: &mut DbConnection, institution: InstitutionId, id: UnitId) -> Result<(), RepoError> {
    find(conn, institution, id)?;
    let children: i64 = units::table.filter(units::parent_id.eq(id.to_string())).count().get_result(conn)?;
    if children > 0 {
        return Err(RepoError::InUse(format!("{children} sub-unit(s)")));
    }
    let coordinators: i64 =
        user_units::table.filter(user_units::unit_id.eq(id.to_string())).count().get_result(conn)?;
    if coordinators > 0 {
        return Err(RepoError::InUse(format!("{coordinators} user account(s) coordinating it")));
    }
    let agreement_refs = super::agreements::references_to_unit(conn, id)?;
    if agreement_refs > 0 {
        return Err(RepoError::InUse(format!("{agreement_refs} agreement(s) or cooperation condition(s)")));
    }
    diesel::delete(units::table.find(id.to_string())).execute(conn)?;
    Ok(())
}
