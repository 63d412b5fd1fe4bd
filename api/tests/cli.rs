//! The `iro` binary end to end: help, migrations, the OpenAPI printout, accounts, clients,
//! demo data, and the production start-up refusal. Each test uses its own temporary office.
#![expect(clippy::expect_used, reason = "test helpers: a failed setup is a failed test")]

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A temporary data folder with its own SQLite database.
struct Office {
    dir: TempDir,
}

impl Office {
    fn new() -> Self {
        Office { dir: tempfile::tempdir().expect("temporary folder") }
    }

    fn database(&self) -> std::path::PathBuf {
        self.dir.path().join("iro.db")
    }

    /// `iro ARGS` with only this office's configuration: every other `IRO_*` variable of the
    /// calling environment is removed so it cannot leak in.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_iro"));
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("IRO_") {
                command.env_remove(name);
            }
        }
        command
            .env("IRO_DATABASE_URL", self.database())
            .env("IRO_DATA_DIR", self.dir.path())
            .env("RUST_LOG", "warn")
            .args(args)
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("iro runs")
    }

    fn run_with_input(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("iro starts");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("input written");
        child.wait_with_output().expect("iro finishes")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_success(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed with {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        stdout(output),
        stderr(output)
    );
}

/// `iro user list` as (username, role) pairs.
fn users(office: &Office) -> BTreeSet<(String, String)> {
    let output = office.run(&["user", "list"]);
    assert_success(&output, "iro user list");
    stdout(&output)
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut columns = line.split('\t');
            Some((columns.next()?.to_owned(), columns.next()?.to_owned()))
        })
        .collect()
}

#[test]
fn help_lists_every_command() {
    let office = Office::new();
    let output = office.run(&["--help"]);
    assert_success(&output, "iro --help");
    let text = stdout(&output);
    let commands: BTreeSet<&str> = text
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    for command in ["serve", "migrate", "openapi", "user", "client", "demo-data"] {
        assert!(commands.contains(command), "--help does not list {command}:\n{text}");
    }
}

#[test]
fn help_describes_the_product_and_a_subcommand_lists_only_its_own_options() {
    let office = Office::new();
    let top = stdout(&office.run(&["--help"]));
    assert!(top.starts_with("iro — the open back end"), "--help starts with:\n{}", &top[..top.len().min(200)]);
    assert!(top.contains("--bind"), "the server's options are on `iro --help`:\n{top}");
    let output = office.run(&["user", "create", "--help"]);
    assert_success(&output, "iro user create --help");
    let sub = stdout(&output);
    assert!(sub.contains("--username") && sub.contains("--database-url"), "{sub}");
    for server_only in ["--bind", "--jwt-secret", "--workers", "--cors-origins"] {
        assert!(!sub.contains(server_only), "`iro user create --help` repeats {server_only}:\n{sub}");
    }
}

#[test]
fn a_pool_of_zero_connections_is_refused() {
    let office = Office::new();
    let output = office.command(&["migrate"]).env("IRO_DB_POOL_SIZE", "0").output().expect("iro runs");
    assert!(!output.status.success(), "IRO_DB_POOL_SIZE=0 was accepted");
    assert!(stderr(&output).contains("db-pool-size"), "the error names the setting: {}", stderr(&output));
    assert!(!office.database().exists(), "nothing was opened");
}

#[test]
fn sqlite_synchronous_accepts_normal_and_full_only() {
    let office = Office::new();
    let output = office.command(&["migrate"]).env("IRO_SQLITE_SYNCHRONOUS", "off").output().expect("iro runs");
    assert!(!output.status.success(), "IRO_SQLITE_SYNCHRONOUS=off was accepted");
    let message = stderr(&output);
    assert!(message.contains("normal") && message.contains("full"), "the error names the values: {message}");
    assert!(!office.database().exists(), "nothing was opened");
    let output = office.command(&["migrate"]).env("IRO_SQLITE_SYNCHRONOUS", "full").output().expect("iro runs");
    assert_success(&output, "iro migrate with IRO_SQLITE_SYNCHRONOUS=full");
}

