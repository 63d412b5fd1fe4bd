//! The authenticated caller, extracted from the bearer token and checked against the account
//! as the database knows it: read at most once a second per account ([`super::accounts`]),
//! and again at once after a change through this server, so deactivation, role and password
//! changes take effect on the next request here and within a second on other instances.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::{DateTime, Utc};
use iro_domain::{Role, Scope, UnitId, UserId};
use iro_persistence::RepoError;
use iro_persistence::repositories::{clients, users};

use super::accounts::{Account, AccountCache};
use super::subject::Subject;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    /// Who.
    pub subject: Subject,
    /// Display name: username or client name.
    pub name: String,
    /// Role (`integration` for clients).
    pub role: Role,
    /// Scopes of an integration client (empty for users).
    pub scopes: Vec<Scope>,
    /// Units a faculty coordinator is responsible for.
    pub unit_ids: Vec<UnitId>,
}

impl Principal {
    /// The user id, if a person is calling.
    pub fn user_id(&self) -> Option<UserId> {
        match self.subject {
            Subject::User(id) => Some(id),
            Subject::Client(_) => None,
        }
    }
}

/// Reads the bearer token of a request.
pub fn bearer_token(req: &HttpRequest) -> Result<&str, ApiError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::Unauthorized("an access token is required (Authorization: Bearer <token>)".to_owned())
    })?;
    let value =
        value.to_str().map_err(|_| ApiError::Unauthorized("the Authorization header is malformed".to_owned()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => Ok(token.trim()),
        _ => Err(ApiError::Unauthorized("the Authorization header must use the Bearer scheme".to_owned())),
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let claims = bearer_token(req).and_then(|token| match &state {
            Some(state) => state.keys.verify(token),
            None => Err(ApiError::Internal("application state missing".to_owned())),
        });
        Box::pin(async move {
            let claims = claims?;
            let state = state.ok_or_else(|| ApiError::Internal("application state missing".to_owned()))?;
            let subject = Subject::parse(&claims.sub)
                .ok_or_else(|| ApiError::Unauthorized("the access token names no known subject".to_owned()))?;
            let granted: Vec<Scope> = claims.scope.split_whitespace().filter_map(|s| Scope::parse(s).ok()).collect();
            let issued = claims.issued_at();
            // A cached account spares the request a connection and a blocking-pool hop.
            let account = match state.accounts.get(subject) {
                Some(account) => account,
                None => read_account(&state.pool, &state.accounts, subject).await?,
            };
            principal_of(subject, account, &granted, issued)
        })
    }
}

fn gone() -> ApiError {
    ApiError::Unauthorized("the account behind this token no longer exists or was deactivated".to_owned())
}

/// Reads the account behind `subject` and keeps it in the cache.
async fn read_account(
    pool: &iro_persistence::DbPool,
    cache: &AccountCache,
    subject: Subject,
) -> Result<Account, ApiError> {
    let ticket = cache.ticket();
    let account = db::run(pool, move |conn| {
        let found = match subject {
            Subject::User(id) => users::find(conn, id).map(Account::User),
            Subject::Client(id) => clients::find(conn, id).map(Account::Client),
        };
        match found {
            Err(RepoError::NotFound) => Err(gone()),
            other => Ok(other?),
        }
    })
    .await?;
    cache.store(ticket, subject, account.clone());
    Ok(account)
}

/// The caller as its account says now. A client's effective scopes are those its token was
/// granted (it may have asked for fewer than it holds) that it still holds.
fn principal_of(
    subject: Subject,
    account: Account,
    granted: &[Scope],
    issued: Option<DateTime<Utc>>,
) -> Result<Principal, ApiError> {
    match account {
        Account::User(user) => {
            if !user.active {
                return Err(gone());
            }
            if let Some(changed) = user.credentials_changed_at
                && issued.is_none_or(|issued| issued < changed)
            {
                return Err(ApiError::Unauthorized(
                    "the account's password changed after this token was issued; sign in again".to_owned(),
                ));
            }
            Ok(Principal { subject, name: user.username, role: user.role, scopes: vec![], unit_ids: user.unit_ids })
        }
        Account::Client(client) => {
            if !client.active {
                return Err(gone());
            }
            let scopes =
                granted.iter().filter(|wanted| client.scopes.iter().any(|held| held.grants(wanted))).cloned().collect();
            Ok(Principal { subject, name: client.name, role: Role::Integration, scopes, unit_ids: vec![] })
        }
    }
}
