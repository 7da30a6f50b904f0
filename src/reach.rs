//! Reach without cookies (docs/API.md §3.8): the board tells its own server that it was shown,
//! that a card was opened and that a form was begun, each once per page view. A beacon carries
//! the action and the event's id, nothing else: no cookie, no stored id, nothing read from the
//! visitor's device.

use stammtisch_model::{ReachAction, ReachBeacon};

/// Sends one beacon to `api`, the board's server (`None` for a board with only a `feed`, or
/// with `reach="off"`). Fire and forget: a beacon that is lost costs a count, never the visitor anything.
pub fn report(api: Option<&str>, action: ReachAction, event: Option<&str>) {
    // The server renders the same components into its first view, where there is no browser.
    let (true, Some(api)) = (cfg!(target_arch = "wasm32"), api) else { return };
    let beacon = ReachBeacon { action, event: event.map(str::to_owned) };
    let (Some(body), Some(window)) = (crate::json::to_text(&beacon), web_sys::window()) else { return };
    // `sendBeacon` sends plain text without a preflight and survives the page being left.
    let _ = window.navigator().send_beacon_with_opt_str(&format!("{api}/api/v1/reach"), Some(&body));
}
