//! Changes to an inquiry, each checked against the version it was based on: a message (and
//! the status it leads to), a status change, a hand-over, an assignment, the erasure of the
//! asker's personal data. Callers run them in a write transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::inquiry::{Handover, Inquiry, InquiryStatus};
use iro_domain::{InquiryId, UserId};

use super::{find, insert_message};
use crate::models::db_time;
use crate::schema::{inquiries, inquiry_handovers, inquiry_messages};
use crate::{DbConnection, RepoError};

/// Claims the change of `id` at version `expected`: bumps the version and `updated_at`, or
/// fails `Stale` (`NotFound` when it does not exist). The bump takes the row's write lock, so
/// the rest of the change runs on the version it was checked against.
fn claim(conn: &mut DbConnection, id: InquiryId, expected: u32, now: DateTime<Utc>) -> Result<(), RepoError> {
    let expected = i32::try_from(expected).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        inquiries::table.filter(inquiries::id.eq(id.to_string())).filter(inquiries::version.eq(expected)),
    )
    .set((inquiries::version.eq(inquiries::version + 1), inquiries::updated_at.eq(db_time(now))))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    Ok(())
}

/// Adds a message and moves the inquiry to `status`. A team's message that makes it
/// `answered` is an answer: the first one is recorded as the time of the first answer (a note
/// on closing is not).
pub fn add_message(
    conn: &mut DbConnection,
    current: &Inquiry,
    author: Option<UserId>,
    from_team: bool,
    body: &str,
    status: InquiryStatus,
    now: DateTime<Utc>,
) -> Result<Inquiry, RepoError> {
    claim(conn, current.id, current.version, now)?;
    insert_message(conn, current.id, author.map(|a| a.to_string()), from_team, body, now)?;
    let first_answer = if from_team && status == InquiryStatus::Answered {
        current.first_answer_at.or(Some(now))
    } else {
        current.first_answer_at
    };
    diesel::update(inquiries::table.find(current.id.to_string()))
        .set((inquiries::status.eq(status.as_str()), inquiries::first_answer_at.eq(first_answer.map(db_time))))
        .execute(conn)?;
    find(conn, current.id)
}

/// Sets the status (close, reopen).
pub fn set_status(
    conn: &mut DbConnection,
    current: &Inquiry,
    status: InquiryStatus,
    now: DateTime<Utc>,
) -> Result<Inquiry, RepoError> {
    claim(conn, current.id, current.version, now)?;
    diesel::update(inquiries::table.find(current.id.to_string()))
        .set(inquiries::status.eq(status.as_str()))
        .execute(conn)?;
    find(conn, current.id)
}

/// Hands the inquiry over to `handover.to`, recording who, when, from, to and why; the
/// assignment is cleared (the assignee belongs to the other team).
pub fn hand_over(conn: &mut DbConnection, current: &Inquiry, handover: &Handover) -> Result<Inquiry, RepoError> {
    claim(conn, current.id, current.version, handover.at)?;
    diesel::insert_into(inquiry_handovers::table)
        .values((
            inquiry_handovers::id.eq(uuid::Uuid::now_v7().to_string()),
            inquiry_handovers::inquiry_id.eq(current.id.to_string()),
            inquiry_handovers::from_team.eq(handover.from.as_str()),
            inquiry_handovers::to_team.eq(handover.to.as_str()),
            inquiry_handovers::reason.eq(&handover.reason),
            inquiry_handovers::by_user_id.eq(handover.by.to_string()),
            inquiry_handovers::created_at.eq(db_time(handover.at)),
        ))
        .execute(conn)?;
    diesel::update(inquiries::table.find(current.id.to_string()))
        .set((inquiries::team.eq(handover.to.as_str()), inquiries::assignee_user_id.eq(None::<String>)))
        .execute(conn)?;
    find(conn, current.id)
}

/// Assigns the inquiry to a team member, or to nobody.
pub fn assign(
    conn: &mut DbConnection,
    current: &Inquiry,
    assignee: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Inquiry, RepoError> {
    claim(conn, current.id, current.version, now)?;
    diesel::update(inquiries::table.find(current.id.to_string()))
        .set(inquiries::assignee_user_id.eq(assignee.map(|a| a.to_string())))
        .execute(conn)?;
    find(conn, current.id)
}

/// Erases a prospective student's name and e-mail and the access token, and blanks every
/// message the asker wrote (the team's answers and all counts and times stay, so statistics
/// do not change). Erasing twice changes nothing more.
pub fn anonymise(conn: &mut DbConnection, current: &Inquiry, now: DateTime<Utc>) -> Result<Inquiry, RepoError> {
    claim(conn, current.id, current.version, now)?;
    diesel::update(inquiries::table.find(current.id.to_string()))
        .set((
            inquiries::asker_name.eq(None::<String>),
            inquiries::asker_email.eq(None::<String>),
            inquiries::access_token_hash.eq(Some(ERASED_TOKEN)),
            inquiries::anonymised_at.eq(Some(db_time(current.anonymised_at.unwrap_or(now)))),
        ))
        .execute(conn)?;
    diesel::update(
        inquiry_messages::table
            .filter(inquiry_messages::inquiry_id.eq(current.id.to_string()))
            .filter(inquiry_messages::from_team.eq(false)),
    )
    .set(inquiry_messages::body.eq(""))
    .execute(conn)?;
    find(conn, current.id)
}

/// What replaces an erased access token's hash: no token hashes to it, so the link stops
/// working, while the row still says it was a prospective student's (the asker check).
const ERASED_TOKEN: &str = "erased";
