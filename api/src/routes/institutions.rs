//! Institutions: our university, partner institutions and their units (faculties, departments).

use utoipa_actix_web::service_config::ServiceConfig;

pub mod institution;
pub mod units;

/// Registers the institution and unit routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(institution::list_institutions)
        .service(institution::create_institution)
        .service(institution::get_institution)
        .service(institution::update_institution)
        .service(institution::delete_institution);
    cfg.service(units::list_units)
        .service(units::create_unit)
        .service(units::get_unit)
        .service(units::update_unit)
        .service(units::delete_unit);
}
