use leptos::prelude::*;
use serde_json::Value;
use stammtisch_model::schema_event;

use crate::board_events::BoardEvents;

/// With the `jsonld` attribute: the shown events as schema.org JSON-LD in the host page's
/// light DOM, where search engines look. A data block, not a script: no CSP blocks it.
#[component]
pub fn JsonLd(
    /// Indices of the events shown.
    matched: Memo<Vec<usize>>,
) -> impl IntoView {
    let listing = expect_context::<BoardEvents>().listing;
    let script = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("script").ok());
    if let (Some(script), Some(head)) = (&script, web_sys::window().and_then(|w| w.document()).and_then(|d| d.head())) {
        let _ = script.set_attribute("type", "application/ld+json");
        let _ = script.set_attribute("data-stammtisch", "");
        let _ = head.append_child(script);
    }
    let script = StoredValue::new_local(script);
    Effect::new(move |_| {
        let events: Vec<Value> =
            listing.with(|l| matched.with(|m| m.iter().map(|&i| schema_event(&l[i].event, None)).collect()));
        script.with_value(|s| {
            if let Some(s) = s {
                s.set_text_content(crate::json::to_text(&Value::Array(events)).as_deref());
            }
        });
    });
    on_cleanup(move || {
        script.with_value(|s| {
            if let Some(s) = s {
                s.remove()
            }
        })
    });
}