#[test]
fn user_set_password_replaces_a_lost_password() {
    let office = Office::new();
    let created =
        office.run_with_input(&["user", "create", "--username", "Lost", "--role", "admin"], "the forgotten one 1\n");
    assert_success(&created, "iro user create");
    let output = office.run_with_input(&["user", "set-password", "--username", "lost"], "a brand new passphrase\n");
    assert_success(&output, "iro user set-password");
    assert!(stdout(&output).contains("set the password of lost"), "{}", stdout(&output));
    let mut conn = iro_persistence::establish(&office.database().to_string_lossy()).expect("database opens");
    let (_, hash) = iro_persistence::repositories::users::find_for_login(&mut conn, "lost")
        .expect("query")
        .expect("the user exists");
    assert!(iro_api::auth::password::verify("a brand new passphrase", &hash), "the new password does not verify");
    assert!(!iro_api::auth::password::verify("the forgotten one 1", &hash), "the old password still verifies");
}

#[test]
fn user_set_password_of_an_unknown_user_fails_and_says_so() {
    let office = Office::new();
    assert_success(&office.run(&["migrate"]), "iro migrate");
    let output = office.run_with_input(&["user", "set-password", "--username", "nobody"], "a brand new passphrase\n");
    assert!(!output.status.success(), "an unknown user's password was set");
    assert!(stderr(&output).contains("no user \"nobody\""), "{}", stderr(&output));
}

#[test]
fn migrate_creates_the_database_and_can_run_again() {
    let office = Office::new();
    assert!(!office.database().exists());
    assert_success(&office.run(&["migrate"]), "iro migrate");
    assert!(office.database().exists(), "iro migrate created no database file");
    assert_success(&office.run(&["migrate"]), "a second iro migrate");
}

#[test]
fn openapi_prints_the_document_as_yaml() {
    let office = Office::new();
    let output = office.run(&["openapi"]);
    assert_success(&output, "iro openapi");
    let text = stdout(&output);
    assert!(text.starts_with("openapi: 3.1"), "not OpenAPI 3.1 YAML:\n{}", &text[..text.len().min(200)]);
    let generated = iro_api::openapi::yaml().expect("YAML");
    assert_eq!(text.trim_end(), generated.trim_end(), "iro openapi prints the document the code builds");
    assert!(!office.database().exists(), "printing the document touches no database");
}

#[test]
fn openapi_json_prints_the_document_as_json() {
    let office = Office::new();
    let output = office.run(&["openapi", "--json"]);
    assert_success(&output, "iro openapi --json");
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("iro openapi --json prints JSON");
    assert!(printed["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", printed["openapi"]);
    assert_eq!(printed, serde_json::to_value(iro_api::openapi::document()).expect("document as JSON"));
}

#[test]
fn user_create_reads_the_password_from_stdin_and_the_user_is_listed() {
    let office = Office::new();
    let output =
        office.run_with_input(&["user", "create", "--username", "u", "--role", "officer"], "a long password 42\n");
    assert_success(&output, "iro user create");
    assert!(stdout(&output).contains("created user u"), "{}", stdout(&output));
    assert!(users(&office).contains(&("u".to_owned(), "officer".to_owned())), "{:?}", users(&office));
}

#[test]
fn user_create_refuses_a_short_password() {
    let office = Office::new();
    let output = office.run_with_input(&["user", "create", "--username", "u", "--role", "officer"], "short\n");
    assert!(!output.status.success(), "a 5-character password was accepted: {}", stdout(&output));
    assert!(stderr(&output).contains("password"), "the error explains why: {}", stderr(&output));
    assert!(!users(&office).iter().any(|(name, _)| name == "u"), "the user was created anyway");
}

#[test]
fn user_create_refuses_an_unknown_role() {
    let office = Office::new();
    let output =
        office.run_with_input(&["user", "create", "--username", "u", "--role", "wizard"], "a long password 42\n");
    assert!(!output.status.success(), "role wizard was accepted");
    assert!(!users(&office).iter().any(|(name, _)| name == "u"));
}

#[test]
fn client_create_prints_an_id_and_a_secret_once() {
    let office = Office::new();
    let output = office.run(&["client", "create", "--name", "ERP", "--scope", "institutions:read"]);
    assert_success(&output, "iro client create");
    let text = stdout(&output);
    let value = |label: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(label))
            .map(|rest| rest.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| panic!("no {label} in:\n{text}"))
    };
    let client_id = value("client_id:");
    let secret = value("client_secret:");
    assert!(secret.len() >= 20, "a short secret: {secret:?}");

    let listed = office.run(&["client", "list"]);
    assert_success(&listed, "iro client list");
    let listing = stdout(&listed);
    let line = listing.lines().find(|l| l.starts_with(&client_id)).unwrap_or_else(|| panic!("{client_id} not listed"));
    assert!(line.contains("ERP") && line.contains("institutions:read"), "{line}");
    assert!(!listing.contains(&secret), "the secret is shown only once");
}

