//! The last good feed, kept in `localStorage` per feed URL, so a board can still show its
//! events ("Stand: …") while its server cannot be reached. Nothing else is stored.

use std::sync::Arc;

use stammtisch_model::{Event, ParsedFeed};
use wasm_bindgen::JsCast;

use crate::api::{fetch_feed_js, ClientError};
use crate::json::read_feed;

/// A feed as the board shows it: fresh, or from the cache with the time it was saved. Each
/// event is kept once and shared (the loaded feed, the listing, the cards): a board may list
/// thousands.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFeed {
    pub title: String,
    /// Events the feed had that could not be read.
    pub skipped: usize,
    pub events: Vec<Arc<Event>>,
    /// Milliseconds since the epoch when the cached copy was fetched; `None` when fresh.
    pub stale_since: Option<f64>,
}

impl LoadedFeed {
    pub fn new(parsed: ParsedFeed, stale_since: Option<f64>) -> Self {
        LoadedFeed {
            title: parsed.feed.board.title,
            skipped: parsed.skipped,
            events: parsed.feed.events.into_iter().map(Arc::new).collect(),
            stale_since,
        }
    }
}

fn key(url: &str) -> String {
    format!("stammtisch:feed:{url}")
}

fn saved_at_key(url: &str) -> String {
    format!("stammtisch:feed-saved-at:{url}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Storage can be full, disabled or forbidden; the board works without it. Saved after the
/// events are on screen: copying a large feed into storage is not worth a later first paint.
fn save_later(url: &str, text: js_sys::JsString) {
    let url = url.to_owned();
    leptos::prelude::set_timeout(
        move || {
            if let Some(storage) = storage() {
                // Whole milliseconds: integer formatting keeps float printing out of the wasm.
                let saved_at = (js_sys::Date::now() as i64).to_string();
                // The text goes from the browser's copy to storage, never through the wasm.
                let set_item = js_sys::Reflect::get(&storage, &"setItem".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
                let saved = set_item.is_some_and(|set| set.call2(&storage, &key(&url).into(), &text).is_ok());
                if saved {
                    let _ = storage.set_item(&saved_at_key(&url), &saved_at);
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

fn load(url: &str) -> Option<LoadedFeed> {
    let storage = storage()?;
    // Read through the browser's copy: a large feed's text never enters the wasm.
    let get_item = js_sys::Reflect::get(&storage, &"getItem".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let text: js_sys::JsString = get_item.call1(&storage, &key(url).into()).ok()?.dyn_into().ok()?;
    let saved_at: i64 = storage.get_item(&saved_at_key(url)).ok()??.parse().ok()?;
    let parsed = read_feed(&text).ok()?;
    Some(LoadedFeed::new(parsed, Some(saved_at as f64)))
}

/// Fetches the feed; when that fails in a way the server may recover from, falls back to
/// the last good copy, if there is one.
pub async fn load_feed(url: &str) -> Result<LoadedFeed, ClientError> {
    let fetched = async {
        let text = fetch_feed_js(url).await?;
        let parsed = read_feed(&text).map_err(|e| ClientError::UnreadableFeed(e.to_string()))?;
        Ok::<_, ClientError>((text, parsed))
    };
    match fetched.await {
        Ok((text, parsed)) => {
            save_later(url, text);
            Ok(LoadedFeed::new(parsed, None))
        }
        Err(error) if error.is_retryable() => load(url).ok_or(error),
        Err(error) => Err(error),
    }
}
