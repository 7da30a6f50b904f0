//! The queries, written once and compiled once per database (`sqlite.rs`, `postgres.rs`
//! include this module with their own `Db` and `DIALECT`). SQL here uses `$1`-style
//! parameters and types both databases read alike. `Db` is SQLite in one build of this module
//! and PostgreSQL in the other: every bind and decode is checked against both drivers, without
//! the bounds a generic `D: sqlx::Database` would need on every query (docs/ARCHITECTURE.md).

mod admin;
mod approval;
mod backlog;
mod cancel;
mod check_in;
mod events;
mod outbox;
mod reach;
mod reminders;
mod retention;
mod rsvps;
mod series;
mod sources;
mod waitlist;
mod webhooks;

pub(super) use super::{Db, DIALECT};
use crate::mail::MailSettings;
use crate::store::types::NewEvent;
use crate::store::{is_unique_violation, parse_time, Change, Changes, MailSwitch, StoreError};

pub(super) type DbConn = <Db as sqlx::Database>::Connection;
pub(super) type DbPool = sqlx::Pool<Db>;
pub(super) type DbTx = sqlx::Transaction<'static, Db>;

#[derive(Clone)]
pub(crate) struct Engine {
    pool: DbPool,
    changes: Changes,
    rsvp_queue: rsvps::RsvpQueue,
    mail: MailSwitch,
}

impl Engine {
    pub(crate) fn new(pool: DbPool, changes: Changes, mail: MailSwitch) -> Engine {
        // A shared database takes each RSVP in a transaction of its own (see `create_rsvp`).
        let rsvp_queue = match DIALECT.shared {
            true => tokio::sync::mpsc::unbounded_channel().0,
            false => rsvps::start_writer(pool.clone(), changes.clone(), mail.clone()),
        };
        Engine { pool, changes, rsvp_queue, mail }
    }

    fn mail(&self) -> Option<&MailSettings> {
        self.mail.get()
    }

    /// After a commit. With a shared database the database itself announces the change to
    /// every server, this one included (triggers and `LISTEN`), so it is not told twice.
    fn changed(&self, changes: impl IntoIterator<Item = Change>) {
        if !DIALECT.shared {
            self.changes.committed(changes);
        }
    }

    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn begin_write(&self) -> Result<DbTx, sqlx::Error> {
        self.pool.begin_with(DIALECT.begin_write).await
    }
}

/// Holds the event against other servers until the transaction ends; called before its seats
/// or its RSVPs' states are read. With SQLite the transaction's write lock does that already.
async fn lock_event(conn: &mut DbConn, id: &str) -> Result<(), sqlx::Error> {
    if let Some(sql) = DIALECT.lock_event {
        sqlx::query(sql).bind(id).execute(conn).await?;
    }
    Ok(())
}

/// Holds a partner feed and its events against other servers until the transaction ends.
async fn lock_source(conn: &mut DbConn, id: &str) -> Result<(), sqlx::Error> {
    for sql in DIALECT.lock_source.iter().flatten() {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Locks events in one order (by id), so two servers locking the same events never deadlock.
async fn lock_events(conn: &mut DbConn, ids: &mut Vec<String>) -> Result<(), sqlx::Error> {
    ids.sort_unstable();
    ids.dedup();
    for id in ids.iter() {
        lock_event(conn, id).await?;
    }
    Ok(())
}
