//! The event form's state as typed, and its conversion to the API's [`EventInput`]: wall-clock
//! times in the event's zone become RFC 3339 instants, and every broken rule is named at its
//! field.

use chrono::{DateTime, FixedOffset};
use stammtisch_model::{EventInput, Kind, Lang, Location, Organizer, Problem, DEFAULT_TIME_ZONE};

use crate::problems::{in_form_order, list, optional_number, optional_text, FieldProblem, Issue};
use crate::question_draft::{to_questions, QuestionDraft};
use crate::slug::slug;
use crate::zone;
use stammtisch_model::AdminEvent;

/// The form's fields by their JSON names, in the order the form shows them.
pub const EVENT_FIELDS: [&str; 23] = [
    "title",
    "id",
    "kind",
    "starts_at",
    "ends_at",
    "time_zone",
    "summary",
    "description",
    "tags",
    "url",
    "location.name",
    "location.address",
    "location.city",
    "location.online_url",
    "organizer.name",
    "organizer.url",
    "capacity",
    "rsvp_enabled",
    "rsvp_open",
    "rsvp_closes_at",
    "rsvp_approval",
    "rsvp_mail_consent",
    "questions",
];

/// The element id of a field of the event form: `location.city` → `event-location-city`.
pub fn event_field_id(field: &str) -> String {
    format!("event-{}", field.replace(['.', '_'], "-"))
}

const MAX_ID: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub struct EventDraft {
    pub id: String,
    /// The id was typed or given: no more suggestions from the title and date.
    pub id_locked: bool,
    pub title: String,
    pub kind: Kind,
    /// `<input type="datetime-local">` values, in `time_zone`.
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub summary: String,
    pub description: String,
    pub location_name: String,
    pub location_address: String,
    pub location_city: String,
    pub online_url: String,
    pub organizer_name: String,
    pub organizer_url: String,
    /// Comma-separated.
    pub tags: String,
    pub url: String,
    /// Empty is unlimited.
    pub capacity: String,
    pub rsvp_enabled: bool,
    pub rsvp_open: bool,
    pub rsvp_closes_at: String,
    pub rsvp_mail_consent: bool,
    pub rsvp_approval: bool,
    pub questions: Vec<QuestionDraft>,
    /// The stored event's question ids, removed ones included until saved.
    pub stored_question_ids: Vec<String>,
}

impl Default for EventDraft {
    fn default() -> Self {
        EventDraft::new(DEFAULT_TIME_ZONE)
    }
}

fn local_in(time: Option<DateTime<FixedOffset>>, zone: &str) -> String {
    time.map(|t| zone::local_text(zone::to_local(t, zone).unwrap_or_else(|_| t.naive_local()))).unwrap_or_default()
}

impl EventDraft {
    /// An empty form for a new event in the board's zone.
    pub fn new(zone: &str) -> Self {
        EventDraft {
            id: String::new(),
            id_locked: false,
            title: String::new(),
            kind: Kind::Meetup,
            starts_at: String::new(),
            ends_at: String::new(),
            time_zone: zone.to_owned(),
            summary: String::new(),
            description: String::new(),
            location_name: String::new(),
            location_address: String::new(),
            location_city: String::new(),
            online_url: String::new(),
            organizer_name: String::new(),
            organizer_url: String::new(),
            tags: String::new(),
            url: String::new(),
            capacity: String::new(),
            rsvp_enabled: true,
            rsvp_open: true,
            rsvp_closes_at: String::new(),
            rsvp_mail_consent: false,
            rsvp_approval: false,
            questions: Vec::new(),
            stored_question_ids: Vec::new(),
        }
    }

    /// The form filled with a stored event, its times shown in the event's own zone.
    pub fn from_event(stored: &AdminEvent) -> Self {
        let e = &stored.event;
        let zone = if e.time_zone.is_empty() { DEFAULT_TIME_ZONE } else { e.time_zone.as_str() };
        let location = e.location.clone().unwrap_or_default();
        let organizer = e.organizer.clone().unwrap_or_default();
        EventDraft {
            id: e.id.clone(),
            id_locked: true,
            title: e.title.clone(),
            kind: e.kind,
            starts_at: local_in(Some(e.starts_at), zone),
            ends_at: local_in(e.ends_at, zone),
            time_zone: zone.to_owned(),
            summary: e.summary.clone().unwrap_or_default(),
            description: e.description.clone().unwrap_or_default(),
            location_name: location.name.unwrap_or_default(),
            location_address: location.address.unwrap_or_default(),
            location_city: location.city.unwrap_or_default(),
            online_url: location.online_url.unwrap_or_default(),
            organizer_name: organizer.name,
            organizer_url: organizer.url.unwrap_or_default(),
            tags: e.tags.join(", "),
            url: e.url.clone().unwrap_or_default(),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            rsvp_enabled: stored.rsvp_enabled,
            rsvp_open: stored.rsvp_open,
            rsvp_closes_at: local_in(stored.rsvp_closes_at, zone),
            rsvp_mail_consent: stored.rsvp_mail_consent,
            rsvp_approval: stored.rsvp_approval,
            questions: e.questions.iter().map(QuestionDraft::from_question).collect(),
            stored_question_ids: e.questions.iter().map(|q| q.id.clone()).collect(),
        }
    }

