//! A mobility's status change as one use case: lock, read every fact the rules need, let the
//! domain decide (`nomination::decide_status_change`), write the outcome — in the caller's
//! `write_transaction`, in as few statements as the engine allows.
//!
//! The decision is the domain's; this module owns the order that makes it safe: the locks
//! come before the reads, and the reads before the write, all in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use iro_domain::agreement::{Actor, Agreement};
use iro_domain::mobility::{DateRange, InstitutionFacts, Mobility, PersonFacts, PersonMobility, ReferenceFacts};
use iro_domain::nomination::{
    StatusChangeDecision, StatusChangeFacts, StatusChangeRefusal, StatusChangeRequest, decide_status_change,
};
use iro_domain::quota::{HeldPlaces, Hundredths};
use iro_domain::{HeiId, InstitutionId, MobilityId, MobilityStatus, ParticipantKind, UserId};

use super::record_change;
use crate::models::agreement::condition::{ConditionRow, HeiIds};
use crate::models::agreement::{AgreementRow, year_to_db};
use crate::models::mobility::{MobilityRow, hundredths_from_db};
use crate::models::{corrupt, db_time};
use crate::schema::{agreement_conditions, agreements, institutions, learning_agreements, mobilities, people, units};
use crate::{DbConnection, RepoError};

/// The backend of [`DbConnection`], which the row selections of a tuple cannot infer.
type Db = <DbConnection as diesel::Connection>::Backend;

diesel::alias!(
    institutions as sending_institution: SendingInstitution,
    institutions as receiving_institution: ReceivingInstitution,
    institutions as condition_sending: ConditionSending,
    institutions as condition_receiving: ConditionReceiving,
    units as sending_unit: SendingUnit,
    units as receiving_unit: ReceivingUnit,
);

/// Changes the mobility's status as the domain decides, and records it: the caller runs this
/// inside `write_transaction` (the demo loader inside its own, longer one).
///
/// 1. Locks the mobility, then its cooperation condition (PostgreSQL row locks, in that order
///    everywhere, so two nominations under one condition queue and the second counts the
///    first's place; SQLite's immediate transaction already holds the only write lock).
/// 2. Reads every fact in three queries: the mobility joined with its person, agreement,
///    condition, institutions and units; the person's mobilities; what the condition's other
///    place-holding mobilities of the year hold together (counted by the database).
/// 3. `authorize` sees the facts first (who may change this mobility is the caller's rule).
/// 4. `nomination::decide_status_change` decides: the transition, and for a nomination the
///    references, the Erasmus+ rules and the quota; a refusal is returned as `E`.
/// 5. One write: the status, the actual dates and the quota override, then the history row.
///
/// On PostgreSQL this is eight statements with `BEGIN` and `COMMIT`, on SQLite seven; a
/// change to `live` reads one more (whether the learning agreement is signed by all three).
pub fn change_status_by_rules<E>(
    conn: &mut DbConnection,
    id: MobilityId,
    request: &StatusChangeRequest<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    authorize: impl FnOnce(&StatusChangeFacts) -> Result<(), E>,
) -> Result<Mobility, E>
where
    E: From<RepoError> + From<StatusChangeRefusal>,
{
    lock(conn, id)?;
    let mut facts = facts(conn, id)?;
    // The one change that needs the learning agreement reads it: a nomination does not.
    if request.to == MobilityStatus::Live {
        facts.learning_agreement_signed = Some(learning_agreement_signed(conn, id)?);
    }
    authorize(&facts)?;
    let decision = decide_status_change(&facts, request)?;
    Ok(record(conn, &facts.mobility, &decision, actor, now)?)
}

/// Whether some version of the mobility's learning agreement is signed by all three parties
/// (one indexed read: the agreement row keeps its approved version).
fn learning_agreement_signed(conn: &mut DbConnection, id: MobilityId) -> Result<bool, RepoError> {
    let count: i64 = crate::on_engine!(conn, |c| learning_agreements::table
        .filter(learning_agreements::mobility_id.eq(id.to_string()))
        .filter(learning_agreements::approved_number.is_not_null())
        .count()
        .get_result(c))?;
    Ok(count > 0)
}

/// PostgreSQL: locks the mobility's row and then its condition's in one statement, without
/// writing either (`FOR NO KEY UPDATE` is the lock an `UPDATE` of other columns takes, so
/// other writers of these rows queue here too). Whoever waited then reads the committed rows,
/// since READ COMMITTED gives every later statement a new snapshot. SQLite: nothing; the
/// immediate transaction serialises all writers.
fn lock(conn: &mut DbConnection, id: MobilityId) -> Result<(), RepoError> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query(
            "SELECT 1 FROM agreement_conditions WHERE id = \
             (SELECT condition_id FROM mobilities WHERE id = $1 FOR NO KEY UPDATE) FOR NO KEY UPDATE",
        )
        .bind::<Text, _>(id.to_string())
        .execute(pg)?;
    }
    Ok(())
}

