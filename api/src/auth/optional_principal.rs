//! The caller of a public endpoint: nobody (no `Authorization` header), or a signed-in
//! `Principal`. A token that is sent must still be valid (401 otherwise), so a client never
//! silently gets the anonymous view because its token expired.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use crate::auth::Principal;
use crate::error::ApiError;

/// `Some` caller when the request carries a token, `None` for an anonymous one.
#[derive(Debug, Clone)]
pub struct MaybePrincipal(pub Option<Principal>);

impl FromRequest for MaybePrincipal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !req.headers().contains_key(header::AUTHORIZATION) {
            return Box::pin(async { Ok(MaybePrincipal(None)) });
        }
        let principal = Principal::from_request(req, payload);
        Box::pin(async move { principal.await.map(|p| MaybePrincipal(Some(p))) })
    }
}
