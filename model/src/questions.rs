//! An organizer's own questions on an event's RSVP form (CONTRACT §8) and the rules for their
//! answers, checked the same way in the board, the page without scripts and the server.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::rsvp::Problem;
use crate::Lang;

pub const MAX_QUESTIONS: usize = 10;
pub const MAX_QUESTION_ID: usize = 32;
pub const MAX_QUESTION_LABEL: usize = 200;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_OPTION: usize = 100;
pub const MAX_ANSWER: usize = 500;

/// One question of an event's form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// `[a-z0-9_]{1,32}`: the key of its answer in `answers`.
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
    /// The choices of a `choice` question, in the order the form shows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of `options`.
    Choice,
    /// Yes or no; never ticked in advance.
    Checkbox,
    /// Free text; also what an unknown kind reads as, so a newer feed still shows a field.
    #[default]
    #[serde(other)]
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 3] = [QuestionKind::Text, QuestionKind::Choice, QuestionKind::Checkbox];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Choice => "choice",
            QuestionKind::Checkbox => "checkbox",
        }
    }

    pub fn from_name(name: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// An answer: text or an option for `text` and `choice`, a flag for `checkbox`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Answer {
    Checked(bool),
    Text(String),
}

impl Answer {
    /// As a spreadsheet cell or a line of text shows it.
    pub fn display(&self, lang: Lang) -> String {
        match (self, lang) {
            (Answer::Checked(true), Lang::De) => "ja".into(),
            (Answer::Checked(false), Lang::De) => "nein".into(),
            (Answer::Checked(true), Lang::En) => "yes".into(),
            (Answer::Checked(false), Lang::En) => "no".into(),
            (Answer::Text(text), _) => text.clone(),
        }
    }
}

/// Answers by question id.
pub type Answers = BTreeMap<String, Answer>;

pub fn is_valid_question_id(id: &str) -> bool {
    (1..=MAX_QUESTION_ID).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn one_line(text: &str) -> bool {
    !text.chars().any(char::is_control)
}

/// The first broken rule of an event's questions, named by the part of a question it concerns:
/// `questions`, `questions.id`, `questions.label` or `questions.options`.
pub fn question_problem(questions: &[Question]) -> Option<(&'static str, Problem)> {
    if questions.len() > MAX_QUESTIONS {
        return Some(("questions", Problem::TooMany { max: MAX_QUESTIONS }));
    }
    for (i, q) in questions.iter().enumerate() {
        if !is_valid_question_id(&q.id) {
            return Some(("questions.id", if q.id.is_empty() { Problem::Required } else { Problem::InvalidId }));
        }
        if questions[..i].iter().any(|earlier| earlier.id == q.id) {
            return Some(("questions.id", Problem::Duplicate));
        }
        let label = q.label.trim();
        if label.is_empty() {
            return Some(("questions.label", Problem::Required));
        }
        if label.chars().count() > MAX_QUESTION_LABEL {
            return Some(("questions.label", Problem::TooLong { max: MAX_QUESTION_LABEL }));
        }
        if !one_line(label) {
            return Some(("questions.label", Problem::NotOneLine));
        }
        match q.kind {
            QuestionKind::Choice if q.options.len() < 2 => {
                return Some(("questions.options", Problem::TooShort { min: 2 }))
            }
            QuestionKind::Choice if q.options.len() > MAX_OPTIONS => {
                return Some(("questions.options", Problem::TooMany { max: MAX_OPTIONS }))
            }
            QuestionKind::Choice => {
                for (j, option) in q.options.iter().enumerate() {
                    let option = option.trim();
                    if option.is_empty() {
                        return Some(("questions.options", Problem::Required));
                    }
                    if option.chars().count() > MAX_OPTION {
                        return Some(("questions.options", Problem::TooLong { max: MAX_OPTION }));
                    }
                    if !one_line(option) {
                        return Some(("questions.options", Problem::NotOneLine));
                    }
                    if q.options[..j].iter().any(|earlier| earlier.trim() == option) {
                        return Some(("questions.options", Problem::Duplicate));
                    }
                }
            }
            _ if !q.options.is_empty() => return Some(("questions.options", Problem::NotAnOption)),
            _ => {}
        }
    }
    None
}

/// Questions as they are stored: labels and options trimmed.
pub fn tidy_questions(questions: &[Question]) -> Vec<Question> {
    questions
        .iter()
        .map(|q| Question {
            id: q.id.clone(),
            label: q.label.trim().to_owned(),
            kind: q.kind,
            required: q.required,
            options: q.options.iter().map(|o| o.trim().to_owned()).collect(),
        })
        .collect()
}

/// A broken rule of one answer; the contract names it `answers.<id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError {
    pub question: String,
    pub problem: Problem,
    kind: QuestionKind,
}

