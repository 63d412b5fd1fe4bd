//! Outreach events of the office: info meetings, dissemination debates, conferences, guest
//! receptions and welcome days; their kinds, the time zones they are shown in, their life
//! cycle (planned → published → held → archived, or cancelled with a reason), the rules an event's
//! data must keep, registrations with their seats and waiting list, and iCalendar files.

pub mod audience;
pub mod calendar;
pub mod kind;
pub mod record;
pub mod registration;
pub mod status;
pub mod zone;

pub use kind::EventKind;
pub use record::{Event, EventData, EventDataError, Material};
pub use registration::{Attendee, ExternalAttendee, Registration, RegistrationRefusal, RegistrationStatus};
pub use status::{EventStatus, EventTransitionError};
pub use zone::{DEFAULT_TIME_ZONE, TimeZoneName};
