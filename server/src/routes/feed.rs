//! `GET /api/v1/feed`: the feed from the cache, validated by its `ETag`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use stammtisch_model::Feed;

use super::request_lang;
use crate::feed_cache::current_feed;
use crate::{AppError, AppState};

/// `GET /api/v1/feed` and `/feed.json`: every event with live RSVP counts.
#[utoipa::path(get, path = "/api/v1/feed", tag = "feed",
    params(("If-None-Match" = Option<String>, Header, description = "The `ETag` of a feed the reader holds")),
    responses(
        (status = 200, description = "Every listed event with live RSVP counts (also at `/feed.json`)", body = Feed,
            headers(("ETag" = String, description = "Weak; changes exactly when a board would show something else"))),
        (status = 304, description = "The reader's copy is current"),
    ))]
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
