use leptos::prelude::*;

use crate::nav::Console;

/// What the last save did ("Termin gespeichert."), on the page it led to.
#[component]
pub fn Flash() -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <p id="flash" class="flash" role="status" tabindex="-1">
            {move || console.flash.get()}
        </p>
    }
}
