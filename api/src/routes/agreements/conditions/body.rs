//! A cooperation condition's request and response bodies.

use crate::routes::shared::vocabulary::{DirectionName, MobilityTypeName};
use chrono::{DateTime, Utc};
use iro_domain::agreement::AgreementCondition;
use iro_domain::{Hundredths, InstitutionId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::{Validate, ValidationError};

use crate::http::validation::{rules, trim};

/// The most people a condition may allow per year: far above any real exchange.
const MAX_MOBILITIES_PER_YEAR: u32 = 10_000;
/// The largest yearly total of months or days accepted.
const MAX_TOTAL_PER_YEAR: f64 = 1_000_000.0;

/// A subject area: a 4-digit ISCED-F 2013 code and an optional clarification.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"isced_f_code": "0613", "clarification": "Software engineering, web and mobile development"}))]
pub struct SubjectAreaBody {
    /// A detailed (4-digit) ISCED-F 2013 field code.
    #[schema(pattern = r"^[0-9]{4}$", example = "0613")]
    pub isced_f_code: String,
    /// Extra detail; must not just repeat the code's official label (EWP).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 255)]
    #[validate(length(max = 255), custom(function = "rules::single_line"))]
    pub clarification: Option<String>,
}

/// A recommended language skill of the people sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"language": "en", "cefr_level": "B2", "isced_f_code": null}))]
pub struct LanguageRequirementBody {
    /// A BCP 47 language tag (`en`, `ru`, `sr-Latn`).
    #[schema(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", example = "en")]
    pub language: String,
    /// The minimum CEFR level, A1..C2.
    #[schema(pattern = r"^[ABC][12]$", example = "B2")]
    pub cefr_level: String,
    /// The subject area the requirement is for, if only one (4-digit ISCED-F).
    #[serde(default)]
    #[schema(pattern = r"^[0-9]{4}$")]
    pub isced_f_code: Option<String>,
}

/// A cooperation condition as clients write it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "mobility_type": "student_studies",
    "sending_institution_id": "01938a6e-5000-7d2a-9f3b-2c4d5e6f7a8b",
    "sending_unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "receiving_institution_id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
    "first_academic_year": "2025/2026",
    "last_academic_year": "2028/2029",
    "mobilities_per_year": 5,
    "total_months_per_year": 25,
    "blended": false,
    "eqf_levels": [6, 7],
    "subject_areas": [{"isced_f_code": "0613", "clarification": "Software engineering"}],
    "language_requirements": [{"language": "ru", "cefr_level": "B1"}, {"language": "en", "cefr_level": "B1"}],
    "other_info": "Tuition waived; the host helps with accommodation in its dormitory."
}))]
pub struct ConditionInput {
    /// What kind of mobility.
    pub mobility_type: MobilityTypeName,
    /// Who sends: our university or the agreement's partner.
    pub sending_institution_id: Uuid,
    /// A unit of the sending institution, if the condition is limited to one.
    #[serde(default)]
    pub sending_unit_id: Option<Uuid>,
    /// Who receives: the other one of our university and the partner.
    pub receiving_institution_id: Uuid,
    /// A unit of the receiving institution, if the condition is limited to one.
    #[serde(default)]
    pub receiving_unit_id: Option<Uuid>,
    /// First academic year (`YYYY/YYYY`, the receiving institution's), within the agreement's.
    #[schema(pattern = r"^[0-9]{4}/[0-9]{4}$", example = "2025/2026")]
    pub first_academic_year: String,
    /// Last academic year, not before the first, within the agreement's.
    #[schema(pattern = r"^[0-9]{4}/[0-9]{4}$", example = "2028/2029")]
    pub last_academic_year: String,
    /// The most people per academic year (1–10,000).
    #[schema(minimum = 1, maximum = 10000)]
    #[validate(range(min = 1, max = MAX_MOBILITIES_PER_YEAR))]
    pub mobilities_per_year: u32,
    /// Students only (required for them): months per academic year for all people together,
    /// a number > 0 with at most 2 decimals.
    #[serde(default)]
    #[schema(value_type = Option<f64>, exclusive_minimum = 0, maximum = 1000000, example = 25)]
    #[validate(custom(function = "total_per_year"))]
    pub total_months_per_year: Option<serde_json::Number>,
    /// Staff only (required for them): days per academic year for all people together, a
    /// number > 0 with at most 2 decimals.
    #[serde(default)]
    #[schema(value_type = Option<f64>, exclusive_minimum = 0, maximum = 1000000)]
    #[validate(custom(function = "total_per_year"))]
    pub total_days_per_year: Option<serde_json::Number>,
    /// Students only: whether blended mobility is offered.
    #[serde(default)]
    pub blended: bool,
    /// Students only: the EQF levels (1–8, no repeats) that may be nominated; empty means any.
    #[serde(default)]
    #[schema(max_items = 8, value_type = Vec<u8>, example = json!([6, 7]))]
    #[validate(length(max = 8, message = "at most 8 EQF levels"))]
    pub eqf_levels: Vec<u8>,
    /// Subject areas, in the agreed order.
    #[serde(default)]
    #[validate(length(max = 100, message = "at most 100 subject areas"), nested)]
    #[schema(max_items = 100)]
    pub subject_areas: Vec<SubjectAreaBody>,
    /// Language requirements, in the agreed order; at least one for `student_studies` and
    /// `staff_teaching`.
    #[serde(default)]
    #[validate(length(max = 50, message = "at most 50 language requirements"))]
    #[schema(max_items = 50)]
    pub language_requirements: Vec<LanguageRequirementBody>,
    /// Other terms, free text (at most 4,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 4000)]
    #[validate(length(max = 4000), custom(function = "rules::multiline"))]
    pub other_info: Option<String>,
}

