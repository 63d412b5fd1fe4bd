//! The agreement approval state machine (EWP Dashboard vocabulary plus `terminated`).

use crate::wire_enum::{join_names, wire_enum};

wire_enum! {
    /// Where an agreement stands in its approval. The names are those users know
    /// from the EWP Dashboard; `terminated` is ours.
    pub enum AgreementStatus ("agreement status") {
        /// Being written; not yet shown to the partner.
        Draft = "draft",
        /// Sent to the partner; nobody has approved this version yet.
        Submitted = "submitted",
        /// We approved the current version; the partner has not.
        ApprovedByUs = "approved_by_us",
        /// The partner approved the current version; we have not.
        ApprovedByPartner = "approved_by_partner",
        /// Both sides approved the current version: the agreement binds.
        ApprovedByBoth = "approved_by_both",
        /// Ended by the partners; no new nominations (terminal).
        Terminated = "terminated",
    }
}

/// An agreement status change that the state machine does not allow, or a change of
/// conditions on a terminated agreement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementStatusError {
    /// `from → to` is not an edge of the state machine.
    #[error("an agreement cannot go from {from} to {to}; from {from} it may go to: {}", join_names(allowed))]
    NotAllowed {
        /// The current status.
        from: AgreementStatus,
        /// The requested status.
        to: AgreementStatus,
        /// What `from` allows, so the caller can say what would work.
        allowed: Vec<AgreementStatus>,
    },
    /// The cooperation conditions of a terminated agreement cannot change.
    #[error("the agreement is terminated; its cooperation conditions can no longer change")]
    Terminated,
}

impl AgreementStatusError {
    /// Stable machine code: `illegal_transition` or `agreement_terminated`.
    pub fn code(&self) -> &'static str {
        match self {
            AgreementStatusError::NotAllowed { .. } => "illegal_transition",
            AgreementStatusError::Terminated => "agreement_terminated",
        }
    }
}

/// What changing an agreement's cooperation conditions does to its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionsChange {
    /// The status after the change.
    pub next: AgreementStatus,
    /// Whether the caller must first store a snapshot of the current, mutually approved
    /// conditions: EWP keeps the last version both sides approved.
    pub snapshot_required: bool,
}

impl AgreementStatus {
    /// The statuses this one may move to by an explicit status change.
    ///
    /// Approval is per version: the partner's approval of a version we approved (or ours of one
    /// the partner approved) makes it `approved_by_both`. A `draft` is deleted rather than
    /// terminated, since nothing was promised yet (and its id is never reused);
    /// every submitted or approved agreement may be terminated. Going back to `submitted` is
    /// not a status change of its own: it follows from changing the conditions
    /// ([`AgreementStatus::on_conditions_changed`]).
    pub fn allowed_next(&self) -> Vec<AgreementStatus> {
        use AgreementStatus::*;
        match self {
            Draft => vec![Submitted],
            Submitted => vec![ApprovedByUs, ApprovedByPartner, Terminated],
            ApprovedByUs | ApprovedByPartner => vec![ApprovedByBoth, Terminated],
            ApprovedByBoth => vec![Terminated],
            Terminated => vec![],
        }
    }

    /// Whether `self → to` is allowed.
    pub fn can_transition(&self, to: AgreementStatus) -> bool {
        self.allowed_next().contains(&to)
    }

    /// Moves to `to` if the state machine allows it.
    pub fn transition(self, to: AgreementStatus) -> Result<AgreementStatus, AgreementStatusError> {
        if self.can_transition(to) {
            Ok(to)
        } else {
            Err(AgreementStatusError::NotAllowed { from: self, to, allowed: self.allowed_next() })
        }
    }

