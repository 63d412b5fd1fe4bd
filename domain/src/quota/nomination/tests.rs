//! Tests of the nomination quota check: edge cases of places, months, days, EQF, years,
//! agreement status and overrides.

use super::*;
use crate::agreement::fixtures::{condition, outline, staff_input, student_input, year};
use crate::mobility::MobilityStatus;
use crate::quota::{Tally, quota_usage};

fn amount(text: &str) -> Hundredths {
    Hundredths::parse(text).unwrap()
}

fn linked(id: u32, status: MobilityStatus, planned: &str) -> LinkedMobility<u32> {
    LinkedMobility { id, academic_year: year("2025/2026"), status, planned: amount(planned) }
}

fn request(planned: &str) -> NominationRequest<'static, u32> {
    NominationRequest {
        mobility_id: 99,
        activity: MobilityType::StudentStudies,
        academic_year: year("2025/2026"),
        eqf_level: Some(EqfLevel::new(6).unwrap()),
        planned: amount(planned),
        override_reason: None,
    }
}

fn staff_request(days: &str) -> NominationRequest<'static, u32> {
    NominationRequest { activity: MobilityType::StaffTeaching, eqf_level: None, ..request(days) }
}

fn check(
    linked: &[LinkedMobility<u32>],
    request: &NominationRequest<'_, u32>,
) -> Result<NominationDecision, NominationRefusal> {
    check_nomination(&outline(), &condition(&student_input()), linked, request)
}

#[test]
fn a_nomination_within_the_quota_holds_one_place_and_its_months() {
    let decision = check(&[linked(1, MobilityStatus::Accepted, "4")], &request("5")).unwrap();
    assert_eq!(decision.before.places, Tally { allowed: 2, used: 1, remaining: 1 });
    assert_eq!(decision.after.places, Tally { allowed: 2, used: 2, remaining: 0 });
    assert_eq!(decision.after.amount.used, amount("9"));
    assert_eq!(decision.after.amount.remaining, amount("1"));
    assert_eq!(decision.holds, amount("5"));
    assert_eq!(decision.quota_override, None);
}

#[test]
fn a_nomination_that_exactly_fills_the_quota_fits_and_the_next_does_not() {
    let existing = [linked(1, MobilityStatus::Nominated, "5")];
    let decision = check(&existing, &request("5")).unwrap();
    assert_eq!(decision.after.places.remaining, 0);
    assert_eq!(decision.after.amount.remaining, Hundredths::ZERO);
    assert!(!decision.after.places.is_exceeded() && !decision.after.amount.is_exceeded());

    let full = [linked(1, MobilityStatus::Nominated, "5"), linked(2, MobilityStatus::Live, "5")];
    let refusal = check(&full, &request("0.01")).unwrap_err();
    assert_eq!(refusal.code(), "quota_exhausted");
    let NominationRefusal::QuotaExhausted { exceeded, .. } = refusal else { panic!("{refusal:?}") };
    assert_eq!(exceeded.iter().map(|e| e.measure).collect::<Vec<_>>(), [QuotaMeasure::Places, QuotaMeasure::Months]);
}

#[test]
fn months_can_run_out_before_places() {
    let refusal = check(&[linked(1, MobilityStatus::Accepted, "8")], &request("3")).unwrap_err();
    assert_eq!(
        refusal,
        NominationRefusal::QuotaExhausted {
            academic_year: year("2025/2026"),
            exceeded: vec![QuotaExcess {
                measure: QuotaMeasure::Months,
                allowed: amount("10"),
                used: amount("8"),
                requested: amount("3"),
            }],
        }
    );
    assert_eq!(
        refusal.to_string(),
        "the quota for 2025/2026 is exhausted — months: 10 allowed, 8 used, 3 requested (would make 11); a coordinator may override with a reason"
    );
    assert!(check(&[linked(1, MobilityStatus::Accepted, "8")], &request("2")).is_ok());
}

#[test]
fn places_can_run_out_before_months() {
    let existing = [linked(1, MobilityStatus::Accepted, "2"), linked(2, MobilityStatus::Nominated, "2")];
    let refusal = check(&existing, &request("2")).unwrap_err();
    assert!(refusal.to_string().contains("places: 2 allowed, 2 used, 1 requested (would make 3)"), "{refusal}");
}

#[test]
fn staff_quotas_count_days() {
    let staff = condition(&staff_input());
    let existing = [linked(1, MobilityStatus::Completed, "6")];
    let refusal = check_nomination(&outline(), &staff, &existing, &staff_request("5")).unwrap_err();
    let NominationRefusal::QuotaExhausted { exceeded, .. } = &refusal else { panic!("{refusal:?}") };
    assert_eq!(exceeded[0].measure, QuotaMeasure::Days);
    assert!(refusal.to_string().contains("days: 10 allowed, 6 used, 5 requested"), "{refusal}");
    let decision = check_nomination(&outline(), &staff, &existing, &staff_request("4")).unwrap();
    assert_eq!(decision.after.unit, DurationUnit::Days);
    assert_eq!(decision.after.amount.remaining, Hundredths::ZERO);
}

#[test]
fn the_nominee_eqf_level_must_be_among_the_condition_levels() {
    let doctoral = NominationRequest { eqf_level: Some(EqfLevel::new(8).unwrap()), ..request("5") };
    let refusal = check(&[], &doctoral).unwrap_err();
    assert_eq!(refusal.code(), "eqf_level_not_allowed");
    assert_eq!(
        refusal.to_string(),
        "the nominee's EQF level 8 is not among the cooperation condition's levels 6, 7 (EWP IIA eqf-level)"
    );
    let unknown = NominationRequest { eqf_level: None, ..request("5") };
    assert_eq!(check(&[], &unknown).unwrap_err().code(), "eqf_level_required");

    let open = condition(&crate::agreement::CooperationConditionInput { eqf_levels: vec![], ..student_input() });
    assert!(check_nomination(&outline(), &open, &[], &doctoral).is_ok());
}

