//! The academic year in a factsheet's path: `2026-2027`, because a `/` cannot stand in a path
//! segment; `2026/2027` with its `/` percent-encoded (`2026%2F2027`), as query parameters
//! write academic years elsewhere in the API, is read too.

use iro_domain::AcademicYear;

use crate::error::{ApiError, ApiResult};

/// The pattern the path parameter is documented with.
pub const PATTERN: &str = r"^[0-9]{4}(-|/|%2F|%2f)[0-9]{4}$";

/// Reads the path's academic year (400 `invalid_path` when it is not one).
pub fn parse(text: &str) -> ApiResult<AcademicYear> {
    let text = text.trim();
    let slashed = text.replacen("%2F", "/", 1).replacen("%2f", "/", 1).replacen('-', "/", 1);
    AcademicYear::parse(&slashed).map_err(|e| ApiError::BadRequest {
        code: "invalid_path",
        detail: format!("the academic year must look like 2026-2027: {e}"),
    })
}

/// How the year is written in this API's factsheet paths.
pub fn in_path(year: AcademicYear) -> String {
    format!("{}-{}", year.start_year(), year.start_year() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_and_encoded_slashes_are_read_and_the_rest_refused() {
        let year = AcademicYear::parse("2026/2027").ok();
        assert_eq!(parse("2026-2027").ok(), year);
        assert_eq!(parse("2026/2027").ok(), year);
        assert_eq!(parse("2026%2F2027").ok(), year);
        assert!(parse("2026-2028").is_err());
        assert!(parse("2026").is_err());
        assert_eq!(year.map(in_path).as_deref(), Some("2026-2027"));
        let pattern = regex::Regex::new(PATTERN).ok();
        assert!(pattern.is_some_and(|p| p.is_match("2026-2027") && p.is_match("2026%2F2027")));
    }
}
