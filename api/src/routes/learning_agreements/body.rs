//! The request bodies of a learning agreement: the content of a version (header, components,
//! traineeship or staff terms), a change proposal, a signature, a comment or decline; each read
//! into the domain's values with every field error reported at once.

use chrono::NaiveDate;
use iro_domain::ects::EctsCredits;
use iro_domain::learning_agreement::{
    AgreementContent, ChangeReason, Component, ComponentChange, ContactPerson, Header, HostInsurance, StaffProgramme,
    Traineeship,
};
use iro_domain::{CefrLevel, ComponentId, CourseId, EqfLevel, IscedCode, LanguageTag};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::vocabulary::{AgreementKindName, ComponentTableName, SideName};
use crate::error::{ApiError, FieldErrors};
use crate::http::validation::{rules, trim};

/// A contact person of one side.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ContactPersonInput {
    /// Name (up to 200 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub name: Option<String>,
    /// E-mail.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(format = Email, max_length = 254)]
    #[validate(length(max = 254), custom(function = "rules::email"))]
    pub email: Option<String>,
    /// Position (up to 200 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub position: Option<String>,
}

/// The header: contacts, dates, level, subject area and language (the institutions, units
/// and academic year are the mobility's).
#[derive(Debug, Clone, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct HeaderInput {
    /// The sending side's contact person.
    #[serde(default)]
    #[validate(nested)]
    pub sending_contact: Option<ContactPersonInput>,
    /// The receiving side's contact person.
    #[serde(default)]
    #[validate(nested)]
    pub receiving_contact: Option<ContactPersonInput>,
    /// Planned start.
    #[serde(default)]
    pub start: Option<NaiveDate>,
    /// Planned end.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// EQF level at departure (5–8).
    #[serde(default)]
    #[schema(example = 6)]
    pub eqf_level_at_departure: Option<u8>,
    /// ISCED-F code of the subject area (`0613`).
    #[serde(default)]
    #[schema(example = "0613")]
    pub isced_f_code: Option<String>,
    /// Clarification of the subject area (up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::single_line"))]
    pub isced_clarification: Option<String>,
    /// Main language of instruction (BCP 47, `ru`).
    #[serde(default)]
    #[schema(example = "ru")]
    pub language: Option<String>,
    /// The student's CEFR level in it (A1–C2, `NS`).
    #[serde(default)]
    #[schema(example = "B2")]
    pub language_level: Option<String>,
}

/// One component: a course or module, in its table.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"table": "a", "code": "CS-301", "title": "Databases", "term": "2026/2027 winter",
    "credits": 6, "short_description": null, "recognition_conditions": null, "course_id": null}))]
pub struct ComponentInput {
    /// Its table.
    pub table: ComponentTableName,
    /// The institution's code (up to 100 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 100)]
    #[validate(length(max = 100), custom(function = "rules::single_line"))]
    pub code: Option<String>,
    /// The title (1–300 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 300)]
    #[validate(length(max = 300), custom(function = "rules::required"), custom(function = "rules::single_line"))]
    pub title: String,
    /// The term (`2026/2027 winter`; up to 100 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 100)]
    #[validate(length(max = 100), custom(function = "rules::single_line"))]
    pub term: Option<String>,
    /// ECTS credits (0–60, at most two decimals).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 60, example = 6)]
    #[validate(range(min = 0.0, max = 60.0))]
    pub credits: Option<f64>,
    /// How it is recognised (tables B, C, blended, doctoral; not A; up to 2,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub recognition_conditions: Option<String>,
    /// A short description (required in table C; up to 2,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub short_description: Option<String>,
    /// The catalogue course it is (`/api/v1/catalogue/courses/{id}`), when one exists.
    #[serde(default)]
    pub course_id: Option<Uuid>,
}

/// A traineeship's terms.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TraineeshipInput {
    /// The traineeship's title (1–300 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 300)]
    #[validate(length(max = 300), custom(function = "rules::required"), custom(function = "rules::single_line"))]
    pub title: String,
    /// Hours per week (0–60).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 60, example = 40)]
    #[validate(range(min = 0.0, max = 60.0))]
    pub hours_per_week: Option<f64>,
    /// Detailed tasks (up to 5,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub tasks: Option<String>,
    /// Knowledge, skills and competences to acquire (up to 5,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub knowledge_and_skills: Option<String>,
    /// Monitoring and evaluation plan (up to 5,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub monitoring_and_evaluation: Option<String>,
    /// How it is recognised (up to 2,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub recognition: Option<String>,
    /// Whether the host covers accident insurance at the workplace (`false`: the participant
    /// must arrange it; the checklist says so).
    #[serde(default)]
    pub host_covers_accident: Option<bool>,
    /// Whether the host covers third-party liability at the workplace.
    #[serde(default)]
    pub host_covers_liability: Option<bool>,
}

