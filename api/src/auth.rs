//! Authentication and authorisation: password hashing, JWT access tokens, the
//! authenticated `Principal` and what each role may do.

pub mod jwt;
pub mod password;
pub mod policy;
pub mod principal;
pub mod secret;
pub mod throttle;

pub use jwt::{Claims, TokenKeys};
pub use policy::Access;
pub use principal::{Principal, Subject};
