//! Checklist rules: seed from the domain's rule files (and correct the citations of rows
//! seeded before), list, find, add (optionally replacing an open row, which is closed the day
//! before), withdraw, and the rows checklists use.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use iro_domain::ChecklistRuleId;
use iro_domain::agreement::Actor;
use iro_domain::checklist::{FactStatus, PROVENANCE_KEYS, RuleKind, RuleRow, SEED_FILES, split_rows};

use crate::models::checklist_rule::{ChecklistRuleRecord, ChecklistRuleRow, NewChecklistRule, fields_json};
use crate::models::db_time;
use crate::repositories::citations;
use crate::schema::checklist_rules;
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the rule list.
#[derive(Debug, Clone, Default)]
pub struct RuleFilter {
    /// Only this kind.
    pub kind: Option<RuleKind>,
    /// Only this fact status.
    pub status: Option<FactStatus>,
    /// Only rows holding on this day.
    pub valid_on: Option<NaiveDate>,
    /// Withdrawn rows too.
    pub include_withdrawn: bool,
    /// Changed at or after.
    pub modified_since: Option<DateTime<Utc>>,
}

fn seed_rule(row: &RuleRow) -> Result<NewChecklistRule, RepoError> {
    let bad = |what: &str| RepoError::Setup(format!("seed rule: {what}"));
    let date = |key: &str| -> Result<Option<NaiveDate>, RepoError> {
        match row.get(key) {
            None | Some("undated") => Ok(None),
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| bad(key)),
        }
    };
    let status = row.get("status").ok_or_else(|| bad("status"))?;
    Ok(NewChecklistRule {
        kind: row.kind,
        fields: row.fields.iter().filter(|(k, _)| !PROVENANCE_KEYS.contains(&k.as_str())).cloned().collect(),
        valid_from: date("valid_from")?,
        valid_to: date("valid_to")?,
        source: row.get("source").ok_or_else(|| bad("source"))?.to_owned(),
        status: FactStatus::parse(status).map_err(|_| bad("status"))?,
        last_checked: date("last_checked")?.ok_or_else(|| bad("last_checked"))?,
    })
}

/// Inserts every record of the domain's seed rule files not stored yet, keyed `file#n` (the
/// n-th record of the file): the seed files only ever grow, so a release that appends rows
/// adds them and rows already stored (possibly closed or withdrawn since) are left alone,
/// but for the citation correction of [`correct_seeded_citations`]. Returns how many were
/// added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let stored: Vec<Option<String>> = checklist_rules::table
        .filter(checklist_rules::seed_key.is_not_null())
        .select(checklist_rules::seed_key)
        .load(conn)?;
    let mut added = 0;
    for (file, text) in SEED_FILES {
        let rows = split_rows(file, text).map_err(|e| RepoError::Setup(e.to_string()))?;
        for (index, row) in rows.iter().enumerate() {
            let key = format!("{file}#{}", index + 1);
            if stored.iter().flatten().any(|k| *k == key) {
                continue;
            }
            insert_row(conn, &seed_rule(row)?, None, Some(&key), None, now)?;
            added += 1;
        }
    }
    Ok(added)
}

/// Gives seeded rows still citing a retired citation (`citations::is_retired`) their seed
/// record's current source, when the row says what the record says: same kind, fields,
/// `valid_from` and status (`valid_to` is not compared: the office closes a seeded row by
/// replacing it, which does not change what the row said while it held). The stored
/// `last_checked` stays. See `repositories::citations`. Returns how many were corrected.
pub fn correct_seeded_citations(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let stored: Vec<ChecklistRuleRow> = checklist_rules::table
        .filter(checklist_rules::seed_key.is_not_null())
        .select(ChecklistRuleRow::as_select())
        .load(conn)?;
    let mut corrected = 0;
    for (file, text) in SEED_FILES {
        let rows = split_rows(file, text).map_err(|e| RepoError::Setup(e.to_string()))?;
        for (index, row) in rows.iter().enumerate() {
            let key = format!("{file}#{}", index + 1);
            let Some(old) = stored.iter().find(|r| r.seed_key.as_deref() == Some(key.as_str())) else {
                continue;
            };
            let seed = seed_rule(row)?;
            if !citations::is_retired(&old.source) || old.source == seed.source {
                continue;
            }
            let record = ChecklistRuleRecord::try_from(old.clone())?.rule;
            let sorted = |fields: &[(String, String)]| fields.iter().cloned().collect::<BTreeMap<_, _>>();
            let same_fact = record.kind == seed.kind
                && sorted(&record.fields) == sorted(&seed.fields)
                && record.valid_from == seed.valid_from
                && record.status == seed.status;
            if !same_fact {
                citations::left_alone("checklist rule", &key);
                continue;
            }
            corrected +=
                diesel::update(checklist_rules::table.find(&old.id).filter(checklist_rules::source.eq(&old.source)))
                    .set((checklist_rules::source.eq(&seed.source), checklist_rules::updated_at.eq(db_time(now))))
                    .execute(conn)?;
        }
    }
    Ok(corrected)
}

