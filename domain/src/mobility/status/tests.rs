//! Tests of the mobility lifecycle: every transition allowed and refused, in both directions.

use super::MobilityStatus::*;
use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

const OUTGOING: [(MobilityStatus, MobilityStatus); 13] = [
    (Applied, Nominated),
    (Applied, Cancelled),
    (Nominated, Accepted),
    (Nominated, Rejected),
    (Nominated, Cancelled),
    (Rejected, Applied),
    (Rejected, Cancelled),
    (Accepted, Live),
    (Accepted, Cancelled),
    (Live, Completed),
    (Live, Cancelled),
    (Completed, Recognized),
    (Completed, Cancelled),
];

const INCOMING: [(MobilityStatus, MobilityStatus); 12] = [
    (Applied, Nominated),
    (Applied, Cancelled),
    (Nominated, Accepted),
    (Nominated, Rejected),
    (Nominated, Cancelled),
    (Rejected, Nominated),
    (Rejected, Cancelled),
    (Accepted, Live),
    (Accepted, Cancelled),
    (Live, Completed),
    (Live, Cancelled),
    (Completed, Cancelled),
];

/// A request carrying everything any transition may need, so only the edge decides.
fn complete_request(to: MobilityStatus) -> TransitionRequest<'static> {
    TransitionRequest {
        to,
        reason: Some("requested by the participant"),
        actual_start: Some(date("2025-10-01")),
        actual_end: Some(date("2026-02-15")),
    }
}

fn assert_edges(direction: Direction, edges: &[(MobilityStatus, MobilityStatus)]) {
    for from in MobilityStatus::ALL {
        for to in MobilityStatus::ALL {
            let expected = edges.contains(&(*from, *to));
            match from.transition(direction, &complete_request(*to)) {
                Ok(transition) => {
                    assert!(expected, "{direction} {from} → {to} should be refused");
                    assert_eq!((transition.from, transition.to), (*from, *to));
                }
                Err(error) => {
                    assert!(!expected, "{direction} {from} → {to} should be allowed, got {error}");
                    assert_eq!(error.code(), "illegal_transition");
                }
            }
        }
    }
}

#[test]
fn outgoing_transitions_follow_the_lifecycle_exactly() {
    assert_edges(Direction::Outgoing, &OUTGOING);
}

#[test]
fn incoming_transitions_follow_the_lifecycle_exactly() {
    assert_edges(Direction::Incoming, &INCOMING);
}

#[test]
fn incoming_mobilities_end_at_completed_and_start_nominated() {
    assert_eq!(Completed.allowed_next(Direction::Incoming), [Cancelled]);
    assert!(!Completed.allowed_next(Direction::Incoming).contains(&Recognized));
    assert_eq!(MobilityStatus::initial(Direction::Incoming), Nominated);
    assert_eq!(MobilityStatus::initial(Direction::Outgoing), Applied);
}

#[test]
fn recognized_and_cancelled_are_final() {
    for direction in Direction::ALL {
        assert!(Recognized.is_final(*direction));
        assert!(Cancelled.is_final(*direction));
        assert!(!Live.is_final(*direction));
    }
}

#[test]
fn a_refused_transition_names_direction_from_to_and_the_way_forward() {
    let error = Applied.transition(Direction::Outgoing, &TransitionRequest::to(Live)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "an outgoing mobility cannot go from applied to live; from applied it may go to: nominated, cancelled"
    );
    let error = Completed.transition(Direction::Incoming, &TransitionRequest::to(Recognized)).unwrap_err();
    assert!(error.to_string().contains("incoming mobility cannot go from completed to recognized"), "{error}");
}

#[test]
fn cancelling_needs_a_reason() {
    for reason in [None, Some(""), Some("   ")] {
        let request = TransitionRequest { reason, ..TransitionRequest::to(Cancelled) };
        let error = Live.transition(Direction::Outgoing, &request).unwrap_err();
        assert_eq!(error, MobilityTransitionError::ReasonRequired);
        assert_eq!(error.code(), "reason_required");
    }
    let request =
        TransitionRequest { reason: Some(" early return, no justification "), ..TransitionRequest::to(Cancelled) };
    let transition = Live.transition(Direction::Outgoing, &request).unwrap();
    assert_eq!(transition.reason.as_deref(), Some("early return, no justification"));
}

#[test]
fn going_live_needs_the_actual_start_date() {
    let error = Accepted.transition(Direction::Outgoing, &TransitionRequest::to(Live)).unwrap_err();
    assert_eq!(error.code(), "actual_start_required");
    let request = TransitionRequest { actual_start: Some(date("2025-10-01")), ..TransitionRequest::to(Live) };
    assert!(Accepted.transition(Direction::Incoming, &request).is_ok());
}

#[test]
fn completing_needs_the_actual_end_date_not_before_the_start() {
    let started = TransitionRequest { actual_start: Some(date("2025-10-01")), ..TransitionRequest::to(Completed) };
    assert_eq!(Live.transition(Direction::Outgoing, &started).unwrap_err().code(), "actual_end_required");

    let backwards = TransitionRequest { actual_end: Some(date("2025-09-30")), ..started };
    assert_eq!(
        Live.transition(Direction::Outgoing, &backwards).unwrap_err(),
        MobilityTransitionError::EndBeforeStart { start: date("2025-10-01"), end: date("2025-09-30") }
    );

    let same_day = TransitionRequest { actual_end: Some(date("2025-10-01")), ..started };
    assert!(Live.transition(Direction::Incoming, &same_day).is_ok());
}

#[test]
fn exactly_nominated_accepted_live_completed_and_recognized_hold_a_place() {
    let holding: Vec<_> = MobilityStatus::ALL.iter().copied().filter(|s| s.holds_place()).collect();
    assert_eq!(holding, [Nominated, Accepted, Live, Completed, Recognized]);
}

#[test]
fn transitions_say_when_a_place_is_taken_or_released() {
    let change =
        |from: MobilityStatus, direction, to| from.transition(direction, &complete_request(to)).unwrap().place_change;
    assert_eq!(change(Applied, Direction::Outgoing, Nominated), PlaceChange::Takes);
    assert_eq!(change(Rejected, Direction::Incoming, Nominated), PlaceChange::Takes);
    assert_eq!(change(Nominated, Direction::Outgoing, Rejected), PlaceChange::Releases);
    assert_eq!(change(Live, Direction::Outgoing, Cancelled), PlaceChange::Releases);
    assert_eq!(change(Applied, Direction::Outgoing, Cancelled), PlaceChange::Unchanged);
    assert_eq!(change(Accepted, Direction::Outgoing, Live), PlaceChange::Unchanged);
    assert_eq!(change(Rejected, Direction::Outgoing, Applied), PlaceChange::Unchanged);
}

#[test]
fn checklists_are_followed_up_from_nomination_until_the_stay() {
    let followed: Vec<MobilityStatus> =
        MobilityStatus::ALL.iter().copied().filter(|s| s.needs_checklist_follow_up()).collect();
    assert_eq!(followed, [Nominated, Accepted, Live]);
    // Every status followed up holds a place: nobody is chased for a mobility not granted.
    assert!(followed.iter().all(|s| s.holds_place()));
}
