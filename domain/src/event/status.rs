//! An event's life cycle: planned → published → held → archived; a planned or published event
//! may be cancelled with a reason, and a cancelled one archived.

use crate::wire_enum::{join_names, wire_enum};

wire_enum! {
    /// Where an event stands.
    pub enum EventStatus ("event status") {
        /// Being prepared; not announced yet.
        Planned = "planned",
        /// Announced: people may register.
        Published = "published",
        /// It took place.
        Held = "held",
        /// Done and filed away.
        Archived = "archived",
        /// Called off (with a reason).
        Cancelled = "cancelled",
    }
}

/// Why a status change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventTransitionError {
    /// The change is not one of the allowed moves from the current status.
    #[error("an event cannot go from {from} to {to}; allowed: {}", join_names(.allowed))]
    NotAllowed {
        /// The current status.
        from: EventStatus,
        /// The wanted status.
        to: EventStatus,
        /// What is allowed from `from`.
        allowed: Vec<EventStatus>,
    },
    /// Cancelling needs a reason, which the invited are told.
    #[error("cancelling an event needs a reason")]
    ReasonRequired,
}

impl EventTransitionError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            EventTransitionError::NotAllowed { .. } => "illegal_transition",
            EventTransitionError::ReasonRequired => "reason_required",
        }
    }
}

impl EventStatus {
    /// The statuses one may move to from this one.
    pub fn allowed_next(self) -> &'static [EventStatus] {
        match self {
            EventStatus::Planned => &[EventStatus::Published, EventStatus::Cancelled],
            EventStatus::Published => &[EventStatus::Held, EventStatus::Cancelled],
            EventStatus::Held | EventStatus::Cancelled => &[EventStatus::Archived],
            EventStatus::Archived => &[],
        }
    }

    /// Checks a change; a cancellation needs a non-blank reason.
    pub fn change_to(self, to: EventStatus, reason: Option<&str>) -> Result<EventStatus, EventTransitionError> {
        if !self.allowed_next().contains(&to) {
            return Err(EventTransitionError::NotAllowed { from: self, to, allowed: self.allowed_next().to_vec() });
        }
        if to == EventStatus::Cancelled && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(EventTransitionError::ReasonRequired);
        }
        Ok(to)
    }

    /// Whether people may register or decline now: only for an announced event.
    pub fn takes_registrations(self) -> bool {
        self == EventStatus::Published
    }
}

#[cfg(test)]
mod tests {
    use super::EventStatus::*;
    use super::*;

    #[test]
    fn events_move_forward_and_cancel_only_with_a_reason() {
        assert_eq!(Planned.change_to(Published, None), Ok(Published));
        assert_eq!(Published.change_to(Held, None), Ok(Held));
        assert_eq!(Held.change_to(Archived, None), Ok(Archived));
        assert_eq!(Published.change_to(Cancelled, Some("the hall is closed")), Ok(Cancelled));
        assert_eq!(Planned.change_to(Cancelled, Some("  ")), Err(EventTransitionError::ReasonRequired));
        assert_eq!(Cancelled.change_to(Archived, None), Ok(Archived));
    }

    #[test]
    fn illegal_moves_name_the_allowed_ones() {
        let refused = Planned.change_to(Held, None).unwrap_err();
        assert_eq!(refused.code(), "illegal_transition");
        assert_eq!(refused.to_string(), "an event cannot go from planned to held; allowed: published, cancelled");
        assert!(Held.change_to(Cancelled, Some("late")).is_err());
        assert!(Archived.change_to(Planned, None).is_err());
        assert!(Published.takes_registrations() && !Planned.takes_registrations());
    }
}
