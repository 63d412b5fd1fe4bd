//! Why the server could not start.

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Configuration refused (e.g. production without a JWT secret).
    #[error("configuration: {0}")]
    Config(String),
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] iro_persistence::RepoError),
    /// The address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The password-check threads could not be started.
    #[error("cannot start the password-check threads: {0}")]
    Threads(std::io::Error),
    /// The stop signals could not be listened to.
    #[error("cannot listen for stop signals: {0}")]
    Signals(std::io::Error),
}
