//! The zone of a calendar time: one the zone database knows (see `calendar_time`), or, for a
//! `TZID` like Lotus Notes' "Eastern", the rules of the file's own `VTIMEZONE` (its offsets
//! and daylight-saving transitions, RFC 5545 §3.6.5).

use std::rc::Rc;

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, TimeZone, Utc};
use rrule::{RRule, RRuleSet, Unvalidated};

use crate::calendar_lines::Component;
use crate::calendar_time::{local_moment, resolve_zone};

/// Transitions are worked out up to this year; a later time keeps the last offset.
const LAST_YEAR: i32 = 2100;

#[derive(Clone, Debug)]
pub enum Zone {
    Known(chrono_tz::Tz),
    Rules(Rc<Rules>),
}

/// A `VTIMEZONE`'s transitions, in UTC, sorted, each with the offsets before and after.
#[derive(Debug, PartialEq, Eq)]
pub struct Rules {
    transitions: Vec<Transition>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Transition {
    utc: NaiveDateTime,
    from: i32,
    to: i32,
}

impl Zone {
    /// The zone's IANA name, when it has one.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            Zone::Known(zone) => Some(zone.name()),
            Zone::Rules(_) => None,
        }
    }

    /// A local time as a moment: in an overlap the first one, in a gap read with the offset
    /// before it (RFC 5545 §3.3.5).
    pub fn moment(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Known(zone) => local_moment(local, *zone),
            Zone::Rules(rules) => rules.moment(local),
        }
    }

    /// What clocks in the zone show at a moment.
    pub fn local(&self, moment: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Known(zone) => zone.from_utc_datetime(&moment.naive_utc()).naive_local(),
            Zone::Rules(rules) => {
                moment.naive_utc() + Duration::seconds(i64::from(rules.offset_at(moment.naive_utc())))
            }
        }
    }
}

impl Rules {
    fn offset_at(&self, utc: NaiveDateTime) -> i32 {
        match self.transitions.iter().rev().find(|t| t.utc <= utc) {
            Some(t) => t.to,
            None => self.transitions.first().map_or(0, |t| t.from),
        }
    }

    fn moment(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        let mut offsets: Vec<i32> = self.transitions.iter().flat_map(|t| [t.from, t.to]).collect();
        offsets.sort_unstable();
        offsets.dedup();
        // The largest valid offset is the earliest moment, the first of an overlap.
        let valid = offsets
            .iter()
            .rev()
            .find(|offset| self.offset_at(local - Duration::seconds(i64::from(**offset))) == **offset);
        let offset = match valid {
            Some(offset) => *offset,
            None => {
                // In a gap: the transition it falls into, read with the offset before it.
                let gap = self.transitions.iter().find(|t| {
                    let onset = t.utc + Duration::seconds(i64::from(t.from));
                    onset <= local && local < t.utc + Duration::seconds(i64::from(t.to))
                })?;
                gap.from
            }
        };
        FixedOffset::east_opt(offset)?.from_local_datetime(&local).single()
    }
}

/// "+0100", "-0500", "+053000" as seconds east of UTC.
fn utc_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<i32>().ok());
    let seconds = number(0..2)? * 3600 + number(2..4)? * 60 + number(4..6).unwrap_or(0);
    (seconds < 24 * 3600).then_some(sign * seconds)
}

/// "20261203T190000" (a `Z` or a `T` part may be missing) as a local date-time.
pub fn naive_date_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches(['Z', 'z']);
    match text.len() {
        8 => chrono::NaiveDate::parse_from_str(text, "%Y%m%d").ok()?.and_hms_opt(0, 0, 0),
        _ => NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").ok(),
    }
}

/// A local time as `rrule` takes it: this reader expands rules on clock times, so rules are
/// read in UTC and each result is placed in its zone afterwards.
pub fn as_clock(local: NaiveDateTime) -> DateTime<rrule::Tz> {
    rrule::Tz::UTC.from_utc_datetime(&local)
}

/// An `RRULE` value read by the `rrule` crate. Rules are ASCII by RFC 5545's grammar; the crate
/// panics on some other bytes (it slices a `BYDAY` part by byte), so those are refused first.
pub fn parse_rule(text: &str) -> Result<RRule<Unvalidated>, String> {
    if !text.is_ascii() {
        return Err("it holds characters no rule has".into());
    }
    text.parse().map_err(|error: rrule::RRuleError| error.to_string())
}

