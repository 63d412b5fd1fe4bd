//! iro's domain: the vocabulary and rules of an International Relations Office, free of I/O.
//!
//! Everything here is plain Rust: values are valid by construction ("parse, don't validate"),
//! rules take their data as arguments, and no type knows about HTTP, JSON or SQL.

pub mod academic_year;
pub mod account;
pub mod agreement;
pub mod amount;
pub mod catalogue;
pub mod checklist;
pub mod contact;
pub mod country;
pub mod ects;
pub mod eqf;
pub mod event;
pub mod factsheet;
pub mod funding;
pub mod ids;
pub mod inquiry;
pub mod institution;
pub mod invalid;
pub mod isced;
pub mod language;
pub mod learning_agreement;
pub mod mobility;
pub mod nomination;
pub mod person;
pub mod quota;
pub mod role;
pub mod unit;
pub(crate) mod wire_enum;

pub use academic_year::AcademicYear;
pub use account::{ApiClient, User};
pub use agreement::{AgreementStatus, CefrLevel, CooperationCondition, MobilityType, Programme};
pub use contact::Contact;
pub use country::CountryCode;
pub use eqf::EqfLevel;
pub use ids::{
    AgreementId, ChecklistRuleId, ClientId, ComponentId, ConditionId, ConversionId, CourseId, CreditSystemId, EventId,
    FixedTableId, FundingRateId, GradingScaleId, GradingTableId, GrantId, HistoryEntryId, InquiryId, InstitutionId,
    LearningAgreementId, MobilityId, PersonId, PointBandsId, ProgrammeId, RegistrationId, UnitId, UserId,
};
pub use institution::{ErasmusCode, HeiId, Institution, InstitutionData, Oid, Pic};
pub use invalid::InvalidValue;
pub use isced::{IscedCode, IscedField, IscedLevel};
pub use language::{LanguageTag, LocalizedText};
pub use mobility::{Direction, MobilityProgramme, MobilityStatus, ParticipantKind};
pub use quota::Hundredths;
pub use role::{Role, Scope};
pub use unit::{Unit, UnitCode, UnitData, would_create_cycle};
