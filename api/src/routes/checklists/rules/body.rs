//! The rule row as the API reads and shows it: the kind, the kind's own fields in the
//! rule-file vocabulary, and the provenance every row carries.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use iro_persistence::models::checklist_rule::ChecklistRuleRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::http::validation::{rules, trim};
use crate::routes::checklists::checklist::vocabulary::{FactStatusName, RuleKindName};

/// One field value of a rule: text, a whole number, yes/no, or a list. Stored and shown in
/// the rule-file form: lists comma-separated, yes/no as `yes`/`no`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum RuleFieldValue {
    /// Text, a code, `*` (every value), a date or a comma-separated list.
    Text(String),
    /// A whole number (days, hours, months).
    Number(u32),
    /// yes / no.
    Flag(bool),
    /// A list of codes.
    List(Vec<String>),
}

impl RuleFieldValue {
    /// The rule-file form.
    pub fn text(&self) -> String {
        match self {
            RuleFieldValue::Text(text) => text.trim().to_owned(),
            RuleFieldValue::Number(n) => n.to_string(),
            RuleFieldValue::Flag(true) => "yes".to_owned(),
            RuleFieldValue::Flag(false) => "no".to_owned(),
            RuleFieldValue::List(items) => items.iter().map(|i| i.trim()).collect::<Vec<_>>().join(", "),
        }
    }
}

/// A new rule row. To change a rule, add a row that `replaces_id` the old one from the day the
/// change takes effect: the old row is closed the day before and kept. To correct a wrong
/// row, withdraw it and add the right one.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "registration",
    "fields": {"citizenship": "*", "destination": "BG", "within": "5 working_days",
               "authority": "migration directorate", "note": "Foreigners register their address within 5 working days."},
    "valid_from": "2027-01-01",
    "source": "https://www.mvr.bg/",
    "status": "secondary",
    "last_checked": "2026-11-28"
}))]
pub struct ChecklistRuleInput {
    /// The kind of rule.
    pub kind: RuleKindName,
    /// The kind's own fields, in the rule-file vocabulary (`GET /api/v1/checklist-rules`
    /// describes each kind's keys); unknown keys are refused.
    pub fields: BTreeMap<String, RuleFieldValue>,
    /// First day the rule holds; `null` when the source gives no start date.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day the rule holds (inclusive); `null` while it holds.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// A URL or a reference (1–1,000 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 1000)]
    #[validate(
        length(max = 1000),
        custom(function = "rules::required", message = "name the source: a URL or a reference")
    )]
    pub source: String,
    /// How sure the fact is.
    pub status: FactStatusName,
    /// When a person last checked the source.
    pub last_checked: NaiveDate,
    /// The open row this one replaces from `valid_from` on (same kind).
    #[serde(default)]
    pub replaces_id: Option<Uuid>,
}

/// A withdrawal.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Entered for the wrong destination"}))]
pub struct ChecklistRuleWithdrawalInput {
    /// Why (1–2,000 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::required", message = "say why the rule is withdrawn"))]
    pub reason: String,
}

/// Who withdrew a row, when and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WithdrawalResponse {
    /// Who: a username.
    pub withdrawn_by: String,
    /// Who, as a stable reference.
    pub withdrawn_by_id: String,
    /// When.
    pub withdrawn_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// A stored rule row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChecklistRuleResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The kind of rule.
    pub kind: RuleKindName,
    /// The kind's own fields in the rule-file vocabulary (lists comma-separated, `*` for
    /// every value, yes/no).
    pub fields: BTreeMap<String, String>,
    /// First day; `null` when the source gives none.
    pub valid_from: Option<NaiveDate>,
    /// Last day (inclusive); `null` while it holds.
    pub valid_to: Option<NaiveDate>,
    /// Where the fact comes from: for a seeded row its public sources (title, date when the
    /// source gives one, URL; several separated by ` ; `) or the statement that none was
    /// found; an officer's URL or reference otherwise.
    pub source: String,
    /// How sure the fact is.
    pub status: FactStatusName,
    /// When a person last checked the source.
    pub last_checked: NaiveDate,
    /// The row this one replaced.
    pub replaces_id: Option<Uuid>,
    /// `seed` for rows shipped with iro, `office` for rows added since.
    pub origin: RuleOrigin,
    /// Who added it; `null` for seeded rows.
    pub created_by: Option<String>,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// Set when the row was withdrawn: it is kept, but no checklist uses it.
    pub withdrawal: Option<WithdrawalResponse>,
    /// Last change (closing by a replacement, withdrawal).
    pub updated_at: DateTime<Utc>,
}

/// Where a row came from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RuleOrigin {
    /// Shipped with iro.
    Seed,
    /// Added by the office.
    Office,
}

impl From<ChecklistRuleRecord> for ChecklistRuleResponse {
    fn from(record: ChecklistRuleRecord) -> Self {
        let rule = record.rule;
        ChecklistRuleResponse {
            id: record.id.as_uuid(),
            kind: rule.kind.into(),
            fields: rule.fields.into_iter().collect(),
            valid_from: rule.valid_from,
            valid_to: rule.valid_to,
            source: rule.source,
            status: rule.status.into(),
            last_checked: rule.last_checked,
            replaces_id: record.replaces_id.map(|id| id.as_uuid()),
            origin: if record.seed_key.is_some() { RuleOrigin::Seed } else { RuleOrigin::Office },
            created_by: record.created_by.map(|a| a.name),
            created_at: record.created_at,
            withdrawal: record.withdrawal.map(|w| WithdrawalResponse {
                withdrawn_by: w.by.name,
                withdrawn_by_id: w.by.id,
                withdrawn_at: w.at,
                reason: w.reason,
            }),
            updated_at: record.updated_at,
        }
    }
}
