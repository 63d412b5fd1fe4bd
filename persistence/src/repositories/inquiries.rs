//! Inquiries: list by who may see them, find, create with the first message, and the thread
//! (messages, hand-overs); changes in `inquiries/changes.rs`.

pub mod changes;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use iro_domain::inquiry::{
    AnswerDue, Asker, Handover, Inquiry, InquiryFacts, InquiryMessage, InquiryStatus, NewInquiry, Team, Topic,
};
use iro_domain::{Direction, InquiryId, UserId};

use crate::models::db_time;
use crate::models::inquiry::{HandoverRow, InquiryRow, MessageRow};
use crate::schema::{inquiries, inquiry_handovers, inquiry_messages, mobilities, people};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Which inquiries a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InquiryScope {
    /// Those routed to this team (its members).
    Team(Team),
    /// Those this account asked.
    Asker(UserId),
}

/// Filters of the inquiry list.
#[derive(Debug, Clone)]
pub struct InquiryFilter {
    /// Who may be seen.
    pub scope: InquiryScope,
    /// Only this topic.
    pub topic: Option<Topic>,
    /// Only this status.
    pub status: Option<InquiryStatus>,
    /// Only those routed to this team.
    pub team: Option<Team>,
    /// Only those assigned to this account.
    pub assignee: Option<UserId>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
    /// Only those without a first answer, not closed, whose due day is before this day
    /// (overdue on it).
    pub overdue_on: Option<NaiveDate>,
}

/// Lists inquiries ordered by id.
pub fn list(conn: &mut DbConnection, filter: &InquiryFilter, page: &PageRequest) -> Result<Page<Inquiry>, RepoError> {
    let mut query = inquiries::table.select(InquiryRow::as_select()).order(inquiries::id.asc()).into_boxed();
    query = match &filter.scope {
        InquiryScope::Team(team) => query.filter(inquiries::team.eq(team.as_str())),
        InquiryScope::Asker(user) => query.filter(inquiries::asker_user_id.eq(user.to_string())),
    };
    if let Some(topic) = filter.topic {
        query = query.filter(inquiries::topic.eq(topic.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(inquiries::status.eq(status.as_str()));
    }
    if let Some(team) = filter.team {
        query = query.filter(inquiries::team.eq(team.as_str()));
    }
    if let Some(assignee) = filter.assignee {
        query = query.filter(inquiries::assignee_user_id.eq(assignee.to_string()));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(inquiries::updated_at.ge(db_time(since)));
    }
    if let Some(day) = filter.overdue_on {
        query = query
            .filter(inquiries::first_answer_at.is_null())
            .filter(inquiries::status.ne(InquiryStatus::Closed.as_str()))
            .filter(inquiries::answer_due_on.lt(day));
    }
    if let Some(after) = &page.after {
        query = query.filter(inquiries::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<InquiryRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Inquiry::try_from)
}

/// Finds an inquiry.
pub fn find(conn: &mut DbConnection, id: InquiryId) -> Result<Inquiry, RepoError> {
    inquiries::table.find(id.to_string()).select(InquiryRow::as_select()).first::<InquiryRow>(conn)?.try_into()
}

/// The stored hash of a prospective student's access token (none for an account's inquiry).
pub fn access_token_hash(conn: &mut DbConnection, id: InquiryId) -> Result<Option<String>, RepoError> {
    Ok(inquiries::table.find(id.to_string()).select(inquiries::access_token_hash).first(conn)?)
}

/// Whether the account is linked to a person with an incoming mobility: such an asker counts
/// as incoming in the statistics.
pub fn account_has_incoming_mobility(conn: &mut DbConnection, user: UserId) -> Result<bool, RepoError> {
    let count: i64 = mobilities::table
        .inner_join(people::table)
        .filter(people::user_id.eq(user.to_string()))
        .filter(mobilities::direction.eq(Direction::Incoming.as_str()))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Stores a new inquiry, routed to its topic's team, with the question as its first message.
/// `token_hash` is the hash of a prospective student's access token.
pub fn insert(
    conn: &mut DbConnection,
    new: &NewInquiry,
    token_hash: Option<&str>,
    due: AnswerDue,
    now: DateTime<Utc>,
) -> Result<Inquiry, RepoError> {
    let id = InquiryId::generate();
    let (user, name, email) = match &new.asker {
        Asker::Account(user) => (Some(user.to_string()), None, None),
        Asker::Prospective { name, email } => (None, name.clone(), email.clone()),
    };
    diesel::insert_into(inquiries::table)
        .values((
            inquiries::id.eq(id.to_string()),
            inquiries::topic.eq(new.topic.as_str()),
            inquiries::team.eq(new.topic.team().as_str()),
            inquiries::status.eq(InquiryStatus::Open.as_str()),
            inquiries::subject.eq(&new.subject),
            inquiries::asker_user_id.eq(&user),
            inquiries::asker_name.eq(name),
            inquiries::asker_email.eq(email),
            inquiries::asker_incoming.eq(new.incoming),
            inquiries::access_token_hash.eq(token_hash),
            inquiries::answer_due_on.eq(due.due_on),
            inquiries::version.eq(1),
            inquiries::created_at.eq(db_time(now)),
            inquiries::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    insert_message(conn, id, user, false, &new.message, now)?;
    find(conn, id)
}

/// Appends a message row.
pub(crate) fn insert_message(
    conn: &mut DbConnection,
    id: InquiryId,
    author: Option<String>,
    from_team: bool,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), RepoError> {
    diesel::insert_into(inquiry_messages::table)
        .values((
            inquiry_messages::id.eq(uuid::Uuid::now_v7().to_string()),
            inquiry_messages::inquiry_id.eq(id.to_string()),
            inquiry_messages::author_user_id.eq(author),
            inquiry_messages::from_team.eq(from_team),
            inquiry_messages::body.eq(body),
            inquiry_messages::created_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The thread of an inquiry, oldest first.
pub fn messages(conn: &mut DbConnection, id: InquiryId) -> Result<Vec<InquiryMessage>, RepoError> {
    inquiry_messages::table
        .filter(inquiry_messages::inquiry_id.eq(id.to_string()))
        .order(inquiry_messages::id.asc())
        .select(MessageRow::as_select())
        .load::<MessageRow>(conn)?
        .into_iter()
        .map(InquiryMessage::try_from)
        .collect()
}

/// The hand-overs of an inquiry, oldest first.
pub fn handovers(conn: &mut DbConnection, id: InquiryId) -> Result<Vec<Handover>, RepoError> {
    inquiry_handovers::table
        .filter(inquiry_handovers::inquiry_id.eq(id.to_string()))
        .order(inquiry_handovers::id.asc())
        .select(HandoverRow::as_select())
        .load::<HandoverRow>(conn)?
        .into_iter()
        .map(Handover::try_from)
        .collect()
}

/// The statistics' facts of every inquiry created in `[from, to)`.
pub fn facts_between(
    conn: &mut DbConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<InquiryFacts>, RepoError> {
    inquiries::table
        .filter(inquiries::created_at.ge(db_time(from)))
        .filter(inquiries::created_at.lt(db_time(to)))
        .select(InquiryRow::as_select())
        .load::<InquiryRow>(conn)?
        .into_iter()
        .map(|row| {
            let inquiry = Inquiry::try_from(row)?;
            Ok(InquiryFacts {
                topic: inquiry.topic,
                status: inquiry.status,
                incoming: inquiry.incoming,
                created_at: inquiry.created_at,
                first_answer_at: inquiry.first_answer_at,
                due: inquiry.due,
            })
        })
        .collect()
}
