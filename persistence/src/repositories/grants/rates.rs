//! Funding rates: seed from `persistence/data/funding-rates.json`, list, find, add, correct,
//! and the rate set of one call year and action.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::FundingRateId;
use iro_domain::funding::{FundingRate, GrantAction, RateKind, RateProvenance, RateSet, StoredFundingRate};

use crate::models::db_time;
use crate::models::grant::{FundingRateChanges, FundingRateRow, SEED_JSON, SeedRate};
use crate::schema::funding_rates;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// The seed file's name in `seed_key`.
const SEED_FILE: &str = "funding-rates.json";

/// Filters of the rate list.
#[derive(Debug, Clone, Default)]
pub struct RateFilter {
    /// Only this kind.
    pub kind: Option<RateKind>,
    /// Only this call year.
    pub call_year: Option<u16>,
    /// Only this action.
    pub action: Option<GrantAction>,
    /// Only examples (`true`) or only real figures (`false`).
    pub example: Option<bool>,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Inserts every record of the seed file not stored yet, keyed `funding-rates.json#n`: the
/// file only grows, so rows stored before (and corrected since) are left alone. Returns how
/// many were added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let records: Vec<SeedRate> =
        serde_json::from_str(SEED_JSON).map_err(|e| RepoError::Setup(format!("{SEED_FILE}: {e}")))?;
    let stored: Vec<Option<String>> = funding_rates::table
        .filter(funding_rates::seed_key.is_not_null())
        .select(funding_rates::seed_key)
        .load(conn)?;
    let mut added = 0;
    for (index, record) in records.iter().enumerate() {
        let key = format!("{SEED_FILE}#{}", index + 1);
        if stored.iter().flatten().any(|k| *k == key) {
            continue;
        }
        let (rate, provenance) = record.parse()?;
        insert_row(conn, &rate, &provenance, Some(&key), now)?;
        added += 1;
    }
    Ok(added)
}

fn insert_row(
    conn: &mut DbConnection,
    rate: &FundingRate,
    provenance: &RateProvenance,
    seed_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StoredFundingRate, RepoError> {
    let id = FundingRateId::generate();
    diesel::insert_into(funding_rates::table)
        .values((
            funding_rates::id.eq(id.to_string()),
            FundingRateChanges::of(rate, provenance)?,
            funding_rates::seed_key.eq(seed_key),
            funding_rates::version.eq(1),
            funding_rates::created_at.eq(db_time(now)),
            funding_rates::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Adds a rate entered by an officer.
pub fn insert(
    conn: &mut DbConnection,
    rate: &FundingRate,
    provenance: &RateProvenance,
    now: DateTime<Utc>,
) -> Result<StoredFundingRate, RepoError> {
    insert_row(conn, rate, provenance, None, now)
}

/// Corrects a rate if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: FundingRateId,
    expected_version: u32,
    rate: &FundingRate,
    provenance: &RateProvenance,
    now: DateTime<Utc>,
) -> Result<StoredFundingRate, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        funding_rates::table.filter(funding_rates::id.eq(id.to_string())).filter(funding_rates::version.eq(expected)),
    )
    .set((
        FundingRateChanges::of(rate, provenance)?,
        funding_rates::version.eq(funding_rates::version + 1),
        funding_rates::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Finds a rate.
pub fn find(conn: &mut DbConnection, id: FundingRateId) -> Result<StoredFundingRate, RepoError> {
    funding_rates::table
        .find(id.to_string())
        .select(FundingRateRow::as_select())
        .first::<FundingRateRow>(conn)?
        .try_into()
}

/// Lists rates ordered by id.
pub fn list(
    conn: &mut DbConnection,
    filter: &RateFilter,
    page: &PageRequest,
) -> Result<Page<StoredFundingRate>, RepoError> {
    let mut query =
        funding_rates::table.select(FundingRateRow::as_select()).order(funding_rates::id.asc()).into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(funding_rates::kind.eq(kind.as_str()));
    }
    if let Some(year) = filter.call_year {
        query = query.filter(funding_rates::call_year.eq(i32::from(year)));
    }
    if let Some(action) = filter.action {
        query = query.filter(funding_rates::action.eq(action.as_str()));
    }
    if let Some(example) = filter.example {
        query = query.filter(funding_rates::example.eq(example));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(funding_rates::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(funding_rates::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<FundingRateRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(StoredFundingRate::try_from)
}

/// Every row of a call year and action, oldest first (a later row corrects an earlier one).
pub fn rate_set(conn: &mut DbConnection, call_year: u16, action: GrantAction) -> Result<RateSet, RepoError> {
    let rows = funding_rates::table
        .filter(funding_rates::call_year.eq(i32::from(call_year)))
        .filter(funding_rates::action.eq(action.as_str()))
        .order((funding_rates::updated_at.asc(), funding_rates::id.asc()))
        .select(FundingRateRow::as_select())
        .load::<FundingRateRow>(conn)?;
    Ok(RateSet::new(rows.into_iter().map(FundingRate::try_from).collect::<Result<_, _>>()?))
}
