//! `point_bands` rows: how an institution (or a law) turns a points total into a grade and
//! possibly an ECTS letter, with source, validity and status, and the mapping to
//! `iro_domain::ects::PointBands`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::ects::{EctsLetter, GradeError, GradeValue, GradingScale, PointBand, PointBands};
use iro_domain::{InstitutionId, PointBandsId};
use serde::{Deserialize, Serialize};

use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::point_bands;

/// A row of `point_bands`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = point_bands)]
pub struct PointBandsRow {
    /// Id.
    pub id: String,
    /// Unique code (`RS-STATUTORY`).
    pub code: String,
    /// Name.
    pub name: String,
    /// The institution whose table it is; `None` for statutory bands.
    pub institution_id: Option<String>,
    /// The scale the bands give grades on.
    pub scale_code: String,
    /// The most points (decimal text).
    pub max_points: String,
    /// `[{"min_points", "grade", "ects_letter"}]` as JSON.
    pub bands: String,
    /// Where the bands come from.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// One band as written: from `min_points` up to the next band's minimum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandEntry {
    /// The least points that reach the band (`"51"`).
    pub min_points: String,
    /// The grade on the bands' scale.
    pub grade: String,
    /// The ECTS letter the band gives, if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ects_letter: Option<String>,
}

/// Point bands as data: the seed file's entries and what a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointBandsData {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The institution whose table it is, if any.
    #[serde(default, with = "super::json::optional_id")]
    pub institution_id: Option<InstitutionId>,
    /// Scale code.
    pub scale: String,
    /// The most points (`"100"`).
    pub max_points: String,
    /// The bands, in any order.
    pub bands: Vec<BandEntry>,
    /// Status of the facts.
    pub status: String,
    /// Source.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
}

impl PointBandsData {
    /// The domain bands, with every rule of [`PointBands`] checked; a total or letter that
    /// does not parse is `invalid_bands` too, so a client always learns the cause by its code.
    pub fn to_domain(&self, scale: &GradingScale) -> Result<PointBands, GradeError> {
        let invalid = |reason: String| GradeError::InvalidBands { bands: self.code.clone(), reason };
        let points = |field: &str, text: &str| {
            GradeValue::parse(text).map_err(|e| invalid(format!("{field} {text:?}: {}", e.message)))
        };
        let max_points = points("max_points", &self.max_points)?;
        let mut bands = Vec::with_capacity(self.bands.len());
        for entry in &self.bands {
            let mut band = PointBand::new(points("min_points", &entry.min_points)?, entry.grade.clone());
            if let Some(letter) = &entry.ects_letter {
                band = band.with_letter(EctsLetter::parse(letter).map_err(|e| invalid(e.message))?);
            }
            bands.push(band);
        }
        PointBands::new(&self.code, scale.clone(), max_points, bands)
    }
}

/// Stored point bands.
#[derive(Debug, Clone)]
pub struct PointBandsRecord {
    /// Id.
    pub id: PointBandsId,
    /// The data as stored.
    pub data: PointBandsData,
    /// Version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<PointBandsRow> for PointBandsRecord {
    type Error = RepoError;

    fn try_from(row: PointBandsRow) -> Result<Self, RepoError> {
        let bands: Vec<BandEntry> = serde_json::from_str(&row.bands)
            .map_err(|e| RepoError::Corrupt(format!("point bands {} bands: {e}", row.code)))?;
        Ok(PointBandsRecord {
            id: PointBandsId::parse(&row.id).map_err(corrupt("point bands id"))?,
            data: PointBandsData {
                code: row.code,
                name: row.name,
                institution_id: row
                    .institution_id
                    .as_deref()
                    .map(InstitutionId::parse)
                    .transpose()
                    .map_err(corrupt("institution id"))?,
                scale: row.scale_code,
                max_points: row.max_points,
                bands,
                status: row.status,
                source: row.source,
                valid_from: row.valid_from,
                valid_to: row.valid_to,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