#[test]
fn demo_data_loads_an_office_once() {
    let office = Office::new();
    let output = office.run(&["demo-data"]);
    assert_success(&output, "iro demo-data");
    assert!(stdout(&output).contains("institutions"), "{}", stdout(&output));
    let names: BTreeSet<String> = users(&office).into_iter().map(|(name, _)| name).collect();
    for user in ["admin", "officer", "coordinator.finki", "student", "reporting", "student.organization"] {
        assert!(names.contains(user), "demo user {user} missing: {names:?}");
    }

    let again = office.run(&["demo-data"]);
    assert!(!again.status.success(), "demo data loaded twice");
    assert!(stderr(&again).contains("already"), "the refusal explains itself: {}", stderr(&again));
    assert_eq!(users(&office).len(), names.len(), "the refused run added no users");
}

/// Runs `iro serve` and waits for it to exit; a server that keeps running fails the test.
fn serve_must_exit(office: &Office, env: &[(&str, &str)]) -> Output {
    let mut command = office.command(&["serve"]);
    command.env("IRO_BIND", "127.0.0.1:0").stdout(Stdio::piped()).stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("iro starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().expect("killed");
            panic!("iro serve kept running instead of refusing to start; stderr:\n{}", stderr(&output));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("iro finished")
}

#[test]
fn production_without_a_jwt_secret_refuses_to_serve() {
    let office = Office::new();
    let output = serve_must_exit(&office, &[("IRO_ENV", "production")]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("IRO_JWT_SECRET"), "the message names IRO_JWT_SECRET: {}", stderr(&output));
    assert!(!office.dir.path().join("jwt-secret").exists(), "production generated a secret anyway");
}

#[test]
fn production_with_a_short_jwt_secret_refuses_to_serve() {
    let office = Office::new();
    let output = serve_must_exit(&office, &[("IRO_ENV", "production"), ("IRO_JWT_SECRET", "too short")]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("IRO_JWT_SECRET"), "{}", stderr(&output));
}

#[test]
fn production_refuses_a_guessable_secret_eternal_tokens_and_any_origin() {
    let office = Office::new();
    let output = serve_must_exit(
        &office,
        &[
            ("IRO_ENV", "production"),
            ("IRO_JWT_SECRET", "00000000000000000000000000000000"),
            ("IRO_ACCESS_TOKEN_TTL", "4000000000"),
            ("IRO_CORS_ORIGINS", "*"),
        ],
    );
    assert!(!output.status.success(), "production started with unsafe settings");
    for name in ["IRO_JWT_SECRET", "IRO_ACCESS_TOKEN_TTL", "IRO_CORS_ORIGINS"] {
        assert!(stderr(&output).contains(name), "the refusal names {name}: {}", stderr(&output));
    }
}
