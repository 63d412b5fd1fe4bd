//! Tests of cooperation-condition validation.

use super::*;
use crate::agreement::fixtures::{outline, staff_input, student_input, year};

fn refused(input: &CooperationConditionInput) -> FieldErrors {
    CooperationCondition::parse(input, &outline()).unwrap_err()
}

#[test]
fn a_complete_student_condition_is_accepted() {
    let mut input = student_input();
    input.other_info = Some("  nominations by 15 May  ".into());
    input.subject_areas[0].clarification = Some(" web development ".into());
    let condition = CooperationCondition::parse(&input, &outline()).unwrap();
    assert_eq!(condition.mobility_type(), MobilityType::StudentStudies);
    assert_eq!(condition.sending().hei_id.as_str(), "ukim.edu.mk");
    assert_eq!(condition.receiving().hei_id.as_str(), "uw.edu.pl");
    assert!(condition.covers(year("2025/2026")) && condition.covers(year("2027/2028")));
    assert!(!condition.covers(year("2028/2029")));
    assert_eq!(condition.mobilities_per_year(), 2);
    assert_eq!(condition.total_months_per_year(), Some(Hundredths::whole(10)));
    assert_eq!(condition.total_days_per_year(), None);
    assert_eq!(condition.eqf_levels().len(), 2);
    assert_eq!(condition.subject_areas()[0].clarification.as_deref(), Some("web development"));
    assert_eq!(condition.language_requirements()[0].cefr_level, CefrLevel::B2);
    assert_eq!(condition.other_info(), Some("nominations by 15 May"));
}

#[test]
fn a_complete_staff_condition_counts_days() {
    let condition = CooperationCondition::parse(&staff_input(), &outline()).unwrap();
    assert_eq!(condition.duration_unit(), DurationUnit::Days);
    assert_eq!(condition.total_days_per_year(), Some(Hundredths::whole(10)));
    assert_eq!(condition.total_months_per_year(), None);
    assert!(condition.allows_eqf(None), "staff conditions set no EQF levels");
}

#[test]
fn traineeships_and_training_need_no_language_requirement() {
    for (base, mobility_type) in [(student_input(), "student_traineeship"), (staff_input(), "staff_training")] {
        let input =
            CooperationConditionInput { mobility_type: mobility_type.into(), language_requirements: vec![], ..base };
        assert!(CooperationCondition::parse(&input, &outline()).is_ok(), "{mobility_type}");
    }
}

#[test]
fn studies_and_teaching_need_a_language_requirement() {
    for base in [student_input(), staff_input()] {
        let input = CooperationConditionInput { language_requirements: vec![], ..base };
        assert_eq!(refused(&input).get("language_requirements").unwrap().code, "required");
    }
}

#[test]
fn every_bad_field_is_reported_with_its_path() {
    let input = CooperationConditionInput {
        mobility_type: "student_exchange".into(),
        sending_hei_id: "not a domain".into(),
        receiving_hei_id: "uni-lipetsk.ru".into(),
        first_academic_year: "2025-2026".into(),
        last_academic_year: "2026/2027".into(),
        mobilities_per_year: 0,
        total_months_per_year: Some("4.125".into()),
        eqf_levels: vec![9, 7, 7],
        subject_areas: vec![
            SubjectAreaInput { isced_f_code: "0613".into(), clarification: None },
            SubjectAreaInput { isced_f_code: "061".into(), clarification: None },
        ],
        language_requirements: vec![LanguageRequirementInput {
            language: "english".into(),
            cefr_level: "NS".into(),
            isced_f_code: Some("0617".into()),
        }],
        ..CooperationConditionInput::default()
    };
    let errors = refused(&input);
    let codes: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.field.as_str(), e.error.code)).collect();
    assert_eq!(
        codes,
        [
            ("mobility_type", "unknown"),
            ("sending_hei_id", "format"),
            ("receiving_hei_id", "unknown"),
            ("first_academic_year", "format"),
            ("mobilities_per_year", "range"),
            ("total_months_per_year", "format"),
            ("eqf_levels[0]", "range"),
            ("eqf_levels[2]", "duplicate"),
            ("subject_areas[1].isced_f_code", "format"),
            ("language_requirements[0].language", "format"),
            ("language_requirements[0].cefr_level", "range"),
            ("language_requirements[0].isced_f_code", "unknown"),
        ]
    );
    assert!(errors.get("receiving_hei_id").unwrap().message.contains("not a partner of this agreement"));
}

#[test]
fn sending_and_receiving_must_be_the_two_different_partners() {
    let input = CooperationConditionInput { receiving_hei_id: "UKIM.edu.mk".into(), ..student_input() };
    let error = refused(&input);
    assert_eq!(error.get("receiving_hei_id").unwrap().code, "range");
}

