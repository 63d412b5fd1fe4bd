//! Tests of the reference check: each broken reference is named with its code and message,
//! all of them at once, in a stable order.

use super::*;
use crate::mobility::fixtures::Scene;
use crate::{AgreementId, ConditionId, InstitutionId, UnitId};

fn problems(data: &MobilityData, facts: &ReferenceFacts) -> Vec<ReferenceProblem> {
    check_references(data, facts).unwrap_err()
}

#[test]
fn consistent_references_give_the_persons_kind() {
    let scene = Scene::new();
    assert_eq!(check_references(&scene.mobility.data, &scene.references), Ok(ParticipantKind::Student));
}

#[test]
fn missing_records_are_unknown() {
    let scene = Scene::new();
    let facts =
        ReferenceFacts { person: None, receiving: None, agreement: None, condition: None, ..scene.references.clone() };
    let found = problems(&scene.mobility.data, &facts);
    assert_eq!(
        found,
        [
            ReferenceProblem::UnknownPerson,
            ReferenceProblem::UnknownInstitution { side: SideName::Receiving },
            ReferenceProblem::UnknownAgreement,
        ]
    );
    assert!(found.iter().all(|p| p.code() == "unknown"));
    assert_eq!(found[0].to_string(), "no person has this id");
    assert_eq!(found[1].to_string(), "no institution has this id");
    assert_eq!(found[2].to_string(), "no agreement has this id");
}

#[test]
fn a_unit_must_belong_to_its_sides_institution() {
    let scene = Scene::new();
    let facts = ReferenceFacts { sending_unit_of: Some(scene.warsaw), ..scene.references.clone() };
    let found = problems(&scene.mobility.data, &facts);
    assert_eq!(found, [ReferenceProblem::UnitNotOfInstitution { side: SideName::Sending }]);
    assert_eq!(found[0].to_string(), "sending_unit_id must name a unit of the sending institution");
    let facts = ReferenceFacts { sending_unit_of: None, ..scene.references.clone() };
    assert_eq!(problems(&scene.mobility.data, &facts), found, "a unit that does not exist");
    // A receiving unit of the partner is fine once the database confirms it.
    let mut data = scene.mobility.data.clone();
    data.receiving.unit_id = Some(UnitId::generate());
    let facts = ReferenceFacts { receiving_unit_of: Some(scene.warsaw), ..scene.references.clone() };
    assert!(check_references(&data, &facts).is_ok());
}

#[test]
fn our_side_must_be_our_university_and_the_other_a_partner() {
    let scene = Scene::new();
    let mut facts = scene.references.clone();
    facts.sending.as_mut().unwrap().is_local = false;
    let found = problems(&scene.mobility.data, &facts);
    assert_eq!(found, [ReferenceProblem::NotOurUniversity { direction: Direction::Outgoing, side: SideName::Sending }]);
    assert_eq!(found[0].code(), "range");
    assert_eq!(
        found[0].to_string(),
        "an outgoing mobility's sending_institution_id must be our university, the other side a partner"
    );
    // Both sides ours: the receiving side is no partner.
    let mut data = scene.mobility.data.clone();
    data.receiving.institution_id = scene.ukim;
    data.agreement_id = None;
    data.condition_id = None;
    assert_eq!(
        problems(&data, &scene.references),
        [ReferenceProblem::NotOurUniversity { direction: Direction::Outgoing, side: SideName::Sending }]
    );
    // Incoming: the receiving side must be ours.
    let mut data = scene.mobility.data.clone();
    data.direction = Direction::Incoming;
    data.agreement_id = None;
    data.condition_id = None;
    let found = problems(&data, &scene.references);
    assert_eq!(
        found,
        [ReferenceProblem::NotOurUniversity { direction: Direction::Incoming, side: SideName::Receiving }]
    );
    assert_eq!(
        found[0].to_string(),
        "an incoming mobility's receiving_institution_id must be our university, the other side a partner"
    );
}

#[test]
fn the_agreement_and_condition_must_be_with_the_partner_in_this_direction() {
    let scene = Scene::new();
    let mut facts = scene.references.clone();
    facts.agreement.as_mut().unwrap().data.partner_institution_id = InstitutionId::generate();
    let condition = facts.condition.as_mut().unwrap();
    std::mem::swap(&mut condition.data.sending, &mut condition.data.receiving);
    let found = problems(&scene.mobility.data, &facts);
    assert_eq!(found, [ReferenceProblem::AgreementWithAnotherPartner, ReferenceProblem::ConditionForOtherDirection]);
    assert_eq!(found[0].to_string(), "the agreement is with another partner");
    assert_eq!(found[1].to_string(), "the cooperation condition is for the other direction");
}

#[test]
fn a_condition_of_another_agreement_is_unknown_under_this_one() {
    let scene = Scene::new();
    let mut facts = scene.references.clone();
    facts.condition.as_mut().unwrap().agreement_id = AgreementId::generate();
    let found = problems(&scene.mobility.data, &facts);
    assert_eq!(found, [ReferenceProblem::UnknownCondition]);
    assert_eq!(found[0].to_string(), "the agreement has no cooperation condition with this id");
    let mut data = scene.mobility.data.clone();
    data.condition_id = Some(ConditionId::generate());
    assert_eq!(problems(&data, &scene.references), [ReferenceProblem::UnknownCondition]);
    // Without an agreement the condition is not looked at.
    data.agreement_id = None;
    assert!(check_references(&data, &scene.references).is_ok());
}
