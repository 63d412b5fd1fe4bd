//! Running diesel work on the blocking thread pool, so the async executor never waits on I/O.

use actix_web::HttpResponse;
use actix_web::web;
use iro_persistence::repositories::idempotency;
use iro_persistence::{DbConnection, DbPool, RepoError, write_transaction};

use crate::error::{ApiError, ApiResult};
use crate::http::keyed_request as keyed;

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

/// Runs `work`, a read that takes microseconds (one row by its key), with the fewest thread
/// hops: on SQLite, when a connection is idle, right here on the worker; otherwise like [`run`].
///
/// Handing a by-id read to the blocking pool and waking the worker when it is done cost more
/// than the read itself: under the by-id load a quarter of the CPU went to those context
/// switches (README, benchmark). A SQLite read in WAL mode does not wait for writers, so it
/// cannot hold the worker up for longer than the read. PostgreSQL answers over the network,
/// so its reads keep the hop; so does anything that scans (list pages use [`run`]).
pub async fn read<T, F>(pool: &DbPool, work: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    match pool.try_get() {
        Some(mut conn) if matches!(*conn, DbConnection::Sqlite(_)) => work(&mut conn),
        Some(mut conn) => web::block(move || work(&mut conn)).await?,
        None => run(pool, work).await,
    }
}

/// Runs `work` in one write transaction ([`iro_persistence::write_transaction`]) on the
/// blocking pool and answers with what `answer` makes of its result. Every POST that writes
/// goes through here: when the request came with an `Idempotency-Key`, the answer is stored
/// with the key in the same transaction as the writes ([`idempotency::store_answer`]).
/// Whatever happens to the client or the process afterwards, a retry then gets this very
/// answer; and a request whose key a retry took over (its lease ran out) rolls back instead of
/// running a second time.
pub async fn write<T, F, A>(pool: &DbPool, work: F, answer: A) -> ApiResult<HttpResponse>
where
    F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
    A: FnOnce(T) -> HttpResponse + Send + 'static,
{
    let Some(claim) = keyed::current_claim() else {
        let value = run(pool, move |conn| write_transaction(conn, work)).await?;
        return Ok(answer(value));
    };
    let stored = run(pool, move |conn| {
        write_transaction(conn, |conn| {
            let stored = keyed::stored(answer(work(conn)?))?;
            if !idempotency::store_answer(conn, &claim, &stored)? {
                return Err(RepoError::IdempotencyClaimLost.into());
            }
            Ok(stored)
        })
    })
    .await?;
    keyed::answered();
    Ok(keyed::rebuild(&stored))
}
