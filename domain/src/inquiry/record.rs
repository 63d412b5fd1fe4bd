//! An inquiry as stored: who asked, about what, which team answers, and its thread.

use chrono::{DateTime, Utc};

use super::{AnswerDue, InquiryStatus, Team, Topic};
use crate::{InquiryId, UserId};

/// Who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asker {
    /// A signed-in account (an incoming participant).
    Account(UserId),
    /// A prospective student without an account, who reads the thread with a secret access
    /// token. Name and e-mail are `None` once erased.
    Prospective {
        /// How they signed.
        name: Option<String>,
        /// Where answers are sent.
        email: Option<String>,
    },
}

/// A new inquiry, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInquiry {
    /// What it is about (chooses the team).
    pub topic: Topic,
    /// One line saying what the question is.
    pub subject: String,
    /// The question itself, the thread's first message.
    pub message: String,
    /// Who asks.
    pub asker: Asker,
    /// Whether the asker counts as incoming in the statistics.
    pub incoming: bool,
}

/// A stored inquiry, without its thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inquiry {
    /// Id.
    pub id: InquiryId,
    /// Topic.
    pub topic: Topic,
    /// The team answering now.
    pub team: Team,
    /// Where it stands.
    pub status: InquiryStatus,
    /// One-line subject.
    pub subject: String,
    /// Who asked.
    pub asker: Asker,
    /// Incoming asker (statistics).
    pub incoming: bool,
    /// The team member it is assigned to.
    pub assignee: Option<UserId>,
    /// The first answer's deadline.
    pub due: AnswerDue,
    /// When the team first answered.
    pub first_answer_at: Option<DateTime<Utc>>,
    /// When the asker's personal data was erased.
    pub anonymised_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed (a message, a status change, a hand-over, an assignment).
    pub updated_at: DateTime<Utc>,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InquiryMessage {
    /// The author's account; `None` for a prospective student.
    pub author: Option<UserId>,
    /// Whether the answering team wrote it (else the asker).
    pub from_team: bool,
    /// The text; empty once erased.
    pub body: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A hand-over of an inquiry from one team to the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// The team that had it.
    pub from: Team,
    /// The team that has it since.
    pub to: Team,
    /// Why.
    pub reason: String,
    /// Who handed it over.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}
