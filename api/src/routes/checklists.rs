//! Checklists: visa and insurance checklists per mobility, the rules they are generated from
//! (kept as data), and alerts for mobilities that need action.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod alerts;
pub mod checklist;
pub mod rules;

/// Registers the checklist, rule and alert routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(checklist::get_checklist).service(checklist::update_checklist_item);
    cfg.service(rules::list_checklist_rules)
        .service(rules::create_checklist_rule)
        .service(rules::get_checklist_rule)
        .service(rules::withdraw_checklist_rule);
    cfg.service(alerts::list_alerts);
}
