use leptos::prelude::*;

use crate::i18n::texts;
use crate::session::current_lang;

/// Shown while a list loads, so there is never a blank box.
#[component]
pub fn Loading() -> impl IntoView {
    let t = texts(current_lang());
    view! {
        <p class="state state-loading" data-state="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {t.loading}
        </p>
    }
}
