use leptos::prelude::*;

use crate::components::binding::Binding;
use crate::components::field_error::FieldError;

/// A labelled text area for longer text, with its problem below it.
#[component]
pub fn TextArea(
    /// The text area's id; its problem is `{id}-error`.
    id: String,
    /// The visible label.
    label: &'static str,
    /// The value and what typing does with it.
    bind: Binding,
    /// This field's problem, if any.
    error: Signal<Option<String>>,
    /// Visible lines.
    #[prop(default = 3)]
    rows: u32,
    /// A short explanation below the label.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <textarea
                id=id
                rows=rows
                prop:value=move || bind.value.get()
                on:input=move |event| bind.set.run(event_target_value(&event))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
            ></textarea>
            <FieldError id=error_id error/>
        </div>
    }
}
