use leptos::html::Div;
use leptos::prelude::*;
use stammtisch_model::{Answer, Question, QuestionKind, MAX_ANSWER};

use crate::i18n::texts;

/// What a question's field holds while the form is edited.
#[derive(Clone, Copy)]
pub enum AnswerValue {
    Text(RwSignal<String>),
    Checked(RwSignal<bool>),
}

impl AnswerValue {
    pub fn new(kind: QuestionKind) -> Self {
        match kind {
            QuestionKind::Checkbox => AnswerValue::Checked(RwSignal::new(false)),
            _ => AnswerValue::Text(RwSignal::new(String::new())),
        }
    }

    /// The answer as the RSVP sends it; `None` for a field left empty.
    pub fn answer(self) -> Option<Answer> {
        match self {
            AnswerValue::Text(text) => Some(text.get_untracked()).filter(|t| !t.trim().is_empty()).map(Answer::Text),
            AnswerValue::Checked(checked) => Some(Answer::Checked(checked.get_untracked())),
        }
    }
}

/// One of the organizer's own questions in the RSVP form: a line of text, a choice or a
/// checkbox that is never ticked in advance, with its error message right below it.
#[component]
pub fn QuestionField(
    /// The question as the event asks it.
    question: Question,
    /// Unique prefix for element ids inside this board.
    id_prefix: String,
    /// The field's value.
    value: AnswerValue,
    /// This question's error message, if any.
    error: Signal<Option<String>>,
    /// Lets the form move focus to the field when its answer is wrong.
    node_ref: NodeRef<Div>,
) -> impl IntoView {
    let t = texts(expect_context::<crate::config::BoardConfig>().lang);
    let id = format!("{id_prefix}-q-{}", question.id);
    let error_id = format!("{id}-error");
    let name = format!("answers.{}", question.id);
    let invalid = move || error.get().is_some().then_some("true");
    let hint = (!question.required).then(|| view! { <span class="st-hint">" " {t.optional}</span> });
    let label = question.label.clone();
    let input = match (question.kind, value) {
        (QuestionKind::Checkbox, AnswerValue::Checked(checked)) => {
            return view! {
                <div class="st-field st-consent" node_ref=node_ref>
                    <input id=id.clone() name=name type="checkbox" bind:checked=checked required=question.required
                        aria-invalid=invalid aria-describedby=error_id.clone()/>
                    <label for=id>{label} {hint}</label>
                    <p class="st-field-error" id=error_id>{move || error.get()}</p>
                </div>
            }
            .into_any();
        }
        (QuestionKind::Choice, AnswerValue::Text(text)) => view! {
            <select id=id.clone() name=name bind:value=text required=question.required
                aria-invalid=invalid aria-describedby=error_id.clone()>
                <option value="">{t.choose}</option>
                {question.options.iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        (_, AnswerValue::Text(text)) => view! {
            <input id=id.clone() name=name type="text" maxlength=MAX_ANSWER bind:value=text required=question.required
                aria-invalid=invalid aria-describedby=error_id.clone()/>
        }
        .into_any(),
        // A value is made for its question's kind (`AnswerValue::new`).
        (_, AnswerValue::Checked(_)) => ().into_any(),
    };
    view! {
        <div class="st-field" node_ref=node_ref>
            <label for=id>{label} {hint}</label>
            {input}
            <p class="st-field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
    .into_any()
}
