//! Inter-institutional agreements: programme, approval status, cooperation conditions
//! (EWP IIAs API v7).
//!
//! An agreement has exactly two partners and a list of cooperation conditions, each one
//! direction of the exchange. Approval is per version of the conditions; changing an approved
//! agreement sends it back for approval, keeping the last mutually approved version.

mod cefr;
mod condition;
mod field_error;
mod mobility_type;
mod outline;
mod programme;
mod record;
mod status;
mod year_range;

#[cfg(test)]
pub(crate) mod fixtures;

pub use cefr::CefrLevel;
pub use condition::{
    ConditionParty, CooperationCondition, CooperationConditionInput, LanguageRequirement, LanguageRequirementInput,
    SubjectArea, SubjectAreaInput,
};
pub use field_error::{FieldError, FieldErrors};
pub use mobility_type::MobilityType;
pub use outline::AgreementOutline;
pub use programme::Programme;
pub use record::{
    Actor, Agreement, AgreementCode, AgreementCondition, AgreementData, ApprovedVersion, ConditionData, ConditionSide,
    Signature, StatusChange,
};
pub use status::{AgreementStatus, AgreementStatusError, ConditionsChange};
pub use year_range::AcademicYearRange;
