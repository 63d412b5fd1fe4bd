//! Fixed conversion tables: seed from the committed data file, list, find by id or code,
//! insert, and the tables of one scale pair for a conversion.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::{FixedTableId, InstitutionId};

use crate::models::db_time;
use crate::models::fixed_table::{FixedTableData, FixedTableRecord, FixedTableRow};
use crate::models::grade_mappings::seed_grade_mappings;
use crate::repositories::{citations, grading_scales};
use crate::schema::fixed_tables;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the fixed table list.
#[derive(Debug, Clone, Default)]
pub struct FixedTableFilter {
    /// Source scale code.
    pub source_scale: Option<String>,
    /// Target scale code.
    pub target_scale: Option<String>,
    /// Publishing institution.
    pub institution: Option<InstitutionId>,
    /// Status.
    pub status: Option<String>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Inserts every fixed table of `persistence/data/grade-mappings.json` whose code is not
/// stored yet, each checked against its stored scales; returns how many were added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let mut added = 0;
    for data in seed_grade_mappings()?.fixed_tables {
        let exists: i64 = fixed_tables::table.filter(fixed_tables::code.eq(&data.code)).count().get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let source = grading_scales::find(conn, &data.source_scale)?.scale;
        let target = grading_scales::find(conn, &data.target_scale)?.scale;
        data.to_domain(&source, &target)
            .map_err(|e| RepoError::Setup(format!("grade-mappings.json, {}: {e}", data.code)))?;
        insert(conn, &data, now)?;
        added += 1;
    }
    Ok(added)
}

/// Gives seeded fixed tables still citing a retired citation (`citations::is_retired`) the seed
/// file's current source when everything else is as the seed file has it; the version goes up,
/// as with any change. See `repositories::citations`. Returns how many were corrected.
pub fn correct_seeded_citations(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let mut corrected = 0;
    for seed in seed_grade_mappings()?.fixed_tables {
        let stored = match find(conn, &seed.code) {
            Ok(stored) => stored,
            Err(RepoError::NotFound) => continue,
            Err(other) => return Err(other),
        };
        if !citations::is_retired(&stored.data.source) || stored.data.source == seed.source {
            continue;
        }
        if (FixedTableData { source: seed.source.clone(), ..stored.data.clone() }) != seed {
            citations::left_alone("fixed table", &seed.code);
            continue;
        }
        corrected += diesel::update(
            fixed_tables::table
                .filter(fixed_tables::id.eq(stored.id.to_string()))
                .filter(fixed_tables::source.eq(&stored.data.source)),
        )
        .set((
            fixed_tables::source.eq(&seed.source),
            fixed_tables::version.eq(fixed_tables::version + 1),
            fixed_tables::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    }
    Ok(corrected)
}

/// Lists fixed tables ordered by id.
pub fn list(
    conn: &mut DbConnection,
    filter: &FixedTableFilter,
    page: &PageRequest,
) -> Result<Page<FixedTableRecord>, RepoError> {
    let mut query = fixed_tables::table.select(FixedTableRow::as_select()).order(fixed_tables::id.asc()).into_boxed();
    if let Some(code) = &filter.source_scale {
        query = query.filter(fixed_tables::source_scale.eq(code.clone()));
    }
    if let Some(code) = &filter.target_scale {
        query = query.filter(fixed_tables::target_scale.eq(code.clone()));
    }
    if let Some(institution) = filter.institution {
        query = query.filter(fixed_tables::institution_id.eq(institution.to_string()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(fixed_tables::status.eq(status.clone()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(fixed_tables::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(fixed_tables::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<FixedTableRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(FixedTableRecord::try_from)
}

/// Every table from one scale to another, oldest first.
pub fn of_pair(conn: &mut DbConnection, source: &str, target: &str) -> Result<Vec<FixedTableRecord>, RepoError> {
    fixed_tables::table
        .select(FixedTableRow::as_select())
        .filter(fixed_tables::source_scale.eq(source))
        .filter(fixed_tables::target_scale.eq(target))
        .order(fixed_tables::id.asc())
        .load::<FixedTableRow>(conn)?
        .into_iter()
        .map(FixedTableRecord::try_from)
        .collect()
}

/// Finds a table by its id or, when `key` is not a UUID, by its code.
pub fn find(conn: &mut DbConnection, key: &str) -> Result<FixedTableRecord, RepoError> {
    let query = fixed_tables::table.select(FixedTableRow::as_select());
    let row = match uuid::Uuid::parse_str(key) {
        Ok(id) => query.filter(fixed_tables::id.eq(id.to_string())).first::<FixedTableRow>(conn)?,
        Err(_) => query.filter(fixed_tables::code.eq(key)).first::<FixedTableRow>(conn)?,
    };
    row.try_into()
}

/// Stores a new table (already checked with [`FixedTableData::to_domain`]); a taken code is
/// `Duplicate`.
pub fn insert(
    conn: &mut DbConnection,
    data: &FixedTableData,
    now: DateTime<Utc>,
) -> Result<FixedTableRecord, RepoError> {
    let id = FixedTableId::generate().to_string();
    let entries = serde_json::to_string(&data.entries).map_err(|e| RepoError::Corrupt(format!("entries: {e}")))?;
    diesel::insert_into(fixed_tables::table)
        .values((
            fixed_tables::id.eq(&id),
            fixed_tables::code.eq(&data.code),
            fixed_tables::name.eq(&data.name),
            fixed_tables::institution_id.eq(data.institution_id.map(|id| id.to_string())),
            fixed_tables::source_scale.eq(&data.source_scale),
            fixed_tables::target_scale.eq(&data.target_scale),
            fixed_tables::entries.eq(entries),
            fixed_tables::source.eq(&data.source),
            fixed_tables::valid_from.eq(data.valid_from),
            fixed_tables::valid_to.eq(data.valid_to),
            fixed_tables::status.eq(&data.status),
            fixed_tables::version.eq(1),
            fixed_tables::created_at.eq(db_time(now)),
            fixed_tables::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, &id)
}
