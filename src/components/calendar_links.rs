use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::{encode_component, ics, Event};

use crate::config::BoardConfig;
use crate::format::now;
use crate::i18n::texts;

/// A Google Calendar link prefilled with the event; opening it is the visitor's choice.
pub fn google_calendar_url(event: &Event) -> String {
    let encode = encode_component;
    let end = event.ends_at.unwrap_or(event.starts_at + chrono::Duration::hours(1));
    let place = event.location.as_ref().and_then(|l| l.full_address());
    let details =
        [event.summary.as_deref(), event.url.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("\n\n");
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}&ctz={}",
        encode(&event.title),
        ics::utc_stamp(event.starts_at),
        ics::utc_stamp(end),
        encode(&details),
        encode(place.as_deref().unwrap_or("")),
        encode(&event.time_zone),
    )
}

/// Links to put one event into the visitor's calendar.
#[component]
pub fn CalendarLinks(
    /// The event to add.
    event: Arc<Event>,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let t = texts(config.lang);
    // A static feed has no server to ask: the board writes the calendar file itself.
    let ics = match &config.api_base {
        Some(api) => format!("{api}/api/v1/events/{}.ics", event.id),
        None => {
            let host = web_sys::window().and_then(|w| w.location().host().ok()).unwrap_or_default();
            let text = ics::calendar(std::slice::from_ref(&*event), None, &host, now());
            format!("data:text/calendar;charset=utf-8,{}", encode_component(&text))
        }
    };
    let label = (t.calendar_label)(&event.title);
    view! {
        <p class="st-calendar" role="group" aria-label=label>
            <a href=ics download=format!("{}.ics", event.id)>{t.calendar_ics}</a>
            " · "
            <a href=google_calendar_url(&event) target="_blank" rel="noopener noreferrer">{t.calendar_google}</a>
        </p>
    }
}
