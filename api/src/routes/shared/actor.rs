//! The acting principal as the domain records it (who changed a status, who approved).

use iro_domain::agreement::Actor;

use crate::auth::Principal;

/// The caller as the status history records them.
pub fn actor(principal: &Principal) -> Actor {
    Actor { id: principal.subject.to_sub(), name: principal.name.clone() }
}
