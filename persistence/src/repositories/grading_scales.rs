//! Grading scales: seed from the committed data file, list, find by id or code, insert, update.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::GradingScaleId;

use crate::models::db_time;
use crate::models::grading_scale::{GradingScaleRow, ScaleData, ScaleRecord, seed_scales};
use crate::repositories::citations;
use crate::schema::grading_scales;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the scale list.
#[derive(Debug, Clone, Default)]
pub struct ScaleFilter {
    /// ISO country.
    pub country: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

fn definition_json(data: &ScaleData) -> Result<String, RepoError> {
    serde_json::to_string(&data.definition).map_err(|e| RepoError::Corrupt(format!("definition: {e}")))
}

/// Inserts every scale of `persistence/data/grading-scales.json` whose code is not stored yet;
/// scales already there (possibly edited by an officer) are left alone. Returns how many were
/// added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let mut added = 0;
    for data in seed_scales()? {
        let exists: i64 = grading_scales::table.filter(grading_scales::code.eq(&data.code)).count().get_result(conn)?;
        if exists == 0 {
            insert(conn, &data, now)?;
            added += 1;
        }
    }
    Ok(added)
}

/// Gives seeded scales still citing a retired citation (`citations::is_retired`) the seed
/// file's current source when everything else is as the seed file has it; the version goes up,
/// as with any change. A scale an officer changed is left alone. See `repositories::citations`.
/// Returns how many were corrected.
pub fn correct_seeded_citations(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let mut corrected = 0;
    for seed in seed_scales()? {
        let stored = match find(conn, &seed.code) {
            Ok(stored) => stored,
            Err(RepoError::NotFound) => continue,
            Err(other) => return Err(other),
        };
        if !citations::is_retired(&stored.data.source) || stored.data.source == seed.source {
            continue;
        }
        if (ScaleData { source: seed.source.clone(), ..stored.data.clone() }) != seed {
            citations::left_alone("grading scale", &seed.code);
            continue;
        }
        let version = i32::try_from(stored.version).map_err(|_| RepoError::Corrupt(format!("scale {}", seed.code)))?;
        corrected += diesel::update(
            grading_scales::table
                .filter(grading_scales::id.eq(stored.id.to_string()))
                .filter(grading_scales::version.eq(version))
                .filter(grading_scales::source.eq(&stored.data.source)),
        )
        .set((
            grading_scales::source.eq(&seed.source),
            grading_scales::version.eq(grading_scales::version + 1),
            grading_scales::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    }
    Ok(corrected)
}

/// Lists scales ordered by id.
pub fn list(conn: &mut DbConnection, filter: &ScaleFilter, page: &PageRequest) -> Result<Page<ScaleRecord>, RepoError> {
    let mut query =
        grading_scales::table.select(GradingScaleRow::as_select()).order(grading_scales::id.asc()).into_boxed();
    if let Some(country) = &filter.country {
        query = query.filter(grading_scales::country.eq(country.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(grading_scales::status.eq(status.clone()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(grading_scales::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(grading_scales::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<GradingScaleRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(ScaleRecord::try_from)
}

/// Finds a scale by its id or, when `key` is not a UUID, by its code.
pub fn find(conn: &mut DbConnection, key: &str) -> Result<ScaleRecord, RepoError> {
    let query = grading_scales::table.select(GradingScaleRow::as_select());
    let row = if uuid::Uuid::parse_str(key).is_ok() {
        query.filter(grading_scales::id.eq(key.to_ascii_lowercase())).first::<GradingScaleRow>(conn)?
    } else {
        query.filter(grading_scales::code.eq(key)).first::<GradingScaleRow>(conn)?
    };
    row.try_into()
}

/// Stores a new scale; a taken code is `Duplicate { field: "code" }`.
pub fn insert(conn: &mut DbConnection, data: &ScaleData, now: DateTime<Utc>) -> Result<ScaleRecord, RepoError> {
    let id = GradingScaleId::generate().to_string();
    diesel::insert_into(grading_scales::table)
        .values((
            grading_scales::id.eq(&id),
            grading_scales::code.eq(&data.code),
            grading_scales::name.eq(&data.name),
            grading_scales::country.eq(&data.country),
            grading_scales::definition.eq(definition_json(data)?),
            grading_scales::source.eq(&data.source),
            grading_scales::valid_from.eq(data.valid_from),
            grading_scales::valid_to.eq(data.valid_to),
            grading_scales::status.eq(&data.status),
            grading_scales::version.eq(1),
            grading_scales::created_at.eq(db_time(now)),
            grading_scales::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, &id)
}

/// Replaces a scale's data (not its code) if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: GradingScaleId,
    expected_version: u32,
    data: &ScaleData,
    now: DateTime<Utc>,
) -> Result<ScaleRecord, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let id = id.to_string();
    let changed = diesel::update(
        grading_scales::table.filter(grading_scales::id.eq(&id)).filter(grading_scales::version.eq(expected)),
    )
    .set((
        grading_scales::name.eq(&data.name),
        grading_scales::country.eq(&data.country),
        grading_scales::definition.eq(definition_json(data)?),
        grading_scales::source.eq(&data.source),
        grading_scales::valid_from.eq(data.valid_from),
        grading_scales::valid_to.eq(data.valid_to),
        grading_scales::status.eq(&data.status),
        grading_scales::version.eq(grading_scales::version + 1),
        grading_scales::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, &id)?;
        return Err(RepoError::Stale);
    }
    find(conn, &id)
}
