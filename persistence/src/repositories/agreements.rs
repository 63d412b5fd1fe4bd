//! Agreements: list with filters and keyset paging, find, insert, update, delete; status
//! changes with their history; the snapshot of the last mutually approved version. The
//! cooperation conditions are in [`conditions`].
//!
//! The rules (which transitions are allowed, what a change of conditions does to the status)
//! are the domain's; these functions only store their outcome. Callers run them inside one
//! `write_transaction` and call [`lock`] first, so concurrent changes of one agreement queue.

pub mod conditions;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::agreement::{
    Actor, Agreement, AgreementData, AgreementStatus, ApprovedVersion, Programme, StatusChange,
};
use iro_domain::{AcademicYear, AgreementId, HeiId, InstitutionId, UnitId};
use uuid::Uuid;

use crate::models::agreement::condition::HeiIds;
use crate::models::agreement::snapshot::StoredSnapshot;
use crate::models::agreement::{AgreementChanges, AgreementRow, StatusChangeRow, year_to_db};
use crate::models::{corrupt, db_time, utc};
use crate::schema::{agreement_conditions, agreement_status_changes, agreements, institutions};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the agreement list; all optional and combined with AND.
#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    /// The partner institution.
    pub partner_institution_id: Option<InstitutionId>,
    /// The partner's ISO country code (upper case).
    pub partner_country: Option<String>,
    /// Erasmus+ or bilateral.
    pub programme: Option<Programme>,
    /// Approval status.
    pub status: Option<AgreementStatus>,
    /// Only agreements whose period includes this academic year.
    pub academic_year: Option<AcademicYear>,
    /// Our unit (faculty-level agreements).
    pub local_unit_id: Option<UnitId>,
    /// Exact human number.
    pub code: Option<String>,
    /// Changed (the agreement or one of its conditions) at or after this instant.
    pub modified_since: Option<DateTime<Utc>>,
    /// Only agreements in force ([`Agreement::in_force`]): what participants may browse.
    pub in_force_only: bool,
}

/// Statuses under which an agreement amended after a mutual approval stays in force.
pub(crate) const AMENDABLE: [&str; 3] = ["submitted", "approved_by_us", "approved_by_partner"];

