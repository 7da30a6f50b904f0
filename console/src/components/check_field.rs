use leptos::prelude::*;

use crate::components::binding::Flag;
use crate::components::field_error::FieldError;

/// A checkbox with its label beside it and its problem below.
#[component]
pub fn CheckField(
    /// The checkbox's id; its problem is `{id}-error`.
    id: String,
    /// The visible label.
    label: &'static str,
    /// Ticked or not, and what ticking does.
    flag: Flag,
    /// This field's problem, if any.
    error: Signal<Option<String>>,
    /// Greyed out while another setting makes this one meaningless.
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field field-check">
            <input
                id=id.clone()
                type="checkbox"
                prop:checked=move || flag.checked.get()
                on:change=move |event| flag.set.run(event_target_checked(&event))
                disabled=move || disabled.get()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
            />
            <label for=id>{label}</label>
            <FieldError id=error_id error/>
        </div>
    }
}
