use leptos::prelude::*;

use crate::components::binding::Binding;
use crate::components::field_error::FieldError;

/// A labelled `<select>` of fixed choices, with its problem below it.
#[component]
pub fn ChoiceField(
    /// The select's id; its problem is `{id}-error`.
    id: String,
    /// The visible label.
    label: &'static str,
    /// `(value, label)` of each choice, in order.
    options: Vec<(String, String)>,
    /// The chosen value and what choosing does.
    bind: Binding,
    /// This field's problem, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                on:change=move |event| bind.set.run(event_target_value(&event))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let chosen = value.clone();
                        view! { <option value=value prop:selected=move || bind.value.get() == chosen>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldError id=error_id error/>
        </div>
    }
}