/// The mobility and the records it names, as one row of [`facts`]' join.
type FactsRow = (
    MobilityRow,
    Option<(String, Option<String>)>,
    Option<AgreementRow>,
    Option<ConditionRow>,
    Option<(String, bool)>,
    Option<(String, bool)>,
    Option<(String, String)>,
    Option<(String, String)>,
    Option<String>,
    Option<String>,
);

/// One mobility of the person, as [`related`] reads it.
type PersonRow = (String, String, NaiveDate, NaiveDate, Option<NaiveDate>, Option<NaiveDate>);

/// Reads every fact a status change needs: the mobility with its person, agreement,
/// condition, both institutions, the condition's institutions and the named units in one
/// query, then the related mobilities in another.
fn facts(conn: &mut DbConnection, id: MobilityId) -> Result<StatusChangeFacts, RepoError> {
    let (mobility, person, agreement, condition, sending, receiving, cond_sending, cond_receiving, s_unit, r_unit) =
        mobilities::table
            .left_join(people::table.on(people::id.eq(mobilities::person_id)))
            .left_join(agreements::table.on(agreements::id.nullable().eq(mobilities::agreement_id)))
            .left_join(agreement_conditions::table.on(agreement_conditions::id.nullable().eq(mobilities::condition_id)))
            .left_join(
                sending_institution
                    .on(sending_institution.field(institutions::id).eq(mobilities::sending_institution_id)),
            )
            .left_join(
                receiving_institution
                    .on(receiving_institution.field(institutions::id).eq(mobilities::receiving_institution_id)),
            )
            .left_join(
                condition_sending
                    .on(condition_sending.field(institutions::id).eq(agreement_conditions::sending_institution_id)),
            )
            .left_join(
                condition_receiving
                    .on(condition_receiving.field(institutions::id).eq(agreement_conditions::receiving_institution_id)),
            )
            .left_join(sending_unit.on(sending_unit.field(units::id).nullable().eq(mobilities::sending_unit_id)))
            .left_join(receiving_unit.on(receiving_unit.field(units::id).nullable().eq(mobilities::receiving_unit_id)))
            .filter(mobilities::id.eq(id.to_string()))
            .select((
                <MobilityRow as SelectableHelper<Db>>::as_select(),
                (people::kind, people::user_id).nullable(),
                <Option<AgreementRow> as SelectableHelper<Db>>::as_select(),
                <Option<ConditionRow> as SelectableHelper<Db>>::as_select(),
                sending_institution.fields((institutions::hei_id, institutions::is_local)).nullable(),
                receiving_institution.fields((institutions::hei_id, institutions::is_local)).nullable(),
                condition_sending.fields((institutions::id, institutions::hei_id)).nullable(),
                condition_receiving.fields((institutions::id, institutions::hei_id)).nullable(),
                sending_unit.field(units::institution_id).nullable(),
                receiving_unit.field(units::institution_id).nullable(),
            ))
            .first::<FactsRow>(conn)?;
    // What the mobility holds as stored (the held places below count the stored values).
    let own_planned = hundredths_from_db(mobility.planned_duration)?;
    let mobility = Mobility::try_from(mobility)?;
    let person = person
        .map(|(kind, user_id)| {
            Ok::<_, RepoError>(PersonFacts {
                kind: ParticipantKind::parse(&kind).map_err(corrupt("kind"))?,
                user_id: user_id.map(|u| UserId::parse(&u).map_err(corrupt("user id"))).transpose()?,
            })
        })
        .transpose()?;
    let institution = |row: Option<(String, bool)>| {
        row.map(|(hei_id, is_local)| {
            Ok::<_, RepoError>(InstitutionFacts { hei_id: HeiId::parse(&hei_id).map_err(corrupt("hei_id"))?, is_local })
        })
        .transpose()
    };
    let unit_of =
        |raw: Option<String>| raw.map(|id| InstitutionId::parse(&id).map_err(corrupt("institution id"))).transpose();
    // The condition reads its sides' SCHAC codes; both were joined above.
    let condition = match condition {
        Some(row) => {
            let heis = [cond_sending, cond_receiving]
                .into_iter()
                .flatten()
                .map(|(id, hei)| Ok((id, HeiId::parse(&hei).map_err(corrupt("hei_id"))?)))
                .collect::<Result<HeiIds, RepoError>>()?;
            Some(row.into_domain(&heis)?)
        }
        None => None,
    };
    let references = ReferenceFacts {
        person,
        sending: institution(sending)?,
        receiving: institution(receiving)?,
        sending_unit_of: unit_of(s_unit)?,
        receiving_unit_of: unit_of(r_unit)?,
        agreement: agreement.map(Agreement::try_from).transpose()?,
        condition,
    };
    let (person_mobilities, held) = related(conn, &mobility, own_planned)?;
    Ok(StatusChangeFacts { mobility, references, person_mobilities, held, learning_agreement_signed: None })
}