/// The onsets of one `STANDARD` or `DAYLIGHT` part, as clock times before the change.
fn onsets(part: &Component) -> Vec<NaiveDateTime> {
    let Some(start) = part.value("DTSTART").and_then(naive_date_time) else { return Vec::new() };
    let mut set = RRuleSet::new(as_clock(start));
    for rule in part.all("RRULE") {
        let Ok(rule) = parse_rule(&rule.value) else { continue };
        if let Ok(rule) = rule.validate(as_clock(start)) {
            set = set.rrule(rule);
        }
    }
    for dates in part.all("RDATE") {
        for date in dates.value.split(',').filter_map(naive_date_time) {
            set = set.rdate(as_clock(date));
        }
    }
    let until = chrono::NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).and_then(|d| d.and_hms_opt(0, 0, 0));
    if let Some(until) = until {
        set = set.before(as_clock(until));
    }
    let mut found: Vec<NaiveDateTime> = set.all(500).dates.into_iter().map(|d| d.naive_utc()).collect();
    if found.is_empty() {
        found.push(start);
    }
    found
}

/// The rules of a `VTIMEZONE`, or `None` when it has no readable offsets.
pub fn rules(vtimezone: &Component) -> Option<Rules> {
    let mut transitions = Vec::new();
    for part in vtimezone.children.iter().filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT") {
        let to = part.value("TZOFFSETTO").and_then(utc_offset)?;
        let from = part.value("TZOFFSETFROM").and_then(utc_offset).unwrap_or(to);
        for onset in onsets(part) {
            transitions.push(Transition { utc: onset - Duration::seconds(i64::from(from)), from, to });
        }
    }
    if transitions.is_empty() {
        return None;
    }
    transitions.sort_by_key(|t| t.utc);
    Some(Rules { transitions })
}

/// The zones a calendar's times may name: its `VTIMEZONE`s by `TZID`.
#[derive(Default)]
pub struct Zones {
    own: Vec<(String, Rc<Rules>)>,
}

impl Zones {
    pub fn of(calendar: &Component) -> Zones {
        let own = calendar
            .children
            .iter()
            .filter(|c| c.name == "VTIMEZONE")
            .filter_map(|c| Some((c.value("TZID")?.trim().to_owned(), Rc::new(rules(c)?))))
            .collect();
        Zones { own }
    }

    /// A `TZID`: a name the zone database knows (also the Windows and prefixed ones), else the
    /// file's own `VTIMEZONE` of that name, else `None`.
    pub fn resolve(&self, tzid: &str) -> Option<Zone> {
        if let Some(zone) = resolve_zone(tzid) {
            return Some(Zone::Known(zone));
        }
        let name = tzid.trim().trim_matches('"');
        self.own.iter().find(|(own, _)| own == name).map(|(_, rules)| Zone::Rules(rules.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar_lines::read;

    /// Lotus Notes writes US Eastern time under a name of its own.
    const NOTES_EASTERN: &str = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Eastern\r\n\
        BEGIN:STANDARD\r\nDTSTART:19501105T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n\
        RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n\
        BEGIN:DAYLIGHT\r\nDTSTART:19500312T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n\
        RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n";

    fn at(text: &str) -> NaiveDateTime {
        naive_date_time(text).unwrap()
    }

    #[test]
    fn a_vtimezone_of_its_own_gives_the_same_moments_as_the_zone_database() {
        let zones = Zones::of(&read(NOTES_EASTERN.as_bytes()).unwrap()[0]);
        let eastern = zones.resolve("Eastern").expect("the file's own rules");
        let new_york = Zone::Known(chrono_tz::America::New_York);
        for local in ["20261203T170000", "20260715T090000", "20260308T023000", "20261101T013000", "20270314T030000"] {
            assert_eq!(eastern.moment(at(local)), new_york.moment(at(local)), "{local}");
        }
        let summer: DateTime<Utc> = "2026-07-15T13:00:00Z".parse().unwrap();
        assert_eq!(eastern.local(summer), at("20260715T090000"));
        assert!(zones.resolve("Pacific").is_none(), "a name neither the database nor the file explains");
    }

    #[test]
    fn offsets_read_as_rfc_5545_writes_them() {
        assert_eq!(utc_offset("+0100"), Some(3600));
        assert_eq!(utc_offset("-0530"), Some(-19800));
        assert_eq!(utc_offset("+053015"), Some(19815));
        for bad in ["0100", "+1", "+2500", "+01:00", ""] {
            assert_eq!(utc_offset(bad), None, "{bad:?}");
        }
    }
}
