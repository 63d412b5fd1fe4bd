//! `/api/v1/mobilities/{id}/checklist`: a mobility's visa and insurance checklist, generated
//! on each read from the rules valid on its dates (so a change of dates, destination or rules
//! shows at once), and progress recorded per item key (so it survives regeneration while the
//! item still applies).

mod body;
pub mod generation;
pub mod vocabulary;

use actix_web::{get, patch, web};
use chrono::Utc;
use iro_domain::MobilityId;
use iro_domain::checklist::{Checklist, ChecklistItem, ProgressStatus, alerts};
use iro_persistence::models::checklist_progress::ProgressData;
use iro_persistence::repositories::{checklist_progress, mobilities};
use iro_persistence::{DbConnection, write_transaction};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::validation;
use crate::state::AppState;

use crate::routes::shared::actor::actor;
use crate::routes::shared::mobility_access::find_visible;
pub use body::{
    AlertResponse, ArrangementName, ChecklistFacts, ChecklistItemResponse, ChecklistResponse, ChecklistSummary,
    CoverResponse, ItemProgressInput, ItemProgressResponse, VisaDecision, VisaNeedName,
};
use generation::{Countries, checklist_of, load_rules};

/// The default look-ahead for "due soon", in days.
pub const DEFAULT_WITHIN_DAYS: u16 = 14;

/// Options of the checklist read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChecklistQuery {
    /// Look-ahead for the `alerts`: items due within this many days count as due soon
    /// (0–365, default 14).
    #[param(minimum = 0, maximum = 365)]
    pub within_days: Option<u16>,
}

/// Checks a look-ahead.
pub fn within_days(value: Option<u16>) -> ApiResult<u16> {
    let days = value.unwrap_or(DEFAULT_WITHIN_DAYS);
    let mut errors = FieldErrors::default();
    if days > 365 {
        errors.push(crate::error::FieldError::new("within_days", "range", "within_days must be 0–365"));
    }
    errors.finish_query()?;
    Ok(days)
}

/// A mobility's checklist
///
/// The visa checklist (is a visa needed and which, for the most favourable citizenship;
/// documents; steps with due dates counted back from departure; registration on arrival) and
/// the insurance checklist (each cover: provided automatically and by whom, or to be arranged
/// by the participant), generated from the rules valid on the mobility's dates. Where no rule
/// applies an `unknown` item says what to check, never silence. `insurance_not_automatic`
/// tells the participant that some mandatory cover is theirs to arrange. Each item carries the
/// progress recorded on it; `alerts` lists what needs action today. Participants read their
/// own mobilities' checklists.
#[utoipa::path(
    operation_id = "get_checklist",
    tag = "checklists",
    params(("id" = Uuid, Path, description = "Mobility id"), ChecklistQuery),
    responses((status = 200, description = "The checklist", body = ChecklistResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "checklists:read"])),
)]
#[get("/mobilities/{id}/checklist")]
pub async fn get_checklist(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    query: web::Query<ChecklistQuery>,
) -> ApiResult<web::Json<ChecklistResponse>> {
    principal.require(Access::ReadChecklists)?;
    let id = MobilityId::from_uuid(id.into_inner());
    let within = within_days(query.within_days)?;
    let response = db::run(&state.pool, move |conn| {
        let mobility = find_visible(conn, &principal, id)?;
        let rules = load_rules(conn)?;
        let (facts, checklist) = checklist_of(conn, &mut Countries::default(), &rules, &mobility)?;
        let progress = checklist_progress::of_mobility(conn, id)?;
        let states: Vec<_> = progress.iter().map(|p| p.progress()).collect();
        let found = alerts(&checklist, &states, Utc::now().date_naive(), within);
        Ok(ChecklistResponse::new(id, &facts, &checklist, &progress, found))
    })
    .await?;
    Ok(web::Json(response))
}

/// The checklist summary of a mobility, as `GET /mobilities/{id}` shows it.
pub fn summary_of(
    conn: &mut iro_persistence::DbConnection,
    mobility: &iro_domain::mobility::Mobility,
) -> ApiResult<ChecklistSummary> {
    let rules = load_rules(conn)?;
    let (_, checklist) = checklist_of(conn, &mut Countries::default(), &rules, mobility)?;
    let progress: Vec<_> = checklist_progress::of_mobility(conn, mobility.id)?.iter().map(|p| p.progress()).collect();
    let raised = alerts(&checklist, &progress, Utc::now().date_naive(), DEFAULT_WITHIN_DAYS).len();
    Ok(ChecklistSummary::new(&checklist, raised))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a checklist item's progress: the writable fields of `ItemProgressInput`, each optional.
    ItemProgressPatch = ItemProgressInput, read_only = READ_ONLY
);

