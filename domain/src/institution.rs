//! Institutions: our university and its partners.

mod identifiers;
mod local;

pub use identifiers::{ErasmusCode, HeiId, Oid, Pic};
pub use local::{LocalChange, LocalInstitutionRequired};

use chrono::{DateTime, Utc};

use crate::funding::Coordinates;
use crate::{Contact, CountryCode, InstitutionId, LocalizedText};

/// What a user states about an institution; every field already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionData {
    /// SCHAC code, unique.
    pub hei_id: HeiId,
    /// Erasmus code, unique on its normalised form.
    pub erasmus_code: Option<ErasmusCode>,
    /// EU funding-portal PIC.
    pub pic: Option<Pic>,
    /// National Agency OID.
    pub oid: Option<Oid>,
    /// Names by language (`en` required).
    pub name: LocalizedText,
    /// Short name, e.g. `UKIM`.
    pub abbreviation: Option<String>,
    /// Country of the seat.
    pub country: CountryCode,
    /// City of the seat.
    pub city: Option<String>,
    /// Public website.
    pub website: Option<String>,
    /// Whether this is our own university (exactly one is).
    pub is_local: bool,
    /// Whether the institution is reachable through the Erasmus Without Paper network.
    pub ewp_enabled: bool,
    /// Contacts of the institution (international office …).
    pub contacts: Vec<Contact>,
    /// Where the city of the seat lies: the distance band of a mobility is measured between
    /// the two institutions' coordinates.
    pub coordinates: Option<Coordinates>,
}

/// A stored institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    /// Opaque, immutable id.
    pub id: InstitutionId,
    /// The stated data.
    pub data: InstitutionData,
    /// Increases with every change; the API's ETag.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}
