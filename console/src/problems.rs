//! A problem with one form field: a rule of the model, the console's own reading of what was
//! typed, or the server's answer. Each is shown at its field.

use stammtisch_model::{ErrorCode, EventFieldError, Lang, Problem};

use leptos::prelude::*;

use crate::api::ClientError;
use crate::i18n::texts;
use crate::refocus::focus;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// A rule of the model, in the model's words.
    Rule(Problem),
    /// A rule of the model whose words depend on the field it names (the questions).
    QuestionRule(EventFieldError),
    /// An id with a shorter limit than events have (series, partner feeds).
    Id { max: usize },
    /// Not a whole number of at least `min`.
    WholeNumber { min: u32 },
    /// Not a whole number from `min` to `max`.
    Between { min: u32, max: u32 },
    /// Not a date like 2027-01-07.
    Date,
    /// One of a list of dates is not a date.
    Dates,
    /// Not a time like 12:30.
    Time,
    /// The server's message, already in the console's language.
    Server(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name in the API's JSON, e.g. `location.city`.
    pub field: String,
    pub issue: Issue,
}

impl FieldProblem {
    pub fn new(field: &str, issue: Issue) -> Self {
        FieldProblem { field: field.to_owned(), issue }
    }

    pub fn message(&self, lang: Lang) -> String {
        let t = texts(lang);
        match &self.issue {
            // The model's messages do not depend on the field's name.
            Issue::Rule(problem) => EventFieldError { field: "", problem: *problem }.message(lang),
            Issue::QuestionRule(error) => error.message(lang),
            Issue::Id { max } => (t.problem_id)(*max),
            Issue::WholeNumber { min } => (t.problem_whole_number)(*min),
            Issue::Between { min, max } => (t.problem_between)(*min, *max),
            Issue::Date => t.problem_date.into(),
            Issue::Dates => t.problem_dates.into(),
            Issue::Time => t.problem_time.into(),
            Issue::Server(message) => message.clone(),
        }
    }
}

/// Where a failed save is shown: at a field of the form (`fields` are the form's JSON names),
/// or above the form.
pub fn placed(error: &ClientError, fields: &[&str], lang: Lang) -> Result<FieldProblem, String> {
    let message = error.message(lang);
    let field = match (error.field(), error.code()) {
        (Some(field), _) => Some(field.strip_prefix("event.").unwrap_or(field)),
        // The id is taken: that is the id field's problem, though the server names none.
        (None, Some(ErrorCode::AlreadyExists)) => Some("id"),
        _ => None,
    };
    match field {
        Some(field) if fields.contains(&field) => Ok(FieldProblem::new(field, Issue::Server(message))),
        _ => Err(message),
    }
}

/// A save the server refused: shown at the field it blamed when the form has that field,
/// else at the top of the form (the element `general_id`); focus goes where it is shown.
pub fn show_refusal(
    error: &ClientError,
    fields: &[&str],
    lang: Lang,
    field_id: fn(&str) -> String,
    problems: RwSignal<Vec<FieldProblem>>,
    general: (RwSignal<Option<String>>, &str),
) {
    match placed(error, fields, lang) {
        Ok(problem) => {
            let id = field_id(&problem.field);
            problems.set(vec![problem]);
            focus(&id);
        }
        Err(message) => {
            general.0.set(Some(message));
            focus(general.1);
        }
    }
}

/// Keeps the first problem of each field, in the order of `fields`.
pub fn in_form_order(mut problems: Vec<FieldProblem>, fields: &[&str]) -> Vec<FieldProblem> {
    let mut seen: Vec<String> = Vec::new();
    problems.retain(|p| {
        let first = !seen.contains(&p.field);
        seen.push(p.field.clone());
        first
    });
    problems.sort_by_key(|p| fields.iter().position(|f| *f == p.field).unwrap_or(fields.len()));
    problems
}

/// `""` is `None`; otherwise a whole number of at least `min`.
pub fn optional_number(text: &str, min: u32) -> Result<Option<u32>, Issue> {
    match text.trim() {
        "" => Ok(None),
        text => text.parse::<u32>().ok().filter(|n| *n >= min).map(Some).ok_or(Issue::WholeNumber { min }),
    }
}

/// Trimmed, and `None` when nothing is left.
pub fn optional_text(text: &str) -> Option<String> {
    Some(text.trim()).filter(|t| !t.is_empty()).map(str::to_owned)
}

/// A comma-separated list, trimmed, without empty entries.
pub fn list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}
