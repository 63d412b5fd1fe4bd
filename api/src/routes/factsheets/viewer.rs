//! Who reads a factsheet: the public (published versions only, cacheable by anyone) or the
//! office, who also sees drafts.

use crate::auth::{Access, MaybePrincipal};
use crate::http::conditional_get::Audience;

/// What the caller of a factsheet read sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// Whether drafts are shown too.
    pub sees_drafts: bool,
    /// How caches may keep the answer.
    pub audience: Audience,
}

impl Viewer {
    /// The view of `caller`: anonymous callers and signed-in users without
    /// [`Access::ReadFactsheetDrafts`] read the published factsheet. A signed-in answer is
    /// private either way: a shared cache must not keep what a token fetched.
    pub fn of(caller: &MaybePrincipal) -> Viewer {
        match &caller.0 {
            None => Viewer { sees_drafts: false, audience: Audience::Public },
            Some(principal) => {
                Viewer { sees_drafts: principal.can(Access::ReadFactsheetDrafts), audience: Audience::Private }
            }
        }
    }
}
