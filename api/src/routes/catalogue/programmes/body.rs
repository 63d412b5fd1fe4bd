//! A study programme's request and response bodies, and the validation that turns a request
//! into the domain's `ProgrammeData`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use iro_domain::catalogue::programme::{check_cycle, check_duration};
use iro_domain::catalogue::{CatalogueCode, InstructionLanguages, Programme, ProgrammeData};
use iro_domain::{EqfLevel, IscedCode, LanguageTag, LocalizedText, UnitId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::error::{ApiError, FieldErrors};
use crate::http::validation;

/// A study programme as clients write it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "code": "SIIS23",
    "name": {"en": "Software Engineering and Information Systems", "mk": "Софтверско инженерство и информациски системи"},
    "eqf_level": 6,
    "isced_code": "0613",
    "duration_semesters": 8,
    "languages": ["mk", "en"],
    "published": true
}))]
pub struct ProgrammeInput {
    /// The unit (faculty) that runs the programme; coordinators only their own units.
    pub unit_id: Uuid,
    /// Code, unique within the unit.
    #[schema(pattern = r"^[A-Za-z0-9._-]{1,32}$")]
    pub code: String,
    /// Names by BCP 47 language tag; `en` is required, `mk` expected.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub name: BTreeMap<String, String>,
    /// The cycle as an EQF level: 5 short cycle, 6 bachelor, 7 master, 8 doctorate.
    #[schema(minimum = 5, maximum = 8)]
    pub eqf_level: u8,
    /// The ISCED-F 2013 field code (2 to 4 digits).
    #[schema(pattern = r"^[0-9]{2,4}$", example = "0613")]
    pub isced_code: String,
    /// Nominal length in semesters, 1–12.
    #[schema(minimum = 1, maximum = 12)]
    #[validate(range(min = 1, max = 12))]
    pub duration_semesters: u8,
    /// Languages of instruction (BCP 47 tags, none twice), the main one first.
    #[schema(min_items = 1, max_items = 10)]
    #[validate(length(min = 1, max = 10))]
    pub languages: Vec<String>,
    /// Whether the public catalogue shows it (default: a draft only staff see).
    #[serde(default)]
    pub published: bool,
}

/// A study programme as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-a000-7d2a-9f3b-2c4d5e6f7a8b",
    "unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "code": "SIIS23",
    "name": {"en": "Software Engineering and Information Systems", "mk": "Софтверско инженерство и информациски системи"},
    "eqf_level": 6,
    "cycle": "first cycle (bachelor)",
    "isced_code": "0613",
    "duration_semesters": 8,
    "languages": ["mk", "en"],
    "published": true,
    "version": 1,
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-09-01T08:30:00Z"
}))]
pub struct ProgrammeResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The unit running it.
    pub unit_id: Uuid,
    /// Code, unique within the unit.
    pub code: String,
    /// Names by language.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub name: BTreeMap<String, String>,
    /// The cycle as an EQF level.
    pub eqf_level: u8,
    /// The cycle in words.
    pub cycle: String,
    /// ISCED-F 2013 field code.
    pub isced_code: String,
    /// Length in semesters.
    pub duration_semesters: u8,
    /// Languages of instruction.
    pub languages: Vec<String>,
    /// Whether the public catalogue shows it.
    pub published: bool,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// Fields the server sets; a merge patch may not name them.
pub const READ_ONLY: &[&str] = &["id", "cycle", "version", "created_at", "updated_at"];

impl From<Programme> for ProgrammeResponse {
    fn from(p: Programme) -> Self {
        ProgrammeResponse {
            id: p.id.as_uuid(),
            unit_id: p.data.unit_id.as_uuid(),
            code: p.data.code.as_str().to_owned(),
            name: p.data.name.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            eqf_level: p.data.eqf_level.value(),
            cycle: p.data.eqf_level.cycle_name().unwrap_or_default().to_owned(),
            isced_code: p.data.isced_code.as_str().to_owned(),
            duration_semesters: p.data.duration_semesters,
            languages: language_names(&p.data.languages),
            published: p.data.published,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Languages as their tags.
pub fn language_names(languages: &InstructionLanguages) -> Vec<String> {
    languages.tags().iter().map(ToString::to_string).collect()
}

/// Parses languages of instruction, naming a bad tag by its position (`languages[1]`).
pub fn parse_languages(errors: &mut FieldErrors, languages: &[String]) -> Option<InstructionLanguages> {
    let mut ok = true;
    for (i, tag) in languages.iter().enumerate() {
        ok &= errors.check(format!("languages[{i}]"), LanguageTag::parse(tag.trim())).is_some();
    }
    if !ok || errors.has("languages") {
        return None;
    }
    errors.check("languages", InstructionLanguages::parse(languages.iter().map(|t| t.trim())))
}

impl TryFrom<ProgrammeInput> for ProgrammeData {
    type Error = ApiError;

    fn try_from(input: ProgrammeInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let code = errors.check("code", CatalogueCode::parse(input.code.trim()));
        let name = errors.check("name", LocalizedText::parse(input.name.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
        let eqf_level = errors.check("eqf_level", EqfLevel::new(input.eqf_level).and_then(check_cycle));
        let isced_code = errors.check("isced_code", IscedCode::parse(input.isced_code.trim()));
        let duration = if errors.has("duration_semesters") {
            None
        } else {
            errors.check("duration_semesters", check_duration(input.duration_semesters))
        };
        let languages = parse_languages(&mut errors, &input.languages);
        errors.finish_with(|| {
            Some(ProgrammeData {
                unit_id: UnitId::from_uuid(input.unit_id),
                code: code?,
                name: name?,
                eqf_level: eqf_level?,
                isced_code: isced_code?,
                duration_semesters: duration?,
                languages: languages?,
                published: input.published,
            })
        })
    }
}
