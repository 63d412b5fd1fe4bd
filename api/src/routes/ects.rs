//! ECTS: grading scales, grading tables, fixed conversion tables, point bands, credit systems,
//! each institution's conversion policy, and grade, point and credit conversion.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod conversions;
pub mod credit_systems;
pub mod fixed_tables;
pub mod point_bands;
pub mod policy;
pub mod scales;
pub mod tables;

/// Registers the ECTS routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(policy::get_conversion_policy).service(policy::put_conversion_policy);
    cfg.service(scales::list_grading_scales)
        .service(scales::create_grading_scale)
        .service(scales::get_grading_scale)
        .service(scales::update_grading_scale);
    cfg.service(tables::list_grading_tables)
        .service(tables::create_grading_table)
        .service(tables::get_grading_table)
        .service(tables::update_grading_table)
        .service(tables::put_grading_table_counts)
        .service(tables::delete_grading_table);
    cfg.service(fixed_tables::list_fixed_tables)
        .service(fixed_tables::create_fixed_table)
        .service(fixed_tables::get_fixed_table);
    cfg.service(point_bands::list_point_bands)
        .service(point_bands::create_point_bands)
        .service(point_bands::get_point_bands);
    cfg.service(credit_systems::list_credit_systems);
    cfg.configure(conversions::configure);
}