/// A staff mobility agreement's terms.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct StaffInput {
    /// The programme of activities (1–5,000 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::required"), custom(function = "rules::multiline"))]
    pub programme: String,
    /// Teaching hours (0–200).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 200)]
    #[validate(range(min = 0, max = 200))]
    pub teaching_hours: Option<u16>,
    /// The added value of the mobility (up to 5,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub added_value: Option<String>,
}

/// The content of the first version (created, or changed while nobody signed it). `kind`
/// follows the mobility's activity; a studies agreement has `components`, a traineeship
/// `traineeship` (and optional virtual components), a staff agreement `staff`.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "studies",
    "header": {"sending_contact": {"name": "Ana Petrovska", "email": "ana.petrovska@finki.ukim.mk", "position": "Erasmus+ coordinator"},
        "eqf_level_at_departure": 6, "isced_f_code": "0613", "language": "ru", "language_level": "B2"},
    "components": [
        {"table": "a", "code": "IT-204", "title": "Databases", "term": "2026/2027 winter", "credits": 6},
        {"table": "b", "code": "F18L3W004", "title": "Databases", "term": "2026/2027 winter", "credits": 6,
            "recognition_conditions": "Recognised as the compulsory course Databases"}
    ]
}))]
pub struct LearningAgreementInput {
    /// The agreement's shape: `studies`, `traineeship` or `staff`.
    pub kind: AgreementKindName,
    /// The header.
    #[serde(default)]
    #[validate(nested)]
    pub header: Option<HeaderInput>,
    /// The components of every table (at most 100).
    #[serde(default)]
    #[schema(max_items = 100)]
    #[validate(length(max = 100), nested)]
    pub components: Vec<ComponentInput>,
    /// The traineeship's terms (traineeships).
    #[serde(default)]
    #[validate(nested)]
    pub traineeship: Option<TraineeshipInput>,
    /// The staff programme (staff mobilities).
    #[serde(default)]
    #[validate(nested)]
    pub staff: Option<StaffInput>,
}

/// A component deleted by a change proposal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DeletionInput {
    /// The component (of the approved version).
    pub component_id: Uuid,
    /// `not_available`, `language_mismatch`, `timetable_conflict` (other codes are kept as
    /// sent; 1–100 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 100, example = "timetable_conflict")]
    #[validate(length(max = 100), custom(function = "rules::required"), custom(function = "rules::single_line"))]
    pub reason: String,
}

/// A component inserted by a change proposal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct InsertionInput {
    /// `substituting_deleted`, `extending_mobility`, `adding_virtual_component` (other codes
    /// are kept as sent; 1–100 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 100, example = "substituting_deleted")]
    #[validate(length(max = 100), custom(function = "rules::required"), custom(function = "rules::single_line"))]
    pub reason: String,
    /// The new component.
    #[validate(nested)]
    pub component: ComponentInput,
}

/// A change proposal of the approved version: components deleted and inserted, with reasons.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "deleted": [{"component_id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b", "reason": "timetable_conflict"}],
    "inserted": [{"reason": "substituting_deleted",
        "component": {"table": "a", "code": "IT-310", "title": "Operating systems", "term": "2026/2027 winter", "credits": 6}}]
}))]
pub struct ChangeProposalInput {
    /// Components of the approved version taken out (at most 100).
    #[serde(default)]
    #[schema(max_items = 100)]
    #[validate(length(max = 100), nested)]
    pub deleted: Vec<DeletionInput>,
    /// Components added (at most 100).
    #[serde(default)]
    #[schema(max_items = 100)]
    #[validate(length(max = 100), nested)]
    pub inserted: Vec<InsertionInput>,
}

/// A signature of the current version for one side.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"proposal_id": "9f2c4e…", "side": "participant", "name": "Marija Stojanova",
    "position": "Student", "email": "marija.stojanova@students.finki.ukim.mk"}))]
pub struct SignatureInput {
    /// The proposal id of the version read (409 `stale_proposal` if it changed since).
    #[schema(min_length = 1, max_length = 128)]
    #[validate(length(min = 1, max = 128))]
    pub proposal_id: String,
    /// The side signed for.
    pub side: SideName,
    /// The signer's name (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::required"), custom(function = "rules::single_line"))]
    pub name: String,
    /// Their position (up to 200 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub position: Option<String>,
    /// Their e-mail.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(format = Email, max_length = 254)]
    #[validate(length(max = 254), custom(function = "rules::email"))]
    pub email: String,
    /// For a signature given elsewhere (the partner's, or a participant's on paper recorded by
    /// the office): a reference to the signed document (up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::single_line"))]
    pub evidence_reference: Option<String>,
    /// The day that signature was given.
    #[serde(default)]
    pub evidence_date: Option<NaiveDate>,
}

