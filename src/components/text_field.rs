use leptos::html::Input;
use leptos::prelude::*;
use stammtisch_model::Field;

/// One labelled input of the RSVP form, with its error message right below it.
#[component]
pub fn TextField(
    /// Which RSVP field this is; also its `name`.
    field: Field,
    /// Unique prefix for element ids inside this board.
    id_prefix: String,
    /// The visible label.
    label: &'static str,
    /// `text` or `email`.
    #[prop(default = "text")]
    input_type: &'static str,
    /// Browser autofill hint.
    autocomplete: &'static str,
    /// Most characters allowed, as in the model's rule.
    maxlength: usize,
    /// Shown after the label for fields that may stay empty.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The field's value.
    value: RwSignal<String>,
    /// This field's error message, if any.
    error: Signal<Option<String>>,
    /// Lets the form move focus to the first field with an error.
    node_ref: NodeRef<Input>,
) -> impl IntoView {
    let id = format!("{id_prefix}-{}", field.as_str());
    let error_id = format!("{id}-error");
    view! {
        <div class="st-field">
            <label for=id.clone()>
                {label} {hint.map(|h| view! { <span class="st-hint">" " {h}</span> })}
            </label>
            <input
                id=id
                name=field.as_str()
                type=input_type
                autocomplete=autocomplete
                maxlength=maxlength
                bind:value=value
                node_ref=node_ref
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=error_id.clone()
            />
            <p class="st-field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}
