//! `/api/v1/inquiries/{id}/messages` and `…/status`: answering and following up, closing and
//! reopening. An answer of the team makes the inquiry `answered` (the first one is the answer
//! time the statistics measure), a follow-up of the asker makes it `open` again.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use iro_domain::InquiryId;
use iro_persistence::repositories::inquiries::changes;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::inquiry::{InquiryResponse, InquiryThreadResponse, MessageInput, thread_of};
use super::reader::Reader;
use super::vocabulary::InquiryStatusName;
use crate::auth::MaybePrincipal;
use crate::db;
use crate::error::ApiResult;
use crate::http::etag::{IfMatch, tagged};
use crate::http::json_body::JsonBody;
use crate::http::validation::{self, rules, trim};
use crate::state::AppState;

/// Add a message to an inquiry
///
/// The team the inquiry is routed to answers; its asker (signed in, or with the access token in
/// `X-Inquiry-Token`) follows up. A closed inquiry takes no message (409 `inquiry_closed`;
/// reopen it first).
#[utoipa::path(
    operation_id = "add_inquiry_message",
    tag = "inquiries",
    params(("id" = Uuid, Path, description = "Inquiry id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the message answers"),
        ("X-Inquiry-Token" = Option<String>, Header, description = "A prospective student's access token"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = MessageInput,
    responses((status = 201, description = "The inquiry with its thread", body = InquiryThreadResponse,
        headers(("Location" = String, description = "URL of the inquiry"), ("ETag" = String, description = "New version tag")))),
    security((), ("bearer" = ["admin", "officer", "student_organization", "participant"])),
)]
#[post("/inquiries/{id}/messages")]
pub async fn add_inquiry_message(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    body: JsonBody<MessageInput>,
) -> ApiResult<HttpResponse> {
    let reader = Reader::of(&req, &caller)?;
    validation::validate(&body.0)?;
    let id = InquiryId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| {
            let current = reader.find(conn, id)?;
            precondition.check(current.version)?;
            let from_team = reader.answers(&current);
            let status = current.status.after_message(from_team)?;
            let changed =
                changes::add_message(conn, &current, reader.user(), from_team, &body.0.body, status, Utc::now())?;
            thread_of(conn, changed)
        },
        move |thread| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/inquiries/{}", thread.inquiry.id)));
            let version = thread.inquiry.version;
            tagged(response, version, thread)
        },
    )
    .await
}

/// A status change: close or reopen.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "closed", "reason": "Answered by phone"}))]
pub struct InquiryStatusInput {
    /// The new status: `closed`, or `open` to reopen (see `allowed_transitions`).
    pub to: InquiryStatusName,
    /// Why, for the thread's readers (up to 2,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub reason: Option<String>,
}

/// Close or reopen an inquiry
///
/// The team it is routed to and its asker may both close it (from `open` or `answered`) and
/// reopen it (from `closed`); `answered` is reached only by an answer. A `reason` is added to
/// the thread as a message of whoever changed it. 409 `illegal_transition` otherwise.
#[utoipa::path(
    operation_id = "change_inquiry_status",
    tag = "inquiries",
    params(("id" = Uuid, Path, description = "Inquiry id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version the change is based on"),
        ("X-Inquiry-Token" = Option<String>, Header, description = "A prospective student's access token"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body = InquiryStatusInput,
    responses((status = 200, description = "The changed inquiry", body = InquiryResponse,
        headers(("ETag" = String, description = "New version tag")))),
    security((), ("bearer" = ["admin", "officer", "student_organization", "participant"])),
)]
#[post("/inquiries/{id}/status")]
pub async fn change_inquiry_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    precondition: IfMatch,
    id: web::Path<Uuid>,
    body: JsonBody<InquiryStatusInput>,
) -> ApiResult<HttpResponse> {
    let reader = Reader::of(&req, &caller)?;
    validation::validate(&body.0)?;
    let id = InquiryId::from_uuid(id.into_inner());
    db::write(
        &state.pool,
        move |conn| {
            let current = reader.find(conn, id)?;
            precondition.check(current.version)?;
            let to = current.status.change_to(body.0.to.into())?;
            let now = Utc::now();
            let mut changed = changes::set_status(conn, &current, to, now)?;
            if let Some(reason) = &body.0.reason {
                let from_team = reader.answers(&changed);
                // A note, not an answer: the status stays what the change made it.
                changed = changes::add_message(conn, &changed, reader.user(), from_team, reason, to, now)?;
            }
            Ok(changed)
        },
        move |inquiry| {
            let version = inquiry.version;
            tagged(HttpResponse::Ok(), version, InquiryResponse::from(inquiry))
        },
    )
    .await
}
