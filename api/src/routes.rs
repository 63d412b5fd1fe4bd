//! HTTP resources, one folder per bounded context. Each context registers its own routes
//! (`configure`); this list is the whole API, one line per context. A new context is one
//! folder plus one line here.

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub mod agreements;
pub mod catalogue;
pub mod checklists;
pub mod ects;
pub mod events;
pub mod factsheets;
pub mod grants;
pub mod health;
pub mod identity;
pub mod inquiries;
pub mod institutions;
pub mod learning_agreements;
pub mod mobilities;
pub mod shared;

/// Registers every documented route; used by the server and by the OpenAPI document.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure);
    cfg.service(
        scope("/api/v1")
            .configure(identity::configure)
            .configure(institutions::configure)
            .configure(ects::configure)
            .configure(agreements::configure)
            .configure(mobilities::configure)
            .configure(checklists::configure)
            .configure(catalogue::configure)
            .configure(inquiries::configure)
            .configure(factsheets::configure)
            .configure(learning_agreements::configure)
            .configure(grants::configure)
            .configure(events::configure),
    );
}
