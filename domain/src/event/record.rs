//! An event as stored: what it is, when and where, for whom, and the rules its data keeps.

use chrono::{DateTime, Utc};

use super::{EventKind, EventStatus, TimeZoneName};
use crate::{EventId, LanguageTag, UnitId};

/// A document or slide deck of an event: a name and where to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Material {
    /// What it is.
    pub name: String,
    /// Where it is (a URL).
    pub link: String,
}

/// What a client writes of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventData {
    /// Its kind.
    pub kind: EventKind,
    /// The title in English.
    pub title_en: String,
    /// The title in Macedonian.
    pub title_mk: String,
    /// The organising unit; `None` for the office itself.
    pub unit_id: Option<UnitId>,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// The zone its local times are read in.
    pub time_zone: TimeZoneName,
    /// Where (a hall, an address).
    pub place: Option<String>,
    /// The link of an online event.
    pub online_link: Option<String>,
    /// The language it is held in.
    pub language: LanguageTag,
    /// The seats; `None` for no limit.
    pub capacity: Option<u32>,
    /// Whom it is for, in words.
    pub audience: Option<String>,
    /// The programme.
    pub agenda: Option<String>,
    /// Who speaks.
    pub speakers: Vec<String>,
    /// Documents and slides.
    pub materials: Vec<Material>,
}

/// Why an event's data is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventDataError {
    /// It must end after it starts.
    #[error("ends_at ({ends_at}) must be after starts_at ({starts_at})")]
    EndsBeforeStart {
        /// The start.
        starts_at: DateTime<Utc>,
        /// The end.
        ends_at: DateTime<Utc>,
    },
    /// People must know where to go: a place, an online link, or both.
    #[error("an event needs a place or an online_link")]
    NowhereToGo,
}

impl EventDataError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            EventDataError::EndsBeforeStart { .. } => "ends_before_start",
            EventDataError::NowhereToGo => "place_required",
        }
    }

    /// The field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            EventDataError::EndsBeforeStart { .. } => "ends_at",
            EventDataError::NowhereToGo => "place",
        }
    }
}

impl EventData {
    /// Checks the rules across fields.
    pub fn check(&self) -> Result<(), EventDataError> {
        if self.ends_at <= self.starts_at {
            return Err(EventDataError::EndsBeforeStart { starts_at: self.starts_at, ends_at: self.ends_at });
        }
        if self.place.is_none() && self.online_link.is_none() {
            return Err(EventDataError::NowhereToGo);
        }
        Ok(())
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Id.
    pub id: EventId,
    /// Its data.
    pub data: EventData,
    /// Where it stands.
    pub status: EventStatus,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Version, bumped by every change.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn data() -> EventData {
        EventData {
            kind: EventKind::InfoMeeting,
            title_en: "Info meeting".into(),
            title_mk: "Инфо средба".into(),
            unit_id: None,
            starts_at: Utc.with_ymd_and_hms(2026, 12, 10, 11, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 10, 13, 0, 0).unwrap(),
            time_zone: TimeZoneName::office(),
            place: Some("Hall 1".into()),
            online_link: None,
            language: LanguageTag::parse("mk").unwrap(),
            capacity: Some(40),
            audience: None,
            agenda: None,
            speakers: vec![],
            materials: vec![],
        }
    }

    #[test]
    fn an_event_ends_after_it_starts_and_has_somewhere_to_go() {
        assert_eq!(data().check(), Ok(()));
        let mut d = data();
        d.ends_at = d.starts_at;
        assert_eq!(d.check().unwrap_err().code(), "ends_before_start");
        let mut d = data();
        d.place = None;
        assert_eq!(d.check(), Err(EventDataError::NowhereToGo));
        d.online_link = Some("https://meet.example.org/x".into());
        assert_eq!(d.check(), Ok(()));
    }
}
