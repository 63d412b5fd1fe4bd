//! Mobilities: people (students and staff), their mobilities, the mobility lifecycle with
//! nomination under quota, and mobility statistics.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod mobility;
pub mod people;
pub mod statistics;
pub mod status;

/// Registers the people, mobility and statistics routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(statistics::mobility_statistics);
    cfg.service(people::list_people)
        .service(people::create_person)
        .service(people::get_person)
        .service(people::update_person)
        .service(people::delete_person)
        .service(people::anonymise_person);
    cfg.service(mobility::list_mobilities)
        .service(mobility::create_mobility)
        .service(mobility::get_mobility)
        .service(mobility::update_mobility)
        .service(mobility::delete_mobility);
    cfg.service(status::change_mobility_status).service(status::list_mobility_history);
}
