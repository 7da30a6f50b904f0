use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::SubmitEvent;

use crate::api::ClientError;
use crate::calls::{create_event, update_event};
use crate::components::binding::forget_fixed;
use crate::components::event_fields::EventFields;
use crate::event_draft::{event_field_id, EventDraft, EVENT_FIELDS};
use crate::i18n::texts;
use crate::nav::{Console, Page};
use crate::problems::{show_refusal, FieldProblem};
use crate::refocus::focus;
use crate::session::{current_lang, Session};

/// Creates, changes or duplicates an event. Every problem is shown at its field before
/// anything is sent; the server's verdict on a field lands at that field too.
#[component]
pub fn EventForm(
    /// The id of the event being changed; `None` makes a new one.
    editing: Option<String>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let lang = current_lang();
    let t = texts(lang);
    let draft = console.event_draft;
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let general = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    forget_fixed(draft, problems, |d: &EventDraft| d.to_input().err().unwrap_or_default());
    let heading = match &editing {
        Some(id) => (t.edit_event_title)(id),
        None => t.new_event_title.to_owned(),
    };
    let back = move |_| console.go(Page::Events);

    let on_submit = {
        let editing = editing.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            if sending.get_untracked() {
                return;
            }
            general.set(None);
            let input = match draft.get_untracked().to_input() {
                Ok(input) => input,
                Err(found) => {
                    let first = event_field_id(&found[0].field);
                    problems.set(found);
                    focus(&first);
                    return;
                }
            };
            problems.set(Vec::new());
            sending.set(true);
            let editing = editing.clone();
            spawn_local(async move {
                let saved = match &editing {
                    Some(id) => update_event(session, id, &input).await,
                    None => create_event(session, &input).await,
                };
                sending.set(false);
                match saved {
                    Ok(saved) => console.go_saying(Page::Events, (t.event_saved)(&saved.event.title)),
                    Err(ClientError::Unauthorized) => {}
                    Err(error) => show_refusal(
                        &error,
                        &EVENT_FIELDS,
                        lang,
                        event_field_id,
                        problems,
                        (general, "event-form-error"),
                    ),
                }
            });
        }
    };

    view! {
        <section class="form-page" aria-labelledby="heading-event-form">
            <div class="page-head">
                <h1 id="heading-event-form">{heading}</h1>
                <button type="button" id="back-to-events" on:click=back>{t.back_to_events}</button>
            </div>
            <form id="event-form" novalidate on:submit=on_submit>
                <p id="event-form-error" class="form-error" role="alert" tabindex="-1"
                    hidden=move || general.with(Option::is_none)>
                    <span class="error-prefix">{t.error_prefix}</span>" "{move || general.get()}
                </p>
                <p class="hint">{t.form_problems_hint}</p>
                <EventFields draft problems editing=editing.is_some()/>
                <div class="buttons">
                    <button type="submit" id="event-save" class="primary" disabled=move || sending.get()>
                        {move || if sending.get() { t.saving } else { t.save }}
                    </button>
                    <button type="button" id="event-cancel" on:click=back>{t.cancel}</button>
                </div>
            </form>
        </section>
    }
}
