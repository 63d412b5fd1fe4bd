//! `/api/v1/inquiries`: asking a question (signed in, or without a token as a prospective
//! student), listing the inquiries one may see, and reading one thread.

pub mod body;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Duration, Utc};
use iro_domain::inquiry::{AnswerDue, Asker, Inquiry, NewInquiry};
use iro_domain::{InquiryId, UserId};
use iro_persistence::DbConnection;
use iro_persistence::repositories::inquiries::{self, InquiryFilter};
use iro_persistence::repositories::throttles::{self, Attempt, ThrottlePolicy};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub use self::body::{CreatedInquiryResponse, InquiryInput, InquiryResponse, InquiryThreadResponse, MessageInput};
use super::reader::{Reader, new_access_token};
use super::vocabulary::{InquiryStatusName, TeamName, TopicName};
use crate::auth::password::secret_digest;
use crate::auth::{Access, MaybePrincipal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::client_address::client_address;
use crate::http::etag::tagged;
use crate::http::json_body::JsonBody;
use crate::http::pagination::{Paged, page_request};
use crate::http::validation;
use crate::state::AppState;

/// Filters and paging of the inquiry list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InquiryQuery {
    /// Only this topic.
    #[param(inline)]
    pub topic: Option<TopicName>,
    /// Only this status.
    #[param(inline)]
    pub status: Option<InquiryStatusName>,
    /// Only inquiries routed to this team (an asker's own may be with either).
    #[param(inline)]
    pub team: Option<TeamName>,
    /// Only inquiries assigned to this account.
    pub assignee_id: Option<Uuid>,
    /// Only inquiries changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Cursor>, inline)]
    pub cursor: Option<String>,
}

crate::page_type!(InquiryPage, InquiryResponse, "A page of inquiries.");

/// Ask a question
///
/// Signed in (an incoming participant), or without any token as a prospective student, who
/// must give an `email` and gets an `access_token` that opens this one thread (shown once;
/// only its hash is stored). Inquiries without a token are limited per client address
/// (`IRO_INQUIRY_MAX_PER_HOUR`, 429 with `Retry-After` beyond it). `student_life` goes to the
/// Student Organization, every other topic to the office; the first answer is due within
/// `IRO_INQUIRY_ANSWER_DAYS` working days.
#[utoipa::path(
    operation_id = "create_inquiry",
    tag = "inquiries",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe; signed-in askers only (without a token it is refused with 401: a replayed answer would hand the access token to whoever sent the same key)")),
    request_body = InquiryInput,
    responses(
        (status = 201, description = "Created", body = CreatedInquiryResponse,
            headers(("Location" = String, description = "URL of the new inquiry"), ("ETag" = String, description = "Version tag"))),
        (status = 429, description = "Too many inquiries from this address; retry after `Retry-After` seconds", body = crate::error::Problem,
            content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the address may ask again"))),
    ),
    security((), ("bearer" = ["participant"])),
)]
#[post("/inquiries")]
pub async fn create_inquiry(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    body: JsonBody<InquiryInput>,
) -> ApiResult<HttpResponse> {
    let input = body.0;
    validation::validate(&input)?;
    let asker = asker_of(&state, &req, &caller, &input).await?;
    let token = matches!(asker, Asker::Prospective { .. }).then(new_access_token);
    let hash = token.as_deref().map(secret_digest);
    let days = state.settings.inquiry_answer_days;
    db::write(
        &state.pool,
        move |conn| store(conn, input, asker, hash.as_deref(), days),
        move |inquiry| {
            let mut response = HttpResponse::Created();
            response.insert_header((header::LOCATION, format!("/api/v1/inquiries/{}", inquiry.id)));
            let version = inquiry.version;
            tagged(response, version, CreatedInquiryResponse { inquiry: inquiry.into(), access_token: token })
        },
    )
    .await
}

/// Stores a new inquiry of `asker`, due `days` working days from now, with the digest of its
/// access token when it has one.
fn store(
    conn: &mut DbConnection,
    input: InquiryInput,
    asker: Asker,
    token_digest: Option<&str>,
    days: u32,
) -> ApiResult<Inquiry> {
    let incoming = match &asker {
        Asker::Account(user) => inquiries::account_has_incoming_mobility(conn, *user)?,
        // Prospective students come from elsewhere by definition.
        Asker::Prospective { .. } => true,
    };
    let new = NewInquiry { topic: input.topic.into(), subject: input.subject, message: input.message, asker, incoming };
    let now = Utc::now();
    Ok(inquiries::insert(conn, &new, token_digest, AnswerDue::of(now, days), now)?)
}

