//! Data retention (DSGVO): names, e-mail addresses, companies and notes go a set number of days
//! after an event ends; the RSVP rows stay, so seat counts and the waitlist do not change.

use chrono::{DateTime, Duration, Utc};

use stammtisch_model::RsvpStatus;

use super::cancel::{Forget, BY_TOKEN};
use super::webhooks::forget_deliveries;
use super::{Engine, StoreError, DIALECT};

/// What replaces personal data: empty text, and an address that can match nobody (the unique
/// index on event and address must still hold).
pub(super) const FORGET: &str =
    "name = '', email = '', email_normalized = 'deleted:' || id, company = NULL, note = NULL,
    answers = NULL, mail_consent_at = NULL, personal_data_deleted_at = $1";

impl Engine {
    /// Deletes the personal data of every RSVP for events that ended more than `keep` ago.
    /// Returns how many RSVPs it touched.
    pub async fn delete_old_personal_data(&self, keep: Duration, now: DateTime<Utc>) -> Result<u64, StoreError> {
        // A retention longer than chrono's calendar reaches back deletes nothing.
        let Some(cutoff) = now.checked_sub_signed(keep).map(|t| t.timestamp()) else { return Ok(0) };
        let sql = format!(
            "UPDATE rsvps SET {FORGET} WHERE personal_data_deleted_at IS NULL AND event_id IN
                (SELECT id FROM events WHERE {} < $2)",
            DIALECT.unix_seconds_of_end
        );
        let done = sqlx::query(&sql).bind(now.to_rfc3339()).bind(cutoff).execute(&self.pool).await?;
        self.forget_mails(now).await?;
        Ok(done.rows_affected())
    }

    /// Mails and webhook deliveries about attendees whose data went lose their addresses and
    /// texts too; one not sent yet is not sent at all.
    async fn forget_mails(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET recipient = '', body_text = '', body_html = '', calendar = NULL, check_in_url = NULL,
                failed_at = CASE WHEN sent_at IS NULL THEN COALESCE(failed_at, $1) ELSE failed_at END,
                last_error = CASE WHEN sent_at IS NULL THEN 'personal data deleted' ELSE last_error END
             WHERE recipient <> '' AND rsvp_id IN (SELECT id FROM rsvps WHERE personal_data_deleted_at IS NOT NULL)",
        )
        .bind(now.to_rfc3339())
        .execute(&self.pool)
        .await?;
        let mut conn = self.pool.acquire().await?;
        forget_deliveries(&mut conn, now).await?;
        Ok(())
    }

    /// The attendee's own "delete my data": cancels the RSVP (promoting others) if it is not
    /// already, then deletes its personal data.
    pub async fn forget_rsvp(&self, token_hash: &[u8], now: DateTime<Utc>) -> Result<(), StoreError> {
        // One transaction: the cancellation's webhook delivery is written after the data went,
        // so it goes out without it, and no delivery sees the data in between.
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, String, RsvpStatus)> =
            sqlx::query_as(&format!("SELECT r.id, r.event_id, r.status FROM rsvps r WHERE {BY_TOKEN}"))
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
        self.cancel_found(tx, found, now, Forget::Too).await?;
        self.forget_mails(now).await?;
        Ok(())
    }
}
