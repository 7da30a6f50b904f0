use leptos::prelude::*;
use stammtisch_model::{QuestionKind, MAX_QUESTIONS, MAX_QUESTION_LABEL};

use crate::components::field_error::FieldError;
use crate::event_draft::EventDraft;
use crate::i18n::texts;
use crate::question_draft::QuestionDraft;
use crate::refocus::focus;
use crate::session::current_lang;

/// The organizer's own questions on the event's RSVP form: a text, a kind, required or not
/// and, for a choice, its answers; added, removed and changed in place. Their problem shows
/// above them (`#event-questions`).
#[component]
pub fn QuestionsEditor(
    /// The form's state; the questions are `draft.questions`.
    draft: RwSignal<EventDraft>,
    /// The questions' problem, if any.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let t = texts(current_lang());
    // Rows are rebuilt when one comes or goes, not while typing in one.
    let count = Memo::new(move |_| draft.with(|d| d.questions.len()));
    let add = move |_| {
        draft.update(|d| d.questions.push(QuestionDraft::new()));
        let n = count.get_untracked();
        focus(&format!("event-question-{n}-label"));
    };
    let row = move |i: usize| {
        let n = i + 1;
        let id = |part: &str| format!("event-question-{n}-{part}");
        let read = move |get: fn(&QuestionDraft) -> String| {
            move || draft.with(|d| d.questions.get(i).map(get).unwrap_or_default())
        };
        let write = move |set: fn(&mut QuestionDraft, String)| {
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                draft.update(|d| {
                    if let Some(q) = d.questions.get_mut(i) {
                        set(q, value);
                    }
                })
            }
        };
        let kind = move || draft.with(|d| d.questions.get(i).map(|q| q.kind).unwrap_or_default());
        let kinds = [
            (QuestionKind::Text, t.question_kind_text),
            (QuestionKind::Choice, t.question_kind_choice),
            (QuestionKind::Checkbox, t.question_kind_checkbox),
        ];
        let remove = move |_| {
            draft.update(|d| {
                if i < d.questions.len() {
                    d.questions.remove(i);
                }
            });
            focus("event-question-add");
        };
        let options_id = id("options");
        view! {
            <div class="question" role="group" aria-labelledby=id("label-text")>
                <div class="field">
                    <label id=id("label-text") for=id("label")>{(t.f_question_label)(n)}</label>
                    <input id=id("label") type="text" maxlength=MAX_QUESTION_LABEL
                        prop:value=read(|q| q.label.clone()) on:input=write(|q, v| q.label = v)/>
                </div>
                <div class="field">
                    <label for=id("kind")>{t.f_question_kind}</label>
                    <select id=id("kind") on:change=write(|q, v| q.kind = QuestionKind::from_name(&v).unwrap_or_default())>
                        {kinds.map(|(k, label)| view! {
                            <option value=k.as_str() prop:selected=move || kind() == k>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field-check">
                    <input id=id("required") type="checkbox"
                        prop:checked=move || draft.with(|d| d.questions.get(i).is_some_and(|q| q.required))
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            draft.update(|d| if let Some(q) = d.questions.get_mut(i) { q.required = checked });
                        }/>
                    <label for=id("required")>{t.f_question_required}</label>
                </div>
                <Show when=move || kind() == QuestionKind::Choice>
                    <div class="field">
                        <label for=options_id.clone()>{t.f_question_options}
                            " " <span class="hint">{t.f_question_options_hint}</span></label>
                        <textarea id=options_id.clone() rows="3"
                            prop:value=read(|q| q.options.clone()) on:input=write(|q, v| q.options = v)></textarea>
                    </div>
                </Show>
                <button type="button" id=id("remove") on:click=remove>
                    {(t.question_remove)(n)}
                </button>
            </div>
        }
    };
    view! {
        <fieldset>
            <legend>{t.legend_questions}</legend>
            <p class="hint">{t.questions_hint}</p>
            <div id="event-questions" tabindex="-1">
                <FieldError id="event-questions-error".to_owned() error/>
            </div>
            {move || (0..count.get()).map(row).collect_view()}
            <button type="button" id="event-question-add" on:click=add
                disabled=move || { count.get() >= MAX_QUESTIONS }>{t.question_add}</button>
        </fieldset>
    }
    .into_any()
}
