//! Mobilities: their vocabulary, lifecycle, EWP status mapping and nomination rules.
//!
//! A mobility moves applied → nominated → accepted → live → completed → recognized, may be
//! rejected by the receiving side or cancelled before recognition. Incoming mobilities start
//! with the partner's nomination and end at `completed`.

mod duration;
mod ewp;
#[cfg(test)]
pub(crate) mod fixtures;
mod period;
mod record;
mod references;
mod rules;
mod status;
mod teaching;
mod vocabulary;

pub use duration::{DurationBand, DurationOutOfRange, erasmus_days_360, erasmus_months};
pub use ewp::{EwpReceivingStatus, EwpSendingStatus};
pub use period::{DateRange, PersonMobility, overlapping_mobilities};
pub use record::{LanguageSkill, Mobility, MobilityData, MobilityDocument, MobilitySide, MobilityStatusChange};
pub use references::{InstitutionFacts, PersonFacts, ReferenceFacts, ReferenceProblem, SideName, check_references};
pub use rules::{NominationPlan, NominationRuleViolation, check_nomination_rules};
pub use status::{MobilityStatus, MobilityTransition, MobilityTransitionError, PlaceChange, TransitionRequest};
pub use teaching::{TeachingHoursTooFew, check_teaching_hours, minimum_teaching_hours, weekly_minimum};
pub use vocabulary::{ActivityType, Direction, MobilityProgramme, ParticipantKind, StudentActivityAttribute};
