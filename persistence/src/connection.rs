//! Database connections: one `DbConnection` over SQLite or PostgreSQL, pooled, migrated.

use std::path::Path;
use std::time::Duration;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::RepoError;
use crate::write_gate::{SQLITE_WRITES, WRITE_GATE_TIMEOUT};

/// One migration set for both engines, so their schemas cannot drift apart: the SQL keeps to
/// what SQLite and PostgreSQL both accept (TEXT ids and JSON, `TIMESTAMP` in UTC, `BOOLEAN`,
/// `INTEGER`/`BIGINT`). The schema parity test still compares the two resulting catalogues.
const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub use multi::DbConnection;

mod multi {
    //! The derived multi-engine connection, in a private module so the derive's generated
    //! helper items (which carry no docs) stay out of the public API.

    use diesel::MultiConnection;
    use diesel::pg::PgConnection;
    use diesel::sqlite::SqliteConnection;

    /// A connection to whichever engine the database URL names; repositories take
    /// `&mut DbConnection` and work on both.
    #[derive(MultiConnection)]
    pub enum DbConnection {
        /// PostgreSQL, the production engine.
        Postgresql(PgConnection),
        /// SQLite, the embedded default.
        Sqlite(SqliteConnection),
    }
}

/// A pool of connections.
pub type DbPool = Pool<ConnectionManager<DbConnection>>;

/// A connection checked out of the pool.
pub type PooledDb = PooledConnection<ConnectionManager<DbConnection>>;

/// Which engine a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// `postgres://` or `postgresql://`.
    Postgresql,
    /// Anything else: a file path, optionally prefixed with `sqlite://`.
    Sqlite,
}

impl Engine {
    /// Chooses the engine from the URL scheme. We decide ourselves rather than let
    /// `MultiConnection::establish` try each variant, which hides PostgreSQL's real error.
    pub fn of(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgresql
        } else {
            Engine::Sqlite
        }
    }
}

/// How long a SQLite writer waits for the lock before giving up ("database is locked").
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// When SQLite waits for the disk (`PRAGMA synchronous`), i.e. what a commit survives. Both
/// run with WAL; PostgreSQL ignores the setting (its own `synchronous_commit` applies).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SqliteSynchronous {
    /// `NORMAL`: the WAL is synced at checkpoints, not at each commit. A crash of the process
    /// loses nothing committed; a power loss or operating-system crash may lose the last
    /// transactions (the database stays consistent). No fsync per commit, so writes are fast.
    #[default]
    Normal,
    /// `FULL`: the WAL is synced at every commit, so a committed transaction also survives a
    /// power loss, at the price of one fsync per write.
    Full,
}

impl SqliteSynchronous {
    /// The value as `PRAGMA synchronous` spells it.
    pub fn pragma_value(self) -> &'static str {
        match self {
            SqliteSynchronous::Normal => "NORMAL",
            SqliteSynchronous::Full => "FULL",
        }
    }
}

/// How the pool is built: its size and the SQLite durability level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolOptions {
    /// Connections kept in the pool (at least one is used).
    pub size: u32,
    /// `PRAGMA synchronous` of every SQLite connection.
    pub sqlite_synchronous: SqliteSynchronous,
}