/// Who asks: a signed-in participant by their account, or a prospective student by the e-mail
/// address answers are announced to, counted against their address's hourly allowance.
async fn asker_of(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    caller: &MaybePrincipal,
    input: &InquiryInput,
) -> ApiResult<Asker> {
    if let Some(principal) = &caller.0 {
        principal.require(Access::AskInquiries)?;
        refuse_contact_fields(input)?;
        let user = principal.user_id().ok_or_else(|| ApiError::Forbidden("inquiries need a user account".into()))?;
        return Ok(Asker::Account(user));
    }
    let Some(email) = input.email.clone() else {
        return Err(ApiError::Validation(vec![FieldError::new(
            "email",
            "required",
            "without a token, give the e-mail address answers are announced to",
        )]));
    };
    let address = client_address(req, state.trusted_proxy_header.as_ref());
    let policy = inquiry_throttle(state.settings.inquiry_max_per_hour);
    db::run(&state.pool, move |conn| count_public_inquiry(conn, &address, policy)).await?;
    Ok(Asker::Prospective { name: input.name.clone(), email: Some(email) })
}

/// A signed-in asker is known by their account; name and e-mail are a prospective student's.
fn refuse_contact_fields(input: &InquiryInput) -> Result<(), ApiError> {
    let errors: Vec<FieldError> = [("name", input.name.is_some()), ("email", input.email.is_some())]
        .into_iter()
        .filter(|(_, given)| *given)
        .map(|(field, _)| FieldError::new(field, "not_allowed", "a signed-in asker is known by their account"))
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// The limit of inquiries without a token per client address: `max` an hour.
fn inquiry_throttle(max: u32) -> ThrottlePolicy {
    ThrottlePolicy { max_failures: max, window: Duration::hours(1), lockout: Duration::hours(1) }
}

/// Counts an inquiry without a token against its client address, with the sign-in throttle's
/// counters (their own subject, `inquiry <address>`); 429 beyond the limit. Counted in its own
/// statement before the inquiry is stored, like a sign-in attempt, so a refused or failed
/// inquiry still counts.
fn count_public_inquiry(conn: &mut DbConnection, address: &str, policy: ThrottlePolicy) -> ApiResult<()> {
    let now = Utc::now();
    match throttles::record_attempt(conn, &format!("inquiry {address}"), now, policy)? {
        Attempt::Allowed => Ok(()),
        Attempt::Locked { until } => Err(ApiError::TooManyRequests {
            retry_after: u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1),
            detail: "too many inquiries from this address; try again later".to_owned(),
        }),
    }
}

/// List inquiries
///
/// The office (admins, officers) sees the inquiries routed to the office, the Student
/// Organization those routed to it (student life, and what was handed over); a participant
/// sees the ones they asked. Faculty coordinators see none.
#[utoipa::path(
    operation_id = "list_inquiries",
    tag = "inquiries",
    params(InquiryQuery),
    responses((status = 200, description = "A page of inquiries", body = InquiryPage)),
    security(("bearer" = ["admin", "officer", "student_organization", "participant"])),
)]
#[get("/inquiries")]
pub async fn list_inquiries(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    query: web::Query<InquiryQuery>,
) -> ApiResult<web::Json<InquiryPage>> {
    let reader = Reader::of(&req, &caller)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = InquiryFilter {
        scope: reader.scope()?,
        topic: query.topic.map(Into::into),
        status: query.status.map(Into::into),
        team: query.team.map(Into::into),
        assignee: query.assignee_id.map(UserId::from_uuid),
        modified_since: query.modified_since,
        overdue_on: None,
    };
    let page = db::run(&state.pool, move |conn| Ok(inquiries::list(conn, &filter, &page)?)).await?;
    Ok(web::Json(Paged::from_page(page, InquiryResponse::from).into()))
}

/// Get an inquiry with its thread
///
/// For the team it is routed to, its signed-in asker, or — without a token — whoever sends its
/// access token in `X-Inquiry-Token`. Anyone else gets 404.
#[utoipa::path(
    operation_id = "get_inquiry",
    tag = "inquiries",
    params(("id" = Uuid, Path, description = "Inquiry id"),
        ("X-Inquiry-Token" = Option<String>, Header, description = "A prospective student's access token (instead of a bearer token)")),
    responses((status = 200, description = "The inquiry and its thread", body = InquiryThreadResponse,
        headers(("ETag" = String, description = "Version tag for If-Match")))),
    security((), ("bearer" = ["admin", "officer", "student_organization", "participant"])),
)]
#[get("/inquiries/{id}")]
pub async fn get_inquiry(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let reader = Reader::of(&req, &caller)?;
    let id = InquiryId::from_uuid(id.into_inner());
    let thread = db::run(&state.pool, move |conn| {
        let inquiry = reader.find(conn, id)?;
        thread_of(conn, inquiry)
    })
    .await?;
    let version = thread.inquiry.version;
    Ok(tagged(HttpResponse::Ok(), version, thread))
}

/// An inquiry with its messages and hand-overs.
pub fn thread_of(conn: &mut DbConnection, inquiry: iro_domain::inquiry::Inquiry) -> ApiResult<InquiryThreadResponse> {
    let messages = inquiries::messages(conn, inquiry.id)?;
    let handovers = inquiries::handovers(conn, inquiry.id)?;
    Ok(InquiryThreadResponse {
        inquiry: inquiry.into(),
        messages: messages.into_iter().map(Into::into).collect(),
        handovers: handovers.into_iter().map(Into::into).collect(),
    })
}
