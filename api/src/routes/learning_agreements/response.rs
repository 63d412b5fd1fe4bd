//! The response bodies of a learning agreement: the agreement with its current version, a
//! version with its signatures, comments, credit totals and warnings, the history, a list item.

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::learning_agreement::{
    AgreementContent, Component, ComponentChange, ComponentTable, ContactPerson, CreditWarning, LaSignature,
    credit_totals, credit_warnings, next_side,
};
use iro_domain::mobility::Mobility;
use iro_persistence::models::learning_agreement::{CommentRow, StoredAgreement};
use iro_persistence::repositories::learning_agreements::StoredVersion;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::vocabulary::{AgreementKindName, ComponentTableName, SideName, SigningStatusName};
use crate::routes::shared::vocabulary::{DirectionName, MobilityTypeName};

/// A contact person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactPersonResponse {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Position.
    pub position: Option<String>,
}

impl From<&ContactPerson> for ContactPersonResponse {
    fn from(c: &ContactPerson) -> Self {
        ContactPersonResponse { name: c.name.clone(), email: c.email.clone(), position: c.position.clone() }
    }
}

/// The header of a version, with the mobility's institutions, units and academic year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeaderResponse {
    /// The sending institution (the mobility's).
    pub sending_institution_id: Uuid,
    /// The sending unit.
    pub sending_unit_id: Option<Uuid>,
    /// The sending side's contact person.
    pub sending_contact: ContactPersonResponse,
    /// The receiving institution.
    pub receiving_institution_id: Uuid,
    /// The receiving unit.
    pub receiving_unit_id: Option<Uuid>,
    /// The receiving side's contact person.
    pub receiving_contact: ContactPersonResponse,
    /// The academic year (`2026/2027`).
    pub academic_year: String,
    /// Planned start (the version's, else the mobility's).
    pub start: NaiveDate,
    /// Planned end.
    pub end: NaiveDate,
    /// EQF level at departure.
    pub eqf_level_at_departure: Option<u8>,
    /// ISCED-F code.
    pub isced_f_code: Option<String>,
    /// Clarification of the subject area.
    pub isced_clarification: Option<String>,
    /// Main language of instruction.
    pub language: Option<String>,
    /// CEFR level in it.
    pub language_level: Option<String>,
}

/// A component.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComponentResponse {
    /// Stable across versions (a recognition links to it).
    pub id: Uuid,
    /// Its table.
    pub table: ComponentTableName,
    /// Code.
    pub code: Option<String>,
    /// Title.
    pub title: String,
    /// Term.
    pub term: Option<String>,
    /// ECTS credits.
    #[schema(example = 6)]
    pub credits: Option<f64>,
    /// Recognition conditions.
    pub recognition_conditions: Option<String>,
    /// Short description.
    pub short_description: Option<String>,
    /// The catalogue course, if referenced.
    pub course_id: Option<Uuid>,
}

impl From<&Component> for ComponentResponse {
    fn from(c: &Component) -> Self {
        ComponentResponse {
            id: c.id.as_uuid(),
            table: c.table.into(),
            code: c.code.clone(),
            title: c.title.clone(),
            term: c.term.clone(),
            credits: c.credits.map(|c| c.to_f64()),
            recognition_conditions: c.recognition_conditions.clone(),
            short_description: c.short_description.clone(),
            course_id: c.course_id.map(|id| id.as_uuid()),
        }
    }
}

/// A traineeship's terms.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TraineeshipResponse {
    /// Title.
    pub title: String,
    /// Hours per week.
    pub hours_per_week: Option<f64>,
    /// Tasks.
    pub tasks: Option<String>,
    /// Knowledge, skills and competences.
    pub knowledge_and_skills: Option<String>,
    /// Monitoring and evaluation plan.
    pub monitoring_and_evaluation: Option<String>,
    /// Recognition.
    pub recognition: Option<String>,
    /// Whether the host covers accident insurance (`null`: not said).
    pub host_covers_accident: Option<bool>,
    /// Whether the host covers third-party liability.
    pub host_covers_liability: Option<bool>,
}

/// A staff mobility agreement's terms.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffResponse {
    /// The programme.
    pub programme: String,
    /// Teaching hours.
    pub teaching_hours: Option<u16>,
    /// The added value.
    pub added_value: Option<String>,
}

/// A row of a change proposal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChangeResponse {
    /// `deleted` or `inserted`.
    #[schema(example = "deleted")]
    pub change: String,
    /// The reason code, as sent.
    pub reason: String,
    /// Whether the code is one of EWP's (`not_available`, `language_mismatch`,
    /// `timetable_conflict`, `substituting_deleted`, `extending_mobility`,
    /// `adding_virtual_component`); others are kept as sent.
    pub reason_known: bool,
    /// The component deleted or inserted.
    pub component_id: Uuid,
    /// The inserted component (`null` for a deletion).
    pub component: Option<ComponentResponse>,
}

