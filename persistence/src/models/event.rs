//! `events` rows and their mapping to `iro_domain::event`; speakers and materials are JSON
//! text columns.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iro_domain::event::{Event, EventData, EventKind, EventStatus, Material, TimeZoneName};
use iro_domain::{EventId, LanguageTag, UnitId};
use serde::{Deserialize, Serialize};

use crate::RepoError;
use crate::models::{corrupt, db_time, utc, version};
use crate::schema::events;

/// A row of `events`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    /// Id.
    pub id: String,
    /// Kind wire name.
    pub kind: String,
    /// English title.
    pub title_en: String,
    /// Macedonian title.
    pub title_mk: String,
    /// Organising unit.
    pub unit_id: Option<String>,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// IANA zone.
    pub time_zone: String,
    /// Place.
    pub place: Option<String>,
    /// Online link.
    pub online_link: Option<String>,
    /// Language tag.
    pub language: String,
    /// Seats.
    pub capacity: Option<i32>,
    /// Audience.
    pub audience: Option<String>,
    /// Agenda.
    pub agenda: Option<String>,
    /// JSON array of names.
    pub speakers: String,
    /// JSON array of {name, link}.
    pub materials: String,
    /// Status wire name.
    pub status: String,
    /// Cancellation reason.
    pub cancel_reason: Option<String>,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

#[derive(Serialize, Deserialize)]
struct StoredMaterial {
    name: String,
    link: String,
}

/// The writable columns of an event, as stored.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = events, treat_none_as_null = true)]
pub struct EventValues {
    kind: &'static str,
    title_en: String,
    title_mk: String,
    unit_id: Option<String>,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    time_zone: &'static str,
    place: Option<String>,
    online_link: Option<String>,
    language: String,
    capacity: Option<i32>,
    audience: Option<String>,
    agenda: Option<String>,
    speakers: String,
    materials: String,
}

impl EventValues {
    /// The columns of `data`.
    pub fn of(data: &EventData) -> Result<Self, RepoError> {
        let materials: Vec<StoredMaterial> =
            data.materials.iter().map(|m| StoredMaterial { name: m.name.clone(), link: m.link.clone() }).collect();
        Ok(EventValues {
            kind: data.kind.as_str(),
            title_en: data.title_en.clone(),
            title_mk: data.title_mk.clone(),
            unit_id: data.unit_id.map(|u| u.to_string()),
            starts_at: db_time(data.starts_at),
            ends_at: db_time(data.ends_at),
            time_zone: data.time_zone.as_str(),
            place: data.place.clone(),
            online_link: data.online_link.clone(),
            language: data.language.as_str().to_owned(),
            capacity: data
                .capacity
                .map(i32::try_from)
                .transpose()
                .map_err(|_| RepoError::Corrupt("capacity beyond the column".into()))?,
            audience: data.audience.clone(),
            agenda: data.agenda.clone(),
            speakers: serde_json::to_string(&data.speakers).map_err(|e| RepoError::Corrupt(e.to_string()))?,
            materials: serde_json::to_string(&materials).map_err(|e| RepoError::Corrupt(e.to_string()))?,
        })
    }
}

impl TryFrom<EventRow> for Event {
    type Error = RepoError;

    fn try_from(row: EventRow) -> Result<Self, Self::Error> {
        let speakers: Vec<String> =
            serde_json::from_str(&row.speakers).map_err(|e| RepoError::Corrupt(format!("speakers: {e}")))?;
        let materials: Vec<StoredMaterial> =
            serde_json::from_str(&row.materials).map_err(|e| RepoError::Corrupt(format!("materials: {e}")))?;
        Ok(Event {
            id: EventId::parse(&row.id).map_err(corrupt("event id"))?,
            data: EventData {
                kind: EventKind::parse(&row.kind).map_err(corrupt("kind"))?,
                title_en: row.title_en,
                title_mk: row.title_mk,
                unit_id: row.unit_id.as_deref().map(UnitId::parse).transpose().map_err(corrupt("unit"))?,
                starts_at: utc(row.starts_at),
                ends_at: utc(row.ends_at),
                time_zone: TimeZoneName::parse(&row.time_zone).map_err(corrupt("time zone"))?,
                place: row.place,
                online_link: row.online_link,
                language: LanguageTag::parse(&row.language).map_err(corrupt("language"))?,
                capacity: row
                    .capacity
                    .map(u32::try_from)
                    .transpose()
                    .map_err(|_| RepoError::Corrupt("negative capacity".into()))?,
                audience: row.audience,
                agenda: row.agenda,
                speakers,
                materials: materials.into_iter().map(|m| Material { name: m.name, link: m.link }).collect(),
            },
            status: EventStatus::parse(&row.status).map_err(corrupt("status"))?,
            cancel_reason: row.cancel_reason,
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
