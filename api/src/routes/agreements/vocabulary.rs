//! The vocabularies of agreements as the API names them (`ProgrammeName`, `AgreementStatusName`
//! …), each mirroring a domain enum with conversions both ways.

use iro_domain::Direction;
use iro_domain::agreement::{AgreementStatus, MobilityType, Programme};

use crate::routes::vocabulary::api_vocabulary;

api_vocabulary! {
    /// The programme of an agreement: `erasmus_plus` (an Erasmus+ inter-institutional
    /// agreement) or `bilateral` (a non-Erasmus exchange, e.g. with a Russian partner).
    ProgrammeName <-> Programme {
        /// Erasmus+ inter-institutional agreement.
        ErasmusPlus,
        /// A bilateral exchange outside Erasmus+.
        Bilateral,
    }
}

api_vocabulary! {
    /// Where an agreement's approval stands (EWP Dashboard names, plus `terminated`).
    AgreementStatusName <-> AgreementStatus {
        /// Being written; not yet shown to the partner.
        Draft,
        /// Sent to the partner; nobody has approved this version yet.
        Submitted,
        /// We approved the current version; the partner has not.
        ApprovedByUs,
        /// The partner approved the current version; we have not.
        ApprovedByPartner,
        /// Both sides approved the current version: the agreement binds.
        ApprovedByBoth,
        /// Ended; no new nominations, no more changes of conditions.
        Terminated,
    }
}

api_vocabulary! {
    /// The type of a cooperation condition.
    MobilityTypeName <-> MobilityType {
        /// Student mobility for studies (SMS).
        StudentStudies,
        /// Student mobility for traineeships (SMT).
        StudentTraineeship,
        /// Staff mobility for teaching (STA).
        StaffTeaching,
        /// Staff mobility for training (STT).
        StaffTraining,
    }
}

api_vocabulary! {
    /// Seen from our university: `outgoing` (we send) or `incoming` (we receive).
    DirectionName <-> Direction {
        /// We send people to the partner.
        Outgoing,
        /// The partner sends people to us.
        Incoming,
    }
}