/// A yearly total of months or days: more than 0, at most [`MAX_TOTAL_PER_YEAR`]. A sign or
/// more than 2 decimals is a shape error the domain's amount parser reports (`format`).
fn total_per_year(total: &serde_json::Number) -> Result<(), ValidationError> {
    match total.as_f64() {
        Some(value) if value > MAX_TOTAL_PER_YEAR => Err(ValidationError::new("range")
            .with_message(format!("{{field}} must be at most {MAX_TOTAL_PER_YEAR}").into())),
        Some(0.0) => {
            Err(ValidationError::new("range").with_message(format!("must be greater than 0, got {total}").into()))
        }
        _ => Ok(()),
    }
}

/// A cooperation condition as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6f-2000-7d2a-9f3b-2c4d5e6f7a8b",
    "agreement_id": "01938a6e-8000-7d2a-9f3b-2c4d5e6f7a8b",
    "position": 1,
    "direction": "outgoing",
    "mobility_type": "student_studies",
    "sending_institution_id": "01938a6e-5000-7d2a-9f3b-2c4d5e6f7a8b",
    "sending_unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "sending_hei_id": "ukim.edu.mk",
    "receiving_institution_id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
    "receiving_unit_id": null,
    "receiving_hei_id": "uni-lipetsk.ru",
    "first_academic_year": "2025/2026",
    "last_academic_year": "2028/2029",
    "mobilities_per_year": 5,
    "total_months_per_year": 25.0,
    "total_days_per_year": null,
    "blended": false,
    "eqf_levels": [6, 7],
    "subject_areas": [{"isced_f_code": "0613", "clarification": "Software engineering"}],
    "language_requirements": [{"language": "ru", "cefr_level": "B1", "isced_f_code": null}],
    "other_info": null,
    "version": 1,
    "created_at": "2025-04-02T09:20:00Z",
    "updated_at": "2025-04-02T09:20:00Z"
}))]
pub struct ConditionResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The agreement.
    pub agreement_id: Uuid,
    /// Place in the agreement's list (order matters for approval); gaps where conditions
    /// were deleted.
    pub position: u32,
    /// Seen from our university: `outgoing` (we send) or `incoming`.
    pub direction: DirectionName,
    /// What kind of mobility.
    pub mobility_type: MobilityTypeName,
    /// Who sends.
    pub sending_institution_id: Uuid,
    /// The sending unit.
    pub sending_unit_id: Option<Uuid>,
    /// The sending institution's SCHAC code.
    pub sending_hei_id: String,
    /// Who receives.
    pub receiving_institution_id: Uuid,
    /// The receiving unit.
    pub receiving_unit_id: Option<Uuid>,
    /// The receiving institution's SCHAC code.
    pub receiving_hei_id: String,
    /// First academic year.
    pub first_academic_year: String,
    /// Last academic year.
    pub last_academic_year: String,
    /// The most people per academic year.
    pub mobilities_per_year: u32,
    /// Students: months per academic year; `null` for staff.
    pub total_months_per_year: Option<f64>,
    /// Staff: days per academic year; `null` for students.
    pub total_days_per_year: Option<f64>,
    /// Students: blended mobility offered.
    pub blended: bool,
    /// Students: allowed EQF levels; empty means any.
    pub eqf_levels: Vec<u8>,
    /// Subject areas, in order.
    pub subject_areas: Vec<SubjectAreaBody>,
    /// Language requirements, in order.
    pub language_requirements: Vec<LanguageRequirementBody>,
    /// Other terms.
    pub other_info: Option<String>,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// Fields a merge patch may not change.
