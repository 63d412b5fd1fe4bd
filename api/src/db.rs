//! Running diesel work on the blocking thread pool, so the async executor never waits on I/O.

use actix_web::web;
use iro_persistence::{DbConnection, DbPool};

use crate::error::{ApiError, ApiResult};

/// Checks a connection out of the pool and runs `work` on actix's blocking pool.
pub async fn run<T, F>(pool: &DbPool, work: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get().map_err(|e| ApiError::Internal(format!("no database connection: {e}")))?;
        work(&mut conn)
    })
    .await?
}
