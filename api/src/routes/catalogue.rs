//! The course catalogue for incoming students: study programmes and courses per unit, public
//! to read (published entries only), maintained by the office and the units' coordinators.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod courses;
pub mod export;
pub mod import;
pub mod programmes;
pub mod query;
pub mod references;
pub mod viewer;
pub mod vocabulary;

/// Registers the catalogue routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(programmes::list_programmes)
        .service(programmes::create_programme)
        .service(programmes::get_programme)
        .service(programmes::update_programme)
        .service(programmes::delete_programme);
    cfg.service(export::export_courses)
        .service(courses::list_courses)
        .service(courses::create_course)
        .service(courses::get_course)
        .service(courses::update_course)
        .service(courses::delete_course);
    cfg.service(import::import_courses);
}