impl From<&ComponentChange> for ChangeResponse {
    fn from(change: &ComponentChange) -> Self {
        match change {
            ComponentChange::Deleted { component_id, reason } => ChangeResponse {
                change: "deleted".into(),
                reason: reason.as_str().to_owned(),
                reason_known: reason.is_known(),
                component_id: component_id.as_uuid(),
                component: None,
            },
            ComponentChange::Inserted { component, reason } => ChangeResponse {
                change: "inserted".into(),
                reason: reason.as_str().to_owned(),
                reason_known: reason.is_known(),
                component_id: component.id.as_uuid(),
                component: Some(component.into()),
            },
        }
    }
}

/// A signature.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignatureResponse {
    /// The side.
    pub side: SideName,
    /// The signer.
    pub name: String,
    /// Their position.
    pub position: Option<String>,
    /// Their e-mail.
    pub email: String,
    /// When it was recorded.
    pub signed_at: DateTime<Utc>,
    /// For a signature given elsewhere: the reference to the signed document.
    pub evidence_reference: Option<String>,
    /// The day it was given.
    pub evidence_date: Option<NaiveDate>,
}

impl From<&LaSignature> for SignatureResponse {
    fn from(s: &LaSignature) -> Self {
        SignatureResponse {
            side: s.side.into(),
            name: s.name.clone(),
            position: s.position.clone(),
            email: s.email.clone(),
            signed_at: s.signed_at,
            evidence_reference: s.evidence.as_ref().map(|e| e.reference.clone()),
            evidence_date: s.evidence.as_ref().map(|e| e.signed_on),
        }
    }
}

/// A comment, or a decline's comment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommentResponse {
    /// Id.
    pub id: Uuid,
    /// The proposal commented on.
    pub proposal_id: String,
    /// Whether it declined the version (removing its signatures).
    pub declined: bool,
    /// The text.
    pub comment: String,
    /// Who.
    pub author: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<&CommentRow> for CommentResponse {
    fn from(c: &CommentRow) -> Self {
        CommentResponse {
            id: Uuid::parse_str(&c.id).unwrap_or_default(),
            proposal_id: c.proposal_id.clone(),
            declined: c.declined,
            comment: c.comment.clone(),
            author: c.author.clone(),
            created_at: c.created_at.and_utc(),
        }
    }
}

/// The ECTS credits of one table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditTotalResponse {
    /// The table.
    pub table: ComponentTableName,
    /// Its credits.
    pub ects: f64,
}

/// A warning about the credits (the agreement may still be signed).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditWarningResponse {
    /// `credit_tables_differ` or `semester_load_unusual`.
    #[schema(example = "credit_tables_differ")]
    pub code: String,
    /// Explanation.
    pub message: String,
}

impl From<&CreditWarning> for CreditWarningResponse {
    fn from(w: &CreditWarning) -> Self {
        CreditWarningResponse { code: w.code().to_owned(), message: w.message() }
    }
}

/// One version: the first (`number` 1) or a change proposal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionResponse {
    /// 1, 2, …
    pub number: u32,
    /// Changes if and only if the content does; sign and comment naming it.
    pub proposal_id: String,
    /// Whether it is a change proposal (its `changes` say what changed).
    pub change_proposal: bool,
    /// Replaced by a later proposal before anyone signed it.
    pub superseded: bool,
    /// Who made it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The header.
    pub header: HeaderResponse,
    /// Every component, tables in order.
    pub components: Vec<ComponentResponse>,
    /// The traineeship's terms (traineeships).
    pub traineeship: Option<TraineeshipResponse>,
    /// The staff programme (staff).
    pub staff: Option<StaffResponse>,
    /// The change rows (empty for the first version).
    pub changes: Vec<ChangeResponse>,
    /// Signatures, in signing order.
    pub signatures: Vec<SignatureResponse>,
    /// Who signs next (`null` once all three signed).
    pub next_signer: Option<SideName>,
    /// Comments and declines.
    pub comments: Vec<CommentResponse>,
    /// ECTS credits per table.
    pub credit_totals: Vec<CreditTotalResponse>,
    /// Warnings about the credits.
    pub warnings: Vec<CreditWarningResponse>,
}

