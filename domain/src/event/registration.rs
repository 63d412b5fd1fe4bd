//! Registrations for an event: who comes (a person of ours or a partner's, or an external
//! guest), whether they hold a seat or wait for one, and the first-come-first-served rules of
//! the seats and the waiting list.

use chrono::{DateTime, Utc};

use super::EventStatus;
use crate::wire_enum::wire_enum;
use crate::{CountryCode, EventId, PersonId, RegistrationId};

wire_enum! {
    /// Where a registration stands.
    pub enum RegistrationStatus ("registration status") {
        /// Holds a seat.
        Registered = "registered",
        /// Waits for a seat; moves up, first come first served, when one frees.
        Waitlisted = "waitlisted",
        /// Said no (or withdrew); holds nothing.
        Declined = "declined",
    }
}

/// Who registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attendee {
    /// A person of `people` (a student or staff member, ours or a partner's).
    Person(PersonId),
    /// A guest without a record (a conference guest).
    External(ExternalAttendee),
}

/// A guest registered by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalAttendee {
    /// Full name.
    pub name: String,
    /// Home institution.
    pub institution: Option<String>,
    /// Country of the institution.
    pub country: Option<CountryCode>,
    /// Citizenship (what a visa checklist needs).
    pub citizenship: Option<CountryCode>,
}

/// A stored registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// Id.
    pub id: RegistrationId,
    /// The event.
    pub event_id: EventId,
    /// Who.
    pub attendee: Attendee,
    /// Seat, waiting list or declined.
    pub status: RegistrationStatus,
    /// When it joined the queue (the waiting list's order).
    pub queued_at: DateTime<Utc>,
    /// When staff checked the attendee in.
    pub attended_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Why a registration change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationRefusal {
    /// Registering and declining happen while the event is announced only.
    #[error("the event is {0}; registrations are open only while it is published")]
    EventNotOpen(EventStatus),
    /// One registration per person and event.
    #[error("this person is already registered for the event (status {0}); decline or change that one")]
    AlreadyRegistered(RegistrationStatus),
    /// Check-in is for whoever holds a seat.
    #[error("only a registered attendee (not {0}) can be checked in")]
    NotRegistered(RegistrationStatus),
    /// Check-in happens at a published or held event.
    #[error("the event is {0}; attendance is checked in at a published or held event")]
    CheckInClosed(EventStatus),
}

impl RegistrationRefusal {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            RegistrationRefusal::EventNotOpen(_) => "event_not_open",
            RegistrationRefusal::AlreadyRegistered(_) => "already_registered",
            RegistrationRefusal::NotRegistered(_) => "not_registered",
            RegistrationRefusal::CheckInClosed(_) => "check_in_closed",
        }
    }
}

/// The status of a new registration: a seat while `taken` seats leave room under `capacity`
/// (no capacity: always), else the waiting list. The caller counts `taken` under the event's
/// lock, so two registrations never both see the last seat.
pub fn seat_for(capacity: Option<u32>, taken: u32) -> RegistrationStatus {
    match capacity {
        Some(seats) if taken >= seats => RegistrationStatus::Waitlisted,
        _ => RegistrationStatus::Registered,
    }
}

/// How many of the waiting list move up now: as many as free seats allow (all of them with no
/// capacity).
pub fn free_seats(capacity: Option<u32>, taken: u32, waiting: u32) -> u32 {
    match capacity {
        Some(seats) => seats.saturating_sub(taken).min(waiting),
        None => waiting,
    }
}

/// Checks that registering or declining is possible now.
pub fn check_open(status: EventStatus) -> Result<(), RegistrationRefusal> {
    if status.takes_registrations() { Ok(()) } else { Err(RegistrationRefusal::EventNotOpen(status)) }
}

/// Checks a check-in: a registered attendee, at a published or held event.
pub fn check_in(event: EventStatus, registration: RegistrationStatus) -> Result<(), RegistrationRefusal> {
    if !matches!(event, EventStatus::Published | EventStatus::Held) {
        return Err(RegistrationRefusal::CheckInClosed(event));
    }
    if registration != RegistrationStatus::Registered {
        return Err(RegistrationRefusal::NotRegistered(registration));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_go_first_come_first_served_and_the_rest_wait() {
        assert_eq!(seat_for(Some(5), 4), RegistrationStatus::Registered);
        assert_eq!(seat_for(Some(5), 5), RegistrationStatus::Waitlisted);
        assert_eq!(seat_for(None, 10_000), RegistrationStatus::Registered);
        assert_eq!(free_seats(Some(5), 4, 3), 1);
        assert_eq!(free_seats(Some(5), 5, 3), 0);
        assert_eq!(free_seats(Some(5), 7, 3), 0);
        assert_eq!(free_seats(None, 7, 3), 3);
    }

    #[test]
    fn registrations_need_a_published_event_and_check_in_a_seat() {
        assert!(check_open(EventStatus::Published).is_ok());
        assert_eq!(check_open(EventStatus::Planned).unwrap_err().code(), "event_not_open");
        assert!(check_in(EventStatus::Held, RegistrationStatus::Registered).is_ok());
        assert_eq!(check_in(EventStatus::Held, RegistrationStatus::Waitlisted).unwrap_err().code(), "not_registered");
        assert_eq!(
            check_in(EventStatus::Planned, RegistrationStatus::Registered).unwrap_err().code(),
            "check_in_closed"
        );
    }
}
