//! `/api/v1/factsheets/{academic_year}`: the factsheet the public reads today, and how any
//! stored version becomes the answer (our identifiers read from our institution, the visa and
//! insurance blocks generated from the checklist rules, `ETag` and `Cache-Control`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use iro_domain::factsheet::in_effect;
use iro_persistence::DbConnection;
use iro_persistence::models::factsheet::FactsheetVersion;
use iro_persistence::repositories::{factsheets, institutions};

use super::body::{FactsheetResponse, FactsheetVersionSummary};
use super::content::FactsheetContent;
use super::entry::entry_requirements;
use super::viewer::Viewer;
use super::year;
use crate::auth::MaybePrincipal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::http::conditional_get::{self, content_tag};
use crate::routes::checklists::checklist::generation::load_rules;
use crate::state::AppState;

/// The year's factsheet
///
/// Public: the published version in effect today (the latest `effective_from` not after
/// today; before the first takes effect, the latest published one); 404 while none is
/// published. Our identifiers come from our institution's record; the visa and insurance
/// blocks (`entry_requirements`) are generated on each read, per term and citizenship group,
/// from the checklist rules valid on the term's first day — the same rules and engine as
/// `GET /mobilities/{id}/checklist`, so the two never disagree. The answer may be cached by
/// anyone for five minutes (`Cache-Control`, `ETag`, `If-None-Match` → 304). Past versions:
/// `GET /factsheets/{academic_year}/versions`. A draft is never the answer here, whoever asks:
/// the office reads drafts at `GET /factsheets/{academic_year}/versions/{number}`.
#[utoipa::path(
    operation_id = "get_factsheet",
    tag = "factsheets",
    params(("academic_year" = String, Path, pattern = r"^[0-9]{4}(-|/|%2F|%2f)[0-9]{4}$", example = "2026-2027",
        description = "The academic year, written `2026-2027` (or `2026/2027` with the `/` encoded as `%2F`)")),
    responses(
        (status = 200, description = "The factsheet in effect", body = FactsheetResponse,
            headers(("ETag" = String, description = "Tag of this answer"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = [])),
)]
#[get("/factsheets/{academic_year}")]
pub async fn get_factsheet(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let year = year::parse(&path)?;
    let response = db::run(&state.pool, move |conn| {
        let current = in_effect(&factsheets::facts(conn, year)?, Utc::now().date_naive())
            .ok_or_else(|| ApiError::NotFound(format!("no factsheet for {year} is published yet")))?;
        let version = factsheets::find(conn, year, current)?;
        representation(conn, &version, Some(current))
    })
    .await?;
    answer(&req, viewer, &response)
}

/// A stored version as the API shows it, `in_effect` naming the version the public reads.
pub fn representation(
    conn: &mut DbConnection,
    version: &FactsheetVersion,
    in_effect: Option<u32>,
) -> ApiResult<FactsheetResponse> {
    let content: FactsheetContent = serde_json::from_str(&version.content).map_err(|e| {
        ApiError::Internal(format!("factsheet {} version {}: {e}", version.academic_year, version.facts.number))
    })?;
    // A version is written only once our university is registered, and `is_local` is moved,
    // never cleared: a factsheet without it means damaged data.
    let institution = institutions::find_local(conn)?
        .ok_or_else(|| ApiError::Internal("a factsheet exists but no institution is ours (is_local)".to_owned()))?;
    let rules = load_rules(conn)?;
    Ok(FactsheetResponse {
        version: FactsheetVersionSummary::new(version, in_effect),
        institution: (&institution).into(),
        entry_requirements: entry_requirements(&content, institution.data.country, &rules),
        content,
    })
}

/// Answers a factsheet with its `ETag` and `Cache-Control` (304 when the client holds it).
pub fn answer(req: &HttpRequest, viewer: Viewer, response: &FactsheetResponse) -> ApiResult<HttpResponse> {
    let body = serde_json::to_vec(response).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(conditional_get::answer(req, content_tag(&body), viewer.audience, "application/json", body))
}
