//! The checklist as the API shows it: the facts it was generated from, the visa decision,
//! the insurance covers, and every item with the progress recorded on it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::MobilityId;
use iro_domain::checklist::{
    Alert, Arrangement, Checklist, ChecklistItem, CoverCheck, MobilityFacts, ProgressStatus, VisaChecklist, VisaNeed,
};
use iro_persistence::models::checklist_progress::ProgressRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::vocabulary::{
    AlertKindName, CoverTypeName, FactStatusName, ItemKindName, ProgressStatusName, ProviderName, PurposeName,
    VisaTypeName,
};
use crate::http::validation::{rules, trim};
use crate::routes::shared::vocabulary::{DirectionName, MobilityProgrammeName, MobilityTypeName};

/// The facts of the mobility the checklist was generated from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChecklistFacts {
    /// Outgoing or incoming.
    pub direction: DirectionName,
    /// The participant's citizenships (ISO 3166-1 alpha-2); empty when unknown or erased.
    pub citizenships: Vec<String>,
    /// Where the participant is health-insured (their home institution's country).
    pub home_country: String,
    /// The country of the mobility (the receiving institution's).
    pub destination: String,
    /// Why the participant travels, from the activity type.
    pub purpose: PurposeName,
    /// First day (actual if known, else planned); rules valid on this day apply.
    pub start: NaiveDate,
    /// Last day (actual if known, else planned).
    pub end: NaiveDate,
    /// The stay in days, both ends included.
    pub stay_days: i64,
    /// The programme.
    pub programme: MobilityProgrammeName,
    /// The activity type.
    pub activity_type: MobilityTypeName,
}

impl From<&MobilityFacts> for ChecklistFacts {
    fn from(facts: &MobilityFacts) -> Self {
        ChecklistFacts {
            direction: facts.direction.into(),
            citizenships: facts.citizenships.iter().map(ToString::to_string).collect(),
            home_country: facts.home_country.to_string(),
            destination: facts.destination.to_string(),
            purpose: facts.purpose.into(),
            start: facts.start,
            end: facts.end,
            stay_days: facts.stay_days(),
            programme: facts.programme.into(),
            activity_type: facts.activity.into(),
        }
    }
}

/// Whether a visa is needed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VisaNeedName {
    /// Visa-free, or a citizen of the destination.
    NotRequired,
    /// A visa of `visa_type` is required.
    Required,
    /// No rule applies: check with the consulate.
    Unknown,
}

/// The visa decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VisaDecision {
    /// Whether a visa is needed.
    pub need: VisaNeedName,
    /// The visa type when one is required.
    pub visa_type: Option<VisaTypeName>,
    /// The citizenship the decision is for (the most favourable of several).
    pub citizenship_used: Option<String>,
    /// Why that citizenship was chosen.
    pub citizenship_explanation: String,
}

impl VisaDecision {
    /// The decision of a generated visa checklist.
    pub fn of(visa: &VisaChecklist) -> Self {
        let (need, visa_type) = match visa.need {
            VisaNeed::NotRequired => (VisaNeedName::NotRequired, None),
            VisaNeed::Required(visa) => (VisaNeedName::Required, Some(visa.into())),
            VisaNeed::Unknown => (VisaNeedName::Unknown, None),
        };
        VisaDecision {
            need,
            visa_type,
            citizenship_used: visa.citizenship_used.map(|c| c.to_string()),
            citizenship_explanation: visa.citizenship_explanation.clone(),
        }
    }
}

/// How an insurance cover is obtained.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ArrangementName {
    /// Provided by `provider` without the participant acting.
    Automatic,
    /// Provided by `provider` once the participant obtains its certificate or card before
    /// departure (e.g. the health fund's РМ/РБ 101 for Bulgaria): an item with a due date.
    ObtainCertificate,
    /// Expected from `provider`; the participant arranges it if that is not confirmed.
    ConfirmWith,
    /// The participant must arrange it.
    ToArrange,
}

