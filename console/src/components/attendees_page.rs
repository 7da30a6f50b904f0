use leptos::prelude::*;

use crate::calls::event_with_rsvps;
use crate::components::attendee_list::AttendeeList;
use crate::components::load_error::LoadError;
use crate::components::loading::Loading;
use crate::components::reach_panel::ReachPanel;
use crate::i18n::texts;
use crate::nav::{Console, Page};
use crate::session::{current_lang, Session};

/// Teilnehmende: who registered for one event.
#[component]
pub fn AttendeesPage(
    /// The event whose attendees are shown.
    event_id: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let t = texts(current_lang());
    let reach_id = event_id.clone();
    let door_id = event_id.clone();
    let loaded = LocalResource::new(move || {
        let id = event_id.clone();
        async move { event_with_rsvps(session, &id).await }
    });
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <section id="attendees" class="attendees-page" aria-labelledby="heading-attendees">
            <div class="page-head">
                <h1 id="heading-attendees">{t.attendees_title}</h1>
                <button type="button" id="to-door" on:click=move |_| console.go(Page::CheckIn(door_id.clone()))>
                    {t.door_open}
                </button>
                <button type="button" id="back-to-events" on:click=move |_| console.go(Page::Events)>
                    {t.back_to_events}
                </button>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok((event, rsvps)) => view! { <AttendeeList event rsvps reload/> }.into_any(),
                        Err(error) => view! { <LoadError error retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
            <ReachPanel event_id=reach_id/>
        </section>
    }
}
