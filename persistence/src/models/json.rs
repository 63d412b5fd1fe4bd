//! JSON text columns: language maps and contact lists, in a stable storage format.

use std::collections::BTreeMap;

use iro_domain::{Contact, LocalizedText};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::RepoError;

#[derive(Serialize, Deserialize)]
struct StoredContact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
}

/// Serialises a language map as a JSON object.
pub fn localized_to_json(text: &LocalizedText) -> String {
    let map: BTreeMap<&str, &str> = text.iter().map(|(tag, value)| (tag.as_str(), value.as_str())).collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_owned())
}

/// Reads a language map back.
pub fn localized_from_json(json: &str) -> Result<LocalizedText, RepoError> {
    let map: BTreeMap<String, String> =
        serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("language map: {e}")))?;
    LocalizedText::parse(map.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| RepoError::Corrupt(format!("language map: {e}")))
}

/// Lower-cased text of every language, for case-insensitive search in any script.
pub fn search_text(parts: impl IntoIterator<Item = String>) -> String {
    parts.into_iter().map(|p| p.to_lowercase()).collect::<Vec<_>>().join("\u{1f}")
}

/// Serialises contacts as a JSON array.
pub fn contacts_to_json(contacts: &[Contact]) -> String {
    let stored: Vec<StoredContact> = contacts
        .iter()
        .map(|c| StoredContact {
            name: c.name.clone(),
            role: c.role.clone(),
            emails: c.emails.clone(),
            phones: c.phones.clone(),
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".to_owned())
}

/// Serialises one contact (an agreement's signer) as a JSON object.
pub fn contact_to_json(contact: &Contact) -> String {
    let stored = StoredContact {
        name: contact.name.clone(),
        role: contact.role.clone(),
        emails: contact.emails.clone(),
        phones: contact.phones.clone(),
    };
    serde_json::to_string(&stored).unwrap_or_else(|_| "{}".to_owned())
}

/// Reads one contact back.
pub fn contact_from_json(json: &str) -> Result<Contact, RepoError> {
    let c: StoredContact = serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("contact: {e}")))?;
    Ok(Contact { name: c.name, role: c.role, emails: c.emails, phones: c.phones })
}

/// Reads contacts back.
pub fn contacts_from_json(json: &str) -> Result<Vec<Contact>, RepoError> {
    let stored: Vec<StoredContact> =
        serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("contacts: {e}")))?;
    Ok(stored.into_iter().map(|c| Contact { name: c.name, role: c.role, emails: c.emails, phones: c.phones }).collect())
}

/// Serde for an optional entity id in a JSON document (seed files, stored JSON): the UUID
/// text. Domain ids carry no serde of their own, since the domain has no I/O.
pub mod optional_id {
    use super::*;

    /// Writes the id as UUID text, or `null`.
    pub fn serialize<S: Serializer, T: Copy + Into<Uuid>>(id: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        id.map(Into::<Uuid>::into).serialize(serializer)
    }

    /// Reads UUID text (or `null`) as the id.
    pub fn deserialize<'de, D: Deserializer<'de>, T: From<Uuid>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Uuid>::deserialize(deserializer)?.map(T::from))
    }
}
