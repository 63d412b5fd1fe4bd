//! The mobility lifecycle: applied → nominated → accepted → live → completed → recognized.

use chrono::NaiveDate;

use super::Direction;
use crate::wire_enum::{join_names, wire_enum};

wire_enum! {
    /// Where a mobility stands. The main line is applied → nominated → accepted → live →
    /// completed → recognized; `rejected` (by the receiving side) and `cancelled` branch off.
    pub enum MobilityStatus ("mobility status") {
        /// A student or staff member applied at the sending institution; not yet nominated.
        Applied = "applied",
        /// The sending institution nominated the person to the receiving one.
        Nominated = "nominated",
        /// The receiving institution accepted (EWP: verified) the nomination.
        Accepted = "accepted",
        /// The mobility has started (actual start date known).
        Live = "live",
        /// The mobility has ended (actual end date known).
        Completed = "completed",
        /// The sending institution recognised the results (outgoing only).
        Recognized = "recognized",
        /// The receiving institution rejected the nomination; it may be corrected and re-sent.
        Rejected = "rejected",
        /// Called off before recognition, with a reason (terminal).
        Cancelled = "cancelled",
    }
}

/// What a status change does to the quota of the mobility's cooperation condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceChange {
    /// The mobility starts holding a place: the rules and the quota must allow it
    /// (`nomination::decide_status_change` checks them), decided and recorded in one
    /// transaction.
    Takes,
    /// The mobility gives its place and planned months/days back.
    Releases,
    /// No change to the quota.
    Unchanged,
}

/// A requested status change and the facts it needs: a reason to cancel, the actual start
/// date to go live, the actual end date to complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionRequest<'a> {
    /// The wanted status.
    pub to: MobilityStatus,
    /// Why (required to cancel; recorded when given for any change).
    pub reason: Option<&'a str>,
    /// The actual start date, as recorded on the mobility or given with the request.
    pub actual_start: Option<NaiveDate>,
    /// The actual end date, as recorded on the mobility or given with the request.
    pub actual_end: Option<NaiveDate>,
}

impl TransitionRequest<'_> {
    /// A request to move to `to` with no reason and no dates.
    pub fn to(to: MobilityStatus) -> Self {
        Self { to, reason: None, actual_start: None, actual_end: None }
    }
}

/// An allowed status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilityTransition {
    /// The status before.
    pub from: MobilityStatus,
    /// The status after.
    pub to: MobilityStatus,
    /// The reason given, trimmed; `None` when blank.
    pub reason: Option<String>,
    /// What the change does to the quota.
    pub place_change: PlaceChange,
}

/// Why a mobility status change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MobilityTransitionError {
    /// `from → to` is not an edge of the lifecycle for this direction.
    #[error("an {direction} mobility cannot go from {from} to {to}; from {from} it may go to: {}", join_names(allowed))]
    NotAllowed {
        /// Outgoing or incoming.
        direction: Direction,
        /// The current status.
        from: MobilityStatus,
        /// The requested status.
        to: MobilityStatus,
        /// What `from` allows in this direction.
        allowed: Vec<MobilityStatus>,
    },
    /// Cancelling needs a non-blank reason.
    #[error("cancelling a mobility needs a reason")]
    ReasonRequired,
    /// Going live needs the actual start date.
    #[error("a mobility goes live only once its actual start date is recorded")]
    ActualStartRequired,
    /// Completing needs the actual end date.
    #[error("a mobility is completed only once its actual end date is recorded")]
    ActualEndRequired,
    /// The actual end precedes the actual start.
    #[error("the actual end date {end} precedes the actual start date {start}")]
    EndBeforeStart {
        /// Actual start.
        start: NaiveDate,
        /// Actual end.
        end: NaiveDate,
    },
}

impl MobilityTransitionError {
    /// Stable machine code, e.g. `illegal_transition`, `reason_required`.
    pub fn code(&self) -> &'static str {
        match self {
            MobilityTransitionError::NotAllowed { .. } => "illegal_transition",
            MobilityTransitionError::ReasonRequired => "reason_required",
            MobilityTransitionError::ActualStartRequired => "actual_start_required",
            MobilityTransitionError::ActualEndRequired => "actual_end_required",
            MobilityTransitionError::EndBeforeStart { .. } => "end_before_start",
        }
    }
}

