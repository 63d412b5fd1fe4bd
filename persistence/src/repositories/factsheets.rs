//! Factsheet versions: a page of a year's versions, the facts that choose the one in effect,
//! one version by number, and a new version numbered after the year's last.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::AcademicYear;
use iro_domain::agreement::Actor;
use iro_domain::factsheet::VersionFacts;
use uuid::Uuid;

use crate::models::db_time;
use crate::models::factsheet::{CONTENT_FORMAT, FactsheetVersion, FactsheetVersionRow, NewFactsheetVersion};
use crate::schema::factsheet_versions;
use crate::{DbConnection, Page, RepoError};

fn year(academic_year: AcademicYear) -> i32 {
    i32::from(academic_year.start_year())
}

/// A page of at most `limit` of a year's versions numbered after `after`, by number; drafts
/// only when `with_drafts`. The next page continues after the last number.
pub fn list(
    conn: &mut DbConnection,
    academic_year: AcademicYear,
    with_drafts: bool,
    after: Option<u32>,
    limit: u32,
) -> Result<Page<FactsheetVersion>, RepoError> {
    let mut query = factsheet_versions::table
        .filter(factsheet_versions::academic_year.eq(year(academic_year)))
        .select(FactsheetVersionRow::as_select())
        .order(factsheet_versions::number.asc())
        .into_boxed();
    if !with_drafts {
        query = query.filter(factsheet_versions::published.eq(true));
    }
    if let Some(after) = after {
        query = query.filter(factsheet_versions::number.gt(i32::try_from(after).unwrap_or(i32::MAX)));
    }
    let rows = query.limit(i64::from(limit) + 1).load::<FactsheetVersionRow>(conn)?;
    Page::from_overfetch(rows, limit, |row| row.number.to_string()).try_map(FactsheetVersion::try_from)
}

/// What choosing the version in effect needs of every version of a year.
pub fn facts(conn: &mut DbConnection, academic_year: AcademicYear) -> Result<Vec<VersionFacts>, RepoError> {
    let rows: Vec<(i32, chrono::NaiveDate, bool)> = factsheet_versions::table
        .filter(factsheet_versions::academic_year.eq(year(academic_year)))
        .select((factsheet_versions::number, factsheet_versions::effective_from, factsheet_versions::published))
        .load(conn)?;
    rows.into_iter()
        .map(|(number, effective_from, published)| {
            let number =
                u32::try_from(number).map_err(|_| RepoError::Corrupt(format!("factsheet version {number}")))?;
            Ok(VersionFacts { number, effective_from, published })
        })
        .collect()
}

/// Version `number` of a year.
pub fn find(conn: &mut DbConnection, academic_year: AcademicYear, number: u32) -> Result<FactsheetVersion, RepoError> {
    let number = i32::try_from(number).map_err(|_| RepoError::NotFound)?;
    factsheet_versions::table
        .filter(factsheet_versions::academic_year.eq(year(academic_year)))
        .filter(factsheet_versions::number.eq(number))
        .select(FactsheetVersionRow::as_select())
        .first::<FactsheetVersionRow>(conn)?
        .try_into()
}

/// Which advisory locks of PostgreSQL are ours: the first key of
/// `pg_advisory_xact_lock(class, year)`.
const YEAR_LOCK_CLASS: i32 = 15_002;

/// Serialises the writers of a year's versions for the rest of the transaction, so two never
/// pick the same number: on PostgreSQL a transaction-scoped advisory lock on the year (there is
/// no row to lock before the first version); on SQLite the immediate transaction already holds
/// the single write lock.
fn lock_year(conn: &mut DbConnection, academic_year: AcademicYear) -> Result<(), RepoError> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind::<diesel::sql_types::Integer, _>(YEAR_LOCK_CLASS)
            .bind::<diesel::sql_types::Integer, _>(year(academic_year))
            .execute(pg)?;
    }
    Ok(())
}

/// Stores a new version numbered after the year's last. Run it in a write transaction: the
/// year's writers wait for each other there ([`lock_year`]), and the unique
/// `(academic_year, number)` backs that up.
pub fn insert(
    conn: &mut DbConnection,
    version: &NewFactsheetVersion,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<FactsheetVersion, RepoError> {
    lock_year(conn, version.academic_year)?;
    let last: Option<i32> = factsheet_versions::table
        .filter(factsheet_versions::academic_year.eq(year(version.academic_year)))
        .select(diesel::dsl::max(factsheet_versions::number))
        .first(conn)?;
    let number = last.unwrap_or(0) + 1;
    diesel::insert_into(factsheet_versions::table)
        .values((
            factsheet_versions::id.eq(Uuid::now_v7().to_string()),
            factsheet_versions::academic_year.eq(year(version.academic_year)),
            factsheet_versions::number.eq(number),
            factsheet_versions::effective_from.eq(version.effective_from),
            factsheet_versions::published.eq(version.published),
            factsheet_versions::change_note.eq(&version.change_note),
            factsheet_versions::content_format.eq(CONTENT_FORMAT),
            factsheet_versions::content.eq(&version.content),
            factsheet_versions::created_by.eq(&by.name),
            factsheet_versions::created_by_id.eq(&by.id),
            factsheet_versions::created_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, version.academic_year, u32::try_from(number).map_err(|_| RepoError::NotFound)?)
}
