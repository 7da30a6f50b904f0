use leptos::prelude::*;

use crate::components::binding::Binding;
use crate::components::field_error::FieldError;

/// One labelled input with its hint and its problem below it.
#[component]
pub fn TextField(
    /// The input's id; its problem is `{id}-error`, its hint `{id}-hint`.
    id: String,
    /// The visible label.
    label: &'static str,
    /// The value and what typing does with it.
    bind: Binding,
    /// This field's problem, if any.
    error: Signal<Option<String>>,
    /// `text`, `url`, `number`, `date`, `time`, `datetime-local`, `password` …
    #[prop(default = "text")]
    input_type: &'static str,
    /// A short explanation below the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Shown but not changeable, like the id of a stored event.
    #[prop(optional, into)]
    readonly: Signal<bool>,
    /// The smallest number allowed, for number inputs.
    #[prop(optional)]
    min: Option<&'static str>,
    /// Browser autofill; organizer fields describe events, not the organizer.
    #[prop(default = "off")]
    autocomplete: &'static str,
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
            <input
                id=id
                type=input_type
                min=min
                autocomplete=autocomplete
                readonly=move || readonly.get()
                prop:value=move || bind.value.get()
                on:input=move |event| bind.set.run(event_target_value(&event))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
            />
            <FieldError id=error_id error/>
        </div>
    }
}
