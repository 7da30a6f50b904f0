use std::sync::Arc;

use leptos::prelude::*;
use stammtisch_model::{share_links, Event};

use crate::config::BoardConfig;
use crate::i18n::texts;

/// Links to share the event's page on the board's server (XING, LinkedIn, e-mail); plain
/// links, so nothing is loaded from those sites until the visitor clicks one.
#[component]
pub fn ShareLinks(
    /// The event to share.
    event: Arc<Event>,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let t = texts(config.lang);
    config.api_base.map(|api| {
        let page = format!("{api}/events/{}", event.id);
        let links = share_links(&page, &event.title).into_iter().enumerate().map(|(index, (name, url))| {
            let name = if name == "mail" { t.share_mail } else { name };
            view! {
                {(index > 0).then_some(" · ")}
                <a href=url target="_blank" rel="noopener noreferrer">{name}</a>
            }
        });
        view! {
            <p class="st-share" role="group" aria-label=(t.share_label)(&event.title)>
                {t.share} ": " {links.collect_view()}
            </p>
        }
    })
}
