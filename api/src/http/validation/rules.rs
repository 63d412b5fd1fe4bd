//! The rules request bodies name in `#[validate(custom(function = …))]` and
//! `#[validate(regex(path = …))]`: each answers in our codes, with a message that may name the
//! field as `{field}` (the mapping in `http::validation` fills it in).

use std::borrow::Cow;

use iro_domain::InvalidValue;
use regex::Regex;
use validator::ValidationError;

/// A domain refusal as a validator failure, keeping the domain's code and message.
pub fn refusal(invalid: InvalidValue) -> ValidationError {
    ValidationError::new(invalid.code).with_message(Cow::Owned(invalid.message))
}

/// An e-mail address, by the domain's rule (the same one contacts' addresses follow).
pub fn email(address: &str) -> Result<(), ValidationError> {
    iro_domain::contact::check_email(address).map_err(refusal)
}

/// Text that must say something: not blank (it is trimmed as it is read). The body names the
/// message, which says what is missing.
pub fn required(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() { Err(ValidationError::new("required")) } else { Ok(()) }
}

/// Free text on one line: no control characters at all.
pub fn single_line(text: &str) -> Result<(), ValidationError> {
    no_control_characters(text, false)
}

/// Free text that may span lines: line breaks and tabs, but no other control characters.
pub fn multiline(text: &str) -> Result<(), ValidationError> {
    no_control_characters(text, true)
}

fn no_control_characters(text: &str, multiline: bool) -> Result<(), ValidationError> {
    if text.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) {
        Err(ValidationError::new("format").with_message(Cow::Borrowed("{field} must not contain control characters")))
    } else {
        Ok(())
    }
}

/// Compiles a pattern a body declares (and documents with `#[schema(pattern = …)]`); the
/// patterns are constants, and `openapi::constraints` compiles every one in a test.
#[expect(clippy::expect_used, reason = "constant patterns, each compiled by a unit test")]
pub fn pattern(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a body's pattern compiles")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_except_line_breaks_in_multiline_text() {
        assert!(single_line("Ana Petrovska").is_ok());
        assert!(single_line("two\nlines").is_err());
        assert!(multiline("two\nlines\tand a tab").is_ok());
        assert_eq!(multiline("bell\u{7}").map_err(|e| e.code).unwrap_err(), "format");
    }

    #[test]
    fn emails_follow_the_domain_rule() {
        assert!(email("iro@ukim.edu.mk").is_ok());
        let refused = email("not-an-email").unwrap_err();
        assert_eq!(refused.code, "format");
        assert_eq!(refused.message.as_deref(), Some("\"not-an-email\" is not an email address"));
    }
}
