//! Recurring meetings: the series as written, and which events are its dates. Writing or
//! deleting a series is one transaction: a failure halfway leaves the series as it was.

use chrono::{DateTime, Utc};

use super::admin::rewrite_event;
use super::events::{bind_event, event_row, insert_event_sql};
use super::outbox::tell_if_moved;
use super::waitlist::{confirmed_seats, promote};
use super::webhooks::EventWatch;
use super::{is_unique_violation, lock_events, Change, DbConn, Engine, NewEvent, StoreError};
use crate::store::types::SeriesDates;

async fn upcoming(conn: &mut DbConn, series_id: &str, now: DateTime<Utc>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM events WHERE series_id = $1 AND starts_at_unix > $2 ORDER BY starts_at_unix")
        .bind(series_id)
        .bind(now.timestamp())
        .fetch_all(conn)
        .await
}

/// Deletes the date unless someone holds or waits for a seat; `false` when it stays.
async fn delete_unbooked(conn: &mut DbConn, id: &str) -> Result<bool, sqlx::Error> {
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM rsvps WHERE event_id = $1 AND status NOT IN ('cancelled', 'declined')",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    if live > 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM events WHERE id = $1").bind(id).execute(conn).await?;
    Ok(true)
}

impl Engine {
    /// Stores a series' definition and its upcoming dates: new dates are added, existing ones
    /// rewritten (moved ones mail their attendees, more seats promote), and upcoming dates the
    /// series no longer has are removed unless someone registered for them.
    pub async fn write_series(
        &self,
        id: &str,
        definition: &str,
        dates: &[NewEvent],
        now: DateTime<Utc>,
    ) -> Result<SeriesDates, StoreError> {
        let mut tx = self.begin_write().await?;
        // The series' row first, in both writing and deleting: a second write of the same
        // series waits here, and then reads the dates the first one left.
        sqlx::query(
            "INSERT INTO series (id, definition, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(definition)
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await?;
        let before = upcoming(&mut tx, id, now).await?;
        let mut locked: Vec<String> = dates.iter().map(|d| d.event.id.clone()).chain(before.iter().cloned()).collect();
        lock_events(&mut tx, &mut locked).await?;

        let mut outcome = SeriesDates::default();
        for date in dates {
            let date_id = &date.event.id;
            // A date whose id a partner feed's event has would be overwritten by both.
            let source: Option<Option<String>> = sqlx::query_scalar("SELECT source_id FROM events WHERE id = $1")
                .bind(date_id)
                .fetch_optional(&mut *tx)
                .await?;
            if matches!(source, Some(Some(_))) {
                return Err(StoreError::EventExists);
            }
            let watch = EventWatch::start(&mut tx, date_id, now).await?;
            let stored = event_row(&mut tx, date_id).await?;
            if !rewrite_event(&mut tx, date, now).await? {
                // Another request may have made this id meanwhile: refused like a taken id.
                match bind_event(sqlx::query(&insert_event_sql()), date, now).execute(&mut *tx).await {
                    Err(error) if is_unique_violation(&error) => return Err(StoreError::EventExists),
                    other => other?,
                };
            }
            let taken = confirmed_seats(&mut tx, date_id).await?;
            if date.event.capacity.is_some_and(|capacity| i64::from(capacity) < taken) {
                return Err(StoreError::CapacityBelowTaken(taken));
            }
            promote(&mut tx, date_id, self.mail(), now).await?;
            tell_if_moved(&mut tx, self.mail(), stored, now).await?;
            sqlx::query("UPDATE events SET series_id = $1 WHERE id = $2")
                .bind(id)
                .bind(date_id)
                .execute(&mut *tx)
                .await?;
            watch.finish(&mut tx, now).await?;
            outcome.written.push(date_id.clone());
        }
        for stale in before.into_iter().filter(|old| !outcome.written.contains(old)) {
            let watch = EventWatch::start(&mut tx, &stale, now).await?;
            if !delete_unbooked(&mut tx, &stale).await? {
                outcome.kept_with_rsvps.push(stale);
            }
            watch.finish(&mut tx, now).await?;
        }
        tx.commit().await?;
        let seats = outcome.written.iter().map(|id| Change::Seats(id.clone()));
        self.changed(std::iter::once(Change::Events).chain(seats));
        Ok(outcome)
    }

    /// Every series as `(id, definition)`.
    pub async fn all_series(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT id, definition FROM series ORDER BY id").fetch_all(&self.pool).await?)
    }

    /// Removes the series and its upcoming dates without RSVPs; dates with RSVPs stay as
    /// single events.
    pub async fn delete_series(&self, id: &str, now: DateTime<Utc>) -> Result<SeriesDates, StoreError> {
        let mut tx = self.begin_write().await?;
        // Takes the series' row first, as a write does; deleting it comes last, since that
        // unlinks its dates (`ON DELETE SET NULL`).
        let touched = sqlx::query("UPDATE series SET updated_at = $1 WHERE id = $2")
            .bind(now.to_rfc3339())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if touched.rows_affected() == 0 {
            return Err(StoreError::EventNotFound);
        }
        let mut dates = upcoming(&mut tx, id, now).await?;
        lock_events(&mut tx, &mut dates).await?;
        let mut outcome = SeriesDates::default();
        for date in dates {
            let watch = EventWatch::start(&mut tx, &date, now).await?;
            if !delete_unbooked(&mut tx, &date).await? {
                outcome.kept_with_rsvps.push(date);
            }
            watch.finish(&mut tx, now).await?;
        }
        sqlx::query("DELETE FROM series WHERE id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        self.changed([Change::Events]);
        Ok(outcome)
    }

    /// The series' dates that have not started yet, as event ids.
    pub async fn upcoming_in_series(&self, series_id: &str, now: DateTime<Utc>) -> Result<Vec<String>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(upcoming(&mut conn, series_id, now).await?)
    }
}
