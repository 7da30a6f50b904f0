//! Partner feeds: the sources an organizer follows, and their events written in one
//! transaction per refresh, so a board never shows half a refresh.

use chrono::{DateTime, Utc};
use stammtisch_model::{Kind, SkippedEvent, MAX_SKIPPED_LISTED};

use super::admin::rewrite_event;
use super::events::{bind_event, event_row, insert_event_sql};
use super::outbox::tell_if_moved;
use super::waitlist::{confirmed_seats, promote};
use super::webhooks::EventWatch;
use super::{lock_event, lock_source, Change, Engine, NewEvent, StoreError};
use crate::store::types::{count, stored_time, Applied, SourceSettings, StoredSource};
use crate::store::{Source, SourceMode, SourceProblem};

#[derive(sqlx::FromRow)]
struct SourceRow {
    id: String,
    url: String,
    default_kind: Option<Kind>,
    tags: String,
    refresh_minutes: i64,
    mode: SourceMode,
    etag: Option<String>,
    last_modified: Option<String>,
    last_checked_at: Option<String>,
    last_success_at: Option<String>,
    last_error_code: Option<String>,
    last_error_detail: Option<String>,
    skipped: i64,
    skipped_events: String,
    events: i64,
}

impl From<SourceRow> for StoredSource {
    fn from(row: SourceRow) -> Self {
        let source = Source {
            id: row.id,
            url: row.url,
            default_kind: row.default_kind,
            tags: serde_json::from_str(&row.tags).unwrap_or_default(),
            refresh_minutes: count(row.refresh_minutes),
            mode: row.mode,
            last_checked_at: row.last_checked_at.as_deref().and_then(stored_time),
            last_success_at: row.last_success_at.as_deref().and_then(stored_time),
            last_error: row
                .last_error_code
                .map(|code| SourceProblem { code, detail: row.last_error_detail.unwrap_or_default() }),
            events: count(row.events),
            skipped: count(row.skipped),
            skipped_events: serde_json::from_str(&row.skipped_events).unwrap_or_default(),
        };
        StoredSource { source, etag: row.etag, last_modified: row.last_modified }
    }
}

const SOURCE_COLUMNS: &str = "s.id, s.url, s.default_kind, s.tags, s.refresh_minutes, s.mode, s.etag, s.last_modified,
    s.last_checked_at, s.last_success_at, s.last_error_code, s.last_error_detail, s.skipped, s.skipped_events,
    (SELECT COUNT(*) FROM events e WHERE e.source_id = s.id AND e.removed_at IS NULL) AS events";

