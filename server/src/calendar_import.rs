//! A calendar file's events as organizer events: times in the zones the file meant, recurring
//! meetings as their dates within the next year, each date with an id of its own that the
//! next import finds again. What cannot be taken is said with its `UID`, line and reason.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rrule::RRuleSet;
use stammtisch_model::{
    is_web_url, EventInput, Location, MAX_DESCRIPTION, MAX_OCCURRENCES, MAX_SHORT, MAX_TITLE, MAX_URL,
};

use crate::calendar_lines::{read, Component, Property};
use crate::calendar_time::parse_duration;
use crate::calendar_zone::{as_clock, naive_date_time, parse_rule, Zone, Zones};
use crate::import::{event_id, occurrence_id};

/// How far ahead a recurring meeting's dates are taken.
const AHEAD: Duration = Duration::days(366);

/// Something about one event of a calendar file: why it was skipped, or what of it was cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The event's `UID`, or `(no UID)`.
    pub uid: String,
    /// The line its `BEGIN:VEVENT` (or the property in question) is on.
    pub line: usize,
    pub why: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} (line {}): {}", self.uid, self.line, self.why)
    }
}

/// What a calendar file gives.
#[derive(Debug, Default)]
pub struct FromCalendar {
    pub events: Vec<EventInput>,
    /// Events left out, each with its reason.
    pub skipped: Vec<Notice>,
    /// Events taken with a field cut or left out.
    pub changed: Vec<Notice>,
    /// Which recurring meeting each date of one is part of: event id to its `UID`'s id. The
    /// board names a series' next dates on each of its cards.
    pub series: HashMap<String, String>,
}

/// A calendar time as written: a moment, or a clock time of a whole day.
#[derive(Clone, Copy, Debug)]
struct When {
    moment: DateTime<FixedOffset>,
    /// What clocks showed in the event's zone (its start zone): recurrences repeat this.
    local: NaiveDateTime,
    /// The date as written, in whatever zone: a whole day's date.
    written_day: NaiveDate,
    whole_day: bool,
}

struct Reader<'a> {
    zones: Zones,
    board: Zone,
    board_name: &'a str,
}

impl Reader<'_> {
    /// The zone of a property: its `TZID`, UTC for a `Z` time, the board's for a floating one.
    fn zone_of(&self, property: &Property) -> Result<Option<Zone>, String> {
        if property.value.trim().ends_with(['Z', 'z']) {
            return Ok(None);
        }
        match property.param("TZID") {
            Some(tzid) => {
                self.zones.resolve(tzid).map(Some).ok_or_else(|| format!("its time zone {tzid:?} is unknown"))
            }
            None => Ok(Some(self.board.clone())),
        }
    }

    /// A date or date-time property; `in_zone` is the zone its clock time is given in.
    fn when(&self, property: &Property, in_zone: &Zone) -> Result<When, String> {
        let value = property.value.trim();
        let first = value.split(',').next().unwrap_or_default().split('/').next().unwrap_or_default();
        let whole_day = property.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || first.len() == 8;
        let naive = naive_date_time(first)
            .ok_or_else(|| format!("{} {value:?} is no date (line {})", property.name, property.line))?;
        let zone = if whole_day { Some(self.board.clone()) } else { self.zone_of(property)? };
        let moment = match &zone {
            None => naive.and_utc().fixed_offset(),
            Some(zone) => {
                zone.moment(naive).ok_or_else(|| format!("{} {naive} does not exist in its zone", property.name))?
            }
        };
        let local = if whole_day { naive } else { in_zone.local(moment.to_utc()) };
        Ok(When { moment, local, written_day: naive.date(), whole_day })
    }

    /// The zone an event's times repeat in: its start's (UTC for a `Z` start, whose dates
    /// repeat without daylight saving).
    fn start_zone(&self, start: &Property) -> Result<Zone, String> {
        Ok(self.zone_of(start)?.unwrap_or(Zone::Known(chrono_tz::UTC)))
    }
}

