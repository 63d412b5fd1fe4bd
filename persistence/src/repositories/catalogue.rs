//! The course catalogue: study programmes and courses, each filtered and paged by id.

pub mod courses;
pub mod programmes;

use crate::repositories::institutions::like_pattern;

/// The LIKE pattern that finds a language tag in a stored JSON array (`["en","mk"]`).
pub(crate) fn language_pattern(tag: &str) -> String {
    let quoted = format!("\"{tag}\"");
    like_pattern(&quoted)
}

/// The LIKE pattern of ISCED-F codes under `code`: a broad field (`06`) matches its narrow
/// (`061`) and detailed (`0613`) fields.
pub(crate) fn isced_pattern(code: &str) -> String {
    let escaped = code.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("{escaped}%")
}
