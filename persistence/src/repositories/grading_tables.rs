//! Grading tables: list with filters, find, insert, update, delete, and every table of an
//! institution (what a conversion draws on).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::{GradingTableId, InstitutionId};

use crate::models::db_time;
use crate::models::grading_table::{
    GradingTableData, GradingTableRecord, GradingTableRow, counts_to_json, years_to_json,
};
use crate::schema::grading_tables;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the table list.
#[derive(Debug, Clone, Default)]
pub struct TableFilter {
    /// Institution.
    pub institution_id: Option<InstitutionId>,
    /// ISCED-F code.
    pub isced: Option<String>,
    /// EQF level.
    pub eqf: Option<u8>,
    /// Scale code.
    pub scale: Option<String>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Lists tables ordered by id.
pub fn list(
    conn: &mut DbConnection,
    filter: &TableFilter,
    page: &PageRequest,
) -> Result<Page<GradingTableRecord>, RepoError> {
    let mut query =
        grading_tables::table.select(GradingTableRow::as_select()).order(grading_tables::id.asc()).into_boxed();
    if let Some(institution) = filter.institution_id {
        query = query.filter(grading_tables::institution_id.eq(institution.to_string()));
    }
    if let Some(isced) = &filter.isced {
        query = query.filter(grading_tables::isced_code.eq(isced.clone()));
    }
    if let Some(eqf) = filter.eqf {
        query = query.filter(grading_tables::eqf_level.eq(i32::from(eqf)));
    }
    if let Some(scale) = &filter.scale {
        query = query.filter(grading_tables::scale_code.eq(scale.clone()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(grading_tables::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(grading_tables::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<GradingTableRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(GradingTableRecord::try_from)
}

/// Every table of an institution.
pub fn of_institution(
    conn: &mut DbConnection,
    institution: InstitutionId,
) -> Result<Vec<GradingTableRecord>, RepoError> {
    grading_tables::table
        .filter(grading_tables::institution_id.eq(institution.to_string()))
        .select(GradingTableRow::as_select())
        .order(grading_tables::id.asc())
        .load::<GradingTableRow>(conn)?
        .into_iter()
        .map(GradingTableRecord::try_from)
        .collect()
}

/// Finds one table.
pub fn find(conn: &mut DbConnection, id: GradingTableId) -> Result<GradingTableRecord, RepoError> {
    grading_tables::table
        .find(id.to_string())
        .select(GradingTableRow::as_select())
        .first::<GradingTableRow>(conn)?
        .try_into()
}

/// Stores a new table.
pub fn insert(
    conn: &mut DbConnection,
    data: &GradingTableData,
    now: DateTime<Utc>,
) -> Result<GradingTableRecord, RepoError> {
    let id = GradingTableId::generate();
    diesel::insert_into(grading_tables::table)
        .values((
            grading_tables::id.eq(id.to_string()),
            grading_tables::institution_id.eq(data.institution_id.to_string()),
            grading_tables::unit_id.eq(data.unit_id.map(|u| u.to_string())),
            grading_tables::isced_code.eq(data.isced.to_string()),
            grading_tables::eqf_level.eq(i32::from(data.eqf.value())),
            grading_tables::academic_years.eq(years_to_json(&data.years)),
            grading_tables::scale_code.eq(&data.scale_code),
            grading_tables::counts.eq(counts_to_json(&data.counts)),
            grading_tables::version.eq(1),
            grading_tables::created_at.eq(db_time(now)),
            grading_tables::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Replaces a table's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: GradingTableId,
    expected_version: u32,
    data: &GradingTableData,
    now: DateTime<Utc>,
) -> Result<GradingTableRecord, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        grading_tables::table
            .filter(grading_tables::id.eq(id.to_string()))
            .filter(grading_tables::version.eq(expected)),
    )
    .set((
        grading_tables::institution_id.eq(data.institution_id.to_string()),
        grading_tables::unit_id.eq(data.unit_id.map(|u| u.to_string())),
        grading_tables::isced_code.eq(data.isced.to_string()),
        grading_tables::eqf_level.eq(i32::from(data.eqf.value())),
        grading_tables::academic_years.eq(years_to_json(&data.years)),
        grading_tables::scale_code.eq(&data.scale_code),
        grading_tables::counts.eq(counts_to_json(&data.counts)),
        grading_tables::version.eq(grading_tables::version + 1),
        grading_tables::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Deletes a table.
pub fn delete(conn: &mut DbConnection, id: GradingTableId) -> Result<(), RepoError> {
    let deleted = diesel::delete(grading_tables::table.find(id.to_string())).execute(conn)?;
    if deleted == 0 { Err(RepoError::NotFound) } else { Ok(()) }
}
