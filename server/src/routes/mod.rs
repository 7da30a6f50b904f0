pub mod admin;
pub mod board;
pub mod calendar;
pub mod cancel;
pub mod console;
pub mod embed;
pub mod event_pages;
pub mod feed;
pub mod json;
pub mod page_form;
pub mod pages;
pub mod reach;
pub mod rsvp;
pub mod series;
pub mod sources;
pub mod stream;
pub mod webhooks;
pub mod widget;

use axum::http::{header, HeaderMap};
use stammtisch_model::Lang;

/// The language of the answer's human text: the caller's `Accept-Language`, else English.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(Lang::En)
}
