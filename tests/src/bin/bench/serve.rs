//! `--serve PATH`: after seeding, serve for an outside load generator instead of measuring.
//! `tests/bench/peer.sh` uses it to run wrk against iro and its low-code peer with the same
//! settings; it reads the URLs and token from PATH and deletes PATH to stop the server.

use std::path::Path;
use std::time::Duration;

use crate::BoxError;

/// What an outside load generator needs: where to send requests and the header to send.
pub struct Endpoints<'a> {
    /// `/health/live`.
    pub health: String,
    /// One institution by id.
    pub by_id: String,
    /// A 50-item page filtered by country.
    pub list: String,
    /// The bearer token of the seeded admin.
    pub token: &'a str,
}

/// Writes the endpoints to `path` as shell assignments (after the process id, so the caller
/// can read the server's memory), then serves until `path` is deleted.
pub async fn serve_until_released(path: &Path, endpoints: &Endpoints<'_>) -> Result<(), BoxError> {
    let body = format!(
        "PID='{}'\nHEALTH_URL='{}'\nID_URL='{}'\nLIST_URL='{}'\nTOKEN='{}'\n",
        std::process::id(),
        endpoints.health,
        endpoints.by_id,
        endpoints.list,
        endpoints.token
    );
    // The server hands memory freed after start-up back to the system by itself, on a timer;
    // the seeding ran since, so do it now, so that the idle memory read next is the server's.
    iro_api::startup::memory::release_free_memory();
    // Written under another name and renamed, so a reader never sees half a file.
    let partial = path.with_extension("partial");
    std::fs::write(&partial, body)?;
    std::fs::rename(&partial, path)?;
    while path.exists() {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}
