//! `GET /api/v1/board?…`: the board's first view as HTML, rendered by the board's own
//! components, for `embed.js` to paint before the wasm has arrived.
//!
//! The query carries the element's attributes as they are (`locale`, `kinds`, `tags`,
//! `limit`, `view`, `theme`, `jsonld`), the page's language (`page_lang`) and the viewer's
//! zone (`zone`): the same inputs the wasm reads, read by the same code.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use stammtisch_board::BoardConfig;
use stammtisch_model::{Feed, Lang};

use super::feed::if_none_match;
use super::request_lang;
use crate::feed_cache::{current_feed, CachedFeed};
use crate::{AppError, AppState};

/// The names a board reads; anything else in a query is not part of the view and is dropped.
pub const BOARD_OPTIONS: [&str; 10] =
    ["locale", "kinds", "tags", "limit", "view", "theme", "jsonld", "reach", "page_lang", "zone"];

/// Renders beyond this many distinct option sets per feed are not kept: the zone and the
/// filters are free text, and a cache must not grow with what strangers send.
const MAX_RENDERED: usize = 512;

/// The known options of a query string, in a fixed order; values of at most 300 characters.
pub fn board_options(query: Option<&str>) -> BTreeMap<&'static str, String> {
    let mut options = BTreeMap::new();
    // A pair that cannot be decoded is read as it stands: `form_urlencoded` never fails.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    for (name, value) in pairs {
        if let Some(known) = BOARD_OPTIONS.iter().find(|known| **known == name) {
            if value.chars().count() <= 300 {
                options.insert(*known, value);
            }
        }
    }
    options
}

/// The board's settings for these options, as `BoardConfig::from_element` reads an element.
pub fn board_config(options: &BTreeMap<&'static str, String>, public_url: &str) -> BoardConfig {
    let page_lang = options.get("page_lang").and_then(|l| Lang::from_tag(l)).unwrap_or_default();
    let zone = options.get("zone").filter(|zone| zone.parse::<chrono_tz::Tz>().is_ok()).cloned();
    BoardConfig::from_attributes(
        |name| match name {
            // The server renders its own board: links go to its public address.
            "api" => Some(public_url.to_owned()),
            "feed" => None,
            name => options.get(name).cloned(),
        },
        |url| Ok(url.to_owned()),
        || page_lang,
        zone,
    )
}

/// The rendered board for `options`, from the feed's cache or rendered now.
pub async fn rendered_board(
    cached: &CachedFeed,
    options: &BTreeMap<&'static str, String>,
    public_url: &str,
) -> Result<Arc<str>, tokio::task::JoinError> {
    let key = serde_urlencoded::to_string(options).unwrap_or_default();
    if let Some(html) = cached.rendered.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(html.clone());
    }
    let config = board_config(options, public_url);
    let feed: Arc<Feed> = cached.feed.clone();
    // Rendering a large board takes a while of CPU: not on the threads that serve requests.
    let html: Arc<str> =
        tokio::task::spawn_blocking(move || stammtisch_board::server::board_html(&feed, config)).await?.into();
    let mut rendered = cached.rendered.lock().unwrap_or_else(|p| p.into_inner());
    if rendered.len() < MAX_RENDERED {
        rendered.insert(key, html.clone());
    }
    Ok(html)
}

/// `GET /api/v1/board`: an HTML fragment, cached with the feed and validated by its own
/// `ETag` (the feed's and the options').
#[utoipa::path(get, path = "/api/v1/board", tag = "feed",
    params(
        ("locale" = Option<String>, Query, description = "`de` or `en`, as the element's attribute"),
        ("kinds" = Option<String>, Query, description = "Comma-separated kinds"),
        ("tags" = Option<String>, Query, description = "Comma-separated tags"),
        ("limit" = Option<String>, Query, description = "At most this many events"),
        ("view" = Option<String>, Query, description = "`list` or `month`"),
        ("theme" = Option<String>, Query, description = "`light`, `dark` or `auto`"),
        ("jsonld" = Option<String>, Query, description = "`off` leaves out the schema.org data"),
        ("page_lang" = Option<String>, Query, description = "The host page's language"),
        ("zone" = Option<String>, Query, description = "The viewer's IANA zone"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of a fragment the reader holds"),
    ),
    responses(
        (status = 200, description = "The board's first view as an HTML fragment, for `embed.js` to paint",
            content_type = "text/html", body = String),
        (status = 304, description = "The reader's copy is current"),
    ))]
pub async fn board_fragment(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let lang = request_lang(&headers);
    let cached = current_feed(&state.store, &state.feed_cache).await.map_err(|e| AppError::from_store(e, lang))?;
    let options = board_options(query.as_deref());
    let digest =
        Sha256::digest(format!("{}|{}", cached.etag, serde_urlencoded::to_string(&options).unwrap_or_default()));
    let etag = format!("W/\"{}\"", digest[..16].iter().map(|b| format!("{b:02x}")).collect::<String>());
    let caching = [
        (header::ETAG, HeaderValue::from_str(&etag).expect("hex in quotes")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        // Like the widget's files: a host page may measure what the board costs it.
        (header::HeaderName::from_static("timing-allow-origin"), HeaderValue::from_static("*")),
    ];
    if if_none_match(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, caching).into_response());
    }
    let html =
        rendered_board(&cached, &options, &state.public_url).await.map_err(|error| AppError::internal(&error, lang))?;
    let html_type = [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))];
    Ok((caching, html_type, html.to_string()).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_board_options_are_kept() {
        let options =
            board_options(Some("locale=en&zone=Europe%2FBerlin&evil=%3Cscript%3E&kinds=meetup,webinar&locale=de"));
        assert_eq!(options.get("locale").map(String::as_str), Some("de"));
        assert_eq!(options.get("zone").map(String::as_str), Some("Europe/Berlin"));
        assert!(!options.contains_key("evil" as &str));
        assert!(board_options(Some("%%%&&==")).is_empty());
    }

    #[test]
    fn the_config_is_the_elements() {
        let options = board_options(Some("kinds=meetup&limit=3&page_lang=en-GB&zone=Mars%2FOlympus"));
        let config = board_config(&options, "https://board.example");
        assert_eq!(config.lang, Lang::En);
        assert_eq!(config.limit, Some(3));
        assert_eq!(config.api_base.as_deref(), Some("https://board.example"));
        assert_eq!(config.viewer_zone, None, "an unknown zone is left out");
    }
}
