//! `POST /api/v1/inquiries/{id}/anonymise`: erasing an asker's personal data on request, the
//! way a person's is erased (`POST /people/{id}/anonymise`): the record stays for the
//! statistics, the personal data goes.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use iro_domain::InquiryId;
use iro_persistence::repositories::inquiries::{self, changes};
use uuid::Uuid;

use super::inquiry::InquiryResponse;
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::http::etag::tagged;
use crate::state::AppState;

/// Erase an asker's personal data
///
/// Erases a prospective student's name and e-mail, invalidates the access token, and empties
/// every message the asker wrote; topic, team, status, dates and the team's answers stay, so
/// the statistics do not change. Cannot be undone; erasing again changes nothing more. Admins
/// only, whichever team the inquiry is with.
#[utoipa::path(
    operation_id = "anonymise_inquiry",
    tag = "inquiries",
    params(("id" = Uuid, Path, description = "Inquiry id")),
    responses((status = 200, description = "The erased inquiry", body = InquiryResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security(("bearer" = ["admin"])),
)]
#[post("/inquiries/{id}/anonymise")]
pub async fn anonymise_inquiry(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::EraseInquiries)?;
    let id = InquiryId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| {
            let current = inquiries::find(conn, id)?;
            Ok(changes::anonymise(conn, &current, Utc::now())?)
        },
        move |inquiry| {
            let version = inquiry.version;
            tagged(HttpResponse::Ok(), version, InquiryResponse::from(inquiry))
        },
    )
    .await
}
