//! Keeps keyboard and screen-reader users in place when a list is loaded again.

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// How long [`refocus`] waits for the list to be built anew.
const PATIENCE_MS: f64 = 2000.0;
/// How often it looks.
const STEP: Duration = Duration::from_millis(20);

/// Puts the focus back where it was once a change made a list load again and rebuild its rows,
/// which drops the focus to `<body>`.
///
/// `selectors` are tried in order: the first names the control that was used, e.g.
/// `tr[data-event-id="…"] button[data-action="toggle-rsvp"]`, the others what takes the focus
/// when that control is gone with the rebuild (a status cell, a summary, the page's heading).
/// While the element the first selector finds now is still on the page, the old rows are still
/// shown and nothing is done; once it is gone (or if there was none), the first selector that
/// matches gets the focus, made focusable with `tabindex="-1"` if it is not already. Looks every
/// 20 ms for up to two seconds, and leaves the focus alone if someone has moved it meanwhile.
pub fn refocus(selectors: &[&str]) {
    let selectors: Vec<String> = selectors.iter().map(|s| (*s).to_owned()).collect();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let old = selectors.first().and_then(|s| document.query_selector(s).ok().flatten());
    let deadline = js_sys::Date::now() + PATIENCE_MS;
    look(document, selectors, old, deadline);
}

fn look(document: web_sys::Document, selectors: Vec<String>, old: Option<Element>, deadline: f64) {
    let late = js_sys::Date::now() >= deadline;
    // Someone focused something else meanwhile: theirs to keep.
    let moved = document
        .active_element()
        .is_some_and(|a| a.is_connected() && Some(&a) != document.body().as_deref() && Some(&a) != old.as_ref());
    if moved {
        return;
    }
    let rebuilt = old.as_ref().is_none_or(|o| !o.is_connected());
    if rebuilt || late {
        let found = selectors
            .iter()
            .find_map(|s| document.query_selector(s).ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if let Some(element) = found {
            let _ = element.focus();
            if document.active_element().as_deref() != Some(&element) {
                let _ = element.set_attribute("tabindex", "-1");
                let _ = element.focus();
            }
            return;
        }
    }
    if !late {
        set_timeout(move || look(document, selectors, old, deadline), STEP);
    }
}

/// `value` as a quoted CSS string, for attribute selectors such as `[data-event-id=…]`.
pub fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Moves focus to the element with `id`, e.g. the first field with a problem, once the page
/// shows what was just changed: Leptos updates the DOM a tick after a signal changes, and a
/// message that is still hidden cannot take the focus.
pub fn focus(id: &str) {
    let id = id.to_owned();
    leptos::prelude::request_animation_frame(move || {
        let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id));
        if let Some(element) = element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
            let _ = element.focus();
        }
    });
}
