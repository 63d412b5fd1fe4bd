//! Outreach events of the office (info meetings, dissemination debates, conferences, guest
//! receptions, welcome days): the events and their life cycle, invitations drawn from mobilities, registrations with capacity,
//! waiting list and check-in, and iCalendar files (per event, and a personal feed per person).

use utoipa_actix_web::service_config::ServiceConfig;

pub mod calendar;
pub mod event;
pub mod feeds;
pub mod invitations;
pub mod registrations;
pub mod status;
pub mod vocabulary;

/// Registers the event routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(event::list_events)
        .service(event::create_event)
        .service(event::get_event)
        .service(event::update_event)
        .service(status::change_event_status)
        .service(calendar::get_event_calendar)
        .service(invitations::generate_event_invitations)
        .service(invitations::list_event_invitations)
        .service(feeds::create_calendar_feed)
        .service(feeds::revoke_calendar_feed)
        .service(feeds::get_calendar_feed)
        .service(registrations::register_for_event)
        .service(registrations::list_event_registrations)
        .service(registrations::decline_event_registration)
        .service(registrations::check_in_event_registration);
}
