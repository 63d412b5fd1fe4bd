//! `checklist_rules` rows: a visa, registration, document, health-coverage or insurance rule
//! with its provenance, replacement link and withdrawal.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::ChecklistRuleId;
use iro_domain::agreement::Actor;
use iro_domain::checklist::{FactStatus, RuleKind, RuleRow};

use super::{corrupt, utc};
use crate::RepoError;
use crate::schema::checklist_rules;

/// A row of `checklist_rules`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = checklist_rules)]
pub struct ChecklistRuleRow {
    /// Id.
    pub id: String,
    /// The rule kind's wire name.
    pub kind: String,
    /// JSON object: the kind's own fields in the rule-file vocabulary.
    pub fields: String,
    /// First day; `None` when the source gives none.
    pub valid_from: Option<NaiveDate>,
    /// Last day (inclusive).
    pub valid_to: Option<NaiveDate>,
    /// URL or reference.
    pub source: String,
    /// Fact status wire name.
    pub status: String,
    /// Last check of the source.
    pub last_checked: NaiveDate,
    /// The row this one replaced.
    pub replaces_id: Option<String>,
    /// `file#n` for seeded rows.
    pub seed_key: Option<String>,
    /// Who added it (`None` for seeded rows).
    pub created_by: Option<String>,
    /// Their name.
    pub created_by_name: Option<String>,
    /// When (UTC).
    pub created_at: NaiveDateTime,
    /// Who withdrew it.
    pub withdrawn_by: Option<String>,
    /// Their name.
    pub withdrawn_by_name: Option<String>,
    /// When (UTC).
    pub withdrawn_at: Option<NaiveDateTime>,
    /// Why.
    pub withdrawal_reason: Option<String>,
    /// Last change: insert, closing by a replacement, withdrawal (UTC).
    pub updated_at: NaiveDateTime,
}

/// A rule to store.
#[derive(Debug, Clone)]
pub struct NewChecklistRule {
    /// The kind.
    pub kind: RuleKind,
    /// The kind's own fields (no provenance keys), in order.
    pub fields: Vec<(String, String)>,
    /// First day.
    pub valid_from: Option<NaiveDate>,
    /// Last day.
    pub valid_to: Option<NaiveDate>,
    /// Source.
    pub source: String,
    /// Status.
    pub status: FactStatus,
    /// Last check.
    pub last_checked: NaiveDate,
}

impl NewChecklistRule {
    /// The row as the domain's rule parser reads it: the kind's fields, then the provenance.
    pub fn rule_row(&self) -> RuleRow {
        let mut fields = self.fields.clone();
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        fields.push(("valid_from".to_owned(), day(self.valid_from).unwrap_or_else(|| "undated".to_owned())));
        if let Some(to) = day(self.valid_to) {
            fields.push(("valid_to".to_owned(), to));
        }
        fields.push(("source".to_owned(), self.source.clone()));
        fields.push(("status".to_owned(), self.status.as_str().to_owned()));
        fields.push(("last_checked".to_owned(), self.last_checked.to_string()));
        RuleRow { kind: self.kind, fields }
    }
}

/// Who withdrew a row, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// Who.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// A stored rule.
#[derive(Debug, Clone)]
pub struct ChecklistRuleRecord {
    /// Id.
    pub id: ChecklistRuleId,
    /// The rule (kind, fields and provenance).
    pub rule: NewChecklistRule,
    /// The row it replaced.
    pub replaces_id: Option<ChecklistRuleId>,
    /// `file#n` for a seeded row.
    pub seed_key: Option<String>,
    /// Who added it; `None` when seeded.
    pub created_by: Option<Actor>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Set once withdrawn.
    pub withdrawal: Option<Withdrawal>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Serialises fields as a JSON object (keys are unique in a rule row).
pub(crate) fn fields_json(fields: &[(String, String)]) -> Result<String, RepoError> {
    let object: serde_json::Map<String, serde_json::Value> =
        fields.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
    serde_json::to_string(&object).map_err(|e| RepoError::Corrupt(format!("rule fields: {e}")))
}

fn parse_fields(json: &str) -> Result<Vec<(String, String)>, RepoError> {
    // serde_json keeps insertion order only with `preserve_order`; the order of a rule's fields
    // carries no meaning, so the stored order (sorted) is fine.
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("rule fields: {e}")))?;
    object
        .into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            other => Err(RepoError::Corrupt(format!("rule field {k} is {other}, not a string"))),
        })
        .collect()
}

impl TryFrom<ChecklistRuleRow> for ChecklistRuleRecord {
    type Error = RepoError;

    fn try_from(row: ChecklistRuleRow) -> Result<Self, RepoError> {
        let actor =
            |id: Option<String>, name: Option<String>| id.map(|id| Actor { id, name: name.unwrap_or_default() });
        let withdrawal = match (row.withdrawn_at, row.withdrawal_reason) {
            (Some(at), Some(reason)) => Some(Withdrawal {
                by: actor(row.withdrawn_by, row.withdrawn_by_name)
                    .ok_or_else(|| RepoError::Corrupt(format!("rule {} withdrawn by nobody", row.id)))?,
                at: utc(at),
                reason,
            }),
            _ => None,
        };
        Ok(ChecklistRuleRecord {
            id: ChecklistRuleId::parse(&row.id).map_err(corrupt("checklist rule id"))?,
            rule: NewChecklistRule {
                kind: RuleKind::parse(&row.kind).map_err(corrupt("rule kind"))?,
                fields: parse_fields(&row.fields)?,
                valid_from: row.valid_from,
                valid_to: row.valid_to,
                source: row.source,
                status: FactStatus::parse(&row.status).map_err(corrupt("rule status"))?,
                last_checked: row.last_checked,
            },
            replaces_id: row
                .replaces_id
                .as_deref()
                .map(ChecklistRuleId::parse)
                .transpose()
                .map_err(corrupt("replaced rule id"))?,
            seed_key: row.seed_key,
            created_by: actor(row.created_by, row.created_by_name),
            created_at: utc(row.created_at),
            withdrawal,
            updated_at: utc(row.updated_at),
        })
    }
}
