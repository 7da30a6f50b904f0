//! Persistence. Handlers see only this interface; SQLite (one server) or PostgreSQL (several
//! servers on one database) stands behind it, with the same queries compiled for each.

mod postgres;
mod sqlite;
mod types;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use stammtisch_model::{Board, Event, HookEvent, Lang, RsvpState, SkippedEvent, ValidRsvp, Webhook, WebhookDelivery};

use crate::mail::MailSettings;

pub use stammtisch_model::{AdminEvent, Attendee, MailStatus, Source, SourceMode, SourceProblem};
pub use types::{
    Applied, Backlog, Cancelled, Confirmed, DueDelivery, NewEvent, OutgoingMail, PoolStats, ReachCount, RsvpOutcome,
    RsvpView, SeriesDates, SourceSettings, StoredSource,
};

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
    #[error("webhook not found")]
    WebhookNotFound,
    #[error("webhook delivery not found")]
    DeliveryNotFound,
    #[error("there are as many webhooks as allowed")]
    TooManyWebhooks,
    #[error("the event has RSVPs")]
    EventHasRsvps,
    #[error("{0} seats are taken")]
    CapacityBelowTaken(i64),
    #[error("RSVP is closed for this event")]
    RsvpClosed,
    #[error("this e-mail address is already registered for this event")]
    AlreadyRegistered,
    /// Approval: the RSVP is not a request (any more), or its owner has not confirmed the
    /// address yet (double opt-in comes first).
    /// Check-in: only a confirmed attendee has a seat to be let in to.
    #[error("this RSVP is not confirmed")]
    NotConfirmed,
    #[error("this RSVP does not await a decision")]
    NotRequested { awaiting_address: bool },
    /// An answer that the event's questions, as stored when the RSVP came, do not accept.
    #[error("answer not accepted: {}", .0.field())]
    InvalidAnswer(stammtisch_model::AnswerError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// The database cannot answer now but may soon: it is restarting or unreachable, no
    /// connection was free in time, or another server held the event too long. Worth a retry.
    pub fn is_temporary(&self) -> bool {
        let StoreError::Database(error) = self else { return false };
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolClosed => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                // PostgreSQL: lock_not_available (lock_timeout), query_canceled
                // (statement_timeout), admin/crash shutdown, cannot_connect_now, connection
                // exceptions (08…), deadlock and serialization failures. SQLite: busy and locked,
                // with their extended codes (517, 261, 262, …).
                let sqlite_busy = code.parse::<i32>().is_ok_and(|code| matches!(code & 0xff, 5 | 6));
                matches!(&*code, "55P03" | "57014" | "57P01" | "57P02" | "57P03" | "40001" | "40P01")
                    || code.starts_with("08")
                    || sqlite_busy
            }),
            _ => false,
        }
    }
}

fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, sqlx::Error> {
    chrono::DateTime::parse_from_rfc3339(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// What differs between the databases, for the queries written once.
pub(crate) struct Dialect {
    /// Starts a transaction that writes.
    begin_write: &'static str,
    /// Locks one event's row against other servers (`$1`: its id), where that is needed.
    lock_event: Option<&'static str>,
    /// Lock one partner feed's row and then its events' (`$1`: its id), so two servers never
    /// apply it at once, and none of its events takes an RSVP while it is being removed.
    lock_source: Option<[&'static str; 2]>,
    /// An event's end (or start) in Unix seconds, from its stored RFC 3339 text.
    unix_seconds_of_end: &'static str,
    /// An event's start in Unix seconds, from its stored RFC 3339 text.
    unix_seconds_of_start: &'static str,
    /// Appended to the read of a change's webhook followers: holds those rows until the
    /// transaction ends, so that a webhook deleted meanwhile on another connection cannot
    /// break the insert of its delivery (SQLite's one writer needs none).
    lock_followers: &'static str,
    /// Several servers share the database: the database itself tells every server of every
    /// change, the ETag's version lives in it, and mail is claimed before it is sent.
    shared: bool,
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
    fn new() -> Changes {
        Changes { generation: Arc::new(AtomicU64::new(0)), sender: tokio::sync::broadcast::channel(4096).0 }
    }

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
enum Backend {
    Sqlite(sqlite::engine::Engine),
    Postgres {
        pool: sqlx::PgPool,
        engine: postgres::engine::Engine,
        /// Listening for changes stops when the last clone of the store goes.
        _listening: Arc<tokio::sync::oneshot::Sender<()>>,
    },
}

#[derive(Clone)]
pub struct Store {
    backend: Backend,
    changes: Changes,
    mail: MailSwitch,
}

/// Connections one server keeps to PostgreSQL at most.
pub const DEFAULT_PG_CONNECTIONS: u32 = 10;

impl Store {
    /// Opens the database and brings its schema up to date: PostgreSQL for a `postgres://`
    /// (or `postgresql://`) URL, else the SQLite file (created if needed).
    pub async fn open(url: &str) -> Result<Store, sqlx::Error> {
        Store::open_with(url, DEFAULT_PG_CONNECTIONS).await
    }

    /// As [`Store::open`], with at most `max_connections` to PostgreSQL.
    pub async fn open_with(url: &str, max_connections: u32) -> Result<Store, sqlx::Error> {
        let changes = Changes::new();
        let mail = MailSwitch::default();
        let backend = if is_postgres(url) {
            let pool = postgres::open(url, max_connections).await?;
            let following = Arc::new(postgres::follow_changes(pool.clone(), changes.clone()).await?);
            let engine = postgres::engine::Engine::new(pool.clone(), changes.clone(), mail.clone());
            Backend::Postgres { pool, engine, _listening: following }
        } else {
            let pool = sqlite::open(url).await?;
            Backend::Sqlite(sqlite::engine::Engine::new(pool, changes.clone(), mail.clone()))
        };
        Ok(Store { backend, changes, mail })
    }

    /// From now on, changes that concern attendees write their mails into the outbox. Without
    /// this (no `--smtp-url`), nothing is written and nothing is sent.
    pub fn enable_mail(&self, settings: MailSettings) {
        let _ = self.mail.set(settings);
    }

    /// Changes whenever the board's data may have changed; the feed's cache and `ETag` follow
    /// it. On PostgreSQL it is kept in the database, so every server sees every change.
    pub async fn data_version(&self) -> Result<u64, StoreError> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(self.changes.generation.load(Ordering::Acquire)),
            Backend::Postgres { pool, .. } => Ok(postgres::data_version(pool).await?),
        }
    }

    /// Every change committed from now on (on PostgreSQL, by any server).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.changes.sender.subscribe()
    }

    /// This server's database connections, for `/metrics`.
    pub fn pool_stats(&self) -> PoolStats {
        match &self.backend {
            Backend::Sqlite(engine) => engine.pool_stats(),
            Backend::Postgres { engine, .. } => engine.pool_stats(),
        }
    }

    /// Which database stands behind the store, for logs and the health check.
    pub fn database_kind(&self) -> &'static str {
        match &self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres { .. } => "postgres",
        }
    }
}

