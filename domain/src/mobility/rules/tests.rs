//! Tests of the nomination rules for mobilities.

use chrono::NaiveDate;

use super::*;
use crate::mobility::MobilityStatus;

fn range(start: &str, end: &str) -> DateRange {
    let date = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
    DateRange::new(date(start), date(end)).unwrap()
}

fn hours(text: &str) -> Hundredths {
    Hundredths::parse(text).unwrap()
}

fn student_plan() -> NominationPlan<u32> {
    NominationPlan {
        mobility_id: 1,
        participant: ParticipantKind::Student,
        programme: MobilityProgramme::ErasmusKa131,
        activity: ActivityType::StudentStudies,
        attribute: Some(StudentActivityAttribute::LongTerm),
        period: range("2025-10-01", "2026-02-15"),
        teaching_hours: None,
        combined_with_training: false,
    }
}

fn teaching_plan() -> NominationPlan<u32> {
    NominationPlan {
        participant: ParticipantKind::Staff,
        activity: ActivityType::StaffTeaching,
        attribute: None,
        period: range("2025-11-03", "2025-11-07"),
        teaching_hours: Some(hours("8")),
        ..student_plan()
    }
}

fn codes(violations: &[NominationRuleViolation<u32>]) -> Vec<&'static str> {
    violations.iter().map(NominationRuleViolation::code).collect()
}

#[test]
fn sound_plans_break_no_rule() {
    assert!(check_nomination_rules(&student_plan(), &[]).is_empty());
    assert!(check_nomination_rules(&teaching_plan(), &[]).is_empty());
}

#[test]
fn activity_and_attribute_must_suit_the_participant() {
    let plan = NominationPlan { participant: ParticipantKind::Staff, ..student_plan() };
    let violations = check_nomination_rules(&plan, &[]);
    assert_eq!(codes(&violations), ["activity_not_for_participant"]);
    assert_eq!(violations[0].to_string(), "a staff cannot take part in a student_studies mobility");

    let plan = NominationPlan { attribute: Some(StudentActivityAttribute::ShortTermBlended), ..teaching_plan() };
    assert_eq!(codes(&check_nomination_rules(&plan, &[])), ["attribute_not_for_staff"]);
}

#[test]
fn erasmus_durations_are_enforced_with_the_numbers() {
    let plan = NominationPlan { period: range("2025-10-01", "2025-11-15"), ..student_plan() };
    let violations = check_nomination_rules(&plan, &[]);
    assert_eq!(codes(&violations), ["duration_too_short"]);
    assert!(violations[0].to_string().contains("lasts 2–12 months"), "{}", violations[0]);
    assert!(violations[0].to_string().contains("the planned period is 1.5 months"), "{}", violations[0]);

    let doctoral = NominationPlan { attribute: Some(StudentActivityAttribute::ShortTermDoctoral), ..student_plan() };
    assert_eq!(codes(&check_nomination_rules(&doctoral, &[])), ["duration_too_long"]);

    let ka171_staff = NominationPlan {
        programme: MobilityProgramme::ErasmusKa171,
        period: range("2025-11-03", "2025-11-05"),
        ..teaching_plan()
    };
    assert_eq!(codes(&check_nomination_rules(&ka171_staff, &[])), ["duration_too_short"]);
    let ka131_staff = NominationPlan { programme: MobilityProgramme::ErasmusKa131, ..ka171_staff };
    assert!(check_nomination_rules(&ka131_staff, &[]).is_empty());
}

#[test]
fn bilateral_exchanges_skip_erasmus_durations_and_hours() {
    let plan = NominationPlan {
        programme: MobilityProgramme::Bilateral,
        period: range("2025-10-01", "2025-10-20"),
        ..student_plan()
    };
    assert!(check_nomination_rules(&plan, &[]).is_empty());
    let teaching = NominationPlan { programme: MobilityProgramme::Bilateral, teaching_hours: None, ..teaching_plan() };
    assert!(check_nomination_rules(&teaching, &[]).is_empty());
}

#[test]
fn erasmus_teaching_needs_hours_pro_rata() {
    let missing = NominationPlan { teaching_hours: None, ..teaching_plan() };
    assert_eq!(codes(&check_nomination_rules(&missing, &[])), ["teaching_hours_required"]);

    let ten_days = NominationPlan {
        period: range("2025-11-03", "2025-11-12"),
        teaching_hours: Some(hours("11")),
        ..teaching_plan()
    };
    let violations = check_nomination_rules(&ten_days, &[]);
    assert_eq!(codes(&violations), ["teaching_hours_too_few"]);
    assert!(violations[0].to_string().contains("10 days need 11.43 hours, 11 are planned"), "{}", violations[0]);

    let combined = NominationPlan { combined_with_training: true, teaching_hours: Some(hours("4")), ..teaching_plan() };
    assert!(check_nomination_rules(&combined, &[]).is_empty());
    let training = NominationPlan { activity: ActivityType::StaffTraining, teaching_hours: None, ..teaching_plan() };
    assert!(check_nomination_rules(&training, &[]).is_empty());
}

#[test]
fn a_person_cannot_hold_two_overlapping_mobilities() {
    let others = [
        PersonMobility { id: 2, status: MobilityStatus::Accepted, period: range("2026-02-15", "2026-06-30") },
        PersonMobility { id: 3, status: MobilityStatus::Cancelled, period: range("2025-10-01", "2026-02-15") },
        PersonMobility { id: 1, status: MobilityStatus::Applied, period: range("2025-10-01", "2026-02-15") },
    ];
    let violations = check_nomination_rules(&student_plan(), &others);
    assert_eq!(codes(&violations), ["overlapping_mobility"]);
    assert_eq!(
        violations[0].to_string(),
        "one person cannot hold two overlapping mobilities: the planned period 2025-10-01..2026-02-15 overlaps mobility 2 (2026-02-15..2026-06-30)"
    );
}

#[test]
fn every_broken_rule_is_reported() {
    let plan = NominationPlan {
        participant: ParticipantKind::Student,
        period: range("2025-11-03", "2025-11-03"),
        teaching_hours: Some(hours("2")),
        ..teaching_plan()
    };
    let others = [PersonMobility { id: 5, status: MobilityStatus::Live, period: range("2025-11-01", "2025-11-30") }];
    assert_eq!(
        codes(&check_nomination_rules(&plan, &others)),
        ["activity_not_for_participant", "duration_too_short", "teaching_hours_too_few", "overlapping_mobility"]
    );
}
