//! Test fixtures shared by the reference and nomination tests: an outgoing Erasmus+ student
//! application from UKIM (ours) to Warsaw, under an approved agreement and its condition.

use chrono::{NaiveDate, TimeZone, Utc};

use super::{
    ActivityType, DateRange, Direction, InstitutionFacts, Mobility, MobilityData, MobilityProgramme, MobilitySide,
    MobilityStatus, ParticipantKind, PersonFacts, ReferenceFacts, StudentActivityAttribute,
};
use crate::agreement::fixtures::{condition, student_input, year};
use crate::agreement::{
    AcademicYearRange, Agreement, AgreementCode, AgreementCondition, AgreementData, AgreementStatus, ConditionData,
    ConditionSide, Programme, Signature,
};
use crate::{AgreementId, ConditionId, EqfLevel, HeiId, InstitutionId, MobilityId, PersonId, UnitId};

pub(crate) fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The records a nomination reads, all consistent: change one field to break one rule.
pub(crate) struct Scene {
    pub ukim: InstitutionId,
    pub warsaw: InstitutionId,
    pub mobility: Mobility,
    pub references: ReferenceFacts,
}

impl Scene {
    pub(crate) fn new() -> Scene {
        let (ukim, warsaw, finki) = (InstitutionId::generate(), InstitutionId::generate(), UnitId::generate());
        let at = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
        let agreement = Agreement {
            id: AgreementId::generate(),
            data: AgreementData {
                code: AgreementCode::parse("EPLUS-WARSAW").unwrap(),
                programme: Programme::ErasmusPlus,
                partner_institution_id: warsaw,
                partner_unit_id: None,
                local_unit_id: None,
                partner_agreement_id: None,
                partner_agreement_code: None,
                period: AcademicYearRange::new(year("2021/2022"), year("2028/2029")).unwrap(),
                local_signature: Signature::default(),
                partner_signature: Signature::default(),
                other_info: None,
            },
            status: AgreementStatus::ApprovedByBoth,
            approved_at: Some(at),
            version: 3,
            created_at: at,
            updated_at: at,
        };
        // Studies UKIM → Warsaw, 2025/2026–2027/2028: 2 people and 10 months a year.
        let condition = AgreementCondition {
            id: ConditionId::generate(),
            agreement_id: agreement.id,
            position: 1,
            data: ConditionData {
                sending: ConditionSide { institution_id: ukim, unit_id: None },
                receiving: ConditionSide { institution_id: warsaw, unit_id: None },
                terms: condition(&student_input()),
            },
            version: 1,
            created_at: at,
            updated_at: at,
        };
        let data = MobilityData {
            direction: Direction::Outgoing,
            activity_type: ActivityType::StudentStudies,
            activity_attribute: Some(StudentActivityAttribute::LongTerm),
            programme: MobilityProgramme::ErasmusKa131,
            person_id: PersonId::generate(),
            agreement_id: Some(agreement.id),
            condition_id: Some(condition.id),
            sending: MobilitySide { institution_id: ukim, unit_id: Some(finki) },
            receiving: MobilitySide { institution_id: warsaw, unit_id: None },
            academic_year: year("2025/2026"),
            planned: DateRange::new(day("2025-10-01"), day("2026-02-28")).unwrap(),
            actual_start: None,
            actual_end: None,
            eqf_level: Some(EqfLevel::new(6).unwrap()),
            isced_f_code: None,
            language_skills: vec![],
            teaching_hours: None,
            combined_with_training: false,
            documents: vec![],
            notes: None,
            grant_id: Some(crate::GrantId::generate()),
        };
        let mobility = Mobility {
            id: MobilityId::generate(),
            planned_duration: data.planned_duration(),
            data,
            status: MobilityStatus::Applied,
            quota_override_reason: None,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        let references = ReferenceFacts {
            person: Some(PersonFacts { kind: ParticipantKind::Student, user_id: None }),
            sending: Some(InstitutionFacts { hei_id: HeiId::parse("ukim.edu.mk").unwrap(), is_local: true }),
            receiving: Some(InstitutionFacts { hei_id: HeiId::parse("uw.edu.pl").unwrap(), is_local: false }),
            sending_unit_of: Some(ukim),
            receiving_unit_of: None,
            agreement: Some(agreement),
            condition: Some(condition),
        };
        Scene { ukim, warsaw, mobility, references }
    }
}
