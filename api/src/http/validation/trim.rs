//! Trimming of free text while a body is read (`#[serde(deserialize_with = …)]`), so the
//! declared length rules measure the text that will be stored, as the API always has.

use serde::{Deserialize, Deserializer};

/// A string without its surrounding white space.
pub fn trimmed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    Ok(text.trim().to_owned())
}

/// Optional text without its surrounding white space; blank means absent. Pair it with
/// `#[serde(default)]` so a missing member stays allowed.
pub fn trimmed_opt<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()))
}