impl AnswerError {
    pub fn field(&self) -> String {
        format!("answers.{}", self.question)
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self.problem, self.kind, lang) {
            (Problem::Required, QuestionKind::Checkbox, Lang::De) => "Bitte bestätigen Sie dies.".into(),
            (Problem::Required, QuestionKind::Checkbox, Lang::En) => "Please confirm this.".into(),
            (Problem::Required, QuestionKind::Choice, Lang::De) => "Bitte wählen Sie eine Antwort.".into(),
            (Problem::Required, QuestionKind::Choice, Lang::En) => "Please choose an answer.".into(),
            (Problem::Required, QuestionKind::Text, Lang::De) => "Bitte beantworten Sie diese Frage.".into(),
            (Problem::Required, QuestionKind::Text, Lang::En) => "Please answer this question.".into(),
            (Problem::NotAnOption, _, Lang::De) => "Bitte wählen Sie eine der angebotenen Antworten.".into(),
            (Problem::NotAnOption, _, Lang::En) => "Please choose one of the answers offered.".into(),
            (Problem::WrongType, QuestionKind::Checkbox, Lang::De) => "Hier ist ja oder nein gefragt.".into(),
            (Problem::WrongType, QuestionKind::Checkbox, Lang::En) => "This takes yes or no.".into(),
            (Problem::WrongType, _, Lang::De) => "Hier ist ein Text gefragt.".into(),
            (Problem::WrongType, _, Lang::En) => "This takes text.".into(),
            (problem, _, lang) => crate::FieldError { field: crate::Field::Note, problem }.message(lang),
        }
    }
}

/// Checks `answers` against the event's `questions`, in the order of the questions, and
/// returns them cleaned: texts trimmed, empty and unticked optional answers left out, answers
/// to questions the event no longer asks dropped (a form opened before the organizer changed
/// the questions still goes through).
pub fn check_answers(questions: &[Question], answers: &Answers) -> Result<Answers, AnswerError> {
    let mut clean = Answers::new();
    for q in questions {
        let fail = |problem| Err(AnswerError { question: q.id.clone(), problem, kind: q.kind });
        match (q.kind, answers.get(&q.id)) {
            (QuestionKind::Checkbox, Some(Answer::Checked(true))) => {
                clean.insert(q.id.clone(), Answer::Checked(true));
            }
            (QuestionKind::Checkbox, None | Some(Answer::Checked(false))) if q.required => {
                return fail(Problem::Required)
            }
            (QuestionKind::Checkbox, None | Some(Answer::Checked(false))) => {}
            (QuestionKind::Checkbox, Some(Answer::Text(_))) => return fail(Problem::WrongType),
            (_, Some(Answer::Checked(_))) => return fail(Problem::WrongType),
            (kind, answer) => {
                let text = match answer {
                    Some(Answer::Text(text)) => text.trim(),
                    _ => "",
                };
                if text.is_empty() {
                    if q.required {
                        return fail(Problem::Required);
                    }
                    continue;
                }
                if kind == QuestionKind::Choice && !q.options.iter().any(|o| o.trim() == text) {
                    return fail(Problem::NotAnOption);
                }
                if text.chars().count() > MAX_ANSWER {
                    return fail(Problem::TooLong { max: MAX_ANSWER });
                }
                if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
                    return fail(Problem::NotOneLine);
                }
                clean.insert(q.id.clone(), Answer::Text(text.to_owned()));
            }
        }
    }
    Ok(clean)
}

