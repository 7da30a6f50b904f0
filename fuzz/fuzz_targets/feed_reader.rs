//! The feed reader (docs/API.md §1) takes any bytes a partner's server sends: it never panics,
//! and what it reads writes back and reads again the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stammtisch_model::parse_feed;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(parsed) = parse_feed(text) else { return };
    let written = serde_json::to_string(&parsed.feed).expect("a feed that was read can be written");
    let again = parse_feed(&written).expect("a written feed reads");
    assert_eq!(again.skipped, 0, "every event written reads again");
    assert_eq!(again.feed.events, parsed.feed.events);
    assert_eq!(again.feed.board, parsed.feed.board);
});
