//! Credit systems: seed from the committed data file, list.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::CreditSystemId;

use crate::models::credit_system::{CreditSystemData, CreditSystemRecord, CreditSystemRow, seed_credit_systems};
use crate::models::db_time;
use crate::repositories::citations;
use crate::schema::credit_systems;
use crate::{DbConnection, RepoError};

/// Inserts every system of `persistence/data/credit-systems.json` whose code is not stored
/// yet; returns how many were added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let mut added = 0;
    for data in seed_credit_systems()? {
        let exists: i64 = credit_systems::table.filter(credit_systems::code.eq(&data.code)).count().get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let minutes = |value: Option<u32>| {
            value.map(|v| i32::try_from(v).map_err(|_| RepoError::Setup(format!("{}: minutes", data.code)))).transpose()
        };
        diesel::insert_into(credit_systems::table)
            .values((
                credit_systems::id.eq(CreditSystemId::generate().to_string()),
                credit_systems::code.eq(&data.code),
                credit_systems::name.eq(&data.name),
                credit_systems::country.eq(&data.country),
                credit_systems::credits_per_year.eq(i32::from(data.credits_per_year)),
                credit_systems::min_minutes_per_credit.eq(minutes(data.min_minutes_per_credit)?),
                credit_systems::max_minutes_per_credit.eq(minutes(data.max_minutes_per_credit)?),
                credit_systems::source.eq(&data.source),
                credit_systems::valid_from.eq(data.valid_from),
                credit_systems::valid_to.eq(data.valid_to),
                credit_systems::status.eq(&data.status),
                credit_systems::created_at.eq(db_time(now)),
                credit_systems::updated_at.eq(db_time(now)),
            ))
            .execute(conn)?;
        added += 1;
    }
    Ok(added)
}

/// Gives seeded credit systems still citing a retired citation (`citations::is_retired`) the
/// seed file's current source when everything else is as the seed file has it. See
/// `repositories::citations`. Returns how many were corrected.
pub fn correct_seeded_citations(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let stored = list(conn)?;
    let mut corrected = 0;
    for seed in seed_credit_systems()? {
        let Some(old) = stored.iter().find(|s| s.data.code == seed.code) else {
            continue;
        };
        if !citations::is_retired(&old.data.source) || old.data.source == seed.source {
            continue;
        }
        if (CreditSystemData { source: seed.source.clone(), ..old.data.clone() }) != seed {
            citations::left_alone("credit system", &seed.code);
            continue;
        }
        corrected += diesel::update(
            credit_systems::table
                .filter(credit_systems::id.eq(old.id.to_string()))
                .filter(credit_systems::source.eq(&old.data.source)),
        )
        .set((credit_systems::source.eq(&seed.source), credit_systems::updated_at.eq(db_time(now))))
        .execute(conn)?;
    }
    Ok(corrected)
}

/// Every credit system, in the order they were added (the seed file's order first).
pub fn list(conn: &mut DbConnection) -> Result<Vec<CreditSystemRecord>, RepoError> {
    credit_systems::table
        .select(CreditSystemRow::as_select())
        .order(credit_systems::id.asc())
        .load::<CreditSystemRow>(conn)?
        .into_iter()
        .map(CreditSystemRecord::try_from)
        .collect()
}
