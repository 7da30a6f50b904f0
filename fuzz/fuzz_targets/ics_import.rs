//! Calendar files from outside (`events import FILE.ics`): any text either is refused or gives
//! events whose ids the board accepts, and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stammtisch_model::is_valid_event_id;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok((events, _skipped)) = stammtisch_server::cli::from_calendar(text, "Europe/Berlin") else { return };
    for event in events {
        assert!(is_valid_event_id(&event.id), "{:?}", event.id);
        assert!(event.starts_at.is_some());
    }
});
