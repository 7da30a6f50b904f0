use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ClientError;
use crate::cache::load_feed;
use crate::components::board_body::BoardBody;
use crate::components::error_panel::ErrorPanel;
use crate::components::loading::Loading;
use crate::config::BoardConfig;

/// Loads the feed again and rebuilds the board from it.
#[derive(Clone, Copy)]
pub struct FeedReload(pub Callback<()>);

/// The whole board: loads the feed and shows the events, or why it cannot.
#[component]
pub fn Board(
    /// Settings read from the element's attributes.
    config: BoardConfig,
) -> impl IntoView {
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
    let retry = Callback::new(move |()| feed.refetch());
    provide_context(FeedReload(retry));

    view! {
        <section class="st-board" lang=lang.tag()>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=move |errors| view! { <ErrorPanel errors retry/> }>
                    {move || Suspend::new(async move { feed.await.map(|loaded| view! { <BoardBody loaded/> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
