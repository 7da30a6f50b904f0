//! Dates on the board. The words come from the model's `when`, the same on the server that
//! renders the first view; only a zone's offset at a moment comes from outside: the browser's
//! `Intl` in the wasm (no zone data ships with the widget), the zone database on the server.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use stammtisch_model::when::{self, Wall};
use stammtisch_model::{Event, Lang};

#[cfg_attr(target_arch = "wasm32", path = "zones/intl.rs")]
#[cfg_attr(not(target_arch = "wasm32"), path = "zones/native.rs")]
mod zones;

pub use zones::{now, viewer_zone};

/// `time` on the walls of `zone` (the viewer's when `None`), if that zone is known.
fn wall_in(time: DateTime<Utc>, zone: Option<&str>) -> Option<Wall> {
    zones::offset(zone, time).map(|offset| Wall::at(time, offset))
}

/// `time` in the event's zone; a zone nobody knows keeps the offset the feed wrote.
fn event_wall(event: &Event, time: DateTime<FixedOffset>) -> Wall {
    wall_in(time.to_utc(), Some(&event.time_zone)).unwrap_or_else(|| Wall::as_written(time))
}

/// The calendar day of `time` in `zone` (the viewer's when `None`).
pub fn local_day(time: DateTime<FixedOffset>, zone: Option<&str>) -> Option<NaiveDate> {
    wall_in(time.to_utc(), zone).map(|wall| wall.time.date())
}

/// Today for a viewer in `zone` (the browser's when `None`).
pub fn today(zone: Option<&str>) -> NaiveDate {
    local_day(now().fixed_offset(), zone).unwrap_or_else(|| now().date_naive())
}

pub use when::{day_label, full_day_label, month_label, short_day, weekday_names};

/// Starts at midnight in its zone and lasts whole days (or has no end): shown without times.
pub fn is_all_day(event: &Event) -> bool {
    when::is_all_day(event_wall(event, event.starts_at), event.ends_at.map(|end| event_wall(event, end)))
}

/// "29. November, 14:05" in the viewer's zone, for moments like "last updated".
pub fn short_time(millis: f64, lang: Lang) -> String {
    let moment = DateTime::from_timestamp_millis(millis as i64).unwrap_or(DateTime::UNIX_EPOCH);
    when::short_moment(wall_in(moment, None).unwrap_or(Wall::at(moment, 0)), lang)
}

/// The event's time in the viewer's zone, when that differs from the event's.
pub fn viewer_time(event: &Event, lang: Lang, viewer: Option<&str>) -> Option<String> {
    let viewer = viewer?;
    if viewer == event.time_zone || is_all_day(event) {
        return None;
    }
    let start = wall_in(event.starts_at.to_utc(), Some(viewer))?;
    let end = match event.ends_at {
        Some(end) => Some(wall_in(end.to_utc(), Some(viewer))?),
        None => None,
    };
    Some(when::time_range(start, end, viewer, lang))
}

/// "Do., 3. Dezember 2026, 19:00–22:00 Uhr MEZ" in the event's own zone; an end on another
/// day shows both dates.
pub fn event_time(event: &Event, lang: Lang) -> String {
    let start = event_wall(event, event.starts_at);
    let end = event.ends_at.map(|end| event_wall(event, end));
    when::time_range(start, end, &event.time_zone, lang)
}
