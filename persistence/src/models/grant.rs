//! `grant_projects` and `funding_rates` rows and their mapping to `iro_domain::funding`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use iro_domain::checklist::FactStatus;
use iro_domain::funding::{
    BudgetAmount, BudgetLine, DistanceBand, FundingRate, Grant, GrantAction, GrantData, GrantProjectNumber,
    RateActivity, RateKind, RateProvenance, RateUnit, StoredFundingRate,
};
use iro_domain::mobility::DateRange;
use iro_domain::{CountryCode, FundingRateId, GrantId};
use serde::{Deserialize, Serialize};

use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::{funding_rates, grant_projects};

/// A row of `grant_projects`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = grant_projects)]
pub struct GrantRow {
    /// Id.
    pub id: String,
    /// Project number.
    pub project_number: String,
    /// `KA131` or `KA171`.
    pub action: String,
    /// Call year.
    pub call_year: i32,
    /// First day.
    pub period_start: NaiveDate,
    /// Last day.
    pub period_end: NaiveDate,
    /// JSON array of country codes.
    pub partner_countries: String,
    /// JSON array of lines.
    pub budget_lines: String,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable columns of `grant_projects`.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = grant_projects)]
pub struct GrantChanges {
    /// Project number.
    pub project_number: String,
    /// Action.
    pub action: String,
    /// Call year.
    pub call_year: i32,
    /// First day.
    pub period_start: NaiveDate,
    /// Last day.
    pub period_end: NaiveDate,
    /// JSON.
    pub partner_countries: String,
    /// JSON.
    pub budget_lines: String,
}

#[derive(Serialize, Deserialize)]
struct StoredLine {
    line: String,
    amount_cents: u64,
}

fn json_error(e: serde_json::Error) -> RepoError {
    RepoError::Corrupt(format!("grant json: {e}"))
}

impl TryFrom<&GrantData> for GrantChanges {
    type Error = RepoError;

    fn try_from(d: &GrantData) -> Result<Self, RepoError> {
        let countries: Vec<&str> = d.partner_countries.iter().map(CountryCode::as_str).collect();
        let lines: Vec<StoredLine> = d
            .budget
            .iter()
            .map(|b| StoredLine { line: b.line.as_str().to_owned(), amount_cents: b.amount_cents })
            .collect();
        Ok(GrantChanges {
            project_number: d.number.to_string(),
            action: d.action().as_str().to_owned(),
            call_year: i32::from(d.call_year()),
            period_start: d.period.start(),
            period_end: d.period.end(),
            partner_countries: serde_json::to_string(&countries).map_err(json_error)?,
            budget_lines: serde_json::to_string(&lines).map_err(json_error)?,
        })
    }
}

impl TryFrom<GrantRow> for Grant {
    type Error = RepoError;

