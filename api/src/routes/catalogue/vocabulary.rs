//! The catalogue's API enums.

use iro_domain::catalogue::Semester;

use crate::routes::shared::vocabulary::api_vocabulary;

api_vocabulary! {
    /// When in the academic year a course is taught.
    SemesterName <-> Semester {
        /// The winter (autumn) semester, from October.
        Winter,
        /// The summer (spring) semester, from February.
        Summer,
    }
}