/// `text` cut to `max` characters with an ellipsis.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// One line of text: line breaks become ", ", a tab a space, other control characters go.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(|line| {
            line.chars().map(|c| if c == '\t' { ' ' } else { c }).filter(|c| !c.is_control()).collect::<String>()
        })
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What [`one_line`] did to `raw`, as a notice says it.
fn made_one_line(raw: &str) -> &'static str {
    if raw.contains(['\n', '\r']) {
        "had line breaks; they became commas"
    } else {
        "had control characters; they were left out"
    }
}

/// The fields every date of an event shares, with notices for what had to be cut.
fn fields(event: &Component, uid: &str, changed: &mut Vec<Notice>) -> Option<EventInput> {
    for (line, why) in &event.dropped {
        changed.push(Notice { uid: uid.to_owned(), line: *line, why: why.clone() });
    }
    let mut note = |property: &str, why: &str| {
        let line = event.property(property).map_or(event.line, |p| p.line);
        changed.push(Notice { uid: uid.to_owned(), line, why: format!("{property} {why}") });
    };
    let text =
        |name: &str| event.property(name).map(Property::text).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let raw_title = text("SUMMARY")?;
    let mut title = one_line(&raw_title);
    if title.is_empty() {
        return None; // nothing but control characters
    }
    if title != raw_title {
        note("SUMMARY", made_one_line(&raw_title));
    }
    if title.chars().count() > MAX_TITLE {
        title = cut(&title, MAX_TITLE);
        note("SUMMARY", &format!("was cut to {MAX_TITLE} characters"));
    }
    let description = text("DESCRIPTION").map(|d| {
        if d.chars().count() > MAX_DESCRIPTION {
            note("DESCRIPTION", &format!("was cut to {MAX_DESCRIPTION} characters"));
            cut(&d, MAX_DESCRIPTION)
        } else {
            d
        }
    });
    let location = text("LOCATION").map(|raw| {
        let mut place = one_line(&raw);
        if place != raw {
            note("LOCATION", made_one_line(&raw));
        }
        if place.chars().count() > MAX_SHORT {
            place = cut(&place, MAX_SHORT);
            note("LOCATION", &format!("was cut to {MAX_SHORT} characters"));
        }
        Location { name: Some(place), ..Location::default() }
    });
    let url = text("URL").and_then(|url| {
        if url.chars().count() <= MAX_URL && is_web_url(&url) {
            Some(url)
        } else {
            note("URL", "is no web address (http or https) and was left out");
            None
        }
    });
    Some(EventInput { title, description, location, url, rsvp_enabled: true, rsvp_open: true, ..EventInput::default() })
}

fn sequence(event: &Component) -> i64 {
    event.value("SEQUENCE").and_then(|s| s.trim().parse().ok()).unwrap_or(0)
}

/// Two components of one `UID` for the same date: both the series (or single event), or both
/// a change of the same `RECURRENCE-ID`.
fn same_date_of(one: &Component, other: &Component) -> bool {
    let rid = |e: &Component| e.value("RECURRENCE-ID").map(|r| r.trim().to_ascii_uppercase());
    rid(one) == rid(other)
}

fn cancelled(event: &Component) -> bool {
    event.value("STATUS").is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"))
}

/// Start, end and zone name of one event component.
fn times(reader: &Reader, event: &Component) -> Result<(When, Option<DateTime<FixedOffset>>, Zone), String> {
    let start_property = event.property("DTSTART").ok_or("it has no DTSTART")?;
    let zone = reader.start_zone(start_property)?;
    let start = reader.when(start_property, &zone)?;
    // An end that cannot be read leaves the event without one rather than dropping it.
    let end = match event.property("DTEND").map(|end| reader.when(end, &zone)) {
        Some(Ok(end)) => Some(end.moment),
        _ => event
            .value("DURATION")
            .and_then(parse_duration)
            .filter(|length| *length > Duration::zero())
            .and_then(|length| start.moment.checked_add_signed(length)),
    };
    let end = end.filter(|end| *end > start.moment);
    Ok((start, end, zone))
}

