//! A small iCalendar (RFC 5545) writer, shared by the server's `.ics` routes and the widget
//! (which writes calendar files itself for boards fed by a static feed). Times are UTC, which
//! every calendar converts to its reader's zone.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc};

use crate::when::{is_all_day, Wall};
use crate::{Board, Event};

/// TEXT values: backslash, semicolon, comma and line breaks are escaped (§3.3.11); other
/// control characters, which TEXT may not hold, are left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value cannot be escaped: only a web address without spaces or control characters
/// (which would end the line and start properties of its own) goes into the file.
fn uri(value: &str) -> Option<&str> {
    crate::web_url(value)
}

/// Lines longer than 75 octets continue on the next line after a space (§3.1), never inside
/// a UTF-8 character.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// "20261203T180000Z". Written by hand: chrono's `format` machinery would grow the widget.
pub fn utc_stamp(time: DateTime<FixedOffset>) -> String {
    let t = time.with_timezone(&Utc).naive_utc();
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

/// "20261203".
fn day_stamp(day: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", day.year(), day.month(), day.day())
}

fn location(event: &Event) -> Option<String> {
    let location = event.location.as_ref()?;
    location.full_address().or_else(|| location.online_url.clone())
}

fn push_event(out: &mut String, event: &Event, uid_host: &str, stamp: DateTime<Utc>) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}@{}", event.id, escape(uid_host)));
    push_line(out, &format!("DTSTAMP:{}", utc_stamp(stamp.fixed_offset())));
    let end = event.ends_at.filter(|end| *end > event.starts_at);
    if is_all_day(Wall::as_written(event.starts_at), end.map(Wall::as_written)) {
        // Whole days are dates (§3.6.1): as UTC times they would start at 23:00 the day before.
        let first = event.starts_at.date_naive();
        let after = end.map_or(first + Duration::days(1), |end| end.date_naive());
        push_line(out, &format!("DTSTART;VALUE=DATE:{}", day_stamp(first)));
        push_line(out, &format!("DTEND;VALUE=DATE:{}", day_stamp(after)));
    } else {
        push_line(out, &format!("DTSTART:{}", utc_stamp(event.starts_at)));
        if let Some(end) = end {
            push_line(out, &format!("DTEND:{}", utc_stamp(end)));
        }
    }
    push_line(out, &format!("SUMMARY:{}", escape(&event.title)));
    let description: Vec<&str> =
        [&event.summary, &event.description, &event.url].into_iter().flatten().map(String::as_str).collect();
    if !description.is_empty() {
        push_line(out, &format!("DESCRIPTION:{}", escape(&description.join("\n\n"))));
    }
    if let Some(place) = location(event) {
        push_line(out, &format!("LOCATION:{}", escape(&place)));
    }
    let url = event.url.as_deref().or(event.location.as_ref().and_then(|l| l.online_url.as_deref()));
    if let Some(url) = url.and_then(uri) {
        push_line(out, &format!("URL:{url}"));
    }
    if !event.tags.is_empty() {
        let tags: Vec<String> = event.tags.iter().map(|t| escape(t)).collect();
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    push_line(out, "STATUS:CONFIRMED");
    push_line(out, "END:VEVENT");
}

/// A calendar with the given events; `name` becomes the subscribed calendar's title.
pub fn calendar(events: &[Event], name: Option<&Board>, uid_host: &str, stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//Stammtisch//Event Board//DE");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    if let Some(board) = name {
        let title = if board.title.is_empty() { "Stammtisch" } else { board.title.as_str() };
        push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(title)));
        push_line(&mut out, &format!("X-WR-TIMEZONE:{}", escape(&board.time_zone)));
    }
    for event in events {
        push_event(&mut out, event, uid_host, stamp);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, Location};

    pub(crate) fn event() -> Event {
        Event {
            id: "stammtisch".into(),
            title: "IT-Stammtisch; Hannover, mit Umlauten: Köln".into(),
            kind: Kind::Meetup,
            starts_at: "2026-12-03T19:00:00+01:00".parse().unwrap(),
            ends_at: Some("2026-12-03T22:00:00+01:00".parse().unwrap()),
            time_zone: "Europe/Berlin".into(),
            summary: Some("Kurz.".into()),
            description: Some(format!("Erste Zeile\nzweite Zeile {}", "läng ".repeat(40))),
            location: Some(Location {
                name: Some("Café am Kröpcke".into()),
                city: Some("Hannover".into()),
                ..Location::default()
            }),
            organizer: None,
            tags: vec!["SharePoint".into(), "A,B".into()],
            url: Some("https://example.com/x".into()),
            capacity: Some(40),
            rsvp: None,
            series: None,
            questions: Vec::new(),
        }
    }

    #[test]
    fn writes_utc_escapes_and_folds() {
        let text = calendar(&[event()], None, "board.example.com", DateTime::UNIX_EPOCH);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.contains("\r\nDTSTART:20261203T180000Z\r\n"));
        assert!(text.contains("\r\nDTEND:20261203T210000Z\r\n"));
        assert!(text.contains("SUMMARY:IT-Stammtisch\\; Hannover\\, mit Umlauten: Köln"));
        assert!(text.contains("CATEGORIES:SharePoint,A\\,B"));
        assert!(text.split("\r\n").all(|line| line.len() <= 75), "folded at 75 octets");
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("DESCRIPTION:Kurz.\\n\\nErste Zeile\\nzweite Zeile läng"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn whole_days_are_written_as_dates() {
        let mut day = event();
        day.starts_at = "2026-12-24T00:00:00+01:00".parse().unwrap();
        day.ends_at = Some("2026-12-26T00:00:00+01:00".parse().unwrap());
        let text = calendar(&[day.clone()], None, "board.example.com", DateTime::UNIX_EPOCH);
        assert!(text.contains("\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261226\r\n"), "{text}");
        day.ends_at = None;
        let text = calendar(&[day], None, "board.example.com", DateTime::UNIX_EPOCH);
        assert!(text.contains("\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261225\r\n"), "{text}");
    }

    #[test]
    fn nothing_from_a_feed_starts_a_line_or_a_property_of_its_own() {
        let mut hostile = event();
        hostile.title = "Party\rEND:VEVENT\u{0}\u{7}".into();
        hostile.url = Some("https://x.example\r\nATTACH:https://evil.example".into());
        let text = calendar(&[hostile], None, "board.example.com", DateTime::UNIX_EPOCH);
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("\r\nSUMMARY:PartyEND:VEVENT\r\n"), "{unfolded}");
        let starts = |prefix: &str| unfolded.split("\r\n").any(|line| line.starts_with(prefix));
        assert!(!starts("ATTACH") && !starts("URL:"), "a URL with a line break is left out: {unfolded}");
        assert!(!text.chars().any(|c| c.is_control() && c != '\r' && c != '\n'));
        assert_eq!(text.matches("END:VEVENT").count(), 2, "the title's text plus the real end");
    }
}
