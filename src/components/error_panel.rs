use leptos::prelude::*;

use crate::api::ClientError;
use crate::config::BoardConfig;
use crate::i18n::texts;

/// Why the events could not be loaded, with a way to try again when that can help.
#[component]
pub fn ErrorPanel(
    /// What went wrong.
    error: ClientError,
    /// Loads the feed again.
    retry: Callback<()>,
) -> impl IntoView {
    let lang = expect_context::<BoardConfig>().lang;
    let t = texts(lang);
    crate::ready::tell_ready();
    let retryable = error.is_retryable();
    view! {
        <div class="st-state st-error" role="alert">
            <p class="st-error-title">{t.error_title}</p>
            <ul class="st-error-list">
                <li>{error.message(lang)}</li>
            </ul>
            {retryable.then(|| view! {
                <button type="button" class="st-button" on:click=move |_| retry.run(())>
                    {t.retry}
                </button>
            })}
        </div>
    }
}
