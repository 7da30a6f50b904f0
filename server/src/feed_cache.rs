//! The feed as served: read from the store once per data version, serialized once, and
//! shared by the feed route, the live stream, the server-rendered board and the pages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use stammtisch_model::{Board, Event, Feed};

use crate::{Store, StoreError};

/// The serialized feed, reused until a write commits or an event's open state changes by time.
#[derive(Clone)]
pub struct CachedFeed {
    generation: u64,
    expires: DateTime<Utc>,
    pub etag: String,
    pub body: Bytes,
    /// The feed itself, for the server-rendered board and the pages without scripts.
    pub feed: Arc<Feed>,
    /// Boards rendered from this feed, by their options; they go when the feed does.
    pub rendered: Arc<Mutex<HashMap<String, Arc<str>>>>,
}

/// One serialized feed per server; a read under load costs a lock and a clone of `Bytes`.
#[derive(Clone, Default)]
pub struct FeedCache(Arc<Mutex<Option<CachedFeed>>>);

impl FeedCache {
    fn get(&self, generation: u64, now: DateTime<Utc>) -> Option<CachedFeed> {
        let cached = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cached.as_ref().filter(|c| c.generation == generation && now < c.expires).cloned()
    }

    fn put(&self, feed: CachedFeed) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(feed);
    }
}

/// The next moment at which an event's RSVP opens or closes by time alone; at most a minute.
fn next_change(events: &[Event], now: DateTime<Utc>) -> DateTime<Utc> {
    events
        .iter()
        .flat_map(|e| [Some(e.starts_at), e.rsvp.as_ref().and_then(|r| r.closes_at)])
        .flatten()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| *t > now)
        .fold(now + Duration::seconds(60), |soonest, t| soonest.min(t))
}

/// The feed as served now: from the cache, or read and cached.
pub async fn current_feed(store: &Store, cache: &FeedCache) -> Result<CachedFeed, StoreError> {
    let now = Utc::now();
    // Read before the data: a write during the reads leaves an older generation in the cache.
    let generation = store.data_version().await?;
    if let Some(cached) = cache.get(generation, now) {
        return Ok(cached);
    }
    let board = store.board().await?;
    let events = store.events(now).await?;
    let etag = etag(&board, &events);
    let expires = next_change(&events, now);
    let feed = Feed { version: stammtisch_model::FEED_VERSION, board, generated_at: now, events };
    // Plain structs with string keys: serializing them cannot fail.
    let body = Bytes::from(serde_json::to_vec(&feed).expect("a feed serializes"));
    let cached = CachedFeed { generation, expires, etag, body, feed: Arc::new(feed), rendered: Arc::default() };
    cache.put(cached.clone());
    Ok(cached)
}

/// Weak, because `generated_at` and compression change the bytes but not the meaning. It is
/// derived from the data itself (counts and open states included), so it changes exactly when
/// a board would show something different.
fn etag(board: &Board, events: &[Event]) -> String {
    let content = serde_json::to_vec(&(board, events)).expect("feed types always serialize");
    let digest = Sha256::digest(&content);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_feed_expires_when_an_rsvp_closes_by_time() {
        let now = Utc::now();
        let soon = (now + Duration::seconds(10)).fixed_offset();
        let feed = format!(
            r#"{{"events": [{{"id": "a", "title": "A", "starts_at": "{}", "rsvp": {{"open": true, "closes_at": "{}"}}}}]}}"#,
            (now + Duration::days(1)).to_rfc3339(),
            soon.to_rfc3339()
        );
        let events = stammtisch_model::parse_feed(&feed).unwrap().feed.events;
        assert_eq!(next_change(&events, now), soon.with_timezone(&Utc));
        assert_eq!(next_change(&[], now), now + Duration::seconds(60));
    }
}
