//! `on_engine!`: runs a diesel query on the engine's own connection instead of through the
//! multi-engine [`DbConnection`](crate::DbConnection).

/// Runs `$body` with `$c` bound to the connection of whichever engine `$conn` holds
/// (`&mut SqliteConnection` or `&mut PgConnection`); the body is compiled once per engine.
///
/// Why: a query run through diesel's `MultiConnection` is wrapped so that it renders its whole
/// SQL text on every execution (to hand it to the inner connection, and again to ask whether it
/// may be cached), and each value it reads is converted through the multi-engine row type. On
/// the by-id read that was about a tenth of the server's time (issue 13, README "Benchmark").
/// Run on the engine's own connection, a query with a static shape is found in the statement
/// cache by its type, without rendering anything, and values are read directly.
///
/// Use it for the hot read path (by-id reads, list pages); the rest of the code stays on
/// `DbConnection`, where one generic body serves both engines. Everything else about the
/// connection (its open transaction, its instrumentation, its statement cache) is the inner
/// connection's anyway, so mixing both styles in one transaction is safe.
///
/// ```ignore
/// let row = on_engine!(conn, |c| institutions::table.find(id).first::<InstitutionRow>(c))?;
/// ```
#[macro_export]
macro_rules! on_engine {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConnection::Sqlite($c) => $body,
            $crate::DbConnection::Postgresql($c) => $body,
        }
    };
}