/// The person's mobilities (as the overlap rule reads them: actual dates where known) and what
/// the condition's other place-holding mobilities of the mobility's academic year hold
/// together, in two statements.
fn related(
    conn: &mut DbConnection,
    mobility: &Mobility,
    own_planned: Hundredths,
) -> Result<(Vec<PersonMobility<MobilityId>>, HeldPlaces), RepoError> {
    let person = mobility.data.person_id.to_string();
    let rows: Vec<PersonRow> = crate::on_engine!(conn, |c| mobilities::table
        .filter(mobilities::person_id.eq(&person))
        .select((
            mobilities::id,
            mobilities::status,
            mobilities::planned_start,
            mobilities::planned_end,
            mobilities::actual_start,
            mobilities::actual_end,
        ))
        .order(mobilities::id.asc())
        .load(c))?;
    let mut person_mobilities = Vec::with_capacity(rows.len());
    for (id, status, start, end, actual_start, actual_end) in rows {
        let planned = DateRange::new(start, end).map_err(corrupt("period"))?;
        let period = DateRange::new(actual_start.unwrap_or(start), actual_end.unwrap_or(end)).unwrap_or(planned);
        person_mobilities.push(PersonMobility {
            id: MobilityId::parse(&id).map_err(corrupt("mobility id"))?,
            status: MobilityStatus::parse(&status).map_err(corrupt("status"))?,
            period,
        });
    }
    let held = match mobility.data.condition_id {
        Some(condition) => held_places(conn, condition.to_string(), mobility, own_planned)?,
        None => HeldPlaces::default(),
    };
    Ok((person_mobilities, held))
}

/// What the place-holding mobilities of `condition` in the mobility's academic year hold,
/// the mobility itself left out, counted by the database: one row whatever their number, so a
/// nomination's cost does not grow with the condition's mobilities (it read every one of them
/// before: 2,000 rows a nomination in the benchmark). The condition index serves it.
fn held_places(
    conn: &mut DbConnection,
    condition: String,
    mobility: &Mobility,
    own_planned: Hundredths,
) -> Result<HeldPlaces, RepoError> {
    let holding: Vec<&str> = MobilityStatus::ALL.iter().filter(|s| s.holds_place()).map(|s| s.as_str()).collect();
    let year = year_to_db(mobility.data.academic_year);
    // No `id <> ?` here: the index holds every column this reads but the id, so the engines
    // answer from the index alone; the mobility's own share is taken off below instead.
    let (places, amount): (i64, Option<i64>) = crate::on_engine!(conn, |c| mobilities::table
        .filter(mobilities::condition_id.eq(&condition))
        .filter(mobilities::receiving_academic_year.eq(year))
        .filter(mobilities::status.eq_any(&holding))
        .select((diesel::dsl::count_star(), diesel::dsl::sum(mobilities::planned_duration)))
        .first(c))?;
    let corrupt_total = |what: &str, raw: i64| RepoError::Corrupt(format!("{what} held under a condition: {raw}"));
    let all = HeldPlaces {
        places: u32::try_from(places).map_err(|_| corrupt_total("places", places))?,
        amount: Hundredths::from_hundredths(
            u64::try_from(amount.unwrap_or(0)).map_err(|_| corrupt_total("amount", amount.unwrap_or(0)))?,
        ),
    };
    if !mobility.status.holds_place() {
        return Ok(all);
    }
    // The mobility (read under its lock) is among those counted: leave it out.
    match all.places.checked_sub(1) {
        Some(places) if own_planned <= all.amount => {
            Ok(HeldPlaces { places, amount: all.amount.saturating_sub(own_planned) })
        }
        _ => Err(RepoError::Corrupt(format!(
            "condition {condition}'s held places do not count mobility {}",
            mobility.id
        ))),
    }
}

/// Records the decision: the status, the actual dates and the override reason it decided,
/// then the history row; returns the mobility as stored. `Stale` when the status is no
/// longer the one decided from (it cannot be under the lock; this keeps the write honest).
fn record(
    conn: &mut DbConnection,
    mobility: &Mobility,
    decision: &StatusChangeDecision,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Mobility, RepoError> {
    let transition = &decision.transition;
    let row = diesel::update(
        mobilities::table
            .filter(mobilities::id.eq(mobility.id.to_string()))
            .filter(mobilities::status.eq(transition.from.as_str())),
    )
    .set((
        mobilities::status.eq(transition.to.as_str()),
        mobilities::quota_override_reason.eq(decision.quota_override_reason.as_deref()),
        mobilities::actual_start.eq(decision.actual_start),
        mobilities::actual_end.eq(decision.actual_end),
        mobilities::version.eq(mobilities::version + 1),
        mobilities::updated_at.eq(db_time(now)),
    ))
    .returning(mobilities::all_columns)
    .get_result::<MobilityRow>(conn)
    .optional()?
    .ok_or(RepoError::Stale)?;
    record_change(conn, mobility.id, Some(transition.from), transition.to, transition.reason.as_deref(), actor, now)?;
    Mobility::try_from(row)
}
