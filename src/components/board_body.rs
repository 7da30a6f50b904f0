use leptos::prelude::*;
use stammtisch_model::{ParsedFeed, ReachAction, RsvpState};

use crate::board_events::BoardEvents;
use crate::cache::LoadedFeed;
use crate::card_book::CardBook;
use crate::components::event_list::EventList;
use crate::components::filter_bar::FilterBar;
use crate::components::json_ld::JsonLd;
use crate::components::month_view::MonthView;
use crate::components::seat_state::seat_label;
use crate::config::{BoardConfig, View};
use crate::format::short_time;
use crate::i18n::texts;
use crate::listing::{Filters, SeriesDays};
use crate::live::{follow, LiveBoard};
use crate::ready::tell_ready;

/// Everything below the loading state: title, view switch, filters, and the events as a list
/// or a month grid. Built once per board: a changed feed updates it in place.
#[component]
pub fn BoardBody(
    /// The feed as loaded, fresh or from the cache.
    loaded: LoadedFeed,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let lang = config.lang;
    let t = texts(lang);
    tell_ready();
    let title = RwSignal::new(loaded.title);
    let skipped = RwSignal::new(loaded.skipped);
    let stale_since = RwSignal::new(loaded.stale_since);
    let book = expect_context::<CardBook>();
    let events = BoardEvents::new(loaded.events, config.clone());
    provide_context(events);
    let listing = events.listing;
    // Only a board in a browser follows live updates; the server writes a first view.
    let in_browser = cfg!(target_arch = "wasm32");
    crate::reach::report(config.reach_api(), ReachAction::BoardShown, None);
    if let (true, Some(api), Ok(feed_url)) = (in_browser, config.api_base.clone(), config.feed_url.clone()) {
        follow(LiveBoard {
            stream_url: format!("{api}/api/v1/feed/stream"),
            feed_url,
            book,
            label: Callback::new(move |state: RsvpState| seat_label(&state, t).1),
            texts: t,
            update: Callback::new(move |parsed: ParsedFeed| {
                let fresh = LoadedFeed::new(parsed, None);
                title.set(fresh.title);
                skipped.set(fresh.skipped);
                stale_since.set(None);
                events.replace(fresh.events, |id| book.is_open(id));
            }),
        });
    }
    let series_days = Memo::new(move |_| listing.with(|l| SeriesDays::of(l)));
    provide_context(series_days);
    // The first run only subscribes: the cards were just built from the listing.
    let follow_config = config.clone();
    Effect::new(move |ran: Option<()>| {
        listing.with(|l| {
            if ran.is_some() {
                series_days.with_untracked(|days| book.follow_listing(l, Some(days), &follow_config, t));
            }
        })
    });
    let filters = RwSignal::new(Filters::default());
    let matched = Memo::new(move |_| listing.with(|l| filters.with(|f| f.matching(l))));
    let view = RwSignal::new(config.view);
    let view_button = move |which: View, label: &'static str| {
        view! {
            <button type="button" class="st-toggle" aria-pressed=move || (view.get() == which).to_string()
                on:click=move |_| if view.get_untracked() != which { view.set(which) }>{label}</button>
        }
    };
    // Nothing upcoming at all (also: no events) shows one sentence instead of empty filters.
    let nothing_upcoming = move || listing.with(|l| l.iter().all(|l| l.past && !l.gone));
    let body = move || match view.get() {
        View::List => view! { <EventList matched/> }.into_any(),
        View::Month => view! { <MonthView matched/> }.into_any(),
    };

    view! {
        {move || title.with(|title| (!title.is_empty()).then(|| view! { <h2 class="st-board-title">{title.clone()}</h2> }))}
        {move || stale_since.get().map(|saved| view! {
            <p class="st-stale" role="status">{(t.stale)(&short_time(saved, lang))}</p>
        })}
        <Show when=move || !nothing_upcoming() fallback=move || view! { <p class="st-state st-empty">{t.empty}</p> }>
            <div class="st-toolbar">
                <div class="st-views" role="group" aria-label=t.views_label>
                    {view_button(View::List, t.view_list)}
                    {view_button(View::Month, t.view_month)}
                </div>
                <FilterBar filters/>
            </div>
            <p class="st-found" role="status" aria-live="polite">{move || (t.found)(matched.with(Vec::len))}</p>
            <Show when=move || matched.with(Vec::is_empty)>
                <div class="st-state st-no-match">
                    <p>{t.no_match}</p>
                    <button type="button" class="st-button" on:click=move |_| filters.set(Filters::default())>
                        {t.reset_filters}
                    </button>
                </div>
            </Show>
            {body}
        </Show>
        {move || (skipped.get() > 0).then(|| view! { <p class="st-note">{(t.skipped)(skipped.get())}</p> })}
        {config.api_base.clone().map(|api| view! {
            <p class="st-subscribe"><a href=format!("{api}/api/v1/feed.ics")>{t.subscribe}</a></p>
        })}
        {config.jsonld.then(|| view! { <JsonLd matched/> })}
    }
}
