//! A write that cannot get the database's write lock in time answers 503 `database_busy`
//! with `Retry-After`, not an opaque 500.

use diesel::connection::SimpleConnection;
use iro_tests::{assert_problem, fixtures, spawn_app};

#[tokio::test]
async fn a_write_blocked_past_the_busy_timeout_returns_503_with_retry_after() {
    let app = spawn_app().await;
    if app.database.is_postgres() {
        // PostgreSQL has no database-wide write lock and no lock timeout is set: writers to
        // different rows never wait for each other, so there is nothing to provoke here.
        return;
    }
    let admin = app.admin_token().await;
    // Another process (here: a second connection) holds SQLite's write lock for longer than
    // the server's 5 s busy_timeout, as a long `iro demo` or a backup tool could.
    let mut holder = iro_persistence::establish(app.database.url()).expect("database");
    holder.batch_execute("BEGIN IMMEDIATE").expect("write lock taken");
    let response =
        app.post_json("/api/v1/institutions", &admin, &fixtures::institution("uni-busy.example", "BG")).await;
    holder.batch_execute("ROLLBACK").expect("write lock released");
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = assert_problem(response, 503, "database_busy").await;
    assert_eq!(retry_after.as_deref(), Some("1"), "Retry-After tells the client when to try again; body: {body}");
    // Once the lock is free the same write succeeds.
    let response =
        app.post_json("/api/v1/institutions", &admin, &fixtures::institution("uni-busy.example", "BG")).await;
    assert_eq!(response.status(), 201);
}
