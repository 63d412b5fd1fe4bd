//! iro's HTTP API: actix-web handlers, authentication, the OpenAPI document, and the pieces
//! the `iro` command runs.

pub mod auth;
pub mod bootstrap;
pub mod cli;
pub mod db;
pub mod error;
pub mod http;
pub mod openapi;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod state;

pub use settings::{Environment, Settings};
pub use startup::{Application, StartupError};
