//! Building and running the server: pool, migrations, first-start admin, middleware. The
//! routes themselves are listed in `routes::configure`.

pub mod document;
pub mod error;
pub mod memory;
pub mod shutdown;

pub use error::StartupError;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use futures_util::future::Either;
use iro_persistence::statistics::refresh_planner_statistics;
use iro_persistence::{DbPool, Engine, PoolOptions, connect_with, run_migrations};
use utoipa::OpenApi as _;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::auth::TokenKeys;
use crate::auth::accounts::AccountCache;
use crate::auth::hashing::PasswordChecks;
use crate::auth::secret::jwt_secret;
use crate::bootstrap::ensure_admin;
use crate::http::body_deadline::body_deadline;
use crate::http::client_address::trusted_proxy_header;
use crate::http::content_encoding::inflate_within_limit;
use crate::http::draining::{Draining, close_connections_when_draining};
use crate::http::extractors;
use crate::http::fallback::{RouteTable, not_matched};
use crate::http::idempotency::idempotency;
use crate::http::json_body::BODY_LIMIT;
use crate::http::query_text::query_text;
use crate::http::representations::Representations;
use crate::http::request_id::request_id;
use crate::http::request_log::request_logger;
use crate::http::security_headers::security_headers;
use crate::openapi::{ApiDoc, document};
use crate::routes;
use crate::settings::Settings;
use crate::state::AppState;
use document::{DOCUMENT_PATH, ServedDocument, serve_document};
use shutdown::{ShutdownPlan, StopSignals, stop_on_signal};

/// Opens the database pool and brings the schema up to date.
pub fn open_database(settings: &Settings) -> Result<DbPool, StartupError> {
    let options = PoolOptions { size: settings.db_pool_size, sqlite_synchronous: settings.sqlite_synchronous };
    let pool = connect_with(&settings.database_url, options)?;
    let mut conn = pool.get().map_err(iro_persistence::RepoError::from)?;
    let applied = run_migrations(&mut conn)?;
    if applied > 0 {
        log::info!("applied {applied} database migration(s)");
    }
    refresh_planner_statistics(&mut conn)?;
    Ok(pool)
}

/// A built server, bound to its port, ready to run.
pub struct Application {
    port: u16,
    server: Server,
    pool: DbPool,
    engine: Engine,
    statistics_interval: Duration,
    signals: StopSignals,
    draining: Draining,
    shutdown: ShutdownPlan,
}

impl Application {
    /// Opens the database, ensures an admin exists, binds the address and builds the server.
    /// Listens for stop signals from here on, so call it inside the runtime that serves.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        crate::settings::production::check(&settings).map_err(StartupError::Config)?;
        let secret = jwt_secret(&settings).map_err(StartupError::Config)?;
        let proxy_header =
            trusted_proxy_header(settings.trusted_proxy_header.as_deref()).map_err(StartupError::Config)?;
        let pool = open_database(&settings)?;
        ensure_admin(&pool, settings.admin_password.as_deref())?;
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|source| StartupError::Bind { address: settings.bind.clone(), source })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { address: settings.bind.clone(), source })?
            .port();
        let statistics_interval = Duration::from_secs(settings.statistics_interval);
        let engine = Engine::of(&settings.database_url);
        let shutdown = ShutdownPlan {
            grace: Duration::from_secs(settings.shutdown_grace),
            timeout: Duration::from_secs(settings.shutdown_timeout),
        };
        let signals = StopSignals::listen().map_err(StartupError::Signals)?;
        let draining = Draining::default();
        let checks = settings
            .sign_in_concurrency
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get));
        let password_checks = PasswordChecks::start(checks, settings.sign_in_queue).map_err(StartupError::Threads)?;
        let state = AppState {
            pool: pool.clone(),
            keys: TokenKeys::new(secret.as_bytes(), settings.access_token_ttl),
            trusted_proxy_header: proxy_header,
            password_checks,
            draining: draining.clone(),
            accounts: AccountCache::default(),
            representations: Representations::default(),
            settings: Arc::new(settings),
        };
        let server = run(listener, state, shutdown.timeout)?;
        Ok(Application { port, server, pool, engine, statistics_interval, signals, draining, shutdown })
    }

    /// The port the server listens on (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until a stop signal has been handled (`shutdown`: readiness 503, the grace,
    /// then the requests in flight drained), refreshing SQLite's planner statistics and handing
    /// freed memory back to the system meanwhile.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let statistics = keep_planner_statistics_fresh(self.pool, self.engine, self.statistics_interval);
        let upkeep = futures_util::future::join(statistics, memory::keep_releasing_free_memory());
        let stopping = stop_on_signal(self.signals, self.server.handle(), self.draining, self.shutdown);
        futures_util::pin_mut!(upkeep, stopping);
        // The signal handler stops the server through its handle, and the server's future then
        // completes; the handler itself returns only to stop at once (a second signal).
        let forced = futures_util::future::select(upkeep, stopping);
        match futures_util::future::select(self.server, forced).await {
            Either::Left((stopped, _)) => stopped,
            Either::Right(_) => Ok(()),
        }
    }
}

