//! Calendar files from outside (`events import FILE.ics`, partner feeds): any bytes either are
//! refused or give events whose ids the board accepts and whose fields keep its rules (zones,
//! recurrences, cut fields included), and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = stammtisch_server::cli::from_calendar(data, "Europe/Berlin") else { return };
    for event in read.events {
        assert!(event.starts_at.is_some());
        assert!(event.problems().is_empty(), "{:?}: {:?}", event.id, event.problems());
    }
});
