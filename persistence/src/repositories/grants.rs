//! Erasmus+ grants: grant projects (`projects`), the funding rules as data (`rates`), how a
//! mobility's participant travels (`travel`) and the reads of the Beneficiary Module report
//! (`report`).

pub mod projects;
pub mod rates;
pub mod report;
pub mod travel;
