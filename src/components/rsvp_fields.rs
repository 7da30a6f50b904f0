//! The RSVP form's fields, written as HTML and parsed by the browser in one call.
//!
//! As Leptos views the fields cost some 13 KB of the widget's download (brotli), for a form
//! that few visitors open and whose parts never change while it is edited: what changes (error
//! messages, `aria-invalid`, the button) is set by `rsvp_form` on the elements themselves, and
//! the values are read from the form when it is sent. Every field has the same shape, which
//! `rsvp_form` relies on: a control with a `name` inside a `.st-field`, and below it a
//! `.st-field-error` that the control names in `aria-describedby`.

use std::fmt::Write;

use stammtisch_model::{Field, Question, QuestionKind, MAX_ANSWER, MAX_GUESTS};

use crate::i18n::Texts;
use crate::markup::html;

/// The form's content for one event: its fields, the honeypot and the submit button.
pub fn fields_html(id_prefix: &str, t: &Texts, questions: &[Question], mail_consent: bool, approval: bool) -> String {
    let mut out = String::with_capacity(2048);
    let text_field = |out: &mut String, field: Field, label: &str, kind: &str, autocomplete: &str, max: usize| {
        let id = format!("{id_prefix}-{}", field.as_str());
        let hint = (field == Field::Company).then_some(t.optional);
        field_start(out, &id, label, hint);
        let _ = write!(out, "<input type=\"{kind}\" autocomplete=\"{autocomplete}\" maxlength=\"{max}\"");
        control_end(out, &id, field.as_str(), false);
        field_end(out, &id);
    };
    text_field(&mut out, Field::Name, t.label_name, "text", "name", 100);
    text_field(&mut out, Field::Email, t.label_email, "email", "email", 254);
    text_field(&mut out, Field::Company, t.label_company, "text", "organization", 100);

    let id = format!("{id_prefix}-guests");
    field_start(&mut out, &id, t.label_guests, None);
    out.push_str("<select");
    control_end(&mut out, &id, "guests", false);
    for n in 0..=MAX_GUESTS {
        let _ = write!(out, "<option value=\"{n}\">{n}</option>");
    }
    out.push_str("</select>");
    field_end(&mut out, &id);

    let id = format!("{id_prefix}-note");
    field_start(&mut out, &id, t.label_note, Some(t.optional));
    out.push_str("<textarea rows=\"2\" maxlength=\"500\"");
    control_end(&mut out, &id, "note", false);
    out.push_str("</textarea>");
    field_end(&mut out, &id);

    for question in questions {
        question_field(&mut out, id_prefix, t, question);
    }

    if mail_consent {
        let id = format!("{id_prefix}-mail-consent");
        out.push_str("<div class=\"st-field st-consent\"><input type=\"checkbox\" name=\"mail_consent\"");
        html::attribute(&mut out, "id", &id);
        out.push('>');
        label(&mut out, &id, t.label_mail_consent, Some(t.optional));
        out.push_str("</div>");
    }

    let id = format!("{id_prefix}-consent");
    out.push_str("<div class=\"st-field st-consent\"><input type=\"checkbox\"");
    control_end(&mut out, &id, "consent", false);
    label(&mut out, &id, t.label_consent, None);
    field_end(&mut out, &id);

    // Bots fill in every field; people never see this one.
    out.push_str(
        "<div class=\"st-hp\" aria-hidden=\"true\"><label>Website <input name=\"website\" type=\"text\" \
         tabindex=\"-1\" autocomplete=\"off\"></label></div>",
    );
    out.push_str("<button type=\"submit\" class=\"st-button st-primary\">");
    html::text(&mut out, submit_label(t, approval, false));
    out.push_str("</button>");
    out
}

/// What the submit button says.
pub fn submit_label(t: &Texts, approval: bool, sending: bool) -> &'static str {
    if sending {
        t.sending
    } else if approval {
        t.submit_request
    } else {
        t.submit
    }
}

/// One of the organizer's own questions: a line of text, a choice, or a checkbox that is never
/// ticked in advance.
fn question_field(out: &mut String, id_prefix: &str, t: &Texts, question: &Question) {
    let id = format!("{id_prefix}-q-{}", question.id);
    let name = format!("answers.{}", question.id);
    let hint = (!question.required).then_some(t.optional);
    if question.kind == QuestionKind::Checkbox {
        out.push_str("<div class=\"st-field st-consent\"><input type=\"checkbox\"");
        control_end(out, &id, &name, question.required);
        label(out, &id, &question.label, hint);
    } else {
        field_start(out, &id, &question.label, hint);
        if question.kind == QuestionKind::Choice {
            out.push_str("<select");
            control_end(out, &id, &name, question.required);
            out.push_str("<option value=\"\">");
            html::text(out, t.choose);
            out.push_str("</option>");
            for option in &question.options {
                out.push_str("<option");
                html::attribute(out, "value", option);
                out.push('>');
                html::text(out, option);
                out.push_str("</option>");
            }
            out.push_str("</select>");
        } else {
            let _ = write!(out, "<input type=\"text\" maxlength=\"{MAX_ANSWER}\"");
            control_end(out, &id, &name, question.required);
        }
    }
    field_end(out, &id);
}

/// Opens a field and writes its label.
fn field_start(out: &mut String, id: &str, text: &str, hint: Option<&str>) {
    out.push_str("<div class=\"st-field\">");
    label(out, id, text, hint);
}

fn label(out: &mut String, id: &str, text: &str, hint: Option<&str>) {
    out.push_str("<label");
    html::attribute(out, "for", id);
    out.push('>');
    html::text(out, text);
    if let Some(hint) = hint {
        out.push_str("<span class=\"st-hint\"> ");
        html::text(out, hint);
        out.push_str("</span>");
    }
    out.push_str("</label>");
}

/// Ends a control's start tag with its id, name and the error it is described by.
fn control_end(out: &mut String, id: &str, name: &str, required: bool) {
    html::attribute(out, "id", id);
    html::attribute(out, "name", name);
    html::attribute(out, "aria-describedby", &format!("{id}-error"));
    if required {
        out.push_str(" required");
    }
    out.push('>');
}

/// The field's error message (empty until there is one), and the field's end.
fn field_end(out: &mut String, id: &str) {
    out.push_str("<p class=\"st-field-error\"");
    html::attribute(out, "id", &format!("{id}-error"));
    out.push_str("></p></div>");
}
