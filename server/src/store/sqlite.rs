//! The store on SQLite: one server, one file.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::Dialect;

pub(super) type Db = sqlx::Sqlite;

pub(super) const DIALECT: Dialect = Dialect {
    // Takes SQLite's one write lock at the first statement: a read-then-write (count seats,
    // then insert) cannot be overtaken by another writer, so no row needs a lock of its own.
    begin_write: "BEGIN IMMEDIATE",
    lock_event: None,
    lock_source: None,
    unix_seconds_of_end: "CAST(strftime('%s', COALESCE(ends_at, starts_at)) AS INTEGER)",
    unix_seconds_of_start: "CAST(strftime('%s', e.starts_at) AS INTEGER)",
    lock_followers: "",
    shared: false,
};

// The same queries, compiled for this database: see sql/mod.rs.
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
pub(super) mod engine;

/// The schema versions this server knows, for checking a backup before it is restored.
pub(super) fn migration_versions() -> Vec<i64> {
    sqlx::migrate!("./migrations/sqlite").iter().map(|migration| migration.version).collect()
}

/// Opens (creating if needed) the SQLite file and brings its schema up to date.
pub(super) async fn open(url: &str) -> Result<sqlx::SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a 201 is on disk before it is sent, even if the machine loses power.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    widen_status_check(&pool).await?;
    Ok(pool)
}

/// The CHECK on `rsvps.status` as the first migration wrote it, and with the approval statuses.
const STATUS_CHECK: &str = "'pending', 'cancelled')";
const STATUS_CHECK_WITH_APPROVAL: &str = "'pending', 'cancelled', 'requested', 'declined')";

/// Lets `rsvps.status` take `requested` and `declined` (migration 0013). SQLite cannot alter a
/// CHECK, and a rebuilt table would fire the foreign key actions of the rows pointing at it.
/// A CHECK that only allows more is written into the schema directly, the way SQLite's manual
/// describes for such changes (lang_altertable.html, "otheralter"): in one transaction, with
/// the schema version raised so that every connection reads the schema again. Done once; a
/// database that has it already is left alone.
async fn widen_status_check(pool: &sqlx::SqlitePool) -> Result<(), sqlx::Error> {
    // The write lock at once: a read-then-write upgrade must not fail half-way on another writer
    // (a restore may open the file while the old server still runs).
    let mut conn = pool.acquire().await?;
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
    let table: String = sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'rsvps'")
        .fetch_one(&mut *tx)
        .await?;
    if table.contains(STATUS_CHECK_WITH_APPROVAL) {
        return Ok(());
    }
    if !table.contains(STATUS_CHECK) {
        return Err(sqlx::Error::Protocol("the rsvps table's status check is not the one this server wrote".into()));
    }
    let version: i64 = sqlx::query_scalar("PRAGMA schema_version").fetch_one(&mut *tx).await?;
    sqlx::query("PRAGMA writable_schema = ON").execute(&mut *tx).await?;
    sqlx::query("UPDATE sqlite_schema SET sql = $1 WHERE type = 'table' AND name = 'rsvps'")
        .bind(table.replacen(STATUS_CHECK, STATUS_CHECK_WITH_APPROVAL, 1))
        .execute(&mut *tx)
        .await?;
    sqlx::query(&format!("PRAGMA schema_version = {}", version + 1)).execute(&mut *tx).await?;
    sqlx::query("PRAGMA writable_schema = OFF").execute(&mut *tx).await?;
    tx.commit().await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await?;
    if check != "ok" {
        return Err(sqlx::Error::Protocol(format!("integrity check after widening the status check: {check}")));
    }
    tracing::info!("rsvps.status now takes requested and declined");
    Ok(())
}
