//! The address a request comes from, for sign-in throttling: the connection's peer, or, behind
//! a trusted reverse proxy (`IRO_TRUSTED_PROXY_HEADER`), the address that proxy reports.

use std::net::{IpAddr, SocketAddr};

use actix_web::HttpRequest;
use actix_web::http::header::HeaderName;

/// Reads `IRO_TRUSTED_PROXY_HEADER`: none when unset or blank, an error when it is not a
/// header name (the server refuses to start rather than silently ignore it).
pub fn trusted_proxy_header(setting: Option<&str>) -> Result<Option<HeaderName>, String> {
    match setting.map(str::trim).filter(|name| !name.is_empty()) {
        None => Ok(None),
        Some(name) => HeaderName::from_bytes(name.as_bytes())
            .map(Some)
            .map_err(|_| format!("IRO_TRUSTED_PROXY_HEADER {name:?} is not an HTTP header name")),
    }
}

/// The client's address of `req`. With a trusted proxy header, the last address in its last
/// occurrence: a proxy appends the address it saw to what the client sent (`X-Forwarded-For:
/// <client's claim>, <real address>`), so only the last entry is the proxy's word. Without one,
/// or when the header is missing or unreadable, the peer address of the connection; such
/// headers are then never read, since any client can send them.
pub fn client_address(req: &HttpRequest, trusted_header: Option<&HeaderName>) -> String {
    let forwarded = trusted_header.and_then(|name| {
        let value = req.headers().get_all(name).last()?.to_str().ok()?;
        parse_address(value.rsplit(',').next()?)
    });
    forwarded
        .or_else(|| req.peer_addr().map(|peer| peer.ip()))
        .map(|ip| ip.to_canonical().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// An IP address, optionally with a port (`192.0.2.1:443`, `[2001:db8::1]:443`).
fn parse_address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>().ok().or_else(|| text.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn header() -> Option<HeaderName> {
        trusted_proxy_header(Some("X-Forwarded-For")).unwrap()
    }

    #[test]
    fn the_last_forwarded_address_counts_and_only_when_the_header_is_trusted() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let req = TestRequest::default()
            .peer_addr(peer)
            .insert_header(("x-forwarded-for", "203.0.113.9, 198.51.100.7"))
            .to_http_request();
        assert_eq!(client_address(&req, header().as_ref()), "198.51.100.7");
        assert_eq!(client_address(&req, None), "127.0.0.1");
        let req = TestRequest::default()
            .peer_addr(peer)
            .insert_header(("x-forwarded-for", "[2001:db8::1]:443"))
            .to_http_request();
        assert_eq!(client_address(&req, header().as_ref()), "2001:db8::1");
        let req =
            TestRequest::default().peer_addr(peer).insert_header(("x-forwarded-for", "nonsense")).to_http_request();
        assert_eq!(client_address(&req, header().as_ref()), "127.0.0.1");
        let req = TestRequest::default().peer_addr("[::ffff:192.0.2.1]:80".parse().unwrap()).to_http_request();
        assert_eq!(client_address(&req, header().as_ref()), "192.0.2.1");
    }

    #[test]
    fn a_blank_setting_is_off_and_a_bad_one_is_refused() {
        assert_eq!(trusted_proxy_header(None), Ok(None));
        assert_eq!(trusted_proxy_header(Some(" ")), Ok(None));
        assert!(trusted_proxy_header(Some("X Forwarded")).is_err());
    }
}
