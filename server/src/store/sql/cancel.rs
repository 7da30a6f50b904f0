use chrono::{DateTime, Utc};
use stammtisch_model::{HookEvent, RsvpStatus};

use super::events::event_row;
use super::outbox::{enqueue, MailTo};
use super::retention::FORGET;
use super::waitlist::{promote, waitlist_position};
use super::webhooks::{forget_deliveries, rsvp_changed};
use super::{lock_event, lock_events, Change, Engine, StoreError};
use crate::mail::compose::MailKind;
use crate::store::types::{Cancelled, Confirmed, RsvpView};

/// Whether a cancellation also deletes the attendee's personal data ("delete my data").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Forget {
    No,
    Too,
}

/// Finds an RSVP by the link of its first answer or by the link of any of its mails.
pub(super) const BY_TOKEN: &str =
    "(r.cancel_token_hash = $1 OR r.id IN (SELECT l.rsvp_id FROM rsvp_links l WHERE l.token_hash = $1))";

impl Engine {
    pub async fn rsvp_by_token(&self, token_hash: &[u8]) -> Result<RsvpView, StoreError> {
        sqlx::query_as(&format!(
            "SELECT r.event_id, e.title AS event_title, e.starts_at, e.time_zone,
                    COALESCE(e.location_name || ', ' || e.location_city, e.location_name, e.location_city) AS location,
                    r.name, r.guests, r.status, r.locale, r.personal_data_deleted_at,
                    r.confirm_by_unix IS NOT NULL AND r.status NOT IN ('cancelled', 'declined') AS awaiting_confirmation
             FROM rsvps r JOIN events e ON e.id = r.event_id WHERE {BY_TOKEN}"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::RsvpNotFound)
    }

    /// Cancels the RSVP with this token and, in the same transaction, gives its seats to the
    /// waiting parties that fit.
    pub async fn cancel_rsvp(&self, token_hash: &[u8], now: DateTime<Utc>) -> Result<Cancelled, StoreError> {
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, String, RsvpStatus)> =
            sqlx::query_as(&format!("SELECT r.id, r.event_id, r.status FROM rsvps r WHERE {BY_TOKEN}"))
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
        self.cancel_found(tx, found, now, Forget::No).await
    }

    /// The owner opened the link in the confirmation mail (double opt-in): a held seat
    /// becomes theirs, a waitlist place starts to count. Writes the "Anmeldung bestätigt" mail.
    pub async fn confirm_rsvp(&self, token_hash: &[u8], now: DateTime<Utc>) -> Result<Confirmed, StoreError> {
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, String)> =
            sqlx::query_as(&format!("SELECT r.id, r.event_id FROM rsvps r WHERE {BY_TOKEN}"))
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
        let (id, event_id) = found.ok_or(StoreError::RsvpNotFound)?;
        // An RSVP's state changes only while its event is held: read it after the lock.
        lock_event(&mut tx, &event_id).await?;
        // Gone with its event (deleted by another server meanwhile): nothing to confirm.
        let (status, confirm_by): (RsvpStatus, Option<i64>) =
            sqlx::query_as("SELECT status, confirm_by_unix FROM rsvps WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::RsvpNotFound)?;
        // A hold that ran out is over, whether or not the releaser got to it yet.
        let in_time = confirm_by.is_some_and(|by| now.timestamp() <= by);
        if !in_time || matches!(status, RsvpStatus::Cancelled | RsvpStatus::Declined) {
            return Ok(Confirmed::Before);
        }
        sqlx::query(
            "UPDATE rsvps SET confirm_by_unix = NULL,
                status = CASE WHEN status = 'pending' THEN 'confirmed' ELSE status END WHERE id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // A request confirmed by its owner still waits for the organizer: `rsvp.confirmed` is
        // sent when it is approved.
        if status != RsvpStatus::Requested {
            rsvp_changed(&mut tx, HookEvent::RsvpConfirmed, id, now).await?;
        }
        promote(&mut tx, &event_id, self.mail(), now).await?;
        let after: RsvpStatus =
            sqlx::query_scalar("SELECT status FROM rsvps WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        // Moved up by its own confirmation: the promotion's mail already says so.
        let promoted_now = status == RsvpStatus::Waitlisted && after == RsvpStatus::Confirmed;
        if let (Some(mail), false) = (self.mail(), promoted_now) {
            let kind = match after {
                RsvpStatus::Waitlisted => {
                    MailKind::Waitlisted { position: waitlist_position(&mut tx, &event_id, id).await? }
                }
                RsvpStatus::Requested => MailKind::Requested,
                _ => MailKind::Confirmed,
            };
            if let (Some(to), Some(event)) = (MailTo::load(&mut tx, id).await?, event_row(&mut tx, &event_id).await?) {
                enqueue(&mut tx, mail, kind, &to, &event.into_event(now)?, now).await?;
            }
        }
        tx.commit().await?;
        self.changed([Change::Seats(event_id)]);
        Ok(Confirmed::Now)
    }

    /// Releases the places of RSVPs whose confirmation did not come in time (double opt-in),
    /// and gives the seats to the waiting parties that fit. Returns how many were released.
    pub async fn release_unconfirmed(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let expired: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, event_id FROM rsvps
             WHERE confirm_by_unix < $1 AND status IN ('pending', 'waitlisted', 'requested')",
        )
        .bind(now.timestamp())
        .fetch_all(&mut *tx)
        .await?;
        if expired.is_empty() {
            return Ok(0);
        }
        let mut locked: Vec<String> = expired.iter().map(|(_, event_id)| event_id.clone()).collect();
        lock_events(&mut tx, &mut locked).await?;
        let mut events: Vec<String> = Vec::new();
        let mut released = 0;
        for (id, event_id) in &expired {
            // Read before the events were held: a confirmation may have come in since.
            let done = sqlx::query(
                // A consent to mail from an address that was never confirmed is no consent.
                "UPDATE rsvps SET status = 'cancelled', cancelled_at = $1, mail_consent_at = NULL
                 WHERE id = $2 AND confirm_by_unix < $3 AND status IN ('pending', 'waitlisted', 'requested')",
            )
            .bind(now.to_rfc3339())
            .bind(id)
            .bind(now.timestamp())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                continue;
            }
            released += 1;
            rsvp_changed(&mut tx, HookEvent::RsvpCancelled, *id, now).await?;
            // A confirmation mail still waiting (an SMTP outage) would only bring a dead link.
            sqlx::query(
                "UPDATE outbox SET failed_at = $1, last_error = 'released before it was sent', body_text = '',
                    body_html = '', calendar = NULL WHERE rsvp_id = $2 AND sent_at IS NULL AND failed_at IS NULL",
            )
            .bind(now.to_rfc3339())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if !events.contains(event_id) {
                events.push(event_id.clone());
            }
        }
        for event_id in &events {
            promote(&mut tx, event_id, self.mail(), now).await?;
        }
        tx.commit().await?;
        self.changed(events.into_iter().map(Change::Seats));
        Ok(released)
    }

    /// The organizer cancels on someone's behalf: the same as the attendee's own cancel link.
    pub async fn cancel_rsvp_by_id(
        &self,
        event_id: &str,
        rsvp_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Cancelled, StoreError> {
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, String, RsvpStatus)> =
            sqlx::query_as("SELECT id, event_id, status FROM rsvps WHERE id = $1 AND event_id = $2")
                .bind(rsvp_id)
                .bind(event_id)
                .fetch_optional(&mut *tx)
                .await?;
        self.cancel_found(tx, found, now, Forget::No).await
    }

    pub(super) async fn cancel_found(
        &self,
        mut tx: super::DbTx,
        found: Option<(i64, String, RsvpStatus)>,
        now: DateTime<Utc>,
        forget: Forget,
    ) -> Result<Cancelled, StoreError> {
        let (id, event_id, _) = found.ok_or(StoreError::RsvpNotFound)?;
        // An RSVP's state changes only while its event is held: read it after the lock, or
        // two cancellations at once would both give its seats back.
        lock_event(&mut tx, &event_id).await?;
        // Gone with its event (deleted by another server meanwhile): not found.
        let status: RsvpStatus = sqlx::query_scalar("SELECT status FROM rsvps WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::RsvpNotFound)?;
        if forget == Forget::Too {
            sqlx::query(&format!("UPDATE rsvps SET {FORGET} WHERE id = $2"))
                .bind(now.to_rfc3339())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            forget_deliveries(&mut tx, now).await?;
        }
        // A declined request is over as a cancelled RSVP is: it stays declined.
        if matches!(status, RsvpStatus::Cancelled | RsvpStatus::Declined) {
            tx.commit().await?;
            return Ok(Cancelled::Before);
        }
        sqlx::query("UPDATE rsvps SET status = 'cancelled', cancelled_at = $1 WHERE id = $2")
            .bind(now.to_rfc3339())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        rsvp_changed(&mut tx, HookEvent::RsvpCancelled, id, now).await?;
        promote(&mut tx, &event_id, self.mail(), now).await?;
        tx.commit().await?;
        self.changed([Change::Seats(event_id)]);
        Ok(Cancelled::Now)
    }
}
