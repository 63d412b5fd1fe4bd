//! The yearly factsheet for incoming students (issue 15.2): public to read (the published
//! version in effect), kept in versions with an effective date so past ones stay readable,
//! written by the office. Its visa and insurance blocks are generated from the checklist rules.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod body;
pub mod content;
pub mod entry;
pub mod factsheet;
pub mod versions;
pub mod viewer;
pub mod year;

/// Registers the factsheet routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(factsheet::get_factsheet)
        .service(versions::list_factsheet_versions)
        .service(versions::create_factsheet_version)
        .service(versions::get_factsheet_version);
}
