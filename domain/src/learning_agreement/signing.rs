//! The signatures of a version: participant, then the sending institution, then the receiving
//! one; a decline removes them all. A partner's signature, given elsewhere, is recorded with
//! its evidence.

use chrono::{DateTime, NaiveDate, Utc};

use crate::wire_enum::wire_enum;

wire_enum! {
    /// Who signs, in signing order.
    pub enum Side ("signing side") {
        /// The student or staff member.
        Participant = "participant",
        /// The sending institution (its unit's coordinator).
        Sending = "sending",
        /// The receiving institution (its unit's coordinator).
        Receiving = "receiving",
    }
}

wire_enum! {
    /// Where a version stands: nobody signed it, some did, all three did (it is approved).
    pub enum SigningStatus ("signing status") {
        /// Nobody signed.
        Draft = "draft",
        /// Some signed.
        PartlySigned = "partly_signed",
        /// All three signed.
        Signed = "signed",
    }
}

impl SigningStatus {
    /// The status of a version with these signatures.
    pub fn of(signatures: &[LaSignature]) -> Self {
        match next_side(signatures) {
            None => Self::Signed,
            Some(_) if signatures.is_empty() => Self::Draft,
            Some(_) => Self::PartlySigned,
        }
    }
}

/// Where a signature given outside iro is recorded (the partner's e-signature platform, a
/// scanned page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// A reference to the signed document (a URL, a protocol number).
    pub reference: String,
    /// The day it was signed.
    pub signed_on: NaiveDate,
}

/// One signature of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaSignature {
    /// The side signed for.
    pub side: Side,
    /// The signer's name.
    pub name: String,
    /// Their position.
    pub position: Option<String>,
    /// Their e-mail.
    pub email: String,
    /// When it was signed (recorded).
    pub signed_at: DateTime<Utc>,
    /// For a signature given elsewhere, its evidence.
    pub evidence: Option<Evidence>,
}

/// Why a signature is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningRefusal {
    /// The proposal id is not the current version's.
    #[error("proposal {given} is not the current one ({current}); read the agreement again")]
    StaleProposal {
        /// The id sent.
        given: String,
        /// The current version's id.
        current: String,
    },
    /// The side signed already.
    #[error("the {0} side has signed this version already")]
    AlreadySigned(Side),
    /// Another side must sign first.
    #[error("the {expected} side signs next (order: participant, sending, receiving), not the {given} side")]
    OutOfOrder {
        /// The side whose turn it is.
        expected: Side,
        /// The side that tried.
        given: Side,
    },
}

impl SigningRefusal {
    /// The problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::StaleProposal { .. } => "stale_proposal",
            Self::AlreadySigned(_) => "already_signed",
            Self::OutOfOrder { .. } => "signature_out_of_order",
        }
    }
}

/// The side whose turn it is; `None` once all three signed.
pub fn next_side(signatures: &[LaSignature]) -> Option<Side> {
    Side::ALL.iter().copied().find(|side| signatures.iter().all(|s| s.side != *side))
}

/// Whether every side signed.
pub fn fully_signed(signatures: &[LaSignature]) -> bool {
    next_side(signatures).is_none()
}

/// Checks that `side` may sign the version whose proposal id is `current` now, given its
/// signatures: the proposal id must be the current one, and the side's turn must have come.
pub fn check_signature(
    current: &str,
    given: &str,
    signatures: &[LaSignature],
    side: Side,
) -> Result<(), SigningRefusal> {
    check_proposal(current, given)?;
    if signatures.iter().any(|s| s.side == side) {
        return Err(SigningRefusal::AlreadySigned(side));
    }
    match next_side(signatures) {
        Some(expected) if expected != side => Err(SigningRefusal::OutOfOrder { expected, given: side }),
        _ => Ok(()),
    }
}

/// Checks that a comment or a decline names the current version.
pub fn check_proposal(current: &str, given: &str) -> Result<(), SigningRefusal> {
    if current == given {
        Ok(())
    } else {
        Err(SigningRefusal::StaleProposal { given: given.to_owned(), current: current.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(side: Side) -> LaSignature {
        LaSignature {
            side,
            name: "A".into(),
            position: None,
            email: "a@example.org".into(),
            signed_at: Utc::now(),
            evidence: None,
        }
    }

    #[test]
    fn sides_sign_in_order_and_once() {
        assert_eq!(check_signature("p", "p", &[], Side::Participant), Ok(()));
        assert_eq!(
            check_signature("p", "p", &[], Side::Sending),
            Err(SigningRefusal::OutOfOrder { expected: Side::Participant, given: Side::Sending })
        );
        let one = [signed(Side::Participant)];
        assert_eq!(
            check_signature("p", "p", &one, Side::Participant),
            Err(SigningRefusal::AlreadySigned(Side::Participant))
        );
        assert_eq!(check_signature("p", "p", &one, Side::Sending), Ok(()));
        assert!(matches!(check_signature("p", "q", &one, Side::Sending), Err(SigningRefusal::StaleProposal { .. })));
        let all = [signed(Side::Participant), signed(Side::Sending), signed(Side::Receiving)];
        assert!(fully_signed(&all));
        assert!(!fully_signed(&one));
    }
}
