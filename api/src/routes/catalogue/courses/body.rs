//! A course's request and response bodies, and the validation that turns a request into the
//! domain's `CourseData`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use iro_domain::catalogue::course::{check_credits, check_hours, check_places};
use iro_domain::catalogue::{CatalogueCode, Course, CourseData};
use iro_domain::ects::EctsCredits;
use iro_domain::{AcademicYear, Contact, EqfLevel, IscedCode, LocalizedText, ProgrammeId, UnitId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::error::{ApiError, FieldErrors};
use crate::http::validation::{self, rules, trim};
use crate::routes::catalogue::programmes::body::{language_names, parse_languages};
use crate::routes::catalogue::vocabulary::SemesterName;
use crate::routes::shared::contact::ContactBody;
use crate::routes::shared::text::check_characters;

/// A course as clients write it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "programme_id": "01938a6e-a000-7d2a-9f3b-2c4d5e6f7a8b",
    "code": "F23L3W004",
    "title": {"en": "Web Programming", "mk": "Веб програмирање"},
    "isced_code": "0613",
    "eqf_level": 6,
    "ects_credits": 6,
    "semester": "winter",
    "hours": 60,
    "languages": ["en", "mk"],
    "open_to_incoming": true,
    "places": 15,
    "description": "Server-side web applications: HTTP, routing, persistence, security.",
    "learning_outcomes": "Students design, build and deploy a small web application.",
    "teacher": {"name": "Ana Petrovska", "role": "Course teacher", "emails": ["ana.petrovska@finki.ukim.mk"]},
    "academic_year": "2026/2027",
    "published": true
}))]
pub struct CourseInput {
    /// The unit teaching it; coordinators only their own units.
    pub unit_id: Uuid,
    /// The study programme it belongs to (one of the same unit), if any.
    #[serde(default)]
    pub programme_id: Option<Uuid>,
    /// Code, unique within the unit and academic year.
    #[schema(pattern = r"^[A-Za-z0-9._-]{1,32}$")]
    pub code: String,
    /// Titles by BCP 47 language tag; `en` is required, `mk` expected.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub title: BTreeMap<String, String>,
    /// The ISCED-F 2013 field code (2 to 4 digits).
    #[schema(pattern = r"^[0-9]{2,4}$", example = "0613")]
    pub isced_code: String,
    /// The level as EQF (1–8; 6 bachelor, 7 master, 8 doctorate).
    #[schema(minimum = 1, maximum = 8)]
    pub eqf_level: u8,
    /// ECTS credits: more than 0, at most 60, at most two decimals.
    #[schema(exclusive_minimum = 0, maximum = 60, example = 6)]
    #[validate(range(exclusive_min = 0.0, max = 60.0))]
    pub ects_credits: f64,
    /// `winter` or `summer`.
    pub semester: SemesterName,
    /// Contact hours over the semester, 1–600.
    #[schema(minimum = 1, maximum = 600)]
    #[validate(range(min = 1, max = 600))]
    pub hours: u16,
    /// Languages of instruction (BCP 47 tags, none twice), the main one first.
    #[schema(min_items = 1, max_items = 10)]
    #[validate(length(min = 1, max = 10))]
    pub languages: Vec<String>,
    /// Whether incoming exchange students may enrol.
    #[serde(default)]
    pub open_to_incoming: bool,
    /// Places for incoming students when limited (1–999; only for a course open to them).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 999)]
    #[validate(range(min = 1, max = 999))]
    pub places: Option<u16>,
    /// Description in English (at most 4,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 4000)]
    #[validate(length(max = 4000), custom(function = "rules::multiline"))]
    pub description: Option<String>,
    /// Learning outcomes in English (at most 4,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 4000)]
    #[validate(length(max = 4000), custom(function = "rules::multiline"))]
    pub learning_outcomes: Option<String>,
    /// Who teaches it and how to reach them.
    #[serde(default)]
    pub teacher: Option<ContactBody>,
    /// The academic year this entry describes, `YYYY/YYYY`.
    #[schema(pattern = r"^[0-9]{4}/[0-9]{4}$", example = "2026/2027")]
    pub academic_year: String,
    /// Whether the public catalogue shows it (default: a draft only staff see).
    #[serde(default)]
    pub published: bool,
}

