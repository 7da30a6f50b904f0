//! The RSVP form of the event page without scripts (docs/API.md §7): what the board's form
//! asks, the organizer's questions included, as plain HTML, and what it posts read back.

use std::collections::BTreeMap;

use serde::Deserialize;
use stammtisch_board::server::texts;
use stammtisch_model::{
    Answer, Answers, Event, Lang, QuestionKind, RsvpRequest, MAX_ANSWER, MAX_COMPANY, MAX_EMAIL, MAX_GUESTS, MAX_NAME,
    MAX_NOTE,
};

use crate::html::escape;

/// The RSVP form's fields as posted; everything text, so a wrong value is the model's error.
#[derive(Debug, Default, Deserialize)]
pub struct RsvpFormData {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    company: String,
    #[serde(default)]
    guests: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    consent: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    mail_consent: Option<String>,
    /// `answers.<id>` fields, read by [`RsvpFormData::read`].
    #[serde(skip)]
    answers: BTreeMap<String, String>,
}

impl RsvpFormData {
    /// The posted form; what cannot be read at all reads as an empty form, which the rules
    /// then name field by field.
    pub fn read(body: &[u8]) -> RsvpFormData {
        let mut form: RsvpFormData = serde_urlencoded::from_bytes(body).unwrap_or_default();
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        form.answers = pairs
            .into_iter()
            .filter_map(|(name, value)| Some((name.strip_prefix("answers.")?.to_owned(), value)))
            .collect();
        form
    }

    /// The RSVP as the API takes it; a guest count that is not a number is `Err`. A ticked
    /// checkbox posts its value, an unticked one nothing.
    pub fn request(&self, event: &Event) -> Result<RsvpRequest, ()> {
        let guests = match self.guests.trim() {
            "" => 0,
            n => n.parse().map_err(|_| ())?,
        };
        let optional = |text: &str| Some(text.to_owned()).filter(|t| !t.trim().is_empty());
        Ok(RsvpRequest {
            name: self.name.clone(),
            email: self.email.clone(),
            company: optional(&self.company),
            guests,
            note: optional(&self.note),
            consent: self.consent.is_some(),
            website: self.website.clone(),
            answers: event
                .questions
                .iter()
                .filter_map(|q| {
                    let posted = self.answers.get(&q.id);
                    let answer = match q.kind {
                        QuestionKind::Checkbox => Answer::Checked(posted.is_some()),
                        _ => Answer::Text(posted?.clone()),
                    };
                    Some((q.id.clone(), answer))
                })
                .collect::<Answers>(),
            mail_consent: self.mail_consent.is_some(),
        })
    }
}

/// What the form says above itself after a failed post: the message, and which field.
pub struct FormProblem {
    pub message: String,
    pub field: Option<String>,
}

/// One field of the form: what the board's form asks, with the model's limits.
struct Input<'a> {
    name: &'static str,
    label: String,
    /// `text`, `email`, `number` or `textarea`.
    kind: &'static str,
    max: usize,
    attributes: &'static str,
    value: &'a str,
}

fn input_html(input: &Input, problem: Option<&FormProblem>) -> String {
    let Input { name, label, kind, max, attributes, value } = input;
    let (invalid, error) = error_for(name, problem);
    let value = escape(value);
    let control = match *kind {
        "textarea" => format!("<textarea id=\"rsvp-{name}\" name=\"{name}\" maxlength=\"{max}\" rows=\"3\"{invalid}>{value}</textarea>"),
        "number" => format!("<input id=\"rsvp-{name}\" name=\"{name}\" type=\"number\" min=\"0\" max=\"{max}\" value=\"{value}\"{invalid}>"),
        kind => format!("<input id=\"rsvp-{name}\" name=\"{name}\" type=\"{kind}\" maxlength=\"{max}\"{attributes} value=\"{value}\"{invalid}>"),
    };
    format!("<label for=\"rsvp-{name}\">{label}</label>{control}{error}")
}

