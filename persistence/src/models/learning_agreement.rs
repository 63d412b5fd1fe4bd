//! Learning agreement rows, and a version's content and changes as canonical JSON (whose
//! SHA-256 is the version's proposal id).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::ects::EctsCredits;
use iro_domain::learning_agreement::{
    AgreementContent, AgreementKind, ChangeReason, Component, ComponentChange, ComponentTable, ContactPerson, Evidence,
    Header, HostInsurance, LaSignature, Side, SigningStatus, StaffProgramme, Traineeship,
};
use iro_domain::{CefrLevel, ComponentId, CourseId, EqfLevel, IscedCode, LanguageTag, LearningAgreementId, MobilityId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::RepoError;
use crate::models::{corrupt, utc, version};
use crate::schema::{learning_agreement_comments, learning_agreement_signatures, learning_agreements};

/// A row of `learning_agreements`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = learning_agreements)]
pub struct AgreementRow {
    /// Id.
    pub id: String,
    /// The mobility.
    pub mobility_id: String,
    /// Kind wire name.
    pub kind: String,
    /// The latest version's signing state.
    pub status: String,
    /// Who signs the latest version next.
    pub next_signer: Option<String>,
    /// The latest version's number.
    pub latest_number: i32,
    /// The latest version signed by all three.
    pub approved_number: Option<i32>,
    /// Version (ETag).
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// A stored agreement (its versions are read on their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAgreement {
    /// Id.
    pub id: LearningAgreementId,
    /// Its mobility.
    pub mobility_id: MobilityId,
    /// Its shape.
    pub kind: AgreementKind,
    /// The latest version's signing state.
    pub status: SigningStatus,
    /// Who signs the latest version next (none once signed).
    pub next_signer: Option<Side>,
    /// The latest version's number.
    pub latest_number: u32,
    /// The latest version signed by all three.
    pub approved_number: Option<u32>,
    /// Version (ETag).
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed (a new version, an edit, a signature, a decline, a comment).
    pub updated_at: DateTime<Utc>,
}

fn number(raw: i32) -> Result<u32, RepoError> {
    u32::try_from(raw).map_err(|_| RepoError::Corrupt(format!("version number {raw}")))
}

impl TryFrom<AgreementRow> for StoredAgreement {
    type Error = RepoError;

    fn try_from(row: AgreementRow) -> Result<Self, Self::Error> {
        Ok(StoredAgreement {
            id: LearningAgreementId::parse(&row.id).map_err(corrupt("learning agreement id"))?,
            mobility_id: MobilityId::parse(&row.mobility_id).map_err(corrupt("mobility id"))?,
            kind: AgreementKind::parse(&row.kind).map_err(corrupt("kind"))?,
            status: SigningStatus::parse(&row.status).map_err(corrupt("learning agreement status"))?,
            next_signer: row.next_signer.as_deref().map(Side::parse).transpose().map_err(corrupt("next signer"))?,
            latest_number: number(row.latest_number)?,
            approved_number: row.approved_number.map(number).transpose()?,
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// A row of `learning_agreement_signatures`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = learning_agreement_signatures)]
pub struct SignatureRow {
    /// The version signed.
    pub version_id: String,
    /// Side wire name.
    pub side: String,
    /// Signer.
    pub name: String,
    /// Their position.
    pub position: Option<String>,
    /// Their e-mail.
    pub email: String,
    /// When (UTC).
    pub signed_at: NaiveDateTime,
    /// A partner's evidence.
    pub evidence_reference: Option<String>,
    /// The day of the evidence.
    pub evidence_date: Option<NaiveDate>,
    /// Who recorded it.
    pub recorded_by: String,
}

impl TryFrom<SignatureRow> for LaSignature {
    type Error = RepoError;

    fn try_from(row: SignatureRow) -> Result<Self, Self::Error> {
        let evidence = match (row.evidence_reference, row.evidence_date) {
            (Some(reference), Some(signed_on)) => Some(Evidence { reference, signed_on }),
            _ => None,
        };
        Ok(LaSignature {
            side: Side::parse(&row.side).map_err(corrupt("side"))?,
            name: row.name,
            position: row.position,
            email: row.email,
            signed_at: utc(row.signed_at),
            evidence,
        })
    }
}

/// A comment on a version, or the comment of a decline.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = learning_agreement_comments)]
pub struct CommentRow {
    /// Id.
    pub id: String,
    /// The version.
    pub version_id: String,
    /// The proposal commented on.
    pub proposal_id: String,
    /// Whether the comment came with a decline (which removed the signatures).
    pub declined: bool,
    /// The text.
    pub comment: String,
    /// Who wrote it.
    pub author: String,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

#[derive(Serialize, Deserialize)]
struct ContactDoc {
    name: Option<String>,
    email: Option<String>,
    position: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct HeaderDoc {
    sending_contact: ContactDoc,
    receiving_contact: ContactDoc,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    eqf_level_at_departure: Option<u8>,
    isced_f_code: Option<String>,
    isced_clarification: Option<String>,
    language: Option<String>,
    language_level: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct ComponentDoc {
    id: String,
    table: String,
    code: Option<String>,
    title: String,
    term: Option<String>,
    credits_hundredths: Option<u32>,
    recognition_conditions: Option<String>,
    short_description: Option<String>,
    course_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct TraineeshipDoc {
    title: String,
    hours_per_week_hundredths: Option<u32>,
    tasks: Option<String>,
    knowledge_and_skills: Option<String>,
    monitoring_and_evaluation: Option<String>,
    recognition: Option<String>,
    host_covers_accident: Option<bool>,
    host_covers_liability: Option<bool>,
}

#[derive(Serialize, Deserialize)]
struct StaffDoc {
    programme: String,
    teaching_hours: Option<u16>,
    added_value: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct ContentDoc {
    kind: String,
    header: HeaderDoc,
    components: Vec<ComponentDoc>,
    traineeship: Option<TraineeshipDoc>,
    staff: Option<StaffDoc>,
}

#[derive(Serialize, Deserialize)]
struct ChangeDoc {
    change: String,
    reason: String,
    component_id: Option<String>,
    component: Option<ComponentDoc>,
}

fn contact_doc(c: &ContactPerson) -> ContactDoc {
    ContactDoc { name: c.name.clone(), email: c.email.clone(), position: c.position.clone() }
}

fn component_doc(c: &Component) -> ComponentDoc {
    ComponentDoc {
        id: c.id.to_string(),
        table: c.table.as_str().to_owned(),
        code: c.code.clone(),
        title: c.title.clone(),
        term: c.term.clone(),
        credits_hundredths: c.credits.map(EctsCredits::hundredths),
        recognition_conditions: c.recognition_conditions.clone(),
        short_description: c.short_description.clone(),
        course_id: c.course_id.map(|id| id.to_string()),
    }
}

fn component_of(d: ComponentDoc) -> Result<Component, RepoError> {
    Ok(Component {
        id: ComponentId::parse(&d.id).map_err(corrupt("component id"))?,
        table: ComponentTable::parse(&d.table).map_err(corrupt("component table"))?,
        code: d.code,
        title: d.title,
        term: d.term,
        credits: d.credits_hundredths.map(EctsCredits::from_hundredths).transpose().map_err(corrupt("credits"))?,
        recognition_conditions: d.recognition_conditions,
        short_description: d.short_description,
        course_id: d.course_id.as_deref().map(CourseId::parse).transpose().map_err(corrupt("course id"))?,
    })
}

/// The canonical JSON of a version's content: fields in a fixed order, so equal contents give
/// equal text (and equal proposal ids).
pub fn content_to_json(content: &AgreementContent) -> String {
    let h = &content.header;
    let doc = ContentDoc {
        kind: content.kind.as_str().to_owned(),
        header: HeaderDoc {
            sending_contact: contact_doc(&h.sending_contact),
            receiving_contact: contact_doc(&h.receiving_contact),
            start: h.start,
            end: h.end,
            eqf_level_at_departure: h.eqf_level_at_departure.map(EqfLevel::value),
            isced_f_code: h.isced_f_code.as_ref().map(ToString::to_string),
            isced_clarification: h.isced_clarification.clone(),
            language: h.language.as_ref().map(|l| l.as_str().to_owned()),
            language_level: h.language_level.map(|l| l.as_str().to_owned()),
        },
        components: content.components.iter().map(component_doc).collect(),
        traineeship: content.traineeship.as_ref().map(|t| TraineeshipDoc {
            title: t.title.clone(),
            hours_per_week_hundredths: t.hours_per_week.map(EctsCredits::hundredths),
            tasks: t.tasks.clone(),
            knowledge_and_skills: t.knowledge_and_skills.clone(),
            monitoring_and_evaluation: t.monitoring_and_evaluation.clone(),
            recognition: t.recognition.clone(),
            host_covers_accident: t.host_insurance.accident,
            host_covers_liability: t.host_insurance.liability,
        }),
        staff: content.staff.as_ref().map(|s| StaffDoc {
            programme: s.programme.clone(),
            teaching_hours: s.teaching_hours,
            added_value: s.added_value.clone(),
        }),
    };
    serde_json::to_string(&doc).unwrap_or_default()
}

/// Reads a version's content back.
pub fn content_from_json(json: &str) -> Result<AgreementContent, RepoError> {
    let doc: ContentDoc =
        serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("agreement content: {e}")))?;
    let h = doc.header;
    let contact = |c: ContactDoc| ContactPerson { name: c.name, email: c.email, position: c.position };
    let header = Header {
        sending_contact: contact(h.sending_contact),
        receiving_contact: contact(h.receiving_contact),
        start: h.start,
        end: h.end,
        eqf_level_at_departure: h.eqf_level_at_departure.map(EqfLevel::new).transpose().map_err(corrupt("eqf"))?,
        isced_f_code: h.isced_f_code.as_deref().map(IscedCode::parse).transpose().map_err(corrupt("isced"))?,
        isced_clarification: h.isced_clarification,
        language: h.language.as_deref().map(LanguageTag::parse).transpose().map_err(corrupt("language"))?,
        language_level: h.language_level.as_deref().map(CefrLevel::parse).transpose().map_err(corrupt("cefr"))?,
    };
    let traineeship = doc
        .traineeship
        .map(|t| {
            Ok::<_, RepoError>(Traineeship {
                title: t.title,
                hours_per_week: t
                    .hours_per_week_hundredths
                    .map(EctsCredits::from_hundredths)
                    .transpose()
                    .map_err(corrupt("hours"))?,
                tasks: t.tasks,
                knowledge_and_skills: t.knowledge_and_skills,
                monitoring_and_evaluation: t.monitoring_and_evaluation,
                recognition: t.recognition,
                host_insurance: HostInsurance { accident: t.host_covers_accident, liability: t.host_covers_liability },
            })
        })
        .transpose()?;
    Ok(AgreementContent {
        kind: AgreementKind::parse(&doc.kind).map_err(corrupt("kind"))?,
        header,
        components: doc.components.into_iter().map(component_of).collect::<Result<_, _>>()?,
        traineeship,
        staff: doc.staff.map(|s| StaffProgramme {
            programme: s.programme,
            teaching_hours: s.teaching_hours,
            added_value: s.added_value,
        }),
    })
}

/// A change proposal's rows as JSON.
pub fn changes_to_json(changes: &[ComponentChange]) -> String {
    let docs: Vec<ChangeDoc> = changes
        .iter()
        .map(|c| match c {
            ComponentChange::Deleted { component_id, reason } => ChangeDoc {
                change: "deleted".into(),
                reason: reason.as_str().to_owned(),
                component_id: Some(component_id.to_string()),
                component: None,
            },
            ComponentChange::Inserted { component, reason } => ChangeDoc {
                change: "inserted".into(),
                reason: reason.as_str().to_owned(),
                component_id: Some(component.id.to_string()),
                component: Some(component_doc(component)),
            },
        })
        .collect();
    serde_json::to_string(&docs).unwrap_or_default()
}

/// Reads a change proposal's rows back.
pub fn changes_from_json(json: &str) -> Result<Vec<ComponentChange>, RepoError> {
    let docs: Vec<ChangeDoc> =
        serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("agreement changes: {e}")))?;
    docs.into_iter()
        .map(|d| {
            let reason = ChangeReason::parse(&d.reason);
            match (d.change.as_str(), d.component, d.component_id) {
                ("inserted", Some(component), _) => {
                    Ok(ComponentChange::Inserted { component: component_of(component)?, reason })
                }
                ("deleted", _, Some(id)) => Ok(ComponentChange::Deleted {
                    component_id: ComponentId::parse(&id).map_err(corrupt("component id"))?,
                    reason,
                }),
                (other, _, _) => Err(RepoError::Corrupt(format!("agreement change {other:?}"))),
            }
        })
        .collect()
}

/// The proposal id of a version: the SHA-256 (hex) of its canonical content and changes, so it
/// changes if and only if they do.
pub fn proposal_id(content_json: &str, changes_json: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(content_json.as_bytes());
    hasher.update([0u8]);
    hasher.update(changes_json.unwrap_or("").as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
