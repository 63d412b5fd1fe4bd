//! The vocabularies of agreements as the API names them (`ProgrammeName`, `AgreementStatusName`
//! …), each mirroring a domain enum with conversions both ways.

use iro_domain::agreement::{AgreementStatus, Programme};

use crate::routes::shared::vocabulary::api_vocabulary;

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
