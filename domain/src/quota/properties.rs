//! Property tests of quota arithmetic: never over the quota without an override, cancelling
//! releases exactly what was held, remaining never negative, usage monotonic.

use proptest::prelude::*;

use super::*;
use crate::agreement::fixtures::{condition, outline, student_input, year};
use crate::agreement::{CooperationCondition, CooperationConditionInput, MobilityType};
use crate::mobility::MobilityStatus;
use crate::{AcademicYear, EqfLevel};

fn student_condition(places: u32, months_hundredths: u64) -> CooperationCondition {
    let total = Hundredths::from_hundredths(months_hundredths).to_string();
    condition(&CooperationConditionInput {
        mobilities_per_year: places,
        total_months_per_year: Some(total),
        ..student_input()
    })
}

fn the_year() -> AcademicYear {
    year("2025/2026")
}

fn status() -> impl Strategy<Value = MobilityStatus> {
    prop::sample::select(MobilityStatus::ALL.to_vec())
}

/// Linked mobilities of the year, with any status and 0.01–15 months each.
fn linked_mobilities() -> impl Strategy<Value = Vec<LinkedMobility<usize>>> {
    prop::collection::vec((status(), 1u64..=1500), 0..12).prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(id, (status, planned))| LinkedMobility {
                id,
                academic_year: the_year(),
                status,
                planned: Hundredths::from_hundredths(planned),
            })
            .collect()
    })
}

/// A step of a nomination session: nominate someone for `planned` months, or cancel the
/// `n`-th mobility that holds a place.
#[derive(Debug, Clone)]
enum Step {
    Nominate(u64),
    Cancel(usize),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![3 => (1u64..=1200).prop_map(Step::Nominate), 1 => any::<usize>().prop_map(Step::Cancel)],
        0..40,
    )
}

fn assert_tally_sound<T: Copy + Ord + std::fmt::Debug>(tally: Tally<T>, add: impl Fn(T, T) -> T) {
    assert!(tally.remaining <= tally.allowed, "{tally:?}");
    if tally.used <= tally.allowed {
        assert_eq!(add(tally.used, tally.remaining), tally.allowed, "{tally:?}");
    } else {
        assert_eq!(add(tally.remaining, tally.remaining), tally.remaining, "remaining must be zero: {tally:?}");
    }
}

proptest! {
    #[test]
    fn used_never_exceeds_allowed_without_an_override(
        places in 1u32..6,
        months in 1u64..=3000,
        steps in steps(),
    ) {
        let condition = student_condition(places, months);
        let agreement = outline();
        let mut linked: Vec<LinkedMobility<usize>> = Vec::new();
        for step in steps {
            match step {
                Step::Nominate(planned) => {
                    let request = NominationRequest {
                        mobility_id: linked.len(),
                        activity: MobilityType::StudentStudies,
                        academic_year: the_year(),
                        eqf_level: Some(EqfLevel::new(7).unwrap()),
                        planned: Hundredths::from_hundredths(planned),
                        override_reason: None,
                    };
                    match check_nomination(&agreement, &condition, &linked, &request) {
                        Ok(decision) => {
                            prop_assert!(decision.quota_override.is_none());
                            linked.push(LinkedMobility {
                                id: linked.len(),
                                academic_year: the_year(),
                                status: MobilityStatus::Nominated,
                                planned: request.planned,
                            });
                            prop_assert_eq!(quota_usage(&condition, the_year(), &linked), decision.after);
                        }
                        Err(refusal) => prop_assert_eq!(refusal.code(), "quota_exhausted"),
                    }
                }
                Step::Cancel(n) => {
                    let holding: Vec<usize> = (0..linked.len()).filter(|&i| linked[i].status.holds_place()).collect();
                    if !holding.is_empty() {
                        linked[holding[n % holding.len()]].status = MobilityStatus::Cancelled;
                    }
                }
            }
            let usage = quota_usage(&condition, the_year(), &linked);
            prop_assert!(usage.places.used <= usage.places.allowed, "{:?}", usage);
            prop_assert!(usage.amount.used <= usage.amount.allowed, "{:?}", usage);
        }
    }

    #[test]
    fn cancelling_releases_exactly_what_the_mobility_held(
        mut linked in linked_mobilities(),
        pick in any::<usize>(),
        release_by_rejection in any::<bool>(),
    ) {
        let condition = student_condition(3, 1000);
        let holding: Vec<usize> = (0..linked.len()).filter(|&i| linked[i].status.holds_place()).collect();
        prop_assume!(!holding.is_empty());
        let index = holding[pick % holding.len()];
        let before = quota_usage(&condition, the_year(), &linked);
        linked[index].status = if release_by_rejection { MobilityStatus::Rejected } else { MobilityStatus::Cancelled };
        let after = quota_usage(&condition, the_year(), &linked);
        prop_assert_eq!(before.places.used - after.places.used, 1);
        prop_assert_eq!(Hundredths::from_hundredths(before.amount.used.hundredths() - after.amount.used.hundredths()), linked[index].planned);
        prop_assert_eq!(before.after_releasing(linked[index].planned), after);
    }

    #[test]
    fn remaining_is_never_negative_and_adds_up(
        linked in linked_mobilities(),
        places in 0u32..6,
        months in 1u64..=3000,
    ) {
        let condition = student_condition(places.max(1), months);
        let usage = quota_usage(&condition, the_year(), &linked);
        assert_tally_sound(usage.places, |a, b| a + b);
        assert_tally_sound(usage.amount, |a, b| a + b);
        prop_assert_eq!(usage.places.remaining == 0, usage.places.used >= usage.places.allowed);
    }

    #[test]
    fn usage_grows_with_every_place_holding_mobility(
        mut linked in linked_mobilities(),
        extra_status in status(),
        extra_planned in 1u64..=1500,
    ) {
        let condition = student_condition(3, 1000);
        let before = quota_usage(&condition, the_year(), &linked);
        linked.push(LinkedMobility {
            id: usize::MAX,
            academic_year: the_year(),
            status: extra_status,
            planned: Hundredths::from_hundredths(extra_planned),
        });
        let after = quota_usage(&condition, the_year(), &linked);
        prop_assert!(after.places.used >= before.places.used);
        prop_assert!(after.amount.used >= before.amount.used);
        prop_assert!(after.places.remaining <= before.places.remaining);
        prop_assert!(after.amount.remaining <= before.amount.remaining);
        if extra_status.holds_place() {
            prop_assert_eq!(after, before.after_adding(Hundredths::from_hundredths(extra_planned)));
        } else {
            prop_assert_eq!(after, before);
        }
    }

    #[test]
    fn an_override_with_a_reason_always_passes_the_quota_and_records_the_excess(
        linked in linked_mobilities(),
        planned in 1u64..=1500,
    ) {
        let condition = student_condition(1, 500);
        let request = NominationRequest {
            mobility_id: usize::MAX,
            activity: MobilityType::StudentStudies,
            academic_year: the_year(),
            eqf_level: Some(EqfLevel::new(6).unwrap()),
            planned: Hundredths::from_hundredths(planned),
            override_reason: Some("approved by the vice-rector"),
        };
        let decision = check_nomination(&outline(), &condition, &linked, &request).unwrap();
        let exceeded = decision.after.places.is_exceeded() || decision.after.amount.is_exceeded();
        prop_assert_eq!(decision.quota_override.is_some(), exceeded);
        prop_assert_eq!(decision.holds, request.planned);
    }
}
