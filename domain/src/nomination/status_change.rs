//! A mobility's status change decided in one function: the lifecycle's transition, and for a
//! change that takes a place (→ `nominated`) the references, the Erasmus+ rules and the quota.

use chrono::NaiveDate;

use super::{DepartureRefusal, PlaceFacts, PlaceRefusal, check_departure, check_place};
use crate::MobilityId;
use crate::funding::needs_grant;
use crate::mobility::{
    Mobility, MobilityStatus, MobilityTransition, MobilityTransitionError, PersonMobility, PlaceChange, ReferenceFacts,
    ReferenceProblem, TransitionRequest, check_references,
};
use crate::quota::{HeldPlaces, QuotaOverride};

/// Everything a status change reads, taken from the database in the transaction that records
/// the change, under the mobility's lock and its condition's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChangeFacts {
    /// The mobility as stored.
    pub mobility: Mobility,
    /// What the database holds about the records the mobility names.
    pub references: ReferenceFacts,
    /// The person's mobilities (this one included), as the overlap rule reads them.
    pub person_mobilities: Vec<PersonMobility<MobilityId>>,
    /// What the other place-holding mobilities of the mobility's condition and academic year
    /// hold (this one left out); nothing without a condition.
    pub held: HeldPlaces,
    /// Whether some version of the mobility's learning agreement is signed by all three
    /// parties: read only for a change to `live` (the one change that needs it), `None`
    /// otherwise.
    pub learning_agreement_signed: Option<bool>,
}

/// A requested status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChangeRequest<'a> {
    /// The wanted status.
    pub to: MobilityStatus,
    /// Why; required to cancel, and the override's reason with `override_quota`.
    pub reason: Option<&'a str>,
    /// Nominate past the quota, with `reason` as the override's reason. Who may ask for it
    /// is the caller's decision.
    pub override_quota: bool,
    /// The actual first day, recorded with the change.
    pub actual_start: Option<NaiveDate>,
    /// The actual last day, recorded with the change.
    pub actual_end: Option<NaiveDate>,
    /// Go live without a learning agreement signed by all three, with `reason` as the
    /// override's reason. Who may ask for it is the caller's decision.
    pub override_learning_agreement: bool,
}

impl StatusChangeRequest<'_> {
    /// A request to move to `to` with no reason, no override and no dates.
    pub fn to(to: MobilityStatus) -> Self {
        StatusChangeRequest {
            to,
            reason: None,
            override_quota: false,
            actual_start: None,
            actual_end: None,
            override_learning_agreement: false,
        }
    }
}

/// An allowed status change and what to record with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChangeDecision {
    /// From, to, the reason for the history, and what the change does to the quota.
    pub transition: MobilityTransition,
    /// The actual first day after the change: the request's, else the recorded one.
    pub actual_start: Option<NaiveDate>,
    /// The actual last day after the change: the request's, else the recorded one.
    pub actual_end: Option<NaiveDate>,
    /// The quota override, when this change passes the quota by one.
    pub quota_override: Option<QuotaOverride>,
    /// The override reason the mobility keeps after the change: this change's override, none
    /// once the place is released, otherwise the recorded one.
    pub quota_override_reason: Option<String>,
}

/// Why a status change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusChangeRefusal {
    /// The lifecycle does not allow it, or a reason or actual date is missing.
    #[error(transparent)]
    Transition(MobilityTransitionError),
    /// The mobility's references do not fit (checked before it takes a place).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    References(Vec<ReferenceProblem>),
    /// The mobility may not take a place.
    #[error(transparent)]
    Place(PlaceRefusal),
    /// The mobility may not go live without a signed learning agreement.
    #[error(transparent)]
    Departure(DepartureRefusal),
    /// An Erasmus+ mobility goes live only under a grant project (`grant_id`), which the
    /// Beneficiary Module report is made of.
    #[error("an Erasmus+ mobility goes live only under a grant project: set its grant_id first")]
    GrantRequired,
}

/// Decides a status change of `facts.mobility`, in this order: the
/// lifecycle's transition, with the actual dates given or recorded
/// ([`MobilityStatus::transition`]); for a change that takes a place, the references
/// (`mobility::check_references`), then the rules and the quota ([`check_place`]), where
/// `override_quota` with a reason may pass the quota. A change that releases the place clears
/// the recorded override.
///
/// The caller reads `facts` and records the decision in one transaction, under the locks that
/// make concurrent nominations under one condition count each other's places.
pub fn decide_status_change(
    facts: &StatusChangeFacts,
    request: &StatusChangeRequest<'_>,
) -> Result<StatusChangeDecision, StatusChangeRefusal> {
    let mobility = &facts.mobility;
    let data = &mobility.data;
    let actual_start = request.actual_start.or(data.actual_start);
    let actual_end = request.actual_end.or(data.actual_end);
    let transition = mobility
        .status
        .transition(
            data.direction,
            &TransitionRequest { to: request.to, reason: request.reason, actual_start, actual_end },
        )
        .map_err(StatusChangeRefusal::Transition)?;
    // Read from the mobility's own row: the facts join carries it, no statement more.
    if request.to == MobilityStatus::Live && data.grant_id.is_none() && needs_grant(data.programme, data.direction) {
        return Err(StatusChangeRefusal::GrantRequired);
    }
    let quota_override = match transition.place_change {
        PlaceChange::Takes => {
            let participant = check_references(data, &facts.references).map_err(StatusChangeRefusal::References)?;
            let place = PlaceFacts::of(data, participant, &facts.references, &facts.person_mobilities, facts.held);
            // An override asked without a reason is refused by the quota check, if the quota
            // needs one at all.
            let asked = request.override_quota.then(|| request.reason.unwrap_or(""));
            check_place(mobility.id, data, &place, asked).map_err(StatusChangeRefusal::Place)?
        }
        PlaceChange::Releases | PlaceChange::Unchanged => None,
    };
    let mut transition = transition;
    if transition.to == MobilityStatus::Live {
        let signed = facts.learning_agreement_signed.unwrap_or(false);
        let asked = request.override_learning_agreement.then(|| request.reason.unwrap_or(""));
        let overridden = check_departure(data.activity_type, signed, asked).map_err(StatusChangeRefusal::Departure)?;
        // Recorded in the history, where the change's reason is kept.
        if let Some(reason) = overridden {
            transition.reason =
                Some(format!("learning agreement not signed by all three parties; overridden: {reason}"));
        }
    }
    let quota_override_reason = match transition.place_change {
        PlaceChange::Releases => None,
        PlaceChange::Takes | PlaceChange::Unchanged => {
            quota_override.as_ref().map(|o| o.reason.clone()).or_else(|| mobility.quota_override_reason.clone())
        }
    };
    Ok(StatusChangeDecision { transition, actual_start, actual_end, quota_override, quota_override_reason })
}

#[cfg(test)]
mod tests;
