//! Free-text fields of request bodies: trimming and length limits, the same for every resource.

use crate::error::{FieldError, FieldErrors};

/// Trims optional free text; blank means absent.
pub fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Checks a free-text field's length.
pub fn check_length(errors: &mut FieldErrors, field: &str, text: &Option<String>, max: usize) {
    if let Some(text) = text
        && text.chars().count() > max
    {
        errors.push(FieldError::new(field, "range", format!("{field} must be at most {max} characters")));
    }
}

/// Checks optional free text: at most `max` characters and no control characters (line
/// breaks and tabs allowed when `multiline`); blank means absent.
pub fn check_text(
    errors: &mut FieldErrors,
    field: &str,
    text: Option<String>,
    max: usize,
    multiline: bool,
) -> Option<String> {
    let text = clean(text)?;
    if text.chars().count() > max {
        errors.push(FieldError::new(field, "range", format!("{field} must be at most {max} characters")));
    } else if text.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) {
        errors.push(FieldError::new(field, "format", format!("{field} must not contain control characters")));
    }
    Some(text)
}
