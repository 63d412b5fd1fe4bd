//! Events: list with filters, find, create, change (checked against the version it was based
//! on) and status changes. Registrations are in `events/registrations.rs`.

pub mod feeds;
pub mod invitations;
pub mod registrations;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::event::{Event, EventData, EventKind, EventStatus};
use iro_domain::{EventId, UnitId};

use crate::models::db_time;
use crate::models::event::{EventRow, EventValues};
use crate::schema::events;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the event list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only this kind.
    pub kind: Option<EventKind>,
    /// Only this status.
    pub status: Option<EventStatus>,
    /// Only events organised by this unit.
    pub unit: Option<UnitId>,
    /// Only events that end at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only events that start before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
    /// Leave out events in these statuses (what a caller may not see).
    pub hidden_statuses: Vec<EventStatus>,
}

/// Lists events ordered by id.
pub fn list(conn: &mut DbConnection, filter: &EventFilter, page: &PageRequest) -> Result<Page<Event>, RepoError> {
    let mut query = events::table.select(EventRow::as_select()).order(events::id.asc()).into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(events::kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(events::status.eq(status.as_str()));
    }
    if let Some(unit) = filter.unit {
        query = query.filter(events::unit_id.eq(unit.to_string()));
    }
    if let Some(from) = filter.from {
        query = query.filter(events::ends_at.ge(db_time(from)));
    }
    if let Some(to) = filter.to {
        query = query.filter(events::starts_at.lt(db_time(to)));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(events::updated_at.ge(db_time(since)));
    }
    if !filter.hidden_statuses.is_empty() {
        query = query.filter(events::status.ne_all(filter.hidden_statuses.iter().map(|s| s.as_str())));
    }
    if let Some(after) = &page.after {
        query = query.filter(events::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<EventRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Event::try_from)
}

/// Finds an event.
pub fn find(conn: &mut DbConnection, id: EventId) -> Result<Event, RepoError> {
    events::table.find(id.to_string()).select(EventRow::as_select()).first::<EventRow>(conn)?.try_into()
}

/// Stores a new event, `planned`.
pub fn insert(conn: &mut DbConnection, data: &EventData, now: DateTime<Utc>) -> Result<Event, RepoError> {
    let id = EventId::generate();
    diesel::insert_into(events::table)
        .values((
            events::id.eq(id.to_string()),
            EventValues::of(data)?,
            events::status.eq(EventStatus::Planned.as_str()),
            events::version.eq(1),
            events::created_at.eq(db_time(now)),
            events::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Claims the change of `id` at version `expected`: bumps the version and `updated_at`, or
/// fails `Stale` (`NotFound` when it does not exist). The bump takes the row's write lock.
fn claim(conn: &mut DbConnection, id: EventId, expected: u32, now: DateTime<Utc>) -> Result<(), RepoError> {
    let expected = i32::try_from(expected).map_err(|_| RepoError::Stale)?;
    let changed =
        diesel::update(events::table.filter(events::id.eq(id.to_string())).filter(events::version.eq(expected)))
            .set((events::version.eq(events::version + 1), events::updated_at.eq(db_time(now))))
            .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    Ok(())
}

/// Replaces the writable data of the event at version `expected`.
pub fn update(
    conn: &mut DbConnection,
    id: EventId,
    expected: u32,
    data: &EventData,
    now: DateTime<Utc>,
) -> Result<Event, RepoError> {
    claim(conn, id, expected, now)?;
    diesel::update(events::table.find(id.to_string())).set(EventValues::of(data)?).execute(conn)?;
    find(conn, id)
}

/// Sets the status (and a cancellation's reason) of the event at version `expected`.
pub fn set_status(
    conn: &mut DbConnection,
    id: EventId,
    expected: u32,
    status: EventStatus,
    cancel_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Event, RepoError> {
    claim(conn, id, expected, now)?;
    let mut reason = cancel_reason.map(str::to_owned);
    if status != EventStatus::Cancelled {
        reason = find(conn, id)?.cancel_reason;
    }
    diesel::update(events::table.find(id.to_string()))
        .set((events::status.eq(status.as_str()), events::cancel_reason.eq(reason)))
        .execute(conn)?;
    find(conn, id)
}
