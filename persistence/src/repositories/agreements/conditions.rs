//! An agreement's cooperation conditions: list (in agreed order), find, insert, update, delete.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::agreement::{AgreementCondition, ConditionData, MobilityType};
use iro_domain::{AgreementId, ConditionId, InstitutionId};

use super::hei_ids;
use crate::models::agreement::condition::{ConditionChanges, ConditionRow};
use crate::models::db_time;
use crate::schema::agreement_conditions;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the condition list.
#[derive(Debug, Clone, Default)]
pub struct ConditionFilter {
    /// Only this type.
    pub mobility_type: Option<MobilityType>,
    /// Only conditions whose sending side is this institution.
    pub sending_institution_id: Option<InstitutionId>,
    /// Only conditions whose receiving side is this institution.
    pub receiving_institution_id: Option<InstitutionId>,
    /// Changed at or after this instant.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Reads rows into the domain, looking up the SCHAC codes of their institutions at once.
fn into_domain(conn: &mut DbConnection, rows: Vec<ConditionRow>) -> Result<Vec<AgreementCondition>, RepoError> {
    let heis = hei_ids(conn, rows.iter().flat_map(|r| [&r.sending_institution_id, &r.receiving_institution_id]))?;
    rows.into_iter().map(|row| row.into_domain(&heis)).collect()
}

/// Every condition row of an agreement, in order (for snapshots).
pub(crate) fn rows(conn: &mut DbConnection, agreement: AgreementId) -> Result<Vec<ConditionRow>, RepoError> {
    Ok(agreement_conditions::table
        .filter(agreement_conditions::agreement_id.eq(agreement.to_string()))
        .select(ConditionRow::as_select())
        .order(agreement_conditions::position.asc())
        .load::<ConditionRow>(conn)?)
}

/// Lists an agreement's conditions in their agreed order; the page continues after a position.
pub fn list(
    conn: &mut DbConnection,
    agreement: AgreementId,
    filter: &ConditionFilter,
    page: &PageRequest,
) -> Result<Page<AgreementCondition>, RepoError> {
    let mut query = agreement_conditions::table
        .filter(agreement_conditions::agreement_id.eq(agreement.to_string()))
        .select(ConditionRow::as_select())
        .order(agreement_conditions::position.asc())
        .into_boxed();
    if let Some(mobility_type) = filter.mobility_type {
        query = query.filter(agreement_conditions::mobility_type.eq(mobility_type.as_str()));
    }
    if let Some(sending) = filter.sending_institution_id {
        query = query.filter(agreement_conditions::sending_institution_id.eq(sending.to_string()));
    }
    if let Some(receiving) = filter.receiving_institution_id {
        query = query.filter(agreement_conditions::receiving_institution_id.eq(receiving.to_string()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(agreement_conditions::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        // A cursor we did not issue names no position: nothing follows it.
        let after: i32 = after.parse().unwrap_or(i32::MAX);
        query = query.filter(agreement_conditions::position.gt(after));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<ConditionRow>(conn)?;
    let page = Page::from_overfetch(rows, page.limit, |row| row.position.to_string());
    let items = into_domain(conn, page.items)?;
    Ok(Page { items, next_after: page.next_after })
}

/// Every condition of an agreement, in order.
pub fn all(conn: &mut DbConnection, agreement: AgreementId) -> Result<Vec<AgreementCondition>, RepoError> {
    let rows = rows(conn, agreement)?;
    into_domain(conn, rows)
}

/// Finds a condition of the given agreement.
pub fn find(conn: &mut DbConnection, agreement: AgreementId, id: ConditionId) -> Result<AgreementCondition, RepoError> {
    let row = agreement_conditions::table
        .filter(agreement_conditions::agreement_id.eq(agreement.to_string()))
        .filter(agreement_conditions::id.eq(id.to_string()))
        .select(ConditionRow::as_select())
        .first::<ConditionRow>(conn)?;
    into_domain(conn, vec![row])?.pop().ok_or(RepoError::NotFound)
}

/// Appends a condition at the end of the agreement's list.
pub fn insert(
    conn: &mut DbConnection,
    agreement: AgreementId,
    data: &ConditionData,
    now: DateTime<Utc>,
) -> Result<AgreementCondition, RepoError> {
    let id = ConditionId::generate();
    let last: Option<i32> = agreement_conditions::table
        .filter(agreement_conditions::agreement_id.eq(agreement.to_string()))
        .select(diesel::dsl::max(agreement_conditions::position))
        .first(conn)?;
    diesel::insert_into(agreement_conditions::table)
        .values((
            agreement_conditions::id.eq(id.to_string()),
            agreement_conditions::agreement_id.eq(agreement.to_string()),
            agreement_conditions::position.eq(last.unwrap_or(0) + 1),
            ConditionChanges::try_from(data)?,
            agreement_conditions::version.eq(1),
            agreement_conditions::created_at.eq(db_time(now)),
            agreement_conditions::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, agreement, id)
}

/// Replaces a condition's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    agreement: AgreementId,
    id: ConditionId,
    expected_version: u32,
    data: &ConditionData,
    now: DateTime<Utc>,
) -> Result<AgreementCondition, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        agreement_conditions::table
            .filter(agreement_conditions::id.eq(id.to_string()))
            .filter(agreement_conditions::agreement_id.eq(agreement.to_string()))
            .filter(agreement_conditions::version.eq(expected)),
    )
    .set((
        ConditionChanges::try_from(data)?,
        agreement_conditions::version.eq(agreement_conditions::version + 1),
        agreement_conditions::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, agreement, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, agreement, id)
}

/// Deletes a condition of the agreement.
pub fn delete(conn: &mut DbConnection, agreement: AgreementId, id: ConditionId) -> Result<(), RepoError> {
    let deleted = diesel::delete(
        agreement_conditions::table
            .filter(agreement_conditions::id.eq(id.to_string()))
            .filter(agreement_conditions::agreement_id.eq(agreement.to_string())),
    )
    .execute(conn)?;
    if deleted == 0 { Err(RepoError::NotFound) } else { Ok(()) }
}
