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
    Ok(pool)
}
