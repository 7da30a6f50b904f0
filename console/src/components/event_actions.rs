use leptos::prelude::*;
use leptos::task::spawn_local;
use stammtisch_model::ErrorCode;

use crate::api::ClientError;
use crate::calls::{delete_event, update_event};
use crate::components::act::act;
use crate::event_draft::EventDraft;
use crate::i18n::texts;
use crate::nav::{Console, Page};
use crate::refocus::{quoted, refocus};
use crate::session::{current_lang, Session};
use stammtisch_model::AdminEvent;

/// The buttons of one event row: edit, duplicate, attendees, open/close RSVP, delete.
#[component]
pub fn EventActions(
    /// The event as listed.
    event: AdminEvent,
    /// Loads the events again after a change.
    reload: Callback<()>,
    /// The id of the row's title, so each button says which event it is for.
    described_by: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let stored = StoredValue::new(event.clone());
    let id = event.id().to_owned();
    let row = format!("tr[data-event-id={}]", quoted(&id));
    // After the list is loaded again, the focus goes back to the same button of this row.
    let toggled = {
        let toggle = format!("{row} button[data-action=\"toggle-rsvp\"]");
        Callback::new(move |()| {
            reload.try_run(());
            refocus(&[&toggle, "#heading-events"]);
        })
    };
    // The row is gone then: the flash says what happened, and takes the focus.
    let deleted = {
        let button = format!("{row} button[data-action=\"delete\"]");
        let title = event.event.title.clone();
        Callback::new(move |()| {
            console.flash.set(Some((t.event_deleted)(&title)));
            reload.try_run(());
            refocus(&[&button, "#flash", "#heading-events"]);
        })
    };

    let edit = move |_| {
        console.event_draft.set(stored.with_value(EventDraft::from_event));
        console.go(Page::EventForm { editing: Some(stored.with_value(|e| e.id().to_owned())) });
    };
    let duplicate = move |_| {
        console.event_draft.set(stored.with_value(|e| EventDraft::duplicate(e, lang)));
        console.go(Page::EventForm { editing: None });
    };
    let attendees = move |_| console.go(Page::Attendees(stored.with_value(|e| e.id().to_owned())));
    let toggle = move |_| {
        let mut input = stored.with_value(AdminEvent::to_input);
        input.rsvp_open = !input.rsvp_open;
        let id = input.id.clone();
        act(busy, error, toggled, async move { update_event(session, &id, &input).await.map(|_| ()) });
    };

    let forced = {
        let id = id.clone();
        Callback::new(move |()| {
            let id = id.clone();
            act(busy, error, deleted, async move { delete_event(session, &id, true).await });
        })
    };
    let plain = {
        let id = id.clone();
        let title = event.event.title.clone();
        Callback::new(move |()| {
            let (id, title) = (id.clone(), title.clone());
            busy.set(true);
            spawn_local(async move {
                let result = delete_event(session, &id, false).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        deleted.try_run(());
                    }
                    // Cancelled RSVPs count too, so the server is the one to know.
                    Err(e) if e.code() == Some(ErrorCode::HasRsvps) => {
                        console.ask((t.confirm_delete_with_rsvps)(&title), t.delete_anyway, forced)
                    }
                    Err(ClientError::Unauthorized) => {}
                    Err(e) => error.set(Some(e.message(lang))),
                }
            });
        })
    };
    let delete = {
        let title = event.event.title.clone();
        let has_rsvps = event.confirmed + event.waitlisted > 0;
        move |_| {
            if has_rsvps {
                console.ask((t.confirm_delete_with_rsvps)(&title), t.delete_anyway, forced);
            } else {
                console.ask((t.confirm_delete)(&title), t.delete, plain);
            }
        }
    };

    let described = described_by;
    view! {
        <div class="row-actions">
            <button type="button" data-action="edit" aria-describedby=described.clone() on:click=edit>{t.edit}</button>
            <button type="button" data-action="duplicate" aria-describedby=described.clone() on:click=duplicate>
                {t.duplicate}
            </button>
            <button type="button" data-action="attendees" aria-describedby=described.clone() on:click=attendees>
                {t.attendees}
            </button>
            {event.rsvp_enabled.then(|| view! {
                <button type="button" data-action="toggle-rsvp" aria-describedby=described.clone()
                    disabled=move || busy.get() on:click=toggle>
                    {if event.rsvp_open { t.close_rsvp } else { t.open_rsvp }}
                </button>
            })}
            <button type="button" data-action="delete" class="danger" aria-describedby=described.clone()
                disabled=move || busy.get() on:click=delete>
                {t.delete}
            </button>
        </div>
        <p class="row-error" data-row-error role="alert">
            {move || error.get().map(|message| view! { <span class="error-prefix">{t.error_prefix}</span>" "{message} })}
        </p>
    }
}
