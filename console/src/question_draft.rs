//! The event form's questions as typed: one draft per question, turned into the API's
//! [`Question`]s. A new question's id comes from its text; a stored one keeps its id, since
//! the answers given so far are filed under it.

use stammtisch_model::{Question, QuestionKind, MAX_QUESTION_ID};

use crate::slug::slug;

#[derive(Clone, Debug, PartialEq)]
pub struct QuestionDraft {
    /// Empty until the question is saved once: then taken from the text.
    pub id: String,
    pub label: String,
    pub kind: QuestionKind,
    pub required: bool,
    /// A `choice` question's answers, one per line.
    pub options: String,
}

impl QuestionDraft {
    pub fn new() -> Self {
        QuestionDraft {
            id: String::new(),
            label: String::new(),
            kind: QuestionKind::Text,
            required: false,
            options: String::new(),
        }
    }

    pub fn from_question(q: &Question) -> Self {
        QuestionDraft {
            id: q.id.clone(),
            label: q.label.clone(),
            kind: q.kind,
            required: q.required,
            options: q.options.join("\n"),
        }
    }
}

impl Default for QuestionDraft {
    fn default() -> Self {
        QuestionDraft::new()
    }
}

/// The questions as the API takes them; ids for new questions from their texts, made unique
/// with a number (`thema`, `thema_2`). `retired` are ids the stored event had: a new question
/// never takes the id of a removed one, whose answers are filed under it.
pub fn to_questions(drafts: &[QuestionDraft], retired: &[String]) -> Vec<Question> {
    let mut taken: Vec<String> =
        drafts.iter().map(|d| d.id.clone()).filter(|id| !id.is_empty()).chain(retired.iter().cloned()).collect();
    drafts
        .iter()
        .map(|d| {
            let id = if d.id.is_empty() {
                let stem = slug(&d.label, MAX_QUESTION_ID - 3).replace('-', "_");
                let stem = if stem.is_empty() { "frage".to_owned() } else { stem };
                let id = (1..)
                    .map(|n| if n == 1 { stem.clone() } else { format!("{stem}_{n}") })
                    .find(|candidate| !taken.contains(candidate))
                    .unwrap_or(stem);
                taken.push(id.clone());
                id
            } else {
                d.id.clone()
            };
            let options = match d.kind {
                QuestionKind::Choice => {
                    d.options.lines().map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect()
                }
                _ => Vec::new(),
            };
            Question { id, label: d.label.trim().to_owned(), kind: d.kind, required: d.required, options }
        })
        .collect()
}
