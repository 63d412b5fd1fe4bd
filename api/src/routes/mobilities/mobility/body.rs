//! The mobility as a client writes it (`MobilityInput`) and as the API shows it
//! (`MobilityResponse`, with the allowed next statuses and the EWP statuses).

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::agreement::CefrLevel;
use iro_domain::mobility::{
    DateRange, LanguageSkill, Mobility, MobilityData, MobilityDocument, MobilitySide, StudentActivityAttribute,
};
use iro_domain::{
    AcademicYear, AgreementId, ConditionId, EqfLevel, GrantId, Hundredths, InstitutionId, IscedCode, LanguageTag,
    PersonId, UnitId,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::vocabulary::{EwpReceivingStatusName, EwpSendingStatusName, StudentActivityAttributeName};
use crate::error::{ApiError, FieldError};
use crate::http::validation::{self, rules, trim};
use crate::routes::shared::vocabulary::{DirectionName, MobilityProgrammeName, MobilityStatusName, MobilityTypeName};

/// A language the participant speaks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageSkillBody {
    /// Language (BCP 47, e.g. `ru`, `en`).
    pub language: String,
    /// CEFR level A1–C2, or `NS` (native speaker).
    #[schema(example = "B2")]
    pub cefr_level: String,
}

/// A document of the application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DocumentBody {
    /// What it is (motivation letter, transcript, language certificate, reference letter,
    /// portfolio, CV …).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub name: String,
    /// URL or file reference.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::single_line"))]
    pub reference: String,
}

/// A mobility as a client writes it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "direction": "outgoing", "activity_type": "student_studies", "activity_attribute": "long_term",
    "programme": "bilateral", "person_id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b",
    "agreement_id": "01938a6f-0000-7d2a-9f3b-2c4d5e6f7a8b", "condition_id": "01938a6f-0100-7d2a-9f3b-2c4d5e6f7a8b",
    "sending_institution_id": "01938a6e-9100-7d2a-9f3b-2c4d5e6f7a8b",
    "receiving_institution_id": "01938a6e-9200-7d2a-9f3b-2c4d5e6f7a8b",
    "receiving_academic_year": "2026/2027", "planned_start": "2026-09-01", "planned_end": "2027-01-31",
    "eqf_level": 6, "isced_f_code": "0613", "language_skills": [{"language": "ru", "cefr_level": "B2"}]
}))]
pub struct MobilityInput {
    /// `outgoing` (we send) or `incoming` (we receive).
    pub direction: DirectionName,
    /// Studies, traineeship, teaching or training.
    pub activity_type: MobilityTypeName,
    /// Students: the format (default long-term).
    #[serde(default)]
    pub activity_attribute: Option<StudentActivityAttributeName>,
    /// Funding programme.
    pub programme: MobilityProgrammeName,
    /// Who moves.
    pub person_id: Uuid,
    /// The agreement (required with `condition_id`).
    #[serde(default)]
    pub agreement_id: Option<Uuid>,
    /// The cooperation condition whose quota the mobility uses; required for Erasmus+
    /// student mobilities.
    #[serde(default)]
    pub condition_id: Option<Uuid>,
    /// Sending institution.
    pub sending_institution_id: Uuid,
    /// Sending unit.
    #[serde(default)]
    pub sending_unit_id: Option<Uuid>,
    /// Receiving institution.
    pub receiving_institution_id: Uuid,
    /// Receiving unit.
    #[serde(default)]
    pub receiving_unit_id: Option<Uuid>,
    /// The receiving institution's academic year, `YYYY/YYYY`.
    #[schema(example = "2026/2027")]
    pub receiving_academic_year: String,
    /// Planned first day.
    pub planned_start: NaiveDate,
    /// Planned last day.
    pub planned_end: NaiveDate,
    /// Actual first day (needed to go `live`).
    #[serde(default)]
    pub actual_start: Option<NaiveDate>,
    /// Actual last day (needed to complete).
    #[serde(default)]
    pub actual_end: Option<NaiveDate>,
    /// EQF level at nomination (students).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 8)]
    pub eqf_level: Option<u8>,
    /// ISCED-F code.
    #[serde(default)]
    pub isced_f_code: Option<String>,
    /// Language skills.
    #[serde(default)]
    #[validate(length(max = 20, message = "at most 20 language skills"))]
    #[schema(max_items = 20)]
    pub language_skills: Vec<LanguageSkillBody>,
    /// Staff teaching: planned teaching hours (at most 2 decimals).
    #[serde(default)]
    #[schema(value_type = Option<f64>, example = 8)]
    pub teaching_hours: Option<serde_json::Number>,
    /// Staff teaching combined with training (4 hours a week suffice).
    #[serde(default)]
    pub combined_with_training: bool,
    /// Application documents.
    #[serde(default)]
    #[validate(length(max = 50, message = "at most 50 documents"), nested)]
    #[schema(max_items = 50)]
    pub documents: Vec<DocumentBody>,
    /// Notes (at most 4,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 4000)]
    #[validate(length(max = 4000), custom(function = "rules::multiline"))]
    pub notes: Option<String>,
    /// The Erasmus+ grant project that funds the mobility (`/grants`). Set or changed by
    /// admins and officers only; an Erasmus+ mobility needs one before it goes `live`
    /// (every outgoing one, and incoming KA171 ones).
    #[serde(default)]
    pub grant_id: Option<Uuid>,
}

