//! The board rendered on the server: the same components as in the browser, written out as
//! HTML for `embed.js` to paint before the wasm arrives, and for pages without scripts.

use leptos::prelude::*;
use stammtisch_model::{Feed, ParsedFeed};

use crate::cache::LoadedFeed;
use crate::components::board::BoardFrame;
use crate::components::board_body::BoardBody;
use crate::components::description::description;
use crate::config::BoardConfig;

/// The board's first view for `config`, as the wasm renders it once `feed` has loaded.
pub fn board_html(feed: &Feed, mut config: BoardConfig) -> String {
    // JSON-LD goes into the host page's head, which only the wasm can reach.
    config.jsonld = false;
    let owner = Owner::new();
    let html = owner.with(|| {
        let lang = config.lang;
        provide_context(config);
        let loaded = LoadedFeed::new(ParsedFeed { feed: feed.clone(), skipped: 0 }, None);
        view! { <BoardFrame lang><BoardBody loaded/></BoardFrame> }.to_html()
    });
    owner.unset();
    html
}

/// An event's description as the board's details show it: paragraphs, with web addresses linked.
pub fn description_html(text: &str) -> String {
    let mut html = String::new();
    description(&mut html, text);
    html
}
