//! Rows of the course catalogue (`catalogue_programmes`, `catalogue_courses`) and their mapping
//! to `iro_domain::catalogue`.

pub mod course;
pub mod programme;

use iro_domain::catalogue::InstructionLanguages;

use crate::RepoError;

/// Languages as a JSON array of tags (`["en","mk"]`); the language filter matches `"en"` in it.
pub(crate) fn languages_to_json(languages: &InstructionLanguages) -> String {
    let tags: Vec<&str> = languages.tags().iter().map(|t| t.as_str()).collect();
    serde_json::to_string(&tags).unwrap_or_else(|_| "[]".to_owned())
}

/// Reads languages back.
pub(crate) fn languages_from_json(json: &str) -> Result<InstructionLanguages, RepoError> {
    let tags: Vec<String> = serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("languages: {e}")))?;
    InstructionLanguages::parse(tags.iter().map(String::as_str))
        .map_err(|e| RepoError::Corrupt(format!("languages: {e}")))
}

/// Reads a small stored number into the domain's type.
pub(crate) fn small<T: TryFrom<i32>>(what: &str, raw: i32) -> Result<T, RepoError> {
    T::try_from(raw).map_err(|_| RepoError::Corrupt(format!("{what}: {raw} out of range")))
}
