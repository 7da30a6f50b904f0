//! Wall-clock times in IANA zones, through the browser's `Intl`.

use chrono::NaiveDateTime;
use stammtisch_console::zone::{canonical, offset_at, to_instant, to_local};
use wasm_bindgen_test::*;

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

fn instant(text: &str, zone: &str) -> String {
    to_instant(local(text), zone).unwrap().to_rfc3339()
}

#[wasm_bindgen_test]
fn berlin_times_get_their_offset_across_daylight_saving() {
    assert_eq!(instant("2027-01-07 19:00", "Europe/Berlin"), "2027-01-07T19:00:00+01:00");
    assert_eq!(instant("2027-07-07 19:00", "Europe/Berlin"), "2027-07-07T19:00:00+02:00");
    // 02:30 does not exist on 28 March 2027: the clocks jump from 02:00 to 03:00.
    assert_eq!(instant("2027-03-28 02:30", "Europe/Berlin"), "2027-03-28T03:30:00+02:00");
    // 02:30 happens twice on 31 October 2027: the earlier one, still in summer time.
    assert_eq!(instant("2027-10-31 02:30", "Europe/Berlin"), "2027-10-31T02:30:00+02:00");
    assert_eq!(instant("2027-10-31 03:30", "Europe/Berlin"), "2027-10-31T03:30:00+01:00");
}

#[wasm_bindgen_test]
fn new_york_times_too() {
    assert_eq!(instant("2027-01-07 19:00", "America/New_York"), "2027-01-07T19:00:00-05:00");
    assert_eq!(instant("2027-07-07 19:00", "America/New_York"), "2027-07-07T19:00:00-04:00");
    assert_eq!(instant("2027-03-14 02:30", "America/New_York"), "2027-03-14T03:30:00-04:00");
    assert_eq!(instant("2027-11-07 01:30", "America/New_York"), "2027-11-07T01:30:00-04:00");
    assert_eq!(instant("2027-06-01 00:00", "UTC"), "2027-06-01T00:00:00+00:00");
}

#[wasm_bindgen_test]
fn an_unknown_zone_is_an_error() {
    assert!(to_instant(local("2027-01-07 19:00"), "Mars/Olympus_Mons").is_err());
    assert!(to_instant(local("2027-01-07 19:00"), "").is_err());
    assert!(canonical("Europe/Berlinn").is_err());
    assert_eq!(canonical(" europe/berlin ").unwrap(), "Europe/Berlin");
}

#[wasm_bindgen_test]
fn instants_read_back_as_the_same_wall_clock() {
    for zone in ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"] {
        for text in ["2027-01-07 19:00", "2027-03-28 01:59", "2027-07-07 00:00", "2027-10-31 04:15", "2027-12-31 23:59"]
        {
            let at = to_instant(local(text), zone).unwrap();
            assert_eq!(to_local(at, zone).unwrap(), local(text), "{text} in {zone} ({at})");
            assert_eq!(offset_at(zone, at.to_utc()).unwrap(), *at.offset(), "{text} in {zone}");
        }
    }
    // The second 02:30 of the autumn night shows as 02:30, though writing 02:30 means the first.
    let second = chrono::DateTime::parse_from_rfc3339("2027-10-31T01:30:00Z").unwrap();
    assert_eq!(to_local(second, "Europe/Berlin").unwrap(), local("2027-10-31 02:30"));
    assert_eq!(offset_at("Asia/Kolkata", second.to_utc()).unwrap().local_minus_utc(), 5 * 3600 + 1800);
}
