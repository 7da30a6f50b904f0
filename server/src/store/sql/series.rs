//! Recurring meetings: the series as written, and which events are its dates.

use chrono::{DateTime, Utc};

use super::{Change, Engine, StoreError};

impl Engine {
    /// Stores (or replaces) a series' definition.
    pub async fn save_series(&self, id: &str, definition: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO series (id, definition, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(definition)
        .bind(now.to_rfc3339())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every series as `(id, definition)`.
    pub async fn all_series(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT id, definition FROM series ORDER BY id").fetch_all(&self.pool).await?)
    }

    pub async fn delete_series(&self, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM series WHERE id = $1").bind(id).execute(&self.pool).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::EventNotFound);
        }
        self.changed([Change::Events]);
        Ok(())
    }

    /// Marks an event as one date of a series.
    pub async fn link_to_series(&self, event_id: &str, series_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE events SET series_id = $1 WHERE id = $2")
            .bind(series_id)
            .bind(event_id)
            .execute(&self.pool)
            .await?;
        self.changed([Change::Events]);
        Ok(())
    }

    /// The series' dates that have not started yet, as event ids.
    pub async fn upcoming_in_series(&self, series_id: &str, now: DateTime<Utc>) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM events WHERE series_id = $1 AND starts_at_unix > $2 ORDER BY starts_at_unix",
        )
        .bind(series_id)
        .bind(now.timestamp())
        .fetch_all(&self.pool)
        .await?)
    }
}
