use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ClientError;
use crate::cache::load_feed;
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
    // The detail of the first failure goes to the console once; the board shows a short message.
    let logged = Arc::new(AtomicBool::new(false));
    let feed = LocalResource::new(move || {
        let url = feed_url.clone();
        let logged = logged.clone();
        async move {
            let result = match url {
                Ok(url) => load_feed(&url).await,
                Err(problem) => Err(ClientError::Config(problem)),
            };
            if let Err(error) = &result {
                if !logged.swap(true, Ordering::Relaxed) {
                    web_sys::console::warn_1(&format!("stammtisch-board: {error}").into());
                }
            }
            result
        }
    });
    // Only after an error: a feed that changes later is put in place by the live updates.
    let retry = Callback::new(move |()| feed.refetch());

    view! {
        <BoardFrame lang>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=move |errors| view! { <ErrorPanel errors retry/> }>
                    {move || Suspend::new(async move { feed.await.map(|loaded| view! { <BoardBody loaded/> }) })}
                </ErrorBoundary>
            </Transition>
        </BoardFrame>
    }
}