impl Engine {
    pub async fn sources(&self) -> Result<Vec<Source>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id");
        let rows: Vec<SourceRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|row| StoredSource::from(row).source).collect())
    }

    pub async fn source(&self, id: &str) -> Result<Option<StoredSource>, StoreError> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = $1");
        let row: Option<SourceRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(StoredSource::from))
    }

    /// Adds or changes a source; `true` when it is new. Saving forgets the validators of the
    /// last fetch, so the next one gets the whole feed and applies the new settings to it.
    pub async fn save_source(&self, settings: &SourceSettings, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let existed = self.source(&settings.id).await?;
        let tags = serde_json::to_string(&settings.tags).unwrap_or_else(|_| "[]".into());
        sqlx::query(
            "INSERT INTO sources (id, url, default_kind, tags, refresh_minutes, mode, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (id) DO UPDATE SET url = $2, default_kind = $3, tags = $4, refresh_minutes = $5,
                mode = $6, updated_at = $7, etag = NULL, last_modified = NULL",
        )
        .bind(&settings.id)
        .bind(&settings.url)
        .bind(settings.default_kind)
        .bind(tags)
        .bind(i64::from(settings.refresh_minutes))
        .bind(settings.mode)
        .bind(now.to_rfc3339())
        .execute(&self.pool)
        .await?;
        Ok(existed.is_none())
    }

    /// Sources whose next refresh is due at `now`.
    pub async fn due_sources(&self, now: DateTime<Utc>) -> Result<Vec<String>, StoreError> {
        let every = |source: &Source| chrono::Duration::minutes(i64::from(source.refresh_minutes));
        let due = self
            .sources()
            .await?
            .into_iter()
            .filter(|source| source.last_checked_at.is_none_or(|checked| checked + every(source) <= now))
            .map(|source| source.id)
            .collect();
        Ok(due)
    }

    /// The fetch failed: the source keeps its last good events and shows why.
    pub async fn source_failed(&self, id: &str, error: &SourceProblem, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sources SET last_checked_at = $1, last_error_code = $2, last_error_detail = $3 WHERE id = $4",
        )
        .bind(now.to_rfc3339())
        .bind(&error.code)
        .bind(&error.detail)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The source answered `304 Not Modified`: nothing to write but the time.
    pub async fn source_unchanged(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sources SET last_checked_at = $1, last_success_at = $1, last_error_code = NULL,
                last_error_detail = NULL WHERE id = $2",
        )
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Writes a good fetch: its events are added or updated (RSVPs stay, a seat already
    /// given is never taken away), and the source's events it no longer lists are deleted,
    /// or hidden with their RSVPs when someone had registered.
    #[allow(clippy::too_many_arguments)]
    pub async fn apply_source(
        &self,
        id: &str,
        events: &[NewEvent],
        skipped: &[SkippedEvent],
        etag: Option<&str>,
        last_modified: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Applied, StoreError> {
        let mut tx = self.begin_write().await?;
        lock_source(&mut tx, id).await?;
        let mut applied = Applied::default();
        let mut seats_changed = Vec::new();
        for new in events {
            let watch = EventWatch::start(&mut tx, &new.event.id, now).await?;
            let found: Option<(Option<String>, Option<String>)> =
                sqlx::query_as("SELECT source_id, removed_at FROM events WHERE id = $1")
                    .bind(&new.event.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            // A hidden event of a deleted source, with RSVPs, returns to the source that is
            // added again: its ids start with the source's id, which no other source shares.
            let owner = found.map(|(owner, removed)| match (owner, removed) {
                (None, Some(_)) if new.event.id.starts_with(&format!("{id}-")) => Some(id.to_owned()),
                (owner, _) => owner,
            });
            match owner {
                None => {
                    bind_event(sqlx::query(&insert_event_sql()), new, now).execute(&mut *tx).await?;
                    applied.added += 1;
                }
                Some(Some(owner)) if owner == id => {
                    lock_event(&mut tx, &new.event.id).await?;
                    let mut new = new.clone();
                    let taken = confirmed_seats(&mut tx, &new.event.id).await?;
                    new.event.capacity = new.event.capacity.map(|c| c.max(u32::try_from(taken).unwrap_or(u32::MAX)));
                    let before = event_row(&mut tx, &new.event.id).await?;
                    rewrite_event(&mut tx, &new, now).await?;
                    promote(&mut tx, &new.event.id, self.mail(), now).await?;
                    // The partner moved it: people registered here hear of it as from the organizer.
                    tell_if_moved(&mut tx, self.mail(), before, now).await?;
                    seats_changed.push(Change::Seats(new.event.id.clone()));
                    applied.updated += 1;
                }
                Some(_) => {
                    applied.conflicts += 1;
                    continue;
                }
            }
            sqlx::query("UPDATE events SET source_id = $1, removed_at = NULL WHERE id = $2")
                .bind(id)
                .bind(&new.event.id)
                .execute(&mut *tx)
                .await?;
            watch.finish(&mut tx, now).await?;
        }
        let listed: Vec<&str> = events.iter().map(|e| e.event.id.as_str()).collect();
        let before: Vec<(String, i64)> = sqlx::query_as(
            "SELECT e.id, (SELECT COUNT(*) FROM rsvps r WHERE r.event_id = e.id) FROM events e
             WHERE e.source_id = $1 AND e.removed_at IS NULL",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for (event_id, rsvps) in before.into_iter().filter(|(event_id, _)| !listed.contains(&event_id.as_str())) {
            let sql = if rsvps == 0 {
                "DELETE FROM events WHERE id = $2"
            } else {
                "UPDATE events SET removed_at = $1 WHERE id = $2"
            };
            let watch = EventWatch::start(&mut tx, &event_id, now).await?;
            sqlx::query(sql).bind(now.to_rfc3339()).bind(&event_id).execute(&mut *tx).await?;
            watch.finish(&mut tx, now).await?;
            applied.removed += 1;
        }
        sqlx::query(
            "UPDATE sources SET etag = $1, last_modified = $2, last_checked_at = $3, last_success_at = $3,
                last_error_code = NULL, last_error_detail = NULL, skipped = $4, skipped_events = $5 WHERE id = $6",
        )
        .bind(etag)
        .bind(last_modified)
        .bind(now.to_rfc3339())
        .bind(i64::try_from(skipped.len()).unwrap_or(i64::MAX) + i64::from(applied.conflicts))
        .bind(serde_json::to_string(&skipped[..skipped.len().min(MAX_SKIPPED_LISTED)]).unwrap_or_else(|_| "[]".into()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.changed(std::iter::once(Change::Events).chain(seats_changed));
        Ok(applied)
    }

    /// Removes a source. Its events go too, but for those with RSVPs, which stay hidden for
    /// the organizer.
    pub async fn delete_source(&self, id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        lock_source(&mut tx, id).await?;
        let listed: Vec<String> =
            sqlx::query_scalar("SELECT id FROM events WHERE source_id = $1 AND removed_at IS NULL ORDER BY id")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let mut watches = Vec::with_capacity(listed.len());
        for event_id in &listed {
            watches.push(EventWatch::start(&mut tx, event_id, now).await?);
        }
        sqlx::query(
            "DELETE FROM events WHERE source_id = $1 AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = events.id)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE events SET removed_at = COALESCE(removed_at, $1) WHERE source_id = $2")
            .bind(now.to_rfc3339())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM sources WHERE id = $1").bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::SourceNotFound);
        }
        for watch in watches {
            watch.finish(&mut tx, now).await?;
        }
        tx.commit().await?;
        self.changed([Change::Events]);
        Ok(())
    }
}
