//! `inquiries`, `inquiry_messages` and `inquiry_handovers` rows and their mapping to
//! `iro_domain::inquiry`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use iro_domain::inquiry::{AnswerDue, Asker, Handover, Inquiry, InquiryMessage, InquiryStatus, Team, Topic};
use iro_domain::{InquiryId, UserId};

use crate::RepoError;
use crate::models::{corrupt, utc, version};
use crate::schema::{inquiries, inquiry_handovers, inquiry_messages};

/// A row of `inquiries` (the access token's hash is read on its own, never with the row).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inquiries)]
pub struct InquiryRow {
    /// Id.
    pub id: String,
    /// Topic wire name.
    pub topic: String,
    /// Team wire name.
    pub team: String,
    /// Status wire name.
    pub status: String,
    /// Subject line.
    pub subject: String,
    /// The asking account.
    pub asker_user_id: Option<String>,
    /// A prospective student's name.
    pub asker_name: Option<String>,
    /// A prospective student's e-mail.
    pub asker_email: Option<String>,
    /// Incoming asker.
    pub asker_incoming: bool,
    /// Assigned team member.
    pub assignee_user_id: Option<String>,
    /// Last day of the first answer.
    pub answer_due_on: NaiveDate,
    /// First answer (UTC).
    pub first_answer_at: Option<NaiveDateTime>,
    /// Erased (UTC).
    pub anonymised_at: Option<NaiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

fn user(what: &str, raw: Option<&str>) -> Result<Option<UserId>, RepoError> {
    raw.map(UserId::parse).transpose().map_err(corrupt(what))
}

impl TryFrom<InquiryRow> for Inquiry {
    type Error = RepoError;

    fn try_from(row: InquiryRow) -> Result<Self, Self::Error> {
        let asker = match user("asker", row.asker_user_id.as_deref())? {
            Some(account) => Asker::Account(account),
            None => Asker::Prospective { name: row.asker_name, email: row.asker_email },
        };
        Ok(Inquiry {
            id: InquiryId::parse(&row.id).map_err(corrupt("inquiry id"))?,
            topic: Topic::parse(&row.topic).map_err(corrupt("topic"))?,
            team: Team::parse(&row.team).map_err(corrupt("team"))?,
            status: InquiryStatus::parse(&row.status).map_err(corrupt("status"))?,
            subject: row.subject,
            asker,
            incoming: row.asker_incoming,
            assignee: user("assignee", row.assignee_user_id.as_deref())?,
            due: AnswerDue { due_on: row.answer_due_on },
            first_answer_at: row.first_answer_at.map(utc),
            anonymised_at: row.anonymised_at.map(utc),
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// A row of `inquiry_messages`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inquiry_messages)]
pub struct MessageRow {
    /// Author account.
    pub author_user_id: Option<String>,
    /// Written by the team.
    pub from_team: bool,
    /// Text.
    pub body: String,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

impl TryFrom<MessageRow> for InquiryMessage {
    type Error = RepoError;

    fn try_from(row: MessageRow) -> Result<Self, Self::Error> {
        Ok(InquiryMessage {
            author: user("author", row.author_user_id.as_deref())?,
            from_team: row.from_team,
            body: row.body,
            created_at: utc(row.created_at),
        })
    }
}

/// A row of `inquiry_handovers`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inquiry_handovers)]
pub struct HandoverRow {
    /// From team.
    pub from_team: String,
    /// To team.
    pub to_team: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub by_user_id: String,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

impl TryFrom<HandoverRow> for Handover {
    type Error = RepoError;

    fn try_from(row: HandoverRow) -> Result<Self, Self::Error> {
        Ok(Handover {
            from: Team::parse(&row.from_team).map_err(corrupt("from team"))?,
            to: Team::parse(&row.to_team).map_err(corrupt("to team"))?,
            reason: row.reason,
            by: UserId::parse(&row.by_user_id).map_err(corrupt("handed over by"))?,
            at: utc(row.created_at),
        })
    }
}
