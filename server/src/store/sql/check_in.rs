//! Check-in at the door: an organizer ticks off a confirmed attendee when they arrive, and can
//! take it back. Ticking twice keeps the first time.

use chrono::{DateTime, Utc};
use stammtisch_model::RsvpStatus;

use super::{lock_event, Engine, StoreError};
use crate::store::types::stored_time;

impl Engine {
    /// Checks a confirmed RSVP in (`arrived`) or takes the check-in back; returns when the
    /// attendee arrived, `None` after taking it back.
    pub async fn check_in(
        &self,
        event_id: &str,
        rsvp_id: i64,
        arrived: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<chrono::FixedOffset>>, StoreError> {
        let mut tx = self.begin_write().await?;
        lock_event(&mut tx, event_id).await?;
        let status: RsvpStatus = sqlx::query_scalar("SELECT status FROM rsvps WHERE id = $1 AND event_id = $2")
            .bind(rsvp_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::RsvpNotFound)?;
        // Only someone with a seat is let in; taking a check-in back is always possible.
        if arrived && status != RsvpStatus::Confirmed {
            return Err(StoreError::NotConfirmed);
        }
        let change = match arrived {
            true => sqlx::query("UPDATE rsvps SET checked_in_at = COALESCE(checked_in_at, $1) WHERE id = $2")
                .bind(now.to_rfc3339())
                .bind(rsvp_id),
            false => sqlx::query("UPDATE rsvps SET checked_in_at = NULL WHERE id = $1").bind(rsvp_id),
        };
        change.execute(&mut *tx).await?;
        let at: Option<String> = sqlx::query_scalar("SELECT checked_in_at FROM rsvps WHERE id = $1")
            .bind(rsvp_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(at.as_deref().and_then(stored_time))
    }
}
