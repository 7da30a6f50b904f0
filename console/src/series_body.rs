//! The JSON of `PUT /api/v1/admin/series/{id}`, from a series form that passed every check.

use chrono::{NaiveDate, NaiveTime};
use serde_json::{json, Map, Value};
use stammtisch_model::{EventInput, Repeat};

/// A series as the form gave it, every part read and checked.
pub struct CheckedSeries {
    pub repeat: Repeat,
    pub first_date: NaiveDate,
    pub until: Option<NaiveDate>,
    pub count: Option<u32>,
    pub time: NaiveTime,
    pub duration_minutes: Option<u32>,
    pub except: Vec<NaiveDate>,
    /// What every date shares, as sent (see [`shared_event`]).
    pub event: Map<String, Value>,
}

/// What every date shares: the stored series' `event` (empty for a new series) with the
/// fields the form shows written over it. Everything else stays as it was, also fields this
/// console does not know, so a series written through the API keeps its description,
/// organizer, address, links and `rsvp_enabled` when it is changed here.
pub fn shared_event(stored: &Map<String, Value>, form: &EventInput) -> Map<String, Value> {
    let mut event = stored.clone();
    let shown = [
        ("title", json!(form.title)),
        ("kind", json!(form.kind)),
        ("capacity", json!(form.capacity)),
        ("summary", json!(form.summary)),
        ("tags", json!(form.tags)),
        ("time_zone", json!(form.time_zone)),
    ];
    for (key, value) in shown {
        event.insert(key.to_owned(), value);
    }
    // The form shows the place's name and city; its address and online link stay.
    let place = form.location.clone().unwrap_or_default();
    let mut location = match event.remove("location") {
        Some(Value::Object(location)) => location,
        _ => Map::new(),
    };
    location.insert("name".to_owned(), json!(place.name));
    location.insert("city".to_owned(), json!(place.city));
    let location = if location.values().all(Value::is_null) { Value::Null } else { Value::Object(location) };
    event.insert("location".to_owned(), location);
    event
}

impl CheckedSeries {
    pub fn body(self) -> Value {
        let mut repeat = serde_json::to_value(&self.repeat).unwrap_or(Value::Null);
        // The model writes chrono's "Tue"; the API documents "tue" (and reads both).
        if let Some(weekday) = repeat.get_mut("weekday") {
            *weekday = Value::String(weekday.as_str().unwrap_or_default().to_ascii_lowercase());
        }
        let mut body = json!({
            "repeat": repeat,
            "first_date": self.first_date,
            "time": self.time.format("%H:%M").to_string(),
            "except": self.except,
            "event": self.event,
        });
        let optional = [
            ("until", self.until.map(|d| json!(d))),
            ("count", self.count.map(|c| json!(c))),
            ("duration_minutes", self.duration_minutes.map(|d| json!(d))),
        ];
        if let Some(object) = body.as_object_mut() {
            for (key, value) in optional {
                if let Some(value) = value {
                    object.insert(key.to_owned(), value);
                }
            }
        }
        body
    }
}
