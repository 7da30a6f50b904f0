//! Zone offsets from the zone database, for the board rendered on the server.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Seconds east of UTC in `zone` at `at`; the server has no viewer, so `None` is UTC.
pub fn offset(zone: Option<&str>, at: DateTime<Utc>) -> Option<i32> {
    let Some(zone) = zone else { return Some(0) };
    let zone: Tz = zone.parse().ok()?;
    Some(zone.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc())
}

/// The server renders for the zone the page asked for; it has no browser to ask.
pub fn viewer_zone() -> Option<String> {
    None
}