impl MobilityStatus {
    /// Whether a mobility in this status holds a place (and its planned months/days) in its
    /// condition's quota. This is the one definition: nominated, accepted
    /// (EWP verified), live, completed and recognized hold one; applications not yet
    /// nominated hold none; rejected and cancelled release theirs.
    pub fn holds_place(self) -> bool {
        use MobilityStatus::*;
        match self {
            Nominated | Accepted | Live | Completed | Recognized => true,
            Applied | Rejected | Cancelled => false,
        }
    }

    /// Whether the office chases this mobility's visa and insurance checklist: from the
    /// nomination (a place is taken, departure is being prepared) until it is under way.
    /// Applications may still be refused; after the stay nothing is left to arrange.
    pub fn needs_checklist_follow_up(self) -> bool {
        use MobilityStatus::*;
        matches!(self, Nominated | Accepted | Live)
    }

    /// The status a new mobility starts in: an outgoing one with the person's application;
    /// an incoming one with the partner's nomination (EWP: a pending nomination arrives).
    pub fn initial(direction: Direction) -> MobilityStatus {
        match direction {
            Direction::Outgoing => MobilityStatus::Applied,
            Direction::Incoming => MobilityStatus::Nominated,
        }
    }

    /// The statuses this one may move to, for a mobility of `direction`.
    ///
    /// - Cancelling is possible from every status before `recognized` (EWP: the sending side
    ///   may cancel "at any point"; an early return without justification ends as cancelled,
    ///   Erasmus+ force majeure ends as recognized).
    /// - `rejected` comes only from `nominated`. An outgoing rejection goes back to `applied`,
    ///   where our office corrects the application before nominating again; an incoming one
    ///   goes back to `nominated` when the partner re-sends the corrected nomination (EWP:
    ///   "pending" again), since we hold no application for incoming people.
    /// - An incoming mobility ends at `completed`: recognition happens at the partner.
    /// - An incoming mobility never needs `applied`; if one was recorded early (e.g. an
    ///   application sent to us directly) it may still be nominated or cancelled.
    pub fn allowed_next(self, direction: Direction) -> Vec<MobilityStatus> {
        use Direction::*;
        use MobilityStatus::*;
        match (direction, self) {
            (_, Applied) => vec![Nominated, Cancelled],
            (_, Nominated) => vec![Accepted, Rejected, Cancelled],
            (Outgoing, Rejected) => vec![Applied, Cancelled],
            (Incoming, Rejected) => vec![Nominated, Cancelled],
            (_, Accepted) => vec![Live, Cancelled],
            (_, Live) => vec![Completed, Cancelled],
            (Outgoing, Completed) => vec![Recognized, Cancelled],
            (Incoming, Completed) => vec![Cancelled],
            (_, Recognized | Cancelled) => vec![],
        }
    }

    /// Whether nothing follows this status for a mobility of `direction`.
    pub fn is_final(self, direction: Direction) -> bool {
        self.allowed_next(direction).is_empty()
    }

    /// Checks and performs a status change: the edge must exist for `direction`; cancelling
    /// needs a reason; going live needs the actual start date; completing needs the actual end
    /// date, not before the actual start.
    pub fn transition(
        self,
        direction: Direction,
        request: &TransitionRequest<'_>,
    ) -> Result<MobilityTransition, MobilityTransitionError> {
        let to = request.to;
        if !self.allowed_next(direction).contains(&to) {
            return Err(MobilityTransitionError::NotAllowed {
                direction,
                from: self,
                to,
                allowed: self.allowed_next(direction),
            });
        }
        let reason = request.reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
        match to {
            MobilityStatus::Cancelled if reason.is_none() => return Err(MobilityTransitionError::ReasonRequired),
            MobilityStatus::Live if request.actual_start.is_none() => {
                return Err(MobilityTransitionError::ActualStartRequired);
            }
            MobilityStatus::Completed => match (request.actual_start, request.actual_end) {
                (_, None) => return Err(MobilityTransitionError::ActualEndRequired),
                (Some(start), Some(end)) if end < start => {
                    return Err(MobilityTransitionError::EndBeforeStart { start, end });
                }
                _ => {}
            },
            _ => {}
        }
        let place_change = match (self.holds_place(), to.holds_place()) {
            (false, true) => PlaceChange::Takes,
            (true, false) => PlaceChange::Releases,
            _ => PlaceChange::Unchanged,
        };
        Ok(MobilityTransition { from: self, to, reason, place_change })
    }
}

#[cfg(test)]
mod tests;
