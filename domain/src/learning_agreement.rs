//! Learning agreements (EWP omobility-las v1.2): what a student studies or does abroad and
//! how the sending institution recognises it, or a staff member's mobility agreement; its
//! versions (the first, then change proposals), its three signatures in order, the credit
//! totals and their warnings.

pub mod changes;
pub mod content;
pub mod signing;
pub mod totals;

pub use changes::{ChangeReason, ComponentChange, apply_changes};
pub use content::{
    AgreementContent, AgreementKind, Component, ComponentId, ComponentTable, ContactPerson, Header, HostInsurance,
    LearningAgreementId, StaffProgramme, Traineeship,
};
pub use signing::{
    Evidence, LaSignature, Side, SigningRefusal, SigningStatus, check_proposal, check_signature, fully_signed,
    next_side,
};
pub use totals::{CreditTotals, CreditWarning, credit_totals, credit_warnings};

/// Why a learning agreement write is refused; each refusal has a problem `code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LearningAgreementError {
    /// The mobility already has a learning agreement (one per mobility).
    #[error("this mobility already has a learning agreement; change it with a change proposal")]
    AlreadyExists,
    /// The body's shape is not the one of the mobility's activity.
    #[error("a {activity} mobility takes a {expected} agreement, not a {given} one")]
    KindMismatch {
        /// The mobility's activity.
        activity: String,
        /// The kind it takes.
        expected: AgreementKind,
        /// The kind sent.
        given: AgreementKind,
    },
    /// Someone signed the version: it can no longer change.
    #[error("version {number} is signed and can no longer change; propose a change instead")]
    VersionSigned {
        /// The version's number.
        number: u32,
    },
    /// The current version is a change proposal: it changes by proposing again, not by an
    /// edit.
    #[error(
        "the current version is change proposal {number}; send a new change proposal instead (it supersedes this one \
         while nobody has signed it)"
    )]
    ChangeProposalPending {
        /// The proposal's number.
        number: u32,
    },
    /// A change proposal needs an approved version (signed by all three) to change.
    #[error(
        "a change proposal changes the approved version; sign the current version first (or change it while unsigned)"
    )]
    NothingApproved,
    /// A change proposal that changes nothing.
    #[error("a change proposal must insert or delete at least one component")]
    EmptyChange,
    /// A change proposal deletes a component the approved version does not have.
    #[error("component {0} is not in the approved version")]
    UnknownComponent(ComponentId),
    /// A component rule: a virtual component without a short description, or recognition
    /// conditions on table A.
    #[error("{message}")]
    InvalidComponent {
        /// The component's position in the list sent.
        index: usize,
        /// The field at fault.
        field: &'static str,
        /// Why.
        message: String,
    },
    /// A change proposal does not fit the agreement's kind (a staff agreement has no
    /// components).
    #[error("a staff mobility agreement has no components to change")]
    NoComponents,
}

impl LearningAgreementError {
    /// The problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AlreadyExists => "learning_agreement_exists",
            Self::KindMismatch { .. } => "agreement_kind_mismatch",
            Self::VersionSigned { .. } => "version_signed",
            Self::NothingApproved => "nothing_approved",
            Self::ChangeProposalPending { .. } => "change_proposal_pending",
            Self::EmptyChange => "empty_change_proposal",
            Self::UnknownComponent(_) => "unknown_component",
            Self::InvalidComponent { field, .. } => match *field {
                "short_description" => "short_description_required",
                _ => "recognition_conditions_not_allowed",
            },
            Self::NoComponents => "no_components",
        }
    }
}
