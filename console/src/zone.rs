//! Local date-times in IANA zones, resolved through the browser's `Intl` so that no zone
//! database ships with the console. The form shows wall-clock times in the event's zone; the
//! API wants RFC 3339 instants with their offset.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

use crate::intl::{formatter, js_date, DateTimeFormat};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    #[error("unknown time zone {0:?}")]
    Unknown(String),
}

/// Every field of the wall clock, numerically, in 24-hour form.
const CLOCK: [(&str, &str); 7] = [
    ("year", "numeric"),
    ("month", "2-digit"),
    ("day", "2-digit"),
    ("hour", "2-digit"),
    ("minute", "2-digit"),
    ("second", "2-digit"),
    ("hourCycle", "h23"),
];

const DAY: i64 = 86_400;

fn clock(zone: &str) -> Result<DateTimeFormat, ZoneError> {
    let zone = zone.trim();
    let unknown = || ZoneError::Unknown(zone.to_owned());
    if zone.is_empty() {
        return Err(unknown());
    }
    formatter("en-US", &CLOCK, Some(zone)).ok_or_else(unknown)
}

/// The wall-clock time `format`'s zone shows at `utc_seconds`.
fn wall_clock(format: &DateTimeFormat, utc_seconds: i64) -> Option<NaiveDateTime> {
    let parts = format.parts(&js_date(utc_seconds * 1000));
    let get = |name: &str| parts.iter().find(|(kind, _)| kind == name).and_then(|(_, v)| v.parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(i32::try_from(get("year")?).ok()?, get("month")?, get("day")?)?;
    // Older engines write midnight as hour 24 even in h23.
    date.and_hms_opt(get("hour")? % 24, get("minute")?, get("second")?)
}

/// Seconds east of UTC in `format`'s zone at `utc_seconds`.
fn offset_seconds(format: &DateTimeFormat, utc_seconds: i64) -> Option<i32> {
    let local = wall_clock(format, utc_seconds)?;
    i32::try_from(local.and_utc().timestamp() - utc_seconds).ok()
}

fn at(utc_seconds: i64, offset: i32) -> Option<DateTime<FixedOffset>> {
    Some(DateTime::from_timestamp(utc_seconds, 0)?.with_timezone(&FixedOffset::east_opt(offset)?))
}

/// The offset `zone` has at `instant`.
pub fn offset_at(zone: &str, instant: DateTime<Utc>) -> Result<FixedOffset, ZoneError> {
    let format = clock(zone)?;
    offset_seconds(&format, instant.timestamp())
        .and_then(FixedOffset::east_opt)
        .ok_or_else(|| ZoneError::Unknown(zone.to_owned()))
}

/// The instant at which `zone`'s clocks show `local`. A time skipped in spring moves on by
/// the length of the gap (02:30 becomes 03:30); a time that happens twice in autumn is the
/// earlier one.
///
/// The usual two passes (read the local time as UTC, subtract the offset found there, check
/// again) settle on the later of two autumn times in zones east of UTC, so both offsets a day
/// either side are tried instead, and each is kept only if the zone really has it then.
pub fn to_instant(local: NaiveDateTime, zone: &str) -> Result<DateTime<FixedOffset>, ZoneError> {
    let format = clock(zone)?;
    let unknown = || ZoneError::Unknown(zone.trim().to_owned());
    let offset = |utc_seconds: i64| offset_seconds(&format, utc_seconds).ok_or_else(unknown);
    let as_utc = local.and_utc().timestamp();
    let before = offset(as_utc - DAY)?;
    let after = offset(as_utc + DAY)?;
    let mut earliest: Option<i64> = None;
    for candidate in [before, after] {
        let utc = as_utc - i64::from(candidate);
        if offset(utc)? == candidate {
            earliest = Some(earliest.map_or(utc, |e| e.min(utc)));
        }
    }
    // In a gap, the offset from before it carries the clock forward across it.
    let utc = earliest.unwrap_or(as_utc - i64::from(before));
    at(utc, offset(utc)?).ok_or_else(unknown)
}

/// What `zone`'s clocks show at `instant`.
pub fn to_local(instant: DateTime<FixedOffset>, zone: &str) -> Result<NaiveDateTime, ZoneError> {
    let format = clock(zone)?;
    wall_clock(&format, instant.timestamp()).ok_or_else(|| ZoneError::Unknown(zone.trim().to_owned()))
}

/// The zone's name with the browser's capitalisation (`europe/berlin` → `Europe/Berlin`), as
/// the server's zone database is case-sensitive; an unknown zone is an error.
pub fn canonical(zone: &str) -> Result<String, ZoneError> {
    let format = clock(zone)?;
    let zone = zone.trim();
    Ok(format.zone_name().filter(|name| name.eq_ignore_ascii_case(zone)).unwrap_or_else(|| zone.to_owned()))
}

/// Reads the value of an `<input type="datetime-local">`: `2027-01-07T19:00`, seconds optional.
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

/// The value for an `<input type="datetime-local">`.
pub fn local_text(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%dT%H:%M").to_string()
}
