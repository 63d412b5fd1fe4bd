//! Authentication and authorisation: password hashing (and how many checks run at once),
//! JWT access tokens, the
//! authenticated `Principal` (and the cache of the accounts behind it) and what each role may do.

pub mod accounts;
pub mod claims;
pub mod hashing;
pub mod jwt;
pub mod optional_principal;
pub mod password;
pub mod policy;
pub mod principal;
pub mod secret;
pub mod subject;
pub mod throttle;
pub mod verified_tokens;

pub use jwt::{Claims, TokenKeys};
pub use optional_principal::MaybePrincipal;
pub use policy::Access;
pub use principal::Principal;
pub use subject::Subject;
