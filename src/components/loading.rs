use leptos::prelude::*;

use crate::config::BoardConfig;
use crate::i18n::texts;

/// Shown while the feed loads, so the board is never a blank box.
#[component]
pub fn Loading() -> impl IntoView {
    let t = texts(expect_context::<BoardConfig>().lang);
    view! {
        <div class="st-state st-loading" role="status" aria-live="polite">
            <span class="st-spinner" aria-hidden="true"></span>
            {t.loading}
        </div>
    }
}