/// A mobility as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MobilityResponse {
    /// Id.
    pub id: Uuid,
    /// Direction.
    pub direction: DirectionName,
    /// Activity type.
    pub activity_type: MobilityTypeName,
    /// Student format.
    pub activity_attribute: Option<StudentActivityAttributeName>,
    /// Programme.
    pub programme: MobilityProgrammeName,
    /// Person.
    pub person_id: Uuid,
    /// Agreement.
    pub agreement_id: Option<Uuid>,
    /// Cooperation condition.
    pub condition_id: Option<Uuid>,
    /// Sending institution.
    pub sending_institution_id: Uuid,
    /// Sending unit.
    pub sending_unit_id: Option<Uuid>,
    /// Receiving institution.
    pub receiving_institution_id: Uuid,
    /// Receiving unit.
    pub receiving_unit_id: Option<Uuid>,
    /// Receiving academic year.
    pub receiving_academic_year: String,
    /// Planned first day.
    pub planned_start: NaiveDate,
    /// Planned last day.
    pub planned_end: NaiveDate,
    /// Actual first day.
    pub actual_start: Option<NaiveDate>,
    /// Actual last day.
    pub actual_end: Option<NaiveDate>,
    /// Planned duration in the quota's unit: months (students, 30-day months) or days (staff).
    pub planned_duration: f64,
    /// `months` or `days`.
    pub planned_duration_unit: String,
    /// EQF level.
    pub eqf_level: Option<u8>,
    /// ISCED-F.
    pub isced_f_code: Option<String>,
    /// Language skills.
    pub language_skills: Vec<LanguageSkillBody>,
    /// Teaching hours.
    pub teaching_hours: Option<f64>,
    /// Teaching combined with training.
    pub combined_with_training: bool,
    /// Documents.
    pub documents: Vec<DocumentBody>,
    /// Notes.
    pub notes: Option<String>,
    /// The Erasmus+ grant project that funds it.
    pub grant_id: Option<Uuid>,
    /// Status.
    pub status: MobilityStatusName,
    /// The statuses `POST …/status` accepts next.
    pub allowed_next_statuses: Vec<MobilityStatusName>,
    /// The sending side's EWP status (`null` before nomination).
    pub ewp_sending_status: Option<EwpSendingStatusName>,
    /// The receiving side's EWP status.
    pub ewp_receiving_status: Option<EwpReceivingStatusName>,
    /// The coordinator's reason when the nomination passed the quota.
    pub quota_override_reason: Option<String>,
    /// Version (also the ETag).
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// The visa and insurance summary of the mobility's checklist; only on
    /// `GET /mobilities/{id}` (lists leave it out: see `GET /alerts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checklist: Option<crate::routes::checklists::checklist::ChecklistSummary>,
}

/// Fields a merge patch may send back unchanged but never change.
pub(super) const READ_ONLY_PATCH: &[&str] = &[
    "id",
    "planned_duration",
    "planned_duration_unit",
    "status",
    "allowed_next_statuses",
    "ewp_sending_status",
    "ewp_receiving_status",
    "quota_override_reason",
    "version",
    "created_at",
    "updated_at",
];

/// Hundredths as a JSON number.
pub fn amount(value: Hundredths) -> f64 {
    value.hundredths() as f64 / 100.0
}

impl From<Mobility> for MobilityResponse {
    fn from(m: Mobility) -> Self {
        let d = m.data;
        let direction = d.direction;
        MobilityResponse {
            id: m.id.as_uuid(),
            direction: d.direction.into(),
            activity_type: d.activity_type.into(),
            activity_attribute: d.activity_attribute.map(Into::into),
            programme: d.programme.into(),
            person_id: d.person_id.as_uuid(),
            agreement_id: d.agreement_id.map(|a| a.as_uuid()),
            condition_id: d.condition_id.map(|c| c.as_uuid()),
            sending_institution_id: d.sending.institution_id.as_uuid(),
            sending_unit_id: d.sending.unit_id.map(|u| u.as_uuid()),
            receiving_institution_id: d.receiving.institution_id.as_uuid(),
            receiving_unit_id: d.receiving.unit_id.map(|u| u.as_uuid()),
            receiving_academic_year: d.academic_year.to_string(),
            planned_start: d.planned.start(),
            planned_end: d.planned.end(),
            actual_start: d.actual_start,
            actual_end: d.actual_end,
            planned_duration: amount(m.planned_duration),
            planned_duration_unit: if d.activity_type.is_student() { "months" } else { "days" }.to_owned(),
            eqf_level: d.eqf_level.map(EqfLevel::value),
            isced_f_code: d.isced_f_code.map(|c| c.as_str().to_owned()),
            language_skills: d
                .language_skills
                .into_iter()
                .map(|s| LanguageSkillBody {
                    language: s.language.as_str().to_owned(),
                    cefr_level: s.cefr_level.as_str().to_owned(),
                })
                .collect(),
            teaching_hours: d.teaching_hours.map(amount),
            combined_with_training: d.combined_with_training,
            documents: d
                .documents
                .into_iter()
                .map(|doc| DocumentBody { name: doc.name, reference: doc.reference })
                .collect(),
            notes: d.notes,
            grant_id: d.grant_id.map(|g| g.as_uuid()),
            status: m.status.into(),
            allowed_next_statuses: m.status.allowed_next(direction).into_iter().map(Into::into).collect(),
            ewp_sending_status: m.status.ewp_sending_status().map(Into::into),
            ewp_receiving_status: m.status.ewp_receiving_status().map(Into::into),
            quota_override_reason: m.quota_override_reason,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            checklist: None,
        }
    }
}