/// Refreshes SQLite's planner statistics every `every` (never when zero, nor on PostgreSQL,
/// whose autovacuum does it). Without statistics SQLite sorts every match of a filtered list
/// of 100,000 mobilities for each page (README, benchmark); with them it reads one page.
/// Never returns, so it can run beside the server until the server stops.
async fn keep_planner_statistics_fresh(pool: DbPool, engine: Engine, every: Duration) {
    if every.is_zero() || engine != Engine::Sqlite {
        return std::future::pending().await;
    }
    loop {
        tokio::time::sleep(every).await;
        let refreshed = crate::db::run(&pool, |conn| Ok(refresh_planner_statistics(conn)?)).await;
        if let Err(error) = refreshed {
            log::warn!("refreshing planner statistics failed: {error}");
        }
    }
}

fn cors(origins: &[String]) -> Cors {
    let exposed = ["etag", "location", "x-request-id", "retry-after", "idempotent-replayed"];
    let base = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        .allowed_headers(["authorization", "content-type", "if-match", "idempotency-key", "x-request-id"])
        .expose_headers(exposed)
        .max_age(3600);
    if origins.iter().any(|o| o == "*") {
        return base.allow_any_origin();
    }
    origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()).fold(base, |cors, origin| cors.allowed_origin(origin))
}

fn run(listener: TcpListener, state: AppState, shutdown_timeout: Duration) -> Result<Server, StartupError> {
    let doc = document();
    let route_table = web::Data::new(RouteTable::from_openapi(&doc));
    let served_document = web::Data::new(
        ServedDocument::render(&doc)
            .map_err(|e| StartupError::Config(format!("cannot render the OpenAPI document: {e}")))?,
    );
    drop(doc);
    let workers = state.settings.workers;
    let origins = state.settings.cors_origins.clone();
    let draining = state.draining.clone();
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(draining.clone())
            .app_data(route_table.clone())
            .app_data(extractors::json_config())
            .app_data(extractors::query_config())
            .app_data(extractors::path_config())
            .app_data(web::PayloadConfig::new(BODY_LIMIT))
            .wrap(from_fn(idempotency))
            .wrap(from_fn(query_text))
            // Outside every reader of the body (idempotency, extractors): bodies reach them
            // inflated and bounded.
            .wrap(from_fn(inflate_within_limit))
            // Outside the inflation: the deadline is for the bytes as they arrive.
            .wrap(from_fn(body_deadline))
            .wrap(Compress::default())
            .wrap(request_logger())
            .wrap(cors(&origins))
            .wrap(from_fn(request_id))
            .wrap(from_fn(security_headers))
            .wrap(from_fn(close_connections_when_draining))
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(routes::configure)
            .into_app()
            .service(web::resource(DOCUMENT_PATH).app_data(served_document.clone()).get(serve_document))
            .service(SwaggerUi::new("/docs/{_:.*}").config(Config::new([DOCUMENT_PATH])))
            .service(web::redirect("/docs", "/docs/"))
            .default_service(web::to(not_matched))
    })
    // Our own signal handling (`shutdown`) replaces actix's, which stops accepting at once.
    .disable_signals()
    .shutdown_timeout(shutdown_timeout.as_secs())
    .listen(listener)
    .map_err(|source| StartupError::Bind { address: "listener".to_owned(), source })?;
    let server = match workers {
        Some(n) => server.workers(n),
        None => server,
    };
    Ok(server.run())
}
