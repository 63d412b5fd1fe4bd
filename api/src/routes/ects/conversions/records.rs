//! `GET /api/v1/conversions`: the conversions approved for recognition, filtered by
//! institution, scales, method and approval time, in keyset pages.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use iro_domain::InstitutionId;
use iro_domain::ects::MethodKind;
use iro_persistence::repositories::conversions::{self, ConversionFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiResult, FieldError, FieldErrors};
use crate::http::pagination::{Paged, page_request};
use crate::routes::ects::conversions::grades::{StoredConversionResponse, stored_response};
use crate::state::AppState;

/// Filters and paging of the stored conversions.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversionQuery {
    /// Host or home institution of the conversion.
    pub institution_id: Option<Uuid>,
    /// Source scale code.
    #[param(example = "BG")]
    pub source_scale: Option<String>,
    /// Target scale code.
    #[param(example = "MK")]
    pub target_scale: Option<String>,
    /// `grading_table`, `fixed_table`, `ects_letter` or `linear`.
    #[param(value_type = Option<crate::routes::shared::query_schemas::ConversionMethod>, inline)]
    pub method: Option<String>,
    /// Approved at or after this instant (RFC 3339).
    pub approved_from: Option<DateTime<Utc>>,
    /// Approved before this instant (RFC 3339).
    pub approved_before: Option<DateTime<Utc>>,
    /// Same as `approved_from`: stored conversions never change after approval.
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(StoredConversionPage, StoredConversionResponse, "A page of stored conversions.");

/// List stored conversions
///
/// The conversions approved for recognition, oldest first, with their inputs, method,
/// explanation and approver.
#[utoipa::path(
    operation_id = "list_conversions",
    tag = "ects",
    params(ConversionQuery),
    responses((status = 200, description = "A page of stored conversions", body = StoredConversionPage)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "ects:read"])),
)]
#[get("/conversions")]
pub async fn list_conversions(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ConversionQuery>,
) -> ApiResult<web::Json<StoredConversionPage>> {
    principal.require(Access::ReadConversionRecords)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let method = errors.check_opt("method", query.method.as_deref(), MethodKind::parse);
    if let (Some(from), Some(before)) = (query.approved_from, query.approved_before)
        && from >= before
    {
        errors.push(FieldError::new("approved_before", "range", "approved_before must be after approved_from"));
    }
    errors.finish_query()?;
    // Both bounds from below apply: the later one wins.
    let approved_from = query.approved_from.max(query.modified_since);
    let filter = ConversionFilter {
        institution: query.institution_id.map(InstitutionId::from_uuid),
        source_scale: query.source_scale,
        target_scale: query.target_scale,
        method: method.map(|m| m.code().to_owned()),
        approved_from,
        approved_before: query.approved_before,
    };
    let page = db::run(&state.pool, move |conn| Ok(conversions::list_conversions(conn, &filter, &page)?)).await?;
    let page = page.try_map(stored_response)?;
    Ok(web::Json(Paged::from_page(page, |record| record).into()))
}
