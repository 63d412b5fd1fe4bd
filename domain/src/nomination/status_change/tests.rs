//! Tests of the status change decision: the transition first, then for a nomination the
//! references, the rules and the quota; what the change records.

use super::*;
use crate::agreement::AgreementStatus;
use crate::mobility::fixtures::{Scene, day};
use crate::mobility::{DateRange, MobilityTransitionError, NominationRuleViolation};
use crate::quota::{HeldPlaces, NominationRefusal, QuotaMeasure};
use crate::{Hundredths, MobilityId};

fn facts(scene: &Scene) -> StatusChangeFacts {
    StatusChangeFacts {
        mobility: scene.mobility.clone(),
        references: scene.references.clone(),
        person_mobilities: vec![PersonMobility {
            id: scene.mobility.id,
            status: scene.mobility.status,
            period: scene.mobility.data.planned,
        }],
        held: HeldPlaces::default(),
        learning_agreement_signed: None,
    }
}

/// `places` other mobilities of the condition's year holding five months each.
fn held(places: u32) -> HeldPlaces {
    HeldPlaces { places, amount: Hundredths::whole(5 * places) }
}

fn nominate() -> StatusChangeRequest<'static> {
    StatusChangeRequest::to(MobilityStatus::Nominated)
}

#[test]
fn a_nomination_within_the_quota_takes_a_place_without_override() {
    let scene = Scene::new();
    let decision = decide_status_change(&facts(&scene), &nominate()).unwrap();
    assert_eq!(decision.transition.from, MobilityStatus::Applied);
    assert_eq!(decision.transition.to, MobilityStatus::Nominated);
    assert_eq!(decision.transition.place_change, PlaceChange::Takes);
    assert_eq!(decision.quota_override, None);
    assert_eq!(decision.quota_override_reason, None);
}

#[test]
fn the_lifecycle_refuses_before_anything_is_checked() {
    let scene = Scene::new();
    let mut broken = facts(&scene);
    broken.references.person = None;
    let refusal = decide_status_change(&broken, &StatusChangeRequest::to(MobilityStatus::Accepted)).unwrap_err();
    assert!(matches!(refusal, StatusChangeRefusal::Transition(MobilityTransitionError::NotAllowed { .. })));
    // A change that takes no place does not look at references, rules or quota.
    let cancel = StatusChangeRequest { reason: Some("withdrew"), ..StatusChangeRequest::to(MobilityStatus::Cancelled) };
    let decision = decide_status_change(&broken, &cancel).unwrap();
    assert_eq!(decision.transition.place_change, PlaceChange::Unchanged);
    assert_eq!(decision.transition.reason.as_deref(), Some("withdrew"));
}

#[test]
fn a_nomination_with_broken_references_is_refused_with_every_problem() {
    let scene = Scene::new();
    let mut broken = facts(&scene);
    broken.references.person = None;
    broken.references.agreement = None;
    let refusal = decide_status_change(&broken, &nominate()).unwrap_err();
    assert_eq!(
        refusal,
        StatusChangeRefusal::References(vec![ReferenceProblem::UnknownPerson, ReferenceProblem::UnknownAgreement])
    );
}

#[test]
fn a_nomination_breaking_a_rule_names_the_rule() {
    let scene = Scene::new();
    let mut overlapping = facts(&scene);
    let other = MobilityId::generate();
    let period = DateRange::new(day("2026-02-01"), day("2026-06-30")).unwrap();
    overlapping.person_mobilities.push(PersonMobility { id: other, status: MobilityStatus::Nominated, period });
    let refusal = decide_status_change(&overlapping, &nominate()).unwrap_err();
    let StatusChangeRefusal::Place(PlaceRefusal::Rules(violations)) = refusal else { panic!("{refusal:?}") };
    assert_eq!(violations.len(), 1);
    assert!(matches!(violations[0], NominationRuleViolation::Overlap { other: o, .. } if o == other));
}

#[test]
fn a_full_quota_refuses_unless_overridden_with_a_reason() {
    let scene = Scene::new();
    let mut full = facts(&scene);
    full.held = held(2);
    let refusal = decide_status_change(&full, &nominate()).unwrap_err();
    let StatusChangeRefusal::Place(PlaceRefusal::Quota(NominationRefusal::QuotaExhausted { exceeded, .. })) = refusal
    else {
        panic!("{refusal:?}")
    };
    assert_eq!(exceeded.iter().map(|e| e.measure).collect::<Vec<_>>(), [QuotaMeasure::Places, QuotaMeasure::Months]);

    let blank = StatusChangeRequest { override_quota: true, ..nominate() };
    let refusal = decide_status_change(&full, &blank).unwrap_err();
    assert!(matches!(
        refusal,
        StatusChangeRefusal::Place(PlaceRefusal::Quota(NominationRefusal::OverrideReasonRequired { .. }))
    ));

    let overridden = StatusChangeRequest { override_quota: true, reason: Some("dean's decision"), ..nominate() };
    let decision = decide_status_change(&full, &overridden).unwrap();
    assert_eq!(decision.quota_override.unwrap().reason, "dean's decision");
    assert_eq!(decision.quota_override_reason.as_deref(), Some("dean's decision"));
    assert_eq!(decision.transition.reason.as_deref(), Some("dean's decision"));

    // An override within the quota is not needed and not recorded.
    let decision = decide_status_change(&facts(&scene), &overridden).unwrap();
    assert_eq!(decision.quota_override, None);
    assert_eq!(decision.quota_override_reason, None);
}

