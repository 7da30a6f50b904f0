//! Reading events from outside: a Stammtisch feed (docs/API.md §1) or a calendar file (RFC 5545),
//! as organizer events. Used by `events import` and by partner feeds.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};
use stammtisch_model::{is_valid_event_id, parse_feed, EventInput, Location};

use crate::calendar_time::{local_moment, parse_duration, resolve_zone};

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

/// An event of a calendar file that could not be taken, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The event's `UID`, or `(no UID)`.
    pub uid: String,
    pub why: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.uid, self.why)
    }
}

/// A calendar's VEVENTs. Times with a `TZID` keep their zone (IANA, Windows or prefixed names,
/// see `calendar_time`); floating times and whole days are read in the board's zone. An event
/// whose time cannot be read as its file meant it is skipped with the reason.
pub fn from_calendar(text: &str, board_zone: &str) -> anyhow::Result<(Vec<EventInput>, Vec<Skipped>)> {
    let calendar: icalendar::Calendar =
        text.parse().map_err(|error| anyhow::anyhow!("not a calendar file: {error}"))?;
    let board: chrono_tz::Tz = board_zone.parse().unwrap_or(chrono_tz::Europe::Berlin);
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for event in calendar.components.iter().filter_map(|c| c.as_event()) {
        let uid = event.get_uid().map(str::to_owned);
        let skip = |why: String| Skipped { uid: uid.clone().unwrap_or_else(|| "(no UID)".into()), why };
        let Some(uid) = uid.as_deref() else {
            skipped.push(skip("it has no UID".into()));
            continue;
        };
        let start = match moment_of(event, "DTSTART", board) {
            Ok(Some(start)) => start,
            Ok(None) => {
                skipped.push(skip("it has no DTSTART".into()));
                continue;
            }
            Err(why) => {
                skipped.push(skip(why));
                continue;
            }
        };
        let (starts_at, zone) = start;
        let ends_at = match moment_of(event, "DTEND", board) {
            Ok(Some((end, _))) => Some(end),
            // An end that cannot be read leaves the event without one rather than dropping it.
            Ok(None) | Err(_) => event
                .property_value("DURATION")
                .and_then(parse_duration)
                .filter(|length| *length > chrono::Duration::zero())
                .and_then(|length| starts_at.checked_add_signed(length)),
        };
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

/// The moment of a date-time property and the zone it is read in; `Err` says why it cannot be
/// read, `Ok(None)` that there is none.
fn moment_of(
    event: &icalendar::Event,
    key: &str,
    board: chrono_tz::Tz,
) -> Result<Option<(DateTime<FixedOffset>, String)>, String> {
    let Some(property) = event.properties().get(key) else { return Ok(None) };
    let value =
        DatePerhapsTime::from_property(property).ok_or_else(|| format!("{key} {:?} is no date", property.value()))?;
    let in_zone = |naive: NaiveDateTime, zone: chrono_tz::Tz| {
        local_moment(naive, zone)
            .map(|moment| (moment, zone.name().to_owned()))
            .ok_or_else(|| format!("{key} {naive} does not exist in {}", zone.name()))
    };
    // Some writers spell the parameter `tzid=`; the reader knows only `TZID`.
    let lower_tzid =
        property.params().iter().find(|(name, _)| name.eq_ignore_ascii_case("TZID")).map(|(_, p)| p.value());
    let zone_of = |tzid: &str| resolve_zone(tzid).ok_or_else(|| format!("its time zone {tzid:?} is unknown"));
    match value {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(utc)) => {
            Ok(Some((utc.fixed_offset(), board.name().to_owned())))
        }
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            in_zone(date_time, zone_of(&tzid)?).map(Some)
        }
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(naive)) => match lower_tzid {
            Some(tzid) => in_zone(naive, zone_of(tzid)?).map(Some),
            None => in_zone(naive, board).map(Some),
        },
        DatePerhapsTime::Date(day) => in_zone(day.and_time(chrono::NaiveTime::MIN), board).map(Some),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar(events: &[&str]) -> String {
        let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//EN\r\n");
        for (n, event) in events.iter().enumerate() {
            text += &format!("BEGIN:VEVENT\r\nUID:event-{n}@example.com\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Termin {n}\r\n{event}\r\nEND:VEVENT\r\n");
        }
        text + "END:VCALENDAR\r\n"
    }

    fn starts(events: &[&str]) -> (Vec<String>, Vec<Skipped>) {
        let (inputs, skipped) = from_calendar(&calendar(events), "Europe/Berlin").unwrap();
        (inputs.iter().map(|i| i.starts_at.unwrap().to_rfc3339()).collect(), skipped)
    }

    #[test]
    fn outlook_exchange_thunderbird_and_evolution_zones_keep_their_times() {
        let (times, skipped) = starts(&[
            "DTSTART;TZID=Eastern Standard Time:20301210T170000",
            "DTSTART;TZID=\"(UTC+08:00) Kuala Lumpur, Singapore\":20301210T090000",
            "DTSTART;TZID=/mozilla.org/20070129_1/America/New_York:20301210T170000",
            "DTSTART;TZID=/softwarestudio.org/Tzfile/America/Chicago:20301210T160000",
            "DTSTART;tzid=Europe/London:20301210T120000",
        ]);
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(
            times,
            [
                "2030-12-10T17:00:00-05:00",
                "2030-12-10T09:00:00+08:00",
                "2030-12-10T17:00:00-05:00",
                "2030-12-10T16:00:00-06:00",
                "2030-12-10T12:00:00+00:00",
            ]
        );
    }

    #[test]
    fn an_unknown_zone_skips_the_event_with_its_reason_instead_of_guessing() {
        let (times, skipped) = starts(&["DTSTART;TZID=Mars/Olympus:20301210T170000", "DTSTART:20301210T170000Z"]);
        assert_eq!(times, ["2030-12-10T17:00:00+00:00"]);
        assert_eq!(
            skipped,
            [Skipped { uid: "event-0@example.com".into(), why: "its time zone \"Mars/Olympus\" is unknown".into() }]
        );
    }

    #[test]
    fn a_start_in_the_spring_gap_is_read_with_the_offset_before_it() {
        let (times, skipped) = starts(&["DTSTART;TZID=Europe/Berlin:20260329T023000"]);
        assert!(skipped.is_empty());
        assert_eq!(times, ["2026-03-29T03:30:00+02:00"], "02:30+01:00, the same moment");
    }

    #[test]
    fn duration_gives_the_end_when_there_is_no_dtend() {
        let (inputs, _) = from_calendar(
            &calendar(&[
                "DTSTART;TZID=Europe/Berlin:20301210T123000\r\nDURATION:PT1H30M",
                "DTSTART:20301210T120000Z\r\nDURATION:nonsense",
                "DTSTART:20301210T120000Z\r\nDURATION:P100000000D",
            ]),
            "Europe/Berlin",
        )
        .unwrap();
        assert_eq!(inputs[0].ends_at.unwrap().to_rfc3339(), "2030-12-10T14:00:00+01:00");
        assert_eq!(inputs[1].ends_at, None, "an unreadable duration leaves the end out, the event stays");
        assert_eq!(inputs[2].ends_at, None, "so does one of 270,000 years");
    }

    #[test]
    fn events_without_uid_or_start_say_so() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Ohne\r\nDTSTART:20301210T120000Z\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nUID:x@example.com\r\nSUMMARY:Ohne Beginn\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (inputs, skipped) = from_calendar(text, "Europe/Berlin").unwrap();
        assert!(inputs.is_empty());
        let reasons: Vec<String> = skipped.iter().map(ToString::to_string).collect();
        assert_eq!(reasons, ["\"(no UID)\": it has no UID", "\"x@example.com\": it has no DTSTART"]);
    }
}
