//! The `iro` binary: parses the command line and runs the chosen command.

use std::process::ExitCode;

use clap::Parser;
use iro_api::cli::{Cli, ClientCommand, Command, UserCommand, accounts, demo};
use iro_api::startup::open_database;
use iro_api::{Application, openapi};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info,actix_server=warn")).init();
    let cli = Cli::parse();
    let settings = cli.settings;
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings),
        Command::Migrate => open_database(&settings).map(|_| ()).map_err(|e| e.to_string()),
        Command::Openapi { json } => {
            let text = if json { openapi::json() } else { openapi::yaml() };
            text.map(|t| accounts::print(t.trim_end()))
        }
        Command::User(UserCommand::Create { username, role, units, full_name, email }) => {
            accounts::create_user(&settings, &username, &role, &units, full_name, email)
        }
        Command::User(UserCommand::SetPassword { username }) => accounts::set_password(&settings, &username),
        Command::User(UserCommand::List) => accounts::list_users(&settings),
        Command::Client(ClientCommand::Create { name, scopes }) => accounts::create_client(&settings, &name, &scopes),
        Command::Client(ClientCommand::List) => accounts::list_clients(&settings),
        Command::DemoData => demo::load(&settings),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("iro: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: iro_api::Settings) -> Result<(), String> {
    let runtime = actix_web::rt::System::new();
    runtime.block_on(async move {
        let bind = settings.bind.clone();
        let app = Application::build(settings).map_err(|e| e.to_string())?;
        log::info!("iro listens on {bind} (port {}); API docs at /docs", app.port());
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}
