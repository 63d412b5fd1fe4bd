//! People: list with filters and keyset paging, find, insert, update, delete, anonymise.
//!
//! Who may see whom is decided by the caller and passed in as a [`PersonScope`], so lists
//! never contain a person the caller may not see.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::person::{Person, PersonData};
use iro_domain::{InstitutionId, ParticipantKind, PersonId, UnitId, UserId};

use crate::models::db_time;
use crate::models::person::{PersonChanges, PersonRow};
use crate::schema::{mobilities, people};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Which people a caller may see.
#[derive(Debug, Clone, Default)]
pub enum PersonScope {
    /// Everyone (officers, admins, integrations).
    #[default]
    All,
    /// People of these units, or with a mobility sent from or hosted by them (coordinators).
    Units(Vec<UnitId>),
    /// Only the person linked to this account (participants).
    Account(UserId),
}

/// Filters of the people list.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    /// Student or staff.
    pub kind: Option<ParticipantKind>,
    /// Home institution.
    pub home_institution_id: Option<InstitutionId>,
    /// Home unit.
    pub home_unit_id: Option<UnitId>,
    /// Linked account.
    pub user_id: Option<UserId>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
    /// Who may be seen.
    pub scope: PersonScope,
}

/// Lists people ordered by id.
pub fn list(conn: &mut DbConnection, filter: &PersonFilter, page: &PageRequest) -> Result<Page<Person>, RepoError> {
    let mut query = people::table.select(PersonRow::as_select()).order(people::id.asc()).into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(people::kind.eq(kind.as_str()));
    }
    if let Some(institution) = filter.home_institution_id {
        query = query.filter(people::home_institution_id.eq(institution.to_string()));
    }
    if let Some(unit) = filter.home_unit_id {
        query = query.filter(people::home_unit_id.eq(unit.to_string()));
    }
    if let Some(user) = filter.user_id {
        query = query.filter(people::user_id.eq(user.to_string()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(people::updated_at.ge(db_time(since)));
    }
    match &filter.scope {
        PersonScope::All => {}
        PersonScope::Units(units) => {
            let units: Vec<String> = units.iter().map(ToString::to_string).collect();
            let hosted = mobilities::table
                .filter(
                    mobilities::sending_unit_id
                        .eq_any(units.clone())
                        .or(mobilities::receiving_unit_id.eq_any(units.clone())),
                )
                .select(mobilities::person_id);
            query =
                query.filter(people::home_unit_id.eq_any(units).or(people::id.nullable().eq_any(hosted.nullable())));
        }
        PersonScope::Account(user) => query = query.filter(people::user_id.eq(user.to_string())),
    }
    if let Some(after) = &page.after {
        query = query.filter(people::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<PersonRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Person::try_from)
}

/// Finds one person.
pub fn find(conn: &mut DbConnection, id: PersonId) -> Result<Person, RepoError> {
    people::table.find(id.to_string()).select(PersonRow::as_select()).first::<PersonRow>(conn)?.try_into()
}

/// Whether a mobility of the person is sent from or hosted by one of `units`.
pub fn has_mobility_of_units(conn: &mut DbConnection, id: PersonId, units: &[UnitId]) -> Result<bool, RepoError> {
    let units: Vec<String> = units.iter().map(ToString::to_string).collect();
    let count: i64 = mobilities::table
        .filter(mobilities::person_id.eq(id.to_string()))
        .filter(mobilities::sending_unit_id.eq_any(units.clone()).or(mobilities::receiving_unit_id.eq_any(units)))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Stores a new person.
pub fn insert(conn: &mut DbConnection, data: &PersonData, now: DateTime<Utc>) -> Result<Person, RepoError> {
    let id = PersonId::generate();
    diesel::insert_into(people::table)
        .values((
            people::id.eq(id.to_string()),
            PersonChanges::from(data),
            people::version.eq(1),
            people::created_at.eq(db_time(now)),
            people::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Replaces a person's data if the version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: PersonId,
    expected_version: u32,
    data: &PersonData,
    now: DateTime<Utc>,
) -> Result<Person, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed =
        diesel::update(people::table.filter(people::id.eq(id.to_string())).filter(people::version.eq(expected)))
            .set((
                PersonChanges::from(data),
                people::version.eq(people::version + 1),
                people::updated_at.eq(db_time(now)),
            ))
            .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Erases the person's personal fields ([`PersonData::anonymised`]) and records when.
pub fn anonymise(conn: &mut DbConnection, id: PersonId, now: DateTime<Utc>) -> Result<Person, RepoError> {
    let current = find(conn, id)?;
    diesel::update(people::table.find(id.to_string()))
        .set((
            PersonChanges::from(&current.data.anonymised()),
            people::anonymised_at.eq(Some(db_time(now))),
            people::version.eq(people::version + 1),
            people::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Deletes a person without mobilities (`InUse` otherwise).
pub fn delete(conn: &mut DbConnection, id: PersonId) -> Result<(), RepoError> {
    find(conn, id)?;
    let used: i64 = mobilities::table.filter(mobilities::person_id.eq(id.to_string())).count().get_result(conn)?;
    if used > 0 {
        return Err(RepoError::InUse(format!("{used} mobilit{}", if used == 1 { "y" } else { "ies" })));
    }
    diesel::delete(people::table.find(id.to_string())).execute(conn)?;
    Ok(())
}
