//! `/api/v1/checklist-rules`: the visa, registration, document, health-coverage and insurance
//! rules checklists are generated from, as data with validity, source (the public sources),
//! status and last check. Officers add rows; rows are never overwritten: a change is a new
//! row replacing an open one from a date (the old row is closed the day before), a mistake is
//! withdrawn (kept, with who, when and why).

mod body;

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::ChecklistRuleId;
use iro_domain::checklist::{FactStatus, PROVENANCE_KEYS, RuleKind, closing_day};
use iro_persistence::models::checklist_rule::NewChecklistRule;
use iro_persistence::repositories::checklist_rules::{self, RuleFilter};
use iro_persistence::{DbConnection, RepoError};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::json_body::JsonBody;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation;
use crate::routes::checklists::checklist::generation::rule_set;
use crate::routes::checklists::checklist::vocabulary::{FactStatusName, RuleKindName};
use crate::routes::shared::actor::actor;
use crate::state::AppState;

pub use body::{
    ChecklistRuleInput, ChecklistRuleResponse, ChecklistRuleWithdrawalInput, RuleFieldValue, RuleOrigin,
    WithdrawalResponse,
};

/// Filters and paging of the rule list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChecklistRuleQuery {
    /// Only rules of this kind.
    #[param(inline)]
    pub kind: Option<RuleKindName>,
    /// Only rules with this fact status (e.g. `unconfirmed`, to review them).
    #[param(inline)]
    pub status: Option<FactStatusName>,
    /// Only rules holding on this day.
    pub valid_on: Option<NaiveDate>,
    /// Include withdrawn rules (default false).
    pub include_withdrawn: Option<bool>,
    /// Only rules stored, closed or withdrawn at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(ChecklistRulePage, ChecklistRuleResponse, "A page of checklist rules.");

/// List checklist rules
///
/// Every rule row with its validity, source, status and last check, oldest first; closed rows
/// stay listed (their `valid_to` says until when they held), withdrawn ones only with
/// `include_withdrawn=true`. Fields per kind (rule-file vocabulary; lists comma-separated,
/// `*` = all):
/// `visa`: citizenship, destination, purpose, min_stay_days, max_stay_days, visa, visa_free_days,
/// window_days, schengen_shared, id_card (yes/no/unknown), residence_permit_after_days,
/// documents (document codes), lead_time_days, note.
/// `registration`: citizenship, destination, within (`24 hours`, `30 days`, `3 working_days`),
/// authority, note.
/// `document`: code, title, min_validity_months, max_age_months, note.
/// `health_coverage`: home, destination, scheme (`ehic`, `bilateral_certificate`, `none`), forms,
/// covers (`urgent_care_only`, `necessary_care`, `nothing`), note.
/// `insurance`: programme, activity, destination, min_stay_days, cover, mandatory, provider,
/// fallback, note.
#[utoipa::path(
    operation_id = "list_checklist_rules",
    tag = "checklists",
    params(ChecklistRuleQuery),
    responses((status = 200, description = "A page of rules", body = ChecklistRulePage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "checklists:read"])),
)]
#[get("/checklist-rules")]
pub async fn list_checklist_rules(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ChecklistRuleQuery>,
) -> ApiResult<web::Json<ChecklistRulePage>> {
    principal.require(Access::ReadChecklistRules)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = RuleFilter {
        kind: query.kind.map(RuleKind::from),
        status: query.status.map(FactStatus::from),
        valid_on: query.valid_on,
        include_withdrawn: query.include_withdrawn.unwrap_or(false),
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(checklist_rules::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, ChecklistRuleResponse::from).into()))
}

/// Get a checklist rule
#[utoipa::path(
    operation_id = "get_checklist_rule",
    tag = "checklists",
    params(("id" = Uuid, Path, description = "Rule id")),
    responses((status = 200, description = "The rule", body = ChecklistRuleResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "reporting", "checklists:read"])),
)]
#[get("/checklist-rules/{id}")]
pub async fn get_checklist_rule(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ChecklistRuleResponse>> {
    principal.require(Access::ReadChecklistRules)?;
    let id = ChecklistRuleId::from_uuid(id.into_inner());
    let rule = db::read(&state.pool, move |conn| Ok(checklist_rules::find(conn, id)?)).await?;
    Ok(web::Json(rule.into()))
}

/// Add a checklist rule
///
/// Adds a rule row, checked exactly like the seeded rule files: unknown keys, unreadable
/// values and missing required keys are refused with 422 naming `fields.<key>`; a visa rule's
/// `documents` must name document codes in force. With `replaces_id`, the replaced row (same
/// kind, not withdrawn, starting before `valid_from`) is closed the day before `valid_from`,
/// in the same transaction; it stays readable, so checklists for earlier dates still follow
/// it. Checklists use the new row at once.
#[utoipa::path(
    operation_id = "create_checklist_rule",
    tag = "checklists",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = ChecklistRuleInput,
    responses((status = 201, description = "The stored rule", body = ChecklistRuleResponse,
        headers(("Location" = String, description = "URL of the new rule")))),
    security(("bearer" = ["admin", "officer"])),
)]
#[post("/checklist-rules")]
pub async fn create_checklist_rule(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<ChecklistRuleInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteChecklistRules)?;
    let input = body.0;
    let replaces = input.replaces_id.map(ChecklistRuleId::from_uuid);
    let rule = NewChecklistRule::try_from(input)?;
    db::write(
        &state.pool,
        move |conn| {
            let closing = match replaces {
                Some(old) => Some((old, replacement_closing(conn, old, &rule)?)),
                None => None,
            };
            check_against_rules(conn, &rule, closing)?;
            Ok(checklist_rules::insert(conn, &rule, closing, &actor(&principal), Utc::now())?)
        },
        move |stored| {
            let location = format!("/api/v1/checklist-rules/{}", stored.id);
            HttpResponse::Created()
                .insert_header((header::LOCATION, location))
                .json(ChecklistRuleResponse::from(stored))
        },
    )
    .await
}

