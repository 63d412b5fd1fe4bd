//! `/api/v1/funding-rates`: the Erasmus+ funding rules as data — country groups per call
//! year, individual-support rates per group and activity, top-ups, travel rates per distance
//! band and travel days — each with its source; officers enter and correct them.

pub mod body;

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use iro_domain::FundingRateId;
use iro_domain::funding::{FundingRate, RateProvenance, StoredFundingRate};
use iro_persistence::repositories::grants::rates::{self, RateFilter};
use iro_persistence::write_transaction;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub use self::body::{FundingRateInput, FundingRateResponse};
use super::vocabulary::{GrantActionName, RateKindName};
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::merge_patch;
use crate::http::pagination::{Paged, page_request};
use crate::state::AppState;

/// Fields a merge patch may not change.
const READ_ONLY: &[&str] = &["id", "version", "created_at", "updated_at"];

/// Filters and paging of the rate list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FundingRateQuery {
    /// Only this kind.
    #[param(inline)]
    pub kind: Option<RateKindName>,
    /// Only this call year.
    #[param(minimum = 2000, maximum = 2099)]
    pub call_year: Option<u16>,
    /// Only this key action.
    #[param(inline)]
    pub action: Option<GrantActionName>,
    /// `true`: only example rows; `false`: only real figures.
    pub example: Option<bool>,
    /// Only rows changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(FundingRatePage, FundingRateResponse, "A page of funding rates.");

fn with_etag(response: actix_web::HttpResponseBuilder, rate: StoredFundingRate) -> HttpResponse {
    tagged(response, rate.version, FundingRateResponse::from(rate))
}

/// List funding rates
///
/// The rows the grant split reads, with their source, status and last check. Seeded amounts
/// are examples (`example: true`) until the office enters the rates of its grant agreement;
/// of two rows with the same key the later one applies.
#[utoipa::path(
    operation_id = "list_funding_rates",
    tag = "grants",
    params(FundingRateQuery),
    responses((status = 200, description = "A page of funding rates", body = FundingRatePage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "grants:read"])),
)]
#[get("/funding-rates")]
pub async fn list_funding_rates(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<FundingRateQuery>,
) -> ApiResult<web::Json<FundingRatePage>> {
    principal.require(Access::ReadGrants)?;
    let query = query.into_inner();
    super::grant::check_call_year(query.call_year)?;
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = RateFilter {
        kind: query.kind.map(Into::into),
        call_year: query.call_year,
        action: query.action.map(Into::into),
        example: query.example,
        modified_since: query.modified_since,
    };
    let page = db::run(&state.pool, move |conn| Ok(rates::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, FundingRateResponse::from).into()))
}

/// Enter a funding rate
///
/// A country group, rate, top-up, travel rate or travel-day rule with its source. A row names
/// exactly the fields its kind needs (422 naming the others).
#[utoipa::path(
    operation_id = "create_funding_rate",
    tag = "grants",
    request_body = FundingRateInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe: the same key and body replay the first response")),
    responses((status = 201, description = "Created", body = FundingRateResponse,
        headers(("Location" = String, description = "URL of the new rate"), ("ETag" = String, description = "Version tag")))),
    security(("bearer" = ["admin", "officer"])),
)]
#[post("/funding-rates")]
pub async fn create_funding_rate(
    state: web::Data<AppState>,
    principal: Principal,
    body: JsonBody<FundingRateInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteFundingRates)?;
    let (rate, provenance) = <(FundingRate, RateProvenance)>::try_from(body.0)?;
    db::write(
        &state.pool,
        move |conn| Ok(rates::insert(conn, &rate, &provenance, Utc::now())?),
        move |stored| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/funding-rates/{}", stored.id)));
            with_etag(response, stored)
        },
    )
    .await
}

/// Get a funding rate
#[utoipa::path(
    operation_id = "get_funding_rate",
    tag = "grants",
    params(("id" = Uuid, Path, description = "Funding rate id")),
    responses((status = 200, description = "The funding rate", body = FundingRateResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "grants:read"])),
)]
#[get("/funding-rates/{id}")]
pub async fn get_funding_rate(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadGrants)?;
    let id = FundingRateId::from_uuid(id.into_inner());
    let rate = db::run(&state.pool, move |conn| Ok(rates::find(conn, id)?)).await?;
    Ok(with_etag(HttpResponse::Ok(), rate))
}

crate::merge_patch_schema!(
    /// A JSON Merge Patch of a funding rate: the writable fields of `FundingRateInput`, each optional.
    FundingRatePatch = FundingRateInput, read_only = READ_ONLY
);

/// Correct a funding rate
///
/// A JSON Merge Patch (RFC 7396), e.g. the amount of the grant agreement with `example:
/// false`, its source and `status`; with `If-Match`, only that version is changed (else 412).
#[utoipa::path(
    operation_id = "update_funding_rate",
    tag = "grants",
    params(
        ("id" = Uuid, Path, description = "Funding rate id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
    ),
    request_body(content = FundingRatePatch, content_type = "application/merge-patch+json",
        description = "The fields of a funding rate to change",
        example = json!({"amount": "620.00", "example": false, "status": "confirmed", "source": "Grant agreement 2026-1-MK01-KA131-HED-000123456, annex IV", "last_checked": "2026-12-01"})),
    responses((status = 200, description = "The corrected funding rate", body = FundingRateResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin", "officer"])),
)]
#[patch("/funding-rates/{id}")]
pub async fn update_funding_rate(
    state: web::Data<AppState>,
    principal: Principal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    patch: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteFundingRates)?;
    let id = FundingRateId::from_uuid(id.into_inner());
    let rate = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let current = rates::find(conn, id)?;
            precondition.check(current.version)?;
            let input: FundingRateInput =
                merge_patch::apply_to(&FundingRateResponse::from(current.clone()), patch.0, READ_ONLY)?;
            let (rate, provenance) = <(FundingRate, RateProvenance)>::try_from(input)?;
            Ok(rates::update(conn, id, current.version, &rate, &provenance, Utc::now())?)
        })
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), rate))
}
