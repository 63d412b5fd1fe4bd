//! `credit_systems` rows: a credit system with its source, validity and status, the seed file
//! `persistence/data/credit-systems.json`, and the mapping to `iro_domain::ects::CreditSystem`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::CreditSystemId;
use iro_domain::ects::{CreditError, CreditSystem, HoursPerCredit};
use serde::Deserialize;

use super::{corrupt, utc};
use crate::RepoError;
use crate::schema::credit_systems;

/// A row of `credit_systems`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_systems)]
pub struct CreditSystemRow {
    /// Id.
    pub id: String,
    /// Unique code (`RU-ZET`).
    pub code: String,
    /// Name.
    pub name: String,
    /// ISO country, when national.
    pub country: Option<String>,
    /// Credits in a full-time year.
    pub credits_per_year: i32,
    /// Fewest minutes of work per credit, when known.
    pub min_minutes_per_credit: Option<i32>,
    /// Most minutes of work per credit, when known.
    pub max_minutes_per_credit: Option<i32>,
    /// Where the facts come from.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// A credit system as data: the seed file's entries and what is stored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditSystemData {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// ISO country.
    pub country: Option<String>,
    /// Credits in a full-time year (1–240).
    pub credits_per_year: u16,
    /// Fewest minutes of work per credit; `null` when not known.
    pub min_minutes_per_credit: Option<u32>,
    /// Most minutes of work per credit; `null` when not known.
    pub max_minutes_per_credit: Option<u32>,
    /// Status of the facts: `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// Source.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
}

impl CreditSystemData {
    /// The domain system, with every rule of [`CreditSystem`] checked.
    pub fn to_domain(&self) -> Result<CreditSystem, CreditError> {
        let hours = match (self.min_minutes_per_credit, self.max_minutes_per_credit) {
            (Some(min), Some(max)) => Some(HoursPerCredit::from_minutes(min, max)?),
            (None, None) => None,
            _ => {
                return Err(CreditError::InvalidCreditSystem {
                    reason: "give both ends of the hours per credit, or neither".to_owned(),
                });
            }
        };
        CreditSystem::new(&self.code, &self.name, hours, self.credits_per_year)
    }
}

/// A stored credit system.
#[derive(Debug, Clone)]
pub struct CreditSystemRecord {
    /// Id.
    pub id: CreditSystemId,
    /// The data as stored.
    pub data: CreditSystemData,
    /// The domain system built from it.
    pub system: CreditSystem,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
}

fn unsigned(what: &str, value: Option<i32>) -> Result<Option<u32>, RepoError> {
    value.map(|v| u32::try_from(v).map_err(|_| RepoError::Corrupt(format!("credit system {what}: {v}")))).transpose()
}

impl TryFrom<CreditSystemRow> for CreditSystemRecord {
    type Error = RepoError;

    fn try_from(row: CreditSystemRow) -> Result<Self, RepoError> {
        let data = CreditSystemData {
            credits_per_year: u16::try_from(row.credits_per_year)
                .map_err(|_| RepoError::Corrupt(format!("credit system {} credits per year", row.code)))?,
            min_minutes_per_credit: unsigned("minutes", row.min_minutes_per_credit)?,
            max_minutes_per_credit: unsigned("minutes", row.max_minutes_per_credit)?,
            code: row.code,
            name: row.name,
            country: row.country,
            status: row.status,
            source: row.source,
            valid_from: row.valid_from,
            valid_to: row.valid_to,
        };
        let system = data.to_domain().map_err(|e| RepoError::Corrupt(format!("credit system {}: {e}", data.code)))?;
        Ok(CreditSystemRecord {
            id: CreditSystemId::parse(&row.id).map_err(corrupt("credit system id"))?,
            data,
            system,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// The committed seed file.
pub const SEED_JSON: &str = include_str!("../../data/credit-systems.json");

/// Reads the seed file, checking every system.
pub fn seed_credit_systems() -> Result<Vec<CreditSystemData>, RepoError> {
    let seeds: Vec<CreditSystemData> =
        serde_json::from_str(SEED_JSON).map_err(|e| RepoError::Setup(format!("credit-systems.json: {e}")))?;
    for seed in &seeds {
        seed.to_domain().map_err(|e| RepoError::Setup(format!("credit-systems.json, {}: {e}", seed.code)))?;
    }
    Ok(seeds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_file_holds_the_published_credit_systems() {
        let seeded: Vec<CreditSystem> =
            seed_credit_systems().unwrap().iter().map(|data| data.to_domain().unwrap()).collect();
        let expected = [
            CreditSystem::ects(),
            CreditSystem::north_macedonia(),
            CreditSystem::serbia_espb(),
            CreditSystem::bulgaria(),
            CreditSystem::russia_zet(),
        ];
        assert_eq!(seeded, expected);
        for seed in seed_credit_systems().unwrap() {
            assert!(["confirmed", "secondary", "unconfirmed"].contains(&seed.status.as_str()), "{}", seed.code);
            assert!(!seed.source.trim().is_empty(), "{}", seed.code);
        }
    }
}
