//! Persistence. Handlers see only this interface, so another database can stand behind it.

mod admin;
mod cancel;
mod events;
mod outbox;
mod retention;
mod rsvps;
mod series;
mod sources;
mod waitlist;

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::mail::MailSettings;

pub use admin::Attendee;
pub use cancel::RsvpView;
pub use events::{AdminEvent, NewEvent};
pub use outbox::OutgoingMail;
pub use sources::{Source, SourceError, SourceMode, SourceSettings};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("event not found")]
    EventNotFound,
    #[error("RSVP not found")]
    RsvpNotFound,
    #[error("partner feed not found")]
    SourceNotFound,
    #[error("an event with this id exists")]
    EventExists,
    #[error("the event has RSVPs")]
    EventHasRsvps,
    #[error("{0} seats are taken")]
    CapacityBelowTaken(i64),
    #[error("RSVP is closed for this event")]
    RsvpClosed,
    #[error("this e-mail address is already registered for this event")]
    AlreadyRegistered,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, sqlx::Error> {
    chrono::DateTime::parse_from_rfc3339(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// What a committed write changed, for live updates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// An event's seat counts (an RSVP, a cancellation, a promotion).
    Seats(String),
    /// Events were added, changed or removed, or the board's settings.
    Events,
}

/// Told of every committed write; the log of live updates listens here.
#[derive(Clone)]
pub(crate) struct Changes {
    generation: Arc<AtomicU64>,
    sender: tokio::sync::broadcast::Sender<Change>,
}

impl Changes {
    /// Called after a write has committed, never before: a reader that sees the new
    /// generation must also see the new data.
    fn committed(&self, changes: impl IntoIterator<Item = Change>) {
        self.generation.fetch_add(1, Ordering::Release);
        for change in changes {
            // Nobody listening is fine: live updates are optional.
            let _ = self.sender.send(change);
        }
    }
}

/// Mail settings once mail is switched on; shared with the RSVP writer.
pub(crate) type MailSwitch = Arc<std::sync::OnceLock<MailSettings>>;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    changes: Changes,
    rsvp_queue: rsvps::RsvpQueue,
    mail: MailSwitch,
}

impl Store {
    /// Opens (creating if needed) the SQLite file and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, sqlx::Error> {
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
        let changes =
            Changes { generation: Arc::new(AtomicU64::new(0)), sender: tokio::sync::broadcast::channel(4096).0 };
        let mail = MailSwitch::default();
        let rsvp_queue = rsvps::start_writer(pool.clone(), changes.clone(), mail.clone());
        Ok(Store { pool, changes, rsvp_queue, mail })
    }

    /// From now on, changes that concern attendees write their mails into the outbox. Without
    /// this (no `--smtp-url`), nothing is written and nothing is sent.
    pub fn enable_mail(&self, settings: MailSettings) {
        let _ = self.mail.set(settings);
    }

    fn mail(&self) -> Option<&MailSettings> {
        self.mail.get()
    }

    /// Changes after every committed write through this store.
    pub fn generation(&self) -> u64 {
        self.changes.generation.load(Ordering::Acquire)
    }

    /// Every change committed from now on.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.changes.sender.subscribe()
    }

    fn changed(&self, changes: impl IntoIterator<Item = Change>) {
        self.changes.committed(changes);
    }

    /// The raw pool, for tests that look behind the API.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// A write transaction that holds SQLite's write lock from its first statement, so a
    /// read-then-write (count seats, then insert) cannot be overtaken by another writer.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}
