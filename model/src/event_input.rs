//! An event as an organizer writes it (docs/API.md §3), and its rules.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::feed::{is_valid_event_id, Kind, Location, Organizer};
use crate::questions::{question_problem, Question};
use crate::rsvp::Problem;
use crate::Lang;

pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 500;
pub const MAX_DESCRIPTION: usize = 10_000;
pub const MAX_SHORT: usize = 200;
pub const MAX_URL: usize = 2_000;
/// Tags per event, and characters per tag.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 50;
pub const MAX_CAPACITY: u32 = 100_000;

/// The most bytes an organizer's request body may have: the largest valid event (or series)
/// fits even with every character written as a JSON escape (`\ud83d\ude00`: 12 bytes for one
/// character), with room for a long list of exceptions. Checked by a test below.
pub const MAX_ORGANIZER_BODY: usize = 256 * 1024;

fn yes() -> bool {
    true
}

/// The organizer's view of an event: the feed's fields without counts, plus RSVP settings.
/// Missing fields read as empty so that validation names them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventInput {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub starts_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub ends_at: Option<DateTime<FixedOffset>>,
    /// IANA zone; the board's when empty.
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub location: Option<Location>,
    #[serde(default)]
    pub organizer: Option<Organizer>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Seats including guests; `null` is unlimited.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// `false` lists the event read-only, without RSVP through the board.
    #[serde(default = "yes")]
    pub rsvp_enabled: bool,
    #[serde(default = "yes")]
    pub rsvp_open: bool,
    #[serde(default)]
    pub rsvp_closes_at: Option<DateTime<FixedOffset>>,
    /// The form offers a checkbox for mail about future events.
    #[serde(default)]
    pub rsvp_mail_consent: bool,
    /// The organizer approves each RSVP: new ones are `requested` and hold no seat until then.
    /// `None`: not given (off, unless `rsvp.approval` says so).
    #[serde(default)]
    pub rsvp_approval: Option<bool>,
    /// The contract's spelling of the RSVP settings, `"rsvp": {"approval": true}` (CONTRACT
    /// §8), also read from an event as the organizer API answers it; never written.
    #[serde(default, skip_serializing)]
    pub rsvp: Option<RsvpSettings>,
    /// The organizer's own questions on the RSVP form, at most 10.
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// What `{}` reads as: nothing given, RSVPs through the board open. Whoever builds an event
/// from parts gets the same defaults as whoever sends none.
impl Default for EventInput {
    fn default() -> Self {
        EventInput {
            id: String::new(),
            title: String::new(),
            kind: Kind::default(),
            starts_at: None,
            ends_at: None,
            time_zone: None,
            summary: None,
            description: None,
            location: None,
            organizer: None,
            tags: Vec::new(),
            url: None,
            capacity: None,
            rsvp_enabled: yes(),
            rsvp_open: yes(),
            rsvp_closes_at: None,
            rsvp_mail_consent: false,
            rsvp_approval: None,
            rsvp: None,
            questions: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventFieldError {
    /// The field's name in the JSON, e.g. `title` or `location.city`.
    pub field: &'static str,
    pub problem: Problem,
}

impl EventFieldError {
    pub fn message(&self, lang: Lang) -> String {
        match (self.field, self.problem, lang) {
            ("questions.id", Problem::Duplicate, Lang::De) => return "Zwei Fragen haben dieselbe Kennung.".into(),
            ("questions.id", Problem::Duplicate, Lang::En) => return "Two questions have the same key.".into(),
            ("questions.id", _, Lang::De) => {
                return "Kennung einer Frage: Kleinbuchstaben, Ziffern und _, höchstens 32 Zeichen.".into()
            }
            ("questions.id", _, Lang::En) => {
                return "A question's key: lower-case letters, digits and _, at most 32 characters.".into()
            }
            ("questions.label", Problem::Required, Lang::De) => return "Jede Frage braucht einen Text.".into(),
            ("questions.label", Problem::Required, Lang::En) => return "Every question needs a text.".into(),
            ("questions.options", Problem::TooShort { min }, Lang::De) => {
                return format!("Eine Auswahl braucht mindestens {min} Antworten.")
            }
            ("questions.options", Problem::TooShort { min }, Lang::En) => {
                return format!("A choice needs at least {min} answers.")
            }
            ("questions.options", Problem::Required, Lang::De) => return "Leere Antworten sind nicht möglich.".into(),
            ("questions.options", Problem::Required, Lang::En) => return "Answers cannot be empty.".into(),
            ("questions.options", Problem::Duplicate, Lang::De) => return "Eine Antwort steht doppelt da.".into(),
            ("questions.options", Problem::Duplicate, Lang::En) => return "An answer is listed twice.".into(),
            ("questions.options", Problem::NotAnOption, Lang::De) => {
                return "Antworten zur Auswahl gibt es nur bei der Art „Auswahl“.".into()
            }
            ("questions.options", Problem::NotAnOption, Lang::En) => {
                return "Only a question of the kind “choice” has answers to choose from.".into()
            }
            ("rsvp.approval", Problem::Contradicts, Lang::De) => {
                return "rsvp.approval und rsvp_approval widersprechen sich; bitte nur eines angeben.".into()
            }
            ("rsvp.approval", Problem::Contradicts, Lang::En) => {
                return "rsvp.approval and rsvp_approval disagree; please give only one of them.".into()
            }
            ("questions", Problem::TooMany { max }, Lang::De) => return format!("Höchstens {max} Fragen."),
            ("questions", Problem::TooMany { max }, Lang::En) => return format!("At most {max} questions."),
            _ => {}
        }
        match (self.problem, lang) {
            (Problem::Required, Lang::De) => "Dieses Feld ist erforderlich.".into(),
            (Problem::Required, Lang::En) => "This field is required.".into(),
            (Problem::InvalidId, Lang::De) => {
                "Nur Kleinbuchstaben, Ziffern und Bindestriche, höchstens 64 Zeichen, am Anfang kein Bindestrich."
                    .into()
            }
            (Problem::InvalidId, Lang::En) => {
                "Only lower-case letters, digits and hyphens, at most 64 characters, not starting with a hyphen.".into()
            }
            (Problem::EndsBeforeStart, Lang::De) => "Das Ende liegt vor dem Beginn.".into(),
            (Problem::EndsBeforeStart, Lang::En) => "The end is before the start.".into(),
            (Problem::NotAUrl, Lang::De) => "Bitte eine vollständige Adresse mit http:// oder https:// angeben.".into(),
            (Problem::NotAUrl, Lang::En) => "Please give a full address starting with http:// or https://.".into(),
            (Problem::TooMany { max }, Lang::De) => format!("Höchstens {max} Einträge."),
            (Problem::TooMany { max }, Lang::En) => format!("At most {max} entries."),
            (Problem::TooLarge { max }, Lang::De) => format!("Höchstens {max}."),
            (Problem::TooLarge { max }, Lang::En) => format!("At most {max}."),
            (Problem::UnknownTimeZone, Lang::De) => "Unbekannte Zeitzone; z. B. Europe/Berlin.".into(),
            (Problem::UnknownTimeZone, Lang::En) => "Unknown time zone; e.g. Europe/Berlin.".into(),
            (Problem::TooShort { min }, Lang::De) => format!("Bitte mindestens {min} Zeichen."),
            (Problem::TooShort { min }, Lang::En) => format!("Please use at least {min} characters."),
            (Problem::UnknownEvent, Lang::De) => {
                "Unbekanntes Ereignis; möglich sind rsvp.created, rsvp.confirmed, rsvp.cancelled, rsvp.promoted und event.changed.".into()
            }
            (Problem::UnknownEvent, Lang::En) => {
                "Unknown event; possible are rsvp.created, rsvp.confirmed, rsvp.cancelled, rsvp.promoted and event.changed.".into()
            }
            (problem, lang) => crate::FieldError { field: crate::Field::Note, problem }.message(lang),
        }
    }
}

/// RSVP settings under `rsvp`, as the contract names them; other fields of that object (the
/// counts of an event read back) are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpSettings {
    #[serde(default)]
    pub approval: Option<bool>,
}

impl EventInput {
    /// Whether the organizer approves each RSVP, by either spelling; see [`EventInput::problems`]
    /// for both given and different.
    pub fn approval(&self) -> bool {
        self.rsvp.as_ref().and_then(|r| r.approval).or(self.rsvp_approval).unwrap_or(false)
    }
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

fn one_line(text: &str) -> bool {
    !text.chars().any(char::is_control)
}

/// An http(s) address as an event may link to.
pub fn is_web_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with('/') && !r.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

impl EventInput {
    /// Every broken rule, in the order of the fields. Whether a time zone exists is checked
    /// by the server, which has the zone database.
    pub fn problems(&self) -> Vec<EventFieldError> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(EventFieldError { field, problem });
        if !is_valid_event_id(&self.id) {
            fail("id", if self.id.is_empty() { Problem::Required } else { Problem::InvalidId });
        }
        let title = self.title.trim();
        if title.is_empty() {
            fail("title", Problem::Required);
        } else if too_long(title, MAX_TITLE) {
            fail("title", Problem::TooLong { max: MAX_TITLE });
        } else if !one_line(title) {
            fail("title", Problem::NotOneLine);
        }
        match (self.starts_at, self.ends_at) {
            (None, _) => fail("starts_at", Problem::Required),
            (Some(start), Some(end)) if end < start => fail("ends_at", Problem::EndsBeforeStart),
            _ => {}
        }
        if self.summary.as_deref().is_some_and(|s| too_long(s, MAX_SUMMARY)) {
            fail("summary", Problem::TooLong { max: MAX_SUMMARY });
        }
        if self.description.as_deref().is_some_and(|s| too_long(s, MAX_DESCRIPTION)) {
            fail("description", Problem::TooLong { max: MAX_DESCRIPTION });
        }
        if let Some(location) = &self.location {
            for (field, value) in [
                ("location.name", &location.name),
                ("location.address", &location.address),
                ("location.city", &location.city),
            ] {
                match value.as_deref() {
                    Some(v) if too_long(v, MAX_SHORT) => fail(field, Problem::TooLong { max: MAX_SHORT }),
                    Some(v) if !one_line(v) => fail(field, Problem::NotOneLine),
                    _ => {}
                }
            }
        }
        if let Some(organizer) = &self.organizer {
            if too_long(&organizer.name, MAX_SHORT) {
                fail("organizer.name", Problem::TooLong { max: MAX_SHORT });
            } else if !one_line(&organizer.name) {
                fail("organizer.name", Problem::NotOneLine);
            }
        }
        let urls = [
            ("url", self.url.as_deref()),
            ("organizer.url", self.organizer.as_ref().and_then(|o| o.url.as_deref())),
            ("location.online_url", self.location.as_ref().and_then(|l| l.online_url.as_deref())),
        ];
        for (field, url) in urls {
            match url {
                Some(url) if too_long(url, MAX_URL) => fail(field, Problem::TooLong { max: MAX_URL }),
                Some(url) if !is_web_url(url) => fail(field, Problem::NotAUrl),
                _ => {}
            }
        }
        if self.tags.len() > MAX_TAGS {
            fail("tags", Problem::TooMany { max: MAX_TAGS });
        } else if self.tags.iter().any(|t| t.trim().is_empty() || too_long(t, MAX_TAG) || !one_line(t)) {
            fail("tags", Problem::TooLong { max: MAX_TAG });
        }
        if self.capacity.is_some_and(|c| c > MAX_CAPACITY) {
            fail("capacity", Problem::TooLarge { max: MAX_CAPACITY as usize });
        }
        // An event read back from the organizer API has both; a client that changed one of them
        // must not have its change silently overruled by the other.
        if let (Some(nested), Some(flat)) = (self.rsvp.as_ref().and_then(|r| r.approval), self.rsvp_approval) {
            if nested != flat {
                fail("rsvp.approval", Problem::Contradicts);
            }
        }
        if let Some((field, problem)) = question_problem(&self.questions) {
            fail(field, problem);
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_what_an_empty_body_reads_as() {
        assert_eq!(serde_json::from_str::<EventInput>("{}").unwrap(), EventInput::default());
    }

    #[test]
    fn the_largest_valid_event_fits_the_body_limit_even_fully_escaped() {
        let text = |n: usize| "😀".repeat(n);
        let url = |n: usize| format!("https://example.com/{}", "a".repeat(n - 20));
        let largest = EventInput {
            id: "a".repeat(64),
            title: text(MAX_TITLE),
            summary: Some(text(MAX_SUMMARY)),
            description: Some(text(MAX_DESCRIPTION)),
            location: Some(Location {
                name: Some(text(MAX_SHORT)),
                address: Some(text(MAX_SHORT)),
                city: Some(text(MAX_SHORT)),
                online_url: Some(url(MAX_URL)),
            }),
            organizer: Some(Organizer { name: text(MAX_SHORT), url: Some(url(MAX_URL)) }),
            tags: (0..MAX_TAGS).map(|_| text(MAX_TAG)).collect(),
            url: Some(url(MAX_URL)),
            time_zone: Some("America/Argentina/ComodRivadavia".into()),
            ..valid()
        };
        assert!(largest.problems().is_empty(), "{:?}", largest.problems());
        let json = serde_json::to_string(&largest).unwrap();
        // Each 4-byte character becomes 12 bytes when escaped: at most three times the bytes.
        assert!(json.len() * 3 < MAX_ORGANIZER_BODY, "{} bytes escaped", json.len() * 3);
    }

    fn valid() -> EventInput {
        EventInput {
            id: "stammtisch-2026-12".into(),
            title: "IT-Stammtisch".into(),
            starts_at: Some(DateTime::parse_from_rfc3339("2026-12-03T19:00:00+01:00").unwrap()),
            url: Some("https://example.com/x".into()),
            capacity: Some(40),
            rsvp_enabled: true,
            rsvp_open: true,
            ..EventInput::default()
        }
    }

    #[test]
    fn a_valid_event_has_no_problems() {
        assert_eq!(valid().problems(), vec![]);
    }

    #[test]
    fn each_rule_names_its_field() {
        let start = valid().starts_at;
        let cases: Vec<(EventInput, &str, Problem)> = vec![
            (EventInput { id: "Grosses-Treffen".into(), ..valid() }, "id", Problem::InvalidId),
            (EventInput { title: " ".into(), ..valid() }, "title", Problem::Required),
            (EventInput { starts_at: None, ..valid() }, "starts_at", Problem::Required),
            (
                EventInput { ends_at: start.map(|s| s - chrono::Duration::hours(1)), ..valid() },
                "ends_at",
                Problem::EndsBeforeStart,
            ),
            (EventInput { url: Some("javascript:alert(1)".into()), ..valid() }, "url", Problem::NotAUrl),
            (EventInput { tags: vec!["x".into(); 21], ..valid() }, "tags", Problem::TooMany { max: 20 }),
            (EventInput { capacity: Some(100_001), ..valid() }, "capacity", Problem::TooLarge { max: 100_000 }),
        ];
        for (input, field, problem) in cases {
            assert_eq!(input.problems(), vec![EventFieldError { field, problem }], "{field}");
        }
    }

    #[test]
    fn rsvp_settings_default_to_open() {
        let input: EventInput = serde_json::from_str(r#"{"id": "a", "title": "A"}"#).unwrap();
        assert!(input.rsvp_enabled && input.rsvp_open);
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let error = EventFieldError { field: "url", problem: Problem::NotAUrl };
        assert!(error.message(Lang::De).contains("https://"));
        assert!(error.message(Lang::En).contains("https://"));
    }
}
