//! The yearly factsheet for incoming students (issue 15.2): which of a year's versions is in
//! effect, the order its dates and amounts must keep, and its visa and insurance blocks,
//! generated per citizenship from the same checklist rules a mobility's checklist uses.

pub mod dates;
pub mod entry;
pub mod version;

pub use dates::{Period, TermDates, check_amount_range, check_in_year};
pub use entry::{Outcome, incoming_student_facts, outcomes};
pub use version::{VersionFacts, in_effect};
