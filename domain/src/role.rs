//! Who may do what: the roles of iro's users and the scopes of integration clients.

use std::fmt;
use std::str::FromStr;

use crate::InvalidValue;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Manages users and everything else.
    Admin,
    /// IRO staff and the Erasmus+ coordinator: manages the office's records.
    Officer,
    /// A faculty's coordinator: manages records of its own units, reads the rest.
    FacultyCoordinator,
    /// A student or staff member: sees their own records only.
    Participant,
    /// A service account of an ERP or other system, limited by scopes.
    Integration,
    /// Read-only access for Erasmus+ reporting.
    Reporting,
    /// A member of the Student Organization: sees and answers the inquiries routed to it
    /// (student life), nothing else.
    StudentOrganization,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Officer,
        Role::FacultyCoordinator,
        Role::Participant,
        Role::Integration,
        Role::Reporting,
        Role::StudentOrganization,
    ];

    /// The role's wire name (`faculty_coordinator`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::FacultyCoordinator => "faculty_coordinator",
            Role::Participant => "participant",
            Role::Integration => "integration",
            Role::Reporting => "reporting",
            Role::StudentOrganization => "student_organization",
        }
    }

    /// Checks how many units an account of this role may coordinate: a faculty coordinator
    /// needs at least one, every other role none (their rights do not depend on units).
    pub fn check_unit_count(self, units: usize) -> Result<(), InvalidValue> {
        match (self, units) {
            (Role::FacultyCoordinator, 0) => {
                Err(InvalidValue::required("a faculty coordinator needs at least one unit"))
            }
            (Role::FacultyCoordinator, _) | (_, 0) => Ok(()),
            _ => Err(InvalidValue { code: "not_allowed", message: "only faculty coordinators have units".to_owned() }),
        }
    }

    /// Whether the role manages the office's shared records (institutions, units …).
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Officer)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| InvalidValue::unknown(format!("unknown role {s:?}; expected one of admin, officer, faculty_coordinator, participant, integration, reporting, student_organization")))
    }
}

/// A permission of an integration client: a resource and `read` or `write`
/// (`institutions:read`). `write` implies `read`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    resource: &'static str,
    write: bool,
}

impl Scope {
    /// The resources a scope may name.
    pub const RESOURCES: [&'static str; 12] = [
        "institutions",
        "agreements",
        "mobilities",
        "people",
        "ects",
        "checklists",
        "catalogue",
        "factsheets",
        "users",
        "learning_agreements",
        "grants",
        "reports",
    ];

    /// Read access to `resource`.
    pub fn read(resource: &'static str) -> Self {
        Self { resource, write: false }
    }

    /// Write (and read) access to `resource`.
    pub fn write(resource: &'static str) -> Self {
        Self { resource, write: true }
    }

    /// Parses `resource:read` or `resource:write`.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let (resource, access) = text
            .split_once(':')
            .ok_or_else(|| InvalidValue::format(format!("scope must look like \"institutions:read\", got {text:?}")))?;
        let resource = Self::RESOURCES
            .into_iter()
            .find(|known| *known == resource)
            .ok_or_else(|| InvalidValue::unknown(format!("unknown scope resource {resource:?}")))?;
        match access {
            "read" => Ok(Self::read(resource)),
            "write" => Ok(Self::write(resource)),
            other => Err(InvalidValue::unknown(format!("scope access must be read or write, got {other:?}"))),
        }
    }

    /// Whether holding `self` grants `wanted`.
    pub fn grants(&self, wanted: &Scope) -> bool {
        self.resource == wanted.resource && (self.write || !wanted.write)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.resource, if self.write { "write" } else { "read" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn only_faculty_coordinators_have_units_and_they_need_one() {
        assert_eq!(Role::FacultyCoordinator.check_unit_count(0).unwrap_err().code, "required");
        assert!(Role::FacultyCoordinator.check_unit_count(2).is_ok());
        assert!(Role::Officer.check_unit_count(0).is_ok());
        assert_eq!(Role::Officer.check_unit_count(1).unwrap_err().code, "not_allowed");
    }

    #[test]
    fn write_scopes_grant_read_but_not_the_reverse() {
        let write = Scope::parse("institutions:write").unwrap();
        let read = Scope::parse("institutions:read").unwrap();
        assert!(write.grants(&read));
        assert!(!read.grants(&write));
        assert!(!write.grants(&Scope::read("agreements")));
        assert_eq!(write.to_string(), "institutions:write");
        assert!(Scope::parse("institutions").is_err());
        assert!(Scope::parse("planets:read").is_err());
        assert!(Scope::parse("institutions:delete").is_err());
    }
}
