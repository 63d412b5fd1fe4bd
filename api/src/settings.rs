//! Configuration from `IRO_*` environment variables (or the equivalent command-line flags),
//! with defaults that work on a laptop.

pub mod production;

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};
use iro_persistence::SqliteSynchronous;

/// Where iro runs: development tolerates generated secrets, production refuses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    /// A laptop or test machine.
    Development,
    /// A deployment: every secret must be configured.
    Production,
}

/// Everything the server needs to start.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "IRO_BIND", default_value = DEFAULT_BIND)]
    pub bind: String,

    /// Database URL: a SQLite file path (optionally `sqlite://…`) or a `postgres://` URL.
    #[arg(long, env = "IRO_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    // The one flag every command needs, so it is accepted after the subcommand too; the others
    // configure the server and stay on `iro [OPTIONS]`, so a subcommand's help lists its own.
    pub database_url: String,

    /// Folder for local state (the development JWT secret).
    #[arg(long, env = "IRO_DATA_DIR", default_value = DEFAULT_DATA_DIR)]
    pub data_dir: PathBuf,

    /// Secret for signing access tokens (HS256), at least 32 bytes. Required in production;
    /// in development one is generated once and kept in the data folder.
    #[arg(long, env = "IRO_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// `development` or `production`.
    #[arg(long = "env", env = "IRO_ENV", value_enum, default_value = "development")]
    pub environment: Environment,

    /// Password of the `admin` user created on first start; printed once when generated.
    #[arg(long, env = "IRO_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Origins allowed to call the API from a browser, comma-separated (`*` for any).
    #[arg(long, env = "IRO_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Database connections kept in the pool.
    #[arg(long, env = "IRO_DB_POOL_SIZE", default_value_t = DEFAULT_POOL_SIZE,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub db_pool_size: u32,

    /// SQLite durability: `normal` (a crash of the process loses nothing; a power loss may
    /// lose the last transactions) or `full` (an fsync per commit; a commit survives a power
    /// loss). Ignored on PostgreSQL.
    #[arg(long, env = "IRO_SQLITE_SYNCHRONOUS", default_value = "normal", value_parser = sqlite_synchronous())]
    pub sqlite_synchronous: SqliteSynchronous,

    /// Lifetime of access tokens, in seconds.
    #[arg(long, env = "IRO_ACCESS_TOKEN_TTL", default_value_t = DEFAULT_ACCESS_TTL)]
    pub access_token_ttl: u32,

    /// Lifetime of refresh tokens, in seconds.
    #[arg(long, env = "IRO_REFRESH_TOKEN_TTL", default_value_t = DEFAULT_REFRESH_TTL)]
    pub refresh_token_ttl: u32,

    /// Sign-in attempts for one username or client from one client address within 15 minutes
    /// before that pair is locked; one address alone may make four times as many. Successful
    /// sign-ins do not count.
    #[arg(long, env = "IRO_LOGIN_MAX_FAILURES", default_value_t = DEFAULT_LOGIN_MAX_FAILURES)]
    pub login_max_failures: u32,

    /// How long a sign-in lock lasts, in seconds.
    #[arg(long, env = "IRO_LOGIN_LOCKOUT", default_value_t = DEFAULT_LOGIN_LOCKOUT)]
    pub login_lockout: u32,

    /// The header a trusted reverse proxy puts the client's address in (e.g. `X-Forwarded-For`;
    /// its last address counts). Unset: the peer address of the connection is the client's, and
    /// such headers are ignored, since any client can send them.
    #[arg(long, env = "IRO_TRUSTED_PROXY_HEADER")]
    pub trusted_proxy_header: Option<String>,

    /// Passwords and client secrets checked at once (default: one per core). Each argon2id
    /// check takes 19 MiB, so this bounds sign-ins' memory too.
    #[arg(long, env = "IRO_SIGN_IN_CONCURRENCY", value_parser = clap::value_parser!(u32).range(1..).map(|n| n as usize))]
    pub sign_in_concurrency: Option<usize>,

    /// Sign-ins that may wait for a check; beyond them, a sign-in answers 503 `server_busy`
    /// with `Retry-After` at once.
    #[arg(long, env = "IRO_SIGN_IN_QUEUE", default_value_t = DEFAULT_SIGN_IN_QUEUE)]
    pub sign_in_queue: usize,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "IRO_WORKERS")]
    pub workers: Option<usize>,

    /// After SIGTERM, seconds during which readiness answers 503 while the server still serves
    /// everything, so a load balancer stops sending before the server stops accepting.
    /// SIGINT (Ctrl-C) skips it.
    #[arg(long, env = "IRO_SHUTDOWN_GRACE", default_value_t = DEFAULT_SHUTDOWN_GRACE)]
    pub shutdown_grace: u64,

    /// Then, seconds the requests in flight may take to finish before their connections close.
    #[arg(long, env = "IRO_SHUTDOWN_TIMEOUT", default_value_t = DEFAULT_SHUTDOWN_TIMEOUT)]
    pub shutdown_timeout: u64,

    /// Seconds a request's body may take to arrive, counted from when its head was read; a
    /// slower body is answered 408 and its connection closed. (actix times out the head.)
    #[arg(long, env = "IRO_BODY_TIMEOUT", default_value_t = DEFAULT_BODY_TIMEOUT,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,

    /// Seconds a request holds its `Idempotency-Key` before a retry may take the key over,
    /// if the request died without changing anything (a retry meanwhile gets 409 with
    /// `Retry-After`). A slower request that is still alive then cannot commit: its writes are
    /// fenced by the key.
    #[arg(long, env = "IRO_IDEMPOTENCY_LEASE", default_value_t = DEFAULT_IDEMPOTENCY_LEASE,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idempotency_lease: u64,

    /// Working days (Monday to Friday) within which an inquiry's first answer is due; an
    /// inquiry without one after that appears in `/api/v1/alerts/inquiries`.
    #[arg(long, env = "IRO_INQUIRY_ANSWER_DAYS", default_value_t = DEFAULT_INQUIRY_ANSWER_DAYS,
        value_parser = clap::value_parser!(u32).range(1..=30))]
    pub inquiry_answer_days: u32,

    /// Inquiries one client address may send without a token per hour; the next one is
    /// answered 429 until the hour is over.
    #[arg(long, env = "IRO_INQUIRY_MAX_PER_HOUR", default_value_t = DEFAULT_INQUIRY_MAX_PER_HOUR,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub inquiry_max_per_hour: u32,

    /// How often SQLite's planner statistics are refreshed, in seconds (0: never; PostgreSQL's
    /// autovacuum keeps its own).
    #[arg(long, env = "IRO_STATISTICS_INTERVAL", default_value_t = DEFAULT_STATISTICS_INTERVAL)]
    pub statistics_interval: u64,
}

