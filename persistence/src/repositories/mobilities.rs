//! Mobilities: list with filters and keyset paging, find, insert, update, delete, status
//! changes with their history, and what quota accounting and the overlap rule read.
//!
//! The rules are the domain's; these functions only store their outcome. A status change is
//! one use case, [`change_status_by_rules`]: lock, read the facts, let the domain decide, write.
//! Creating or changing a mobility that holds a place runs in one `write_transaction` that
//! first calls [`lock_condition`]. Either way concurrent nominations under one cooperation
//! condition queue and count each other's places.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use iro_domain::agreement::Actor;
use iro_domain::mobility::{ActivityType, DateRange, Mobility, MobilityData, MobilityStatusChange, PersonMobility};
use iro_domain::quota::LinkedMobility;
use iro_domain::{
    AcademicYear, AgreementId, ConditionId, Direction, InstitutionId, MobilityId, MobilityProgramme, MobilityStatus,
    PersonId, UnitId, UserId,
};
use uuid::Uuid;

mod references;
mod status_change;

pub use references::reference_facts;
pub use status_change::change_status_by_rules;

use crate::models::agreement::{year_from_db, year_to_db};
use crate::models::mobility::{MobilityChanges, MobilityRow, MobilityStatusChangeRow, hundredths_from_db};
use crate::models::{corrupt, db_time, version};
use crate::schema::{agreement_conditions, institutions, mobilities, mobility_status_changes, people};
use crate::{DbConnection, Page, PageRequest, RepoError, Versioned};

/// Which mobilities a caller may see.
#[derive(Debug, Clone, Default)]
pub enum MobilityScope {
    /// All (officers, admins, integrations).
    #[default]
    All,
    /// Outgoing mobilities sent from, and incoming ones hosted by, these units (coordinators).
    Units(Vec<UnitId>),
    /// Mobilities of the person linked to this account (participants).
    Account(UserId),
}

/// Filters of the mobility list; all optional and combined with AND.
#[derive(Debug, Clone, Default)]
pub struct MobilityFilter {
    /// Outgoing or incoming.
    pub direction: Option<Direction>,
    /// Status.
    pub status: Option<MobilityStatus>,
    /// Programme.
    pub programme: Option<MobilityProgramme>,
    /// Activity type.
    pub activity_type: Option<ActivityType>,
    /// The partner institution.
    pub partner_institution_id: Option<InstitutionId>,
    /// The partner's country (ISO code, upper case).
    pub partner_country: Option<String>,
    /// Receiving academic year.
    pub academic_year: Option<AcademicYear>,
    /// Sending or receiving unit.
    pub unit_id: Option<UnitId>,
    /// The person.
    pub person_id: Option<PersonId>,
    /// The agreement.
    pub agreement_id: Option<AgreementId>,
    /// The cooperation condition.
    pub condition_id: Option<ConditionId>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
    /// Who may see what.
    pub scope: MobilityScope,
}

type Boxed<'a> = mobilities::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

