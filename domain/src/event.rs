//! Outreach events of the office: info meetings, dissemination debates, conferences, guest
//! receptions and welcome days; their kinds, the time zones they are shown in, their life
//! cycle (planned → published → held → archived, or cancelled with a reason) and the rules an
//! event's data must keep.

pub mod kind;
pub mod record;
pub mod status;
pub mod zone;

pub use kind::EventKind;
pub use record::{Event, EventData, EventDataError, Material};
pub use status::{EventStatus, EventTransitionError};
pub use zone::{DEFAULT_TIME_ZONE, TimeZoneName};