/// A course as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-b000-7d2a-9f3b-2c4d5e6f7a8b",
    "unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "programme_id": "01938a6e-a000-7d2a-9f3b-2c4d5e6f7a8b",
    "code": "F23L3W004",
    "title": {"en": "Web Programming", "mk": "Веб програмирање"},
    "isced_code": "0613",
    "eqf_level": 6,
    "ects_credits": 6.0,
    "semester": "winter",
    "hours": 60,
    "languages": ["en", "mk"],
    "open_to_incoming": true,
    "places": 15,
    "description": "Server-side web applications: HTTP, routing, persistence, security.",
    "learning_outcomes": "Students design, build and deploy a small web application.",
    "teacher": {"name": "Ana Petrovska", "role": "Course teacher", "emails": ["ana.petrovska@finki.ukim.mk"], "phones": []},
    "academic_year": "2026/2027",
    "published": true,
    "version": 1,
    "created_at": "2026-09-01T08:30:00Z",
    "updated_at": "2026-09-01T08:30:00Z"
}))]
pub struct CourseResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The unit teaching it.
    pub unit_id: Uuid,
    /// Its study programme.
    pub programme_id: Option<Uuid>,
    /// Code.
    pub code: String,
    /// Titles by language.
    #[schema(value_type = crate::routes::shared::localized::LocalizedName)]
    pub title: BTreeMap<String, String>,
    /// ISCED-F 2013 field code.
    pub isced_code: String,
    /// EQF level.
    pub eqf_level: u8,
    /// ECTS credits.
    pub ects_credits: f64,
    /// Semester.
    pub semester: SemesterName,
    /// Contact hours.
    pub hours: u16,
    /// Languages of instruction.
    pub languages: Vec<String>,
    /// Open to incoming students.
    pub open_to_incoming: bool,
    /// Places for incoming students, when limited.
    pub places: Option<u16>,
    /// Description in English.
    pub description: Option<String>,
    /// Learning outcomes in English.
    pub learning_outcomes: Option<String>,
    /// Teacher contact.
    pub teacher: Option<ContactBody>,
    /// Academic year.
    pub academic_year: String,
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
pub const READ_ONLY: &[&str] = &["id", "version", "created_at", "updated_at"];

impl From<Course> for CourseResponse {
    fn from(c: Course) -> Self {
        let d = c.data;
        CourseResponse {
            id: c.id.as_uuid(),
            unit_id: d.unit_id.as_uuid(),
            programme_id: d.programme_id.map(|p| p.as_uuid()),
            code: d.code.as_str().to_owned(),
            title: d.title.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            isced_code: d.isced_code.as_str().to_owned(),
            eqf_level: d.eqf_level.value(),
            ects_credits: d.ects_credits.to_f64(),
            semester: d.semester.into(),
            hours: d.hours,
            languages: language_names(&d.languages),
            open_to_incoming: d.open_to_incoming,
            places: d.places,
            description: d.description,
            learning_outcomes: d.learning_outcomes,
            teacher: d.teacher.as_ref().map(ContactBody::from),
            academic_year: d.academic_year.to_string(),
            published: d.published,
            version: c.version,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// Validates the teacher contact, recording errors as `teacher`.
fn parse_teacher(errors: &mut FieldErrors, teacher: Option<ContactBody>) -> Option<Option<Contact>> {
    let Some(t) = teacher else { return Some(None) };
    for (field, text) in [("name", &t.name), ("role", &t.role)] {
        check_characters(errors, &format!("teacher.{field}"), text.as_deref().unwrap_or(""), false);
    }
    let contact = Contact { name: t.name, role: t.role, emails: t.emails, phones: t.phones };
    errors.check("teacher", contact.validate()).map(Some)
}

impl TryFrom<CourseInput> for CourseData {
    type Error = ApiError;

    fn try_from(input: CourseInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let code = errors.check("code", CatalogueCode::parse(input.code.trim()));
        let title =
            errors.check("title", LocalizedText::parse(input.title.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
        let isced_code = errors.check("isced_code", IscedCode::parse(input.isced_code.trim()));
        let eqf_level = errors.check("eqf_level", EqfLevel::new(input.eqf_level));
        let ects = if errors.has("ects_credits") {
            None
        } else {
            errors.check("ects_credits", EctsCredits::parse(&input.ects_credits.to_string()).and_then(check_credits))
        };
        let hours = if errors.has("hours") { None } else { errors.check("hours", check_hours(input.hours)) };
        let places = match input.places {
            Some(p) if !errors.has("places") => errors.check("places", check_places(p)).map(Some),
            Some(_) => None,
            None => Some(None),
        };
        let languages = parse_languages(&mut errors, &input.languages);
        let teacher = parse_teacher(&mut errors, input.teacher);
        let year = errors.check("academic_year", AcademicYear::parse(input.academic_year.trim()));
        let data = errors.finish_with(|| {
            Some(CourseData {
                unit_id: UnitId::from_uuid(input.unit_id),
                programme_id: input.programme_id.map(ProgrammeId::from_uuid),
                code: code?,
                title: title?,
                isced_code: isced_code?,
                eqf_level: eqf_level?,
                ects_credits: ects?,
                semester: input.semester.into(),
                hours: hours?,
                languages: languages?,
                open_to_incoming: input.open_to_incoming,
                places: places?,
                description: input.description,
                learning_outcomes: input.learning_outcomes,
                teacher: teacher?,
                academic_year: year?,
                published: input.published,
            })
        })?;
        // The rules between fields that need no stored record (places on a closed course).
        data.check(None).map_err(|p| ApiError::invalid(p.field, p.error))?;
        Ok(data)
    }
}
