use leptos::prelude::*;
use stammtisch_model::RsvpState;

use crate::cache::LoadedFeed;
use crate::components::board::{tell_ready, FeedReload};
use crate::components::event_list::EventList;
use crate::components::filter_bar::FilterBar;
use crate::components::json_ld::JsonLd;
use crate::components::month_view::MonthView;
use crate::components::seat_state::seat_label;
use crate::config::{BoardConfig, View};
use crate::format::{now, short_time};
use crate::i18n::texts;
use crate::listing::{prepare, Filters, SeriesDays};
use crate::live::{follow, LiveBoard, SeatBook};

/// Everything below the loading state: title, view switch, filters, and the events as a list
/// or a month grid.
#[component]
pub fn BoardBody(
    /// The feed as loaded, fresh or from the cache.
    loaded: LoadedFeed,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let lang = config.lang;
    let t = texts(lang);
    tell_ready();
    let title = loaded.parsed.feed.board.title.clone();
    let skipped = loaded.parsed.skipped;
    let book = SeatBook::new();
    provide_context(book);
    if let (Some(api), Ok(feed_url), Some(FeedReload(reload))) =
        (config.api_base.clone(), config.feed_url.clone(), use_context::<FeedReload>())
    {
        follow(LiveBoard {
            stream_url: format!("{api}/api/v1/feed/stream"),
            feed_url,
            book,
            shown: loaded.parsed.feed.events.clone(),
            label: Callback::new(move |state: RsvpState| seat_label(&state, t).1),
            reload,
        });
    }
    let listed = prepare(loaded.parsed.feed.events, &config, now());
    provide_context(SeriesDays::of(&listed));
    let filters = RwSignal::new(Filters::default());
    let matched = {
        let listed = listed.clone();
        Memo::new(move |_| filters.with(|f| f.matching(&listed)))
    };
    let view = RwSignal::new(config.view);
    let view_button = move |which: View, label: &'static str| {
        view! {
            <button type="button" class="st-toggle" aria-pressed=move || (view.get() == which).to_string()
                on:click=move |_| view.set(which)>{label}</button>
        }
    };
    let nothing_at_all = listed.iter().all(|l| l.past);
    let body = {
        let listed = listed.clone();
        move || match view.get() {
            View::List => view! { <EventList listed=listed.clone() matched/> }.into_any(),
            View::Month => view! { <MonthView listed=listed.clone() matched/> }.into_any(),
        }
    };

    view! {
        {(!title.is_empty()).then(|| view! { <h2 class="st-board-title">{title}</h2> })}
        {loaded.stale_since.map(|saved| view! {
            <p class="st-stale" role="status">{(t.stale)(&short_time(saved, lang))}</p>
        })}
        {if nothing_at_all && !listed.is_empty() || listed.is_empty() {
            view! { <p class="st-state st-empty">{t.empty}</p> }.into_any()
        } else {
            view! {
                <div class="st-toolbar">
                    <div class="st-views" role="group" aria-label=t.views_label>
                        {view_button(View::List, t.view_list)}
                        {view_button(View::Month, t.view_month)}
                    </div>
                    <FilterBar listed=listed.clone() filters/>
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
                {body.clone()}
            }
            .into_any()
        }}
        {(skipped > 0).then(|| view! { <p class="st-note">{(t.skipped)(skipped)}</p> })}
        {config.api_base.clone().map(|api| view! {
            <p class="st-subscribe"><a href=format!("{api}/api/v1/feed.ics")>{t.subscribe}</a></p>
        })}
        {config.jsonld.then(|| view! { <JsonLd listed=listed.clone() matched/> })}
    }
}
