//! What organizers do: change and remove events, read attendee lists.

use chrono::{DateTime, Utc};

use super::events::event_row;
use super::events::{bind_event, EVENT_FIELDS};
use super::outbox::{tell_everyone, tell_if_moved};
use super::waitlist::{confirmed_seats, promote};
use super::webhooks::{rsvp_changed, EventWatch};
use super::{is_unique_violation, lock_event, Change, DbConn, Engine, NewEvent, StoreError};
use crate::mail::compose::MailKind;
use crate::store::types::{AttendeeRow, ATTENDEE_COLUMNS};
use crate::store::Attendee;
use stammtisch_model::HookEvent;

/// Replaces a stored event's fields inside the caller's transaction; `false` when there is
/// no such event. Seats, series and source stay.
pub(super) async fn rewrite_event(conn: &mut DbConn, new: &NewEvent, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    // Parameters are bound as for an insert; created_at's stays unused, the column keeps its value.
    let values: Vec<String> = EVENT_FIELDS
        .split(',')
        .enumerate()
        .map(|(i, field)| if field.trim() == "created_at" { "created_at".to_owned() } else { format!("${}", i + 1) })
        .collect();
    let sql = format!("UPDATE events SET ({EVENT_FIELDS}) = ({}) WHERE id = $1", values.join(", "));
    let done = bind_event(sqlx::query(&sql), new, now).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

impl Engine {
    /// Adds an event; its id must be new.
    pub async fn create_event(&self, new: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError> {
        match self.insert_event(new, now).await {
            Err(StoreError::Database(error)) if is_unique_violation(&error) => Err(StoreError::EventExists),
            other => other,
        }
    }

    /// Replaces an event's fields. More seats promote waiting parties in the same transaction;
    /// fewer seats than are taken are refused, since a confirmed seat is never taken away.
    pub async fn update_event(&self, new: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        lock_event(&mut tx, &new.event.id).await?;
        let watch = EventWatch::start(&mut tx, &new.event.id, now).await?;
        let before = event_row(&mut tx, &new.event.id).await?;
        if !rewrite_event(&mut tx, new, now).await? {
            return Err(StoreError::EventNotFound);
        }
        let taken = confirmed_seats(&mut tx, &new.event.id).await?;
        if new.event.capacity.is_some_and(|capacity| i64::from(capacity) < taken) {
            return Err(StoreError::CapacityBelowTaken(taken));
        }
        promote(&mut tx, &new.event.id, self.mail(), now).await?;
        tell_if_moved(&mut tx, self.mail(), before, now).await?;
        watch.finish(&mut tx, now).await?;
        tx.commit().await?;
        self.changed([Change::Events, Change::Seats(new.event.id.clone())]);
        Ok(())
    }

    /// Removes an event. One with live RSVPs goes only with `force`, and takes them along.
    pub async fn delete_event(&self, id: &str, force: bool) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        lock_event(&mut tx, id).await?;
        let now = Utc::now();
        let watch = EventWatch::start(&mut tx, id, now).await?;
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM rsvps WHERE event_id = $1 AND status NOT IN ('cancelled', 'declined')",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if live > 0 && !force {
            return Err(StoreError::EventHasRsvps);
        }
        if let (Some(mail), true) = (self.mail(), live > 0) {
            if let Some(event) = event_row(&mut tx, id).await? {
                tell_everyone(&mut tx, mail, MailKind::Cancelled, &event.into_event(now)?, now).await?;
            }
        }
        if live > 0 {
            // Cancelled with their event: receivers hear of each, as of any cancellation.
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM rsvps WHERE event_id = $1 AND status NOT IN ('cancelled', 'declined') ORDER BY id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            for rsvp in ids {
                sqlx::query("UPDATE rsvps SET status = 'cancelled', cancelled_at = $1 WHERE id = $2")
                    .bind(now.to_rfc3339())
                    .bind(rsvp)
                    .execute(&mut *tx)
                    .await?;
                rsvp_changed(&mut tx, HookEvent::RsvpCancelled, rsvp, now).await?;
            }
        }
        let done = sqlx::query("DELETE FROM events WHERE id = $1").bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::EventNotFound);
        }
        watch.finish(&mut tx, now).await?;
        tx.commit().await?;
        self.changed([Change::Events]);
        Ok(())
    }

    /// Everybody who answered, in arrival order.
    pub async fn attendees(&self, event_id: &str) -> Result<Vec<Attendee>, StoreError> {
        let exists: Option<i64> = sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(&self.pool)
            .await?;
        exists.ok_or(StoreError::EventNotFound)?;
        let rows: Vec<AttendeeRow> =
            sqlx::query_as(&format!("SELECT {ATTENDEE_COLUMNS} FROM rsvps r WHERE r.event_id = $1 ORDER BY r.id"))
                .bind(event_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(Attendee::from).collect())
    }
}
