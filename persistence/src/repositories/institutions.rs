//! Institutions: list with filters and keyset paging, find, insert, update, delete.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::{Institution, InstitutionData, InstitutionId};

use crate::models::institution::{InstitutionChanges, InstitutionRow};
use crate::models::{corrupt, db_time, version};
use crate::schema::{institutions, units};
use crate::{DbConnection, Page, PageRequest, RepoError, Versioned};

/// Filters of the institution list; all optional and combined with AND.
#[derive(Debug, Clone, Default)]
pub struct InstitutionFilter {
    /// ISO country code (upper case).
    pub country: Option<String>,
    /// Case-insensitive substring of any name, the abbreviation, hei_id or city.
    pub q: Option<String>,
    /// Only ours, or only partners.
    pub is_local: Option<bool>,
    /// Exact SCHAC code (lower case).
    pub hei_id: Option<String>,
    /// Erasmus code without spaces (upper case).
    pub erasmus_code_normalised: Option<String>,
    /// Changed at or after this instant.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Lists institutions ordered by id: the page of [`list_versions`], then its rows read with
/// [`find_many`] (two statements, whatever the page size).
pub fn list(
    conn: &mut DbConnection,
    filter: &InstitutionFilter,
    page: &PageRequest,
) -> Result<Page<Institution>, RepoError> {
    let versions = list_versions(conn, filter, page)?;
    let ids: Vec<InstitutionId> = versions.items.iter().map(|v| v.id).collect();
    let mut rows = find_many(conn, &ids)?;
    rows.sort_by_key(|i| i.id.to_string());
    Ok(Page { items: rows, next_after: versions.next_after })
}

/// One page of the filtered list, ordered by id, as ids and versions only: one statement,
/// which the `(country, id)` index and the primary key serve without reading the other
/// columns' text.
pub fn list_versions(
    conn: &mut DbConnection,
    filter: &InstitutionFilter,
    page: &PageRequest,
) -> Result<Page<Versioned<InstitutionId>>, RepoError> {
    // The query is built inside `on_engine!`, once per engine: see there for why.
    let rows: Vec<(String, i32)> = crate::on_engine!(conn, |c| {
        let mut query = institutions::table
            .select((institutions::id, institutions::version))
            .order(institutions::id.asc())
            .into_boxed();
        if let Some(country) = &filter.country {
            query = query.filter(institutions::country.eq(country));
        }
        if let Some(q) = &filter.q {
            query = query.filter(institutions::search_text.like(like_pattern(&q.to_lowercase())).escape('\\'));
        }
        if let Some(is_local) = filter.is_local {
            query = query.filter(institutions::is_local.eq(is_local));
        }
        if let Some(hei_id) = &filter.hei_id {
            query = query.filter(institutions::hei_id.eq(hei_id));
        }
        if let Some(code) = &filter.erasmus_code_normalised {
            query = query.filter(institutions::erasmus_code_normalised.eq(code));
        }
        if let Some(since) = filter.modified_since {
            query = query.filter(institutions::updated_at.ge(db_time(since)));
        }
        if let Some(after) = &page.after {
            query = query.filter(institutions::id.gt(after));
        }
        query.limit(i64::from(page.limit) + 1).load(c)
    })?;
    Page::from_overfetch(rows, page.limit, |(id, _)| id.clone()).try_map(|(id, raw_version)| {
        Ok(Versioned {
            id: InstitutionId::parse(&id).map_err(corrupt("institution id"))?,
            version: version(raw_version)?,
        })
    })
}

/// The institutions with these ids, in no particular order, in one statement; ids that do not
/// exist (any more) are left out.
pub fn find_many(conn: &mut DbConnection, ids: &[InstitutionId]) -> Result<Vec<Institution>, RepoError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let rows = crate::on_engine!(conn, |c| institutions::table
        .filter(institutions::id.eq_any(&ids))
        .select(InstitutionRow::as_select())
        .load::<InstitutionRow>(c))?;
    rows.into_iter().map(Institution::try_from).collect()
}

/// A `%…%` LIKE pattern matching `text` literally.
pub(crate) fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Finds one institution.
pub fn find(conn: &mut DbConnection, id: InstitutionId) -> Result<Institution, RepoError> {
    let id = id.to_string();
    crate::on_engine!(conn, |c| institutions::table
        .find(&id)
        .select(InstitutionRow::as_select())
        .first::<InstitutionRow>(c))?
    .try_into()
}

/// Finds our own university, if it has been registered.
pub fn find_local(conn: &mut DbConnection) -> Result<Option<Institution>, RepoError> {
    institutions::table
        .filter(institutions::is_local.eq(true))
        .select(InstitutionRow::as_select())
        .first::<InstitutionRow>(conn)
        .optional()?
        .map(Institution::try_from)
        .transpose()
}

/// Stores a new institution; a taken `hei_id`, Erasmus code or second local institution is
/// reported as `Duplicate`.
pub fn insert(conn: &mut DbConnection, data: &InstitutionData, now: DateTime<Utc>) -> Result<Institution, RepoError> {
    let id = InstitutionId::generate();
    diesel::insert_into(institutions::table)
        .values((
            institutions::id.eq(id.to_string()),
            InstitutionChanges::from(data),
            institutions::version.eq(1),
            institutions::created_at.eq(db_time(now)),
            institutions::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Replaces an institution's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: InstitutionId,
    expected_version: u32,
    data: &InstitutionData,
    now: DateTime<Utc>,
) -> Result<Institution, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        institutions::table.filter(institutions::id.eq(id.to_string())).filter(institutions::version.eq(expected)),
    )
    .set((
        InstitutionChanges::from(data),
        institutions::version.eq(institutions::version + 1),
        institutions::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        // Either it is gone or someone else changed it first.
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Makes every local institution other than `except` a partner, as a new version of each:
/// the first half of moving "ours" to `except`, which the caller then updates in the same
/// transaction. The partial unique index `institutions_one_local` keeps a concurrent move
/// from leaving two local institutions (the later one fails as `Duplicate`).
pub fn release_local(conn: &mut DbConnection, except: InstitutionId, now: DateTime<Utc>) -> Result<(), RepoError> {
    diesel::update(
        institutions::table.filter(institutions::is_local.eq(true)).filter(institutions::id.ne(except.to_string())),
    )
    .set((
        institutions::is_local.eq(false),
        institutions::version.eq(institutions::version + 1),
        institutions::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Deletes an institution that nothing references.
pub fn delete(conn: &mut DbConnection, id: InstitutionId) -> Result<(), RepoError> {
    find(conn, id)?;
    let unit_count: i64 = units::table.filter(units::institution_id.eq(id.to_string())).count().get_result(conn)?;
    if unit_count > 0 {
        return Err(RepoError::InUse(format!("{unit_count} organisational unit(s)")));
    }
    let agreement_refs = super::agreements::references_to_institution(conn, id)?;
    if agreement_refs > 0 {
        return Err(RepoError::InUse(format!("{agreement_refs} agreement(s) or cooperation condition(s)")));
    }
    diesel::delete(institutions::table.find(id.to_string())).execute(conn)?;
    Ok(())
}