    /// A new event with the same fields as `stored`, under a new id.
    pub fn duplicate(stored: &AdminEvent, lang: Lang) -> Self {
        let suffix = match lang {
            Lang::De => "-kopie",
            Lang::En => "-copy",
        };
        let stem = stored.id().get(..MAX_ID - suffix.len()).unwrap_or(stored.id()).trim_end_matches('-');
        EventDraft { id: format!("{stem}{suffix}"), ..EventDraft::from_event(stored) }
    }

    /// An id from the title and the start date: `it-stammtisch-hannover-2027-01-07`.
    pub fn suggested_id(&self) -> String {
        let date = zone::parse_local(&self.starts_at).map(|t| t.date().to_string());
        let room = MAX_ID - date.as_ref().map_or(0, |d| d.len() + 1);
        let slug = slug(&self.title, room);
        match date {
            Some(date) if slug.is_empty() => date,
            Some(date) => format!("{slug}-{date}"),
            None => slug,
        }
    }

    /// Replaces the id with a suggestion, unless the organizer chose one.
    pub fn suggest_id(&mut self) {
        if !self.id_locked {
            self.id = self.suggested_id();
        }
    }

    /// What the API takes, or every problem, one per field, in the form's order.
    pub fn to_input(&self) -> Result<EventInput, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let zone = match zone::canonical(&self.time_zone) {
            Ok(zone) => Some(zone),
            Err(_) if self.time_zone.trim().is_empty() => {
                problems.push(FieldProblem::new("time_zone", Issue::Rule(Problem::Required)));
                None
            }
            Err(_) => {
                problems.push(FieldProblem::new("time_zone", Issue::Rule(Problem::UnknownTimeZone)));
                None
            }
        };
        // Without a zone the times are read as UTC, only to check the other rules.
        let time = |text: &str| {
            let local = zone::parse_local(text)?;
            match &zone {
                Some(zone) => zone::to_instant(local, zone).ok(),
                None => Some(local.and_utc().fixed_offset()),
            }
        };
        let capacity = optional_number(&self.capacity, 0).unwrap_or_else(|issue| {
            problems.push(FieldProblem::new("capacity", issue));
            None
        });
        let location = Location {
            name: optional_text(&self.location_name),
            address: optional_text(&self.location_address),
            city: optional_text(&self.location_city),
            online_url: optional_text(&self.online_url),
        };
        let organizer =
            Organizer { name: self.organizer_name.trim().to_owned(), url: optional_text(&self.organizer_url) };
        let input = EventInput {
            id: self.id.trim().to_owned(),
            title: self.title.trim().to_owned(),
            kind: self.kind,
            starts_at: time(&self.starts_at),
            ends_at: time(&self.ends_at),
            time_zone: zone.clone(),
            summary: optional_text(&self.summary),
            description: optional_text(&self.description),
            location: (location != Location::default()).then_some(location),
            organizer: (organizer != Organizer::default()).then_some(organizer),
            tags: list(&self.tags),
            url: optional_text(&self.url),
            capacity,
            rsvp_enabled: self.rsvp_enabled,
            rsvp_open: self.rsvp_open,
            rsvp_closes_at: time(&self.rsvp_closes_at),
            rsvp_mail_consent: self.rsvp_mail_consent,
            rsvp_approval: Some(self.rsvp_approval),
            rsvp: None,
            questions: to_questions(&self.questions, &self.stored_question_ids),
        };
        // The questions have one place for their problem, above them; the model's message says
        // which part of a question is wrong.
        problems.extend(input.problems().into_iter().map(|p| match p.field.starts_with("questions") {
            true => FieldProblem::new("questions", Issue::QuestionRule(p)),
            false => FieldProblem::new(p.field, Issue::Rule(p.problem)),
        }));
        if problems.is_empty() {
            Ok(input)
        } else {
            Err(in_form_order(problems, &EVENT_FIELDS))
        }
    }
}
