//! `/api/v1/mobilities/{id}/travel`: whether a mobility's participant travels green (train,
//! bus, car-sharing), which the grant pays for with extra travel days and a top-up.

use actix_web::{HttpResponse, get, put, web};
use chrono::Utc;
use iro_domain::MobilityId;
use iro_persistence::repositories::grants::travel;
use iro_persistence::repositories::mobilities;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::json_body::JsonBody;
use crate::http::validation;
use crate::state::AppState;

/// How the participant travels.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"green_travel": true}))]
pub struct TravelInput {
    /// Travels green for most of the way: up to 4 more funded travel days (6 in all) and, for a
    /// student without travel support, the green-travel top-up.
    pub green_travel: bool,
}

/// How the participant travels, as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"mobility_id": "01938a6e-7777-7d2a-9f3b-2c4d5e6f7a8b", "green_travel": true, "mobility_version": 4}))]
pub struct TravelResponse {
    /// The mobility.
    pub mobility_id: Uuid,
    /// Travels green.
    pub green_travel: bool,
    /// The mobility's version after the change (its `ETag`).
    pub mobility_version: u32,
}

/// How a mobility's participant travels
#[utoipa::path(
    operation_id = "get_mobility_travel",
    tag = "grants",
    params(("id" = Uuid, Path, description = "Mobility id")),
    responses((status = 200, description = "How the participant travels", body = TravelResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "grants:read"])),
)]
#[get("/mobilities/{id}/travel")]
pub async fn get_mobility_travel(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TravelResponse>> {
    principal.require(Access::ReadGrants)?;
    let id = MobilityId::from_uuid(id.into_inner());
    let response = db::run(&state.pool, move |conn| {
        let mobility = mobilities::find(conn, id)?;
        let green_travel = travel::green_travel(conn, id)?;
        Ok(TravelResponse { mobility_id: id.as_uuid(), green_travel, mobility_version: mobility.version })
    })
    .await?;
    Ok(web::Json(response))
}

/// Record how a mobility's participant travels
///
/// A change of the mobility (a new version, so an incremental report picks it up). The office
/// records it, as it assigns the grant.
#[utoipa::path(
    operation_id = "set_mobility_travel",
    tag = "grants",
    params(("id" = Uuid, Path, description = "Mobility id")),
    request_body = TravelInput,
    responses((status = 200, description = "Recorded", body = TravelResponse)),
    security(("bearer" = ["admin", "officer", "grants:write"])),
)]
#[put("/mobilities/{id}/travel")]
pub async fn set_mobility_travel(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: JsonBody<TravelInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::AssignGrants)?;
    let input = body.0;
    validation::validate(&input)?;
    let id = MobilityId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| Ok(travel::set_green_travel(conn, id, input.green_travel, Utc::now())?),
        move |version| {
            HttpResponse::Ok().json(TravelResponse {
                mobility_id: id.as_uuid(),
                green_travel: input.green_travel,
                mobility_version: version,
            })
        },
    )
    .await
}
