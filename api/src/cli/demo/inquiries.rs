//! Demo inquiries: questions of incoming students from Lipetsk, written before they arrive —
//! one on the visa the office answered, one on a dormitory still open (and overdue), and one on
//! student life the Student Organization answered.

use chrono::{Duration, Utc};
use iro_domain::UserId;
use iro_domain::inquiry::{AnswerDue, Asker, InquiryStatus, NewInquiry, Topic};
use iro_persistence::repositories::inquiries::{self, changes};
use iro_persistence::{DbConnection, RepoError};

use crate::auth::password;
use crate::auth::password::secret_digest;

/// (topic, subject, question, name, e-mail, answer).
type DemoInquiry = (Topic, &'static str, &'static str, &'static str, &'static str, Option<&'static str>);

const INQUIRIES: [DemoInquiry; 3] = [
    (
        Topic::Visa,
        "Visa for the summer semester",
        "Good afternoon! I am coming from Lipetsk State University for the summer semester. Do I need a visa \
         for North Macedonia, and which documents does the embassy want?",
        "Dmitry Sokolov",
        "d.sokolov@example.ru",
        Some(
            "Citizens of the Russian Federation need a visa (type D) for a stay of a semester. Apply at the \
             embassy in Moscow with the acceptance letter we send, proof of insurance and of means; your \
             checklist in iro lists every step.",
        ),
    ),
    (
        Topic::Accommodation,
        "A room in a student dormitory",
        "Hello, is there a place in a student dormitory for exchange students, and how much does it cost a month?",
        "Anastasia Volkova",
        "a.volkova@example.ru",
        None,
    ),
    (
        Topic::StudentLife,
        "Buddy programme and sports",
        "Hi! Is there a buddy programme for incoming students, and can I join a volleyball team?",
        "Maria Kuznetsova",
        "m.kuznetsova@example.ru",
        Some("Yes to both! Every incoming student gets a buddy from us; volleyball trains on Tuesdays at 18:00."),
    ),
];

/// Loads the demo inquiries; the office's answers are `officer`'s, student-life answers the
/// Student Organization's (`organization`). Returns how many.
pub fn load(conn: &mut DbConnection, officer: UserId, organization: UserId, days: u32) -> Result<usize, RepoError> {
    for (i, (topic, subject, question, name, email, answer)) in INQUIRIES.into_iter().enumerate() {
        // A week or so ago, so the open one is past its due day and shows in the alerts.
        let asked = Utc::now() - Duration::days(8 - i64::try_from(i).unwrap_or(0));
        let new = NewInquiry {
            topic,
            subject: subject.to_owned(),
            message: question.to_owned(),
            asker: Asker::Prospective { name: Some(name.to_owned()), email: Some(email.to_owned()) },
            incoming: true,
        };
        // Nobody knows these tokens: the demo students read nothing; the teams do.
        let hash = secret_digest(&password::random_secret());
        let inquiry = inquiries::insert(conn, &new, Some(&hash), AnswerDue::of(asked, days), asked)?;
        if let Some(answer) = answer {
            let by =
                if topic.team() == iro_domain::inquiry::Team::StudentOrganization { organization } else { officer };
            let at = asked + Duration::hours(20);
            changes::add_message(conn, &inquiry, Some(by), true, answer, InquiryStatus::Answered, at)?;
        }
    }
    Ok(INQUIRIES.len())
}
