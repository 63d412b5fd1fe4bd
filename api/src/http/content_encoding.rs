//! Compressed request bodies (`Content-Encoding: gzip` or `deflate`), inflated as they are
//! read and never past [`BODY_LIMIT`]: the bytes the handlers see are counted as they come out
//! of the decoder, and reading stops with 413 at the limit.
//!
//! actix's own decoder inflates each received chunk whole before the body's limit is checked,
//! so a 99 KB gzip bomb cost about 100 MB before its 413 (issue 11 item 4). This middleware
//! decodes in its place and removes the header, so actix's decoder sees an identity body.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{Error, HttpMessage, ResponseError};
use flate2::write::{GzDecoder, ZlibDecoder};
use futures_util::{Stream, StreamExt};

use crate::error::ApiError;
use crate::http::json_body::BODY_LIMIT;

/// Middleware: replaces a gzip or deflate body by its bounded inflation, refuses a body in
/// any other content coding with 415 (RFC 9110 §8.4.1), and leaves identity bodies and
/// requests without a body alone.
pub async fn inflate_within_limit(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let Some(coding) = req.headers().get(header::CONTENT_ENCODING).filter(|_| has_body(&req)) else {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    };
    let coding = coding.to_str().unwrap_or("").trim().to_ascii_lowercase();
    let decoder = match coding.as_str() {
        "" | "identity" => None,
        "gzip" | "x-gzip" => Some(Decoder::Gzip(Box::new(GzDecoder::new(Capped::new(BODY_LIMIT))))),
        // HTTP's `deflate` is the zlib format (RFC 9110 §8.4.1.2).
        "deflate" => Some(Decoder::Zlib(Box::new(ZlibDecoder::new(Capped::new(BODY_LIMIT))))),
        _ => {
            let error = ApiError::UnsupportedMediaType(format!(
                "the body's Content-Encoding {coding:?} is not supported; send gzip, deflate or none"
            ));
            return Ok(req.into_response(error.error_response()).map_into_right_body());
        }
    };
    req.headers_mut().remove(header::CONTENT_ENCODING);
    if let Some(decoder) = decoder {
        let inflated = Inflate { raw: req.take_payload(), decoder: Some(decoder) };
        req.set_payload(Payload::Stream { payload: inflated.boxed_local() });
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

/// Whether the request announces a body (RFC 9112 §6.3: a length above zero, or chunks).
fn has_body(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|length| length > 0)
}

/// An inflating decoder writing into a [`Capped`] buffer.
enum Decoder {
    Gzip(Box<GzDecoder<Capped>>),
    Zlib(Box<ZlibDecoder<Capped>>),
}

impl Decoder {
    fn feed(&mut self, compressed: &[u8]) -> io::Result<()> {
        match self {
            Decoder::Gzip(d) => d.write_all(compressed),
            Decoder::Zlib(d) => d.write_all(compressed),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            Decoder::Gzip(d) => d.try_finish(),
            Decoder::Zlib(d) => d.try_finish(),
        }
    }

    /// The bytes inflated since the last call.
    fn take(&mut self) -> Bytes {
        match self {
            Decoder::Gzip(d) => d.get_mut().take(),
            Decoder::Zlib(d) => d.get_mut().take(),
        }
    }
}

/// A buffer that refuses to hold more than `limit` bytes in total. flate2's writers hand their
/// output over in pieces of at most 32 KiB, so inflation stops within one piece of the limit.
struct Capped {
    buffer: BytesMut,
    written: usize,
    limit: usize,
}

impl Capped {
    fn new(limit: usize) -> Self {
        Capped { buffer: BytesMut::new(), written: 0, limit }
    }

    fn take(&mut self) -> Bytes {
        self.buffer.split().freeze()
    }
}

impl Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.written.saturating_add(bytes.len()) > self.limit {
            return Err(io::Error::new(io::ErrorKind::FileTooLarge, BodyTooLarge));
        }
        self.written += bytes.len();
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The marker error of [`Capped`], told apart from a corrupt stream.
#[derive(Debug, thiserror::Error)]
#[error("the inflated body is larger than the limit")]
struct BodyTooLarge;

/// The inflated body, as a stream of chunks; ends with [`PayloadError::Overflow`] (413) at
/// the limit and [`PayloadError::EncodingCorrupted`] (400) on a broken stream.
struct Inflate {
    raw: Payload,
    /// `None` once the stream ended or failed.
    decoder: Option<Decoder>,
}

impl Inflate {
    fn failed(&mut self, error: &io::Error) -> PayloadError {
        self.decoder = None;
        if error.get_ref().is_some_and(|inner| inner.is::<BodyTooLarge>()) {
            PayloadError::Overflow
        } else {
            PayloadError::EncodingCorrupted
        }
    }
}

impl Stream for Inflate {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            let Some(decoder) = this.decoder.as_mut() else { return Poll::Ready(None) };
            match Pin::new(&mut this.raw).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(error))) => {
                    this.decoder = None;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(Some(Ok(compressed))) => {
                    if let Err(error) = decoder.feed(&compressed) {
                        return Poll::Ready(Some(Err(this.failed(&error))));
                    }
                    let inflated = decoder.take();
                    if !inflated.is_empty() {
                        return Poll::Ready(Some(Ok(inflated)));
                    }
                }
                Poll::Ready(None) => {
                    if let Err(error) = decoder.finish() {
                        return Poll::Ready(Some(Err(this.failed(&error))));
                    }
                    let rest = decoder.take();
                    this.decoder = None;
                    return Poll::Ready((!rest.is_empty()).then_some(Ok(rest)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    #[test]
    fn inflation_stops_at_the_limit_and_says_why() {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(&vec![0u8; 8 * 1024 * 1024]).unwrap();
        let bomb = encoder.finish().unwrap();
        let mut decoder = Decoder::Gzip(Box::new(GzDecoder::new(Capped::new(64 * 1024))));
        let error = decoder.feed(&bomb).unwrap_err();
        assert!(error.get_ref().is_some_and(|inner| inner.is::<BodyTooLarge>()), "{error}");
        assert!(decoder.take().len() <= 64 * 1024, "inflated past the limit");
    }
}
