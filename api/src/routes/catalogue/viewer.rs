//! Who reads the catalogue: the public (published entries only, cacheable by anyone) or staff
//! who may also see drafts.

use crate::auth::{Access, MaybePrincipal};
use crate::error::ApiError;
use crate::http::conditional_get::Audience;

/// What the caller of a catalogue read sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// Whether unpublished entries are shown too.
    pub sees_drafts: bool,
    /// How caches may keep the answer.
    pub audience: Audience,
}

impl Viewer {
    /// The view of `caller`: anonymous callers and signed-in users without
    /// [`Access::ReadCatalogueDrafts`] (participants, an integration without the scope) see
    /// the public catalogue. A signed-in answer is private either way: a cache shared with
    /// the public must not keep what a token fetched.
    pub fn of(caller: &MaybePrincipal) -> Viewer {
        match &caller.0 {
            None => Viewer { sees_drafts: false, audience: Audience::Public },
            Some(principal) => {
                Viewer { sees_drafts: principal.can(Access::ReadCatalogueDrafts), audience: Audience::Private }
            }
        }
    }

    /// Whether an entry with this `published` flag is visible; an invisible one is answered
    /// as missing (404), so a draft's existence does not leak.
    pub fn check_visible(self, published: bool) -> Result<(), ApiError> {
        if published || self.sees_drafts { Ok(()) } else { Err(iro_persistence::RepoError::NotFound.into()) }
    }
}
