//! `CsvBody`: a `text/csv` request body as UTF-8 text, within the same size limit and deadline
//! as JSON bodies.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use crate::error::ApiError;
use crate::http::json_body::body_error;

/// The text of a `text/csv` body.
#[derive(Debug)]
pub struct CsvBody(pub String);

fn require_csv(req: &HttpRequest) -> Result<(), ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "text/csv" {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(format!(
            "the body must be CSV (Content-Type: text/csv), got {:?}",
            if content_type.is_empty() { "nothing" } else { content_type }
        )))
    }
}

impl FromRequest for CsvBody {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let media = require_csv(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            media?;
            let bytes = bytes.await.map_err(|e| body_error(&e))?;
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::BadRequest {
                code: "unreadable_body",
                detail: "the CSV must be UTF-8 text".to_owned(),
            })?;
            Ok(CsvBody(text))
        })
    }
}
