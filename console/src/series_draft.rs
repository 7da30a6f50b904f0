//! The series form's state and the body of `PUT /api/v1/admin/series/{id}`.

use chrono::{NaiveDate, NaiveTime, Weekday};
use stammtisch_model::{is_valid_event_id, EventInput, Kind, Location, Problem, Repeat, SeriesInput, MAX_OCCURRENCES};

use crate::problems::{in_form_order, list, optional_number, optional_text, FieldProblem, Issue};
use crate::series_body::shared_event;
use crate::zone;

/// The form's fields by their JSON names, in the order the form shows them.
pub const SERIES_FIELDS: [&str; 19] = [
    "id",
    "repeat.every",
    "repeat.interval",
    "repeat.nth",
    "repeat.weekday",
    "repeat.day",
    "first_date",
    "until",
    "count",
    "time",
    "duration_minutes",
    "except",
    "title",
    "kind",
    "capacity",
    "location.name",
    "location.city",
    "summary",
    "tags",
];

/// Plus the zone, which the form shows with the rule; kept apart so the list stays readable.
pub const SERIES_ZONE: &str = "time_zone";

/// `{series}-{YYYY-MM-DD}` must still be an event id of at most 64 characters.
const MAX_SERIES_ID: usize = 53;

/// The element id of a field of the series form: `repeat.day` → `series-day`.
pub fn series_field_id(field: &str) -> String {
    let field = field.strip_prefix("event.").unwrap_or(field);
    match field {
        "repeat" | "repeat.every" => "series-rule".to_owned(),
        field => format!("series-{}", field.strip_prefix("repeat.").unwrap_or(field).replace(['.', '_'], "-")),
    }
}

/// Which kind of rule the form shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rule {
    #[default]
    Week,
    MonthWeekday,
    MonthDay,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::Week, Rule::MonthWeekday, Rule::MonthDay];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Week => "week",
            Rule::MonthWeekday => "month_weekday",
            Rule::MonthDay => "month_day",
        }
    }

    pub fn from_name(name: &str) -> Rule {
        Rule::ALL.into_iter().find(|r| r.as_str() == name).unwrap_or_default()
    }
}

/// Weekdays as the API names them.
pub const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "mon"),
    (Weekday::Tue, "tue"),
    (Weekday::Wed, "wed"),
    (Weekday::Thu, "thu"),
    (Weekday::Fri, "fri"),
    (Weekday::Sat, "sat"),
    (Weekday::Sun, "sun"),
];

#[derive(Clone, Debug, PartialEq)]
pub struct SeriesDraft {
    pub id: String,
    /// Changing a stored series: its id stays.
    pub editing: bool,
    pub rule: Rule,
    pub interval: String,
    /// 1–5, or -1 for the last.
    pub nth: String,
    pub weekday: String,
    pub day: String,
    /// `<input type="date">` values.
    pub first_date: String,
    pub until: String,
    pub count: String,
    /// `<input type="time">`, in `time_zone`.
    pub time: String,
    pub duration_minutes: String,
    /// Dates left out, comma-separated.
    pub except: String,
    pub title: String,
    pub kind: Kind,
    pub capacity: String,
    pub location_name: String,
    pub location_city: String,
    pub summary: String,
    pub tags: String,
    pub time_zone: String,
    /// The stored series' `event` as the server gave it, empty for a new series: a save writes
    /// the fields above over it and keeps all others, also those this console does not know.
    pub stored_event: EventInput,
}

impl SeriesDraft {
    pub fn new(zone: &str) -> Self {
        SeriesDraft {
            id: String::new(),
            editing: false,
            rule: Rule::Week,
            interval: "1".into(),
            nth: "1".into(),
            weekday: "tue".into(),
            day: "1".into(),
            first_date: String::new(),
            until: String::new(),
            count: String::new(),
            time: "19:00".into(),
            duration_minutes: String::new(),
            except: String::new(),
            title: String::new(),
            kind: Kind::Meetup,
            capacity: String::new(),
            location_name: String::new(),
            location_city: String::new(),
            summary: String::new(),
            tags: String::new(),
            time_zone: zone.to_owned(),
            stored_event: EventInput::default(),
        }
    }

