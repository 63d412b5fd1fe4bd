//! `/api/v1/conversions`: grade, point and credit conversion, and the stored conversions.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod credits;
pub mod grades;
pub mod points;
pub mod records;
mod sources;

/// Registers the conversion routes; `GET /conversions/{id}` comes last so the named
/// conversions are matched first.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(records::list_conversions)
        .service(grades::convert_grades)
        .service(credits::convert_credits_handler)
        .service(points::convert_points)
        .service(grades::get_conversion);
}
