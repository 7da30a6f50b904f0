use leptos::prelude::*;

use crate::calls::list_events;
use crate::components::event_table::EventTable;
use crate::components::flash::Flash;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::event_draft::EventDraft;
use crate::i18n::texts;
use crate::nav::{Console, Page};
use crate::session::{current_lang, Session};

/// Termine: every event of the board, with what can be done to each.
#[component]
pub fn EventsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let t = texts(current_lang());
    let events = LocalResource::new(move || list_events(session));
    let reload = Callback::new(move |()| events.refetch());
    let show_past = RwSignal::new(false);
    let new_event = move |_| {
        console.event_draft.set(EventDraft::new(&console.board_zone.get_untracked()));
        console.go(Page::EventForm { editing: None });
    };
    view! {
        <section class="events-page" aria-labelledby="heading-events">
            <div class="page-head">
                <h1 id="heading-events">{t.events_title}</h1>
                <button type="button" id="new-event" class="primary" on:click=new_event>{t.new_event}</button>
            </div>
            <Flash/>
            <div class="field field-check filters">
                <input id="show-past" type="checkbox" bind:checked=show_past/>
                <label for="show-past">{t.show_past}</label>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(list) => {
                            console.learn_zone(&list.events);
                            view! { <EventTable list show_past reload/> }.into_any()
                        }
                        Err(error) => view! { <LoadError error retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
