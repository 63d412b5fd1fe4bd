//! An inquiry's request and response bodies.

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::inquiry::{Asker, Handover, Inquiry, InquiryMessage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::super::vocabulary::{InquiryStatusName, TeamName, TopicName};
use crate::http::validation::{rules, trim};

/// A new question. Without a token (a prospective student) `email` is required and `name`
/// welcome; a signed-in asker sends neither (their account says who they are).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "topic": "accommodation",
    "subject": "Dormitory for the winter semester",
    "message": "Hello, I come from Lipetsk for the winter semester. Can I get a room in a student dormitory, and what does it cost?",
    "name": "Ivan Petrov",
    "email": "ivan.petrov@example.ru"
}))]
pub struct InquiryInput {
    /// What the question is about.
    pub topic: TopicName,
    /// One line saying what it is about (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "say in a line what the question is about"),
        custom(function = "rules::single_line")
    )]
    pub subject: String,
    /// The question (1–5,000 characters; line breaks allowed).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(
        length(max = 5000),
        custom(function = "rules::required", message = "write the question"),
        custom(function = "rules::multiline")
    )]
    pub message: String,
    /// A prospective student's name (up to 200 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub name: Option<String>,
    /// A prospective student's e-mail address, where answers are announced (required without
    /// a token).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(format = Email, max_length = 254)]
    #[validate(length(max = 254), custom(function = "rules::email"))]
    pub email: Option<String>,
}

/// A message of a thread: an answer of the team, or a follow-up of the asker.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"body": "Yes: the Goce Delčev dormitory has rooms for exchange students; a bed costs about 30 EUR a month."}))]
pub struct MessageInput {
    /// The text (1–5,000 characters; line breaks allowed).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(
        length(max = 5000),
        custom(function = "rules::required", message = "write the message"),
        custom(function = "rules::multiline")
    )]
    pub body: String,
}

/// Who asked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AskerResponse {
    /// The asking account (a signed-in participant); `null` for a prospective student.
    pub user_id: Option<Uuid>,
    /// A prospective student's name; `null` when not given or erased.
    pub name: Option<String>,
    /// A prospective student's e-mail; `null` once erased.
    pub email: Option<String>,
    /// Whether the asker counts as incoming in the service statistics.
    pub incoming: bool,
}

/// An inquiry without its thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-b000-7d2a-9f3b-2c4d5e6f7a8b",
    "topic": "accommodation", "team": "office", "status": "open",
    "subject": "Dormitory for the winter semester",
    "asker": {"user_id": null, "name": "Ivan Petrov", "email": "ivan.petrov@example.ru", "incoming": true},
    "assignee_id": null, "answer_due_on": "2026-12-04", "first_answer_at": null, "overdue": false,
    "allowed_transitions": ["closed"], "anonymised_at": null, "version": 1,
    "created_at": "2026-12-01T09:00:00Z", "updated_at": "2026-12-01T09:00:00Z"
}))]
pub struct InquiryResponse {
    /// Opaque id.
    pub id: Uuid,
    /// What it is about.
    pub topic: TopicName,
    /// Who answers it now.
    pub team: TeamName,
    /// Where it stands.
    pub status: InquiryStatusName,
    /// One-line subject.
    pub subject: String,
    /// Who asked.
    pub asker: AskerResponse,
    /// The team member it is assigned to.
    pub assignee_id: Option<Uuid>,
    /// The last day (UTC) of the first answer: the configured working days after arrival.
    pub answer_due_on: NaiveDate,
    /// When the team first answered.
    pub first_answer_at: Option<DateTime<Utc>>,
    /// Whether the first answer is late (none yet, and the due day has passed).
    pub overdue: bool,
    /// Statuses one may set now with `POST …/status`.
    pub allowed_transitions: Vec<InquiryStatusName>,
    /// When the asker's personal data was erased.
    pub anonymised_at: Option<DateTime<Utc>>,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// When it arrived.
    pub created_at: DateTime<Utc>,
    /// Last change (a message, a status change, a hand-over, an assignment).
    pub updated_at: DateTime<Utc>,
}

impl From<Inquiry> for InquiryResponse {
    fn from(i: Inquiry) -> Self {
        let asker = match &i.asker {
            Asker::Account(user) => {
                AskerResponse { user_id: Some(user.as_uuid()), name: None, email: None, incoming: i.incoming }
            }
            Asker::Prospective { name, email } => {
                AskerResponse { user_id: None, name: name.clone(), email: email.clone(), incoming: i.incoming }
            }
        };
        InquiryResponse {
            id: i.id.as_uuid(),
            topic: i.topic.into(),
            team: i.team.into(),
            status: i.status.into(),
            subject: i.subject,
            asker,
            assignee_id: i.assignee.map(|a| a.as_uuid()),
            answer_due_on: i.due.due_on,
            first_answer_at: i.first_answer_at,
            overdue: i.status != iro_domain::inquiry::InquiryStatus::Closed
                && i.due.overdue_at(i.first_answer_at, Utc::now()),
            allowed_transitions: i.status.allowed_next().iter().map(|s| (*s).into()).collect(),
            anonymised_at: i.anonymised_at,
            version: i.version,
            created_at: i.created_at,
            updated_at: i.updated_at,
        }
    }
}

/// One message.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageResponse {
    /// `team` (an answer) or `asker` (the question, a follow-up).
    #[schema(example = "team")]
    pub from: String,
    /// The author's account; `null` for a prospective student.
    pub author_id: Option<Uuid>,
    /// The text; empty once the asker's data was erased.
    pub body: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<InquiryMessage> for MessageResponse {
    fn from(m: InquiryMessage) -> Self {
        MessageResponse {
            from: if m.from_team { "team" } else { "asker" }.to_owned(),
            author_id: m.author.map(|a| a.as_uuid()),
            body: m.body,
            created_at: m.created_at,
        }
    }
}

/// A recorded hand-over between the teams.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HandoverResponse {
    /// The team that had it.
    pub from: TeamName,
    /// The team that has it since.
    pub to: TeamName,
    /// Why.
    pub reason: String,
    /// Who handed it over.
    pub by: Uuid,
    /// When.
    pub at: DateTime<Utc>,
}

impl From<Handover> for HandoverResponse {
    fn from(h: Handover) -> Self {
        HandoverResponse { from: h.from.into(), to: h.to.into(), reason: h.reason, by: h.by.as_uuid(), at: h.at }
    }
}

/// An inquiry with its thread and hand-overs, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InquiryThreadResponse {
    /// The inquiry.
    pub inquiry: InquiryResponse,
    /// The messages, the question first.
    pub messages: Vec<MessageResponse>,
    /// The hand-overs between the teams.
    pub handovers: Vec<HandoverResponse>,
}

/// A created inquiry, with a prospective student's access token.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedInquiryResponse {
    /// The inquiry.
    pub inquiry: InquiryResponse,
    /// For a prospective student (no token): the secret that opens this inquiry, shown only
    /// now; send it in `X-Inquiry-Token`. `null` for a signed-in asker.
    pub access_token: Option<String>,
}
