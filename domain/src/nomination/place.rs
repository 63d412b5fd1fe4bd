//! Whether a mobility may hold a place: the Erasmus+ rules and the person's other mobilities
//! first, then the agreement and its condition's quota.

use crate::MobilityId;
use crate::agreement::{AgreementOutline, CooperationCondition};
use crate::mobility::{
    Direction, MobilityData, NominationPlan, NominationRuleViolation, ParticipantKind, PersonMobility, ReferenceFacts,
    check_nomination_rules,
};
use crate::quota::{HeldPlaces, NominationRefusal, NominationRequest, QuotaOverride, check_nomination_against};

/// What the place check reads besides the mobility itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceFacts<'a> {
    /// The person's kind.
    pub participant: ParticipantKind,
    /// The person's mobilities; the checked one may be among them and is skipped.
    pub person_mobilities: &'a [PersonMobility<MobilityId>],
    /// The agreement the mobility falls under, as the quota reads it.
    pub agreement: Option<AgreementOutline>,
    /// The terms of the cooperation condition whose quota the mobility uses, with what its
    /// other place-holding mobilities of the mobility's academic year hold (the checked one
    /// left out, so it is never counted twice).
    pub condition: Option<(&'a CooperationCondition, HeldPlaces)>,
}

impl<'a> PlaceFacts<'a> {
    /// The place facts of `data` once its references are confirmed
    /// (`mobility::check_references` returned `participant`): the agreement as seen from our
    /// university (our side's and the partner's SCHAC codes) and the condition's terms, both
    /// only when the mobility names them.
    pub fn of(
        data: &MobilityData,
        participant: ParticipantKind,
        references: &'a ReferenceFacts,
        person_mobilities: &'a [PersonMobility<MobilityId>],
        held: HeldPlaces,
    ) -> Self {
        let (ours, partner) = match data.direction {
            Direction::Outgoing => (&references.sending, &references.receiving),
            Direction::Incoming => (&references.receiving, &references.sending),
        };
        let agreement = match (data.agreement_id, &references.agreement, ours, partner) {
            (Some(_), Some(agreement), Some(ours), Some(partner)) => {
                Some(agreement.outline(ours.hei_id.clone(), partner.hei_id.clone()))
            }
            _ => None,
        };
        // A condition counts only under its agreement (the references check ignores one without).
        let condition = match (&agreement, data.condition_id, &references.condition) {
            (Some(_), Some(_), Some(condition)) => Some((&condition.data.terms, held)),
            _ => None,
        };
        PlaceFacts { participant, person_mobilities, agreement, condition }
    }
}

/// Why a mobility may not hold a place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceRefusal {
    /// Rules the mobility breaks, every one in a stable order (at least one).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Rules(Vec<NominationRuleViolation<MobilityId>>),
    /// The agreement or its condition's quota refuses it.
    #[error(transparent)]
    Quota(NominationRefusal),
}

/// Decides whether the mobility `id` with `data` may hold a place: first the
/// rules it must meet itself and against the person's other mobilities
/// (`mobility::check_nomination_rules`); then, under a cooperation condition, the agreement
/// and the quota (`quota::check_nomination`, which `override_reason` may pass); under an
/// agreement without a condition, only that the agreement is not terminated. Returns the
/// quota override to record when the mobility passes the quota by one.
///
/// The caller reads `facts` in the transaction that records the outcome, after locking the
/// condition, so two mobilities never share a place.
pub fn check_place(
    id: MobilityId,
    data: &MobilityData,
    facts: &PlaceFacts<'_>,
    override_reason: Option<&str>,
) -> Result<Option<QuotaOverride>, PlaceRefusal> {
    let plan = NominationPlan {
        mobility_id: id,
        participant: facts.participant,
        programme: data.programme,
        activity: data.activity_type,
        attribute: data.activity_attribute,
        period: data.planned,
        teaching_hours: data.teaching_hours,
        combined_with_training: data.combined_with_training,
    };
    let violations = check_nomination_rules(&plan, facts.person_mobilities);
    if !violations.is_empty() {
        return Err(PlaceRefusal::Rules(violations));
    }
    let Some(agreement) = &facts.agreement else { return Ok(None) };
    let Some((terms, held)) = facts.condition else {
        return if agreement.status.accepts_nominations() {
            Ok(None)
        } else {
            Err(PlaceRefusal::Quota(NominationRefusal::AgreementTerminated))
        };
    };
    let request = NominationRequest {
        mobility_id: id,
        activity: data.activity_type,
        academic_year: data.academic_year,
        eqf_level: data.eqf_level,
        planned: data.planned_duration(),
        override_reason,
    };
    let decision = check_nomination_against(agreement, terms, held, &request).map_err(PlaceRefusal::Quota)?;
    Ok(decision.quota_override)
}
