//! Where an inquiry stands: open → answered → closed, and back to open when the asker
//! follows up or somebody reopens it.

use crate::wire_enum::{join_names, wire_enum};

wire_enum! {
    /// The state of an inquiry thread.
    pub enum InquiryStatus ("inquiry status") {
        /// Waiting for the team's answer.
        Open = "open",
        /// The team answered; waiting for the asker (or to be closed).
        Answered = "answered",
        /// Done; a reopen brings it back.
        Closed = "closed",
    }
}

/// Why a status change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InquiryTransitionError {
    /// The change is not one of the allowed moves from the current status.
    #[error("an inquiry cannot go from {from} to {to}; allowed: {}", join_names(.allowed))]
    NotAllowed {
        /// The current status.
        from: InquiryStatus,
        /// The wanted status.
        to: InquiryStatus,
        /// What is allowed from `from`.
        allowed: Vec<InquiryStatus>,
    },
    /// Nobody can write to a closed thread; reopen it first.
    #[error("the inquiry is closed; reopen it before adding a message")]
    Closed,
}

impl InquiryTransitionError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            InquiryTransitionError::NotAllowed { .. } => "illegal_transition",
            InquiryTransitionError::Closed => "inquiry_closed",
        }
    }
}

impl InquiryStatus {
    /// The statuses one may set explicitly from this one. `answered` is not among them: an
    /// inquiry becomes answered by an answer ([`InquiryStatus::after_message`]), never by a
    /// click, so the answer time the statistics measure is always a real answer.
    pub fn allowed_next(self) -> &'static [InquiryStatus] {
        match self {
            InquiryStatus::Open | InquiryStatus::Answered => &[InquiryStatus::Closed],
            InquiryStatus::Closed => &[InquiryStatus::Open],
        }
    }

    /// Checks an explicit change (close, reopen).
    pub fn change_to(self, to: InquiryStatus) -> Result<InquiryStatus, InquiryTransitionError> {
        if self.allowed_next().contains(&to) {
            Ok(to)
        } else {
            Err(InquiryTransitionError::NotAllowed { from: self, to, allowed: self.allowed_next().to_vec() })
        }
    }

    /// The status after a message: a team's answer makes the thread `answered`, the asker's
    /// follow-up makes it `open` again. A closed thread takes no message.
    pub fn after_message(self, from_team: bool) -> Result<InquiryStatus, InquiryTransitionError> {
        match (self, from_team) {
            (InquiryStatus::Closed, _) => Err(InquiryTransitionError::Closed),
            (_, true) => Ok(InquiryStatus::Answered),
            (_, false) => Ok(InquiryStatus::Open),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::InquiryStatus::*;
    use super::*;

    #[test]
    fn answers_and_follow_ups_move_the_thread_between_open_and_answered() {
        assert_eq!(Open.after_message(true), Ok(Answered));
        assert_eq!(Answered.after_message(false), Ok(Open));
        assert_eq!(Answered.after_message(true), Ok(Answered));
        assert_eq!(Open.after_message(false), Ok(Open));
        assert_eq!(Closed.after_message(true), Err(InquiryTransitionError::Closed));
        assert_eq!(Closed.after_message(false).unwrap_err().code(), "inquiry_closed");
    }

    #[test]
    fn threads_close_from_open_or_answered_and_reopen_from_closed() {
        assert_eq!(Open.change_to(Closed), Ok(Closed));
        assert_eq!(Answered.change_to(Closed), Ok(Closed));
        assert_eq!(Closed.change_to(Open), Ok(Open));
        let refused = Open.change_to(Answered).unwrap_err();
        assert_eq!(refused.code(), "illegal_transition");
        assert_eq!(refused.to_string(), "an inquiry cannot go from open to answered; allowed: closed");
        assert!(Closed.change_to(Closed).is_err());
        assert!(Closed.change_to(Answered).is_err());
    }
}
