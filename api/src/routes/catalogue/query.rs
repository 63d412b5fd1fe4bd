//! The catalogue's list filters as clients send them, checked into what the repositories take.

use iro_domain::{EqfLevel, IscedCode, LanguageTag};

use crate::error::FieldErrors;

/// The filters programmes and courses share, checked.
#[derive(Debug, Clone, Default)]
pub struct CommonFilters {
    /// The cycle as an EQF level.
    pub eqf_level: Option<EqfLevel>,
    /// A language tag as stored (primary subtag lower case).
    pub language: Option<String>,
    /// An ISCED-F code (broad, narrow or detailed).
    pub isced_code: Option<String>,
    /// Free text, trimmed; blank means none.
    pub q: Option<String>,
}

/// Checks `eqf_level`, `language`, `isced_code` and `q`, recording errors under their names.
pub fn common_filters(
    errors: &mut FieldErrors,
    eqf_level: Option<u8>,
    language: Option<&str>,
    isced_code: Option<&str>,
    q: Option<String>,
) -> CommonFilters {
    CommonFilters {
        eqf_level: errors.check_opt("eqf_level", eqf_level, EqfLevel::new),
        language: errors.check_opt("language", language, LanguageTag::parse).map(|t| t.as_str().to_owned()),
        isced_code: errors.check_opt("isced_code", isced_code, IscedCode::parse).map(|c| c.as_str().to_owned()),
        q: q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()),
    }
}
