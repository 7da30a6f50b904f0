use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use stammtisch_model::{Board, Event, Feed};

use super::request_lang;
use crate::{AppError, AppState, Store, StoreError};

/// The serialized feed, reused until a write commits or an event's open state changes by time.
#[derive(Clone)]
pub struct CachedFeed {
    generation: u64,
    expires: DateTime<Utc>,
    pub etag: String,
    body: Bytes,
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

/// `GET /api/v1/feed` and `/feed.json`: every event with live RSVP counts.
pub async fn get_feed(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let lang = request_lang(&headers);
    let feed = current_feed(&state.store, &state.feed_cache).await.map_err(|e| AppError::from_store(e, lang))?;
    let etag_header = HeaderValue::from_str(&feed.etag).expect("an etag is hex in quotes");
    let caching = [(header::ETAG, etag_header), (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))];
    if if_none_match(&headers, &feed.etag) {
        return Ok((StatusCode::NOT_MODIFIED, caching).into_response());
    }
    let json = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    Ok((caching, json, feed.body).into_response())
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

/// Weak comparison as RFC 9110 §13.1.2 asks for `If-None-Match`.
pub fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(etag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == "*" || opaque(tag) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        headers
    }

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

    #[test]
    fn if_none_match_compares_weakly_and_in_lists() {
        let etag = "W/\"abc\"";
        assert!(if_none_match(&headers("W/\"abc\""), etag));
        assert!(if_none_match(&headers("\"abc\""), etag));
        assert!(if_none_match(&headers("\"x\", W/\"abc\""), etag));
        assert!(if_none_match(&headers("*"), etag));
        assert!(!if_none_match(&headers("\"abcd\""), etag));
        assert!(!if_none_match(&HeaderMap::new(), etag));
    }
}
