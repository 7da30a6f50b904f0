use leptos::prelude::*;

use crate::api::ClientError;
use crate::cache::{load_feed, LoadedFeed};
use crate::card_book::CardBook;
use crate::components::board_body::BoardBody;
use crate::components::error_panel::ErrorPanel;
use crate::components::event_card::{card_clicked, card_key};
use crate::components::loading::Loading;
use crate::config::BoardConfig;
use crate::ready::BoardReady;
use stammtisch_model::Lang;

/// The board's outermost element, the same whether the wasm or the server renders it.
#[component]
pub fn BoardFrame(
    /// The board's language, for its `lang` attribute.
    lang: Lang,
    /// What the board shows.
    children: Children,
) -> impl IntoView {
    // The cards' book is the frame's, so that one listener serves every card's button.
    let book = CardBook::new();
    provide_context(book);
    view! {
        <section class="st-board" lang=lang.tag() on:click=move |ev| card_clicked(book, &ev)
            on:keydown=move |ev| card_key(book, &ev)>
            {children()}
        </section>
    }
}

/// Where loading the feed stands. The board loads one feed once and then follows live
/// updates, so a signal and a task do what `LocalResource`, `Transition` and `ErrorBoundary`
/// did, for 17 KB (brotli) less in every visitor's download (`bench/RESULTS.md`).
#[derive(Clone)]
enum Feed {
    Loading,
    Loaded(LoadedFeed),
    Failed(ClientError),
}

/// The whole board: loads the feed and shows the events, or why it cannot.
#[component]
pub fn Board(
    /// Settings read from the element's attributes.
    config: BoardConfig,
    /// Called once the first events (or the error) are on the page.
    #[prop(optional, into)]
    on_ready: Option<Callback<()>>,
) -> impl IntoView {
    if let Some(ready) = on_ready {
        provide_context(BoardReady(ready));
    }
    let lang = config.lang;
    let feed_url = config.feed_url.clone();
    provide_context(config);
    let feed = RwSignal::new_local(Feed::Loading);
    // Counts the loads: only the last one started may set what the board shows.
    let loads = StoredValue::new(0_u32);
    // The detail of the first failure goes to the console once; the board shows a short message.
    let logged = StoredValue::new(false);
    let load = move || {
        let Some(this) = loads.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let url = feed_url.clone();
        leptos::task::spawn_local(async move {
            let result = match url {
                Ok(url) => load_feed(&url).await,
                Err(problem) => Err(ClientError::Config(problem)),
            };
            if loads.try_get_value() != Some(this) {
                return;
            }
            feed.try_set(match result {
                Ok(loaded) => Feed::Loaded(loaded),
                Err(error) => {
                    if logged.try_update_value(|logged| !std::mem::replace(logged, true)) == Some(true) {
                        web_sys::console::warn_1(&format!("stammtisch-board: {error}").into());
                    }
                    Feed::Failed(error)
                }
            });
        });
    };
    load();
    // Only after an error: a feed that changes later is put in place by the live updates. The
    // error stays on the page until the next answer replaces it.
    let retry = Callback::new(move |()| load());

    view! {
        <BoardFrame lang>
            {move || match feed.get() {
                Feed::Loading => view! { <Loading/> }.into_any(),
                Feed::Loaded(loaded) => view! { <BoardBody loaded/> }.into_any(),
                Feed::Failed(error) => view! { <ErrorPanel error retry/> }.into_any(),
            }}
        </BoardFrame>
    }
}