/// A comment on the current version; as a decline it also removes the version's signatures.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"proposal_id": "9f2c4e…", "comment": "Databases clashes with Compilers; please choose another course."}))]
pub struct CommentInput {
    /// The proposal id of the version read (409 `stale_proposal` if it changed since).
    #[schema(min_length = 1, max_length = 128)]
    #[validate(length(min = 1, max = 128))]
    pub proposal_id: String,
    /// The comment (1–2,000 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::required"), custom(function = "rules::multiline"))]
    pub comment: String,
}

fn contact(input: Option<ContactPersonInput>) -> ContactPerson {
    let input = input.unwrap_or_default();
    ContactPerson { name: input.name, email: input.email, position: input.position }
}

fn credits(errors: &mut FieldErrors, field: String, value: Option<f64>) -> Option<EctsCredits> {
    value.and_then(|v| errors.check(field, EctsCredits::try_from(v)))
}

/// Reads a component; `field` is where it sits in the body. A new component gets a new id.
pub fn component(errors: &mut FieldErrors, field: &str, input: ComponentInput) -> Component {
    Component {
        id: ComponentId::generate(),
        table: input.table.into(),
        code: input.code,
        title: input.title,
        term: input.term,
        credits: credits(errors, format!("{field}.credits"), input.credits),
        recognition_conditions: input.recognition_conditions,
        short_description: input.short_description,
        course_id: input.course_id.map(CourseId::from_uuid),
    }
}

impl LearningAgreementInput {
    /// The version's content; components keep the ids of `previous` components equal to them
    /// (a draft edited keeps what did not change).
    pub fn into_content(self, previous: &[Component]) -> Result<AgreementContent, ApiError> {
        let mut errors = FieldErrors::default();
        let h = self.header.unwrap_or_default();
        let header = Header {
            sending_contact: contact(h.sending_contact),
            receiving_contact: contact(h.receiving_contact),
            start: h.start,
            end: h.end,
            eqf_level_at_departure: errors.check_opt(
                "header.eqf_level_at_departure",
                h.eqf_level_at_departure,
                EqfLevel::new,
            ),
            isced_f_code: errors.check_opt("header.isced_f_code", h.isced_f_code.as_deref(), IscedCode::parse),
            isced_clarification: h.isced_clarification,
            language: errors.check_opt("header.language", h.language.as_deref(), LanguageTag::parse),
            language_level: errors.check_opt("header.language_level", h.language_level.as_deref(), CefrLevel::parse),
        };
        let components = self
            .components
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let mut read = component(&mut errors, &format!("components[{i}]"), c);
                if let Some(same) = previous.iter().find(|p| Component { id: p.id, ..read.clone() } == **p) {
                    read.id = same.id;
                }
                read
            })
            .collect();
        let traineeship = self.traineeship.map(|t| Traineeship {
            title: t.title,
            hours_per_week: credits(&mut errors, "traineeship.hours_per_week".into(), t.hours_per_week),
            tasks: t.tasks,
            knowledge_and_skills: t.knowledge_and_skills,
            monitoring_and_evaluation: t.monitoring_and_evaluation,
            recognition: t.recognition,
            host_insurance: HostInsurance { accident: t.host_covers_accident, liability: t.host_covers_liability },
        });
        let staff = self.staff.map(|s| StaffProgramme {
            programme: s.programme,
            teaching_hours: s.teaching_hours,
            added_value: s.added_value,
        });
        let kind = self.kind.into();
        errors.finish()?;
        Ok(AgreementContent { kind, header, components, traineeship, staff })
    }
}

impl ChangeProposalInput {
    /// The proposal's rows: deletions first, then insertions.
    pub fn into_changes(self) -> Result<Vec<ComponentChange>, ApiError> {
        let mut errors = FieldErrors::default();
        let mut changes: Vec<ComponentChange> = self
            .deleted
            .into_iter()
            .map(|d| ComponentChange::Deleted {
                component_id: ComponentId::from_uuid(d.component_id),
                reason: ChangeReason::parse(&d.reason),
            })
            .collect();
        for (i, insertion) in self.inserted.into_iter().enumerate() {
            let component = component(&mut errors, &format!("inserted[{i}].component"), insertion.component);
            changes.push(ComponentChange::Inserted { component, reason: ChangeReason::parse(&insertion.reason) });
        }
        errors.finish()?;
        Ok(changes)
    }
}
