//! What the outboxes still hold and which partner feeds fail, for `/metrics`.

use super::{Engine, StoreError};
use crate::store::types::{Backlog, PoolStats};

impl Engine {
    pub async fn backlog(&self) -> Result<Backlog, StoreError> {
        let (mails, deliveries, failing_sources): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL),
                (SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL),
                (SELECT COUNT(*) FROM sources WHERE last_error_code IS NOT NULL)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Backlog { mails, deliveries, failing_sources })
    }

    pub(crate) fn pool_stats(&self) -> PoolStats {
        PoolStats {
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }
}