pub(super) const READ_ONLY: &[&str] = &[
    "id",
    "agreement_id",
    "position",
    "direction",
    "sending_hei_id",
    "receiving_hei_id",
    "version",
    "created_at",
    "updated_at",
];

fn amount(value: Option<Hundredths>) -> Option<f64> {
    // Exact in hundredths; as a JSON number, two decimals print back exactly.
    value.map(|h| h.hundredths() as f64 / 100.0)
}

impl ConditionResponse {
    /// The response for a condition of the agreement with `partner`, which decides the direction.
    pub fn new(c: AgreementCondition, partner: InstitutionId) -> Self {
        let direction = c.data.direction(partner).into();
        let terms = &c.data.terms;
        ConditionResponse {
            id: c.id.as_uuid(),
            agreement_id: c.agreement_id.as_uuid(),
            position: c.position,
            direction,
            mobility_type: terms.mobility_type().into(),
            sending_institution_id: c.data.sending.institution_id.as_uuid(),
            sending_unit_id: c.data.sending.unit_id.map(|u| u.as_uuid()),
            sending_hei_id: terms.sending().hei_id.to_string(),
            receiving_institution_id: c.data.receiving.institution_id.as_uuid(),
            receiving_unit_id: c.data.receiving.unit_id.map(|u| u.as_uuid()),
            receiving_hei_id: terms.receiving().hei_id.to_string(),
            first_academic_year: terms.years().first().to_string(),
            last_academic_year: terms.years().last().to_string(),
            mobilities_per_year: terms.mobilities_per_year(),
            total_months_per_year: amount(terms.total_months_per_year()),
            total_days_per_year: amount(terms.total_days_per_year()),
            blended: terms.blended(),
            eqf_levels: terms.eqf_levels().iter().map(|l| l.value()).collect(),
            subject_areas: terms
                .subject_areas()
                .iter()
                .map(|a| SubjectAreaBody {
                    isced_f_code: a.isced_f_code.as_str().to_owned(),
                    clarification: a.clarification.clone(),
                })
                .collect(),
            language_requirements: terms
                .language_requirements()
                .iter()
                .map(|r| LanguageRequirementBody {
                    language: r.language.as_str().to_owned(),
                    cefr_level: r.cefr_level.as_str().to_owned(),
                    isced_f_code: r.isced_f_code.as_ref().map(|c| c.as_str().to_owned()),
                })
                .collect(),
            other_info: terms.other_info().map(str::to_owned),
            version: c.version,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}
