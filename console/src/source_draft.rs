//! The partner-feed form's state and the body of `PUT /api/v1/admin/sources/{id}`.

use stammtisch_model::{is_valid_event_id, web_url, Kind, Problem};

use crate::problems::{in_form_order, list, FieldProblem, Issue};
use stammtisch_model::{Source, SourceInput, SourceMode, DEFAULT_REFRESH_MINUTES};

pub const SOURCE_FIELDS: [&str; 6] = ["id", "url", "default_kind", "tags", "refresh_minutes", "mode"];

/// Partner-feed ids are shorter than event ids: `[a-z0-9][a-z0-9-]{0,31}`.
pub const MAX_SOURCE_ID: usize = 32;

/// The server's range: partners' servers are not to be hammered, and a week is long enough.
const REFRESH_MINUTES: (u32, u32) = (5, 10_080);

/// The element id of a field of the partner-feed form: `refresh_minutes` → `source-refresh-minutes`.
pub fn source_field_id(field: &str) -> String {
    format!("source-{}", field.replace(['.', '_'], "-"))
}

#[derive(Clone, Debug, PartialEq)]
pub struct SourceDraft {
    pub id: String,
    /// Editing a stored feed: its id stays.
    pub editing: bool,
    pub url: String,
    pub default_kind: Option<Kind>,
    pub tags: String,
    pub refresh_minutes: String,
    pub mode: SourceMode,
}

impl Default for SourceDraft {
    fn default() -> Self {
        SourceDraft {
            id: String::new(),
            editing: false,
            url: String::new(),
            default_kind: None,
            tags: String::new(),
            refresh_minutes: DEFAULT_REFRESH_MINUTES.to_string(),
            mode: SourceMode::ReadOnly,
        }
    }
}

impl SourceDraft {
    pub fn from_source(source: &Source) -> Self {
        SourceDraft {
            id: source.id.clone(),
            editing: true,
            url: source.url.clone(),
            default_kind: source.default_kind,
            tags: source.tags.join(", "),
            refresh_minutes: source.refresh_minutes.to_string(),
            mode: source.mode,
        }
    }

    /// The id and body for the API, or every problem, one per field.
    pub fn to_input(&self) -> Result<(String, SourceInput), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let id = self.id.trim().to_owned();
        if id.is_empty() {
            problems.push(FieldProblem::new("id", Issue::Rule(Problem::Required)));
        } else if !is_valid_event_id(&id) || id.len() > MAX_SOURCE_ID {
            problems.push(FieldProblem::new("id", Issue::Id { max: MAX_SOURCE_ID }));
        }
        let url = self.url.trim().to_owned();
        if url.is_empty() {
            problems.push(FieldProblem::new("url", Issue::Rule(Problem::Required)));
        } else if web_url(&url).is_none() {
            problems.push(FieldProblem::new("url", Issue::Rule(Problem::NotAUrl)));
        }
        let (min, max) = REFRESH_MINUTES;
        let refresh_minutes = self.refresh_minutes.trim().parse::<u32>().ok().filter(|m| (min..=max).contains(m));
        if refresh_minutes.is_none() {
            problems.push(FieldProblem::new("refresh_minutes", Issue::Between { min, max }));
        }
        if !problems.is_empty() {
            return Err(in_form_order(problems, &SOURCE_FIELDS));
        }
        let input = SourceInput {
            url,
            default_kind: self.default_kind,
            tags: list(&self.tags),
            refresh_minutes: refresh_minutes.unwrap_or(DEFAULT_REFRESH_MINUTES),
            mode: self.mode,
        };
        Ok((id, input))
    }
}
