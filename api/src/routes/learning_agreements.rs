//! Learning agreements of mobilities (EWP omobility-las v1.2), and staff mobility agreements:
//! the first version and change proposals, signatures in order with the partner's recorded
//! with evidence, comments and declines, the history, lists and departure alerts.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod agreement;
pub mod alerts;
pub mod body;
pub mod changes;
pub mod history;
pub mod list;
pub mod reader;
pub mod response;
pub mod signatures;
pub mod vocabulary;

/// Registers the learning agreement routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(agreement::get_learning_agreement)
        .service(agreement::create_learning_agreement)
        .service(agreement::replace_learning_agreement)
        .service(changes::propose_learning_agreement_change)
        .service(signatures::sign_learning_agreement)
        .service(signatures::comment_learning_agreement)
        .service(signatures::decline_learning_agreement)
        .service(history::get_learning_agreement_history);
    cfg.service(list::list_learning_agreements).service(alerts::list_learning_agreement_alerts);
}
