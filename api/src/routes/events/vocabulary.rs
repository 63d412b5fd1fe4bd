//! The API names of the event vocabularies: kinds and statuses.

use iro_domain::event::{EventKind, EventStatus};

use crate::routes::shared::vocabulary::api_vocabulary;

api_vocabulary! {
    /// What kind of outreach event it is.
    EventKindName <-> EventKind {
        /// An information meeting for outgoing students and staff.
        InfoMeeting,
        /// A debate where returned participants share what they gained.
        DisseminationDebate,
        /// An international conference.
        Conference,
        /// The reception of foreign guests.
        GuestReception,
        /// A welcome day for incoming students.
        WelcomeDay,
    }
}

api_vocabulary! {
    /// Where an event stands: `planned` → `published` → `held` → `archived`, or `cancelled`
    /// (from planned or published, with a reason) → `archived`.
    EventStatusName <-> EventStatus {
        /// Being prepared; not announced.
        Planned,
        /// Announced; registrations are open.
        Published,
        /// It took place.
        Held,
        /// Filed away.
        Archived,
        /// Called off.
        Cancelled,
    }
}
