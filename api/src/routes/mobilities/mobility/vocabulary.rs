//! The vocabularies of people and mobilities as the API names them, each mirroring a domain
//! enum with conversions both ways.

use iro_domain::ParticipantKind;
use iro_domain::mobility::{EwpReceivingStatus, EwpSendingStatus, StudentActivityAttribute};

use crate::routes::shared::vocabulary::api_vocabulary;

api_vocabulary! {
    /// Who moves: a `student` or a `staff` member.
    ParticipantKindName <-> ParticipantKind {
        /// A student.
        Student,
        /// A staff member.
        Staff,
    }
}

api_vocabulary! {
    /// The format of a student mobility.
    StudentActivityAttributeName <-> StudentActivityAttribute {
        /// Long-term physical mobility (2–12 months).
        LongTerm,
        /// Short-term blended mobility (5–30 days physical).
        ShortTermBlended,
        /// Short-term doctoral mobility (5–30 days).
        ShortTermDoctoral,
    }
}

api_vocabulary! {
    /// The sending institution's status in EWP.
    EwpSendingStatusName <-> EwpSendingStatus {
        /// Nominated.
        Nomination,
        /// Under way or ended, not yet recognised.
        Live,
        /// Recognised.
        Recognized,
        /// Cancelled.
        Cancelled,
    }
}

api_vocabulary! {
    /// The receiving institution's status in EWP.
    EwpReceivingStatusName <-> EwpReceivingStatus {
        /// Not yet decided.
        Pending,
        /// Accepted.
        Verified,
        /// Rejected.
        Rejected,
    }
}
