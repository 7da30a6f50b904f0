//! The store on PostgreSQL: several stateless servers share one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::oneshot;

use super::{Change, Changes, Dialect};

pub(super) type Db = sqlx::Postgres;

pub(super) const DIALECT: Dialect = Dialect {
    begin_write: "BEGIN",
    // Another server may count the same event's seats at the same moment: its row is locked
    // before anything is read, in every transaction that changes seats.
    lock_event: Some("SELECT id FROM events WHERE id = $1 FOR UPDATE"),
    lock_source: Some([
        "SELECT id FROM sources WHERE id = $1 FOR UPDATE",
        // Its hidden events that may come back to it carry its id as their prefix.
        "SELECT id FROM events WHERE source_id = $1 OR starts_with(id, $1 || '-') ORDER BY id FOR UPDATE",
    ]),
    unix_seconds_of_end: "CAST(EXTRACT(EPOCH FROM CAST(COALESCE(ends_at, starts_at) AS TIMESTAMPTZ)) AS BIGINT)",
    unix_seconds_of_start: "CAST(EXTRACT(EPOCH FROM CAST(e.starts_at AS TIMESTAMPTZ)) AS BIGINT)",
    lock_followers: " FOR KEY SHARE",
    shared: true,
};

// The same queries, compiled for this database: see sql/mod.rs.
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
pub(super) mod engine;

/// How long a transaction waits for an event another server holds; then the request gets
/// `503` with `Retry-After` instead of hanging.
const LOCK_TIMEOUT: &str = "2s";
/// The longest any one statement may run.
const STATEMENT_TIMEOUT: &str = "10s";
/// Where the database tells every server of every committed change (see the triggers in
/// `migrations/postgres`).
const CHANNEL: &str = "stammtisch_changes";

/// Brings the schema up to date (the migrator holds a lock, so servers that start together
/// migrate once), then connects the pool.
pub(super) async fn open(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let options = PgConnectOptions::from_str(url)?.application_name("stammtisch-server");
    // Migrations run without the request timeouts: the migrator waits for another server's
    // migration to finish, and a step may take long on a large table.
    let mut migrating = PgConnection::connect_with(&options).await?;
    sqlx::migrate!("./migrations/postgres").run(&mut migrating).await?;
    migrating.close().await?;
    let options = options.options([("lock_timeout", LOCK_TIMEOUT), ("statement_timeout", STATEMENT_TIMEOUT)]);
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        // While the database is down, a request waits this long for a connection, then gets 503.
        .acquire_timeout(Duration::from_secs(3))
        .connect_with(options)
        .await?;
    Ok(pool)
}

/// Hands every change committed by any server to this server's listeners. Listening has
/// begun when this returns, so no change committed after the store opened is missed. After
/// the database connection was lost, something may have been missed: listeners hear
/// "everything changed".
/// Listening stops when the returned value, kept by the store, is dropped.
pub(super) async fn follow_changes(pool: PgPool, changes: Changes) -> Result<oneshot::Sender<()>, sqlx::Error> {
    let mut listener = listen(&pool).await?;
    let (keep, mut stop) = oneshot::channel::<()>();
    tokio::spawn(async move {
        loop {
            let received = tokio::select! {
                _ = &mut stop => break,
                received = listener.try_recv() => received,
            };
            match received {
                Ok(Some(notification)) => changes.committed([parse(notification.payload())]),
                // The connection broke. Listen again before saying "everything changed": said
                // earlier, a change committed between the boards' refetch and the new LISTEN
                // would reach no board.
                Ok(None) => {
                    tracing::warn!("lost the database's change notifications; listening again");
                    listener = listen_again(&pool).await;
                    changes.committed([Change::Events]);
                }
                Err(error) => {
                    tracing::warn!(%error, "lost the database's change notifications; listening again");
                    listener = listen_again(&pool).await;
                    changes.committed([Change::Events]);
                }
            }
        }
    });
    Ok(keep)
}

/// A connection of its own that listens on the change channel.
async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Tries at once, then once a second, until the database listens to this server again.
async fn listen_again(pool: &PgPool) -> PgListener {
    loop {
        match listen(pool).await {
            Ok(listener) => return listener,
            Err(error) => tracing::debug!(%error, "the database does not listen yet"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// `seats:{event id}` or `events`, as the triggers write them.
fn parse(payload: &str) -> Change {
    match payload.strip_prefix("seats:") {
        Some(id) => Change::Seats(id.to_owned()),
        None => Change::Events,
    }
}

/// The data version the triggers count up with every change to the board or its events.
pub(super) async fn data_version(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let version: i64 = sqlx::query_scalar("SELECT version FROM data_version WHERE id = 1").fetch_one(pool).await?;
    Ok(version as u64)
}