#[test]
fn the_last_place_is_taken_when_one_other_is_held() {
    let scene = Scene::new();
    let mut last = facts(&scene);
    // Two places: one held by another mobility, so this one takes the last.
    last.held = held(1);
    let decision = decide_status_change(&last, &nominate()).unwrap();
    assert_eq!(decision.quota_override, None);
}

#[test]
fn releasing_the_place_clears_the_override_and_other_changes_keep_it() {
    let scene = Scene::new();
    let mut nominated = facts(&scene);
    nominated.mobility.status = MobilityStatus::Nominated;
    nominated.mobility.quota_override_reason = Some("dean's decision".to_owned());
    let reject =
        StatusChangeRequest { reason: Some("transcript missing"), ..StatusChangeRequest::to(MobilityStatus::Rejected) };
    let decision = decide_status_change(&nominated, &reject).unwrap();
    assert_eq!(decision.transition.place_change, PlaceChange::Releases);
    assert_eq!(decision.quota_override_reason, None);
    let decision = decide_status_change(&nominated, &StatusChangeRequest::to(MobilityStatus::Accepted)).unwrap();
    assert_eq!(decision.transition.place_change, PlaceChange::Unchanged);
    assert_eq!(decision.quota_override_reason.as_deref(), Some("dean's decision"));
}

#[test]
fn actual_dates_come_from_the_request_or_the_record() {
    let scene = Scene::new();
    let mut accepted = facts(&scene);
    accepted.mobility.status = MobilityStatus::Accepted;
    let live = StatusChangeRequest::to(MobilityStatus::Live);
    assert!(matches!(
        decide_status_change(&accepted, &live),
        Err(StatusChangeRefusal::Transition(MobilityTransitionError::ActualStartRequired))
    ));
    accepted.mobility.data.actual_start = Some(day("2025-10-02"));
    accepted.learning_agreement_signed = Some(true);
    let decision = decide_status_change(&accepted, &live).unwrap();
    assert_eq!(decision.actual_start, Some(day("2025-10-02")));
    let given = StatusChangeRequest { actual_start: Some(day("2025-10-03")), ..live };
    assert_eq!(decide_status_change(&accepted, &given).unwrap().actual_start, Some(day("2025-10-03")));
}

#[test]
fn an_erasmus_mobility_without_a_grant_does_not_go_live() {
    let scene = Scene::new();
    let mut accepted = facts(&scene);
    accepted.mobility.status = MobilityStatus::Accepted;
    accepted.mobility.data.actual_start = Some(day("2025-10-02"));
    accepted.mobility.data.grant_id = None;
    // Its learning agreement is signed: only the grant is missing.
    accepted.learning_agreement_signed = Some(true);
    let live = StatusChangeRequest::to(MobilityStatus::Live);
    assert_eq!(decide_status_change(&accepted, &live).unwrap_err(), StatusChangeRefusal::GrantRequired);
    // Other moves need no grant, nor does a bilateral exchange going live.
    let cancel = StatusChangeRequest { reason: Some("withdrew"), ..StatusChangeRequest::to(MobilityStatus::Cancelled) };
    assert!(decide_status_change(&accepted, &cancel).is_ok());
    accepted.mobility.data.programme = crate::MobilityProgramme::Bilateral;
    assert!(decide_status_change(&accepted, &live).is_ok());
}

#[test]
fn under_an_agreement_without_a_condition_only_termination_refuses() {
    let scene = Scene::new();
    let mut bare = facts(&scene);
    bare.mobility.data.condition_id = None;
    bare.references.condition = None;
    bare.held = HeldPlaces::default();
    assert!(decide_status_change(&bare, &nominate()).is_ok());
    bare.references.agreement.as_mut().unwrap().status = AgreementStatus::Terminated;
    assert_eq!(
        decide_status_change(&bare, &nominate()).unwrap_err(),
        StatusChangeRefusal::Place(PlaceRefusal::Quota(NominationRefusal::AgreementTerminated))
    );
}

#[test]
fn going_live_needs_a_signed_learning_agreement_or_an_override_with_a_reason() {
    let scene = Scene::new();
    let mut accepted = facts(&scene);
    accepted.mobility.status = MobilityStatus::Accepted;
    accepted.mobility.data.actual_start = Some(day("2025-10-02"));
    accepted.learning_agreement_signed = Some(false);
    let live = StatusChangeRequest::to(MobilityStatus::Live);
    assert!(matches!(
        decide_status_change(&accepted, &live),
        Err(StatusChangeRefusal::Departure(DepartureRefusal::LearningAgreementUnsigned(_)))
    ));
    let blank = StatusChangeRequest { override_learning_agreement: true, ..live };
    assert!(matches!(
        decide_status_change(&accepted, &blank),
        Err(StatusChangeRefusal::Departure(DepartureRefusal::OverrideReasonRequired))
    ));
    let overridden = StatusChangeRequest { reason: Some("signed on paper, scan follows"), ..blank };
    let decision = decide_status_change(&accepted, &overridden).unwrap();
    assert!(decision.transition.reason.unwrap().ends_with("overridden: signed on paper, scan follows"));
}
