//! `institutions` rows and their mapping to `iro_domain::Institution`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iro_domain::funding::Coordinates;
use iro_domain::{CountryCode, ErasmusCode, HeiId, Institution, InstitutionData, InstitutionId, Oid, Pic};

use super::json::{contacts_from_json, contacts_to_json, localized_from_json, localized_to_json, search_text};
use super::{corrupt, utc, version};
use crate::RepoError;

/// Coordinates as stored: both or neither.
pub(crate) fn coordinates_from_db(
    latitude: Option<f64>,
    longitude: Option<f64>,
) -> Result<Option<Coordinates>, RepoError> {
    match (latitude, longitude) {
        (Some(lat), Some(lon)) => Coordinates::new(lat, lon).map(Some).map_err(corrupt("coordinates")),
        (None, None) => Ok(None),
        _ => Err(RepoError::Corrupt("an institution with only one coordinate".to_owned())),
    }
}
use crate::schema::institutions;

/// A row of `institutions`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = institutions)]
pub struct InstitutionRow {
    /// Id.
    pub id: String,
    /// SCHAC code.
    pub hei_id: String,
    /// Erasmus code, canonical spacing.
    pub erasmus_code: Option<String>,
    /// Erasmus code without spaces (unique).
    pub erasmus_code_normalised: Option<String>,
    /// PIC.
    pub pic: Option<String>,
    /// OID.
    pub oid: Option<String>,
    /// Language map as JSON.
    pub name: String,
    /// Lower-cased names and codes for `q` search.
    pub search_text: String,
    /// Short name.
    pub abbreviation: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// City.
    pub city: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Our university?
    pub is_local: bool,
    /// Reachable through EWP?
    pub ewp_enabled: bool,
    /// Contacts as JSON.
    pub contacts: String,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
    /// Latitude of the city (WGS 84).
    pub latitude: Option<f64>,
    /// Longitude of the city.
    pub longitude: Option<f64>,
}

/// The writable columns of `institutions`, for insert and update.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = institutions, treat_none_as_null = true)]
pub struct InstitutionChanges {
    /// SCHAC code.
    pub hei_id: String,
    /// Erasmus code, canonical spacing.
    pub erasmus_code: Option<String>,
    /// Erasmus code without spaces.
    pub erasmus_code_normalised: Option<String>,
    /// PIC.
    pub pic: Option<String>,
    /// OID.
    pub oid: Option<String>,
    /// Language map as JSON.
    pub name: String,
    /// Search text.
    pub search_text: String,
    /// Short name.
    pub abbreviation: Option<String>,
    /// Country.
    pub country: String,
    /// City.
    pub city: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Our university?
    pub is_local: bool,
    /// Reachable through EWP?
    pub ewp_enabled: bool,
    /// Contacts as JSON.
    pub contacts: String,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
}

impl From<&InstitutionData> for InstitutionChanges {
    fn from(data: &InstitutionData) -> Self {
        let names = data.name.iter().map(|(_, text)| text.clone());
        let codes = [Some(data.hei_id.to_string()), data.abbreviation.clone(), data.city.clone()];
        InstitutionChanges {
            hei_id: data.hei_id.to_string(),
            erasmus_code: data.erasmus_code.as_ref().map(|c| c.as_str().to_owned()),
            erasmus_code_normalised: data.erasmus_code.as_ref().map(|c| c.normalised().to_owned()),
            pic: data.pic.as_ref().map(|p| p.as_str().to_owned()),
            oid: data.oid.as_ref().map(|o| o.as_str().to_owned()),
            name: localized_to_json(&data.name),
            search_text: search_text(names.chain(codes.into_iter().flatten())),
            abbreviation: data.abbreviation.clone(),
            country: data.country.to_string(),
            city: data.city.clone(),
            website: data.website.clone(),
            is_local: data.is_local,
            ewp_enabled: data.ewp_enabled,
            contacts: contacts_to_json(&data.contacts),
            latitude: data.coordinates.map(Coordinates::latitude),
            longitude: data.coordinates.map(Coordinates::longitude),
        }
    }
}

impl TryFrom<InstitutionRow> for Institution {
    type Error = RepoError;

    fn try_from(row: InstitutionRow) -> Result<Self, Self::Error> {
        Ok(Institution {
            id: InstitutionId::parse(&row.id).map_err(corrupt("institution id"))?,
            data: InstitutionData {
                hei_id: HeiId::parse(&row.hei_id).map_err(corrupt("hei_id"))?,
                erasmus_code: row
                    .erasmus_code
                    .as_deref()
                    .map(ErasmusCode::parse)
                    .transpose()
                    .map_err(corrupt("erasmus_code"))?,
                pic: row.pic.as_deref().map(Pic::parse).transpose().map_err(corrupt("pic"))?,
                oid: row.oid.as_deref().map(Oid::parse).transpose().map_err(corrupt("oid"))?,
                name: localized_from_json(&row.name)?,
                abbreviation: row.abbreviation,
                country: CountryCode::parse(&row.country).map_err(corrupt("country"))?,
                city: row.city,
                website: row.website,
                is_local: row.is_local,
                ewp_enabled: row.ewp_enabled,
                contacts: contacts_from_json(&row.contacts)?,
                coordinates: coordinates_from_db(row.latitude, row.longitude)?,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
