//! Stammtisch's embeddable event board: a Leptos CSR app that `embed.js` mounts into the
//! shadow root of every `<stammtisch-board>` element.

mod api;
mod cache;
mod components;
mod config;
mod format;
mod i18n;
mod listing;
mod live;
mod mount;

pub use api::ClientError;
pub use config::BoardConfig;
pub use mount::{mount_board, BoardHandle};

/// Panics abort the wasm module in release builds; this leaves their message in the console.
pub fn report_panics_to_console() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("stammtisch-board: {info}").into());
    }));
}