/// One insurance cover.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverResponse {
    /// The cover.
    pub cover: CoverTypeName,
    /// Whether it is required (else recommended).
    pub mandatory: bool,
    /// How it is obtained.
    pub arrangement: ArrangementName,
    /// Who provides it, unless the participant must arrange it.
    pub provider: Option<ProviderName>,
    /// Whether the participant must be told to act (mandatory and not automatic).
    pub needs_action: bool,
    /// The checklist item of the cover.
    pub item_key: String,
}

impl CoverResponse {
    /// One cover of a generated insurance checklist.
    pub fn of(cover: &CoverCheck) -> Self {
        let (arrangement, provider) = match cover.arrangement {
            Arrangement::Automatic(p) => (ArrangementName::Automatic, Some(p.into())),
            Arrangement::ObtainCertificate(p) => (ArrangementName::ObtainCertificate, Some(p.into())),
            Arrangement::ConfirmWith(p) => (ArrangementName::ConfirmWith, Some(p.into())),
            Arrangement::ToArrange => (ArrangementName::ToArrange, None),
        };
        CoverResponse {
            cover: cover.cover.into(),
            mandatory: cover.mandatory,
            arrangement,
            provider,
            needs_action: cover.needs_action(),
            item_key: cover.item.key.clone(),
        }
    }
}

/// Evidence recorded on an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemProgressResponse {
    /// Where the item stands.
    pub status: ProgressStatusName,
    /// A document reference (file id, URL, policy number).
    pub evidence_reference: Option<String>,
    /// The evidence's date.
    pub evidence_date: Option<NaiveDate>,
    /// A note.
    pub note: Option<String>,
    /// Who recorded it last: a username or client name; `null` while nothing was recorded.
    pub updated_by: Option<String>,
    /// Who, as a stable reference (`user:<uuid>`, `client:<uuid>`).
    pub updated_by_id: Option<String>,
    /// When; `null` while nothing was recorded.
    pub updated_at: Option<DateTime<Utc>>,
}

impl ItemProgressResponse {
    /// The progress of an item, open when nothing was recorded.
    pub fn of(record: Option<&ProgressRecord>) -> Self {
        match record {
            Some(r) => ItemProgressResponse {
                status: r.data.status.into(),
                evidence_reference: r.data.evidence_reference.clone(),
                evidence_date: r.data.evidence_date,
                note: r.data.note.clone(),
                updated_by: Some(r.updated_by.name.clone()),
                updated_by_id: Some(r.updated_by.id.clone()),
                updated_at: Some(r.updated_at),
            },
            None => ItemProgressResponse {
                status: ProgressStatus::Open.into(),
                evidence_reference: None,
                evidence_date: None,
                note: None,
                updated_by: None,
                updated_by_id: None,
                updated_at: None,
            },
        }
    }
}

/// One item: what to do or know, why, by when, from which source, and the progress on it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChecklistItemResponse {
    /// Stable key: progress is kept by it when the checklist is regenerated.
    #[schema(example = "document:hiv_certificate")]
    pub key: String,
    /// What the item is.
    pub kind: ItemKindName,
    /// A short title.
    pub title: String,
    /// Why, and what exactly.
    pub explanation: String,
    /// The source of the underlying rule; `null` for an unknown.
    pub source: Option<String>,
    /// How sure the underlying rule is; `null` when no rule applies.
    pub fact_status: Option<FactStatusName>,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// The progress recorded.
    #[serde(flatten)]
    pub progress: ItemProgressResponse,
}

impl ChecklistItemResponse {
    /// An item with the progress recorded on its key.
    pub fn new(item: &ChecklistItem, progress: Option<&ProgressRecord>) -> Self {
        ChecklistItemResponse {
            key: item.key.clone(),
            kind: item.kind.into(),
            title: item.title.clone(),
            explanation: item.explanation.clone(),
            source: item.source.clone(),
            fact_status: item.status.map(Into::into),
            due: item.due,
            progress: ItemProgressResponse::of(progress),
        }
    }
}

/// Something to act on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertResponse {
    /// Why.
    pub kind: AlertKindName,
    /// The checklist item.
    pub item_key: String,
    /// The item's title.
    pub title: String,
    /// The item's due date.
    pub due: Option<NaiveDate>,
}

