//! Who reads an inquiry, and which ones they may see: a team member the inquiries routed to
//! their team, a signed-in asker their own, a prospective student the one their secret access
//! token opens. An inquiry the reader may not see is answered as missing (404).

use actix_web::HttpRequest;
use iro_domain::UserId;
use iro_domain::inquiry::{Asker, Inquiry, Team};
use iro_persistence::DbConnection;
use iro_persistence::repositories::inquiries::{self, InquiryScope};

use crate::auth::password::secret_digest;
use crate::auth::{Access, MaybePrincipal, Principal};
use crate::error::ApiError;

/// The header a prospective student sends their access token in. A header, not a query
/// parameter, so the secret never lands in access logs or browser histories; a link in an
/// e-mail carries it in the URL fragment, which browsers do not send, for the front end to
/// put here.
pub const TOKEN_HEADER: &str = "X-Inquiry-Token";

/// The reader of an inquiry.
#[derive(Debug, Clone)]
pub enum Reader {
    /// A member of a team (the office, the Student Organization).
    Team {
        /// Their team.
        team: Team,
        /// Their account.
        user: UserId,
    },
    /// A signed-in asker.
    Asker(UserId),
    /// A prospective student with the access token of one inquiry.
    Token(String),
}

impl Reader {
    /// The reader behind a request: a token's account (a team member or an asker), or the
    /// access token header; 401 with neither, 403 for a role that has no inquiries.
    pub fn of(req: &HttpRequest, caller: &MaybePrincipal) -> Result<Reader, ApiError> {
        match &caller.0 {
            Some(principal) => Self::signed_in(principal),
            None => req
                .headers()
                .get(TOKEN_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(|t| Reader::Token(t.trim().to_owned()))
                .ok_or_else(|| {
                    ApiError::Unauthorized(format!(
                        "sign in, or send the inquiry's access token in the {TOKEN_HEADER} header"
                    ))
                }),
        }
    }

    /// The reader a signed-in caller is.
    pub fn signed_in(principal: &Principal) -> Result<Reader, ApiError> {
        if let (Some(team), Some(user)) = (principal.inquiry_team(), principal.user_id()) {
            principal.require(Access::AnswerInquiries)?;
            return Ok(Reader::Team { team, user });
        }
        principal.require(Access::AskInquiries)?;
        principal
            .user_id()
            .map(Reader::Asker)
            .ok_or_else(|| ApiError::Forbidden("inquiries need a user account".into()))
    }

    /// Which inquiries a list shows; a token reader has no list.
    pub fn scope(&self) -> Result<InquiryScope, ApiError> {
        match self {
            Reader::Team { team, .. } => Ok(InquiryScope::Team(*team)),
            Reader::Asker(user) => Ok(InquiryScope::Asker(*user)),
            Reader::Token(_) => Err(ApiError::Unauthorized(
                "an access token opens one inquiry (GET /api/v1/inquiries/{id}); sign in to list".into(),
            )),
        }
    }

    /// Whether the reader is the answering team of `inquiry` (else its asker).
    pub fn answers(&self, inquiry: &Inquiry) -> bool {
        matches!(self, Reader::Team { team, .. } if *team == inquiry.team)
    }

    /// The reader's account, if signed in.
    pub fn user(&self) -> Option<UserId> {
        match self {
            Reader::Team { user, .. } | Reader::Asker(user) => Some(*user),
            Reader::Token(_) => None,
        }
    }

    /// Finds `id` if the reader may see it; 404 otherwise (whether it exists or not).
    pub fn find(&self, conn: &mut DbConnection, id: iro_domain::InquiryId) -> Result<Inquiry, ApiError> {
        let missing = || ApiError::NotFound("no such inquiry".to_owned());
        let inquiry = inquiries::find(conn, id)?;
        let visible = match self {
            Reader::Team { team, .. } => inquiry.team == *team,
            Reader::Asker(user) => inquiry.asker == Asker::Account(*user),
            // A plain comparison of hashes: timing tells an attacker at most how much of the
            // SHA-256 of their own guess matches, which says nothing about the 256-bit token.
            Reader::Token(token) => {
                inquiries::access_token_hash(conn, id)?.is_some_and(|hash| hash == secret_digest(token))
            }
        };
        if visible { Ok(inquiry) } else { Err(missing()) }
    }
}

/// A new access token for a prospective student: 32 random bytes, URL-safe base64. Shown once
/// at creation; only its hash is stored.
pub fn new_access_token() -> String {
    crate::auth::password::random_secret()
}