impl TryFrom<MobilityInput> for MobilityData {
    type Error = ApiError;

    fn try_from(input: MobilityInput) -> Result<Self, Self::Error> {
        let mut errors = validation::errors_of(&input);
        let year = errors.check("receiving_academic_year", AcademicYear::parse(input.receiving_academic_year.trim()));
        let planned = errors.check("planned_end", DateRange::new(input.planned_start, input.planned_end));
        if let (Some(start), Some(end)) = (input.actual_start, input.actual_end)
            && end < start
        {
            errors.push(FieldError::new(
                "actual_end",
                "range",
                format!("the actual end {end} precedes the actual start {start}"),
            ));
        }
        let activity: iro_domain::MobilityType = input.activity_type.into();
        let attribute: Option<StudentActivityAttribute> = input.activity_attribute.map(Into::into);
        if attribute.is_some() && !activity.is_student() {
            errors.push(FieldError::new(
                "activity_attribute",
                "attribute_not_for_staff",
                "activity_attribute describes student mobilities only",
            ));
        }
        if input.condition_id.is_some() && input.agreement_id.is_none() {
            errors.push(FieldError::new(
                "agreement_id",
                "required",
                "a mobility under a cooperation condition names its agreement",
            ));
        }
        let programme: iro_domain::MobilityProgramme = input.programme.into();
        if programme.is_erasmus() && activity.is_student() && input.condition_id.is_none() {
            errors.push(FieldError::new(
                "condition_id",
                "required",
                "an Erasmus+ student mobility needs the cooperation condition whose quota it uses",
            ));
        }
        let eqf_level = errors.check_opt("eqf_level", input.eqf_level, EqfLevel::new);
        let isced_f_code = errors.check_opt("isced_f_code", input.isced_f_code.as_deref(), IscedCode::parse);
        let mut language_skills = Vec::new();
        for (i, skill) in input.language_skills.iter().enumerate() {
            let language = errors.check(format!("language_skills[{i}].language"), LanguageTag::parse(&skill.language));
            let level = errors.check(format!("language_skills[{i}].cefr_level"), CefrLevel::parse(&skill.cefr_level));
            if let (Some(language), Some(cefr_level)) = (language, level) {
                language_skills.push(LanguageSkill { language, cefr_level });
            }
        }
        let teaching_hours =
            input.teaching_hours.and_then(|n| errors.check("teaching_hours", Hundredths::parse(&n.to_string())));
        if teaching_hours.is_some() && activity != iro_domain::MobilityType::StaffTeaching {
            errors.push(FieldError::new(
                "teaching_hours",
                "range",
                "teaching_hours applies to staff teaching mobilities only",
            ));
        }
        let mut documents = Vec::new();
        for (i, doc) in input.documents.into_iter().enumerate() {
            if doc.name.is_empty() || doc.reference.is_empty() {
                let message = "a document needs a name and a reference";
                errors.push(FieldError::new(format!("documents[{i}]"), "required", message));
            } else {
                documents.push(MobilityDocument { name: doc.name, reference: doc.reference });
            }
        }
        errors.finish_with(|| {
            Some(MobilityData {
                direction: input.direction.into(),
                activity_type: activity,
                activity_attribute: attribute,
                programme,
                person_id: PersonId::from_uuid(input.person_id),
                agreement_id: input.agreement_id.map(AgreementId::from_uuid),
                condition_id: input.condition_id.map(ConditionId::from_uuid),
                sending: MobilitySide {
                    institution_id: InstitutionId::from_uuid(input.sending_institution_id),
                    unit_id: input.sending_unit_id.map(UnitId::from_uuid),
                },
                receiving: MobilitySide {
                    institution_id: InstitutionId::from_uuid(input.receiving_institution_id),
                    unit_id: input.receiving_unit_id.map(UnitId::from_uuid),
                },
                academic_year: year?,
                planned: planned?,
                actual_start: input.actual_start,
                actual_end: input.actual_end,
                eqf_level,
                isced_f_code,
                language_skills,
                teaching_hours,
                combined_with_training: input.combined_with_training,
                documents,
                notes: input.notes,
                grant_id: input.grant_id.map(GrantId::from_uuid),
            })
        })
    }
}
