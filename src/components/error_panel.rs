use leptos::error::Errors;
use leptos::prelude::*;

use crate::api::ClientError;
use crate::config::BoardConfig;
use crate::i18n::texts;

/// Why the events could not be loaded, with a way to try again when that can help.
#[component]
pub fn ErrorPanel(
    /// The errors caught by the surrounding `ErrorBoundary`.
    errors: ArcRwSignal<Errors>,
    /// Loads the feed again.
    retry: Callback<()>,
) -> impl IntoView {
    let lang = expect_context::<BoardConfig>().lang;
    let t = texts(lang);
    crate::ready::tell_ready();
    let client_errors = move || -> Vec<ClientError> {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| {
                error.downcast_ref::<ClientError>().cloned().unwrap_or(ClientError::UnreadableFeed(error.to_string()))
            })
            .collect()
    };
    let retryable = {
        let client_errors = client_errors.clone();
        move || client_errors().iter().all(ClientError::is_retryable)
    };
    view! {
        <div class="st-state st-error" role="alert">
            <p class="st-error-title">{t.error_title}</p>
            <ul class="st-error-list">
                {move || client_errors().into_iter().map(|e| view! { <li>{e.message(lang)}</li> }).collect_view()}
            </ul>
            <Show when=retryable>
                <button type="button" class="st-button" on:click=move |_| retry.run(())>
                    {t.retry}
                </button>
            </Show>
        </div>
    }
}
