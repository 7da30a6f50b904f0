use leptos::prelude::*;

use crate::api::ClientError;
use crate::i18n::texts;
use crate::session::current_lang;

/// Why a list could not be loaded, with a way to try again.
#[component]
pub fn LoadError(
    /// What went wrong.
    error: ClientError,
    /// Loads the list again.
    retry: Callback<()>,
) -> impl IntoView {
    let lang = current_lang();
    let t = texts(lang);
    view! {
        <div class="state state-error" data-state="error" role="alert">
            <p class="error-text">
                <span class="error-prefix">{t.error_prefix}</span>" "{t.load_failed}" "{error.message(lang)}
            </p>
            <button type="button" data-action="retry" on:click=move |_| retry.run(())>{t.retry}</button>
        </div>
    }
}
