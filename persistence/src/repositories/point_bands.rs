//! Point bands: seed from the committed data file, list, find by id or code, insert.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::{InstitutionId, PointBandsId};

use crate::models::db_time;
use crate::models::grade_mappings::seed_grade_mappings;
use crate::models::point_bands::{PointBandsData, PointBandsRecord, PointBandsRow};
use crate::repositories::{citations, grading_scales};
use crate::schema::point_bands;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the point bands list.
#[derive(Debug, Clone, Default)]
pub struct PointBandsFilter {
    /// Scale code.
    pub scale: Option<String>,
    /// Institution whose table it is.
    pub institution: Option<InstitutionId>,
    /// Status.
    pub status: Option<String>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Inserts all point bands of `persistence/data/grade-mappings.json` whose code is not stored
/// yet, each checked against its stored scale; returns how many were added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let mut added = 0;
    for data in seed_grade_mappings()?.point_bands {
        let exists: i64 = point_bands::table.filter(point_bands::code.eq(&data.code)).count().get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let scale = grading_scales::find(conn, &data.scale)?.scale;
        data.to_domain(&scale).map_err(|e| RepoError::Setup(format!("grade-mappings.json, {}: {e}", data.code)))?;
        insert(conn, &data, now)?;
        added += 1;
    }
    Ok(added)
}

/// Gives seeded point bands still citing a retired citation (`citations::is_retired`) the seed
/// file's current source when everything else is as the seed file has it; the version goes up,
/// as with any change. See `repositories::citations`. Returns how many were corrected.
pub fn correct_seeded_citations(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let mut corrected = 0;
    for seed in seed_grade_mappings()?.point_bands {
        let stored = match find(conn, &seed.code) {
            Ok(stored) => stored,
            Err(RepoError::NotFound) => continue,
            Err(other) => return Err(other),
        };
        if !citations::is_retired(&stored.data.source) || stored.data.source == seed.source {
            continue;
        }
        if (PointBandsData { source: seed.source.clone(), ..stored.data.clone() }) != seed {
            citations::left_alone("point bands", &seed.code);
            continue;
        }
        corrected += diesel::update(
            point_bands::table
                .filter(point_bands::id.eq(stored.id.to_string()))
                .filter(point_bands::source.eq(&stored.data.source)),
        )
        .set((
            point_bands::source.eq(&seed.source),
            point_bands::version.eq(point_bands::version + 1),
            point_bands::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    }
    Ok(corrected)
}

/// Lists point bands ordered by id.
pub fn list(
    conn: &mut DbConnection,
    filter: &PointBandsFilter,
    page: &PageRequest,
) -> Result<Page<PointBandsRecord>, RepoError> {
    let mut query = point_bands::table.select(PointBandsRow::as_select()).order(point_bands::id.asc()).into_boxed();
    if let Some(code) = &filter.scale {
        query = query.filter(point_bands::scale_code.eq(code.clone()));
    }
    if let Some(institution) = filter.institution {
        query = query.filter(point_bands::institution_id.eq(institution.to_string()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(point_bands::status.eq(status.clone()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(point_bands::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(point_bands::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<PointBandsRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(PointBandsRecord::try_from)
}

/// Finds bands by their id or, when `key` is not a UUID, by their code.
pub fn find(conn: &mut DbConnection, key: &str) -> Result<PointBandsRecord, RepoError> {
    let query = point_bands::table.select(PointBandsRow::as_select());
    let row = match uuid::Uuid::parse_str(key) {
        Ok(id) => query.filter(point_bands::id.eq(id.to_string())).first::<PointBandsRow>(conn)?,
        Err(_) => query.filter(point_bands::code.eq(key)).first::<PointBandsRow>(conn)?,
    };
    row.try_into()
}

/// Stores new bands (already checked with [`PointBandsData::to_domain`]); a taken code is
/// `Duplicate`.
pub fn insert(
    conn: &mut DbConnection,
    data: &PointBandsData,
    now: DateTime<Utc>,
) -> Result<PointBandsRecord, RepoError> {
    let id = PointBandsId::generate().to_string();
    let bands = serde_json::to_string(&data.bands).map_err(|e| RepoError::Corrupt(format!("bands: {e}")))?;
    diesel::insert_into(point_bands::table)
        .values((
            point_bands::id.eq(&id),
            point_bands::code.eq(&data.code),
            point_bands::name.eq(&data.name),
            point_bands::institution_id.eq(data.institution_id.map(|id| id.to_string())),
            point_bands::scale_code.eq(&data.scale),
            point_bands::max_points.eq(&data.max_points),
            point_bands::bands.eq(bands),
            point_bands::source.eq(&data.source),
            point_bands::valid_from.eq(data.valid_from),
            point_bands::valid_to.eq(data.valid_to),
            point_bands::status.eq(&data.status),
            point_bands::version.eq(1),
            point_bands::created_at.eq(db_time(now)),
            point_bands::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, &id)
}
