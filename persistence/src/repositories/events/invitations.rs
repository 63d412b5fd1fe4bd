//! Invitations drawn from mobilities: who qualifies for an audience, and adding the missing
//! ones (never twice: the primary key is the event and the person, and only people without an
//! invitation are inserted, under the event's lock).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use iro_domain::event::audience::Audience;
use iro_domain::{Direction, EventId, MobilityStatus, PersonId};

use crate::models::agreement::year_to_db;
use crate::models::{corrupt, db_time, utc};
use crate::schema::{event_invitations as inv, institutions, mobilities};
use crate::{DbConnection, RepoError};

/// The people an audience picks, each once, in id order.
pub fn candidates(conn: &mut DbConnection, audience: &Audience) -> Result<Vec<PersonId>, RepoError> {
    let statuses = |list: &[MobilityStatus]| list.iter().map(|s| s.as_str()).collect::<Vec<_>>();
    let mut query = mobilities::table
        .inner_join(institutions::table.on(institutions::id.eq(mobilities::receiving_institution_id)))
        .select(mobilities::person_id)
        .distinct()
        .order(mobilities::person_id.asc())
        .into_boxed();
    match audience {
        Audience::NominatedOutgoing { year, unit, partner_country } => {
            query = query
                .filter(mobilities::direction.eq(Direction::Outgoing.as_str()))
                .filter(mobilities::status.eq_any(statuses(&[MobilityStatus::Nominated, MobilityStatus::Accepted])))
                .filter(mobilities::receiving_academic_year.eq(year_to_db(*year)));
            if let Some(unit) = unit {
                query = query.filter(mobilities::sending_unit_id.eq(unit.to_string()));
            }
            if let Some(country) = partner_country {
                query = query.filter(institutions::country.eq(country.as_str().to_owned()));
            }
        }
        Audience::Returned { from, to } => {
            let (from, to): (NaiveDate, NaiveDate) = (*from, *to);
            query = query
                .filter(mobilities::status.eq_any(statuses(&[MobilityStatus::Completed, MobilityStatus::Recognized])))
                // The actual end, or the planned one when none was recorded.
                .filter(
                    mobilities::actual_end.ge(from).and(mobilities::actual_end.le(to)).or(mobilities::actual_end
                        .is_null()
                        .and(mobilities::planned_end.ge(from))
                        .and(mobilities::planned_end.le(to))),
                );
        }
        Audience::Incoming { from, to } => {
            query = query
                .filter(mobilities::direction.eq(Direction::Incoming.as_str()))
                .filter(mobilities::status.eq_any(statuses(&[
                    MobilityStatus::Nominated,
                    MobilityStatus::Accepted,
                    MobilityStatus::Live,
                ])))
                .filter(mobilities::planned_start.ge(*from))
                .filter(mobilities::planned_start.le(*to));
        }
    }
    query.load::<String>(conn)?.iter().map(|id| PersonId::parse(id).map_err(corrupt("person id"))).collect()
}

/// Invites those of `people` not invited yet; returns how many were added.
pub fn add_missing(
    conn: &mut DbConnection,
    event: EventId,
    people: &[PersonId],
    now: DateTime<Utc>,
) -> Result<u32, RepoError> {
    let invited: Vec<String> =
        inv::table.filter(inv::event_id.eq(event.to_string())).select(inv::person_id).load(conn)?;
    let mut added = 0;
    for person in people.iter().map(ToString::to_string).filter(|p| !invited.contains(p)) {
        diesel::insert_into(inv::table)
            .values((inv::event_id.eq(event.to_string()), inv::person_id.eq(person), inv::created_at.eq(db_time(now))))
            .execute(conn)?;
        added += 1;
    }
    Ok(added)
}

/// The invitations of an event: (person, when), in person order.
pub fn list(conn: &mut DbConnection, event: EventId) -> Result<Vec<(PersonId, DateTime<Utc>)>, RepoError> {
    inv::table
        .filter(inv::event_id.eq(event.to_string()))
        .order(inv::person_id.asc())
        .select((inv::person_id, inv::created_at))
        .load::<(String, chrono::NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(person, at)| Ok((PersonId::parse(&person).map_err(corrupt("person id"))?, utc(at))))
        .collect()
}