/// Withdraw a checklist rule
///
/// Marks a wrong row withdrawn: it is kept (with who, when and why) but no checklist uses it
/// any more. A row already withdrawn → 409 `rule_withdrawn`.
#[utoipa::path(
    operation_id = "withdraw_checklist_rule",
    tag = "checklists",
    params(("id" = Uuid, Path, description = "Rule id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = ChecklistRuleWithdrawalInput,
    responses((status = 200, description = "The withdrawn rule", body = ChecklistRuleResponse)),
    security(("bearer" = ["admin", "officer"])),
)]
#[post("/checklist-rules/{id}/withdraw")]
pub async fn withdraw_checklist_rule(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<ChecklistRuleWithdrawalInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteChecklistRules)?;
    let id = ChecklistRuleId::from_uuid(id.into_inner());
    let input = body.0;
    validation::validate(&input)?;
    let reason = input.reason;
    db::write(
        &state.pool,
        move |conn| match checklist_rules::withdraw(conn, id, &reason, &actor(&principal), Utc::now()) {
            Err(RepoError::Stale) => Err(already_withdrawn()),
            other => Ok(other?),
        },
        move |withdrawn| HttpResponse::Ok().json(ChecklistRuleResponse::from(withdrawn)),
    )
    .await
}

fn already_withdrawn() -> ApiError {
    ApiError::Conflict {
        code: "rule_withdrawn",
        detail: "the rule was withdrawn; add a new row instead".to_owned(),
        errors: vec![],
    }
}

impl TryFrom<ChecklistRuleInput> for NewChecklistRule {
    type Error = ApiError;

    /// Checks what can be checked without the database and normalises the fields.
    fn try_from(input: ChecklistRuleInput) -> ApiResult<Self> {
        let mut errors = validation::errors_of(&input);
        if input.last_checked > Utc::now().date_naive() {
            errors.push(FieldError::new("last_checked", "range", "last_checked cannot be in the future"));
        }
        let mut fields = Vec::new();
        for (key, value) in input.fields {
            if PROVENANCE_KEYS.contains(&key.as_str()) {
                errors.push(FieldError::new(
                    format!("fields.{key}"),
                    "misplaced",
                    format!("{key} is a top-level field of the rule, not one of its fields"),
                ));
                continue;
            }
            let text = value.text();
            if text.chars().count() > 2000 {
                errors.push(FieldError::new(
                    format!("fields.{key}"),
                    "range",
                    "a field holds at most 2,000 characters",
                ));
            }
            fields.push((key, text));
        }
        errors.finish()?;
        Ok(NewChecklistRule {
            kind: input.kind.into(),
            fields,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            source: input.source,
            status: input.status.into(),
            last_checked: input.last_checked,
        })
    }
}

/// The day the replaced row closes; refuses a replacement of a missing, other-kind or
/// withdrawn row, or one that does not start after it.
fn replacement_closing(conn: &mut DbConnection, old: ChecklistRuleId, rule: &NewChecklistRule) -> ApiResult<NaiveDate> {
    let replaced = match checklist_rules::find(conn, old) {
        Ok(found) => found,
        Err(RepoError::NotFound) => {
            return Err(ApiError::Validation(vec![FieldError::new("replaces_id", "unknown", "no rule has this id")]));
        }
        Err(other) => return Err(other.into()),
    };
    if replaced.withdrawal.is_some() {
        return Err(already_withdrawn());
    }
    if replaced.rule.kind != rule.kind {
        return Err(ApiError::Validation(vec![FieldError::new(
            "replaces_id",
            "kind_mismatch",
            format!("a {} rule cannot replace a {} rule", rule.kind, replaced.rule.kind),
        )]));
    }
    closing_day(replaced.rule.valid_from, rule.valid_from)
        .map_err(|message| ApiError::Validation(vec![FieldError::new("valid_from", "replacement_start", message)]))
}

/// Checks the row with the domain's rule parser, against the rules in force (with the
/// replaced row closed), so a duplicate document or a visa rule naming an unknown document
/// is refused like in a rule file.
fn check_against_rules(
    conn: &mut DbConnection,
    rule: &NewChecklistRule,
    closing: Option<(ChecklistRuleId, NaiveDate)>,
) -> ApiResult<()> {
    let mut records = checklist_rules::active(conn)?;
    if let Some((old, last_day)) = closing
        && let Some(replaced) = records.iter_mut().find(|r| r.id == old)
    {
        replaced.rule.valid_to = Some(replaced.rule.valid_to.map_or(last_day, |to| to.min(last_day)));
    }
    let mut rules = rule_set(records)?;
    rules.add_row(&rule.rule_row()).map_err(|e| {
        let field = match e.key {
            Some(key) if PROVENANCE_KEYS.contains(&key.as_str()) => key,
            Some(key) => format!("fields.{key}"),
            None => "fields".to_owned(),
        };
        ApiError::Validation(vec![FieldError::new(field, e.code, e.message)])
    })?;
    if let Some(added) = rules.visa.last().filter(|_| rule.kind == RuleKind::Visa) {
        let unknown = rules.undefined_documents(added);
        if !unknown.is_empty() {
            return Err(ApiError::Validation(vec![FieldError::new(
                "fields.documents",
                "unknown",
                format!("no document rule defines {unknown:?}; add the document rows first"),
            )]));
        }
    }
    Ok(())
}
