//! Who an access token belongs to: a person or an integration client.

use iro_domain::{ClientId, UserId};

/// Who the token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A person.
    User(UserId),
    /// An integration client.
    Client(ClientId),
}

impl Subject {
    /// The JWT `sub` form: `user:<uuid>` / `client:<uuid>`.
    pub fn to_sub(self) -> String {
        match self {
            Subject::User(id) => format!("user:{id}"),
            Subject::Client(id) => format!("client:{id}"),
        }
    }

    /// Parses the JWT `sub` form.
    pub fn parse(sub: &str) -> Option<Self> {
        match sub.split_once(':')? {
            ("user", id) => UserId::parse(id).ok().map(Subject::User),
            ("client", id) => ClientId::parse(id).ok().map(Subject::Client),
            _ => None,
        }
    }
}
