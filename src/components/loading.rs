use leptos::prelude::*;

use crate::config::BoardConfig;
use crate::i18n::texts;

/// Shown while the feed loads: the loading text and placeholder cards of the real cards'
/// size, so the page does not jump when the events arrive.
#[component]
pub fn Loading() -> impl IntoView {
    let t = texts(expect_context::<BoardConfig>().lang);
    view! {
        <div class="st-loading" role="status" aria-live="polite">
            <p class="st-state"><span class="st-spinner" aria-hidden="true"></span>{t.loading}</p>
            <div class="st-skeletons" aria-hidden="true">
                {(0..3).map(|_| view! { <div class="st-card st-skeleton"><span></span><span></span><span></span></div> }).collect_view()}
            </div>
        </div>
    }
}