/// An `RRULE` whose `UNTIL` is a moment, as a rule on clock times in `zone`.
fn clock_rule(rule: &str, zone: &Zone) -> String {
    rule.split(';')
        .map(|part| match part.split_once('=') {
            Some((key, until)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                let local = match naive_date_time(until) {
                    Some(naive) if until.trim().ends_with(['Z', 'z']) => zone.local(naive.and_utc()),
                    Some(naive) if until.trim().len() == 8 => naive + Duration::seconds(86_399),
                    Some(naive) => naive,
                    None => return part.to_owned(),
                };
                format!("UNTIL={}", local.format("%Y%m%dT%H%M%SZ"))
            }
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The clock times an event's `RDATE`s or `EXDATE`s list.
fn listed_dates(reader: &Reader, master: &Component, name: &str, zone: &Zone) -> Vec<NaiveDateTime> {
    master
        .all(name)
        .flat_map(|property| {
            property.value.split(',').filter_map(|value| {
                let single = Property { value: value.to_owned(), ..property.clone() };
                reader.when(&single, zone).ok().map(|when| when.local)
            })
        })
        .collect()
}

/// The clock times of a recurring event from `from` to `to`, at most [`MAX_OCCURRENCES`].
fn occurrences(
    reader: &Reader,
    master: &Component,
    start: When,
    zone: &Zone,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, String> {
    let mut set = RRuleSet::new(as_clock(start.local));
    for rule in master.all("RRULE").filter(|rule| !rule.value.trim().is_empty()) {
        let parsed = parse_rule(&clock_rule(&rule.value, zone))
            .map_err(|error| format!("its RRULE (line {}) cannot be read: {error}", rule.line))?;
        let valid = parsed
            .validate(as_clock(start.local))
            .map_err(|error| format!("its RRULE (line {}): {error}", rule.line))?;
        set = set.rrule(valid);
    }
    for date in listed_dates(reader, master, "RDATE", zone) {
        set = set.rdate(as_clock(date));
    }
    for date in listed_dates(reader, master, "EXDATE", zone) {
        set = set.exdate(as_clock(date));
    }
    // `after` and `before` are exclusive.
    let set = set.after(as_clock(from - Duration::seconds(1))).before(as_clock(to));
    Ok(set.all(MAX_OCCURRENCES as u16).dates.into_iter().map(|d| d.naive_utc()).collect())
}

/// A change made to one date of a series and every later one (`RECURRENCE-ID;RANGE=THISANDFUTURE`).
struct LaterDates {
    /// The planned clock time it holds from.
    from: NaiveDateTime,
    /// How far the dates move, their length and their fields; `None`: cancelled from then on.
    changed: Option<(Duration, Option<Duration>, EventInput)>,
}

fn holds_from_then_on(event: &Component) -> bool {
    let range = event.property("RECURRENCE-ID").and_then(|rid| rid.param("RANGE"));
    range.is_some_and(|range| range.trim().eq_ignore_ascii_case("THISANDFUTURE"))
}

/// The series' changes that hold from their date on, in date order; one whose times cannot be
/// read is said and left out.
fn later_dates_changed(
    reader: &Reader,
    zone: &Zone,
    changes: Vec<(NaiveDateTime, &Component)>,
    length: Option<Duration>,
    uid: &str,
    out: &mut FromCalendar,
) -> Vec<LaterDates> {
    let mut later: Vec<LaterDates> = Vec::new();
    for (from, change) in changes {
        if cancelled(change) {
            later.push(LaterDates { from, changed: None });
            continue;
        }
        let Some(planned) = zone.moment(from) else { continue };
        match (times(reader, change), fields(change, uid, &mut out.changed)) {
            (Ok((start, end, _)), Some(own)) => {
                let length = end.map(|end| end - start.moment).or(length);
                later.push(LaterDates { from, changed: Some((start.moment - planned, length, own)) });
            }
            (Err(why), _) => out.skipped.push(Notice { uid: uid.to_owned(), line: change.line, why }),
            (_, None) => out.skipped.push(Notice {
                uid: uid.to_owned(),
                line: change.line,
                why: "its change of later dates has no SUMMARY".into(),
            }),
        }
    }
    later.sort_by_key(|change| change.from);
    later
}

/// The calendar file's events from `now` on (single events also before), with what was left
/// out or cut.
pub fn from_calendar_at(bytes: &[u8], board_zone: &str, now: DateTime<Utc>) -> anyhow::Result<FromCalendar> {
    let calendars = read(bytes).map_err(|refusal| anyhow::anyhow!("not a calendar file: {refusal}"))?;
    let board = board_zone.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::Europe::Berlin);
    let mut out = FromCalendar::default();
    for calendar in &calendars {
        let reader = Reader { zones: Zones::of(calendar), board: Zone::Known(board), board_name: board.name() };
        read_calendar(&reader, calendar, now, &mut out);
    }
    Ok(out)
}

pub fn from_calendar(bytes: &[u8], board_zone: &str) -> anyhow::Result<FromCalendar> {
    from_calendar_at(bytes, board_zone, Utc::now())
}

fn read_calendar(reader: &Reader, calendar: &Component, now: DateTime<Utc>, out: &mut FromCalendar) {
    let events: Vec<&Component> = calendar.children.iter().filter(|c| c.name == "VEVENT").collect();
    let uid_of = |event: &Component| event.value("UID").map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    // A series' master and its changed dates share one UID. Of two versions of the same one,
    // the higher SEQUENCE holds (the later in the file when equal), as RFC 5545 §3.8.7.4 says.
    let mut by_uid: HashMap<String, Vec<&Component>> = HashMap::new();
    let mut replaced: HashMap<usize, usize> = HashMap::new();
    for event in &events {
        let Some(uid) = uid_of(event) else { continue };
        let versions = by_uid.entry(uid).or_default();
        match versions.iter_mut().find(|other| same_date_of(other, event)) {
            Some(other) if sequence(event) >= sequence(other) => {
                replaced.insert(other.line, event.line);
                *other = event;
            }
            Some(other) => {
                replaced.insert(event.line, other.line);
            }
            None => versions.push(event),
        }
    }
    for event in &events {
        let skip =
            |why: String| Notice { uid: uid_of(event).unwrap_or_else(|| "(no UID)".into()), line: event.line, why };
        let Some(uid) = uid_of(event) else {
            out.skipped.push(skip("it has no UID".into()));
            continue;
        };
        if let Some(newer) = replaced.get(&event.line) {
            out.skipped.push(skip(format!("the version at line {newer} replaces it (same UID, a higher SEQUENCE)")));
            continue;
        }
        let same_uid = by_uid.get(&uid).map(Vec::as_slice).unwrap_or_default();
        let is_override = event.property("RECURRENCE-ID").is_some();
        let has_master = same_uid.iter().any(|e| e.property("RECURRENCE-ID").is_none());
        if is_override && has_master {
            continue; // taken with its master below
        }
        if cancelled(event) {
            out.skipped.push(skip("it is cancelled (STATUS:CANCELLED)".into()));
            continue;
        }
        let (start, end, zone) = match times(reader, event) {
            Ok(times) => times,
            Err(why) => {
                out.skipped.push(skip(why));
                continue;
            }
        };
        let Some(shared) = fields(event, &uid, &mut out.changed) else {
            out.skipped.push(skip("it has no SUMMARY".into()));
            continue;
        };
        // UTC times and a file's own zones are shown in the board's zone.
        let zone_name = zone.name().filter(|name| *name != "UTC").unwrap_or(reader.board_name).to_owned();
        let single =
            |id: String, start: DateTime<FixedOffset>, end: Option<DateTime<FixedOffset>>, shared: EventInput| {
                EventInput { id, starts_at: Some(start), ends_at: end, time_zone: Some(zone_name.clone()), ..shared }
            };
        // An empty `RDATE:` (seen from some writers) adds no date.
        let recurring = event.all("RRULE").chain(event.all("RDATE")).any(|p| !p.value.trim().is_empty());
        if !recurring {
            let id = match event.property("RECURRENCE-ID").and_then(|rid| reader.when(rid, &zone).ok()) {
                Some(rid) => occurrence_id(&uid, rid.local, false),
                None => event_id(&uid),
            };
            out.events.push(single(id, start.moment, end, shared));
            continue;
        }
        let from = zone.local(now);
        let dates = match occurrences(reader, event, start, &zone, from, from + AHEAD) {
            Ok(dates) => dates,
            Err(why) => {
                out.skipped.push(skip(why));
                continue;
            }
        };
        if dates.is_empty() {
            out.skipped.push(skip("none of its dates falls within the next 12 months".into()));
            continue;
        }
        let length = end.map(|end| end - start.moment);
        // A whole day's series finds its changed dates by the date (Outlook writes them as
        // midnight in a zone of its own).
        let planned = |rid: When| if start.whole_day { rid.written_day.and_time(NaiveTime::MIN) } else { rid.local };
        let excluded = listed_dates(reader, event, "EXDATE", &zone);
        let (from_then_on, overrides): (Vec<_>, Vec<_>) = same_uid
            .iter()
            .filter_map(|e| Some((planned(reader.when(e.property("RECURRENCE-ID")?, &zone).ok()?), *e)))
            // An EXDATE removes a date even where a change of it is left in the file.
            .filter(|(rid, _)| !excluded.contains(rid))
            // A change of a date the rule no longer has, from an older version of the series
            // (a lower SEQUENCE) that still carries its rule, is a leftover.
            .filter(|(rid, e)| dates.contains(rid) || e.property("RRULE").is_none() || sequence(e) >= sequence(event))
            .partition(|(_, e)| holds_from_then_on(e));
        let from_then_on = later_dates_changed(reader, &zone, from_then_on, length, &uid, out);
        let series = event_id(&uid);
        let mut seen_days = HashSet::new();
        let same_day = dates.iter().any(|d| !seen_days.insert(d.date()));
        let mut taken = Vec::new();
        for local in dates.iter().copied().chain(overrides.iter().map(|(rid, _)| *rid)) {
            if taken.contains(&local) {
                continue;
            }
            taken.push(local);
            let id = occurrence_id(&uid, local, same_day);
            let taken_before = out.events.len();
            match overrides.iter().find(|(rid, _)| *rid == local) {
                Some((_, moved)) if cancelled(moved) => {}
                Some((_, moved)) => match (times(reader, moved), fields(moved, &uid, &mut out.changed)) {
                    (Ok((start, end, _)), Some(own)) if start.moment >= now => {
                        out.events.push(single(
                            id.clone(),
                            start.moment,
                            end.or(length.map(|l| start.moment + l)),
                            own,
                        ));
                    }
                    (Err(why), _) => out.skipped.push(Notice { uid: uid.clone(), line: moved.line, why }),
                    _ => {}
                },
                None if dates.contains(&local) => {
                    let Some(planned) = zone.moment(local) else { continue };
                    match from_then_on.iter().rev().find(|change| change.from <= local) {
                        None => {
                            out.events.push(single(id.clone(), planned, length.map(|l| planned + l), shared.clone()))
                        }
                        Some(LaterDates { changed: None, .. }) => {}
                        Some(LaterDates { changed: Some((by, length, own)), .. }) => {
                            let moment = planned + *by;
                            if moment >= now {
                                out.events.push(single(id.clone(), moment, length.map(|l| moment + l), own.clone()));
                            }
                        }
                    }
                }
                None => {}
            }
            if out.events.len() > taken_before {
                out.series.insert(id, series.clone());
            }
        }
    }
}

#[cfg(test)]
#[path = "calendar_import_tests.rs"]
mod tests;
