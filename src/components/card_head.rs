//! A card's head (kind, title, time, place, series, summary, organizer, calendar and share
//! links) as HTML: the same for an open card, a card that was never opened, and the server's
//! first view. It only changes when its event does, so it is one piece of HTML, not sixty elements.

use stammtisch_model::{encode_component, ics, share_links, Event};

use crate::config::BoardConfig;
use crate::format::{event_time, now, viewer_time};
use crate::i18n::texts;
use crate::markup::html::{attribute, element, text};

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

/// The event's calendar file: from the server, or written by the board for a static feed,
/// which has no server to ask.
fn ics_href(event: &Event, config: &BoardConfig) -> String {
    match &config.api_base {
        Some(api) => format!("{api}/api/v1/events/{}.ics", event.id),
        None => {
            let host = web_sys::window().and_then(|w| w.location().host().ok()).unwrap_or_default();
            let text = ics::calendar(std::slice::from_ref(event), None, &host, now());
            format!("data:text/calendar;charset=utf-8,{}", encode_component(&text))
        }
    }
}

/// The head of `event`'s card; `series_next` names the series' next dates.
pub fn card_head(event: &Event, config: &BoardConfig, series_next: Option<String>) -> String {
    let lang = config.lang;
    let t = texts(lang);
    let mut out = String::with_capacity(1024);
    element(&mut out, "p", &format!("st-badge st-kind-{}", event.kind.as_str()), t.kind(event.kind));
    out.push_str("<h3 class=\"st-title\"");
    attribute(&mut out, "id", &format!("st-{}-title", event.id));
    out.push('>');
    text(&mut out, &event.title);
    out.push_str("</h3><p class=\"st-when\"><time");
    attribute(&mut out, "datetime", &event.starts_at.to_rfc3339());
    out.push('>');
    text(&mut out, &event_time(event, lang));
    out.push_str("</time></p>");
    if let Some(time) = viewer_time(event, lang, config.viewer_zone.as_deref()) {
        element(&mut out, "p", "st-viewer-time", &(t.your_time)(&time));
    }
    element(&mut out, "p", "st-where", &event.place_line().unwrap_or_else(|| t.online.to_owned()));
    if let Some(dates) = series_next {
        element(&mut out, "p", "st-series", &format!("{}: {dates}", t.series_next));
    }
    if let Some(summary) = &event.summary {
        element(&mut out, "p", "st-summary", summary);
    }
    if let Some(organizer) = event.organizer.as_ref().filter(|o| !o.name.trim().is_empty()) {
        element(&mut out, "p", "st-organizer", &format!("{}: {}", t.organizer, organizer.name));
    }

    out.push_str("<p class=\"st-calendar\" role=\"group\"");
    attribute(&mut out, "aria-label", &(t.calendar_label)(&event.title));
    out.push_str("><a");
    attribute(&mut out, "href", &ics_href(event, config));
    attribute(&mut out, "download", &format!("{}.ics", event.id));
    out.push('>');
    text(&mut out, t.calendar_ics);
    out.push_str("</a> · <a");
    attribute(&mut out, "href", &google_calendar_url(event));
    out.push_str(" target=\"_blank\" rel=\"noopener noreferrer\">");
    text(&mut out, t.calendar_google);
    out.push_str("</a></p>");

    // Plain links to share the event's page on the board's server: nothing is loaded from
    // those sites until the visitor clicks one.
    if let Some(api) = &config.api_base {
        let page = format!("{api}/events/{}", event.id);
        out.push_str("<p class=\"st-share\" role=\"group\"");
        attribute(&mut out, "aria-label", &(t.share_label)(&event.title));
        out.push('>');
        text(&mut out, t.share);
        out.push_str(": ");
        for (index, (name, url)) in share_links(&page, &event.title).into_iter().enumerate() {
            if index > 0 {
                out.push_str(" · ");
            }
            out.push_str("<a");
            attribute(&mut out, "href", &url);
            out.push_str(" target=\"_blank\" rel=\"noopener noreferrer\">");
            text(&mut out, if name == "mail" { t.share_mail } else { name });
            out.push_str("</a>");
        }
        out.push_str("</p>");
    }
    out
}
