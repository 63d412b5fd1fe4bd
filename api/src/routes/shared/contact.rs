//! The contact shape shared by institutions, units and (later) agreements.

use iro_domain::Contact;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::routes::shared::text::check_characters;

/// A contact person or functional role.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Ana Petrovska", "role": "Erasmus+ institutional coordinator", "emails": ["iro@ukim.edu.mk"], "phones": ["+389 2 3293 293"]}))]
pub struct ContactBody {
    /// The person's name.
    #[serde(default)]
    pub name: Option<String>,
    /// What the contact does ("Incoming students' coordinator").
    #[serde(default)]
    pub role: Option<String>,
    /// Email addresses (`Contact::validate` checks each).
    #[serde(default)]
    #[schema(format = Email)]
    pub emails: Vec<String>,
    /// Phone numbers: digits, spaces and `+()-./`, with 5 to 20 digits (`Contact::validate`).
    #[serde(default)]
    #[schema(pattern = r"^[ +()./-]*([0-9][ +()./-]*){5,20}$")]
    pub phones: Vec<String>,
}

impl From<Contact> for ContactBody {
    fn from(c: Contact) -> Self {
        ContactBody { name: c.name, role: c.role, emails: c.emails, phones: c.phones }
    }
}

impl From<&Contact> for ContactBody {
    fn from(c: &Contact) -> Self {
        ContactBody { name: c.name.clone(), role: c.role.clone(), emails: c.emails.clone(), phones: c.phones.clone() }
    }
}

/// Validates a list of contacts, recording errors as `contacts[i]`.
pub fn parse_contacts(errors: &mut FieldErrors, contacts: Vec<ContactBody>) -> Option<Vec<Contact>> {
    let mut parsed = Vec::with_capacity(contacts.len());
    let mut ok = true;
    for (i, c) in contacts.into_iter().enumerate() {
        for (field, text) in [("name", &c.name), ("role", &c.role)] {
            check_characters(errors, &format!("contacts[{i}].{field}"), text.as_deref().unwrap_or(""), false);
        }
        let contact = Contact { name: c.name, role: c.role, emails: c.emails, phones: c.phones };
        match errors.check(format!("contacts[{i}]"), contact.validate()) {
            Some(contact) => parsed.push(contact),
            None => ok = false,
        }
    }
    ok.then_some(parsed)
}
