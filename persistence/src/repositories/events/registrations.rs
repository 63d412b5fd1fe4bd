//! Registrations for an event. Seats are counted and given under the event's lock: on
//! PostgreSQL a `FOR NO KEY UPDATE` row lock of the event, which every registration, decline
//! and capacity change of that event takes first, so they queue; on SQLite the write
//! transaction's gate and `BEGIN IMMEDIATE` already serialise every writer. Callers run these
//! in `write_transaction`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use iro_domain::event::{Attendee, Registration, RegistrationStatus};
use iro_domain::{CountryCode, EventId, PersonId, RegistrationId};

use crate::models::{corrupt, db_time, utc, version};
use crate::schema::event_registrations as r;
use crate::{DbConnection, RepoError};

/// A row of `event_registrations`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = r)]
struct RegistrationRow {
    id: String,
    event_id: String,
    person_id: Option<String>,
    external_name: Option<String>,
    external_institution: Option<String>,
    external_country: Option<String>,
    external_citizenship: Option<String>,
    status: String,
    queued_at: chrono::NaiveDateTime,
    attended_at: Option<chrono::NaiveDateTime>,
    version: i32,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

impl TryFrom<RegistrationRow> for Registration {
    type Error = RepoError;

    fn try_from(row: RegistrationRow) -> Result<Self, Self::Error> {
        let country = |raw: Option<String>| raw.as_deref().map(CountryCode::parse).transpose();
        let attendee = match row.person_id {
            Some(person) => Attendee::Person(PersonId::parse(&person).map_err(corrupt("person"))?),
            None => Attendee::External(iro_domain::event::ExternalAttendee {
                name: row.external_name.unwrap_or_default(),
                institution: row.external_institution,
                country: country(row.external_country).map_err(corrupt("country"))?,
                citizenship: country(row.external_citizenship).map_err(corrupt("citizenship"))?,
            }),
        };
        Ok(Registration {
            id: RegistrationId::parse(&row.id).map_err(|e| RepoError::Corrupt(format!("registration id: {e}")))?,
            event_id: EventId::parse(&row.event_id).map_err(corrupt("event id"))?,
            attendee,
            status: RegistrationStatus::parse(&row.status).map_err(corrupt("registration status"))?,
            queued_at: utc(row.queued_at),
            attended_at: row.attended_at.map(utc),
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// PostgreSQL: locks the event's row until the transaction ends, so the seats of one event
/// are counted and given by one writer at a time. SQLite: nothing (the write transaction
/// already holds the only write lock).
pub fn lock_event(conn: &mut DbConnection, event: EventId) -> Result<(), RepoError> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT 1 FROM events WHERE id = $1 FOR NO KEY UPDATE")
            .bind::<Text, _>(event.to_string())
            .execute(pg)?;
    }
    Ok(())
}

/// How many registrations of the event have `status`.
pub fn count(conn: &mut DbConnection, event: EventId, status: RegistrationStatus) -> Result<u32, RepoError> {
    let n: i64 = r::table
        .filter(r::event_id.eq(event.to_string()))
        .filter(r::status.eq(status.as_str()))
        .count()
        .get_result(conn)?;
    u32::try_from(n).map_err(|_| RepoError::Corrupt("registration count".into()))
}

/// The registration of a person for the event, if any (whatever its status).
pub fn of_person(conn: &mut DbConnection, event: EventId, person: PersonId) -> Result<Option<Registration>, RepoError> {
    r::table
        .filter(r::event_id.eq(event.to_string()))
        .filter(r::person_id.eq(person.to_string()))
        .select(RegistrationRow::as_select())
        .first::<RegistrationRow>(conn)
        .optional()?
        .map(Registration::try_from)
        .transpose()
}

/// Finds a registration of the event.
pub fn find(conn: &mut DbConnection, event: EventId, id: RegistrationId) -> Result<Registration, RepoError> {
    r::table
        .filter(r::event_id.eq(event.to_string()))
        .filter(r::id.eq(id.to_string()))
        .select(RegistrationRow::as_select())
        .first::<RegistrationRow>(conn)?
        .try_into()
}

/// The registrations of the event, in queue order; only `person`'s when given.
pub fn list(
    conn: &mut DbConnection,
    event: EventId,
    person: Option<&[PersonId]>,
) -> Result<Vec<Registration>, RepoError> {
    let mut query = r::table
        .filter(r::event_id.eq(event.to_string()))
        .select(RegistrationRow::as_select())
        .order((r::queued_at.asc(), r::id.asc()))
        .into_boxed();
    if let Some(people) = person {
        query = query.filter(r::person_id.eq_any(people.iter().map(ToString::to_string).collect::<Vec<_>>()));
    }
    query.load::<RegistrationRow>(conn)?.into_iter().map(Registration::try_from).collect()
}

/// Stores a new registration with `status`, queued now.
pub fn insert(
    conn: &mut DbConnection,
    event: EventId,
    attendee: &Attendee,
    status: RegistrationStatus,
    now: DateTime<Utc>,
) -> Result<Registration, RepoError> {
    let id = RegistrationId::generate();
    let (person, name, institution, country, citizenship) = match attendee {
        Attendee::Person(p) => (Some(p.to_string()), None, None, None, None),
        Attendee::External(e) => (
            None,
            Some(e.name.clone()),
            e.institution.clone(),
            e.country.as_ref().map(|c| c.as_str().to_owned()),
            e.citizenship.as_ref().map(|c| c.as_str().to_owned()),
        ),
    };
    diesel::insert_into(r::table)
        .values((
            r::id.eq(id.to_string()),
            r::event_id.eq(event.to_string()),
            r::person_id.eq(person),
            r::external_name.eq(name),
            r::external_institution.eq(institution),
            r::external_country.eq(country),
            r::external_citizenship.eq(citizenship),
            r::status.eq(status.as_str()),
            r::queued_at.eq(db_time(now)),
            r::version.eq(1),
            r::created_at.eq(db_time(now)),
            r::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, event, id)
}

/// Sets a registration's status; `requeue` puts it at the end of the queue (a person who
/// declined and registers again waits behind everyone already waiting).
pub fn set_status(
    conn: &mut DbConnection,
    current: &Registration,
    status: RegistrationStatus,
    requeue: bool,
    now: DateTime<Utc>,
) -> Result<Registration, RepoError> {
    let queued_at = if requeue { now } else { current.queued_at };
    diesel::update(r::table.filter(r::id.eq(current.id.to_string())))
        .set((
            r::status.eq(status.as_str()),
            r::queued_at.eq(db_time(queued_at)),
            r::version.eq(r::version + 1),
            r::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, current.event_id, current.id)
}

/// Records the attendee's check-in (the first one counts).
pub fn check_in(
    conn: &mut DbConnection,
    current: &Registration,
    now: DateTime<Utc>,
) -> Result<Registration, RepoError> {
    let at = current.attended_at.unwrap_or(now);
    diesel::update(r::table.filter(r::id.eq(current.id.to_string())))
        .set((r::attended_at.eq(Some(db_time(at))), r::version.eq(r::version + 1), r::updated_at.eq(db_time(now))))
        .execute(conn)?;
    find(conn, current.event_id, current.id)
}

/// Moves the first `n` of the waiting list (first come, first served) to a seat.
pub fn promote(conn: &mut DbConnection, event: EventId, n: u32, now: DateTime<Utc>) -> Result<u32, RepoError> {
    if n == 0 {
        return Ok(0);
    }
    let ids: Vec<String> = r::table
        .filter(r::event_id.eq(event.to_string()))
        .filter(r::status.eq(RegistrationStatus::Waitlisted.as_str()))
        .order((r::queued_at.asc(), r::id.asc()))
        .limit(i64::from(n))
        .select(r::id)
        .load(conn)?;
    let moved = diesel::update(r::table.filter(r::id.eq_any(&ids)))
        .set((
            r::status.eq(RegistrationStatus::Registered.as_str()),
            r::version.eq(r::version + 1),
            r::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    u32::try_from(moved).map_err(|_| RepoError::Corrupt("promoted count".into()))
}

/// Gives free seats to the waiting list, first come first served: after a decline, or when the
/// capacity grows. Returns how many moved up.
pub fn fill_seats(
    conn: &mut DbConnection,
    event: EventId,
    capacity: Option<u32>,
    now: DateTime<Utc>,
) -> Result<u32, RepoError> {
    let taken = count(conn, event, RegistrationStatus::Registered)?;
    let waiting = count(conn, event, RegistrationStatus::Waitlisted)?;
    promote(conn, event, iro_domain::event::registration::free_seats(capacity, taken, waiting), now)
}

/// The people linked to a participant account (normally one).
pub fn people_of_account(conn: &mut DbConnection, user: iro_domain::UserId) -> Result<Vec<PersonId>, RepoError> {
    use crate::schema::people;
    people::table
        .filter(people::user_id.eq(user.to_string()))
        .select(people::id)
        .load::<String>(conn)?
        .iter()
        .map(|id| PersonId::parse(id).map_err(corrupt("person id")))
        .collect()
}
