//! Organisational units (faculties, departments): their codes and the tree they form.

use std::collections::HashSet;
use std::hash::Hash;

use chrono::{DateTime, Utc};

use crate::{Contact, InstitutionId, InvalidValue, LocalizedText, UnitId};

/// What a user states about a unit; every field already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitData {
    /// Human code, unique within the institution.
    pub code: UnitCode,
    /// Names by language (`en` required).
    pub name: LocalizedText,
    /// The enclosing unit, if any (a faculty's department).
    pub parent_id: Option<UnitId>,
    /// Contacts of the unit (its ECTS coordinator …).
    pub contacts: Vec<Contact>,
}

/// A stored organisational unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Opaque, immutable id.
    pub id: UnitId,
    /// The institution the unit belongs to.
    pub institution_id: InstitutionId,
    /// The stated data.
    pub data: UnitData,
    /// Increases with every change; the API's ETag.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// A unit's human code, unique within its institution (`FINKI`, `FEIT`): 1–32 characters of
/// letters, digits, `.`, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitCode(String);

impl UnitCode {
    /// Parses a unit code.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let ok =
            (1..=32).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidValue::format(format!("unit code must be 1–32 letters, digits, '.', '_' or '-', got {text:?}")))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether making `new_parent` the parent of `unit` would close a cycle in the unit tree.
///
/// `parent_of` answers the current parent of any unit. Walking up from the new parent, we
/// must never meet `unit` itself; a pre-existing cycle in the data also counts as one, so the
/// walk always ends.
pub fn would_create_cycle<Id: Eq + Hash + Clone>(
    unit: &Id,
    new_parent: &Id,
    parent_of: impl Fn(&Id) -> Option<Id>,
) -> bool {
    let mut seen = HashSet::new();
    let mut current = Some(new_parent.clone());
    while let Some(id) = current {
        if &id == unit || !seen.insert(id.clone()) {
            return true;
        }
        current = parent_of(&id);
    }
    false
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn unit_codes_have_a_safe_shape() {
        assert!(UnitCode::parse("FINKI").is_ok());
        assert!(UnitCode::parse("").is_err());
        assert!(UnitCode::parse("has space").is_err());
        assert!(UnitCode::parse(&"X".repeat(33)).is_err());
    }

    #[test]
    fn detects_cycles_through_ancestors() {
        // university <- faculty <- department
        let parents: HashMap<&str, &str> = [("faculty", "university"), ("department", "faculty")].into();
        let parent_of = |id: &&str| parents.get(id).copied();
        assert!(would_create_cycle(&"university", &"department", parent_of));
        assert!(would_create_cycle(&"faculty", &"faculty", parent_of));
        assert!(!would_create_cycle(&"department", &"university", parent_of));
    }
}