    /// The body for the API, or every problem, one per field.
    pub fn to_body(&self) -> Result<SeriesInput, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut fail = |field: &str, issue: Issue| problems.push(FieldProblem::new(field, issue));
        let id = self.id.trim();
        if id.is_empty() {
            fail("id", Issue::Rule(Problem::Required));
        } else if !is_valid_event_id(id) || id.len() > MAX_SERIES_ID {
            fail("id", Issue::Id { max: MAX_SERIES_ID });
        }
        let mut number = |field: &str, text: &str, min: u32, max: u32| -> Option<u32> {
            let n = text.trim().parse::<u32>().ok().filter(|n| (min..=max).contains(n));
            if n.is_none() {
                fail(field, Issue::Between { min, max });
            }
            n
        };
        let interval = number("repeat.interval", &self.interval, 1, 52).unwrap_or(1);
        let repeat = match self.rule {
            Rule::Week => Repeat::Week { interval },
            Rule::MonthWeekday => Repeat::MonthWeekday {
                nth: self.nth.trim().parse().ok().filter(|n| (1..=5).contains(n) || *n == -1).unwrap_or(1),
                weekday: WEEKDAYS.iter().find(|(_, name)| *name == self.weekday).map_or(Weekday::Mon, |(w, _)| *w),
                interval,
            },
            Rule::MonthDay => Repeat::MonthDay { day: number("repeat.day", &self.day, 1, 31).unwrap_or(1), interval },
        };
        let count = match self.count.trim() {
            "" => None,
            text => number("count", text, 1, MAX_OCCURRENCES as u32),
        };
        let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let first_date = date(&self.first_date);
        if first_date.is_none() {
            let issue = if self.first_date.trim().is_empty() { Issue::Rule(Problem::Required) } else { Issue::Date };
            fail("first_date", issue);
        }
        let until = optional_text(&self.until).map(|text| date(&text));
        match (until, first_date) {
            (Some(None), _) => fail("until", Issue::Date),
            (Some(Some(until)), Some(first)) if until < first => fail("until", Issue::Rule(Problem::EndsBeforeStart)),
            _ => {}
        }
        let except: Vec<Option<NaiveDate>> =
            self.except.split([',', ';', ' ', '\n']).filter(|d| !d.trim().is_empty()).map(date).collect();
        if except.contains(&None) {
            fail("except", Issue::Dates);
        }
        let time = self.time.trim().parse::<NaiveTime>().ok();
        if time.is_none() {
            let issue = if self.time.trim().is_empty() { Issue::Rule(Problem::Required) } else { Issue::Time };
            fail("time", issue);
        }
        let duration = optional_number(&self.duration_minutes, 1).unwrap_or_else(|issue| {
            fail("duration_minutes", issue);
            None
        });
        let capacity = optional_number(&self.capacity, 0).unwrap_or_else(|issue| {
            fail("capacity", issue);
            None
        });
        let zone = zone::canonical(&self.time_zone).ok();
        if zone.is_none() {
            let empty = self.time_zone.trim().is_empty();
            fail(SERIES_ZONE, Issue::Rule(if empty { Problem::Required } else { Problem::UnknownTimeZone }));
        }
        let location = Location {
            name: optional_text(&self.location_name),
            city: optional_text(&self.location_city),
            ..Location::default()
        };
        // The form's part of what every date shares; the rest of a stored series' event was
        // checked by the server when it was written.
        let shown = EventInput {
            title: self.title.trim().to_owned(),
            kind: self.kind,
            capacity,
            location: (location != Location::default()).then_some(location),
            summary: optional_text(&self.summary),
            tags: list(&self.tags),
            time_zone: zone,
            ..EventInput::default()
        };
        // The dates' ids and times are the server's to make; the shared fields follow the
        // model's rules like any event's.
        let checked = EventInput {
            id: "series".into(),
            starts_at: Some(chrono::DateTime::UNIX_EPOCH.fixed_offset()),
            ..shown.clone()
        };
        for problem in checked.problems() {
            problems.push(FieldProblem::new(problem.field, Issue::Rule(problem.problem)));
        }
        let mut fields: Vec<&str> = SERIES_FIELDS.to_vec();
        fields.push(SERIES_ZONE);
        match (first_date, time) {
            (Some(first_date), Some(time)) if problems.is_empty() => Ok(SeriesInput {
                repeat,
                first_date,
                until: until.flatten(),
                count: count.map(|c| c as usize),
                time,
                duration_minutes: duration,
                except: except.into_iter().flatten().collect(),
                event: shared_event(&self.stored_event, &shown),
            }),
            _ => Err(in_form_order(problems, &fields)),
        }
    }
}
