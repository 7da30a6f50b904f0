use chrono::{DateTime, FixedOffset, Utc};
use stammtisch_model::RsvpStatus;

use super::waitlist::promote;
use super::{Change, Store, StoreError};

/// One RSVP as its owner sees it on the cancel page.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RsvpView {
    pub event_id: String,
    pub event_title: String,
    pub starts_at: String,
    pub time_zone: String,
    pub location: Option<String>,
    pub name: String,
    pub guests: i64,
    pub status: RsvpStatus,
    pub locale: String,
    pub personal_data_deleted_at: Option<String>,
}

impl RsvpView {
    pub fn starts_at(&self) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(&self.starts_at).ok()
    }
}

/// What a cancellation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cancelled {
    Now,
    /// It had been cancelled before: cancelling is idempotent.
    Before,
}

impl Store {
    pub async fn rsvp_by_token(&self, token_hash: &[u8]) -> Result<RsvpView, StoreError> {
        sqlx::query_as(
            "SELECT r.event_id, e.title AS event_title, e.starts_at, e.time_zone,
                    COALESCE(e.location_name || ', ' || e.location_city, e.location_name, e.location_city) AS location,
                    r.name, r.guests, r.status, r.locale, r.personal_data_deleted_at
             FROM rsvps r JOIN events e ON e.id = r.event_id WHERE r.cancel_token_hash = ?",
        )
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
            sqlx::query_as("SELECT id, event_id, status FROM rsvps WHERE cancel_token_hash = ?")
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
        self.cancel_found(tx, found, now).await
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
            sqlx::query_as("SELECT id, event_id, status FROM rsvps WHERE id = ? AND event_id = ?")
                .bind(rsvp_id)
                .bind(event_id)
                .fetch_optional(&mut *tx)
                .await?;
        self.cancel_found(tx, found, now).await
    }

    async fn cancel_found(
        &self,
        mut tx: sqlx::Transaction<'static, sqlx::Sqlite>,
        found: Option<(i64, String, RsvpStatus)>,
        now: DateTime<Utc>,
    ) -> Result<Cancelled, StoreError> {
        let (id, event_id, status) = found.ok_or(StoreError::RsvpNotFound)?;
        if status == RsvpStatus::Cancelled {
            return Ok(Cancelled::Before);
        }
        sqlx::query("UPDATE rsvps SET status = 'cancelled', cancelled_at = ? WHERE id = ?")
            .bind(now.to_rfc3339())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        promote(&mut tx, &event_id).await?;
        tx.commit().await?;
        self.changed([Change::Seats(event_id)]);
        Ok(Cancelled::Now)
    }
}
