//! New RSVPs, committed in groups.
//!
//! With `synchronous = FULL` every commit waits for the disk, so one transaction per RSVP caps
//! throughput at the disk's flush rate. RSVPs that arrive while a commit is being flushed
//! therefore wait for one writer task and share its next transaction: one flush acknowledges
//! the whole group. Each RSVP runs in its own savepoint, so one that is refused (closed,
//! duplicate address) leaves the rest of its group untouched, and no answer is sent before
//! the group's commit has returned.

use chrono::{DateTime, Utc};
use sqlx::Connection;

use super::{DbConn, DbPool};
use stammtisch_model::{check_answers, HookEvent, Lang, Question, RsvpStatus, ValidRsvp};
use tokio::sync::{mpsc, oneshot};

use super::events::event_row;
use super::outbox::{enqueue, MailTo};
use super::waitlist::waitlist_position;
use super::webhooks::rsvp_changed;
use super::{is_unique_violation, lock_event, parse_time, Change, Changes, Engine, MailSwitch, StoreError, DIALECT};
use crate::mail::compose::MailKind;
use crate::mail::{MailSettings, HOLD_MINUTES};
use crate::store::types::{rsvp_is_open, rsvp_state, RsvpOutcome, Seats};

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
pub(super) fn start_writer(pool: DbPool, changes: Changes, mail: MailSwitch) -> RsvpQueue {
    let (queue, mut jobs) = mpsc::unbounded_channel::<RsvpJob>();
    tokio::spawn(async move {
        let mut group = Vec::with_capacity(MAX_GROUP);
        while jobs.recv_many(&mut group, MAX_GROUP).await > 0 {
            let answers = write_group(&pool, &group, mail.get()).await;
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

async fn write_group(
    pool: &DbPool,
    group: &[RsvpJob],
    mail: Option<&MailSettings>,
) -> Vec<Result<RsvpOutcome, StoreError>> {
    match try_write_group(pool, group, mail).await {
        Ok(answers) => answers,
        Err(error) => {
            // Nothing of the group was committed; every caller learns so.
            tracing::error!(%error, size = group.len(), "RSVP group not committed");
            let message = error.to_string();
            // Each caller gets a copy of the cause; one worth a retry stays one (a 503).
            let temporary = StoreError::Database(error).is_temporary();
            let copy = || match temporary {
                true => sqlx::Error::Io(std::io::Error::other(message.clone())),
                false => sqlx::Error::Protocol(message.clone()),
            };
            group.iter().map(|_| Err(StoreError::Database(copy()))).collect()
        }
    }
}

async fn try_write_group(
    pool: &DbPool,
    group: &[RsvpJob],
    mail: Option<&MailSettings>,
) -> Result<Vec<Result<RsvpOutcome, StoreError>>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin_with(DIALECT.begin_write).await?;
    let mut answers = Vec::with_capacity(group.len());
    for job in group {
        let mut savepoint = tx.begin().await?;
        let answer = insert_rsvp(&mut savepoint, job, mail).await;
        if answer.is_ok() {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
        if let (Err(StoreError::AlreadyRegistered), Some(mail)) = (&answer, mail) {
            // A courtesy: when it fails, the group's RSVPs must not.
            let mut savepoint = tx.begin().await?;
            match send_link_again(&mut savepoint, job, mail).await {
                Ok(()) => savepoint.commit().await?,
                Err(error) => {
                    tracing::warn!(%error, "the link could not be mailed again");
                    savepoint.rollback().await?;
                }
            }
        }
        answers.push(answer);
    }
    tx.commit().await?;
    Ok(answers)
}

/// How often one RSVP's link is mailed again at most: repeated requests must not flood the
/// address's inbox.
const LINK_AGAIN_EVERY_MINUTES: i64 = 10;

/// The address registered before: its owner gets the link to that RSVP again by mail (the
/// answer to the request stays `409`, so nobody learns another person's link).
async fn send_link_again(conn: &mut DbConn, job: &RsvpJob, mail: &MailSettings) -> Result<(), sqlx::Error> {
    let earlier: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM rsvps WHERE event_id = $1 AND email_normalized = $2 AND status NOT IN ('cancelled', 'declined')",
    )
    .bind(&job.event_id)
    .bind(&job.rsvp.email_normalized)
    .fetch_optional(&mut *conn)
    .await?;
    let (Some(earlier), Some(row)) = (earlier, event_row(conn, &job.event_id).await?) else { return Ok(()) };
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE rsvp_id = $1 AND kind = 'link_again' AND created_at > $2",
    )
    .bind(earlier)
    .bind((job.now - chrono::Duration::minutes(LINK_AGAIN_EVERY_MINUTES)).to_rfc3339())
    .fetch_one(&mut *conn)
    .await?;
    if recent > 0 {
        return Ok(());
    }
    if let Some(to) = MailTo::load(conn, earlier).await? {
        enqueue(conn, mail, MailKind::LinkAgain, &to, &row.into_event(job.now)?, job.now).await?;
    }
    Ok(())
}

/// Counts the event's seats and inserts the RSVP, inside the caller's write transaction; with
/// mail on, its mail goes into the outbox in the same transaction.
async fn insert_rsvp(conn: &mut DbConn, job: &RsvpJob, mail: Option<&MailSettings>) -> Result<RsvpOutcome, StoreError> {
    let RsvpJob { event_id, rsvp, lang, cancel_token_hash, now, .. } = job;
    lock_event(conn, event_id).await?;
    let seats = event_row(conn, event_id).await?.ok_or(StoreError::EventNotFound)?;
    let starts_at = parse_time(&seats.starts_at)?;
    let closes_at = seats.rsvp_closes_at.as_deref().map(parse_time).transpose()?;
    if !seats.rsvp_enabled || !rsvp_is_open(seats.rsvp_open, closes_at, starts_at, *now) {
        return Err(StoreError::RsvpClosed);
    }
    // Checked against the questions as they are now, inside the transaction: an organizer's
    // change a moment earlier cannot let an answer through that the event no longer takes.
    let questions: Vec<Question> = serde_json::from_str(seats.questions()).unwrap_or_default();
    let answers = check_answers(&questions, &rsvp.answers).map_err(StoreError::InvalidAnswer)?;

    let party = 1 + i64::from(rsvp.guests);
    let fits = seats.capacity.is_none_or(|capacity| seats.confirmed + seats.pending + party <= capacity);
    // Double opt-in: a party that fits holds its seats until the link in its mail is opened;
    // one on the waitlist keeps its place only once confirmed, too.
    let confirm_by = mail
        .filter(|m| m.require_confirmation)
        .map(|_| (*now + chrono::Duration::minutes(i64::from(HOLD_MINUTES))).timestamp());
    // Approval: the request holds no seat; the organizer's decision takes one by these same
    // rules (`decide_rsvp`). With double opt-in it waits for the address first, too.
    let status = match (seats.rsvp_approval, fits, confirm_by) {
        (true, _, _) => RsvpStatus::Requested,
        (false, true, None) => RsvpStatus::Confirmed,
        (false, true, Some(_)) => RsvpStatus::Pending,
        (false, false, _) => RsvpStatus::Waitlisted,
    };

    let inserted: Result<i64, _> = sqlx::query_scalar(
        "INSERT INTO rsvps (event_id, name, email, email_normalized, company, guests, note, status,
            cancel_token_hash, locale, created_at, confirm_by_unix, answers, mail_consent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
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
    .bind(confirm_by)
    .bind((!answers.is_empty()).then(|| serde_json::to_string(&answers).unwrap_or_default()))
    // Only a checkbox the form showed counts as a yes.
    .bind((rsvp.mail_consent && seats.rsvp_mail_consent).then(|| now.to_rfc3339()))
    .fetch_one(&mut *conn)
    .await;
    // The unique index, not a prior SELECT, is what makes "one RSVP per address" hold.
    let rsvp_id = match inserted {
        Err(error) if is_unique_violation(&error) => return Err(StoreError::AlreadyRegistered),
        other => other?,
    };

    let waitlist_position = match status {
        RsvpStatus::Waitlisted => Some(waitlist_position(conn, event_id, rsvp_id).await?),
        _ => None,
    };
    rsvp_changed(conn, HookEvent::RsvpCreated, rsvp_id, *now).await?;

    let mut after = Seats { confirmed: seats.confirmed, waitlisted: seats.waitlisted, pending: seats.pending };
    match status {
        RsvpStatus::Confirmed => after.confirmed += party,
        RsvpStatus::Pending => after.pending += party,
        RsvpStatus::Waitlisted => after.waitlisted += party,
        _ => {}
    }
    let state = rsvp_state(seats.capacity, after, true, closes_at, seats.rsvp_mail_consent, seats.rsvp_approval);

    if let Some(mail) = mail {
        let kind = match (status, waitlist_position) {
            _ if confirm_by.is_some() => MailKind::PleaseConfirm { hold_minutes: HOLD_MINUTES },
            (RsvpStatus::Requested, _) => MailKind::Requested,
            (RsvpStatus::Waitlisted, Some(position)) => MailKind::Waitlisted { position },
            _ => MailKind::Confirmed,
        };
        let to = MailTo {
            id: rsvp_id,
            name: rsvp.name.clone(),
            email: rsvp.email.clone(),
            guests: i64::from(rsvp.guests),
            locale: lang.tag().to_owned(),
        };
        enqueue(conn, mail, kind, &to, &seats.into_event(*now)?, *now).await?;
    }
    // Until confirmed, the answer says only that: a waitlist place counts from the confirmation.
    if confirm_by.is_some() {
        return Ok(RsvpOutcome { status: RsvpStatus::Pending, waitlist_position: None, state });
    }
    Ok(RsvpOutcome { status, waitlist_position, state })
}

impl Engine {
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
        if DIALECT.shared {
            // Another server's RSVPs for the same event would wait for a whole group
            // here: one transaction per RSVP, with the event locked only for it.
            let answer = write_group(&self.pool, std::slice::from_ref(&job), self.mail()).await;
            return answer.into_iter().next().unwrap_or(Err(StoreError::Database(sqlx::Error::PoolClosed)));
        }
        let writer_gone = || StoreError::Database(sqlx::Error::PoolClosed);
        self.rsvp_queue.send(job).map_err(|_| writer_gone())?;
        answer.await.map_err(|_| writer_gone())?
    }
}
