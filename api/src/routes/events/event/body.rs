//! An event's request and response bodies.

use chrono::{DateTime, Utc};
use iro_domain::event::{DEFAULT_TIME_ZONE, Event, EventData, Material, TimeZoneName};
use iro_domain::{LanguageTag, UnitId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::{Validate, ValidationError};

use super::super::vocabulary::{EventKindName, EventStatusName};
use crate::error::ApiError;
use crate::http::validation::{self, rules, trim};

/// A document or slide deck of an event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MaterialBody {
    /// What it is (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "name the material"),
        custom(function = "rules::single_line")
    )]
    pub name: String,
    /// Where it is: an http(s) URL.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(format = "uri", pattern = r"^https?://", max_length = 2048)]
    #[validate(custom(function = "http_url"))]
    pub link: String,
}

/// An event as a client writes it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "info_meeting",
    "title_en": "Erasmus+ and bilateral exchange 2026/2027: information meeting",
    "title_mk": "Еразмус+ и билатерална размена 2026/2027: информативна средба",
    "unit_id": null,
    "starts_at": "2026-12-10T12:00:00+01:00", "ends_at": "2026-12-10T14:00:00+01:00",
    "time_zone": "Europe/Skopje",
    "place": "Rectorate, Hall 1, Bul. Goce Delčev 9, Skopje", "online_link": null,
    "language": "mk", "capacity": 80,
    "audience": "Nominated outgoing students and staff of 2026/2027",
    "agenda": "12:00 Welcome\n12:15 Before departure: documents, visa, insurance\n13:15 Questions",
    "speakers": ["Erasmus+ institutional coordinator"],
    "materials": [{"name": "Slides", "link": "https://iro.example.org/info-2026.pdf"}]
}))]
pub struct EventInput {
    /// What kind of event.
    pub kind: EventKindName,
    /// The title in English (1–300 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 300)]
    #[validate(
        length(max = 300),
        custom(function = "rules::required", message = "give the English title"),
        custom(function = "rules::single_line")
    )]
    pub title_en: String,
    /// The title in Macedonian (1–300 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 300)]
    #[validate(
        length(max = 300),
        custom(function = "rules::required", message = "give the Macedonian title"),
        custom(function = "rules::single_line")
    )]
    pub title_mk: String,
    /// The organising unit (of our university); `null` for the office itself. Faculty
    /// coordinators organise only their own units' events.
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// Start (RFC 3339 with an offset; stored as an instant).
    pub starts_at: DateTime<Utc>,
    /// End, after the start.
    pub ends_at: DateTime<Utc>,
    /// The IANA time zone its local times are read in (default `Europe/Skopje`); one of the
    /// zones the office's events happen in: Europe/Skopje, Belgrade, Sofia, Tirane, Athens,
    /// Istanbul, Podgorica, Sarajevo, Zagreb, Ljubljana, Vienna, Berlin, Brussels, Paris, Rome,
    /// Madrid, Warsaw, Moscow, or UTC.
    #[serde(default = "default_time_zone")]
    #[schema(example = "Europe/Skopje")]
    pub time_zone: String,
    /// Where (a hall, an address; up to 500 characters). A place, an online link or both.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::single_line"))]
    pub place: Option<String>,
    /// The link of an online (or hybrid) event: an http(s) URL.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(format = "uri", pattern = r"^https?://", max_length = 2048)]
    #[validate(custom(function = "http_url"))]
    pub online_link: Option<String>,
    /// The language it is held in (BCP 47, default `mk`).
    #[serde(default = "default_language")]
    #[schema(example = "mk")]
    pub language: String,
    /// Seats (1–100,000); `null` for no limit. Registrations beyond it join the waiting list.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100000)]
    #[validate(range(min = 1, max = 100000))]
    pub capacity: Option<u32>,
    /// Whom it is for, in words (up to 1,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 1000)]
    #[validate(length(max = 1000), custom(function = "rules::multiline"))]
    pub audience: Option<String>,
    /// The programme (up to 5,000 characters; line breaks allowed).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub agenda: Option<String>,
    /// Who speaks (at most 50 names, each on one line).
    #[serde(default)]
    #[schema(max_items = 50)]
    #[validate(length(max = 50, message = "at most 50 speakers"), custom(function = "speaker_names"))]
    pub speakers: Vec<String>,
    /// Documents and slides (at most 50).
    #[serde(default)]
    #[schema(max_items = 50)]
    #[validate(length(max = 50, message = "at most 50 materials"), nested)]
    pub materials: Vec<MaterialBody>,
}

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.to_owned()
}

fn default_language() -> String {
    "mk".to_owned()
}

