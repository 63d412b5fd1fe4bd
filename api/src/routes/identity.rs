//! Identity: OAuth 2.0 tokens, the current caller and user accounts.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod me;
pub mod token;
pub mod users;

/// Registers the identity routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(token::issue_token).service(token::revoke_token).service(me::me);
    cfg.service(users::list_users).service(users::create_user).service(users::get_user).service(users::update_user);
}
