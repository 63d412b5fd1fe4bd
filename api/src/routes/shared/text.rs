//! Free text of requests: trimming, length limits and refused control characters, the same
//! for every resource. Control characters (NUL, terminal escapes such as ESC `[31m`, DEL, the
//! C1 range) are refused everywhere, line breaks and tabs except where text may span lines:
//! they corrupt logs and terminals that show the text, and PostgreSQL refuses NUL in text
//! (issue 11, low a).

use serde_json::Value;

use crate::error::{ApiError, FieldError, FieldErrors};

/// Whether `c` is refused in free text: every control character (Unicode `Cc`), except line
/// breaks and tabs in text that may span lines.
pub fn is_refused(c: char, multiline: bool) -> bool {
    c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))
}

/// Trims optional free text; blank means absent.
pub fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Records an error under `field` when `text` holds a refused control character; returns
/// whether the text is acceptable. For text whose shape a domain parser checks.
pub fn check_characters(errors: &mut FieldErrors, field: &str, text: &str, multiline: bool) -> bool {
    if text.chars().any(|c| is_refused(c, multiline)) {
        let allowed = if multiline { " other than line breaks and tabs" } else { " or line breaks" };
        errors.push(FieldError::new(field, "format", format!("{field} must not contain control characters{allowed}")));
        false
    } else {
        true
    }
}

/// Checks optional free text: trimmed, blank means absent, at most `max` characters and no
/// control characters (line breaks and tabs allowed when `multiline`).
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
    } else {
        check_characters(errors, field, &text, multiline);
    }
    Some(text)
}

/// Refuses (422, one error per offending field path such as `contacts[0].name`) a JSON body
/// any of whose texts or member names holds a control character other than a line break or
/// a tab. Every JSON body passes here, so text that no handler checks further (names by
/// language, contacts, grade labels) still never carries NUL or escapes; single-line fields
/// are held to the stricter rule by their handlers.
pub fn check_json_text(body: &Value) -> Result<(), ApiError> {
    let mut errors = FieldErrors::default();
    walk(&mut errors, String::new(), body);
    errors.finish()
}

fn walk(errors: &mut FieldErrors, path: String, value: &Value) {
    match value {
        Value::String(text) => {
            check_characters(errors, if path.is_empty() { "body" } else { &path }, text, true);
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(errors, format!("{path}[{i}]"), item);
            }
        }
        Value::Object(members) => {
            for (name, member) in members {
                let member_path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                if name.chars().any(|c| is_refused(c, false)) {
                    // The name itself is unprintable; name the object that holds it.
                    let holder = if path.is_empty() { "body" } else { &path };
                    errors.push(FieldError::new(holder, "format", "member names must not contain control characters"));
                    continue;
                }
                walk(errors, member_path, member);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Refuses (400 `invalid_query`) a query string any of whose decoded parameters holds a
/// control character: no filter needs one, and PostgreSQL would fail on NUL.
pub fn check_query_text(query: &str) -> Result<(), ApiError> {
    let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) else {
        // Unreadable queries are the extractors' to refuse, with their own message.
        return Ok(());
    };
    let mut errors = FieldErrors::default();
    for (name, value) in &pairs {
        if name.chars().any(|c| is_refused(c, false)) {
            errors.push(FieldError::new("query", "format", "parameter names must not contain control characters"));
        } else {
            check_characters(&mut errors, name, value, false);
        }
    }
    errors.finish_query()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn control_characters_are_refused_and_line_breaks_only_in_multi_line_text() {
        for c in ['\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{9b}'] {
            assert!(is_refused(c, true) && is_refused(c, false), "{c:?}");
        }
        for c in ['\n', '\r', '\t'] {
            assert!(!is_refused(c, true) && is_refused(c, false), "{c:?}");
        }
        assert!(!is_refused('é', false) && !is_refused('Ж', false) && !is_refused(' ', false));
    }

    #[test]
    fn json_bodies_name_the_path_of_each_offending_text() {
        let body = json!({"ok": "a\nb", "contacts": [{"name": "x\u{0}y"}], "name": {"en": "\u{1b}[31m"}});
        let Err(ApiError::Validation(errors)) = check_json_text(&body) else { panic!("accepted") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["contacts[0].name", "name.en"]);
        assert!(check_json_text(&json!({"note": "line\n\tline", "n": 1, "list": [null, true]})).is_ok());
    }

    #[test]
    fn queries_with_control_characters_are_refused() {
        assert!(matches!(check_query_text("q=a%00b"), Err(ApiError::InvalidQuery(_))));
        assert!(matches!(check_query_text("q=a%0Ab"), Err(ApiError::InvalidQuery(_))));
        assert!(check_query_text("q=Lipetsk&limit=5").is_ok());
        assert!(check_query_text("").is_ok());
    }
}