fn header(content: &AgreementContent, mobility: &Mobility) -> HeaderResponse {
    let h = &content.header;
    let data = &mobility.data;
    HeaderResponse {
        sending_institution_id: data.sending.institution_id.as_uuid(),
        sending_unit_id: data.sending.unit_id.map(|u| u.as_uuid()),
        sending_contact: (&h.sending_contact).into(),
        receiving_institution_id: data.receiving.institution_id.as_uuid(),
        receiving_unit_id: data.receiving.unit_id.map(|u| u.as_uuid()),
        receiving_contact: (&h.receiving_contact).into(),
        academic_year: data.academic_year.to_string(),
        start: h.start.unwrap_or(data.planned.start()),
        end: h.end.unwrap_or(data.planned.end()),
        eqf_level_at_departure: h.eqf_level_at_departure.map(|l| l.value()),
        isced_f_code: h.isced_f_code.as_ref().map(ToString::to_string),
        isced_clarification: h.isced_clarification.clone(),
        language: h.language.as_ref().map(|l| l.as_str().to_owned()),
        language_level: h.language_level.map(|l| l.as_str().to_owned()),
    }
}

/// The months of the stay, for the per-semester load: started months count.
fn months(start: NaiveDate, end: NaiveDate) -> u32 {
    let days = (end - start).num_days().max(0) + 1;
    u32::try_from(days).unwrap_or(0).div_ceil(30)
}

impl VersionResponse {
    /// A stored version of `mobility`'s agreement.
    pub fn of(version: &StoredVersion, mobility: &Mobility) -> Self {
        let content = &version.content;
        let header = header(content, mobility);
        let totals = credit_totals(content);
        let warnings = credit_warnings(content, &totals, months(header.start, header.end));
        VersionResponse {
            number: version.number,
            proposal_id: version.proposal_id.clone(),
            change_proposal: version.number > 1,
            superseded: version.superseded,
            created_by: version.created_by.clone(),
            created_at: version.created_at,
            header,
            components: content.components.iter().map(Into::into).collect(),
            traineeship: content.traineeship.as_ref().map(|t| TraineeshipResponse {
                title: t.title.clone(),
                hours_per_week: t.hours_per_week.map(|h| h.to_f64()),
                tasks: t.tasks.clone(),
                knowledge_and_skills: t.knowledge_and_skills.clone(),
                monitoring_and_evaluation: t.monitoring_and_evaluation.clone(),
                recognition: t.recognition.clone(),
                host_covers_accident: t.host_insurance.accident,
                host_covers_liability: t.host_insurance.liability,
            }),
            staff: content.staff.as_ref().map(|s| StaffResponse {
                programme: s.programme.clone(),
                teaching_hours: s.teaching_hours,
                added_value: s.added_value.clone(),
            }),
            changes: version.changes.iter().map(Into::into).collect(),
            signatures: version.signatures.iter().map(Into::into).collect(),
            next_signer: next_side(&version.signatures).map(Into::into),
            comments: version.comments.iter().map(Into::into).collect(),
            credit_totals: ComponentTable::ALL
                .iter()
                .map(|t| CreditTotalResponse { table: (*t).into(), ects: totals.of(*t).to_f64() })
                .collect(),
            warnings: warnings.iter().map(Into::into).collect(),
        }
    }
}

/// A learning agreement as a list shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningAgreementSummary {
    /// Id.
    pub id: Uuid,
    /// The mobility (`/api/v1/mobilities/{id}/learning-agreement`).
    pub mobility_id: Uuid,
    /// Its shape.
    pub kind: AgreementKindName,
    /// The latest version's signing state.
    pub status: SigningStatusName,
    /// Who signs the latest version next.
    pub next_signer: Option<SideName>,
    /// The latest version's number.
    pub latest_version: u32,
    /// The latest version signed by all three (`null`: none yet).
    pub approved_version: Option<u32>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<&StoredAgreement> for LearningAgreementSummary {
    fn from(a: &StoredAgreement) -> Self {
        LearningAgreementSummary {
            id: a.id.as_uuid(),
            mobility_id: a.mobility_id.as_uuid(),
            kind: a.kind.into(),
            status: a.status.into(),
            next_signer: a.next_signer.map(Into::into),
            latest_version: a.latest_number,
            approved_version: a.approved_number,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// A learning agreement with its current (latest) version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningAgreementResponse {
    /// The agreement.
    #[serde(flatten)]
    pub agreement: LearningAgreementSummary,
    /// The mobility's direction.
    pub direction: DirectionName,
    /// The mobility's activity.
    pub activity_type: MobilityTypeName,
    /// The latest version: the one to sign, comment on or decline.
    pub current: VersionResponse,
}

/// Every version of an agreement, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningAgreementHistoryResponse {
    /// The agreement.
    pub agreement_id: Uuid,
    /// Its versions with their signatures and comments.
    pub versions: Vec<VersionResponse>,
}
