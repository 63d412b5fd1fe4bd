//! Demo outreach events: the information meeting for the outgoing students and staff of
//! 2026/2027, and the welcome day of the April group from Lipetsk, each with its invitations. Places, links and
//! capacities are demo values.

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::event::audience::Audience;
use iro_domain::event::{EventData, EventKind, EventStatus, Material, TimeZoneName};
use iro_domain::{AcademicYear, LanguageTag, UnitId};
use iro_persistence::repositories::events::{self, invitations};
use iro_persistence::{DbConnection, RepoError};

use super::invalid_demo;

fn at(text: &str) -> Result<DateTime<Utc>, RepoError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(invalid_demo)
}

fn language(tag: &str) -> Result<LanguageTag, RepoError> {
    LanguageTag::parse(tag).map_err(invalid_demo)
}

/// Loads the demo events, both published, with their invitations drawn from the demo
/// mobilities (the nominated outgoing of 2026/2027; the Lipetsk group arriving in April); the
/// info meeting is organised by FINKI (`finki`). Returns how many events.
pub fn load(conn: &mut DbConnection, finki: Option<UnitId>) -> Result<usize, RepoError> {
    let info = EventData {
        kind: EventKind::InfoMeeting,
        title_en: "Exchange 2026/2027: information meeting for nominated students and staff".to_owned(),
        title_mk: "Размена 2026/2027: информативна средба за номинираните студенти и вработени".to_owned(),
        unit_id: finki,
        starts_at: at("2026-12-15T12:00:00+01:00")?,
        ends_at: at("2026-12-15T14:00:00+01:00")?,
        time_zone: TimeZoneName::office(),
        place: Some("FINKI, Amphitheatre 1 (demo)".to_owned()),
        online_link: Some("https://meet.example.org/iro-info-2026".to_owned()),
        language: language("mk")?,
        capacity: Some(80),
        audience: Some("Outgoing students and staff nominated for 2026/2027".to_owned()),
        agenda: Some(
            "12:00 Welcome\n12:15 Before departure: learning agreement, visa, insurance\n13:00 Experiences of \
             returned students\n13:30 Questions"
                .to_owned(),
        ),
        speakers: vec![
            "Elena Stojanovska, International Relations Office".to_owned(),
            "Goran Velinov, FINKI".to_owned(),
        ],
        materials: vec![Material {
            name: "Slides (demo)".to_owned(),
            link: "https://iro.example.org/info-2026-2027.pdf".to_owned(),
        }],
    };
    let welcome = EventData {
        kind: EventKind::WelcomeDay,
        title_en: "Welcome day for the students from Lipetsk".to_owned(),
        title_mk: "Ден на добредојде за студентите од Липецк".to_owned(),
        unit_id: None,
        starts_at: at("2027-04-02T10:00:00+02:00")?,
        ends_at: at("2027-04-02T15:00:00+02:00")?,
        time_zone: TimeZoneName::office(),
        place: Some("Rectorate, Bul. Goce Delčev 9, Skopje (demo)".to_owned()),
        online_link: None,
        language: language("en")?,
        capacity: Some(30),
        audience: Some("The incoming group from Lipetsk State University, summer semester 2026/2027".to_owned()),
        agenda: Some(
            "10:00 Welcome at the Rectorate\n11:00 Residence registration and insurance\n12:30 Lunch\n13:30 Walk \
             through the old bazaar"
                .to_owned(),
        ),
        speakers: vec!["International Relations Office".to_owned(), "Student Organization buddies".to_owned()],
        materials: vec![],
    };
    let year = AcademicYear::parse("2026/2027").map_err(invalid_demo)?;
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(invalid_demo);
    let audiences = [
        Audience::NominatedOutgoing { year, unit: None, partner_country: None },
        Audience::Incoming { from: day("2027-03-15")?, to: day("2027-04-15")? },
    ];
    let now = Utc::now();
    let mut count = 0;
    for (data, audience) in [info, welcome].into_iter().zip(audiences) {
        let event = events::insert(conn, &data, now)?;
        events::set_status(conn, event.id, event.version, EventStatus::Published, None, now)?;
        let people = invitations::candidates(conn, &audience)?;
        invitations::add_missing(conn, event.id, &people, now)?;
        count += 1;
    }
    Ok(count)
}