/// Checks that a link is an absolute http(s) URL of at most 2,048 bytes.
fn http_url(url: &str) -> Result<(), ValidationError> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 2048
        && !url.contains(char::is_whitespace)
        && url.split("://").nth(1).is_some_and(|rest| rest.split('/').next().is_some_and(|host| !host.is_empty()));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("format").with_message(format!("a link must be an http(s) URL, got {url:?}").into()))
    }
}

/// Each speaker is a name on one line, not blank.
fn speaker_names(names: &[String]) -> Result<(), ValidationError> {
    for name in names {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(
                ValidationError::new("format").with_message("each speaker is a name on one line, not blank".into())
            );
        }
    }
    Ok(())
}

impl TryFrom<EventInput> for EventData {
    type Error = ApiError;

    fn try_from(input: EventInput) -> Result<Self, Self::Error> {
        let mut errors = validation::errors_of(&input);
        let time_zone = errors.check("time_zone", TimeZoneName::parse(&input.time_zone));
        let language = errors.check("language", LanguageTag::parse(&input.language));
        let data = errors.finish_with(|| {
            Some(EventData {
                kind: input.kind.into(),
                title_en: input.title_en,
                title_mk: input.title_mk,
                unit_id: input.unit_id.map(UnitId::from_uuid),
                starts_at: input.starts_at,
                ends_at: input.ends_at,
                time_zone: time_zone?,
                place: input.place,
                online_link: input.online_link,
                language: language?,
                capacity: input.capacity,
                audience: input.audience,
                agenda: input.agenda,
                speakers: input.speakers.into_iter().map(|s| s.trim().to_owned()).collect(),
                materials: input.materials.into_iter().map(|m| Material { name: m.name, link: m.link }).collect(),
            })
        })?;
        data.check()?;
        Ok(data)
    }
}

/// An event as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a70-0000-7d2a-9f3b-2c4d5e6f7a8b", "kind": "info_meeting",
    "title_en": "Erasmus+ and bilateral exchange 2026/2027: information meeting",
    "title_mk": "Еразмус+ и билатерална размена 2026/2027: информативна средба",
    "unit_id": null, "starts_at": "2026-12-10T11:00:00Z", "ends_at": "2026-12-10T13:00:00Z",
    "time_zone": "Europe/Skopje", "place": "Rectorate, Hall 1", "online_link": null, "language": "mk",
    "capacity": 80, "audience": "Nominated outgoing students and staff of 2026/2027", "agenda": null,
    "speakers": ["Erasmus+ institutional coordinator"],
    "materials": [{"name": "Slides", "link": "https://iro.example.org/info-2026.pdf"}],
    "status": "published", "cancel_reason": null, "allowed_transitions": ["held", "cancelled"],
    "version": 2, "created_at": "2026-11-20T09:00:00Z", "updated_at": "2026-11-21T09:00:00Z"
}))]
pub struct EventResponse {
    /// Opaque id.
    pub id: Uuid,
    /// Kind.
    pub kind: EventKindName,
    /// English title.
    pub title_en: String,
    /// Macedonian title.
    pub title_mk: String,
    /// Organising unit; `null` for the office.
    pub unit_id: Option<Uuid>,
    /// Start (UTC).
    pub starts_at: DateTime<Utc>,
    /// End (UTC).
    pub ends_at: DateTime<Utc>,
    /// The IANA zone its local times are read in.
    pub time_zone: String,
    /// Where.
    pub place: Option<String>,
    /// Online link.
    pub online_link: Option<String>,
    /// Language (BCP 47).
    pub language: String,
    /// Seats; `null` for no limit.
    pub capacity: Option<u32>,
    /// Whom it is for.
    pub audience: Option<String>,
    /// The programme.
    pub agenda: Option<String>,
    /// Who speaks.
    pub speakers: Vec<String>,
    /// Documents and slides.
    pub materials: Vec<MaterialBody>,
    /// Where it stands.
    pub status: EventStatusName,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Statuses `POST …/status` accepts next.
    pub allowed_transitions: Vec<EventStatusName>,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Event> for EventResponse {
    fn from(e: Event) -> Self {
        let d = e.data;
        EventResponse {
            id: e.id.as_uuid(),
            kind: d.kind.into(),
            title_en: d.title_en,
            title_mk: d.title_mk,
            unit_id: d.unit_id.map(|u| u.as_uuid()),
            starts_at: d.starts_at,
            ends_at: d.ends_at,
            time_zone: d.time_zone.as_str().to_owned(),
            place: d.place,
            online_link: d.online_link,
            language: d.language.as_str().to_owned(),
            capacity: d.capacity,
            audience: d.audience,
            agenda: d.agenda,
            speakers: d.speakers,
            materials: d.materials.into_iter().map(|m| MaterialBody { name: m.name, link: m.link }).collect(),
            status: e.status.into(),
            cancel_reason: e.cancel_reason,
            allowed_transitions: e.status.allowed_next().iter().map(|s| (*s).into()).collect(),
            version: e.version,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}
