//! Test fixtures shared by the agreement, quota and mobility tests.

use super::{
    AcademicYearRange, AgreementOutline, AgreementStatus, CooperationCondition, CooperationConditionInput,
    LanguageRequirementInput, Programme, SubjectAreaInput,
};
use crate::{AcademicYear, HeiId};

pub(crate) fn year(text: &str) -> AcademicYear {
    AcademicYear::parse(text).unwrap()
}

/// An Erasmus+ agreement between UKIM and Warsaw, approved by both, 2021/2022–2028/2029.
pub(crate) fn outline() -> AgreementOutline {
    AgreementOutline {
        programme: Programme::ErasmusPlus,
        status: AgreementStatus::ApprovedByBoth,
        period: AcademicYearRange::new(year("2021/2022"), year("2028/2029")).unwrap(),
        partners: [HeiId::parse("ukim.edu.mk").unwrap(), HeiId::parse("uw.edu.pl").unwrap()],
        has_approved_snapshot: false,
    }
}

/// Studies, UKIM → Warsaw, 2025/2026–2027/2028: 2 people and 10 months a year, EQF 6 or 7.
pub(crate) fn student_input() -> CooperationConditionInput {
    CooperationConditionInput {
        mobility_type: "student_studies".into(),
        sending_hei_id: "ukim.edu.mk".into(),
        receiving_hei_id: "uw.edu.pl".into(),
        first_academic_year: "2025/2026".into(),
        last_academic_year: "2027/2028".into(),
        mobilities_per_year: 2,
        total_months_per_year: Some("10".into()),
        eqf_levels: vec![6, 7],
        subject_areas: vec![SubjectAreaInput { isced_f_code: "0613".into(), clarification: None }],
        language_requirements: vec![LanguageRequirementInput {
            language: "en".into(),
            cefr_level: "B2".into(),
            isced_f_code: None,
        }],
        ..CooperationConditionInput::default()
    }
}

/// Teaching, Warsaw → UKIM, 2025/2026–2027/2028: 2 people and 10 days a year.
pub(crate) fn staff_input() -> CooperationConditionInput {
    CooperationConditionInput {
        mobility_type: "staff_teaching".into(),
        sending_hei_id: "uw.edu.pl".into(),
        receiving_hei_id: "ukim.edu.mk".into(),
        total_months_per_year: None,
        total_days_per_year: Some("10".into()),
        eqf_levels: vec![],
        ..student_input()
    }
}

pub(crate) fn condition(input: &CooperationConditionInput) -> CooperationCondition {
    CooperationCondition::parse(input, &outline()).unwrap()
}
