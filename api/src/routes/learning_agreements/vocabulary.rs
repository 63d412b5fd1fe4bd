//! The API names of the learning agreement vocabularies: kinds, component tables, signing
//! sides and states.

use iro_domain::learning_agreement::{AgreementKind, ComponentTable, Side};
use iro_persistence::models::learning_agreement::SigningStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// The signing state of the latest version: `draft` (nobody signed), `partly_signed`,
/// `signed` (all three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SigningStatusName {
    /// Nobody signed the latest version.
    Draft,
    /// Some signed it.
    PartlySigned,
    /// All three signed it.
    Signed,
}

impl From<SigningStatus> for SigningStatusName {
    fn from(status: SigningStatus) -> Self {
        match status {
            SigningStatus::Draft => Self::Draft,
            SigningStatus::PartlySigned => Self::PartlySigned,
            SigningStatus::Signed => Self::Signed,
        }
    }
}

impl From<SigningStatusName> for SigningStatus {
    fn from(status: SigningStatusName) -> Self {
        match status {
            SigningStatusName::Draft => Self::Draft,
            SigningStatusName::PartlySigned => Self::PartlySigned,
            SigningStatusName::Signed => Self::Signed,
        }
    }
}