pub fn rsvp_form(event: &Event, lang: Lang, filled: &RsvpFormData, problem: Option<&FormProblem>) -> String {
    let t = texts(lang);
    let optional = |label: &str| format!("{label} <span class=\"hint\">{}</span>", t.optional);
    let guests = if filled.guests.is_empty() { "0" } else { filled.guests.as_str() };
    let inputs = [
        Input {
            name: "name",
            label: t.label_name.into(),
            kind: "text",
            max: MAX_NAME,
            attributes: " required autocomplete=\"name\"",
            value: &filled.name,
        },
        Input {
            name: "email",
            label: t.label_email.into(),
            kind: "email",
            max: MAX_EMAIL,
            attributes: " required autocomplete=\"email\"",
            value: &filled.email,
        },
        Input {
            name: "company",
            label: optional(t.label_company),
            kind: "text",
            max: MAX_COMPANY,
            attributes: " autocomplete=\"organization\"",
            value: &filled.company,
        },
        Input {
            name: "guests",
            label: t.label_guests.into(),
            kind: "number",
            max: usize::from(MAX_GUESTS),
            attributes: "",
            value: guests,
        },
        Input {
            name: "note",
            label: optional(t.label_note),
            kind: "textarea",
            max: MAX_NOTE,
            attributes: "",
            value: &filled.note,
        },
    ];
    let mut fields: String = inputs.iter().map(|input| input_html(input, problem)).collect();
    fields.push_str(&questions_html(event, lang, filled, problem));
    let general = problem
        .filter(|p| p.field.is_none())
        .map(|p| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(&p.message)))
        .unwrap_or_default();
    let (consent_invalid, consent_error) = error_for("consent", problem);
    format!(
        "<form class=\"rsvp\" method=\"post\" action=\"/events/{id}/rsvp\">{general}\
         <input type=\"hidden\" name=\"locale\" value=\"{tag}\">{fields}\
         {mail_consent}<p class=\"check\"><input type=\"checkbox\" id=\"rsvp-consent\" name=\"consent\" value=\"true\" required{checked}{consent_invalid}>\
         <label for=\"rsvp-consent\">{consent_label}</label></p>{consent_error}\
         <p class=\"hp\" aria-hidden=\"true\"><label>Website <input name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></label></p>\
         <button type=\"submit\">{submit}</button></form>",
        id = event.id,
        tag = lang.tag(),
        checked = if filled.consent.is_some() { " checked" } else { "" },
        consent_label = t.label_consent,
        mail_consent = mail_consent_html(event, lang, filled),
        submit = if event.rsvp.as_ref().is_some_and(|r| r.approval) { t.submit_request } else { t.submit },
    )
}

/// An error paragraph and the attributes that tie a control to it, when `problem` concerns
/// the field `name`.
fn error_for(name: &str, problem: Option<&FormProblem>) -> (String, String) {
    let id = name.replace('.', "-");
    match problem.filter(|p| p.field.as_deref() == Some(name)) {
        Some(p) => (
            format!(" aria-invalid=\"true\" aria-describedby=\"error-{id}\""),
            format!("<p class=\"error\" id=\"error-{id}\">{}</p>", escape(&p.message)),
        ),
        None => (String::new(), String::new()),
    }
}

/// The organizer's questions, in their order, with what was posted and the error at its
/// question.
fn questions_html(event: &Event, lang: Lang, filled: &RsvpFormData, problem: Option<&FormProblem>) -> String {
    let t = texts(lang);
    let mut html = String::new();
    for q in &event.questions {
        let name = format!("answers.{}", q.id);
        let id = format!("rsvp-q-{}", q.id);
        let (invalid, error) = error_for(&name, problem);
        let label = escape(&q.label);
        let hint = if q.required { String::new() } else { format!(" <span class=\"hint\">{}</span>", t.optional) };
        let required = if q.required { " required" } else { "" };
        let posted = filled.answers.get(&q.id).map(String::as_str).unwrap_or("");
        match q.kind {
            QuestionKind::Checkbox => html.push_str(&format!(
                "<p class=\"check\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"true\"{required}{checked}{invalid}>\
                 <label for=\"{id}\">{label}{hint}</label></p>{error}",
                checked = if filled.answers.contains_key(&q.id) { " checked" } else { "" },
            )),
            QuestionKind::Choice => {
                let options: String = q
                    .options
                    .iter()
                    .map(|o| {
                        let selected = if o == posted { " selected" } else { "" };
                        // The value, not the shown text, is posted: browsers collapse its spaces.
                        format!("<option value=\"{text}\"{selected}>{text}</option>", text = escape(o))
                    })
                    .collect();
                html.push_str(&format!(
                    "<label for=\"{id}\">{label}{hint}</label><select id=\"{id}\" name=\"{name}\"{required}{invalid}>\
                     <option value=\"\">{choose}</option>{options}</select>{error}",
                    choose = t.choose,
                ));
            }
            QuestionKind::Text => html.push_str(&format!(
                "<label for=\"{id}\">{label}{hint}</label><input id=\"{id}\" name=\"{name}\" type=\"text\" \
                 maxlength=\"{MAX_ANSWER}\"{required} value=\"{value}\"{invalid}>{error}",
                value = escape(posted),
            )),
        }
    }
    html
}

/// The checkbox for mail about future events, where the event offers it; never ticked unless
/// the visitor ticked it before an error.
fn mail_consent_html(event: &Event, lang: Lang, filled: &RsvpFormData) -> String {
    if !event.rsvp.as_ref().is_some_and(|r| r.mail_consent) {
        return String::new();
    }
    let t = texts(lang);
    format!(
        "<p class=\"check\"><input type=\"checkbox\" id=\"rsvp-mail-consent\" name=\"mail_consent\" value=\"true\"{checked}>\
         <label for=\"rsvp-mail-consent\">{label} <span class=\"hint\">{optional}</span></label></p>",
        checked = if filled.mail_consent.is_some() { " checked" } else { "" },
        label = t.label_mail_consent,
        optional = t.optional,
    )
}
