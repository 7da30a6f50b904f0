//! Times in calendar files as the software that wrote them meant them (RFC 5545 §3.3.5): zones
//! named the IANA way, the Windows way (Outlook, Exchange) or behind a vendor's prefix
//! (Thunderbird, Evolution); local times inside a daylight-saving gap or overlap; `DURATION`.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use windows_timezones::WindowsTimezone;

/// The zone a `TZID` names, or `None` when it names none we know: then the event is skipped
/// with that reason, never read in some other zone.
pub fn resolve_zone(tzid: &str) -> Option<Tz> {
    let name = tzid.trim().trim_matches('"').trim();
    if let Ok(zone) = name.parse::<Tz>() {
        return Some(zone);
    }
    // Exchange: "Eastern Standard Time", mapped by CLDR's windowsZones.
    if let Ok(windows) = name.parse::<WindowsTimezone>() {
        return Some(windows.into());
    }
    // Outlook also writes a Windows zone's display name, with or without its offset:
    // "(UTC+08:00) Kuala Lumpur, Singapore".
    let shown = without_offset(name);
    let by_display_name = chrono_tz::TZ_VARIANTS.iter().find_map(|zone| {
        let windows = WindowsTimezone::try_from(*zone).ok()?;
        let description = windows.description();
        (description == name || without_offset(description) == shown).then(|| Tz::from(windows))
    });
    if by_display_name.is_some() {
        return by_display_name;
    }
    // "/mozilla.org/20070129_1/America/New_York", "/softwarestudio.org/Tzfile/America/Chicago":
    // the IANA name is the longest tail that is one.
    let parts: Vec<&str> = name.split('/').filter(|part| !part.is_empty()).collect();
    (0..parts.len()).find_map(|start| parts[start..].join("/").parse::<Tz>().ok())
}

/// "(UTC+08:00) Kuala Lumpur, Singapore" → "Kuala Lumpur, Singapore".
fn without_offset(name: &str) -> &str {
    match name.strip_prefix('(').and_then(|rest| rest.split_once(") ")) {
        Some((offset, rest)) if offset.starts_with("UTC") => rest.trim(),
        _ => name,
    }
}

/// A local time in `zone`. In an overlap (autumn) it is the first of the two moments; in a gap
/// (spring) it is read with the offset before the gap, so 02:30 on the day Berlin skips from
/// 02:00 to 03:00 is 03:30 summer time, as RFC 5545 §3.3.5 says.
pub fn local_moment(naive: NaiveDateTime, zone: Tz) -> Option<DateTime<FixedOffset>> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(moment) => Some(moment.fixed_offset()),
        LocalResult::Ambiguous(first, _) => Some(first.fixed_offset()),
        LocalResult::None => {
            // The last local time before the gap that exists: gaps are an hour, rarely a day.
            let before = (1..=26)
                .find_map(|hours| zone.offset_from_local_datetime(&(naive - Duration::hours(hours))).earliest())?;
            let utc = naive - Duration::seconds(i64::from(before.fix().local_minus_utc()));
            Some(zone.from_utc_datetime(&utc).fixed_offset())
        }
    }
}

/// The longest event a `DURATION` may make: anything longer is read as no end at all, and
/// adding it to a start can never leave chrono's calendar (a partner's file must not crash the
/// refresher with `P100000000D`).
const LONGEST: Duration = Duration::days(400);

/// An RFC 5545 `DURATION` (`PT1H30M`, `P1D`, `P2W`, `-PT15M`) of at most 400 days, or `None`
/// when it is not one.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (negative, text) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let text = text.strip_prefix(['P', 'p'])?;
    let (mut total, mut number, mut in_time, mut any) = (Duration::zero(), String::new(), false, false);
    for c in text.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() && !in_time => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                let part = match (unit, in_time) {
                    ('W', false) => Duration::try_weeks(n)?,
                    ('D', false) => Duration::try_days(n)?,
                    ('H', true) => Duration::try_hours(n)?,
                    ('M', true) => Duration::try_minutes(n)?,
                    ('S', true) => Duration::try_seconds(n)?,
                    _ => return None,
                };
                total = total.checked_add(&part).filter(|sum| *sum <= LONGEST)?;
            }
        }
    }
    (any && number.is_empty()).then_some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn zones_by_their_iana_windows_display_and_prefixed_names() {
        let named = |tzid: &str| resolve_zone(tzid).map(|zone| zone.name().to_owned());
        assert_eq!(named("Europe/Berlin").as_deref(), Some("Europe/Berlin"));
        assert_eq!(named("Eastern Standard Time").as_deref(), Some("America/New_York"));
        assert_eq!(named("W. Europe Standard Time").as_deref(), Some("Europe/Berlin"));
        assert_eq!(named("\"(UTC+08:00) Kuala Lumpur, Singapore\"").as_deref(), Some("Asia/Singapore"));
        assert_eq!(named("Kuala Lumpur, Singapore").as_deref(), Some("Asia/Singapore"));
        assert_eq!(named("/mozilla.org/20070129_1/America/New_York").as_deref(), Some("America/New_York"));
        assert_eq!(named("/softwarestudio.org/Tzfile/America/Chicago").as_deref(), Some("America/Chicago"));
        assert_eq!(
            named("/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires").as_deref(),
            Some("America/Argentina/Buenos_Aires")
        );
        assert_eq!(named("/Europe/Berlin").as_deref(), Some("Europe/Berlin"));
        assert_eq!(named("Mars/Olympus"), None);
        assert_eq!(named("Eastern"), None, "a name only the file's VTIMEZONE explains is not guessed");
    }

    #[test]
    fn gaps_take_the_offset_before_and_overlaps_the_first_moment() {
        let berlin = chrono_tz::Europe::Berlin;
        let gap = local_moment(at(2026, 3, 29, 2, 30), berlin).unwrap();
        assert_eq!(gap.to_rfc3339(), "2026-03-29T03:30:00+02:00");
        let overlap = local_moment(at(2026, 10, 25, 2, 30), berlin).unwrap();
        assert_eq!(overlap.to_rfc3339(), "2026-10-25T02:30:00+02:00");
        let plain = local_moment(at(2026, 12, 3, 19, 0), berlin).unwrap();
        assert_eq!(plain.to_rfc3339(), "2026-12-03T19:00:00+01:00");
    }

    #[test]
    fn durations_as_rfc_5545_writes_them() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1D"), Some(Duration::days(1)));
        assert_eq!(parse_duration("P2W"), Some(Duration::weeks(2)));
        assert_eq!(parse_duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(parse_duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(parse_duration("pt45s"), Some(Duration::seconds(45)));
        assert_eq!(parse_duration("P400D"), Some(Duration::days(400)));
        let absurd = ["P401D", "P100000000D", "P15250284452W15250284452W", "P99999999999999999999D"];
        for bad in ["", "P", "PT", "1H", "PT1H30", "P1H", "PT1D", "PTxM"].into_iter().chain(absurd) {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }
}
