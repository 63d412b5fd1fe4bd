//! The request log: one line per request with the client's address, the request line, the
//! status, the size, the time and the request id. The request line names the query
//! parameters but not their values: `?q=` holds people's names, and logs are kept longer and
//! read by more people than the database (issue 11 item 7).

use actix_web::dev::ServiceRequest;
use actix_web::middleware::Logger;

/// The longest parameter name logged as is; API parameter names are far shorter.
const MAX_NAME_LEN: usize = 40;

/// The request-logging middleware.
pub fn request_logger() -> Logger {
    Logger::new("%a \"%{request_line}xi\" %s %b %Dms request_id=%{x-request-id}i")
        .custom_request_replace("request_line", request_line)
}

/// `GET /api/v1/people?q=…&limit=… HTTP/1.1`: actix's `%r` without the query's values.
pub fn request_line(req: &ServiceRequest) -> String {
    let mut line = format!("{} {}", req.method(), req.path());
    let query = req.query_string();
    if !query.is_empty() {
        let names: Vec<String> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) => format!("{}=…", shown_name(name)),
                None => shown_name(pair).to_owned(),
            })
            .collect();
        line.push('?');
        line.push_str(&names.join("&"));
    }
    line.push_str(&format!(" {:?}", req.version()));
    line
}

/// A parameter name as logged: ours are short ASCII words; anything else (a long, encoded or
/// odd name, which may well be a value sent as a name) is logged as `?`.
fn shown_name(name: &str) -> &str {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']');
    if !name.is_empty() && name.len() <= MAX_NAME_LEN && name.chars().all(plain) { name } else { "?" }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn line(uri: &str) -> String {
        request_line(&TestRequest::get().uri(uri).to_srv_request())
    }

    #[test]
    fn values_are_left_out_and_names_kept() {
        assert_eq!(line("/api/v1/people?q=Petrovska&limit=5"), "GET /api/v1/people?q=…&limit=… HTTP/1.1");
        assert_eq!(line("/api/v1/people"), "GET /api/v1/people HTTP/1.1");
        assert_eq!(line("/api/v1/people?q=&&flag"), "GET /api/v1/people?q=…&flag HTTP/1.1");
    }

    #[test]
    fn odd_names_are_not_logged_either() {
        assert_eq!(line("/api/v1/people?%D0%9F%D0%B5%D1%82%D1%80=1"), "GET /api/v1/people??=… HTTP/1.1");
        let long = "a".repeat(MAX_NAME_LEN + 1);
        assert_eq!(line(&format!("/x?{long}")), "GET /x?? HTTP/1.1");
    }
}
