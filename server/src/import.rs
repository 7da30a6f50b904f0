//! Reading events from outside: a Stammtisch feed (docs/API.md §1) or a calendar file (RFC 5545),
//! as organizer events. Used by `events import` and by partner feeds.

use chrono::NaiveDateTime;
use stammtisch_model::{is_valid_event_id, parse_feed, EventInput};

pub use crate::calendar_import::{from_calendar, from_calendar_at};

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
            input.rsvp_mail_consent = rsvp.as_ref().is_some_and(|r| r.mail_consent);
            input.rsvp_closes_at = rsvp.and_then(|r| r.closes_at);
            input
        })
        .collect();
    Ok((inputs, parsed.skipped))
}

/// A calendar UID as a board id (`[a-z0-9][a-z0-9-]{0,63}`): the same UID gives the same id,
/// so importing a calendar again updates its events instead of doubling them.
pub fn event_id(uid: &str) -> String {
    id_with(uid, "")
}

/// The id of one date of a recurring event: its UID's id with the date it was planned for
/// (`RECURRENCE-ID`), and its clock time too where a series meets more than once a day.
pub fn occurrence_id(uid: &str, planned: NaiveDateTime, with_time: bool) -> String {
    let suffix = if with_time { planned.format("-%Y%m%dt%H%M") } else { planned.format("-%Y%m%d") };
    id_with(uid, &suffix.to_string())
}

fn id_with(uid: &str, suffix: &str) -> String {
    let mut id = String::new();
    for c in uid.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => id.push(c),
            _ if !id.ends_with('-') && !id.is_empty() => id.push('-'),
            _ => {}
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(48 - suffix.len()).collect();
    let id = id.trim_end_matches('-');
    // Different UIDs can fold to the same letters; a short hash of the whole UID keeps them apart.
    let candidate =
        format!("{}{}{}{suffix}", id, if id.is_empty() { "ics-" } else { "-" }, crate::token::short_hash(uid));
    debug_assert!(is_valid_event_id(&candidate));
    candidate
}
