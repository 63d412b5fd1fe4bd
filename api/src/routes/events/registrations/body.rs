//! A registration's request and response bodies.

use chrono::{DateTime, Utc};
use iro_domain::event::{Attendee, ExternalAttendee, Registration, RegistrationStatus};
use iro_domain::{CountryCode, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::error::{ApiError, FieldError};
use crate::http::validation::{self, rules, trim};
use crate::routes::shared::vocabulary::api_vocabulary;

api_vocabulary! {
    /// Where a registration stands: `registered` (holds a seat), `waitlisted` (waits, first
    /// come first served) or `declined`.
    RegistrationStatusName <-> RegistrationStatus {
        /// Holds a seat.
        Registered,
        /// Waits for a seat.
        Waitlisted,
        /// Declined.
        Declined,
    }
}

/// A guest without a person record (a conference guest).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ExternalAttendeeBody {
    /// Full name (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "give the guest's name"),
        custom(function = "rules::single_line")
    )]
    pub name: String,
    /// Home institution (up to 300 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 300)]
    #[validate(length(max = 300), custom(function = "rules::single_line"))]
    pub institution: Option<String>,
    /// Country of the institution (ISO 3166-1 alpha-2).
    #[serde(default)]
    #[schema(example = "RU")]
    pub country: Option<String>,
    /// Citizenship (ISO 3166-1 alpha-2).
    #[serde(default)]
    #[schema(example = "RU")]
    pub citizenship: Option<String>,
}

/// Who registers: a person (participants omit it for themselves), or an external guest
/// (staff only). Exactly one of the two for staff.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person_id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b"}))]
pub struct RegistrationInput {
    /// The person (of `/people`); a participant may leave it out or name themself.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// A guest registered by name (staff only).
    #[serde(default)]
    #[validate(nested)]
    pub external: Option<ExternalAttendeeBody>,
}

impl RegistrationInput {
    /// The attendee named; `None` when neither is given (a participant registering themself).
    pub fn attendee(self) -> Result<Option<Attendee>, ApiError> {
        let mut errors = validation::errors_of(&self);
        match (self.person_id, self.external) {
            (Some(_), Some(_)) => {
                errors.push(FieldError::new("external", "not_allowed", "give person_id or external, not both"));
                errors.finish_with(|| None)
            }
            (Some(person), None) => errors.finish_with(|| Some(Some(Attendee::Person(PersonId::from_uuid(person))))),
            (None, Some(external)) => {
                let country = errors.check_opt("external.country", external.country.as_deref(), CountryCode::parse);
                let citizenship =
                    errors.check_opt("external.citizenship", external.citizenship.as_deref(), CountryCode::parse);
                errors.finish_with(|| {
                    Some(Some(Attendee::External(ExternalAttendee {
                        name: external.name,
                        institution: external.institution,
                        country,
                        citizenship,
                    })))
                })
            }
            (None, None) => errors.finish_with(|| Some(None)),
        }
    }
}

/// A registration as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a71-0000-7d2a-9f3b-2c4d5e6f7a8b", "event_id": "01938a70-0000-7d2a-9f3b-2c4d5e6f7a8b",
    "person_id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b", "external": null, "status": "registered",
    "queued_at": "2026-11-22T10:00:00Z", "attended_at": null, "version": 1,
    "created_at": "2026-11-22T10:00:00Z", "updated_at": "2026-11-22T10:00:00Z"
}))]
pub struct RegistrationResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// The person; `null` for an external guest.
    pub person_id: Option<Uuid>,
    /// The external guest; `null` for a person.
    pub external: Option<ExternalAttendeeBody>,
    /// Seat, waiting list or declined.
    pub status: RegistrationStatusName,
    /// Place in the queue: the waiting list moves up in this order.
    pub queued_at: DateTime<Utc>,
    /// When staff checked the attendee in.
    pub attended_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<Registration> for RegistrationResponse {
    fn from(r: Registration) -> Self {
        let (person_id, external) = match r.attendee {
            Attendee::Person(p) => (Some(p.as_uuid()), None),
            Attendee::External(e) => (
                None,
                Some(ExternalAttendeeBody {
                    name: e.name,
                    institution: e.institution,
                    country: e.country.map(|c| c.as_str().to_owned()),
                    citizenship: e.citizenship.map(|c| c.as_str().to_owned()),
                }),
            ),
        };
        RegistrationResponse {
            id: r.id.into(),
            event_id: r.event_id.as_uuid(),
            person_id,
            external,
            status: r.status.into(),
            queued_at: r.queued_at,
            attended_at: r.attended_at,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// The registrations of an event, in queue order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationList {
    /// The registrations (a participant sees only their own).
    pub items: Vec<RegistrationResponse>,
    /// Seats taken.
    pub registered: u32,
    /// Waiting for a seat.
    pub waitlisted: u32,
    /// Checked in.
    pub attended: u32,
}
