//! What each role may do: one table, checked by every handler before it touches data.

use iro_domain::{Role, Scope, UnitId};

use crate::auth::Principal;
use crate::error::ApiError;

/// An access a handler needs: read or write one kind of resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read institutions and their units.
    ReadInstitutions,
    /// Create, change or delete institutions and units.
    WriteInstitutions,
    /// Manage user accounts.
    ManageUsers,
}

impl Access {
    /// The roles that hold this access outright (integration clients need `scope()`).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Access::ReadInstitutions => &[
                Role::Admin,
                Role::Officer,
                Role::FacultyCoordinator,
                Role::Participant,
                Role::Integration,
                Role::Reporting,
            ],
            Access::WriteInstitutions => &[Role::Admin, Role::Officer, Role::Integration],
            Access::ManageUsers => &[Role::Admin],
        }
    }

    /// The scope an integration client needs for this access.
    pub fn scope(self) -> Option<Scope> {
        match self {
            Access::ReadInstitutions => Some(Scope::read("institutions")),
            Access::WriteInstitutions => Some(Scope::write("institutions")),
            Access::ManageUsers => None,
        }
    }

    /// A sentence for the OpenAPI description and for 403 messages.
    pub fn describe(self) -> String {
        let roles: Vec<&str> = self.roles().iter().filter(|r| **r != Role::Integration).map(|r| r.as_str()).collect();
        match self.scope() {
            Some(scope) => format!("roles: {}; integration clients with scope `{scope}`", roles.join(", ")),
            None => format!("roles: {}", roles.join(", ")),
        }
    }
}

impl Principal {
    /// Whether the caller holds `access`.
    pub fn can(&self, access: Access) -> bool {
        if !access.roles().contains(&self.role) {
            return false;
        }
        if self.role == Role::Integration {
            return access.scope().is_some_and(|wanted| self.scopes.iter().any(|held| held.grants(&wanted)));
        }
        true
    }

    /// Fails with 403 unless the caller holds `access`.
    pub fn require(&self, access: Access) -> Result<(), ApiError> {
        if self.can(access) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("this operation needs {}", access.describe())))
        }
    }

    /// Whether the caller is a faculty coordinator of `unit`.
    pub fn coordinates(&self, unit: UnitId) -> bool {
        self.role == Role::FacultyCoordinator && self.unit_ids.contains(&unit)
    }
}

#[cfg(test)]
mod tests {
    use iro_domain::{ClientId, UserId};

    use super::*;
    use crate::auth::Subject;

    fn principal(role: Role, scopes: &[&str]) -> Principal {
        Principal {
            subject: if role == Role::Integration {
                Subject::Client(ClientId::generate())
            } else {
                Subject::User(UserId::generate())
            },
            name: "x".into(),
            role,
            scopes: scopes.iter().map(|s| Scope::parse(s).unwrap()).collect(),
            unit_ids: vec![],
        }
    }

    #[test]
    fn officers_write_institutions_but_do_not_manage_users() {
        let officer = principal(Role::Officer, &[]);
        assert!(officer.can(Access::WriteInstitutions));
        assert!(!officer.can(Access::ManageUsers));
        assert!(principal(Role::Admin, &[]).can(Access::ManageUsers));
    }

    #[test]
    fn participants_and_reporting_only_read() {
        for role in [Role::Participant, Role::Reporting, Role::FacultyCoordinator] {
            let p = principal(role, &[]);
            assert!(p.can(Access::ReadInstitutions));
            assert!(!p.can(Access::WriteInstitutions));
        }
    }

    #[test]
    fn integration_clients_are_limited_by_scope() {
        let reader = principal(Role::Integration, &["institutions:read"]);
        assert!(reader.can(Access::ReadInstitutions));
        assert!(!reader.can(Access::WriteInstitutions));
        let writer = principal(Role::Integration, &["institutions:write"]);
        assert!(writer.can(Access::ReadInstitutions) && writer.can(Access::WriteInstitutions));
        assert!(!principal(Role::Integration, &["agreements:write"]).can(Access::ReadInstitutions));
        assert!(!writer.can(Access::ManageUsers));
    }
}