/// Every broken rule, one per question at most, in the order of the questions: for a form
/// that marks all of them at once.
pub fn answer_problems(questions: &[Question], answers: &Answers) -> Vec<AnswerError> {
    questions.iter().filter_map(|q| check_answers(std::slice::from_ref(q), answers).err()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, kind: QuestionKind, required: bool) -> Question {
        let options = match kind {
            QuestionKind::Choice => vec!["Cloud".into(), "Security".into()],
            _ => vec![],
        };
        Question { id: id.into(), label: format!("Frage {id}"), kind, required, options }
    }

    fn form() -> Vec<Question> {
        vec![
            question("position", QuestionKind::Text, true),
            question("topic", QuestionKind::Choice, false),
            question("vegetarian", QuestionKind::Checkbox, false),
            question("terms", QuestionKind::Checkbox, true),
        ]
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    #[test]
    fn the_contracts_answer_shapes_read() {
        let read: Answers = serde_json::from_str(r#"{"position": "CTO", "topic": "Cloud", "terms": true}"#).unwrap();
        assert_eq!(read["position"], Answer::Text("CTO".into()));
        assert_eq!(read["terms"], Answer::Checked(true));
        assert!(serde_json::from_str::<Answers>(r#"{"position": 42}"#).is_err(), "neither text nor a flag");
    }

    #[test]
    fn valid_answers_are_trimmed_and_empty_ones_left_out() {
        let given = answers(&[
            ("position", Answer::Text("  CTO ".into())),
            ("topic", Answer::Text("".into())),
            ("vegetarian", Answer::Checked(false)),
            ("terms", Answer::Checked(true)),
            ("gone", Answer::Text("a question the event no longer asks".into())),
        ]);
        let clean = check_answers(&form(), &given).unwrap();
        assert_eq!(clean, answers(&[("position", Answer::Text("CTO".into())), ("terms", Answer::Checked(true))]));
    }

    #[test]
    fn each_rule_names_its_question() {
        let ok = || answers(&[("position", Answer::Text("CTO".into())), ("terms", Answer::Checked(true))]);
        let with = |id: &str, answer: Answer| {
            let mut a = ok();
            a.insert(id.into(), answer);
            a
        };
        let without = |id: &str| {
            let mut a = ok();
            a.remove(id);
            a
        };
        let cases = [
            (without("position"), "answers.position", Problem::Required),
            (with("position", Answer::Text("  ".into())), "answers.position", Problem::Required),
            (with("position", Answer::Checked(true)), "answers.position", Problem::WrongType),
            (with("position", Answer::Text("x".repeat(501))), "answers.position", Problem::TooLong { max: 500 }),
            (with("topic", Answer::Text("Golf".into())), "answers.topic", Problem::NotAnOption),
            (with("vegetarian", Answer::Text("ja".into())), "answers.vegetarian", Problem::WrongType),
            (without("terms"), "answers.terms", Problem::Required),
            (with("terms", Answer::Checked(false)), "answers.terms", Problem::Required),
        ];
        for (given, field, problem) in cases {
            let error = check_answers(&form(), &given).unwrap_err();
            assert_eq!((error.field().as_str(), error.problem), (field, problem), "{given:?}");
            assert!(!error.message(Lang::De).is_empty() && !error.message(Lang::En).is_empty());
        }
        assert_eq!(answer_problems(&form(), &Answers::new()).len(), 2, "position and terms");
    }

    #[test]
    fn question_rules() {
        assert_eq!(question_problem(&form()), None);
        let broken = |change: &dyn Fn(&mut Vec<Question>)| {
            let mut questions = form();
            change(&mut questions);
            question_problem(&questions)
        };
        assert_eq!(broken(&|q| q[0].id = "Position".into()), Some(("questions.id", Problem::InvalidId)));
        assert_eq!(broken(&|q| q[1].id = "position".into()), Some(("questions.id", Problem::Duplicate)));
        assert_eq!(broken(&|q| q[0].label = " ".into()), Some(("questions.label", Problem::Required)));
        assert_eq!(broken(&|q| q[1].options.truncate(1)), Some(("questions.options", Problem::TooShort { min: 2 })));
        assert_eq!(broken(&|q| q[1].options[1] = "Cloud ".into()), Some(("questions.options", Problem::Duplicate)));
        assert_eq!(broken(&|q| q[2].options = vec!["x".into()]), Some(("questions.options", Problem::NotAnOption)));
        let eleven = |q: &mut Vec<Question>| {
            *q = (0..11).map(|i| question(&format!("q{i}"), QuestionKind::Text, false)).collect()
        };
        assert_eq!(broken(&eleven), Some(("questions", Problem::TooMany { max: 10 })));
    }

    #[test]
    fn an_unknown_kind_reads_as_text() {
        let q: Question = serde_json::from_str(r#"{"id": "x", "label": "X", "kind": "rating"}"#).unwrap();
        assert_eq!(q.kind, QuestionKind::Text);
    }
}