impl From<Alert> for AlertResponse {
    fn from(alert: Alert) -> Self {
        AlertResponse { kind: alert.kind.into(), item_key: alert.item_key, title: alert.title, due: alert.due }
    }
}

/// A mobility's visa and insurance checklist, generated from the rules valid on its dates,
/// with the progress recorded on each item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChecklistResponse {
    /// The mobility.
    pub mobility_id: Uuid,
    /// The facts the checklist was generated from.
    pub facts: ChecklistFacts,
    /// Whether a visa is required.
    pub visa_required: bool,
    /// The visa decision.
    pub visa: VisaDecision,
    /// Whether some mandatory insurance cover is not provided automatically: the participant
    /// must be told and must arrange `covers_to_arrange`.
    pub insurance_not_automatic: bool,
    /// The covers the participant must arrange (or confirm).
    pub covers_to_arrange: Vec<CoverTypeName>,
    /// Each insurance cover and how it is obtained.
    pub covers: Vec<CoverResponse>,
    /// Whether some rule is missing (an `unknown` item says what to check).
    pub has_unknowns: bool,
    /// Every item, visa first.
    pub items: Vec<ChecklistItemResponse>,
    /// What needs action today (open items overdue or due within `within_days`, insurance to
    /// arrange, unknown rules).
    pub alerts: Vec<AlertResponse>,
}

impl ChecklistResponse {
    /// Assembles the response.
    pub fn new(
        mobility: MobilityId,
        facts: &MobilityFacts,
        checklist: &Checklist,
        progress: &[ProgressRecord],
        alerts: Vec<Alert>,
    ) -> Self {
        let by_key: HashMap<&str, &ProgressRecord> = progress.iter().map(|p| (p.item_key.as_str(), p)).collect();
        ChecklistResponse {
            mobility_id: mobility.as_uuid(),
            facts: facts.into(),
            visa_required: checklist.visa_required(),
            visa: VisaDecision::of(&checklist.visa),
            insurance_not_automatic: checklist.insurance_not_automatic(),
            covers_to_arrange: checklist.covers_to_arrange().into_iter().map(Into::into).collect(),
            covers: checklist.insurance.covers.iter().map(CoverResponse::of).collect(),
            has_unknowns: checklist.has_unknowns(),
            items: checklist
                .items()
                .map(|i| ChecklistItemResponse::new(i, by_key.get(i.key.as_str()).copied()))
                .collect(),
            alerts: alerts.into_iter().map(Into::into).collect(),
        }
    }
}

/// What a mobility shows of its checklist: whether the participant must be told to arrange
/// insurance, and which covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChecklistSummary {
    /// Whether a visa is required.
    pub visa_required: bool,
    /// Whether some mandatory insurance cover is not provided automatically: tell the
    /// participant to arrange `covers_to_arrange`.
    pub insurance_not_automatic: bool,
    /// The covers the participant must arrange (or confirm).
    pub covers_to_arrange: Vec<CoverTypeName>,
    /// Whether some rule is missing.
    pub has_unknowns: bool,
    /// How many alerts the checklist raises today (see `GET /mobilities/{id}/checklist`).
    pub alerts: usize,
}

impl ChecklistSummary {
    /// The summary of a generated checklist and its alerts.
    pub fn new(checklist: &Checklist, alerts: usize) -> Self {
        ChecklistSummary {
            visa_required: checklist.visa_required(),
            insurance_not_automatic: checklist.insurance_not_automatic(),
            covers_to_arrange: checklist.covers_to_arrange().into_iter().map(Into::into).collect(),
            has_unknowns: checklist.has_unknowns(),
            alerts,
        }
    }
}

/// Progress to record on an item: a JSON Merge Patch over these fields of the item.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ItemProgressInput {
    /// Where the item stands.
    pub status: ProgressStatusName,
    /// A document reference (file id, URL, policy number); at most 500 characters.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::single_line"))]
    pub evidence_reference: Option<String>,
    /// The evidence's date.
    #[serde(default)]
    pub evidence_date: Option<NaiveDate>,
    /// A note; at most 2,000 characters.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub note: Option<String>,
}
