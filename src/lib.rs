//! Stammtisch's embeddable event board: a Leptos CSR app that `embed.js` mounts into the
//! shadow root of every `<stammtisch-board>` element.

#![recursion_limit = "256"]

mod api;
mod board_events;
mod cache;
mod card_book;
mod card_list;
mod components;
mod config;
mod format;
mod i18n;
mod json;
mod listing;
mod live;
mod markup;
mod mount;
mod reach;
mod ready;
#[cfg(not(target_arch = "wasm32"))]
mod render;

pub use api::ClientError;
pub use config::BoardConfig;
pub use config::ConfigProblem;
pub use mount::{mount_board, BoardHandle};
/// What the server's pages share with the board: its renderings, texts and time formats.
#[cfg(not(target_arch = "wasm32"))]
pub mod server {
    pub use crate::components::card_head::google_calendar_url;
    pub use crate::components::seat_state::seat_label;
    pub use crate::format::event_time;
    pub use crate::i18n::{texts, Texts};
    pub use crate::markup::html::text as escape_html_into;
    pub use crate::render::{board_html, description_html};
}

/// Panics abort the wasm module in release builds; this leaves their message in the console.
pub fn report_panics_to_console() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("stammtisch-board: {info}").into());
    }));
}
