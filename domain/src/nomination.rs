//! Taking a place, and every status change of a mobility, decided from facts passed in: the
//! lifecycle (`mobility::MobilityStatus::transition`), the references
//! (`mobility::check_references`), the Erasmus+ rules (`mobility::check_nomination_rules`) and
//! the quota (`quota::check_nomination`).
//!
//! It composes `mobility` and `quota`, and `quota` reads `mobility`'s statuses, so it sits
//! beside both rather than inside either (no module imports one that imports it back).

mod departure;
mod place;
mod status_change;

pub use departure::{DepartureRefusal, check_departure};
pub use place::{PlaceFacts, PlaceRefusal, check_place};
pub use status_change::{
    StatusChangeDecision, StatusChangeFacts, StatusChangeRefusal, StatusChangeRequest, decide_status_change,
};