impl Settings {
    /// The defaults, as if no variable were set (tests start from these).
    pub fn defaults() -> Self {
        Settings {
            bind: DEFAULT_BIND.into(),
            database_url: DEFAULT_DATABASE_URL.into(),
            data_dir: DEFAULT_DATA_DIR.into(),
            jwt_secret: None,
            environment: Environment::Development,
            admin_password: None,
            cors_origins: vec![],
            db_pool_size: DEFAULT_POOL_SIZE,
            sqlite_synchronous: SqliteSynchronous::Normal,
            access_token_ttl: DEFAULT_ACCESS_TTL,
            refresh_token_ttl: DEFAULT_REFRESH_TTL,
            login_max_failures: DEFAULT_LOGIN_MAX_FAILURES,
            login_lockout: DEFAULT_LOGIN_LOCKOUT,
            trusted_proxy_header: None,
            workers: None,
            sign_in_concurrency: None,
            sign_in_queue: DEFAULT_SIGN_IN_QUEUE,
            statistics_interval: DEFAULT_STATISTICS_INTERVAL,
            shutdown_grace: DEFAULT_SHUTDOWN_GRACE,
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            idempotency_lease: DEFAULT_IDEMPOTENCY_LEASE,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            inquiry_answer_days: DEFAULT_INQUIRY_ANSWER_DAYS,
            inquiry_max_per_hour: DEFAULT_INQUIRY_MAX_PER_HOUR,
        }
    }
}

/// `normal` or `full`, listed as such in `--help`; the persistence crate knows no clap.
fn sqlite_synchronous() -> impl TypedValueParser<Value = SqliteSynchronous> {
    PossibleValuesParser::new(["normal", "full"]).map(|value| match value.as_str() {
        "full" => SqliteSynchronous::Full,
        _ => SqliteSynchronous::Normal,
    })
}

const DEFAULT_BIND: &str = "127.0.0.1:8080";
const DEFAULT_DATABASE_URL: &str = "./data/iro.db";
const DEFAULT_DATA_DIR: &str = "./data";
const DEFAULT_POOL_SIZE: u32 = 10;
const DEFAULT_ACCESS_TTL: u32 = 900;
const DEFAULT_REFRESH_TTL: u32 = 14 * 24 * 3600;
const DEFAULT_LOGIN_MAX_FAILURES: u32 = 5;
const DEFAULT_LOGIN_LOCKOUT: u32 = 300;
const DEFAULT_STATISTICS_INTERVAL: u64 = 600;
/// The office's service promise: a first answer within three working days.
const DEFAULT_INQUIRY_ANSWER_DAYS: u32 = 3;
/// A prospective student asks a few questions; a script sending hundreds is stopped.
const DEFAULT_INQUIRY_MAX_PER_HOUR: u32 = 5;
/// With one check per core taking some 25 ms, 32 waiting sign-ins wait at most about 0.4 s on
/// two cores; a rush of people signing in at nine o'clock mostly fits, a flood does not.
const DEFAULT_SIGN_IN_QUEUE: usize = 32;
/// Long enough for a load balancer checking every few seconds to see one 503.
const DEFAULT_SHUTDOWN_GRACE: u64 = 5;
/// actix's default, and far more than any request of ours takes.
const DEFAULT_SHUTDOWN_TIMEOUT: u64 = 30;
/// Longer than any of our requests takes, including ten seconds queued for SQLite's write gate,
/// and short enough that a retry after a crash is served within seconds.
const DEFAULT_IDEMPOTENCY_LEASE: u64 = 15;
/// The largest body (256 KiB) arrives in 10 s at 26 KB/s, far below any real client's speed;
/// a client trickling bytes to hold a connection open is cut off within seconds.
const DEFAULT_BODY_TIMEOUT: u64 = 10;