/// Lists agreements ordered by id.
pub fn list(
    conn: &mut DbConnection,
    filter: &AgreementFilter,
    page: &PageRequest,
) -> Result<Page<Agreement>, RepoError> {
    let mut query = agreements::table
        .inner_join(institutions::table)
        .select(AgreementRow::as_select())
        .order(agreements::id.asc())
        .into_boxed();
    if let Some(partner) = filter.partner_institution_id {
        query = query.filter(agreements::partner_institution_id.eq(partner.to_string()));
    }
    if let Some(country) = &filter.partner_country {
        query = query.filter(institutions::country.eq(country.clone()));
    }
    if let Some(programme) = filter.programme {
        query = query.filter(agreements::programme.eq(programme.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(agreements::status.eq(status.as_str()));
    }
    if let Some(year) = filter.academic_year {
        let year = year_to_db(year);
        query = query.filter(agreements::first_academic_year.le(year)).filter(agreements::last_academic_year.ge(year));
    }
    if let Some(unit) = filter.local_unit_id {
        query = query.filter(agreements::local_unit_id.eq(unit.to_string()));
    }
    if let Some(code) = &filter.code {
        query = query.filter(agreements::code.eq(code.clone()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(agreements::updated_at.ge(db_time(since)));
    }
    if filter.in_force_only {
        // Agreement::in_force, in SQL.
        query = query.filter(
            agreements::status
                .eq(AgreementStatus::ApprovedByBoth.as_str())
                .or(agreements::approved_at.is_not_null().and(agreements::status.eq_any(AMENDABLE))),
        );
    }
    if let Some(after) = &page.after {
        query = query.filter(agreements::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<AgreementRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Agreement::try_from)
}

/// Finds one agreement.
pub fn find(conn: &mut DbConnection, id: AgreementId) -> Result<Agreement, RepoError> {
    agreements::table.find(id.to_string()).select(AgreementRow::as_select()).first::<AgreementRow>(conn)?.try_into()
}

/// Takes the agreement's row lock for the rest of the transaction (PostgreSQL; SQLite's
/// immediate transaction already serialises writers), so that a concurrent change of the same
/// agreement waits and then reads the committed result instead of deciding on stale data.
pub fn lock(conn: &mut DbConnection, id: AgreementId) -> Result<(), RepoError> {
    let locked = diesel::update(agreements::table.find(id.to_string()))
        .set(agreements::version.eq(agreements::version))
        .execute(conn)?;
    if locked == 0 { Err(RepoError::NotFound) } else { Ok(()) }
}

/// Stores a new agreement as a `draft`; a taken code (or partner agreement id) is reported as
/// `Duplicate`.
pub fn insert(conn: &mut DbConnection, data: &AgreementData, now: DateTime<Utc>) -> Result<Agreement, RepoError> {
    let id = AgreementId::generate();
    diesel::insert_into(agreements::table)
        .values((
            agreements::id.eq(id.to_string()),
            AgreementChanges::from(data),
            agreements::status.eq(AgreementStatus::Draft.as_str()),
            agreements::version.eq(1),
            agreements::created_at.eq(db_time(now)),
            agreements::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Replaces an agreement's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: AgreementId,
    expected_version: u32,
    data: &AgreementData,
    now: DateTime<Utc>,
) -> Result<Agreement, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        agreements::table.filter(agreements::id.eq(id.to_string())).filter(agreements::version.eq(expected)),
    )
    .set((
        AgreementChanges::from(data),
        agreements::version.eq(agreements::version + 1),
        agreements::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Marks the agreement as changed (new version and `updated_at`), e.g. when one of its
/// conditions changed.
pub fn touch(conn: &mut DbConnection, id: AgreementId, now: DateTime<Utc>) -> Result<Agreement, RepoError> {
    diesel::update(agreements::table.find(id.to_string()))
        .set((agreements::version.eq(agreements::version + 1), agreements::updated_at.eq(db_time(now))))
        .execute(conn)?;
    find(conn, id)
}

/// Deletes an agreement with its conditions and history (the caller decides whether it may go).
pub fn delete(conn: &mut DbConnection, id: AgreementId) -> Result<(), RepoError> {
    find(conn, id)?;
    diesel::delete(agreement_conditions::table.filter(agreement_conditions::agreement_id.eq(id.to_string())))
        .execute(conn)?;
    diesel::delete(agreement_status_changes::table.filter(agreement_status_changes::agreement_id.eq(id.to_string())))
        .execute(conn)?;
    diesel::delete(agreements::table.find(id.to_string())).execute(conn)?;
    Ok(())
}

/// Moves the agreement from `from` to `to` (the caller has checked the state machine) and
/// records the change in its history. `Stale` when the status is no longer `from`.
pub fn change_status(
    conn: &mut DbConnection,
    id: AgreementId,
    from: AgreementStatus,
    to: AgreementStatus,
    reason: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Agreement, RepoError> {
    let changed = diesel::update(
        agreements::table.filter(agreements::id.eq(id.to_string())).filter(agreements::status.eq(from.as_str())),
    )
    .set((
        agreements::status.eq(to.as_str()),
        agreements::version.eq(agreements::version + 1),
        agreements::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    diesel::insert_into(agreement_status_changes::table)
        .values((
            agreement_status_changes::id.eq(Uuid::now_v7().to_string()),
            agreement_status_changes::agreement_id.eq(id.to_string()),
            agreement_status_changes::from_status.eq(from.as_str()),
            agreement_status_changes::to_status.eq(to.as_str()),
            agreement_status_changes::reason.eq(reason),
            agreement_status_changes::changed_by.eq(&actor.id),
            agreement_status_changes::changed_by_name.eq(&actor.name),
            agreement_status_changes::changed_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// The agreement's status history, oldest first, in pages; `since` keeps changes at or after
/// that instant.
pub fn history(
    conn: &mut DbConnection,
    id: AgreementId,
    since: Option<DateTime<Utc>>,
    page: &PageRequest,
) -> Result<Page<StatusChange>, RepoError> {
    let mut query = agreement_status_changes::table
        .filter(agreement_status_changes::agreement_id.eq(id.to_string()))
        .select(StatusChangeRow::as_select())
        .order(agreement_status_changes::id.asc())
        .into_boxed();
    if let Some(since) = since {
        query = query.filter(agreement_status_changes::changed_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(agreement_status_changes::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<StatusChangeRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(StatusChange::try_from)
}

/// Keeps the agreement and its conditions, as they are now, as the last mutually approved
/// version, approved at `approved_at`. Does not change the agreement's version: callers
/// store a snapshot together with a status change or a touch, which do.
pub fn store_snapshot(conn: &mut DbConnection, id: AgreementId, approved_at: DateTime<Utc>) -> Result<(), RepoError> {
    let mut agreement =
        agreements::table.find(id.to_string()).select(AgreementRow::as_select()).first::<AgreementRow>(conn)?;
    // The kept agreement says when it was approved, like the live one.
    agreement.approved_at = Some(db_time(approved_at));
    let rows = conditions::rows(conn, id)?;
    let hei_ids = hei_ids(conn, rows.iter().flat_map(|r| [&r.sending_institution_id, &r.receiving_institution_id]))?;
    let snapshot = StoredSnapshot {
        agreement,
        conditions: rows,
        hei_ids: hei_ids.into_iter().map(|(id, hei)| (id, hei.to_string())).collect(),
    };
    diesel::update(agreements::table.find(id.to_string()))
        .set((
            agreements::approved_snapshot.eq(Some(snapshot.to_json()?)),
            agreements::approved_at.eq(Some(db_time(approved_at))),
        ))
        .execute(conn)?;
    Ok(())
}

/// The last mutually approved version, if both sides ever approved one.
pub fn approved_version(conn: &mut DbConnection, id: AgreementId) -> Result<Option<ApprovedVersion>, RepoError> {
    let (snapshot, approved_at) = agreements::table
        .find(id.to_string())
        .select((agreements::approved_snapshot, agreements::approved_at))
        .first::<(Option<String>, Option<chrono::NaiveDateTime>)>(conn)?;
    match (snapshot, approved_at) {
        (Some(json), Some(at)) => StoredSnapshot::read(&json, utc(at)).map(Some),
        _ => Ok(None),
    }
}

/// How many agreements and conditions name the institution (as partner or as a side).
pub fn references_to_institution(conn: &mut DbConnection, id: InstitutionId) -> Result<i64, RepoError> {
    let id = id.to_string();
    let as_partner: i64 =
        agreements::table.filter(agreements::partner_institution_id.eq(&id)).count().get_result(conn)?;
    let as_side: i64 = agreement_conditions::table
        .filter(
            agreement_conditions::sending_institution_id
                .eq(&id)
                .or(agreement_conditions::receiving_institution_id.eq(&id)),
        )
        .count()
        .get_result(conn)?;
    Ok(as_partner + as_side)
}

/// How many agreements and conditions name the unit (partner or local unit, or a side's unit).
pub fn references_to_unit(conn: &mut DbConnection, id: UnitId) -> Result<i64, RepoError> {
    let id = id.to_string();
    let in_agreements: i64 = agreements::table
        .filter(agreements::partner_unit_id.eq(&id).or(agreements::local_unit_id.eq(&id)))
        .count()
        .get_result(conn)?;
    let in_conditions: i64 = agreement_conditions::table
        .filter(agreement_conditions::sending_unit_id.eq(&id).or(agreement_conditions::receiving_unit_id.eq(&id)))
        .count()
        .get_result(conn)?;
    Ok(in_agreements + in_conditions)
}

/// The SCHAC codes of the given institutions.
pub(crate) fn hei_ids<'a>(
    conn: &mut DbConnection,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<HeiIds, RepoError> {
    let mut ids: Vec<&String> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HeiIds::new());
    }
    institutions::table
        .filter(institutions::id.eq_any(ids))
        .select((institutions::id, institutions::hei_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, hei)| HeiId::parse(&hei).map(|hei| (id, hei)).map_err(corrupt("hei_id")))
        .collect()
}

#[cfg(test)]
mod tests;
