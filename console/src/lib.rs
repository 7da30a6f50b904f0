//! Stammtisch's organizer console: a Leptos CSR app served at `/admin` on the board's own
//! server. Community managers create and change events and series, see and cancel RSVPs,
//! export attendee lists and look after partner feeds, in German or English.

mod api;
mod calls;
mod components;
pub mod event_draft;
mod format;
mod i18n;
mod intl;
mod mount;
pub mod nav;
pub mod problems;
pub mod question_draft;
pub mod refocus;
mod series_body;
mod series_definition;
pub mod series_draft;
pub mod session;
mod slug;
pub mod source_draft;
pub mod webhook_draft;
pub mod zone;

pub use api::ClientError;
pub use mount::{mount_console, ConsoleHandle};

/// Panics abort the wasm module in release builds; this leaves their message in the console.
pub fn report_panics_to_console() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("stammtisch-console: {info}").into());
    }));
}
