//! The `iro` command line: serve, migrate, print the OpenAPI document, manage accounts,
//! load demo data.

pub mod accounts;
pub mod demo;

use clap::{Parser, Subcommand};

use crate::settings::Settings;

/// iro — the open back end of a university's International Relations Office.
///
/// Every option can also be set with the environment variable shown in its help.
#[derive(Debug, Parser)]
#[command(
    name = "iro",
    version,
    about = "iro — the open back end of a university's International Relations Office",
    long_about = None
)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Configuration.
    #[command(flatten)]
    pub settings: Settings,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (migrates the database first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document (YAML unless --json).
    Openapi {
        /// Print JSON instead of YAML.
        #[arg(long)]
        json: bool,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage integration clients (OAuth 2.0 client credentials).
    #[command(subcommand)]
    Client(ClientCommand),
    /// Load a realistic demo: our university, faculties, partners in Russia, Bulgaria and
    /// Serbia, a bilateral and two Erasmus+ agreements with their cooperation conditions, and
    /// one user per role.
    DemoData,
}

/// `iro user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input (or prompted on a terminal).
    Create {
        /// Sign-in name.
        #[arg(long)]
        username: String,
        /// admin, officer, faculty_coordinator, participant, integration or reporting.
        #[arg(long)]
        role: String,
        /// Code of a unit of our university the user coordinates (repeatable).
        #[arg(long = "unit")]
        units: Vec<String>,
        /// Display name.
        #[arg(long)]
        full_name: Option<String>,
        /// Email address.
        #[arg(long)]
        email: Option<String>,
    },
    /// Set a user's password (e.g. a lost first admin password); read from standard input
    /// (or prompted on a terminal). Revokes the user's refresh tokens.
    SetPassword {
        /// Sign-in name.
        #[arg(long)]
        username: String,
    },
    /// List users.
    List,
}

/// `iro client …`
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Register a client; its secret is printed once.
    Create {
        /// What the client is, e.g. "Faculty ERP".
        #[arg(long)]
        name: String,
        /// A scope such as institutions:read (repeatable).
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
    },
    /// List clients.
    List,
}
