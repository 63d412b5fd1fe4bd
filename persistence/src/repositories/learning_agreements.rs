//! Learning agreements: find one by its mobility, read its versions with their signatures and
//! comments, list them by the caller's mobilities and filters, the student mobilities about to
//! depart without an approved one, and what the checklist reads (the traineeship host's
//! insurance); writes in `learning_agreements/writes.rs`. The departure guard reads its fact in
//! `mobilities/status_change.rs`, in the status change's transaction.

pub mod writes;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use iro_domain::learning_agreement::{
    AgreementContent, AgreementKind, ComponentChange, HostInsurance, LaSignature, Side, SigningStatus,
};
use iro_domain::mobility::ActivityType;
use iro_domain::{AcademicYear, Direction, LearningAgreementId, MobilityId, MobilityStatus, UnitId};

use super::mobilities::MobilityScope;
use crate::models::agreement::year_to_db;
use crate::models::learning_agreement::{
    AgreementRow, CommentRow, SignatureRow, StoredAgreement, changes_from_json, content_from_json,
};
use crate::models::{corrupt, db_time, utc};
use crate::schema::{
    learning_agreement_comments, learning_agreement_signatures, learning_agreement_versions, learning_agreements,
    mobilities, people,
};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// The backend of [`DbConnection`], which a nullable row selection cannot infer.
type Db = <DbConnection as diesel::Connection>::Backend;

/// One version with its signatures and comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    /// Id.
    pub id: String,
    /// 1 for the first version, then each change proposal.
    pub number: u32,
    /// The hash of its content: changes if and only if the content does.
    pub proposal_id: String,
    /// What it says.
    pub content: AgreementContent,
    /// For a change proposal, its rows (empty for the first version).
    pub changes: Vec<ComponentChange>,
    /// Replaced by a later proposal before anyone signed it.
    pub superseded: bool,
    /// Who made it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Its signatures, in signing order.
    pub signatures: Vec<LaSignature>,
    /// Comments and declines, oldest first.
    pub comments: Vec<CommentRow>,
}

