use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Value};
use stammtisch_model::Event;

use crate::listing::Listed;

/// schema.org `Event` for one event, as search engines read it.
fn schema_event(event: &Event) -> Value {
    let online = event.is_online_only();
    let location = match &event.location {
        Some(l) if !online => json!({
            "@type": "Place",
            "name": l.name.clone().or(l.city.clone()).unwrap_or_default(),
            "address": { "@type": "PostalAddress", "streetAddress": l.address, "addressLocality": l.city },
        }),
        l => {
            json!({ "@type": "VirtualLocation", "url": l.as_ref().and_then(|l| l.online_url.clone()).or(event.url.clone()) })
        }
    };
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.starts_at.to_rfc3339(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": if online { "https://schema.org/OnlineEventAttendanceMode" } else { "https://schema.org/OfflineEventAttendanceMode" },
        "location": location,
    });
    let object = value.as_object_mut().expect("an object");
    if let Some(end) = event.ends_at {
        object.insert("endDate".into(), end.to_rfc3339().into());
    }
    if let Some(summary) = &event.summary {
        object.insert("description".into(), summary.clone().into());
    }
    if let Some(url) = &event.url {
        object.insert("url".into(), url.clone().into());
    }
    if let Some(organizer) = &event.organizer {
        object.insert(
            "organizer".into(),
            json!({ "@type": "Organization", "name": organizer.name, "url": organizer.url }),
        );
    }
    if let Some(seats) = event.rsvp.as_ref().and_then(|r| r.seats_left) {
        object.insert("remainingAttendeeCapacity".into(), seats.into());
    }
    value
}

/// With the `jsonld` attribute: the shown events as schema.org JSON-LD in the host page's
/// light DOM, where search engines look. A data block, not a script: no CSP blocks it.
#[component]
pub fn JsonLd(
    /// Every event the board may show.
    listed: Arc<Vec<Listed>>,
    /// Indices of the events shown.
    matched: Memo<Vec<usize>>,
) -> impl IntoView {
    let script = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("script").ok());
    if let (Some(script), Some(head)) = (&script, web_sys::window().and_then(|w| w.document()).and_then(|d| d.head())) {
        let _ = script.set_attribute("type", "application/ld+json");
        let _ = script.set_attribute("data-stammtisch", "");
        let _ = head.append_child(script);
    }
    let script = StoredValue::new_local(script);
    Effect::new(move |_| {
        let events: Vec<Value> = matched.with(|m| m.iter().map(|&i| schema_event(&listed[i].event)).collect());
        script.with_value(|s| {
            if let Some(s) = s {
                s.set_text_content(Some(&Value::Array(events).to_string()));
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