/// The SQLite schema versions this server knows.
pub fn sqlite_migrations() -> Vec<i64> {
    sqlite::migration_versions()
}

/// Whether a `--database` URL names PostgreSQL.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Every query method, handed to the engine of the database in use.
macro_rules! delegate {
    ($( $(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident : $ty:ty)* ) -> $ret:ty; )*) => {
        impl Store {
            $(
                $(#[$doc])*
                pub async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    match &self.backend {
                        Backend::Sqlite(engine) => engine.$name($($arg),*).await,
                        Backend::Postgres { engine, .. } => engine.$name($($arg),*).await,
                    }
                }
            )*
        }
    };
}

delegate! {
    fn ping(&self) -> Result<(), StoreError>;
    fn board(&self) -> Result<Board, StoreError>;
    fn set_board(&self, board: &Board) -> Result<(), StoreError>;
    /// All listed events in start order, with their RSVP state as of `now`.
    fn events(&self, now: DateTime<Utc>) -> Result<Vec<Event>, StoreError>;
    fn admin_events(&self, now: DateTime<Utc>) -> Result<Vec<AdminEvent>, StoreError>;
    /// An event's RSVP counts and open state as the feed shows them; `None` for an event
    /// without RSVP through the board, or one that is gone.
    fn rsvp_state(&self, id: &str, now: DateTime<Utc>) -> Result<Option<RsvpState>, StoreError>;
    fn admin_event(&self, id: &str, now: DateTime<Utc>) -> Result<AdminEvent, StoreError>;
    fn set_rsvp_open(&self, id: &str, open: bool) -> Result<(), StoreError>;
    fn event_count(&self) -> Result<i64, StoreError>;
    fn insert_event(&self, new: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Adds an event; its id must be new.
    fn create_event(&self, new: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Replaces an event's fields. More seats promote waiting parties in the same transaction;
    /// fewer seats than are taken are refused.
    fn update_event(&self, new: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Removes an event. One with live RSVPs goes only with `force`, and takes them along.
    fn delete_event(&self, id: &str, force: bool) -> Result<(), StoreError>;
    /// Everybody who answered, in arrival order.
    fn attendees(&self, event_id: &str) -> Result<Vec<Attendee>, StoreError>;
    /// Stores an RSVP: confirmed when the party fits into the free seats, else waitlisted.
    /// Returns once the RSVP is on disk.
    fn create_rsvp(&self, event_id: &str, rsvp: &ValidRsvp, lang: Lang, cancel_token_hash: &[u8], now: DateTime<Utc>)
        -> Result<RsvpOutcome, StoreError>;
    fn rsvp_by_token(&self, token_hash: &[u8]) -> Result<RsvpView, StoreError>;
    /// Cancels the RSVP with this token and gives its seats to the waiting parties that fit.
    fn cancel_rsvp(&self, token_hash: &[u8], now: DateTime<Utc>) -> Result<Cancelled, StoreError>;
    /// The owner confirmed the RSVP with the link in its mail (double opt-in).
    fn confirm_rsvp(&self, token_hash: &[u8], now: DateTime<Utc>) -> Result<Confirmed, StoreError>;
    /// Releases the places of RSVPs whose confirmation did not come in time.
    fn release_unconfirmed(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    /// The organizer cancels on someone's behalf.
    fn cancel_rsvp_by_id(&self, event_id: &str, rsvp_id: i64, now: DateTime<Utc>) -> Result<Cancelled, StoreError>;
    /// Check-in at the door (`arrived`), or taking it back.
    fn check_in(&self, event_id: &str, rsvp_id: i64, arrived: bool, now: DateTime<Utc>)
        -> Result<Option<DateTime<chrono::FixedOffset>>, StoreError>;
    /// Approval: the organizer's yes (a seat or the waitlist, by the usual rules) or no.
    fn decide_rsvp(&self, event_id: &str, rsvp_id: i64, approve: bool, now: DateTime<Utc>)
        -> Result<stammtisch_model::Decision, StoreError>;
    /// Mails whose next try is due, oldest first; on PostgreSQL claimed for this server.
    fn due_mails(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<OutgoingMail>, StoreError>;
    fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError>;
    fn mail_not_sent(&self, id: i64, error: &str, retry_at: Option<DateTime<Utc>>, now: DateTime<Utc>)
        -> Result<(), StoreError>;
    fn mail_status(&self, all: bool) -> Result<Vec<MailStatus>, StoreError>;
    /// Writes one reminder mail for each confirmed RSVP whose event starts within `hours` of
    /// `now`, unless it was made within that window; each RSVP is reminded once, whatever the
    /// number of servers. Returns how many were written.
    fn queue_reminders(&self, hours: u32, now: DateTime<Utc>) -> Result<u64, StoreError>;
    /// Deletes the personal data of every RSVP for events that ended more than `keep` ago.
    fn delete_old_personal_data(&self, keep: Duration, now: DateTime<Utc>) -> Result<u64, StoreError>;
    fn forget_rsvp(&self, token_hash: &[u8], now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Stores a series and its upcoming dates in one transaction.
    fn write_series(&self, id: &str, definition: &str, dates: &[NewEvent], now: DateTime<Utc>)
        -> Result<SeriesDates, StoreError>;
    fn all_series(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// Removes a series and its upcoming dates without RSVPs, in one transaction.
    fn delete_series(&self, id: &str, now: DateTime<Utc>) -> Result<SeriesDates, StoreError>;
    fn upcoming_in_series(&self, series_id: &str, now: DateTime<Utc>) -> Result<Vec<String>, StoreError>;
    fn sources(&self) -> Result<Vec<Source>, StoreError>;
    fn source(&self, id: &str) -> Result<Option<StoredSource>, StoreError>;
    fn save_source(&self, settings: &SourceSettings, now: DateTime<Utc>) -> Result<bool, StoreError>;
    fn due_sources(&self, now: DateTime<Utc>) -> Result<Vec<String>, StoreError>;
    fn source_failed(&self, id: &str, error: &SourceProblem, now: DateTime<Utc>) -> Result<(), StoreError>;
    fn source_unchanged(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError>;
    fn apply_source(&self, id: &str, events: &[NewEvent], skipped: &[SkippedEvent], etag: Option<&str>,
        last_modified: Option<&str>, now: DateTime<Utc>) -> Result<Applied, StoreError>;
    fn delete_source(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError>;
    fn webhooks(&self) -> Result<Vec<Webhook>, StoreError>;
    /// Adds or changes an endpoint; returns it and whether it is new.
    fn save_webhook(&self, id: &str, url: &str, events: &[HookEvent], secret: Option<&str>, now: DateTime<Utc>)
        -> Result<(Webhook, bool), StoreError>;
    fn delete_webhook(&self, id: &str) -> Result<(), StoreError>;
    fn webhook_deliveries(&self, id: &str) -> Result<Vec<WebhookDelivery>, StoreError>;
    fn resend_delivery(&self, webhook_id: &str, delivery_id: &str, now: DateTime<Utc>)
        -> Result<WebhookDelivery, StoreError>;
    /// Deliveries whose next try is due, oldest first; on PostgreSQL claimed for this server.
    fn due_deliveries(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<DueDelivery>, StoreError>;
    fn delivered(&self, seq: i64, status: u16, now: DateTime<Utc>) -> Result<(), StoreError>;
    fn not_delivered(&self, seq: i64, status: Option<u16>, error: &str, retry_at: DateTime<Utc>, now: DateTime<Utc>)
        -> Result<(), StoreError>;
    fn prune_deliveries(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    /// What the outboxes still hold and how many partner feeds fail.
    fn backlog(&self) -> Result<Backlog, StoreError>;
    /// Adds reach counts to their days, in one transaction.
    fn add_reach(&self, counts: &[ReachCount]) -> Result<(), StoreError>;
    /// One event's and the board's stored reach counts from `first` on.
    fn reach(&self, event_id: &str, first: chrono::NaiveDate) -> Result<Vec<ReachCount>, StoreError>;
}
