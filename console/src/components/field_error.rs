use leptos::prelude::*;

use crate::i18n::texts;
use crate::session::current_lang;

/// The problem of one field, right below it; the field names this element in its
/// `aria-describedby`, so screen readers read the problem with the field.
#[component]
pub fn FieldError(
    /// This element's id, `{field id}-error`.
    id: String,
    /// The problem, if any.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let prefix = texts(current_lang()).error_prefix;
    view! {
        <p class="field-error" id=id>
            {move || error.get().map(|message| view! { <span class="error-prefix">{prefix}</span>" "{message} })}
        </p>
    }
}
