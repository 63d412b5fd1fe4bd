//! Personal calendar feeds: a person's secret link (only its digest is stored) and the events
//! it lists — those the person is invited to, holds a seat for or waits for (not those they
//! declined), announced or later (a cancellation stays in the feed, so calendars show it).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::PersonId;
use iro_domain::event::{Event, EventStatus, RegistrationStatus};

use crate::models::db_time;
use crate::models::event::EventRow;
use crate::schema::{calendar_feeds, event_invitations, event_registrations, events};
use crate::{DbConnection, RepoError};

/// Sets the person's feed secret (its digest), replacing any earlier one: the old link stops
/// working.
pub fn replace(
    conn: &mut DbConnection,
    person: PersonId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), RepoError> {
    diesel::delete(calendar_feeds::table.find(person.to_string())).execute(conn)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::person_id.eq(person.to_string()),
            calendar_feeds::token_hash.eq(token_hash),
            calendar_feeds::created_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Revokes the person's feed; `NotFound` when there is none.
pub fn revoke(conn: &mut DbConnection, person: PersonId) -> Result<(), RepoError> {
    match diesel::delete(calendar_feeds::table.find(person.to_string())).execute(conn)? {
        0 => Err(RepoError::NotFound),
        _ => Ok(()),
    }
}

/// The events of the feed whose secret has `token_hash` (invited or registered, not declined),
/// by start; `NotFound` for an unknown
/// or revoked secret.
pub fn events_of(conn: &mut DbConnection, token_hash: &str) -> Result<Vec<Event>, RepoError> {
    let person: String = calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(token_hash))
        .select(calendar_feeds::person_id)
        .first(conn)?;
    let registered = event_registrations::table
        .filter(event_registrations::person_id.eq(person.clone()))
        .filter(
            event_registrations::status
                .eq_any([RegistrationStatus::Registered.as_str(), RegistrationStatus::Waitlisted.as_str()]),
        )
        .select(event_registrations::event_id);
    let declined = event_registrations::table
        .filter(event_registrations::person_id.eq(person.clone()))
        .filter(event_registrations::status.eq(RegistrationStatus::Declined.as_str()))
        .select(event_registrations::event_id);
    let invited =
        event_invitations::table.filter(event_invitations::person_id.eq(person)).select(event_invitations::event_id);
    events::table
        .filter(events::id.eq_any(registered).or(events::id.eq_any(invited)))
        .filter(diesel::dsl::not(events::id.eq_any(declined)))
        .filter(events::status.ne(EventStatus::Planned.as_str()))
        .order((events::starts_at.asc(), events::id.asc()))
        .select(EventRow::as_select())
        .load::<EventRow>(conn)?
        .into_iter()
        .map(Event::try_from)
        .collect()
}
