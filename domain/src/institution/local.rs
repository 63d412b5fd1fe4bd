//! Which institution is ours: exactly one is local once the office has registered it, so
//! "ours" moves from one institution to another in one step and is never cleared (issue 11.2).

use super::{Institution, InstitutionData};

/// What a change of an institution does to which institution is ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalChange {
    /// `is_local` stays as it was.
    Unchanged,
    /// This institution becomes ours; the one that was local stops being local in the same
    /// step (the caller clears it in the same transaction).
    BecomesLocal,
}

/// A change that would leave the office without a local institution: every mobility and
/// agreement rule that needs "our university" would then refuse to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "this is our university (is_local) and exactly one institution must be; to change which one is ours, \
     set is_local on the other institution instead"
)]
pub struct LocalInstitutionRequired;

impl InstitutionData {
    /// What changing `self` into `next` does to which institution is ours; clearing
    /// `is_local` is refused, because it would leave none.
    pub fn local_change(&self, next: &InstitutionData) -> Result<LocalChange, LocalInstitutionRequired> {
        match (self.is_local, next.is_local) {
            (true, false) => Err(LocalInstitutionRequired),
            (false, true) => Ok(LocalChange::BecomesLocal),
            _ => Ok(LocalChange::Unchanged),
        }
    }
}

impl Institution {
    /// Refuses to delete our university: move `is_local` to another institution first.
    pub fn check_delete(&self) -> Result<(), LocalInstitutionRequired> {
        if self.data.is_local { Err(LocalInstitutionRequired) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CountryCode, HeiId, LocalizedText};

    fn data(is_local: bool) -> InstitutionData {
        InstitutionData {
            hei_id: HeiId::parse("ukim.edu.mk").unwrap(),
            erasmus_code: None,
            pic: None,
            oid: None,
            name: LocalizedText::parse([("en", "Ss. Cyril and Methodius University")]).unwrap(),
            abbreviation: None,
            country: CountryCode::parse("MK").unwrap(),
            city: None,
            website: None,
            is_local,
            ewp_enabled: false,
            contacts: vec![],
            coordinates: None,
        }
    }

    #[test]
    fn ours_moves_but_is_never_cleared() {
        assert_eq!(data(false).local_change(&data(true)), Ok(LocalChange::BecomesLocal));
        assert_eq!(data(true).local_change(&data(true)), Ok(LocalChange::Unchanged));
        assert_eq!(data(false).local_change(&data(false)), Ok(LocalChange::Unchanged));
        assert_eq!(data(true).local_change(&data(false)), Err(LocalInstitutionRequired));
    }
}