    fn try_from(row: GrantRow) -> Result<Self, RepoError> {
        let countries: Vec<String> = serde_json::from_str(&row.partner_countries).map_err(json_error)?;
        let lines: Vec<StoredLine> = serde_json::from_str(&row.budget_lines).map_err(json_error)?;
        let number = GrantProjectNumber::parse(&row.project_number).map_err(corrupt("project number"))?;
        let data = GrantData {
            period: DateRange::new(row.period_start, row.period_end).map_err(corrupt("grant period"))?,
            partner_countries: countries
                .iter()
                .map(|c| CountryCode::parse(c).map_err(corrupt("partner country")))
                .collect::<Result<_, _>>()?,
            budget: lines
                .iter()
                .map(|l| {
                    Ok(BudgetAmount {
                        line: BudgetLine::parse(&l.line).map_err(corrupt("budget line"))?,
                        amount_cents: l.amount_cents,
                    })
                })
                .collect::<Result<_, RepoError>>()?,
            number,
        };
        Ok(Grant {
            id: GrantId::parse(&row.id).map_err(corrupt("grant id"))?,
            data,
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// A row of `funding_rates`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = funding_rates)]
pub struct FundingRateRow {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Call year.
    pub call_year: i32,
    /// Action.
    pub action: String,
    /// Country (country groups).
    pub country: Option<String>,
    /// Group.
    pub country_group: Option<i32>,
    /// Activity.
    pub activity: Option<String>,
    /// Band.
    pub distance_band: Option<String>,
    /// Cents or days.
    pub amount: Option<i64>,
    /// Unit.
    pub unit: String,
    /// Source.
    pub source: String,
    /// Fact status.
    pub status: String,
    /// Example row.
    pub example: bool,
    /// Last checked.
    pub last_checked: NaiveDate,
    /// `file#n` of a seeded row.
    pub seed_key: Option<String>,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable columns of `funding_rates`.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = funding_rates, treat_none_as_null = true)]
pub struct FundingRateChanges {
    /// Kind.
    pub kind: String,
    /// Call year.
    pub call_year: i32,
    /// Action.
    pub action: String,
    /// Country.
    pub country: Option<String>,
    /// Group.
    pub country_group: Option<i32>,
    /// Activity.
    pub activity: Option<String>,
    /// Band.
    pub distance_band: Option<String>,
    /// Amount.
    pub amount: Option<i64>,
    /// Unit.
    pub unit: String,
    /// Source.
    pub source: String,
    /// Status.
    pub status: String,
    /// Example.
    pub example: bool,
    /// Last checked.
    pub last_checked: NaiveDate,
}

impl FundingRateChanges {
    /// The columns of a rate and its provenance.
    pub fn of(rate: &FundingRate, provenance: &RateProvenance) -> Result<Self, RepoError> {
        Ok(FundingRateChanges {
            kind: rate.kind.as_str().to_owned(),
            call_year: i32::from(rate.call_year),
            action: rate.action.as_str().to_owned(),
            country: rate.country.map(|c| c.to_string()),
            country_group: rate.country_group.map(i32::from),
            activity: rate.activity.map(|a| a.as_str().to_owned()),
            distance_band: rate.distance_band.map(|b| b.as_str().to_owned()),
            amount: rate
                .amount
                .map(|a| i64::try_from(a).map_err(|_| RepoError::Corrupt(format!("amount {a} too large"))))
                .transpose()?,
            unit: rate.unit.as_str().to_owned(),
            source: provenance.source.clone(),
            status: provenance.status.as_str().to_owned(),
            example: provenance.example,
            last_checked: provenance.last_checked,
        })
    }
}

impl TryFrom<FundingRateRow> for FundingRate {
    type Error = RepoError;

    fn try_from(row: FundingRateRow) -> Result<Self, RepoError> {
        rate_of(&row)
    }
}

fn rate_of(row: &FundingRateRow) -> Result<FundingRate, RepoError> {
    Ok(FundingRate {
        kind: RateKind::parse(&row.kind).map_err(corrupt("rate kind"))?,
        call_year: u16::try_from(row.call_year)
            .map_err(|_| RepoError::Corrupt(format!("call year {}", row.call_year)))?,
        action: GrantAction::parse(&row.action).map_err(corrupt("action"))?,
        country: row.country.as_deref().map(CountryCode::parse).transpose().map_err(corrupt("country"))?,
        country_group: row
            .country_group
            .map(|g| u8::try_from(g).map_err(|_| RepoError::Corrupt(format!("country group {g}"))))
            .transpose()?,
        activity: row.activity.as_deref().map(RateActivity::parse).transpose().map_err(corrupt("activity"))?,
        distance_band: row.distance_band.as_deref().map(DistanceBand::parse).transpose().map_err(corrupt("band"))?,
        amount: row
            .amount
            .map(|a| u64::try_from(a).map_err(|_| RepoError::Corrupt(format!("amount {a}"))))
            .transpose()?,
        unit: RateUnit::parse(&row.unit).map_err(corrupt("unit"))?,
    })
}

impl TryFrom<FundingRateRow> for StoredFundingRate {
    type Error = RepoError;

    fn try_from(row: FundingRateRow) -> Result<Self, RepoError> {
        Ok(StoredFundingRate {
            id: FundingRateId::parse(&row.id).map_err(corrupt("funding rate id"))?,
            rate: rate_of(&row)?,
            provenance: RateProvenance {
                status: FactStatus::parse(&row.status).map_err(corrupt("status"))?,
                source: row.source,
                example: row.example,
                last_checked: row.last_checked,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// One record of `persistence/data/funding-rates.json`.
#[derive(Debug, Deserialize)]
pub struct SeedRate {
    /// Kind.
    pub kind: String,
    /// Call year.
    pub call_year: u16,
    /// Action.
    pub action: String,
    /// Country.
    pub country: Option<String>,
    /// Group.
    pub country_group: Option<u8>,
    /// Activity.
    pub activity: Option<String>,
    /// Band.
    pub distance_band: Option<String>,
    /// Amount as written (`600.00` euro, `2` days).
    pub amount: Option<String>,
    /// Unit.
    pub unit: String,
    /// Source.
    pub source: String,
    /// Status.
    pub status: String,
    /// Example.
    pub example: bool,
    /// Last checked.
    pub last_checked: NaiveDate,
}

/// The seed file.
pub const SEED_JSON: &str = include_str!("../../data/funding-rates.json");

impl SeedRate {
    /// The rate and provenance of a seed record.
    pub fn parse(&self) -> Result<(FundingRate, RateProvenance), RepoError> {
        let bad = |what: &'static str| {
            move |e: iro_domain::InvalidValue| RepoError::Setup(format!("funding seed {what}: {e}"))
        };
        let unit = RateUnit::parse(&self.unit).map_err(bad("unit"))?;
        let rate = FundingRate {
            kind: RateKind::parse(&self.kind).map_err(bad("kind"))?,
            call_year: self.call_year,
            action: GrantAction::parse(&self.action).map_err(bad("action"))?,
            country: self.country.as_deref().map(CountryCode::parse).transpose().map_err(bad("country"))?,
            country_group: self.country_group,
            activity: self.activity.as_deref().map(RateActivity::parse).transpose().map_err(bad("activity"))?,
            distance_band: self.distance_band.as_deref().map(DistanceBand::parse).transpose().map_err(bad("band"))?,
            amount: self
                .amount
                .as_deref()
                .map(|a| FundingRate::parse_amount(unit, a))
                .transpose()
                .map_err(bad("amount"))?,
            unit,
        };
        if let Some((field, problem)) = rate.check().into_iter().next() {
            return Err(RepoError::Setup(format!("funding seed row {}: {field}: {problem}", self.kind)));
        }
        let provenance = RateProvenance {
            source: self.source.clone(),
            status: FactStatus::parse(&self.status).map_err(bad("status"))?,
            example: self.example,
            last_checked: self.last_checked,
        };
        Ok((rate, provenance))
    }
}
