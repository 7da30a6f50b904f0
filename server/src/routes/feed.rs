use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use sha2::{Digest, Sha256};
use stammtisch_model::{Board, Event, Feed};

use super::request_lang;
use crate::{AppError, AppState};

/// `GET /api/v1/feed` and `/feed.json`: every event with live RSVP counts.
pub async fn get_feed(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let lang = request_lang(&headers);
    let now = Utc::now();
    let board = state.store.board().await.map_err(|e| AppError::from_store(e, lang))?;
    let events = state.store.events(now).await.map_err(|e| AppError::from_store(e, lang))?;
    let etag = etag(&board, &events);
    let etag_header = HeaderValue::from_str(&etag).expect("an etag is hex in quotes");
    let caching = [(header::ETAG, etag_header), (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))];
    if if_none_match(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, caching).into_response());
    }
    let feed = Feed { version: stammtisch_model::FEED_VERSION, board, generated_at: now, events };
    Ok((caching, Json(feed)).into_response())
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
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
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