fn insert_row(
    conn: &mut DbConnection,
    rule: &NewChecklistRule,
    replaces: Option<ChecklistRuleId>,
    seed_key: Option<&str>,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
) -> Result<ChecklistRuleRecord, RepoError> {
    let id = ChecklistRuleId::generate().to_string();
    diesel::insert_into(checklist_rules::table)
        .values((
            checklist_rules::id.eq(&id),
            checklist_rules::kind.eq(rule.kind.as_str()),
            checklist_rules::fields.eq(fields_json(&rule.fields)?),
            checklist_rules::valid_from.eq(rule.valid_from),
            checklist_rules::valid_to.eq(rule.valid_to),
            checklist_rules::source.eq(&rule.source),
            checklist_rules::status.eq(rule.status.as_str()),
            checklist_rules::last_checked.eq(rule.last_checked),
            checklist_rules::replaces_id.eq(replaces.map(|r| r.to_string())),
            checklist_rules::seed_key.eq(seed_key),
            checklist_rules::created_by.eq(actor.map(|a| a.id.clone())),
            checklist_rules::created_by_name.eq(actor.map(|a| a.name.clone())),
            checklist_rules::created_at.eq(db_time(now)),
            checklist_rules::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, ChecklistRuleId::parse(&id).map_err(|e| RepoError::Corrupt(e.to_string()))?)
}

/// Lists rules ordered by id (creation order).
pub fn list(
    conn: &mut DbConnection,
    filter: &RuleFilter,
    page: &PageRequest,
) -> Result<Page<ChecklistRuleRecord>, RepoError> {
    let mut query =
        checklist_rules::table.select(ChecklistRuleRow::as_select()).order(checklist_rules::id.asc()).into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(checklist_rules::kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(checklist_rules::status.eq(status.as_str()));
    }
    if let Some(day) = filter.valid_on {
        query = query
            .filter(checklist_rules::valid_from.is_null().or(checklist_rules::valid_from.le(day)))
            .filter(checklist_rules::valid_to.is_null().or(checklist_rules::valid_to.ge(day)));
    }
    if !filter.include_withdrawn {
        query = query.filter(checklist_rules::withdrawn_at.is_null());
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(checklist_rules::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(checklist_rules::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<ChecklistRuleRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(ChecklistRuleRecord::try_from)
}

/// Every rule not withdrawn: what checklists are generated from.
pub fn active(conn: &mut DbConnection) -> Result<Vec<ChecklistRuleRecord>, RepoError> {
    checklist_rules::table
        .filter(checklist_rules::withdrawn_at.is_null())
        .select(ChecklistRuleRow::as_select())
        .order(checklist_rules::id.asc())
        .load::<ChecklistRuleRow>(conn)?
        .into_iter()
        .map(ChecklistRuleRecord::try_from)
        .collect()
}

/// Finds a rule.
pub fn find(conn: &mut DbConnection, id: ChecklistRuleId) -> Result<ChecklistRuleRecord, RepoError> {
    checklist_rules::table
        .find(id.to_string())
        .select(ChecklistRuleRow::as_select())
        .first::<ChecklistRuleRow>(conn)?
        .try_into()
}

/// Adds a rule written by a person. With `replaces = Some((id, last_day))` the replaced row
/// is closed on `last_day` (unless it already ends earlier); run it in a write transaction so
/// the closing and the new row land together.
pub fn insert(
    conn: &mut DbConnection,
    rule: &NewChecklistRule,
    replaces: Option<(ChecklistRuleId, NaiveDate)>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ChecklistRuleRecord, RepoError> {
    if let Some((old, last_day)) = replaces {
        diesel::update(
            checklist_rules::table
                .find(old.to_string())
                .filter(checklist_rules::valid_to.is_null().or(checklist_rules::valid_to.gt(last_day))),
        )
        .set((checklist_rules::valid_to.eq(Some(last_day)), checklist_rules::updated_at.eq(db_time(now))))
        .execute(conn)?;
    }
    insert_row(conn, rule, replaces.map(|(old, _)| old), None, Some(actor), now)
}

/// Withdraws a rule (kept, no longer used). `Stale` when it was withdrawn already.
pub fn withdraw(
    conn: &mut DbConnection,
    id: ChecklistRuleId,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ChecklistRuleRecord, RepoError> {
    let changed =
        diesel::update(checklist_rules::table.find(id.to_string()).filter(checklist_rules::withdrawn_at.is_null()))
            .set((
                checklist_rules::withdrawn_by.eq(Some(&actor.id)),
                checklist_rules::withdrawn_by_name.eq(Some(&actor.name)),
                checklist_rules::withdrawn_at.eq(Some(db_time(now))),
                checklist_rules::withdrawal_reason.eq(Some(reason)),
                checklist_rules::updated_at.eq(db_time(now)),
            ))
            .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}
