//! The vocabularies of people and mobilities as the API names them, each mirroring a domain
//! enum with conversions both ways.

use iro_domain::mobility::{EwpReceivingStatus, EwpSendingStatus, StudentActivityAttribute};
use iro_domain::{MobilityProgramme, MobilityStatus, ParticipantKind};

use crate::routes::vocabulary::api_vocabulary;

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
    /// Where a mobility stands: applied → nominated → accepted → live → completed →
    /// recognized; `rejected` by the receiving side; `cancelled` before recognition.
    MobilityStatusName <-> MobilityStatus {
        /// Applied at the sending institution; holds no place yet.
        Applied,
        /// Nominated to the receiving institution; holds a place.
        Nominated,
        /// Accepted (EWP verified) by the receiving institution.
        Accepted,
        /// Under way.
        Live,
        /// Ended.
        Completed,
        /// Results recognised (outgoing only).
        Recognized,
        /// Rejected by the receiving side; may be corrected and re-sent.
        Rejected,
        /// Called off (terminal).
        Cancelled,
    }
}

api_vocabulary! {
    /// The funding programme of a mobility.
    MobilityProgrammeName <-> MobilityProgramme {
        /// Erasmus+ KA131 (EU and associated countries).
        ErasmusKa131,
        /// Erasmus+ KA171 (non-associated third countries).
        ErasmusKa171,
        /// A bilateral exchange outside Erasmus+.
        Bilateral,
        /// Anything else.
        Other,
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
