//! Reach counts: added in batches by the counter's flush, read per event for the console.

use super::{Engine, StoreError};
use crate::store::types::ReachCount;

impl Engine {
    /// Adds counts to their days in one transaction. Counts of an event that is gone by now are
    /// dropped: its counts went with it.
    pub async fn add_reach(&self, counts: &[ReachCount]) -> Result<(), StoreError> {
        if counts.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for count in counts {
            sqlx::query(
                "INSERT INTO reach_days (day, event_id, action, count)
                 SELECT $1, $2, $3, $4 WHERE $2 = '' OR EXISTS (SELECT 1 FROM events WHERE id = $2)
                 ON CONFLICT (event_id, day, action) DO UPDATE SET count = reach_days.count + excluded.count",
            )
            .bind(count.day.to_string())
            .bind(&count.event_id)
            .bind(count.action)
            .bind(count.count)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The stored counts of one event and of the whole board from `first` on (days as
    /// `YYYY-MM-DD`, which sort as dates).
    pub async fn reach(&self, event_id: &str, first: chrono::NaiveDate) -> Result<Vec<ReachCount>, StoreError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT day, event_id, action, count FROM reach_days
             WHERE (event_id = $1 OR event_id = '') AND day >= $2",
        )
        .bind(event_id)
        .bind(first.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(day, event_id, action, count)| {
                let day = day.parse().ok()?;
                let action = ReachCount::action_name(&action)?;
                Some(ReachCount { day, event_id, action, count })
            })
            .collect())
    }
}
