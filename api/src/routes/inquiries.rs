//! Inquiries of incoming and prospective students, routed to the office or the Student
//! Organization, with their threads, hand-overs, overdue alerts and service statistics.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod alerts;
pub mod erasure;
pub mod handover;
pub mod inquiry;
pub mod reader;
pub mod statistics;
pub mod thread;
pub mod vocabulary;

/// Registers the inquiry routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(inquiry::list_inquiries)
        .service(inquiry::create_inquiry)
        .service(inquiry::get_inquiry)
        .service(thread::add_inquiry_message)
        .service(thread::change_inquiry_status)
        .service(handover::hand_over_inquiry)
        .service(handover::assign_inquiry)
        .service(erasure::anonymise_inquiry);
    cfg.service(alerts::list_inquiry_alerts).service(statistics::service_statistics);
}
