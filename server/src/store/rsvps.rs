//! New RSVPs, committed in groups.
//!
//! With `synchronous = FULL` every commit waits for the disk, so one transaction per RSVP caps
//! throughput at the disk's flush rate. RSVPs that arrive while a commit is being flushed
//! therefore wait for one writer task and share its next transaction: one flush acknowledges
//! the whole group. Each RSVP runs in its own savepoint, so one that is refused (closed,
//! duplicate address) leaves the rest of its group untouched, and no answer is sent before
//! the group's commit has returned.

use chrono::{DateTime, Utc};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use stammtisch_model::{Lang, RsvpState, RsvpStatus, ValidRsvp};
use tokio::sync::{mpsc, oneshot};

use super::events::{event_row, rsvp_is_open, rsvp_state};
use super::{is_unique_violation, parse_time, Change, Changes, Store, StoreError};

/// What became of a new RSVP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsvpOutcome {
    pub status: RsvpStatus,
    /// 1-based place among the waiting parties.
    pub waitlist_position: Option<u32>,
    /// The event's counts right after this RSVP.
    pub state: RsvpState,
}

/// The most RSVPs one transaction takes; bounds the wait of the last one in a group.
const MAX_GROUP: usize = 256;

pub(super) struct RsvpJob {
    event_id: String,
    rsvp: ValidRsvp,
    lang: Lang,
    cancel_token_hash: Vec<u8>,
    now: DateTime<Utc>,
    reply: oneshot::Sender<Result<RsvpOutcome, StoreError>>,
}

pub(super) type RsvpQueue = mpsc::UnboundedSender<RsvpJob>;

/// Starts the writer; it ends when the last `Store` holding the queue is dropped.
pub(super) fn start_writer(pool: SqlitePool, changes: Changes) -> RsvpQueue {
    let (queue, mut jobs) = mpsc::unbounded_channel::<RsvpJob>();
    tokio::spawn(async move {
        let mut group = Vec::with_capacity(MAX_GROUP);
        while jobs.recv_many(&mut group, MAX_GROUP).await > 0 {
            let answers = write_group(&pool, &group).await;
            let mut events: Vec<&str> =
                group.iter().zip(&answers).filter(|(_, a)| a.is_ok()).map(|(job, _)| job.event_id.as_str()).collect();
            if !events.is_empty() {
                events.sort_unstable();
                events.dedup();
                changes.committed(events.into_iter().map(|id| Change::Seats(id.to_owned())));
            }
            for (job, answer) in group.drain(..).zip(answers) {
                // The caller may have gone (client disconnected); its RSVP stays stored.
                let _ = job.reply.send(answer);
            }
        }
    });
    queue
}

async fn write_group(pool: &SqlitePool, group: &[RsvpJob]) -> Vec<Result<RsvpOutcome, StoreError>> {
    match try_write_group(pool, group).await {
        Ok(answers) => answers,
        Err(error) => {
            // Nothing of the group was committed; every caller learns so.
            tracing::error!(%error, size = group.len(), "RSVP group not committed");
            let message = error.to_string();
            group.iter().map(|_| Err(StoreError::Database(sqlx::Error::Protocol(message.clone())))).collect()
        }
    }
}

async fn try_write_group(
    pool: &SqlitePool,
    group: &[RsvpJob],
) -> Result<Vec<Result<RsvpOutcome, StoreError>>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let mut answers = Vec::with_capacity(group.len());
    for job in group {
        let mut savepoint = tx.begin().await?;
        let answer = insert_rsvp(&mut savepoint, job).await;
        if answer.is_ok() {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
        answers.push(answer);
    }
    tx.commit().await?;
    Ok(answers)
}

/// Counts the event's seats and inserts the RSVP, inside the caller's write transaction.
async fn insert_rsvp(conn: &mut SqliteConnection, job: &RsvpJob) -> Result<RsvpOutcome, StoreError> {
    let RsvpJob { event_id, rsvp, lang, cancel_token_hash, now, .. } = job;
    let seats = event_row(conn, event_id).await?.ok_or(StoreError::EventNotFound)?;
    let starts_at = parse_time(&seats.starts_at)?;
    let closes_at = seats.rsvp_closes_at.as_deref().map(parse_time).transpose()?;
    if !seats.rsvp_enabled || !rsvp_is_open(seats.rsvp_open, closes_at, starts_at, *now) {
        return Err(StoreError::RsvpClosed);
    }

    let party = 1 + i64::from(rsvp.guests);
    let fits = seats.capacity.is_none_or(|capacity| seats.confirmed + party <= capacity);
    let status = if fits { RsvpStatus::Confirmed } else { RsvpStatus::Waitlisted };

    let inserted = sqlx::query(
        "INSERT INTO rsvps (event_id, name, email, email_normalized, company, guests, note, status,
            cancel_token_hash, locale, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(event_id)
    .bind(&rsvp.name)
    .bind(&rsvp.email)
    .bind(&rsvp.email_normalized)
    .bind(&rsvp.company)
    .bind(i64::from(rsvp.guests))
    .bind(&rsvp.note)
    .bind(status)
    .bind(cancel_token_hash)
    .bind(lang.tag())
    .bind(now.to_rfc3339())
    .execute(&mut *conn)
    .await;
    // The unique index, not a prior SELECT, is what makes "one RSVP per address" hold.
    let inserted = match inserted {
        Err(error) if is_unique_violation(&error) => return Err(StoreError::AlreadyRegistered),
        other => other?,
    };

    let waitlist_position = match status {
        RsvpStatus::Waitlisted => {
            let ahead: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM rsvps WHERE event_id = ? AND status = 'waitlisted' AND id <= ?",
            )
            .bind(event_id)
            .bind(inserted.last_insert_rowid())
            .fetch_one(&mut *conn)
            .await?;
            Some(u32::try_from(ahead).unwrap_or(u32::MAX))
        }
        _ => None,
    };

    let (confirmed, waitlisted) = match status {
        RsvpStatus::Confirmed => (seats.confirmed + party, seats.waitlisted),
        _ => (seats.confirmed, seats.waitlisted + party),
    };
    let state = rsvp_state(seats.capacity, confirmed, waitlisted, true, closes_at);
    Ok(RsvpOutcome { status, waitlist_position, state })
}

impl Store {
    /// Stores an RSVP: confirmed when the party fits into the free seats, else waitlisted.
    /// Counting and inserting happen in one write transaction, so concurrent RSVPs can never
    /// take more seats than there are. Returns once the RSVP is on disk.
    pub async fn create_rsvp(
        &self,
        event_id: &str,
        rsvp: &ValidRsvp,
        lang: Lang,
        cancel_token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<RsvpOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job = RsvpJob {
            event_id: event_id.to_owned(),
            rsvp: rsvp.clone(),
            lang,
            cancel_token_hash: cancel_token_hash.to_vec(),
            now,
            reply,
        };
        let writer_gone = || StoreError::Database(sqlx::Error::PoolClosed);
        self.rsvp_queue.send(job).map_err(|_| writer_gone())?;
        answer.await.map_err(|_| writer_gone())?
    }
}
