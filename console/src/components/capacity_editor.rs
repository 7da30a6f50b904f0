use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::calls::update_event;
use crate::components::act::act;
use crate::components::field_error::FieldError;
use crate::i18n::texts;
use crate::problems::{optional_number, FieldProblem};
use crate::refocus::{quoted, refocus};
use crate::session::{current_lang, Session};
use stammtisch_model::AdminEvent;

/// Changes an event's seats in place. Fewer seats than are taken is the server's to refuse;
/// its message shows right here.
#[component]
pub fn CapacityEditor(
    /// The event as listed.
    event: AdminEvent,
    /// Loads the events again after the change.
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let lang = current_lang();
    let t = texts(lang);
    let input_id = format!("capacity-{}", event.id());
    let error_id = format!("{input_id}-error");
    let value = RwSignal::new(event.event.capacity.map(|c| c.to_string()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // After the list is loaded again, the focus goes back to this row's seats.
    let saved = {
        let input = format!("[id={}]", quoted(&input_id));
        Callback::new(move |()| {
            reload.try_run(());
            refocus(&[&input, "#heading-events"]);
        })
    };
    let save = move |submit: SubmitEvent| {
        submit.prevent_default();
        let capacity = match optional_number(&value.get_untracked(), 0) {
            Ok(capacity) => capacity,
            Err(issue) => {
                error.set(Some(FieldProblem::new("capacity", issue).message(lang)));
                return;
            }
        };
        let mut input = event.to_input();
        input.capacity = capacity;
        let id = event.id().to_owned();
        act(busy, error, saved, async move { update_event(session, &id, &input).await.map(|_| ()) });
    };
    view! {
        <form class="capacity" data-capacity-form on:submit=save novalidate>
            <label for=input_id.clone()>{t.capacity_short}</label>
            <input id=input_id type="number" min="0" inputmode="numeric" data-capacity placeholder=t.unlimited
                bind:value=value
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()/>
            <button type="submit" data-action="save-capacity" disabled=move || busy.get()>{t.save_capacity}</button>
            <FieldError id=error_id error=Signal::from(error)/>
        </form>
    }
}
