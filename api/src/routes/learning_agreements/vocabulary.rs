//! The API names of the learning agreement vocabularies: kinds, component tables, signing
//! sides and states.

use iro_domain::learning_agreement::{AgreementKind, ComponentTable, Side, SigningStatus};

use crate::routes::shared::vocabulary::api_vocabulary;

api_vocabulary! {
    /// The agreement's shape, which follows the mobility's activity: `studies` (component
    /// tables), `traineeship` (the traineeship's terms), `staff` (a staff mobility agreement).
    AgreementKindName <-> AgreementKind {
        /// Student mobility for studies.
        Studies,
        /// Student traineeship.
        Traineeship,
        /// Staff mobility (teaching or training).
        Staff,
    }
}

api_vocabulary! {
    /// A component table: `a` studied at the receiving institution, `b` recognised at the
    /// sending one, `c` virtual, `blended`, `doctoral` (EWP omobility-las v1.2).
    ComponentTableName <-> ComponentTable {
        /// Table A.
        A,
        /// Table B.
        B,
        /// Table C (virtual).
        C,
        /// Blended mobility components.
        Blended,
        /// Short-term doctoral components.
        Doctoral,
    }
}

api_vocabulary! {
    /// A signing side, in signing order: `participant`, `sending`, `receiving`.
    SideName <-> Side {
        /// The student or staff member.
        Participant,
        /// The sending institution.
        Sending,
        /// The receiving institution.
        Receiving,
    }
}

api_vocabulary! {
    /// The signing state of the latest version: `draft` (nobody signed), `partly_signed`,
    /// `signed` (all three).
    SigningStatusName <-> SigningStatus {
        /// Nobody signed the latest version.
        Draft,
        /// Some signed it.
        PartlySigned,
        /// All three signed it.
        Signed,
    }
}
