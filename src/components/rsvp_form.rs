use leptos::html::Form;
use leptos::prelude::*;
use leptos::task::spawn_local;
use stammtisch_model::{
    answer_problems, Answer, Answers, ErrorCode, Field, Question, QuestionKind, ReachAction, RsvpCreated, RsvpRequest,
    RsvpState,
};
use wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlElement, HtmlFormElement, SubmitEvent};

use crate::api::{post_rsvp, ClientError};
use crate::components::rsvp_done::RsvpDone;
use crate::components::rsvp_fields::{fields_html, submit_label};
use crate::config::BoardConfig;
use crate::i18n::texts;

/// The RSVP form of one event: checks input with the model's rules before sending, shows
/// the server's answer, or its error next to the field it concerns. Nothing typed is lost on
/// an error. The fields are HTML (`rsvp_fields`); their values are read when the form is sent.
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
    let fields = fields_html(&format!("st-{event_id}"), t, &questions, mail_consent_offered, approval);
    let form_ref = NodeRef::<Form>::new();
    let sending = RwSignal::new(false);
    let created = RwSignal::new(None::<RsvpCreated>);

    // The first keystroke or choice counts as a form begun, once.
    let started = std::cell::Cell::new(false);
    let on_input = move |_: leptos::ev::Event| {
        if !started.replace(true) {
            crate::reach::report(config.reach_api(), ReachAction::RsvpStarted, Some(&event_id));
        }
    };

    Effect::new(move |_| {
        let busy = sending.get();
        let closed = closed.get();
        if let Some(button) = form_ref.get().and_then(|form| form.query_selector("button[type=submit]").ok().flatten())
        {
            let _ = button.toggle_attribute_with_force("disabled", busy || closed);
            button.set_text_content(Some(submit_label(t, approval, busy)));
        }
    });

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let Some(form) = form_ref.get_untracked() else { return };
        if sending.get_untracked() || closed.get_untracked() {
            return;
        }
        let request = read_request(&form, &questions);
        if let Some(old) = form.query_selector(".st-form-error").ok().flatten() {
            old.remove();
        }
        let problems = request.problems();
        let wrong_answers = answer_problems(&questions, &request.answers);
        let mut errors: Vec<(String, String)> =
            problems.iter().map(|p| (p.field.as_str().to_owned(), p.message(lang))).collect();
        // In the form's order: the questions stand between the note and the consent.
        let answers_at = errors.iter().position(|(name, _)| name == Field::Consent.as_str()).unwrap_or(errors.len());
        errors.splice(
            answers_at..answers_at,
            wrong_answers.iter().map(|e| (format!("answers.{}", e.question), e.message(lang))),
        );
        show_errors(&form, &errors);
        if let Some((first, _)) = errors.first() {
            focus(&form, first);
            return;
        }
        sending.set(true);
        let url = url.clone();
        let questions = questions.clone();
        spawn_local(async move {
            let answer = post_rsvp(&url, &request, lang).await;
            sending.set(false);
            match answer {
                Ok(answer) => {
                    if let Some(state) = answer.rsvp.clone() {
                        // The card may have left the board while the RSVP was on its way.
                        on_created.try_run(state);
                    }
                    created.set(Some(answer));
                }
                Err(error) => {
                    if matches!(&error, ClientError::Api(api) if api.error == ErrorCode::RsvpClosed) {
                        on_closed.try_run(());
                    }
                    // The board may have been closed while the RSVP was on its way.
                    let Some(form) = form_ref.try_get_untracked().flatten() else { return };
                    let named = match &error {
                        ClientError::Api(api) => api.field.as_deref().filter(|name| names_a_field(name, &questions)),
                        _ => None,
                    };
                    match named {
                        Some(name) => {
                            show_errors(&form, &[(name.to_owned(), error.message(lang))]);
                            focus(&form, name);
                        }
                        None => show_form_error(&form, &error.message(lang)),
                    }
                }
            }
        });
    };

    view! {
        <form class="st-form" novalidate node_ref=form_ref inner_html=fields on:submit=on_submit on:input=on_input
            hidden=move || created.with(Option::is_some)></form>
        {move || created.get().map(|created| view! { <RsvpDone created/> })}
    }
}

/// The RSVP as the form holds it now.
fn read_request(form: &HtmlFormElement, questions: &[Question]) -> RsvpRequest {
    let data = FormData::new_with_form(form).ok();
    let value = |name: &str| data.as_ref().and_then(|d| d.get(name).as_string()).unwrap_or_default();
    let ticked = |name: &str| data.as_ref().is_some_and(|d| d.has(name));
    let optional = |value: String| Some(value).filter(|v| !v.trim().is_empty());
    let answers = questions
        .iter()
        .filter_map(|q| {
            let name = format!("answers.{}", q.id);
            let answer = match q.kind {
                QuestionKind::Checkbox => Answer::Checked(ticked(&name)),
                _ => Answer::Text(optional(value(&name))?),
            };
            Some((q.id.clone(), answer))
        })
        .collect::<Answers>();
    RsvpRequest {
        name: value("name"),
        email: value("email"),
        company: optional(value("company")),
        guests: value("guests").parse().unwrap_or(0),
        note: optional(value("note")),
        consent: ticked("consent"),
        website: optional(value("website")),
        answers,
        mail_consent: ticked("mail_consent"),
    }
}

/// Whether the server's `field` is one this form shows: a field of the RSVP, or `answers.<id>`
/// of one of its questions.
fn names_a_field(name: &str, questions: &[Question]) -> bool {
    match name.strip_prefix("answers.") {
        Some(id) => questions.iter().any(|q| q.id == id),
        None => Field::from_name(name).is_some(),
    }
}

/// The form's controls that have a name, in the form's order.
fn controls(form: &HtmlFormElement) -> Vec<HtmlElement> {
    let Ok(found) = form.query_selector_all("[name]") else { return Vec::new() };
    (0..found.length()).filter_map(|i| found.item(i)?.dyn_into().ok()).collect()
}

/// Puts each message below its control and marks the control invalid; clears all others.
fn show_errors(form: &HtmlFormElement, errors: &[(String, String)]) {
    for control in controls(form) {
        let name = control.get_attribute("name").unwrap_or_default();
        let message = errors.iter().find(|(field, _)| *field == name).map(|(_, message)| message.as_str());
        let _ = match message {
            Some(_) => control.set_attribute("aria-invalid", "true"),
            None => control.remove_attribute("aria-invalid"),
        };
        let error = control
            .closest(".st-field")
            .ok()
            .flatten()
            .and_then(|f| f.query_selector(".st-field-error").ok().flatten());
        if let Some(error) = error {
            error.set_text_content(message);
        }
    }
}

fn focus(form: &HtmlFormElement, name: &str) {
    if let Some(control) = controls(form).into_iter().find(|c| c.get_attribute("name").as_deref() == Some(name)) {
        let _ = control.focus();
    }
}

/// An error that concerns no single field, above the submit button.
fn show_form_error(form: &HtmlFormElement, message: &str) {
    let Some(button) = form.query_selector("button[type=submit]").ok().flatten() else { return };
    let Some(error) = form.owner_document().and_then(|d| d.create_element("p").ok()) else { return };
    error.set_class_name("st-form-error");
    let _ = error.set_attribute("role", "alert");
    error.set_text_content(Some(message));
    let _ = button.before_with_node_1(&error);
}
