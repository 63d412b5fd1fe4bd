//! Contacts attachable to an institution, a unit or an agreement (EWP contact shape).

use crate::InvalidValue;

/// A contact person or functional role (e.g. "Erasmus+ coordinator"). At least a name or a
/// role description is required so the contact can be addressed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    /// The person's name, if the contact is a person.
    pub name: Option<String>,
    /// What this contact does, e.g. "Incoming students' coordinator".
    pub role: Option<String>,
    /// Email addresses.
    pub emails: Vec<String>,
    /// Phone numbers in E.164 or local notation.
    pub phones: Vec<String>,
}

/// Checks the shape of an email address: a local part, `@`, a dotted domain, no spaces.
pub fn check_email(email: &str) -> Result<(), InvalidValue> {
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
    });
    if valid { Ok(()) } else { Err(InvalidValue::format(format!("{email:?} is not an email address"))) }
}

impl Contact {
    /// Checks the contact: a name or a role, and plausible email addresses and phone numbers.
    pub fn validate(self) -> Result<Self, InvalidValue> {
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        if blank(&self.name) && blank(&self.role) {
            return Err(InvalidValue::required("a contact needs a name or a role"));
        }
        for email in &self.emails {
            check_email(email)?;
        }
        for phone in &self.phones {
            let digits = phone.bytes().filter(u8::is_ascii_digit).count();
            let allowed = phone.bytes().all(|b| b.is_ascii_digit() || b" +()-./".contains(&b));
            if !allowed || !(5..=20).contains(&digits) {
                return Err(InvalidValue::format(format!("{phone:?} is not a phone number")));
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_needs_a_name_or_a_role_and_valid_addresses() {
        let ok = Contact {
            role: Some("IRO".into()),
            emails: vec!["iro@ukim.edu.mk".into()],
            phones: vec!["+389 2 3293 293".into()],
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
        assert_eq!(Contact::default().validate().unwrap_err().code, "required");
        let bad_mail = Contact { name: Some("A".into()), emails: vec!["nope".into()], ..Default::default() };
        assert_eq!(bad_mail.validate().unwrap_err().code, "format");
        let bad_phone = Contact { name: Some("A".into()), phones: vec!["call me".into()], ..Default::default() };
        assert_eq!(bad_phone.validate().unwrap_err().code, "format");
    }
}