/// Applies per-connection SQLite settings whenever the pool hands a connection out.
#[derive(Debug)]
struct SqlitePragmas {
    synchronous: SqliteSynchronous,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(sqlite) = conn {
            // foreign_keys, busy_timeout and synchronous are per connection, so every
            // connection of the pool gets them. NORMAL (the default) is safe with WAL and
            // avoids an fsync per commit (3,000 concurrent POSTs all succeed); FULL
            // is for offices that must not lose a commit to a power loss (README, durability).
            let synchronous = self.synchronous.pragma_value();
            sqlite
                .batch_execute(&format!(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA synchronous = {synchronous};"
                ))
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Strips an optional `sqlite://` prefix to get the file path diesel expects.
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

/// Opens one connection, reporting the engine's own error (e.g. PostgreSQL unreachable).
pub fn establish(url: &str) -> Result<DbConnection, RepoError> {
    match Engine::of(url) {
        Engine::Postgresql => PgConnection::establish(url)
            .map(DbConnection::Postgresql)
            .map_err(|e| RepoError::Setup(format!("cannot connect to PostgreSQL at {}: {e}", without_password(url)))),
        Engine::Sqlite => {
            let path = sqlite_path(url);
            create_private_file(Path::new(path))?;
            let mut conn = SqliteConnection::establish(path)
                .map_err(|e| RepoError::Setup(format!("cannot open the SQLite database {path}: {e}")))?;
            // WAL is a property of the database file; setting it once suffices, and readers
            // then never block the writer.
            conn.batch_execute("PRAGMA journal_mode = WAL;")?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

/// Creates the SQLite file's folder (0700) and the file itself (0600) when missing, so
/// personal data is readable by the service's account only; SQLite gives its `-wal` and
/// `-shm` files the database file's permissions.
fn create_private_file(path: &Path) -> Result<(), RepoError> {
    let setup = |what: &str, shown: &Path, e: std::io::Error| {
        RepoError::Setup(format!("cannot create the {what} {}: {e}", shown.display()))
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        let mut folder = std::fs::DirBuilder::new();
        folder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
        folder.create(parent).map_err(|e| setup("folder", parent, e))?;
    }
    if path.as_os_str() == ":memory:" || path.exists() {
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    match file.open(path) {
        Ok(_) => Ok(()),
        // Another process created it meanwhile: theirs is as good.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(setup("SQLite database", path, e)),
    }
}

/// A PostgreSQL URL fit for an error message: the password replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            let hidden = if credentials.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}")
        }
        None => url.to_owned(),
    }
}

/// Builds a pool of `size` connections to `url` (SQLite: `synchronous = NORMAL`), failing fast
/// when the database is unreachable.
pub fn connect(url: &str, size: u32) -> Result<DbPool, RepoError> {
    connect_with(url, PoolOptions { size, sqlite_synchronous: SqliteSynchronous::default() })
}

/// Builds a pool as `options` say, failing fast when the database is unreachable.
pub fn connect_with(url: &str, options: PoolOptions) -> Result<DbPool, RepoError> {
    // Establish once directly so an unreachable server surfaces its real error, and so the
    // SQLite file (and WAL mode) exist before the pool opens more connections.
    drop(establish(url)?);
    let manager = ConnectionManager::<DbConnection>::new(match Engine::of(url) {
        Engine::Postgresql => url,
        Engine::Sqlite => sqlite_path(url),
    });
    Pool::builder()
        .max_size(options.size.max(1))
        .connection_timeout(Duration::from_secs(10))
        // Checking every checkout costs a `SELECT 1` round trip per request; a broken
        // connection surfaces as a query error instead, and r2d2 then discards it.
        .test_on_check_out(false)
        .connection_customizer(Box::new(SqlitePragmas { synchronous: options.sqlite_synchronous }))
        .build(manager)
        .map_err(|e| RepoError::Setup(format!("cannot open the connection pool: {e}")))
}

/// Runs every pending embedded migration for the connection's engine, then seeds missing
/// reference data (`repositories::reference_data`) and checklist rules, and corrects the
/// citations of rows seeded before (`repositories::citations`); returns how many migrations ran.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, RepoError> {
    let applied = match conn {
        DbConnection::Postgresql(pg) => pg.run_pending_migrations(MIGRATIONS).map(|v| v.len()),
        DbConnection::Sqlite(sqlite) => sqlite.run_pending_migrations(MIGRATIONS).map(|v| v.len()),
    };
    let applied = applied.map_err(|e| RepoError::Setup(format!("migration failed: {e}")))?;
    // Reference data the tables need (grading scales, credit systems, fixed tables and point
    // bands), added when missing, so every database that is migrated, by the server or by
    // `iro migrate`, has it.
    crate::repositories::reference_data::seed(conn, chrono::Utc::now())?;
    // The visa and insurance rules, from the domain's seed rule files.
    let rules = crate::repositories::checklist_rules::seed(conn, chrono::Utc::now())?;
    if rules > 0 {
        log::info!("seeded {rules} checklist rule(s)");
    }
    // Rows seeded by an earlier release whose source cited a design note get the public
    // sources the seed files cite now (a citation correction; the facts stay as stored).
    let now = chrono::Utc::now();
    let corrected = crate::repositories::reference_data::correct_citations(conn, now)?
        + crate::repositories::checklist_rules::correct_seeded_citations(conn, now)?;
    if corrected > 0 {
        log::info!("corrected the citations of {corrected} seeded row(s) to their public sources");
    }
    Ok(applied)
}

/// Runs `work` in a transaction that serialises writers where an invariant needs it.
///
/// SQLite: writers of this process first queue, in arrival order, at a process-wide gate
/// (`write_gate`), then `BEGIN IMMEDIATE` takes the write lock up front, so two transactions
/// cannot both read "there is room" and then both write (a deferred transaction would only
/// fail at commit). The gate is held until after the commit or rollback and released on every
/// path. Waiting longer than the gate's limit, or SQLite's `busy_timeout` for a writer of
/// another process, fails with [`RepoError::Busy`]. PostgreSQL: a normal transaction; callers
/// lock the rows they check so concurrent writers queue on them.
///
/// Do not nest: inside `work`, use `conn.transaction` (a savepoint). A nested call fails with
/// [`RepoError::NestedWriteTransaction`] rather than waiting for itself.
pub fn write_transaction<T, E>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<RepoError>,
{
    // Checked before queuing: diesel would refuse a nested BEGIN anyway, but only after this
    // thread had queued behind the gate it already holds.
    if in_transaction(conn) {
        return Err(RepoError::NestedWriteTransaction.into());
    }
    // Declared before the transaction so it is dropped after the commit or rollback below.
    let _gate = match conn {
        DbConnection::Sqlite(_) => Some(SQLITE_WRITES.enter(WRITE_GATE_TIMEOUT)?),
        DbConnection::Postgresql(_) => None,
    };
    let begun = match conn {
        DbConnection::Sqlite(sqlite) => AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE"),
        DbConnection::Postgresql(pg) => AnsiTransactionManager::begin_transaction(pg),
    };
    begun.map_err(RepoError::from)?;
    let outcome = work(conn);
    let finished = match (conn, outcome.is_ok()) {
        (DbConnection::Sqlite(sqlite), true) => AnsiTransactionManager::commit_transaction(sqlite),
        (DbConnection::Postgresql(pg), true) => AnsiTransactionManager::commit_transaction(pg),
        (DbConnection::Sqlite(sqlite), false) => AnsiTransactionManager::rollback_transaction(sqlite),
        (DbConnection::Postgresql(pg), false) => AnsiTransactionManager::rollback_transaction(pg),
    };
    match finished {
        Ok(()) => outcome,
        // A failed commit loses the work: report it. A failed rollback after an error keeps
        // the original error, which is what the caller needs to see.
        Err(error) if outcome.is_ok() => Err(RepoError::from(error).into()),
        Err(error) => {
            log::error!("rollback failed: {error}");
            outcome
        }
    }
}

/// Whether a transaction is already open on the connection.
fn in_transaction(conn: &mut DbConnection) -> bool {
    let depth = match conn {
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::transaction_manager_status_mut(sqlite).transaction_depth()
        }
        DbConnection::Postgresql(pg) => AnsiTransactionManager::transaction_manager_status_mut(pg).transaction_depth(),
    };
    // A broken transaction manager (an earlier failed rollback) is not a nesting: BEGIN then
    // fails with diesel's own error, which says what happened.
    matches!(depth, Ok(Some(_)))
}
