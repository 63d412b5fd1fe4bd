//! Agreements: inter-institutional agreements, their approval, cooperation conditions and the
//! exchange quotas those conditions set.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod agreement;
pub mod conditions;
pub mod quotas;
pub mod status;

/// Registers the agreement, condition and quota routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(agreement::list_agreements)
        .service(agreement::create_agreement)
        .service(agreement::get_agreement)
        .service(agreement::update_agreement)
        .service(agreement::delete_agreement);
    cfg.service(status::change_agreement_status)
        .service(status::list_agreement_history)
        .service(status::get_approved_version);
    cfg.service(conditions::list_conditions)
        .service(conditions::create_condition)
        .service(conditions::get_condition)
        .service(conditions::update_condition)
        .service(conditions::delete_condition);
    cfg.service(quotas::list_agreement_quotas).service(quotas::list_quotas);
}