/// Filters of the list.
#[derive(Debug, Clone)]
pub struct AgreementFilter {
    /// Who may see what.
    pub scope: MobilityScope,
    /// The latest version's signing state.
    pub status: Option<SigningStatus>,
    /// Whose signature the latest version waits for.
    pub unsigned_by: Option<Side>,
    /// The mobility's academic year.
    pub academic_year: Option<AcademicYear>,
    /// The mobility's unit (sending or receiving).
    pub unit: Option<UnitId>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Finds the agreement of a mobility.
pub fn find_by_mobility(conn: &mut DbConnection, mobility: MobilityId) -> Result<StoredAgreement, RepoError> {
    learning_agreements::table
        .filter(learning_agreements::mobility_id.eq(mobility.to_string()))
        .select(AgreementRow::as_select())
        .first::<AgreementRow>(conn)?
        .try_into()
}

/// Finds an agreement by id.
pub fn find(conn: &mut DbConnection, id: LearningAgreementId) -> Result<StoredAgreement, RepoError> {
    learning_agreements::table
        .find(id.to_string())
        .select(AgreementRow::as_select())
        .first::<AgreementRow>(conn)?
        .try_into()
}

/// A version row as read.
type VersionRow = (String, i32, String, String, Option<String>, bool, String, chrono::NaiveDateTime);

/// The versions of an agreement, oldest first, each with its signatures and comments (three
/// statements whatever their number). `only` reads just that version number.
pub fn versions(
    conn: &mut DbConnection,
    id: LearningAgreementId,
    only: Option<u32>,
) -> Result<Vec<StoredVersion>, RepoError> {
    let mut query = learning_agreement_versions::table
        .filter(learning_agreement_versions::agreement_id.eq(id.to_string()))
        .order(learning_agreement_versions::number.asc())
        .select((
            learning_agreement_versions::id,
            learning_agreement_versions::number,
            learning_agreement_versions::proposal_id,
            learning_agreement_versions::content,
            learning_agreement_versions::changes,
            learning_agreement_versions::superseded,
            learning_agreement_versions::created_by,
            learning_agreement_versions::created_at,
        ))
        .into_boxed();
    if let Some(number) = only {
        query = query.filter(learning_agreement_versions::number.eq(i32::try_from(number).unwrap_or(i32::MAX)));
    }
    let rows: Vec<VersionRow> = query.load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let signatures: Vec<SignatureRow> = learning_agreement_signatures::table
        .filter(learning_agreement_signatures::version_id.eq_any(&ids))
        .select(SignatureRow::as_select())
        .load(conn)?;
    let comments: Vec<CommentRow> = learning_agreement_comments::table
        .filter(learning_agreement_comments::version_id.eq_any(&ids))
        .order(learning_agreement_comments::id.asc())
        .select(CommentRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|(id, number, proposal_id, content, changes, superseded, created_by, created_at)| {
            let mut signed: Vec<LaSignature> = signatures
                .iter()
                .filter(|s| s.version_id == id)
                .cloned()
                .map(LaSignature::try_from)
                .collect::<Result<_, _>>()?;
            signed.sort_by_key(|s| s.side);
            Ok(StoredVersion {
                number: u32::try_from(number).map_err(|_| RepoError::Corrupt(format!("version number {number}")))?,
                proposal_id,
                content: content_from_json(&content)?,
                changes: changes.as_deref().map(changes_from_json).transpose()?.unwrap_or_default(),
                superseded,
                created_by,
                created_at: utc(created_at),
                signatures: signed,
                comments: comments.iter().filter(|c| c.version_id == id).cloned().collect(),
                id,
            })
        })
        .collect()
}

/// The latest version of an agreement.
pub fn latest(conn: &mut DbConnection, agreement: &StoredAgreement) -> Result<StoredVersion, RepoError> {
    versions(conn, agreement.id, Some(agreement.latest_number))?.pop().ok_or(RepoError::NotFound)
}

/// Lists agreements ordered by id.
pub fn list(
    conn: &mut DbConnection,
    filter: &AgreementFilter,
    page: &PageRequest,
) -> Result<Page<StoredAgreement>, RepoError> {
    let mut query = learning_agreements::table
        .inner_join(mobilities::table)
        .select(AgreementRow::as_select())
        .order(learning_agreements::id.asc())
        .into_boxed();
    match &filter.scope {
        MobilityScope::All => {}
        MobilityScope::Units(units) => {
            let units: Vec<String> = units.iter().map(ToString::to_string).collect();
            query = query.filter(
                mobilities::direction
                    .eq(Direction::Outgoing.as_str())
                    .and(mobilities::sending_unit_id.eq_any(units.clone()))
                    .or(mobilities::direction
                        .eq(Direction::Incoming.as_str())
                        .and(mobilities::receiving_unit_id.eq_any(units))),
            );
        }
        MobilityScope::Account(user) => {
            let own = people::table.filter(people::user_id.eq(user.to_string())).select(people::id);
            query = query.filter(mobilities::person_id.eq_any(own));
        }
    }
    if let Some(status) = filter.status {
        query = query.filter(learning_agreements::status.eq(status.as_str()));
    }
    if let Some(side) = filter.unsigned_by {
        // The latest version waits for this side: it has not signed, and (signing being in
        // order) every side after the next signer has not either.
        let waiting: Vec<&str> = Side::ALL.iter().filter(|s| **s <= side).map(|s| s.as_str()).collect();
        query = query.filter(learning_agreements::next_signer.eq_any(waiting));
    }
    if let Some(year) = filter.academic_year {
        query = query.filter(mobilities::receiving_academic_year.eq(year_to_db(year)));
    }
    if let Some(unit) = filter.unit {
        let unit = unit.to_string();
        query = query.filter(mobilities::sending_unit_id.eq(unit.clone()).or(mobilities::receiving_unit_id.eq(unit)));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(learning_agreements::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(learning_agreements::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<AgreementRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(StoredAgreement::try_from)
}

/// A student mobility about to depart without an approved learning agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnapprovedDeparture {
    /// The mobility.
    pub mobility_id: MobilityId,
    /// Its planned first day.
    pub departure: NaiveDate,
    /// Its agreement, not signed by all three; `None` when it has none yet.
    pub agreement: Option<StoredAgreement>,
}

/// The nominated or accepted student mobilities (studies, traineeships) the caller sees that
/// depart on or before `by` (or have already) without a learning agreement version signed by
/// all three, whether they have an agreement or not; ordered by mobility id. `unit` keeps
/// those sent from or hosted by it.
pub fn unapproved_departures(
    conn: &mut DbConnection,
    scope: &MobilityScope,
    unit: Option<UnitId>,
    by: NaiveDate,
    page: &PageRequest,
) -> Result<Page<UnapprovedDeparture>, RepoError> {
    let students: Vec<&str> = ActivityType::ALL
        .iter()
        .filter(|a| AgreementKind::required_before_departure(**a))
        .map(|a| a.as_str())
        .collect();
    let mut query = mobilities::table
        .left_join(learning_agreements::table)
        .filter(learning_agreements::approved_number.is_null())
        .filter(mobilities::status.eq_any([MobilityStatus::Nominated.as_str(), MobilityStatus::Accepted.as_str()]))
        .filter(mobilities::activity_type.eq_any(students))
        .filter(mobilities::planned_start.le(by))
        .select((
            mobilities::id,
            mobilities::planned_start,
            <Option<AgreementRow> as SelectableHelper<Db>>::as_select(),
        ))
        .order(mobilities::id.asc())
        .into_boxed();
    match scope {
        MobilityScope::All => {}
        MobilityScope::Units(units) => {
            let units: Vec<String> = units.iter().map(ToString::to_string).collect();
            query = query.filter(
                mobilities::direction
                    .eq(Direction::Outgoing.as_str())
                    .and(mobilities::sending_unit_id.eq_any(units.clone()))
                    .or(mobilities::direction
                        .eq(Direction::Incoming.as_str())
                        .and(mobilities::receiving_unit_id.eq_any(units))),
            );
        }
        MobilityScope::Account(user) => {
            let own = people::table.filter(people::user_id.eq(user.to_string())).select(people::id);
            query = query.filter(mobilities::person_id.eq_any(own));
        }
    }
    if let Some(unit) = unit {
        let unit = unit.to_string();
        query = query.filter(mobilities::sending_unit_id.eq(unit.clone()).or(mobilities::receiving_unit_id.eq(unit)));
    }
    if let Some(after) = &page.after {
        query = query.filter(mobilities::id.gt(after.clone()));
    }
    let rows: Vec<(String, NaiveDate, Option<AgreementRow>)> = query.limit(i64::from(page.limit) + 1).load(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.0.clone()).try_map(|(id, departure, agreement)| {
        Ok(UnapprovedDeparture {
            mobility_id: MobilityId::parse(&id).map_err(corrupt("mobility id"))?,
            departure,
            agreement: agreement.map(StoredAgreement::try_from).transpose()?,
        })
    })
}

/// What the traineeship host covers, as the mobility's latest agreement version says
/// (unknown without an agreement or for other kinds).
pub fn host_insurance(conn: &mut DbConnection, mobility: MobilityId) -> Result<HostInsurance, RepoError> {
    let content: Option<String> = learning_agreements::table
        .inner_join(learning_agreement_versions::table)
        .filter(learning_agreements::mobility_id.eq(mobility.to_string()))
        .filter(learning_agreement_versions::number.eq(learning_agreements::latest_number))
        .select(learning_agreement_versions::content)
        .first(conn)
        .optional()?;
    let Some(content) = content else { return Ok(HostInsurance::default()) };
    Ok(content_from_json(&content)?.traineeship.map(|t| t.host_insurance).unwrap_or_default())
}

/// Which of `courses` the catalogue does not have (a component may reference only an
/// existing course).
pub fn missing_courses(
    conn: &mut DbConnection,
    courses: &[iro_domain::CourseId],
) -> Result<Vec<iro_domain::CourseId>, RepoError> {
    let wanted: Vec<String> = courses.iter().map(ToString::to_string).collect();
    let found: Vec<String> = crate::schema::catalogue_courses::table
        .filter(crate::schema::catalogue_courses::id.eq_any(&wanted))
        .select(crate::schema::catalogue_courses::id)
        .load(conn)?;
    Ok(courses.iter().filter(|c| !found.contains(&c.to_string())).copied().collect())
}