#[test]
fn a_year_outside_the_condition_is_refused() {
    let later = NominationRequest { academic_year: year("2028/2029"), ..request("5") };
    let refusal = check(&[], &later).unwrap_err();
    assert_eq!(refusal.code(), "academic_year_outside_condition");
    assert_eq!(
        refusal.to_string(),
        "the cooperation condition covers 2025/2026–2027/2028, not 2028/2029 (first_academic_year..=last_academic_year, EWP IIAs specification)"
    );
}

#[test]
fn the_agreement_must_be_in_effect_and_not_terminated() {
    let mut agreement = outline();
    agreement.status = AgreementStatus::ApprovedByUs;
    let refusal = check_nomination(&agreement, &condition(&student_input()), &[], &request("5")).unwrap_err();
    assert_eq!(refusal.code(), "agreement_not_in_effect");
    assert_eq!(
        refusal.to_string(),
        "the agreement is not in effect for 2025/2026: it is approved_by_us and covers 2021/2022–2028/2029; nominations need an agreement approved by both partners covering the year"
    );

    agreement.status = AgreementStatus::Terminated;
    let refusal = check_nomination(&agreement, &condition(&student_input()), &[], &request("5")).unwrap_err();
    assert_eq!(refusal, NominationRefusal::AgreementTerminated);

    let beyond = NominationRequest { academic_year: year("2029/2030"), ..request("5") };
    assert_eq!(check(&[], &beyond).unwrap_err().code(), "agreement_not_in_effect");
}

#[test]
fn the_activity_must_match_the_condition_and_a_duration_is_needed() {
    let traineeship = NominationRequest { activity: MobilityType::StudentTraineeship, ..request("5") };
    assert_eq!(check(&[], &traineeship).unwrap_err().code(), "activity_type_mismatch");
    assert_eq!(
        check(&[], &request("0")).unwrap_err(),
        NominationRefusal::PlannedDurationRequired { unit: DurationUnit::Months }
    );
}

#[test]
fn an_override_with_a_reason_passes_the_quota_and_is_recorded() {
    let full = [linked(1, MobilityStatus::Nominated, "5"), linked(2, MobilityStatus::Live, "4")];
    let overridden = NominationRequest { override_reason: Some("  dean approved extra place  "), ..request("3") };
    let decision = check(&full, &overridden).unwrap();
    let recorded = decision.quota_override.unwrap();
    assert_eq!(recorded.reason, "dean approved extra place");
    assert_eq!(
        recorded.exceeded.iter().map(|e| e.measure).collect::<Vec<_>>(),
        [QuotaMeasure::Places, QuotaMeasure::Months]
    );
    assert_eq!(decision.after.places, Tally { allowed: 2, used: 3, remaining: 0 });
    assert_eq!(decision.after.amount.used, amount("12"));
    assert_eq!(decision.after.amount.remaining, Hundredths::ZERO);
}

#[test]
fn an_override_without_a_reason_is_refused() {
    let full = [linked(1, MobilityStatus::Nominated, "5"), linked(2, MobilityStatus::Live, "4")];
    for blank in ["", "   "] {
        let overridden = NominationRequest { override_reason: Some(blank), ..request("3") };
        let refusal = check(&full, &overridden).unwrap_err();
        assert_eq!(refusal.code(), "override_reason_required");
        assert_eq!(
            refusal.to_string(),
            "overriding the quota needs a reason — places: 2 allowed, 2 used, 1 requested (would make 3), months: 10 allowed, 9 used, 3 requested (would make 12)"
        );
    }
}

#[test]
fn an_override_only_bends_the_quota() {
    let overridden = NominationRequest {
        eqf_level: Some(EqfLevel::new(8).unwrap()),
        override_reason: Some("exception"),
        ..request("3")
    };
    assert_eq!(check(&[], &overridden).unwrap_err().code(), "eqf_level_not_allowed");
    let within = NominationRequest { override_reason: Some("not needed"), ..request("3") };
    assert_eq!(check(&[], &within).unwrap().quota_override, None, "an unneeded override is not recorded");
}

#[test]
fn a_renomination_does_not_count_the_mobility_twice() {
    let existing = [linked(1, MobilityStatus::Nominated, "5"), linked(99, MobilityStatus::Nominated, "5")];
    let decision = check(&existing, &request("5")).unwrap();
    assert_eq!(decision.before.places.used, 1);
}

#[test]
fn cancelling_or_rejecting_releases_exactly_what_the_nomination_held() {
    let condition = condition(&student_input());
    let existing = vec![linked(1, MobilityStatus::Accepted, "4.5")];
    let decision = check_nomination(&outline(), &condition, &existing, &request("3.25")).unwrap();

    let mut with_nominee = existing.clone();
    with_nominee.push(linked(99, MobilityStatus::Nominated, "3.25"));
    let held = quota_usage(&condition, year("2025/2026"), &with_nominee);
    assert_eq!(held, decision.after);

    for release in [MobilityStatus::Cancelled, MobilityStatus::Rejected] {
        with_nominee[1].status = release;
        let released = quota_usage(&condition, year("2025/2026"), &with_nominee);
        assert_eq!(released, decision.before, "{release}");
        assert_eq!(held.places.used - released.places.used, 1);
        assert_eq!(held.amount.used.saturating_sub(released.amount.used), decision.holds);
    }
}
