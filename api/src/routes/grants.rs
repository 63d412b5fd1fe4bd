//! Erasmus+ grants: grant projects, the funding rates they are paid by, and the Beneficiary
//! Module report of each project's mobilities (CSV or JSON, streamed); how a mobility's
//! participant travels (green travel).

use utoipa_actix_web::service_config::ServiceConfig;

pub mod grant;
pub mod rates;
pub mod report;
pub mod travel;
pub mod vocabulary;

/// Registers the grant routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(grant::list_grants)
        .service(grant::create_grant)
        .service(grant::get_grant)
        .service(grant::update_grant)
        .service(grant::delete_grant)
        .service(report::beneficiary_report);
    cfg.service(rates::list_funding_rates)
        .service(rates::create_funding_rate)
        .service(rates::get_funding_rate)
        .service(rates::update_funding_rate);
    cfg.service(travel::get_mobility_travel).service(travel::set_mobility_travel);
}
