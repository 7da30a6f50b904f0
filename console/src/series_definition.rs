//! A stored series read back: into the form, to change it, and into a sentence for the list.

use stammtisch_model::{Lang, Repeat, SeriesInput};

use crate::i18n::texts;
use crate::series_draft::{Rule, SeriesDraft, WEEKDAYS};

/// "12:30".
fn clock(definition: &SeriesInput) -> String {
    definition.time.format("%H:%M").to_string()
}

fn or_empty<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl SeriesDraft {
    /// The form filled with a series as it was written.
    pub fn from_definition(id: &str, definition: &SeriesInput, fallback_zone: &str) -> SeriesDraft {
        let mut draft = SeriesDraft::new(fallback_zone);
        draft.id = id.to_owned();
        draft.editing = true;
        match definition.repeat {
            Repeat::Week { interval } => {
                draft.rule = Rule::Week;
                draft.interval = interval.to_string();
            }
            Repeat::MonthWeekday { nth, weekday, interval } => {
                draft.rule = Rule::MonthWeekday;
                draft.nth = nth.to_string();
                draft.weekday = WEEKDAYS.iter().find(|(w, _)| *w == weekday).map_or("mon", |(_, n)| n).to_owned();
                draft.interval = interval.to_string();
            }
            Repeat::MonthDay { day, interval } => {
                draft.rule = Rule::MonthDay;
                draft.day = day.to_string();
                draft.interval = interval.to_string();
            }
        }
        draft.first_date = definition.first_date.to_string();
        draft.until = or_empty(definition.until);
        draft.count = or_empty(definition.count);
        draft.time = clock(definition);
        draft.duration_minutes = or_empty(definition.duration_minutes);
        draft.except = definition.except.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        // The event as a whole is kept, so that a save changes only what the form shows.
        let event = &definition.event;
        let location = event.location.clone().unwrap_or_default();
        draft.title = event.title.clone();
        draft.kind = event.kind;
        draft.capacity = or_empty(event.capacity);
        draft.location_name = location.name.unwrap_or_default();
        draft.location_city = location.city.unwrap_or_default();
        draft.summary = event.summary.clone().unwrap_or_default();
        draft.tags = event.tags.join(", ");
        if let Some(zone) = event.time_zone.as_deref().filter(|z| !z.trim().is_empty()) {
            draft.time_zone = zone.to_owned();
        }
        draft.stored_event = event.clone();
        draft
    }
}

/// "jeden 2. Dienstag im Monat, 12:30 Uhr" / "every 2nd Tuesday of the month, 12:30".
pub fn describe(definition: &SeriesInput, lang: Lang) -> String {
    let t = texts(lang);
    let rule = match definition.repeat {
        Repeat::Week { interval } => (t.rule_week)(interval),
        Repeat::MonthWeekday { nth, weekday, interval } => {
            (t.rule_month_weekday)(nth, t.weekdays[weekday.num_days_from_monday() as usize], interval)
        }
        Repeat::MonthDay { day, interval } => (t.rule_month_day)(day, interval),
    };
    let time = (t.at_time)(&clock(definition));
    [definition.event.title.clone(), rule, time]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}
