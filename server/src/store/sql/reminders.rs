//! Reminder mails (`--reminder-hours`): one per confirmed RSVP before its event starts.

use chrono::{DateTime, Duration, Utc};

use super::events::event_row;
use super::outbox::{enqueue, MailTo};
use super::{parse_time, Engine, StoreError, DIALECT};
use crate::mail::compose::MailKind;

impl Engine {
    pub async fn queue_reminders(&self, hours: u32, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let Some(mail) = self.mail() else { return Ok(0) };
        if hours == 0 {
            return Ok(0);
        }
        let window = Duration::hours(i64::from(hours));
        // Only events that start within the window are looked at; an event moved into the past
        // has no window left and its attendees get no reminder.
        let sql = format!(
            "SELECT r.id, r.event_id, r.created_at, e.starts_at FROM rsvps r JOIN events e ON e.id = r.event_id
             WHERE r.status = 'confirmed' AND r.reminded_at IS NULL AND r.personal_data_deleted_at IS NULL
               AND e.removed_at IS NULL AND {start} > $1 AND {start} <= $2
             ORDER BY r.event_id, r.id",
            start = DIALECT.unix_seconds_of_start
        );
        let candidates: Vec<(i64, String, String, String)> =
            sqlx::query_as(&sql).bind(now.timestamp()).bind((now + window).timestamp()).fetch_all(&self.pool).await?;
        // One transaction per event: its row is read once, and its reminders commit together.
        let mut by_event: Vec<(String, Vec<i64>)> = Vec::new();
        for (rsvp_id, event_id, created_at, starts_at) in candidates {
            // Who registered once the window had opened got the confirmation just now.
            if parse_time(&created_at)? > parse_time(&starts_at)? - window {
                continue;
            }
            match by_event.last_mut() {
                Some((id, rsvps)) if *id == event_id => rsvps.push(rsvp_id),
                _ => by_event.push((event_id, vec![rsvp_id])),
            }
        }
        let mut written = 0;
        for (event_id, rsvps) in by_event {
            let mut tx = self.begin_write().await?;
            let Some(event) = event_row(&mut tx, &event_id).await? else { continue };
            let event = event.into_event(now)?;
            for rsvp_id in rsvps {
                // The claim: of several servers, the one whose update takes the row writes the
                // mail; the others wait for its commit and then find the RSVP reminded.
                let claimed = sqlx::query(
                    "UPDATE rsvps SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND status = 'confirmed'",
                )
                .bind(now.to_rfc3339())
                .bind(rsvp_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                let Some(to) = MailTo::load(&mut tx, rsvp_id).await?.filter(|_| claimed == 1) else { continue };
                enqueue(&mut tx, mail, MailKind::Reminder, &to, &event, now).await?;
                written += 1;
            }
            tx.commit().await?;
        }
        Ok(written)
    }
}