    /// The status after the cooperation conditions change.
    ///
    /// EWP approval is of a SHA-256 hash of the conditions' canonical text (EWP IIAs API v7), so
    /// any approval, one-sided or mutual, no longer matches the new text: an approved agreement
    /// goes back to `submitted` and needs approval again. Leaving `approved_by_both` requires
    /// keeping a snapshot of the approved version first. Drafts and submitted agreements stay
    /// where they are; a terminated agreement refuses the change.
    pub fn on_conditions_changed(self) -> Result<ConditionsChange, AgreementStatusError> {
        use AgreementStatus::*;
        let next = match self {
            Draft => Draft,
            Submitted | ApprovedByUs | ApprovedByPartner | ApprovedByBoth => Submitted,
            Terminated => return Err(AgreementStatusError::Terminated),
        };
        Ok(ConditionsChange { next, snapshot_required: self.needs_snapshot_before_change() })
    }

    /// Whether changing the conditions now requires storing a snapshot of the current version
    /// first: true exactly when the current version is the mutually approved one.
    pub fn needs_snapshot_before_change(self) -> bool {
        self == AgreementStatus::ApprovedByBoth
    }

    /// Whether the agreement accepts new nominations at all: everything but `terminated`.
    /// A nomination also needs the agreement in effect for its year
    /// (`AgreementOutline::in_effect_for`).
    pub fn accepts_nominations(self) -> bool {
        self != AgreementStatus::Terminated
    }
}

#[cfg(test)]
mod tests {
    use super::AgreementStatus::*;
    use super::*;

    const ALLOWED: [(AgreementStatus, AgreementStatus); 9] = [
        (Draft, Submitted),
        (Submitted, ApprovedByUs),
        (Submitted, ApprovedByPartner),
        (Submitted, Terminated),
        (ApprovedByUs, ApprovedByBoth),
        (ApprovedByUs, Terminated),
        (ApprovedByPartner, ApprovedByBoth),
        (ApprovedByPartner, Terminated),
        (ApprovedByBoth, Terminated),
    ];

    #[test]
    fn every_listed_transition_is_allowed_and_every_other_is_refused() {
        for from in AgreementStatus::ALL {
            for to in AgreementStatus::ALL {
                let expected = ALLOWED.contains(&(*from, *to));
                match from.transition(*to) {
                    Ok(next) => {
                        assert!(expected, "{from} → {to} should be refused");
                        assert_eq!(next, *to);
                    }
                    Err(error) => {
                        assert!(!expected, "{from} → {to} should be allowed");
                        assert_eq!(error.code(), "illegal_transition");
                        assert_eq!(
                            error,
                            AgreementStatusError::NotAllowed { from: *from, to: *to, allowed: from.allowed_next() }
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_refused_transition_names_from_to_and_the_way_forward() {
        let message = ApprovedByBoth.transition(Draft).unwrap_err().to_string();
        assert_eq!(
            message,
            "an agreement cannot go from approved_by_both to draft; from approved_by_both it may go to: terminated"
        );
        let message = Terminated.transition(Submitted).unwrap_err().to_string();
        assert!(message.ends_with("may go to: none"), "{message}");
    }

    #[test]
    fn changing_approved_conditions_needs_approval_again() {
        for status in [Submitted, ApprovedByUs, ApprovedByPartner] {
            assert_eq!(
                status.on_conditions_changed().unwrap(),
                ConditionsChange { next: Submitted, snapshot_required: false }
            );
        }
        assert_eq!(Draft.on_conditions_changed().unwrap(), ConditionsChange { next: Draft, snapshot_required: false });
    }

    #[test]
    fn changing_mutually_approved_conditions_keeps_a_snapshot() {
        assert!(ApprovedByBoth.needs_snapshot_before_change());
        assert_eq!(
            ApprovedByBoth.on_conditions_changed().unwrap(),
            ConditionsChange { next: Submitted, snapshot_required: true }
        );
        assert!(AgreementStatus::ALL.iter().filter(|s| s.needs_snapshot_before_change()).eq([&ApprovedByBoth]));
    }

    #[test]
    fn a_terminated_agreement_refuses_changes_and_nominations() {
        let error = Terminated.on_conditions_changed().unwrap_err();
        assert_eq!(error.code(), "agreement_terminated");
        assert!(!Terminated.accepts_nominations());
        assert!(AgreementStatus::ALL.iter().filter(|s| !s.accepts_nominations()).eq([&Terminated]));
    }
}