#[test]
fn unit_ids_are_printable_ascii_up_to_64_characters() {
    let ok = CooperationConditionInput { sending_ounit_id: Some("FINKI 1".into()), ..student_input() };
    assert_eq!(CooperationCondition::parse(&ok, &outline()).unwrap().sending().ounit_id.as_deref(), Some("FINKI 1"));
    for bad in ["", "Факултет", &"x".repeat(65)] {
        let input = CooperationConditionInput { receiving_ounit_id: Some(bad.into()), ..student_input() };
        assert_eq!(refused(&input).get("receiving_ounit_id").unwrap().code, "format", "{bad:?}");
    }
}

#[test]
fn years_must_be_ordered_and_within_the_agreement() {
    let reversed = CooperationConditionInput {
        first_academic_year: "2026/2027".into(),
        last_academic_year: "2025/2026".into(),
        ..student_input()
    };
    assert_eq!(refused(&reversed).get("last_academic_year").unwrap().code, "range");

    let too_early = CooperationConditionInput { first_academic_year: "2020/2021".into(), ..student_input() };
    let errors = refused(&too_early);
    assert_eq!(errors.get("first_academic_year").unwrap().code, "range");
    assert!(errors.get("first_academic_year").unwrap().message.contains("2021/2022–2028/2029"));

    let too_late = CooperationConditionInput { last_academic_year: "2029/2030".into(), ..student_input() };
    assert_eq!(refused(&too_late).get("last_academic_year").unwrap().code, "range");

    let single = CooperationConditionInput { last_academic_year: "2025/2026".into(), ..student_input() };
    assert!(CooperationCondition::parse(&single, &outline()).is_ok());
}

#[test]
fn students_give_months_and_staff_give_days() {
    let no_months = CooperationConditionInput { total_months_per_year: None, ..student_input() };
    assert_eq!(refused(&no_months).get("total_months_per_year").unwrap().code, "required");

    let zero = CooperationConditionInput { total_months_per_year: Some("0".into()), ..student_input() };
    assert_eq!(refused(&zero).get("total_months_per_year").unwrap().code, "range");

    let days_for_students = CooperationConditionInput { total_days_per_year: Some("5".into()), ..student_input() };
    assert_eq!(refused(&days_for_students).get("total_days_per_year").unwrap().code, "not_applicable");

    let months_for_staff = CooperationConditionInput { total_months_per_year: Some("1".into()), ..staff_input() };
    assert_eq!(refused(&months_for_staff).get("total_months_per_year").unwrap().code, "not_applicable");

    let no_days = CooperationConditionInput { total_days_per_year: None, ..staff_input() };
    assert_eq!(refused(&no_days).get("total_days_per_year").unwrap().code, "required");

    let exact = CooperationConditionInput { total_days_per_year: Some("12.75".into()), ..staff_input() };
    assert_eq!(
        CooperationCondition::parse(&exact, &outline()).unwrap().total_per_year(),
        Hundredths::from_hundredths(1275)
    );
}

#[test]
fn blended_and_eqf_levels_are_for_students_only() {
    let input = CooperationConditionInput { blended: true, eqf_levels: vec![7], ..staff_input() };
    let errors = refused(&input);
    assert_eq!(errors.get("blended").unwrap().code, "not_applicable");
    assert_eq!(errors.get("eqf_levels").unwrap().code, "not_applicable");

    let blended = CooperationConditionInput { blended: true, ..student_input() };
    assert!(CooperationCondition::parse(&blended, &outline()).unwrap().blended());
}

#[test]
fn eqf_levels_restrict_nominees_when_set() {
    let restricted = CooperationCondition::parse(&student_input(), &outline()).unwrap();
    assert!(restricted.allows_eqf(Some(EqfLevel::new(7).unwrap())));
    assert!(!restricted.allows_eqf(Some(EqfLevel::new(8).unwrap())));
    assert!(!restricted.allows_eqf(None), "an unknown level does not pass a restriction");

    let open = CooperationConditionInput { eqf_levels: vec![], ..student_input() };
    assert!(CooperationCondition::parse(&open, &outline()).unwrap().allows_eqf(Some(EqfLevel::new(8).unwrap())));
}

#[test]
fn a_clarification_must_not_repeat_the_official_label() {
    let mut input = student_input();
    input.subject_areas[0].clarification = Some("software and applications development and analysis".into());
    assert_eq!(refused(&input).get("subject_areas[0].clarification").unwrap().code, "format");
}

#[test]
fn blank_optional_texts_become_none() {
    let mut input = student_input();
    input.other_info = Some("   ".into());
    input.subject_areas[0].clarification = Some(" ".into());
    input.language_requirements[0].isced_f_code = Some("".into());
    let condition = CooperationCondition::parse(&input, &outline()).unwrap();
    assert_eq!(condition.other_info(), None);
    assert_eq!(condition.subject_areas()[0].clarification, None);
    assert_eq!(condition.language_requirements()[0].isced_f_code, None);
}
