use leptos::html::Dialog;
use leptos::prelude::*;

use crate::i18n::texts;
use crate::nav::Console;
use crate::session::current_lang;

/// Asks before anything is deleted or cancelled. A modal `<dialog>`: focus stays inside,
/// Escape says no, and "Abbrechen" has the focus first, so Enter never deletes by accident.
#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = texts(current_lang());
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let asking = console.confirm.with(Option::is_some);
        if let Some(dialog) = dialog.get() {
            if asking && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !asking && dialog.open() {
                dialog.close();
            }
        }
    });
    let answer = move |yes: bool| {
        let asked = console.confirm.get_untracked();
        console.confirm.set(None);
        if let (true, Some(asked)) = (yes, asked) {
            asked.on_yes.try_run(());
        }
    };
    view! {
        <dialog id="confirm" class="confirm" node_ref=dialog aria-labelledby="confirm-message"
            on:close=move |_| console.confirm.set(None)>
            <p id="confirm-message">{move || console.confirm.with(|c| c.as_ref().map(|c| c.message.clone()))}</p>
            <div class="buttons">
                <button type="button" id="confirm-yes" class="danger" on:click=move |_| answer(true)>
                    {move || console.confirm.with(|c| c.as_ref().map(|c| c.yes))}
                </button>
                <button type="button" id="confirm-no" autofocus on:click=move |_| answer(false)>{t.cancel}</button>
            </div>
        </dialog>
    }
}
