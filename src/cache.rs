//! The last good feed, kept in `localStorage` per feed URL, so a board can still show its
//! events ("Stand: …") while its server cannot be reached. Nothing else is stored.

use serde::{Deserialize, Serialize};
use stammtisch_model::{parse_feed, ParsedFeed};

use crate::api::{fetch_feed_text, ClientError};

/// A feed as the board shows it: fresh, or from the cache with the time it was saved.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFeed {
    pub parsed: ParsedFeed,
    /// Milliseconds since the epoch when the cached copy was fetched; `None` when fresh.
    pub stale_since: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    saved_at: f64,
    text: String,
}

fn key(url: &str) -> String {
    format!("stammtisch:feed:{url}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Storage can be full, disabled or forbidden; the board works without it.
fn save(url: &str, text: &str) {
    let saved = Saved { saved_at: js_sys::Date::now(), text: text.to_owned() };
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&saved)) {
        let _ = storage.set_item(&key(url), &json);
    }
}

fn load(url: &str) -> Option<LoadedFeed> {
    let json = storage()?.get_item(&key(url)).ok()??;
    let saved: Saved = serde_json::from_str(&json).ok()?;
    let parsed = parse_feed(&saved.text).ok()?;
    Some(LoadedFeed { parsed, stale_since: Some(saved.saved_at) })
}

/// Fetches the feed; when that fails in a way the server may recover from, falls back to
/// the last good copy, if there is one.
pub async fn load_feed(url: &str) -> Result<LoadedFeed, ClientError> {
    let fetched = async {
        let text = fetch_feed_text(url).await?;
        let parsed = parse_feed(&text).map_err(|e| ClientError::UnreadableFeed(e.to_string()))?;
        Ok::<_, ClientError>((text, parsed))
    };
    match fetched.await {
        Ok((text, parsed)) => {
            save(url, &text);
            Ok(LoadedFeed { parsed, stale_since: None })
        }
        Err(error) if error.is_retryable() => load(url).ok_or(error),
        Err(error) => Err(error),
    }
}
