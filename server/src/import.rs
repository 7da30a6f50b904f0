//! Reading events from outside: a Stammtisch feed (docs/API.md §1) or a calendar file (RFC 5545),
//! as organizer events. Used by `events import` and by partner feeds.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};
use stammtisch_model::{is_valid_event_id, parse_feed, EventInput, Location};

/// Calendar files start so; anything else is read as a feed.
pub fn is_calendar(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim_start().starts_with("BEGIN:VCALENDAR")
}

/// A Stammtisch feed: its events as the organizer API takes them; RSVP settings from `rsvp`.
pub fn from_feed(text: &str) -> anyhow::Result<(Vec<EventInput>, usize)> {
    let parsed = parse_feed(text).map_err(|error| anyhow::anyhow!("not a Stammtisch feed: {error}"))?;
    let inputs = parsed
        .feed
        .events
        .into_iter()
        .map(|event| {
            let rsvp = event.rsvp.clone();
            let mut input: EventInput = serde_json::to_value(&event)
                .ok()
                .and_then(|value| serde_json::from_value(value).ok())
                .unwrap_or_default();
            input.rsvp_enabled = rsvp.is_some();
            input.rsvp_open = rsvp.as_ref().is_none_or(|r| r.open);
            input.rsvp_closes_at = rsvp.and_then(|r| r.closes_at);
            input
        })
        .collect();
    Ok((inputs, parsed.skipped))
}

/// A calendar's VEVENTs. Times with a TZID keep their zone; floating times and whole days are
/// read in the board's zone.
pub fn from_calendar(text: &str, board_zone: &str) -> anyhow::Result<(Vec<EventInput>, usize)> {
    let calendar: icalendar::Calendar =
        text.parse().map_err(|error| anyhow::anyhow!("not a calendar file: {error}"))?;
    let board: chrono_tz::Tz = board_zone.parse().unwrap_or(chrono_tz::Europe::Berlin);
    let mut inputs = Vec::new();
    let mut skipped = 0;
    for event in calendar.components.iter().filter_map(|c| c.as_event()) {
        let (Some(uid), Some(start)) = (event.get_uid(), event.get_start()) else {
            skipped += 1;
            continue;
        };
        let Some((starts_at, zone)) = moment(&start, board) else {
            skipped += 1;
            continue;
        };
        let ends_at = event.get_end().and_then(|end| moment(&end, board)).map(|(end, _)| end);
        let text = |value: Option<&str>| value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        inputs.push(EventInput {
            id: event_id(uid),
            title: event.get_summary().unwrap_or_default().trim().to_owned(),
            starts_at: Some(starts_at),
            ends_at,
            time_zone: Some(zone),
            description: text(event.get_description()),
            location: text(event.get_location()).map(|name| Location { name: Some(name), ..Location::default() }),
            url: text(event.get_url()),
            rsvp_enabled: true,
            rsvp_open: true,
            ..EventInput::default()
        });
    }
    Ok((inputs, skipped))
}

fn moment(value: &DatePerhapsTime, board: chrono_tz::Tz) -> Option<(DateTime<FixedOffset>, String)> {
    let local = |naive: NaiveDateTime, zone: chrono_tz::Tz| {
        zone.from_local_datetime(&naive).earliest().map(|t| (t.fixed_offset(), zone.name().to_owned()))
    };
    match value {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(utc)) => Some((utc.fixed_offset(), board.name().to_owned())),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            local(*date_time, tzid.parse().unwrap_or(board))
        }
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(naive)) => local(*naive, board),
        DatePerhapsTime::Date(day) => local(day.and_hms_opt(0, 0, 0)?, board),
    }
}

/// A calendar UID as a board id (`[a-z0-9][a-z0-9-]{0,63}`): the same UID gives the same id,
/// so importing a calendar again updates its events instead of doubling them.
pub fn event_id(uid: &str) -> String {
    let mut id = String::new();
    for c in uid.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => id.push(c),
            _ if !id.ends_with('-') && !id.is_empty() => id.push('-'),
            _ => {}
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(48).collect();
    let id = id.trim_end_matches('-');
    // Different UIDs can fold to the same letters; a short hash of the whole UID keeps them apart.
    let candidate = format!("{}{}{}", id, if id.is_empty() { "ics-" } else { "-" }, crate::token::short_hash(uid));
    debug_assert!(is_valid_event_id(&candidate));
    candidate
}
