use leptos::html::{Div, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use stammtisch_model::{
    answer_problems, Answers, ErrorCode, Field, FieldError, Question, ReachAction, RsvpCreated, RsvpRequest, RsvpState,
    MAX_GUESTS,
};
use web_sys::SubmitEvent;

use crate::api::{post_rsvp, ClientError};
use crate::components::question_field::{AnswerValue, QuestionField};
use crate::components::rsvp_done::RsvpDone;
use crate::components::text_field::TextField;
use crate::config::BoardConfig;
use crate::i18n::texts;

#[derive(Clone, Debug, PartialEq)]
enum Submission {
    Editing,
    Sending,
    Done(RsvpCreated),
}

/// The RSVP form of one event: checks input with the model's rules before sending, shows
/// the server's answer, or its error next to the field it concerns. Nothing typed is lost on
/// an error.
#[component]
pub fn RsvpForm(
    /// Where the RSVP is posted.
    url: String,
    /// The event's id, to keep element ids unique on the page.
    event_id: String,
    /// The organizer's own questions, asked between the note and the consent.
    questions: Vec<Question>,
    /// Whether the form offers the checkbox for mail about future events.
    mail_consent_offered: bool,
    /// The organizer approves each RSVP: the button asks to attend.
    approval: bool,
    /// Called with the event's new counts after a successful RSVP.
    on_created: Callback<RsvpState>,
    /// Called when the server says RSVP has closed meanwhile.
    on_closed: Callback<()>,
    /// True once the event has left the board: what was typed stays, but cannot be sent.
    #[prop(into)]
    closed: Signal<bool>,
) -> impl IntoView {
    let config = expect_context::<BoardConfig>();
    let lang = config.lang;
    let t = texts(lang);
    let id_prefix = format!("st-{event_id}");
    // The first keystroke or choice counts as a form begun, once.
    let started = std::cell::Cell::new(false);
    let on_input = move |_: leptos::ev::Event| {
        if !started.replace(true) {
            crate::reach::report(config.reach_api(), ReachAction::RsvpStarted, Some(&event_id));
        }
    };

    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let guests = RwSignal::new("0".to_owned());
    let note = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let mail_consent = RwSignal::new(false);
    let asked: Vec<(Question, AnswerValue, NodeRef<Div>)> =
        questions.into_iter().map(|q| (AnswerValue::new(q.kind), q)).map(|(v, q)| (q, v, NodeRef::new())).collect();
    let asked = StoredValue::new(asked);
    // Keyed by question id; the server names a wrong answer `answers.<id>`.
    let answer_errors = RwSignal::new(Vec::<(String, String)>::new());
    let website = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(Field, String)>::new());
    let general_error = RwSignal::new(None::<String>);
    let submission = RwSignal::new(Submission::Editing);
    let refs: [(Field, NodeRef<Input>); 3] =
        [(Field::Name, NodeRef::new()), (Field::Email, NodeRef::new()), (Field::Company, NodeRef::new())];
    let consent_ref = NodeRef::<Input>::new();
    let focus = move |field: Field| {
        let input = refs.iter().find(|(f, _)| *f == field).map(|(_, r)| r).unwrap_or(&consent_ref).get();
        if let Some(input) = input {
            let _ = input.focus();
        }
    };
    let focus_question = move |id: &str| {
        let field = asked.with_value(|a| a.iter().find(|(q, _, _)| q.id == id).and_then(|(_, _, r)| r.get_untracked()));
        if let Some(control) = field.and_then(|f| f.query_selector("input, select").ok().flatten()) {
            if let Ok(control) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(control) {
                let _ = control.focus();
            }
        }
    };
    let answer_error = move |id: String| {
        Signal::derive(move || answer_errors.with(|all| all.iter().find(|(q, _)| *q == id).map(|(_, m)| m.clone())))
    };
    let error_for = move |field: Field| {
        Signal::derive(move || errors.with(|all| all.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone())))
    };

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if submission.get_untracked() == Submission::Sending || closed.get_untracked() {
            return;
        }
        let optional = |value: String| Some(value).filter(|v| !v.trim().is_empty());
        let request = RsvpRequest {
            name: name.get_untracked(),
            email: email.get_untracked(),
            company: optional(company.get_untracked()),
            guests: guests.get_untracked().parse().unwrap_or(0),
            note: optional(note.get_untracked()),
            consent: consent.get_untracked(),
            website: optional(website.get_untracked()),
            answers: asked.with_value(|a| {
                a.iter().filter_map(|(q, v, _)| Some((q.id.clone(), v.answer()?))).collect::<Answers>()
            }),
            mail_consent: mail_consent.get_untracked(),
        };
        general_error.set(None);
        let problems: Vec<FieldError> = request.problems();
        let wrong_answers = asked.with_value(|a| {
            let questions: Vec<Question> = a.iter().map(|(q, _, _)| q.clone()).collect();
            answer_problems(&questions, &request.answers)
        });
        if !problems.is_empty() || !wrong_answers.is_empty() {
            errors.set(problems.iter().map(|p| (p.field, p.message(lang))).collect());
            answer_errors.set(wrong_answers.iter().map(|e| (e.question.clone(), e.message(lang))).collect());
            // In the form's order: the questions stand between the note and the consent.
            match (problems.first(), wrong_answers.first()) {
                (Some(first), _) if first.field != Field::Consent => focus(first.field),
                (_, Some(answer)) => focus_question(&answer.question),
                (Some(first), None) => focus(first.field),
                (None, None) => {}
            }
            return;
        }
        errors.set(Vec::new());
        answer_errors.set(Vec::new());
        submission.set(Submission::Sending);
        let url = url.clone();
        spawn_local(async move {
            match post_rsvp(&url, &request, lang).await {
                Ok(created) => {
                    if let Some(state) = created.rsvp.clone() {
                        on_created.run(state);
                    }
                    submission.set(Submission::Done(created));
                }
                Err(error) => {
                    submission.set(Submission::Editing);
                    if matches!(&error, ClientError::Api(api) if api.error == ErrorCode::RsvpClosed) {
                        on_closed.run(());
                    }
                    let field = match &error {
                        ClientError::Api(api) => api.field.as_deref().and_then(Field::from_name),
                        _ => None,
                    };
                    let question = match &error {
                        ClientError::Api(api) => api.field.as_deref().and_then(|f| f.strip_prefix("answers.")),
                        _ => None,
                    }
                    .filter(|id| asked.with_value(|a| a.iter().any(|(q, _, _)| q.id == *id)));
                    if let Some(id) = question {
                        answer_errors.set(vec![(id.to_owned(), error.message(lang))]);
                        focus_question(id);
                        return;
                    }
                    match field {
                        Some(field) => {
                            errors.set(vec![(field, error.message(lang))]);
                            focus(field);
                        }
                        None => general_error.set(Some(error.message(lang))),
                    }
                }
            }
        });
    };

    let guests_id = format!("{id_prefix}-guests");
    let note_id = format!("{id_prefix}-note");
    let consent_id = format!("{id_prefix}-consent");
    let consent_error_id = format!("{consent_id}-error");
    let form = view! {
        <form class="st-form" novalidate on:submit=on_submit on:input=on_input
            hidden=move || matches!(submission.get(), Submission::Done(_))>
            <TextField field=Field::Name id_prefix=id_prefix.clone() label=t.label_name autocomplete="name"
                maxlength=100 value=name error=error_for(Field::Name) node_ref=refs[0].1/>
            <TextField field=Field::Email id_prefix=id_prefix.clone() label=t.label_email input_type="email"
                autocomplete="email" maxlength=254 value=email error=error_for(Field::Email) node_ref=refs[1].1/>
            <TextField field=Field::Company id_prefix=id_prefix.clone() label=t.label_company hint=t.optional
                autocomplete="organization" maxlength=100 value=company error=error_for(Field::Company) node_ref=refs[2].1/>
            <div class="st-field">
                <label for=guests_id.clone()>{t.label_guests}</label>
                <select id=guests_id name="guests" bind:value=guests>
                    {(0..=MAX_GUESTS).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                </select>
                <p class="st-field-error">{move || error_for(Field::Guests).get()}</p>
            </div>
            <div class="st-field">
                <label for=note_id.clone()>{t.label_note} <span class="st-hint">" " {t.optional}</span></label>
                <textarea id=note_id name="note" rows="2" maxlength="500" bind:value=note></textarea>
                <p class="st-field-error">{move || error_for(Field::Note).get()}</p>
            </div>
            {asked.with_value(|a| a.iter().map(|(question, value, node_ref)| view! {
                <QuestionField question=question.clone() id_prefix=id_prefix.clone() value=*value
                    error=answer_error(question.id.clone()) node_ref=*node_ref/>
            }).collect_view())}
            {mail_consent_offered.then(|| {
                let id = format!("{id_prefix}-mail-consent");
                view! {
                    <div class="st-field st-consent">
                        <input id=id.clone() name="mail_consent" type="checkbox" bind:checked=mail_consent/>
                        <label for=id>{t.label_mail_consent} <span class="st-hint">" " {t.optional}</span></label>
                    </div>
                }
            })}
            <div class="st-field st-consent">
                <input id=consent_id.clone() name="consent" type="checkbox" bind:checked=consent node_ref=consent_ref
                    aria-invalid=move || error_for(Field::Consent).get().is_some().then_some("true")
                    aria-describedby=consent_error_id.clone()/>
                <label for=consent_id>{t.label_consent}</label>
                <p class="st-field-error" id=consent_error_id>{move || error_for(Field::Consent).get()}</p>
            </div>
            // Bots fill in every field; people never see this one.
            <div class="st-hp" aria-hidden="true">
                <label>"Website" <input name="website" type="text" tabindex="-1" autocomplete="off" bind:value=website/></label>
            </div>
            {move || general_error.get().map(|message| view! { <p class="st-form-error" role="alert">{message}</p> })}
            <button type="submit" class="st-button st-primary" disabled=move || submission.get() == Submission::Sending || closed.get()>
                {move || match submission.get() {
                    Submission::Sending => t.sending,
                    _ if approval => t.submit_request,
                    _ => t.submit,
                }}
            </button>
        </form>
    };

    let done = move || match submission.get() {
        Submission::Done(created) => Some(view! { <RsvpDone created/> }),
        _ => None,
    };
    view! {
        {form}
        {done}
    }
}
