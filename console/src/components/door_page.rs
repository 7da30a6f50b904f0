use leptos::prelude::*;

use crate::calls::event_with_rsvps;
use crate::components::door_list::DoorList;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::i18n::texts;
use crate::nav::{Console, Page};
use crate::session::{current_lang, Session};

/// Einlass: the door list of one event, for a phone at the door or on paper.
#[component]
pub fn DoorPage(
    /// The event whose attendees come in.
    event_id: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let t = texts(current_lang());
    let back_id = event_id.clone();
    let loaded = LocalResource::new(move || {
        let id = event_id.clone();
        async move { event_with_rsvps(session, &id).await }
    });
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <section id="door" class="door-page" aria-labelledby="heading-door">
            <div class="page-head">
                <h1 id="heading-door">{t.door_title}</h1>
                <button type="button" id="door-print" class="no-print" on:click=move |_| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.print();
                    }
                }>{t.door_print}</button>
                <button type="button" id="back-to-attendees" class="no-print"
                    on:click=move |_| console.go(Page::Attendees(back_id.clone()))>{t.back_to_attendees}</button>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok((event, rsvps)) => view! { <DoorList event rsvps/> }.into_any(),
                        Err(error) => view! { <LoadError error retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
