//! A stored series read back: into the form, to change it, and into a sentence for the list.

use serde_json::Value;
use stammtisch_model::{Kind, Lang, Repeat};

use crate::i18n::texts;
use crate::series_draft::{Rule, SeriesDraft, WEEKDAYS};

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn number(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_i64).map(|n| n.to_string()).unwrap_or_default()
}

fn repeat(definition: &Value) -> Option<Repeat> {
    serde_json::from_value(definition.get("repeat")?.clone()).ok()
}

/// "12:30:00" as the server writes it → "12:30".
fn clock(definition: &Value) -> String {
    text(definition, "time").chars().take(5).collect()
}

impl SeriesDraft {
    /// The form filled with a series as it was written.
    pub fn from_definition(id: &str, definition: &Value, fallback_zone: &str) -> SeriesDraft {
        let mut draft = SeriesDraft::new(fallback_zone);
        draft.id = id.to_owned();
        draft.editing = true;
        match repeat(definition) {
            Some(Repeat::Week { interval }) => {
                draft.rule = Rule::Week;
                draft.interval = interval.to_string();
            }
            Some(Repeat::MonthWeekday { nth, weekday, interval }) => {
                draft.rule = Rule::MonthWeekday;
                draft.nth = nth.to_string();
                draft.weekday = WEEKDAYS.iter().find(|(w, _)| *w == weekday).map_or("mon", |(_, n)| n).to_owned();
                draft.interval = interval.to_string();
            }
            Some(Repeat::MonthDay { day, interval }) => {
                draft.rule = Rule::MonthDay;
                draft.day = day.to_string();
                draft.interval = interval.to_string();
            }
            None => {}
        }
        draft.first_date = text(definition, "first_date");
        draft.until = text(definition, "until");
        draft.count = number(definition, "count");
        draft.time = clock(definition);
        draft.duration_minutes = number(definition, "duration_minutes");
        let except = definition.get("except").and_then(Value::as_array).cloned().unwrap_or_default();
        draft.except = except.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ");
        // Read field by field: one the console cannot read stays empty in the form. The event
        // as a whole is kept, so that a save changes only what the form shows.
        let stored = definition.get("event").and_then(Value::as_object).cloned().unwrap_or_default();
        let event = Value::Object(stored.clone());
        let location = event.get("location").cloned().unwrap_or_default();
        draft.title = text(&event, "title");
        draft.kind = event.get("kind").and_then(|k| serde_json::from_value::<Kind>(k.clone()).ok()).unwrap_or_default();
        draft.capacity = number(&event, "capacity");
        draft.location_name = text(&location, "name");
        draft.location_city = text(&location, "city");
        draft.summary = text(&event, "summary");
        let tags = event.get("tags").and_then(Value::as_array).cloned().unwrap_or_default();
        draft.tags = tags.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ");
        let zone = text(&event, "time_zone");
        if !zone.trim().is_empty() {
            draft.time_zone = zone;
        }
        draft.stored_event = stored;
        draft
    }
}

/// "jeden 2. Dienstag im Monat, 12:30 Uhr" / "every 2nd Tuesday of the month, 12:30".
pub fn describe(definition: &Value, lang: Lang) -> String {
    let t = texts(lang);
    let rule = match repeat(definition) {
        Some(Repeat::Week { interval }) => (t.rule_week)(interval),
        Some(Repeat::MonthWeekday { nth, weekday, interval }) => {
            (t.rule_month_weekday)(nth, t.weekdays[weekday.num_days_from_monday() as usize], interval)
        }
        Some(Repeat::MonthDay { day, interval }) => (t.rule_month_day)(day, interval),
        None => return t.rule_unknown.into(),
    };
    let title = definition.get("event").map(|e| text(e, "title")).unwrap_or_default();
    let time = clock(definition);
    let time = if time.is_empty() { time } else { (t.at_time)(&time) };
    [title, rule, time].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(", ")
}
