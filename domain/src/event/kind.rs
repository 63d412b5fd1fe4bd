//! What kind of outreach event it is.

use crate::wire_enum::wire_enum;

wire_enum! {
    /// The kind of an outreach event.
    pub enum EventKind ("event kind") {
        /// An information meeting for outgoing students and staff before they apply.
        InfoMeeting = "info_meeting",
        /// A debate after return, where participants share what they gained abroad.
        DisseminationDebate = "dissemination_debate",
        /// An international conference.
        Conference = "conference",
        /// The reception of foreign guests.
        GuestReception = "guest_reception",
        /// A welcome day for incoming students.
        WelcomeDay = "welcome_day",
    }
}
