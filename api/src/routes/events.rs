//! Outreach events of the office (info meetings, dissemination debates, conferences, guest
//! receptions, welcome days): the events and their life cycle.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod event;
pub mod status;
pub mod vocabulary;

/// Registers the event routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(event::list_events)
        .service(event::create_event)
        .service(event::get_event)
        .service(event::update_event)
        .service(status::change_event_status);
}
