//! The database a test runs on: a SQLite file by default, or, when `cargo xtask test
//! --postgres` sets `STAMMTISCH_TEST_POSTGRES`, a new database of its own on that PostgreSQL
//! server. Every suite that includes this runs on both.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor};

/// The PostgreSQL server the suites run against, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("STAMMTISCH_TEST_POSTGRES").ok().filter(|url| !url.is_empty())
}

/// A fresh, empty database's URL; a SQLite one lives in `dir`.
pub async fn fresh_database(dir: &Path) -> String {
    let Some(server) = postgres_server() else {
        return format!("sqlite://{}", dir.join("test.db").display());
    };
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut admin = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL answers");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("a test database can be created");
    let (base, _) = server.rsplit_once('/').expect("the server URL names a database");
    format!("{base}/{name}")
}

/// A pool on the same database as the store, for tests that look behind the API. Its SQL
/// has to read the same on both databases (`$1` parameters, text and integer columns).
pub async fn raw_pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::pool::PoolOptions::new().max_connections(2).connect(url).await.expect("the test database opens")
}