/// The filtered query (without paging), shared by the list and the statistics.
fn filtered<'a>(filter: &MobilityFilter) -> Boxed<'a> {
    let mut query = mobilities::table.into_boxed();
    if let Some(direction) = filter.direction {
        query = query.filter(mobilities::direction.eq(direction.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(mobilities::status.eq(status.as_str()));
    }
    if let Some(programme) = filter.programme {
        query = query.filter(mobilities::programme.eq(programme.as_str()));
    }
    if let Some(activity) = filter.activity_type {
        query = query.filter(mobilities::activity_type.eq(activity.as_str()));
    }
    if let Some(partner) = filter.partner_institution_id {
        query = query.filter(mobilities::partner_institution_id.eq(partner.to_string()));
    }
    if let Some(country) = &filter.partner_country {
        let partners = institutions::table.filter(institutions::country.eq(country.clone())).select(institutions::id);
        query = query.filter(mobilities::partner_institution_id.eq_any(partners));
    }
    if let Some(year) = filter.academic_year {
        query = query.filter(mobilities::receiving_academic_year.eq(year_to_db(year)));
    }
    if let Some(unit) = filter.unit_id {
        let unit = unit.to_string();
        query = query.filter(mobilities::sending_unit_id.eq(unit.clone()).or(mobilities::receiving_unit_id.eq(unit)));
    }
    if let Some(person) = filter.person_id {
        query = query.filter(mobilities::person_id.eq(person.to_string()));
    }
    if let Some(agreement) = filter.agreement_id {
        query = query.filter(mobilities::agreement_id.eq(agreement.to_string()));
    }
    if let Some(condition) = filter.condition_id {
        query = query.filter(mobilities::condition_id.eq(condition.to_string()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(mobilities::updated_at.ge(db_time(since)));
    }
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
    query
}

/// Lists mobilities ordered by id.
pub fn list(conn: &mut DbConnection, filter: &MobilityFilter, page: &PageRequest) -> Result<Page<Mobility>, RepoError> {
    let versions = list_versions(conn, filter, page)?;
    let ids: Vec<MobilityId> = versions.items.iter().map(|v| v.id).collect();
    let mut rows = find_many(conn, &ids)?;
    rows.sort_by_key(|m| m.id.to_string());
    Ok(Page { items: rows, next_after: versions.next_after })
}

/// One page of the filtered list, ordered by id, as ids and versions only (one statement).
pub fn list_versions(
    conn: &mut DbConnection,
    filter: &MobilityFilter,
    page: &PageRequest,
) -> Result<Page<Versioned<MobilityId>>, RepoError> {
    let mut query = filtered(filter).select((mobilities::id, mobilities::version)).order(mobilities::id.asc());
    if let Some(after) = &page.after {
        query = query.filter(mobilities::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<(String, i32)>(conn)?;
    Page::from_overfetch(rows, page.limit, |(id, _)| id.clone()).try_map(|(id, raw_version)| {
        Ok(Versioned { id: MobilityId::parse(&id).map_err(corrupt("mobility id"))?, version: version(raw_version)? })
    })
}

/// The mobilities with these ids, in no particular order, in one statement; ids that do not
/// exist (any more) are left out.
pub fn find_many(conn: &mut DbConnection, ids: &[MobilityId]) -> Result<Vec<Mobility>, RepoError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let rows = crate::on_engine!(conn, |c| mobilities::table
        .filter(mobilities::id.eq_any(&ids))
        .select(MobilityRow::as_select())
        .load::<MobilityRow>(c))?;
    rows.into_iter().map(Mobility::try_from).collect()
}

/// One mobility as the statistics count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilityFacts {
    /// Direction.
    pub direction: String,
    /// Programme.
    pub programme: String,
    /// Activity type.
    pub activity_type: String,
    /// Status.
    pub status: String,
    /// The partner's country.
    pub partner_country: String,
    /// Our unit (sending for outgoing, receiving for incoming).
    pub unit_id: Option<String>,
}

/// The facts of every mobility matching `filter` (for the office overview).
pub fn facts(conn: &mut DbConnection, filter: &MobilityFilter) -> Result<Vec<MobilityFacts>, RepoError> {
    type Tuple = (String, String, String, String, String, Option<String>, Option<String>);
    let rows: Vec<Tuple> = filtered(filter)
        .select((
            mobilities::direction,
            mobilities::programme,
            mobilities::activity_type,
            mobilities::status,
            mobilities::partner_institution_id,
            mobilities::sending_unit_id,
            mobilities::receiving_unit_id,
        ))
        .load::<Tuple>(conn)?;
    let mut partners: Vec<&String> = rows.iter().map(|r| &r.4).collect();
    partners.sort();
    partners.dedup();
    let countries: std::collections::HashMap<String, String> = institutions::table
        .filter(institutions::id.eq_any(partners))
        .select((institutions::id, institutions::country))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(direction, programme, activity_type, status, partner, sending_unit, receiving_unit)| {
            let unit_id = if direction == Direction::Outgoing.as_str() { sending_unit } else { receiving_unit };
            MobilityFacts {
                partner_country: countries.get(&partner).cloned().unwrap_or_default(),
                direction,
                programme,
                activity_type,
                status,
                unit_id,
            }
        })
        .collect())
}

/// Finds one mobility.
pub fn find(conn: &mut DbConnection, id: MobilityId) -> Result<Mobility, RepoError> {
    mobilities::table.find(id.to_string()).select(MobilityRow::as_select()).first::<MobilityRow>(conn)?.try_into()
}

/// Takes the mobility's row lock for the rest of the transaction (PostgreSQL; SQLite's
/// immediate transaction already serialises writers).
pub fn lock(conn: &mut DbConnection, id: MobilityId) -> Result<(), RepoError> {
    let locked = diesel::update(mobilities::table.find(id.to_string()))
        .set(mobilities::version.eq(mobilities::version))
        .execute(conn)?;
    if locked == 0 { Err(RepoError::NotFound) } else { Ok(()) }
}

/// Takes the cooperation condition's row lock for the rest of the transaction, before the
/// places it holds are counted: on PostgreSQL a concurrent nomination under the same
/// condition waits here until this transaction commits, then counts the committed places
/// (READ COMMITTED reads the newest committed rows per statement). On SQLite the immediate
/// transaction already holds the single write lock.
pub fn lock_condition(conn: &mut DbConnection, id: ConditionId) -> Result<(), RepoError> {
    let locked = diesel::update(agreement_conditions::table.find(id.to_string()))
        .set(agreement_conditions::version.eq(agreement_conditions::version))
        .execute(conn)?;
    if locked == 0 { Err(RepoError::NotFound) } else { Ok(()) }
}

/// The mobilities linked to a condition, as quota accounting reads them (all years and
/// statuses; the domain picks the place-holding ones of the year).
pub fn linked_to_condition(
    conn: &mut DbConnection,
    condition: ConditionId,
) -> Result<Vec<LinkedMobility<MobilityId>>, RepoError> {
    mobilities::table
        .filter(mobilities::condition_id.eq(condition.to_string()))
        .select((mobilities::id, mobilities::receiving_academic_year, mobilities::status, mobilities::planned_duration))
        .order(mobilities::id.asc())
        .load::<(String, i32, String, i32)>(conn)?
        .into_iter()
        .map(|(id, year, status, planned)| {
            Ok(LinkedMobility {
                id: MobilityId::parse(&id).map_err(crate::models::corrupt("mobility id"))?,
                academic_year: year_from_db(year)?,
                status: MobilityStatus::parse(&status).map_err(crate::models::corrupt("status"))?,
                planned: hundredths_from_db(planned)?,
            })
        })
        .collect()
}

/// The person's mobilities, as the overlap rule reads them (actual dates where known).
pub fn of_person(conn: &mut DbConnection, person: PersonId) -> Result<Vec<PersonMobility<MobilityId>>, RepoError> {
    type Tuple = (String, String, NaiveDate, NaiveDate, Option<NaiveDate>, Option<NaiveDate>);
    mobilities::table
        .filter(mobilities::person_id.eq(person.to_string()))
        .select((
            mobilities::id,
            mobilities::status,
            mobilities::planned_start,
            mobilities::planned_end,
            mobilities::actual_start,
            mobilities::actual_end,
        ))
        .load::<Tuple>(conn)?
        .into_iter()
        .map(|(id, status, start, end, actual_start, actual_end)| {
            let planned = DateRange::new(start, end).map_err(crate::models::corrupt("period"))?;
            let period = DateRange::new(actual_start.unwrap_or(start), actual_end.unwrap_or(end)).unwrap_or(planned);
            Ok(PersonMobility {
                id: MobilityId::parse(&id).map_err(crate::models::corrupt("mobility id"))?,
                status: MobilityStatus::parse(&status).map_err(crate::models::corrupt("status"))?,
                period,
            })
        })
        .collect()
}

/// Records one status change in the history.
fn record_change(
    conn: &mut DbConnection,
    id: MobilityId,
    from: Option<MobilityStatus>,
    to: MobilityStatus,
    reason: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), RepoError> {
    diesel::insert_into(mobility_status_changes::table)
        .values((
            mobility_status_changes::id.eq(Uuid::now_v7().to_string()),
            mobility_status_changes::mobility_id.eq(id.to_string()),
            mobility_status_changes::from_status.eq(from.map(MobilityStatus::as_str)),
            mobility_status_changes::to_status.eq(to.as_str()),
            mobility_status_changes::reason.eq(reason),
            mobility_status_changes::changed_by.eq(&actor.id),
            mobility_status_changes::changed_by_name.eq(&actor.name),
            mobility_status_changes::changed_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A new mobility about to be stored.
#[derive(Debug, Clone)]
pub struct NewMobility<'a> {
    /// Its id (generated by the caller, so the nomination check can name it).
    pub id: MobilityId,
    /// Its data.
    pub data: &'a MobilityData,
    /// Its first status.
    pub status: MobilityStatus,
    /// A quota override's reason, when the first status took a place past the quota.
    pub quota_override_reason: Option<&'a str>,
}

/// Stores a new mobility and records its creation in the history.
pub fn insert(
    conn: &mut DbConnection,
    new: &NewMobility<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Mobility, RepoError> {
    diesel::insert_into(mobilities::table)
        .values((
            mobilities::id.eq(new.id.to_string()),
            MobilityChanges::try_from(new.data)?,
            mobilities::status.eq(new.status.as_str()),
            mobilities::quota_override_reason.eq(new.quota_override_reason),
            mobilities::version.eq(1),
            mobilities::created_at.eq(db_time(now)),
            mobilities::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    record_change(conn, new.id, None, new.status, None, actor, now)?;
    find(conn, new.id)
}

/// Replaces a mobility's data if the version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: MobilityId,
    expected_version: u32,
    data: &MobilityData,
    now: DateTime<Utc>,
) -> Result<Mobility, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        mobilities::table.filter(mobilities::id.eq(id.to_string())).filter(mobilities::version.eq(expected)),
    )
    .set((
        MobilityChanges::try_from(data)?,
        mobilities::version.eq(mobilities::version + 1),
        mobilities::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Deletes a mobility with its history.
pub fn delete(conn: &mut DbConnection, id: MobilityId) -> Result<(), RepoError> {
    find(conn, id)?;
    diesel::delete(mobility_status_changes::table.filter(mobility_status_changes::mobility_id.eq(id.to_string())))
        .execute(conn)?;
    diesel::delete(mobilities::table.find(id.to_string())).execute(conn)?;
    Ok(())
}

/// The mobility's status history, oldest first, in pages; with `since`, only changes made then or later.
pub fn history(
    conn: &mut DbConnection,
    id: MobilityId,
    since: Option<DateTime<Utc>>,
    page: &PageRequest,
) -> Result<Page<MobilityStatusChange>, RepoError> {
    let mut query = mobility_status_changes::table
        .filter(mobility_status_changes::mobility_id.eq(id.to_string()))
        .select(MobilityStatusChangeRow::as_select())
        .order(mobility_status_changes::id.asc())
        .into_boxed();
    // Recorded changes are never edited, so "modified since" means "made since".
    if let Some(since) = since {
        query = query.filter(mobility_status_changes::changed_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(mobility_status_changes::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<MobilityStatusChangeRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(MobilityStatusChange::try_from)
}

/// How many mobilities name the condition (a condition in use cannot be deleted).
pub fn count_for_condition(conn: &mut DbConnection, condition: ConditionId) -> Result<i64, RepoError> {
    Ok(mobilities::table.filter(mobilities::condition_id.eq(condition.to_string())).count().get_result(conn)?)
}
