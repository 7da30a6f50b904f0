//! The JSON of `PUT /api/v1/admin/series/{id}`, from a series form that passed every check.

use chrono::{NaiveDate, NaiveTime};
use serde_json::{json, Value};
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
    /// What every date shares; its id and times are the server's to make.
    pub shared: EventInput,
}

impl CheckedSeries {
    pub fn body(self) -> Value {
        let mut repeat = serde_json::to_value(&self.repeat).unwrap_or(Value::Null);
        // The model writes chrono's "Tue"; the API documents "tue" (and reads both).
        if let Some(weekday) = repeat.get_mut("weekday") {
            *weekday = Value::String(weekday.as_str().unwrap_or_default().to_ascii_lowercase());
        }
        let mut event = serde_json::to_value(self.shared).unwrap_or(Value::Null);
        if let Some(event) = event.as_object_mut() {
            for own in ["id", "starts_at", "ends_at", "rsvp_closes_at"] {
                event.remove(own);
            }
        }
        let mut body = json!({
            "repeat": repeat,
            "first_date": self.first_date,
            "time": self.time.format("%H:%M").to_string(),
            "except": self.except,
            "event": event,
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
