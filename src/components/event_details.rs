//! What a card shows when opened, as HTML: written again when its event changes.

use stammtisch_model::Event;

use crate::components::description::description;
use crate::i18n::Texts;
use crate::markup::html;

/// The content of an opened card's `.st-details`: the description, topics, the full address,
/// and links to the online room, the event page and the organizer.
pub fn details_html(event: &Event, t: &Texts) -> String {
    let mut out = String::new();
    if let Some(text) = &event.description {
        description(&mut out, text);
    }
    if !event.tags.is_empty() {
        out.push_str("<p class=\"st-tags\">");
        label_span(&mut out, "st-visually-hidden", t.tags_label);
        for tag in &event.tags {
            html::element(&mut out, "span", "st-tag", tag);
        }
        out.push_str("</p>");
    }
    let address = event.location.as_ref().filter(|_| !event.is_online_only()).and_then(|l| l.full_address());
    if let Some(address) = address {
        out.push_str("<p class=\"st-address\">");
        label_span(&mut out, "st-label", t.address_label);
        html::text(&mut out, &address);
        out.push_str("</p>");
    }
    let online = event.location.as_ref().and_then(|l| l.online_url.as_deref());
    let organizer = event.organizer.as_ref().and_then(|o| o.url.as_deref());
    out.push_str("<ul class=\"st-links\">");
    for (url, label) in [(online, t.join_online), (event.url.as_deref(), t.event_page), (organizer, t.organizer_site)] {
        if let Some(url) = url {
            out.push_str("<li><a");
            html::attribute(&mut out, "href", url);
            out.push_str(" target=\"_blank\" rel=\"noopener noreferrer\">");
            html::text(&mut out, label);
            out.push_str("</a></li>");
        }
    }
    out.push_str("</ul>");
    out
}

/// `<span class="…">label: </span>`.
fn label_span(out: &mut String, class: &str, label: &str) {
    html::element(out, "span", class, &format!("{label}: "));
}
