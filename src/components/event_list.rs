use leptos::prelude::*;
use stammtisch_model::ParsedFeed;

use crate::components::event_card::EventCard;
use crate::config::BoardConfig;
use crate::format::{now, short_time};
use crate::i18n::texts;

/// The upcoming events in start order, or a friendly note when there are none.
#[component]
pub fn EventList(
    /// The feed as read, with the count of events that could not be read.
    parsed: ParsedFeed,
    /// When the feed comes from the cache: the time it was fetched, in ms since the epoch.
    stale_since: Option<f64>,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let t = texts(config.lang);
    let now = now();
    let upcoming: Vec<_> = parsed.feed.events.into_iter().filter(|e| !e.is_past(now) && config.shows(e)).collect();
    let limit = config.limit.unwrap_or(usize::MAX);
    let hidden = upcoming.len().saturating_sub(limit);
    let show_all = RwSignal::new(false);
    let title = parsed.feed.board.title;
    let skipped = parsed.skipped;
    let list = if upcoming.is_empty() {
        view! { <p class="st-state st-empty">{t.empty}</p> }.into_any()
    } else {
        view! {
            <ul class="st-list" aria-label=t.events_label>
                {upcoming
                    .into_iter()
                    .enumerate()
                    .map(|(n, event)| {
                        let beyond_limit = n >= limit;
                        view! { <li hidden=move || beyond_limit && !show_all.get()><EventCard event/></li> }
                    })
                    .collect_view()}
            </ul>
            {(hidden > 0).then(|| view! {
                <button type="button" class="st-button st-more" hidden=move || show_all.get()
                    on:click=move |_| show_all.set(true)>
                    {(t.show_more)(hidden)}
                </button>
            })}
        }
        .into_any()
    };
    view! {
        {(!title.is_empty()).then(|| view! { <h2 class="st-board-title">{title}</h2> })}
        {stale_since.map(|saved| view! {
            <p class="st-stale" role="status">{(t.stale)(&short_time(saved, config.lang))}</p>
        })}
        {list}
        {(skipped > 0).then(|| view! { <p class="st-note">{(t.skipped)(skipped)}</p> })}
        {config.api_base.clone().map(|api| view! {
            <p class="st-subscribe"><a href=format!("{api}/api/v1/feed.ics")>{t.subscribe}</a></p>
        })}
    }
}