/// Record progress on a checklist item
///
/// A JSON Merge Patch (RFC 7396) over the item's `status`, `evidence_reference`,
/// `evidence_date` and `note`, e.g. `{"status": "done", "evidence_reference": "policy
/// 123-456"}`. The item must be on the mobility's current checklist (404 otherwise); the
/// progress is kept by the item's key, so it survives regeneration after the mobility's dates
/// or destination change while the item still applies. Whoever may change the mobility may
/// record progress, and so may the participant on their own checklist (they hold the
/// evidence); the last writer wins, and who wrote it is shown.
#[utoipa::path(
    operation_id = "update_checklist_item",
    tag = "checklists",
    params(("id" = Uuid, Path, description = "Mobility id"),
        ("key" = String, Path, description = "The item's key, e.g. `document:hiv_certificate`")),
    request_body(content = ItemProgressPatch, content_type = "application/merge-patch+json",
        description = "The fields of a checklist item's progress to change",
        example = json!({"status": "done", "evidence_reference": "travel policy 77-1234", "evidence_date": "2027-01-15"})),
    responses((status = 200, description = "The item with its progress", body = ChecklistItemResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "checklists:write"])),
)]
#[patch("/mobilities/{id}/checklist/items/{key}")]
pub async fn update_checklist_item(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, String)>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<web::Json<ChecklistItemResponse>> {
    principal.require(Access::WriteChecklists)?;
    let (id, key) = path.into_inner();
    let id = MobilityId::from_uuid(id);
    let response = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| record_progress(conn, &principal, id, &key, patch.0))
    })
    .await?;
    Ok(web::Json(response))
}

/// What the item shows of its progress but a patch cannot change.
const READ_ONLY: &[&str] = &["updated_by", "updated_by_id", "updated_at"];

/// The item with `key` on the mobility's current checklist (404 when it no longer applies).
fn item_on(checklist: &Checklist, key: &str) -> ApiResult<ChecklistItem> {
    checklist.items().find(|i| i.key == key).cloned().ok_or_else(|| {
        ApiError::NotFound(format!("the mobility's checklist has no item {key:?} (it may no longer apply)"))
    })
}

/// Applies a merge patch to an item's progress inside the write transaction.
fn record_progress(
    conn: &mut DbConnection,
    principal: &Principal,
    id: MobilityId,
    key: &str,
    patch: serde_json::Value,
) -> ApiResult<ChecklistItemResponse> {
    // The mobility's row lock serialises writers of its checklist (see
    // `checklist_progress::record`).
    mobilities::lock(conn, id)?;
    let mobility = find_visible(conn, principal, id)?;
    let rules = load_rules(conn)?;
    let (_, checklist) = checklist_of(conn, &mut Countries::default(), &rules, &mobility)?;
    let item = item_on(&checklist, key)?;
    let current = checklist_progress::of_mobility(conn, id)?.into_iter().find(|p| p.item_key == key);
    let shown = ChecklistItemResponse::new(&item, current.as_ref());
    let input: ItemProgressInput = merge_patch::apply_to(&shown.progress, patch, READ_ONLY)?;
    let data = ProgressData::try_from(input)?;
    if data.status == ProgressStatus::NotApplicable && checklist.is_mandatory_cover(key) {
        principal.require(Access::WaiveMandatoryCovers)?;
    }
    let stored = checklist_progress::record(conn, id, key, &data, &actor(principal), Utc::now())?;
    Ok(ChecklistItemResponse::new(&item, Some(&stored)))
}

impl TryFrom<ItemProgressInput> for ProgressData {
    type Error = ApiError;

    /// Checks recorded progress (its free text is trimmed as it is read).
    fn try_from(input: ItemProgressInput) -> ApiResult<Self> {
        validation::validate(&input)?;
        Ok(ProgressData {
            status: input.status.into(),
            evidence_reference: input.evidence_reference,
            evidence_date: input.evidence_date,
            note: input.note,
        })
    }
}
