use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::Event;

use crate::components::description::Description;
use crate::config::BoardConfig;
use crate::i18n::texts;

/// What a card shows when opened: the description, topics, the full address, and links to
/// the organizer, the event page and the online room.
#[component]
pub fn EventDetails(
    /// The event as read from the feed.
    event: Arc<Event>,
) -> impl IntoView {
    let t = texts(expect_context::<BoardConfig>().lang);
    let address = event.location.as_ref().filter(|_| !event.is_online_only()).and_then(|l| l.full_address());
    let online = event.location.as_ref().and_then(|l| l.online_url.clone());
    let organizer = event.organizer.clone().and_then(|o| o.url);
    let links = [(online, t.join_online), (event.url.clone(), t.event_page), (organizer, t.organizer_site)]
        .into_iter()
        .filter_map(|(url, label)| url.map(|url| (url, label)))
        .map(|(url, label)| view! { <li><a href=url target="_blank" rel="noopener noreferrer">{label}</a></li> })
        .collect_view();
    view! {
        <div class="st-details">
            {event.description.clone().map(|text| view! { <Description text/> })}
            {(!event.tags.is_empty()).then(|| view! {
                <p class="st-tags"><span class="st-visually-hidden">{t.tags_label} ": "</span>
                    {event.tags.iter().map(|tag| view! { <span class="st-tag">{tag.clone()}</span> }).collect_view()}
                </p>
            })}
            {address.map(|a| view! { <p class="st-address"><span class="st-label">{t.address_label} ": "</span>{a}</p> })}
            <ul class="st-links">{links}</ul>
        </div>
    }
}
