//! `/api/v1/mobilities/{id}/learning-agreement/versions`: the agreement's full history, every
//! version oldest first with its changes, signatures and comments.

use actix_web::{get, web};
use iro_domain::MobilityId;
use iro_persistence::repositories::learning_agreements;
use uuid::Uuid;

use super::reader::readable;
use super::response::{LearningAgreementHistoryResponse, VersionResponse};
use crate::auth::Principal;
use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;

/// A learning agreement's history
///
/// Every version, oldest first: the first version, each change proposal (superseded ones
/// included) with its change rows, signatures and comments (declines among them). Versions are
/// few, so they come whole, unpaged.
#[utoipa::path(
    operation_id = "get_learning_agreement_history",
    tag = "learning_agreements",
    params(("id" = Uuid, Path, description = "Mobility id")),
    responses((status = 200, description = "Every version", body = LearningAgreementHistoryResponse)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "participant", "learning_agreements:read"])),
)]
#[get("/mobilities/{id}/learning-agreement/versions")]
pub async fn get_learning_agreement_history(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<LearningAgreementHistoryResponse>> {
    let id = MobilityId::from_uuid(id.into_inner());
    let history = db::run(&state.pool, move |conn| {
        let mobility = readable(conn, &principal, id)?;
        let agreement = learning_agreements::find_by_mobility(conn, id)?;
        let versions = learning_agreements::versions(conn, agreement.id, None)?;
        Ok(LearningAgreementHistoryResponse {
            agreement_id: agreement.id.as_uuid(),
            versions: versions.iter().map(|v| VersionResponse::of(v, &mobility)).collect(),
        })
    })
    .await?;
    Ok(web::Json(history))
}
