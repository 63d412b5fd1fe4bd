//! Inquiries of incoming and prospective students: what they ask about, which team answers
//! (the office or the Student Organization), where a thread stands, when its first answer is
//! due, and the service statistics over many of them.

pub mod due;
pub mod record;
pub mod statistics;
pub mod status;
pub mod topic;

pub use due::{AnswerDue, add_working_days};
pub use record::{Asker, Handover, Inquiry, InquiryMessage, NewInquiry};
pub use statistics::{InquiryFacts, ServiceStatistics, service_statistics};
pub use status::{InquiryStatus, InquiryTransitionError};
pub use topic::{Team, Topic};
